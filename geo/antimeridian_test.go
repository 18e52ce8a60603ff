package geo

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestFlatPolygons(t *testing.T) {
	box := func(x0, y0, x1, y1 float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	// A ring round the South Pole at 70°S, as world-atlas draws
	// Antarctica: three steps east, the last across the antimeridian.
	round := orb.Ring{{-120, -70}, {0, -70}, {120, -70}, {-120, -70}}
	for _, tc := range []struct {
		name    string
		p       orb.Polygon
		parts   int
		area    float64
		in, out []orb.Point
	}{{
		name:  "a polygon that does not cross is kept",
		p:     orb.Polygon{box(10, 10, 20, 20)},
		parts: 1, area: 100,
		in:  []orb.Point{{15, 15}},
		out: []orb.Point{{0, 15}},
	}, {
		name:  "an island across the antimeridian is cut in two",
		p:     orb.Polygon{{{179, -1}, {-179, -1}, {-179, 1}, {179, 1}, {179, -1}}},
		parts: 2, area: 4,
		in:  []orb.Point{{179.5, 0}, {-179.5, 0}},
		out: []orb.Point{{0, 0}, {178, 0}, {-178, 0}},
	}, {
		name: "a hole on the other side goes with its part",
		p: orb.Polygon{
			{{170, -10}, {-170, -10}, {-170, 10}, {170, 10}, {170, -10}},
			box(-175, -2, -172, 2),
		},
		parts: 2, area: 400 - 12,
		in:  []orb.Point{{175, 0}, {-171, 0}, {-178, 5}},
		out: []orb.Point{{-173.5, 0}, {0, 0}},
	}, {
		name:  "a ring round a pole is closed along it",
		p:     orb.Polygon{round},
		parts: 2, area: 360 * 20,
		in:  []orb.Point{{0, -80}, {-150, -89}, {150, -75}},
		out: []orb.Point{{0, -60}, {-150, -65}},
	}, {
		name: "a ring along the pole with a ring round it inside is the land",
		p: orb.Polygon{
			{{-180, -89.999}, {90, -89.999}, {0, -89.999}, {-90, -89.999}, {180, -89.999}, {-180, -89.999}},
			round,
		},
		parts: 2, area: 360 * 20,
		in:  []orb.Point{{0, -80}},
		out: []orb.Point{{0, -60}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := flatPolygons(tc.p)
			if len(got) != tc.parts {
				t.Fatalf("%d polygons, want %d: %v", len(got), tc.parts, got)
			}
			area := 0.0
			for _, p := range got {
				checkFlat(t, p)
				area += math.Abs(ringArea(p[0]))
				for _, h := range p[1:] {
					area -= math.Abs(ringArea(h))
				}
			}
			if math.Abs(area-tc.area) > 1e-9 {
				t.Errorf("area %g square degrees, want %g", area, tc.area)
			}
			for _, pt := range tc.in {
				if !anyContains(got, pt) {
					t.Errorf("%v is not in %v", pt, got)
				}
			}
			for _, pt := range tc.out {
				if anyContains(got, pt) {
					t.Errorf("%v is in %v", pt, got)
				}
			}
		})
	}
}

// Natural Earth's countries across the antimeridian, and Antarctica, lie
// where they are on a flat map at every scale the binary draws, and the
// sea beside them is not land: before they were cut, Fiji and Russia each
// drew a band across the world (at 17°S and about 66°N).
func TestFlatPolygonsWorldAtlas(t *testing.T) {
	table, err := os.ReadFile(filepath.Join("..", "static", "third_party", "countries-10m.bin"))
	if err != nil {
		t.Fatalf("the derived table (run make to derive it): %v", err)
	}
	for _, file := range []string{"countries-110m.json", "countries-50m.json", "countries-10m.bin"} {
		t.Run(file, func(t *testing.T) {
			var countries []Country
			var err error
			if filepath.Ext(file) == ".bin" {
				countries, err = DecodeTable(table)
			} else {
				countries, err = DecodeCountries(readAtlas(t, file))
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range countries {
				for _, p := range c.Shape {
					checkFlat(t, p)
				}
			}
			b := NewBorders(countries)
			for _, tc := range []struct {
				pt   orb.Point
				code string // "" for the sea
			}{
				{orb.Point{178, -17.8}, "FJ"}, // Viti Levu
				{orb.Point{-175, 66.5}, "RU"}, // Chukotka, east of 180°
				{orb.Point{176, 65}, "RU"},    // Chukotka, west of it
				{orb.Point{0, -89.5}, "AQ"},
				{orb.Point{100, -80}, "AQ"},
				{orb.Point{-150, -87}, "AQ"},
				{orb.Point{0, -17}, ""},   // the South Atlantic, at Fiji's latitude
				{orb.Point{-150, 50}, ""}, // the North Pacific
				{orb.Point{0, 66.5}, ""},  // the Norwegian Sea, at Chukotka's
				{orb.Point{0, -60}, ""},   // the Southern Ocean
			} {
				c, ok := b.In(tc.pt)
				if tc.code == "" && ok {
					t.Errorf("%v is in %s, want the sea", tc.pt, c.Name)
				} else if tc.code != "" && c.Code != tc.code {
					t.Errorf("%v is in %q (%v), want %s", tc.pt, c.Code, ok, tc.code)
				}
			}
		})
	}
}

// checkFlat fails when a ring of p is not one of a flat map: open, or
// with a step across the antimeridian, or outside -180°..180°.
func checkFlat(t *testing.T, p orb.Polygon) {
	t.Helper()
	for _, r := range p {
		if len(r) < 4 || r[0] != r[len(r)-1] {
			t.Fatalf("ring %v is not closed", r)
		}
		for i, pt := range r {
			if pt[0] < -180 || pt[0] > 180 || pt[1] < -90 || pt[1] > 90 {
				t.Fatalf("ring holds %v", pt)
			}
			if i > 0 && math.Abs(pt[0]-r[i-1][0]) > 180 {
				t.Fatalf("ring steps from %v to %v", r[i-1], pt)
			}
		}
	}
}

func anyContains(ps []orb.Polygon, pt orb.Point) bool {
	for _, p := range ps {
		if planar.PolygonContains(p, pt) {
			return true
		}
	}
	return false
}

package geo

import (
	"math"
	"os"
	"path/filepath"
	"slices"
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

// The Pacific Towns: Port Vila, Auckland, Suva, Nukuʻalofa and Apia, on
// both sides of the antimeridian.
var pacific = orb.MultiPoint{{168.3137, -17.7365}, {174.7635, -36.8485}, {178.4253, -18.1368}, {-175.2011, -21.1368}, {-171.7667, -13.8333}}

func TestAround(t *testing.T) {
	for _, tc := range []struct {
		name   string
		points orb.MultiPoint
		want   orb.Bound
	}{
		{"across the antimeridian, the box runs past 180°", pacific, orb.Bound{Min: orb.Point{168.3137, -36.8485}, Max: orb.Point{188.2333, -13.8333}}},
		{"on one side, the plain box", orb.MultiPoint{{13.4, 52.5}, {-5.66, 43.5}, {23.3, 42.7}}, orb.Bound{Min: orb.Point{-5.66, 42.7}, Max: orb.Point{23.3, 52.5}}},
		{"around the world, the shorter way: across the Pacific", orb.MultiPoint{{-123, 49}, {-9, 38.7}, {139.7, 35.7}}, orb.Bound{Min: orb.Point{139.7, 35.7}, Max: orb.Point{351, 49}}},
		{"as long either way, the plain box", orb.MultiPoint{{-90, 0}, {90, 10}}, orb.Bound{Min: orb.Point{-90, 0}, Max: orb.Point{90, 10}}},
		{"one city", orb.MultiPoint{{-171.7667, -13.8333}}, orb.Bound{Min: orb.Point{-171.7667, -13.8333}, Max: orb.Point{-171.7667, -13.8333}}},
		{"two cities on the antimeridian's either side", orb.MultiPoint{{-179.5, 0}, {179.5, 1}}, orb.Bound{Min: orb.Point{179.5, 0}, Max: orb.Point{180.5, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Around(tc.points)
			if !nearBound(got, tc.want, 1e-9) {
				t.Fatalf("around = %v, want %v", got, tc.want)
			}
			// Every point is inside the box where the map draws it.
			for _, p := range tc.points {
				if at := OnMap(p, got); !got.Contains(at) {
					t.Errorf("%v is drawn at %v, outside %v", p, at, got)
				}
			}
		})
	}
}

// A Pacific network's view, grown by the basemap's margin, stays one
// world wide, and its outlines come from both sides of the antimeridian,
// where the map draws them: Samoa and Tonga east of 180°, beside Fiji,
// not at the far west of the world.
func TestOutlinesPastTheAntimeridian(t *testing.T) {
	countries, err := DecodeCountries(readAtlas(t, "countries-50m.json"))
	if err != nil {
		t.Fatal(err)
	}
	view := Expand(Square(Around(pacific)), 0.15)
	if view.Max[0] <= 180 || view.Max[0]-view.Min[0] >= 360 || view.Min[0] > 168.3137 || view.Max[0] < 188.2333 {
		t.Fatalf("the view %v does not hold the network east of 168°E", view)
	}
	found := map[string]orb.Bound{}
	for _, c := range outlines(countries, view) {
		for _, p := range c.Shape {
			for i, r := range p {
				checkRingIn(t, view, c.Name, r, i == 0)
			}
			if b, ok := found[c.Code]; ok {
				found[c.Code] = b.Union(p.Bound())
			} else {
				found[c.Code] = p.Bound()
			}
		}
	}
	for code, east := range map[string]bool{"WS": true, "TO": true, "NZ": false, "VU": false, "FJ": true} {
		b, ok := found[code]
		switch {
		case !ok:
			t.Errorf("no outline of %s", code)
		case east != (b.Max[0] > 180):
			t.Errorf("%s drawn at %v", code, b)
		}
	}
	// Samoa is where Apia is drawn.
	if apia := OnMap(pacific[4], Around(pacific)); !found["WS"].Pad(0.5).Contains(apia) {
		t.Errorf("Apia at %v, Samoa at %v", apia, found["WS"])
	}
}

// A plain view is cut as before: nothing from across the antimeridian.
func TestWorldParts(t *testing.T) {
	for _, tc := range []struct {
		view   orb.Bound
		parts  []orb.Bound
		shifts []float64
	}{
		{orb.Bound{Min: orb.Point{-10, 30}, Max: orb.Point{30, 60}}, []orb.Bound{{Min: orb.Point{-10, 30}, Max: orb.Point{30, 60}}}, []float64{0}},
		{orb.Bound{Min: orb.Point{-200, -85}, Max: orb.Point{180, 85}}, []orb.Bound{{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}}, []float64{0}},
		{orb.Bound{Min: orb.Point{160, -40}, Max: orb.Point{200, 0}}, []orb.Bound{{Min: orb.Point{160, -40}, Max: orb.Point{180, 0}}, {Min: orb.Point{-180, -40}, Max: orb.Point{-160, 0}}}, []float64{0, 360}},
	} {
		parts, shifts := worldParts(tc.view)
		if !slices.Equal(parts, tc.parts) || !slices.Equal(shifts, tc.shifts) {
			t.Errorf("worldParts(%v) = %v %v, want %v %v", tc.view, parts, shifts, tc.parts, tc.shifts)
		}
	}
}

// A link across the antimeridian is cut there into two lines, which meet
// at one latitude, on the straight line the map draws; others are kept.
func TestLinkGeometry(t *testing.T) {
	suva, apia, auckland := pacific[2], pacific[4], pacific[1]
	if g := linkGeometry(orb.LineString{suva, auckland}); !orb.Equal(g, orb.LineString{suva, auckland}) {
		t.Errorf("Suva to Auckland: %v", g)
	}
	for _, tc := range []struct {
		name     string
		from, to orb.Point
	}{{"east across", suva, apia}, {"west across", apia, suva}} {
		t.Run(tc.name, func(t *testing.T) {
			g, ok := linkGeometry(orb.LineString{tc.from, tc.to}).(orb.MultiLineString)
			if !ok || len(g) != 2 || len(g[0]) != 2 || len(g[1]) != 2 {
				t.Fatalf("%v", g)
			}
			first, second := g[0], g[1]
			if first[0] != tc.from || second[1] != tc.to || math.Abs(first[1][0]) != 180 || second[0][0] != -first[1][0] || first[1][1] != second[0][1] {
				t.Fatalf("not cut at the antimeridian: %v", g)
			}
			// Where the map's straight line from Suva to Apia, in Web
			// Mercator, meets 180°.
			s, a := OnMap(suva, Around(pacific)), OnMap(apia, Around(pacific))
			y := mercatorY(s[1]) + (180-s[0])/(a[0]-s[0])*(mercatorY(a[1])-mercatorY(s[1]))
			if want := latitude(y); math.Abs(first[1][1]-want) > 1e-6 || first[1][1] < -18.1368 || first[1][1] > -13.8333 {
				t.Errorf("cut at %v°, want %v°", first[1][1], want)
			}
			for _, l := range g {
				if math.Abs(l[1][0]-l[0][0]) > 180 {
					t.Errorf("a part %v still crosses", l)
				}
			}
		})
	}
}

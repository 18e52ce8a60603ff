package geo

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// rings reads path data back into rings of tile units.
func rings(t *testing.T, d string) []orb.Ring {
	t.Helper()
	var out []orb.Ring
	var r orb.Ring
	var x, y float64
	op := ""
	tokens := regexp.MustCompile(`[Mlz]|-?\d+`).FindAllString(d, -1)
	for i := 0; i < len(tokens); i++ {
		switch tok := tokens[i]; tok {
		case "M", "l":
			op = tok
			continue
		case "z":
			out = append(out, append(r, r[0]))
			r = nil
			continue
		}
		if i+1 >= len(tokens) {
			t.Fatalf("path data ends half-way: %q", d)
		}
		a, _ := strconv.Atoi(tokens[i])
		b, _ := strconv.Atoi(tokens[i+1])
		i++
		if op == "M" {
			x, y = float64(a), float64(b)
		} else {
			x, y = x+float64(a), y+float64(b)
		}
		r = append(r, orb.Point{x, y})
	}
	return out
}

// tileUnproject is a point of tile k's units in [lon, lat].
func tileUnproject(k TileKey, pt orb.Point) orb.Point {
	world := TileExtent * math.Exp2(float64(k.Grid))
	x := (pt[0] + float64(k.X)*TileExtent) / world
	y := (pt[1] + float64(k.Y)*TileExtent) / world
	return orb.Point{x*360 - 180, latitude((0.5 - y) * 2 * math.Pi)}
}

// The fixture's countries all lie in one tile of the grid at zoom 4: it
// draws them in its units, each ring closed and oriented (outer rings
// clockwise on the screen, holes the other way), its neighbours nothing
// of them but what reaches into their margins, and the open sea nothing.
func TestTile(t *testing.T) {
	tiny, err := DecodeCountries(readTestdata(t, "tiny-plain.json"))
	if err != nil {
		t.Fatal(err)
	}
	o := NewOutlines(tiny)
	home := TileKey{4, 8, 7}
	tile := o.Tile(home)
	var codes []string
	for _, c := range tile.Countries {
		codes = append(codes, c.Code)
	}
	if !slices.Equal(codes, []string{"", "DE", "GB", "IT"}) {
		t.Fatalf("countries %q, want Nowhere, Germany, the United Kingdom and Italy, by code", codes)
	}
	for _, c := range tile.Countries {
		rs := rings(t, c.Path)
		for i, r := range rs {
			if !slices.ContainsFunc(r, func(p orb.Point) bool { return p[0] >= 0 && p[0] <= TileExtent && p[1] >= 0 && p[1] <= TileExtent }) {
				t.Errorf("%s: ring %d lies outside the tile: %v", c.Code, i, r)
			}
			hole := c.Code == "" && i == 1
			if a := ringArea(r); (a < 0) == hole {
				t.Errorf("%s: ring %d has area %v; outer rings run clockwise on the screen, holes counterclockwise", c.Code, i, a)
			}
		}
	}
	// Germany is the square from 0° to 1°, in whole units.
	de := rings(t, tile.Countries[1].Path)
	if len(de) != 1 {
		t.Fatalf("Germany: %d rings", len(de))
	}
	b := de[0].Bound()
	for _, corner := range []orb.Point{b.Min, b.Max} {
		back := tileUnproject(home, corner)
		if math.Abs(back[0]-math.Round(back[0])) > 0.01 || math.Abs(back[1]-math.Round(back[1])) > 0.01 {
			t.Errorf("Germany's corner %v is at %v, not on a whole degree", corner, back)
		}
	}
	if got := o.Tile(TileKey{4, 3, 3}); len(got.Countries) != 0 {
		t.Errorf("the open sea: %+v", got)
	}
	// Below the equator, only Germany's and Italy's southern edges reach
	// into the margin: drawn outside what is shown, and not land.
	south := TileKey{4, 8, 8}
	for _, c := range o.Tile(south).Countries {
		for _, r := range rings(t, c.Path) {
			if b := r.Bound(); b.Max[1] > 0 || b.Min[1] < -tileMargin {
				t.Errorf("%s below the equator: %v, want it in the margin", c.Code, b)
			}
		}
	}
	if o.hasLand(south) || !o.hasLand(home) {
		t.Errorf("land below the equator %v, in the fixture's tile %v", o.hasLand(south), o.hasLand(home))
	}
}

// A tile is simplified to its units: every point of the outlines that
// lies inside it is within a unit and a half (half a pixel at the deepest
// zoom its level is drawn for, and the rounding) of what it draws.
func TestTileDetail(t *testing.T) {
	countries, err := DecodeCountries(readAtlas(t, "countries-50m.json"))
	if err != nil {
		t.Fatal(err)
	}
	o := NewOutlines(countries)
	// The Adriatic, at zoom 4 and at zoom 6: the coast of Croatia and its
	// islands.
	for _, k := range []TileKey{{4, 8, 5}, {6, 34, 22}} {
		tile := o.Tile(k)
		var drawn []orb.LineString
		points := 0
		for _, c := range tile.Countries {
			for _, r := range rings(t, c.Path) {
				drawn = append(drawn, orb.LineString(r))
				points += len(r)
			}
		}
		checked := 0
		for _, c := range countries {
			if c.Code != "HR" {
				continue
			}
			for _, p := range c.Shape {
				for _, r := range p {
					for _, pt := range r {
						u := tilePoint(pt, k)
						if u[0] < 0 || u[0] > TileExtent || u[1] < 0 || u[1] > TileExtent {
							continue
						}
						checked++
						best := math.Inf(1)
						for _, l := range drawn {
							best = math.Min(best, planar.DistanceFrom(l, u))
						}
						if best > 1.5 {
							t.Errorf("%v: Croatia's point %v is %.2f units from the drawing", k, pt, best)
						}
					}
				}
			}
		}
		t.Logf("%v: %d points of Croatia checked, %d points drawn", k, checked, points)
		if checked < 50 {
			t.Errorf("%v: %d points of Croatia in the tile", k, checked)
		}
	}
}

func TestTileRange(t *testing.T) {
	for _, tc := range []struct {
		name     string
		view     orb.Bound
		grid     int
		min, max [2]int
	}{
		{"the world", orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, 2, [2]int{0, 0}, [2]int{3, 3}},
		{"past its edges", orb.Bound{Min: orb.Point{-200, -90}, Max: orb.Point{200, 90}}, 1, [2]int{0, 0}, [2]int{1, 1}},
		{"Europe", orb.Bound{Min: orb.Point{-12, 34}, Max: orb.Point{30, 60}}, 4, [2]int{7, 4}, [2]int{9, 6}},
		{"past 180°, on past the last column", orb.Bound{Min: orb.Point{160, -40}, Max: orb.Point{200, 0}}, 3, [2]int{7, 4}, [2]int{8, 4}},
		{"past 180° all round, a world's columns", orb.Bound{Min: orb.Point{100, 5}, Max: orb.Point{470, 10}}, 1, [2]int{1, 0}, [2]int{2, 0}},
		{"an edge is in both", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{0, 0}}, 1, [2]int{1, 1}, [2]int{1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := TileRange(tc.view, tc.grid)
			if lo != tc.min || hi != tc.max {
				t.Errorf("%v to %v, want %v to %v", lo, hi, tc.min, tc.max)
			}
		})
	}
}

// Tiles are drawn where the drawing of the view would move a vertex by
// two pixels or more: sooner for a larger view.
func TestFirstTileZoom(t *testing.T) {
	for _, tc := range []struct {
		name string
		view orb.Bound
		want int
	}{
		{"the world", orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, 4},
		{"Europe", orb.Bound{Min: orb.Point{-16, 30}, Max: orb.Point{34, 63}}, 6},
		{"Germany", orb.Bound{Min: orb.Point{5, 47}, Max: orb.Point{15, 55}}, 8},
		{"a city, with the least margin", orb.Bound{Min: orb.Point{11.4, 50.1}, Max: orb.Point{15.4, 54.1}}, 10},
		{"nothing", orb.Bound{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FirstTileZoom(tc.view); got != tc.want {
				t.Errorf("FirstTileZoom = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestTileLevels(t *testing.T) {
	for i, l := range TileLevels {
		if got, ok := TileLevelOf(l.Grid); !ok || got != l {
			t.Errorf("TileLevelOf(%d) = %v, %v", l.Grid, got, ok)
		}
		if i > 0 && (l.From <= TileLevels[i-1].From || l.Grid <= TileLevels[i-1].Grid) {
			t.Errorf("level %d does not follow level %d", i, i-1)
		}
		// A level is sharp to zoom Grid+3; the next takes over by then.
		if i+1 < len(TileLevels) && TileLevels[i+1].From > l.Grid+4 {
			t.Errorf("level %d is drawn past zoom %d, where it is sharp", i, l.Grid+3)
		}
	}
	if _, ok := TileLevelOf(3); ok {
		t.Error("a level of grid 3")
	}
}

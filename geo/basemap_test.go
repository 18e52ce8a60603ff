package geo

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestNewBasemap checks the drawing against Leaflet's Web Mercator: a
// point's pixel is its share of the view's width in longitude and of its
// height in Mercator y, so the drawing stretched over its bounds lies
// where the map's own projection puts each point.
func TestNewBasemap(t *testing.T) {
	view := orb.Bound{Min: orb.Point{-10, 35}, Max: orb.Point{30, 60}}
	square := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	countries := []Country{
		{Code: "IT", Name: "Italy", Shape: orb.MultiPolygon{square(10, 40, 15, 45)}},
		{Name: "Nowhere", Shape: orb.MultiPolygon{square(0, 50, 5, 55)}},
		{Code: "DE", Name: "Germany", Shape: orb.MultiPolygon{square(-20, 55, 0, 70)}},
	}
	b := NewBasemap(countries, view, func(code string) bool { return code == "IT" })

	if want := [2][2]float64{{35, -10}, {60, 30}}; b.Bounds != want {
		t.Errorf("bounds %v, want %v", b.Bounds, want)
	}
	height := BasemapWidth * (mercatorY(60) - mercatorY(35)) / (40 * math.Pi / 180)
	if b.Size != [2]int{BasemapWidth, int(math.Round(height))} {
		t.Errorf("size %v, want %d by %.0f", b.Size, BasemapWidth, height)
	}
	pixel := func(lon, lat float64) [2]int {
		return [2]int{
			int(math.Round((lon + 10) / 40 * BasemapWidth)),
			int(math.Round((mercatorY(60) - mercatorY(lat)) / (mercatorY(60) - mercatorY(35)) * height)),
		}
	}
	// Sorted by code then name: the country without a code first.
	wantTinted := []bool{false, false, true}
	wantFirst := [][2]int{pixel(0, 50), pixel(-10, 60), pixel(10, 40)}
	if len(b.Countries) != 3 {
		t.Fatalf("%d countries, want 3: %+v", len(b.Countries), b.Countries)
	}
	for i, c := range b.Countries {
		if c.Tinted != wantTinted[i] {
			t.Errorf("country %d: tinted %v, want %v", i, c.Tinted, wantTinted[i])
		}
		// Within a pixel: coordinates are rounded to tenths, then whole.
		if got := firstPoint(t, c.Path); abs(got[0]-wantFirst[i][0]) > 1 || abs(got[1]-wantFirst[i][1]) > 1 {
			t.Errorf("country %d: path %q starts at %v, want %v", i, c.Path, got, wantFirst[i])
		}
		if !strings.HasSuffix(c.Path, "z") {
			t.Errorf("country %d: path %q not closed", i, c.Path)
		}
	}
	if nil := NewBasemap(countries, view, nil); nil.Countries[2].Tinted {
		t.Error("a nil tinted tinted a country")
	}
	if empty := NewBasemap(countries, orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{-1, -1}}, nil); len(empty.Countries) != 0 || empty.Size != [2]int{} {
		t.Errorf("empty view drew %+v", empty)
	}
}

func abs(v int) int { return max(v, -v) }

// firstPoint reads the absolute move that starts SVG path data.
func firstPoint(t *testing.T, d string) [2]int {
	t.Helper()
	fields := strings.FieldsFunc(strings.TrimPrefix(d, "M"), func(r rune) bool { return r == ' ' || r == 'l' || r == 'z' })
	if !strings.HasPrefix(d, "M") || len(fields) < 2 {
		t.Fatalf("path %q does not start with a move", d)
	}
	x, errX := strconv.Atoi(fields[0])
	y, errY := strconv.Atoi(fields[1])
	if errX != nil || errY != nil {
		t.Fatalf("path %q: %v %v", d, errX, errY)
	}
	return [2]int{x, y}
}

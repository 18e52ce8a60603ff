package geo

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestPainterFill(t *testing.T) {
	red := color.RGBA{R: 0xff, A: 0xff}
	reversed := func(r []orb.Point) []orb.Point { r = slices.Clone(r); slices.Reverse(r); return r }
	for _, tc := range []struct {
		name          string
		rings         [][]orb.Point
		filled, blank []image.Point
	}{
		{
			name:   "a circle",
			rings:  [][]orb.Point{pathCircle(orb.Point{50, 50}, 20)},
			filled: []image.Point{{50, 50}, {65, 50}, {50, 35}},
			blank:  []image.Point{{75, 50}, {50, 25}, {0, 0}},
		},
		{
			name:   "a ring wound the other way cuts a hole",
			rings:  [][]orb.Point{pathCircle(orb.Point{50, 50}, 20), reversed(pathCircle(orb.Point{50, 50}, 10))},
			filled: []image.Point{{65, 50}, {35, 50}},
			blank:  []image.Point{{50, 50}, {75, 50}},
		},
		{
			name:   "rings wound the same way merge where they overlap",
			rings:  [][]orb.Point{pathCircle(orb.Point{40, 50}, 15), pathCircle(orb.Point{60, 50}, 15)},
			filled: []image.Point{{50, 50}, {30, 50}, {70, 50}},
			blank:  []image.Point{{50, 30}},
		},
		{
			name:   "a point far off the canvas is clamped to its margin",
			rings:  [][]orb.Point{{{60, 40}, {1e12, 50}, {60, 60}}},
			filled: []image.Point{{61, 50}, {99, 50}},
			blank:  []image.Point{{59, 50}, {99, 40}},
		},
		{
			name:  "a point that is not a number draws no more than an edge",
			rings: [][]orb.Point{{{10, 10}, {math.NaN(), 20}, {20, 20}}},
			blank: []image.Point{{50, 50}, {99, 99}},
		},
		{
			name:  "a ring of fewer than three points is nothing",
			rings: [][]orb.Point{{{10, 10}, {90, 90}}, pathSegment(orb.Point{10, 10}, orb.Point{10, 10}, 4)},
			blank: []image.Point{{50, 50}, {10, 10}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pt := &painter{dst: image.NewRGBA(image.Rect(0, 0, 100, 100))}
			for _, r := range tc.rings {
				pt.add(r)
			}
			pt.fill(red)
			for _, p := range tc.filled {
				if got := pt.dst.RGBAAt(p.X, p.Y); got != red {
					t.Errorf("%v is %v, want it filled", p, got)
				}
			}
			for _, p := range tc.blank {
				if got := pt.dst.RGBAAt(p.X, p.Y); got != (color.RGBA{}) {
					t.Errorf("%v is %v, want it blank", p, got)
				}
			}
			if len(pt.rings) != 0 {
				t.Errorf("%d rings are left for the next fill", len(pt.rings))
			}
		})
	}
}

// A line is dashed from its start, dash long and gap apart, the last dash
// cut at its end.
func TestPathDashes(t *testing.T) {
	pt := &painter{dst: image.NewRGBA(image.Rect(0, 0, 120, 20))}
	pathDashes(pt, orb.Point{0, 10}, orb.Point{100, 10}, 8, 6, 2)
	if len(pt.rings) != 8 {
		t.Fatalf("%d dashes, want 8 (at 0, 14 ... 98)", len(pt.rings))
	}
	last := orb.MultiPoint(pt.rings[7]).Bound()
	if last.Min[0] != 98 || last.Max[0] != 100 || last.Max[1]-last.Min[1] != 2 {
		t.Errorf("the last dash covers %v, want x from 98 to 100, 2 high", last)
	}
	pt.fill(color.Black)
	for _, x := range []int{4, 18, 99} {
		if pt.dst.RGBAAt(x, 10).A == 0 {
			t.Errorf("no dash at x %d", x)
		}
	}
	if pt.dst.RGBAAt(10, 10).A != 0 {
		t.Error("a dash in the gap at x 10")
	}
}

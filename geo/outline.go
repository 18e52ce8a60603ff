package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"
)

// outlineTolerance is the Douglas-Peucker tolerance of outlines as a
// fraction of the view's larger side. At 1/1000 a vertex moves less than a
// pixel on a map about 1000 pixels wide showing the whole view, so the
// basemap looks unsimplified while countries-50m over Europe (42° wide)
// shrinks to about 9 KB gzipped once projected (see Basemap).
const outlineTolerance = 1.0 / 1000

// outlineScale is the rounding factor of outlines: coordinates keep three
// decimals, as 0.001° (about 100 m) is far below a pixel at the zooms a
// basemap is drawn at and every further decimal costs bytes.
const outlineScale = 1000

// outlineMinArea is the smallest ring area, in square degrees, that counts
// as non-zero: a ring on the 0.001° grid that encloses anything encloses at
// least half a grid cell (Pick's theorem), so a ring below half of that is a
// collapsed one whose area is only floating-point noise.
const outlineMinArea = 0.25 / (outlineScale * outlineScale)

// outlines cuts the basemap for a map showing view from countries: those
// that intersect it, clipped to it, simplified with a tolerance of
// outlineTolerance times the view's larger side and rounded to three
// decimals, in [lon, lat]. Rings that degenerate (fewer than four positions
// or no area) are dropped, and so are countries left with nothing. Rings
// follow RFC 7946 (outer counterclockwise, holes clockwise), and countries
// are ordered by code then name, so the same input always draws the same
// bytes and can be cached by hash.
//
// Clipping leaves edges along the view's border where a country runs past
// it; pass a view wider than what is shown (see Expand) so they stay off
// screen.
//
// countries is not modified.
func outlines(countries []Country, view orb.Bound) []Country {
	dp := simplify.DouglasPeucker(OutlineTolerance(view))
	// A view past 180° is cut from the world in two parts.
	var boxes []orb.Bound
	var moves []float64
	parts, shifts := worldParts(view)
	for i, part := range parts {
		if box, ok := outlineBox(part); ok {
			boxes, moves = append(boxes, box), append(moves, shifts[i])
		}
	}

	var out []Country
	for _, c := range countries {
		var shape orb.MultiPolygon
		for i, box := range boxes {
			if len(c.Shape) == 0 || !box.Intersects(c.Shape.Bound()) {
				continue
			}
			for _, p := range c.Shape {
				if len(p) == 0 || !box.Intersects(p.Bound()) {
					continue
				}
				// clip uses its input as scratch space; the caller's data
				// must survive for the next view.
				p = clip.Polygon(box, p.Clone())
				if p == nil {
					continue
				}
				if p = outlinePolygon(dp.Polygon(p)); p != nil {
					shape = append(shape, shifted(p, moves[i]))
				}
			}
		}
		if len(shape) > 0 {
			out = append(out, Country{c.Code, c.Name, shape})
		}
	}
	slices.SortStableFunc(out, func(a, b Country) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// OutlineTolerance is how far, in degrees, the drawing of a view
// (outlines, NewBasemap) may move a vertex: outlineTolerance times the
// view's larger side.
func OutlineTolerance(view orb.Bound) float64 {
	return outlineTolerance * math.Max(view.Max[0]-view.Min[0], view.Max[1]-view.Min[1])
}

// outlineBox is the clip box: view shrunk inward to the 0.001° grid. Clipping
// to view itself would leave points on its edges that rounding can push up to
// 0.0005° outside; points inside a box whose edges are on the grid round to
// points inside it. ok is false when no such box exists (an empty or tiny
// view).
func outlineBox(view orb.Bound) (orb.Bound, bool) {
	box := orb.Bound{
		Min: orb.Point{math.Ceil(view.Min[0]*outlineScale) / outlineScale, math.Ceil(view.Min[1]*outlineScale) / outlineScale},
		Max: orb.Point{math.Floor(view.Max[0]*outlineScale) / outlineScale, math.Floor(view.Max[1]*outlineScale) / outlineScale},
	}
	ok := box.Min[0] < box.Max[0] && box.Min[1] < box.Max[1]
	return box, ok
}

// shifted is p moved east by shift degrees, in place.
func shifted(p orb.Polygon, shift float64) orb.Polygon {
	if shift != 0 {
		for _, r := range p {
			for i := range r {
				r[i][0] += shift
			}
		}
	}
	return p
}

// outlinePolygon rounds a clipped, simplified polygon and drops its
// degenerate rings; nil when the outer ring degenerates, since holes are
// meaningless without it.
func outlinePolygon(p orb.Polygon) orb.Polygon {
	if len(p) == 0 {
		return nil
	}
	out := p[:0]
	for i, r := range p {
		r = outlineRing(r, i == 0)
		if r == nil {
			if i == 0 {
				return nil
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// outlineRing rounds r in place, removes the repeated positions rounding
// creates, and orients it for RFC 7946. It returns nil for a degenerate ring.
func outlineRing(r orb.Ring, outer bool) orb.Ring {
	orb.Round(r, outlineScale)
	r = slices.Compact(r)
	if len(r) < 4 || r[0] != r[len(r)-1] {
		return nil
	}
	a := ringArea(r)
	if math.Abs(a) < outlineMinArea {
		return nil
	}
	if (a > 0) != outer {
		r.Reverse()
	}
	return r
}

// ringArea is the signed planar area of a closed ring, positive when it is
// counterclockwise. Coordinates are taken relative to the first position to
// keep the products small and the rounding error with them.
func ringArea(r orb.Ring) float64 {
	x0, y0 := r[0][0], r[0][1]
	var s float64
	for i := 1; i+1 < len(r); i++ {
		s += (r[i][0]-x0)*(r[i+1][1]-y0) - (r[i+1][0]-x0)*(r[i][1]-y0)
	}
	return s / 2
}

// expandMin is the smallest margin Expand adds on each side, in degrees, so
// a network in a single city still gets a basemap around it.
const expandMin = 2

// expandMaxLat is where Expand stops in latitude: Web Mercator, which
// Leaflet draws in, ends near ±85.05°.
const expandMaxLat = 85

// Expand grows b by margin times its width (east and west) and height (north
// and south), by at least 2 degrees each way, then clamps it to longitudes
// ±180 and latitudes ±85. It turns the network's city bounds into the
// basemap view, so cities are not drawn against the edge. A negative or NaN
// margin counts as zero; an empty bound (Min beyond Max) is returned as is.
func Expand(b orb.Bound, margin float64) orb.Bound {
	if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
		return b
	}
	if !(margin > 0) {
		margin = 0
	}
	dx := math.Max((b.Max[0]-b.Min[0])*margin, expandMin)
	dy := math.Max((b.Max[1]-b.Min[1])*margin, expandMin)
	west, east := lonWindow(b)
	return orb.Bound{
		Min: orb.Point{expandClamp(b.Min[0]-dx, west, east), expandClamp(b.Min[1]-dy, -expandMaxLat, expandMaxLat)},
		Max: orb.Point{expandClamp(b.Max[0]+dx, west, east), expandClamp(b.Max[1]+dy, -expandMaxLat, expandMaxLat)},
	}
}

// lonWindow is the world's width of longitudes a box may grow to:
// -180°..180°, or for a box that runs past 180° (see Around) the 360°
// centred on it.
func lonWindow(b orb.Bound) (west, east float64) {
	if b.Max[0] <= 180 {
		return -180, 180
	}
	c := (b.Min[0] + b.Max[0]) / 2
	return c - 180, c + 180
}

func expandClamp(v, lo, hi float64) float64 {
	return math.Min(math.Max(v, lo), hi)
}

// Square grows the shorter side of b, about its centre, until b is as tall
// as it is wide on a Web Mercator map. A map fitted to a network of any
// shape, in a frame of any shape, then still finds basemap to its edges
// once Expand has added a margin.
func Square(b orb.Bound) orb.Bound {
	if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
		return b
	}
	x0, x1 := b.Min[0]*math.Pi/180, b.Max[0]*math.Pi/180
	y0, y1 := mercatorY(b.Min[1]), mercatorY(b.Max[1])
	w, h := x1-x0, y1-y0
	if w > h {
		c := (y0 + y1) / 2
		b.Min[1] = expandClamp(latitude(c-w/2), -expandMaxLat, b.Min[1])
		b.Max[1] = expandClamp(latitude(c+w/2), b.Max[1], expandMaxLat)
	} else {
		c := (b.Min[0] + b.Max[0]) / 2
		half := h / 2 * 180 / math.Pi
		west, east := lonWindow(b)
		b.Min[0] = expandClamp(c-half, west, b.Min[0])
		b.Max[0] = expandClamp(c+half, b.Max[0], east)
	}
	return b
}

// mercatorY and latitude convert between latitude in degrees and the Web
// Mercator y coordinate in radians.
func mercatorY(lat float64) float64 {
	return math.Log(math.Tan(math.Pi/4 + lat*math.Pi/360))
}

func latitude(y float64) float64 {
	return (2*math.Atan(math.Exp(y)) - math.Pi/2) * 180 / math.Pi
}

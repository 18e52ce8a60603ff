package geo

// The rasteriser the preview images are painted with: filled paths on an
// RGBA canvas, and the shapes they are made of (circles, diamonds, rounded
// boxes, lines as thin quads, dashes).

import (
	"image"
	"image/color"
	"math"

	"github.com/paulmach/orb"
	"golang.org/x/image/vector"
)

// painter fills paths on an image with golang.org/x/image/vector. The
// rasterizer only fills, so lines are drawn as thin polygons; it adds up
// coverage with sign and clamps its magnitude, so shapes wound the same way
// merge and a ring wound the other way inside them cuts a hole.
type painter struct {
	dst   *image.RGBA
	z     vector.Rasterizer
	rings [][]orb.Point
}

// add adds a closed ring to the path being built; the last point may or
// may not repeat the first.
func (pt *painter) add(ring []orb.Point) {
	if len(ring) >= 3 {
		pt.rings = append(pt.rings, ring)
	}
}

// paintLimit is how far off the canvas a point may lie. The rasterizer
// walks every scanline between a segment's ends, visible or not, so points
// are clamped to a margin around the canvas, which changes nothing drawn
// on it as long as a shape only leaves the canvas in that margin.
const paintLimit = 256

// fill paints the rings added since the last fill in c, and starts a new
// path. Only the rows and columns the rings reach are rasterized, which
// keeps a marker as cheap as its size.
func (pt *painter) fill(c color.Color) {
	defer func() { pt.rings = pt.rings[:0] }()
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, r := range pt.rings {
		for _, p := range r {
			x, y := pt.limit(p)
			minX, minY = math.Min(minX, x), math.Min(minY, y)
			maxX, maxY = math.Max(maxX, x), math.Max(maxY, y)
		}
	}
	if minX > maxX {
		return
	}
	rect := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(pt.dst.Rect)
	if rect.Empty() {
		return
	}
	pt.z.Reset(rect.Dx(), rect.Dy())
	ox, oy := float64(rect.Min.X), float64(rect.Min.Y)
	for _, r := range pt.rings {
		x, y := pt.limit(r[0])
		pt.z.MoveTo(float32(x-ox), float32(y-oy))
		for _, p := range r[1:] {
			x, y := pt.limit(p)
			pt.z.LineTo(float32(x-ox), float32(y-oy))
		}
		pt.z.ClosePath()
	}
	pt.z.Draw(pt.dst, rect, image.NewUniform(c), image.Point{})
}

// limit clamps p to the canvas and its margin; NaN becomes the canvas's
// corner, where it draws nothing worse than a stray edge.
func (pt *painter) limit(p orb.Point) (float64, float64) {
	b := pt.dst.Rect
	x := clampFloat(p[0], float64(b.Min.X-paintLimit), float64(b.Max.X+paintLimit))
	y := clampFloat(p[1], float64(b.Min.Y-paintLimit), float64(b.Max.Y+paintLimit))
	if math.IsNaN(x) {
		x = 0
	}
	if math.IsNaN(y) {
		y = 0
	}
	return x, y
}

// pathSegment is the line from a to b, w wide, as a quad. Every quad winds the
// same way relative to its own direction, so the quads of one outline
// merge where they overlap instead of cancelling.
func pathSegment(a, b orb.Point, w float64) []orb.Point {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(dx, dy)
	if !(l > 0) || math.IsInf(l, 0) {
		return nil
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	return []orb.Point{{a[0] + nx, a[1] + ny}, {b[0] + nx, b[1] + ny}, {b[0] - nx, b[1] - ny}, {a[0] - nx, a[1] - ny}}
}

// pathDashes adds the dashes of the line from a to b, w wide, to pt's
// path: dash long, gap apart, the first at a.
func pathDashes(pt *painter, a, b orb.Point, dash, gap, w float64) {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(dx, dy)
	if !(l > 0) || l > 1e5 {
		return
	}
	ux, uy := dx/l, dy/l
	for s := 0.0; s < l; s += dash + gap {
		e := math.Min(s+dash, l)
		pt.add(pathSegment(orb.Point{a[0] + ux*s, a[1] + uy*s}, orb.Point{a[0] + ux*e, a[1] + uy*e}, w))
	}
}

// pathCircle is a polygon close enough to a circle of radius r that its edges
// are under a tenth of a pixel off.
func pathCircle(c orb.Point, r float64) []orb.Point {
	n := int(math.Ceil(math.Pi / math.Acos(1-0.1/r)))
	n = max(n, 12)
	pts := make([]orb.Point, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)}
	}
	return pts
}

// pathDiamond is a square standing on a corner, h from its centre to each
// corner.
func pathDiamond(c orb.Point, h float64) []orb.Point {
	return []orb.Point{{c[0], c[1] - h}, {c[0] + h, c[1]}, {c[0], c[1] + h}, {c[0] - h, c[1]}}
}

// pathRoundedRect is b with its corners rounded to radius r.
func pathRoundedRect(b orb.Bound, r float64) []orb.Point {
	r = math.Min(r, math.Min(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])/2)
	const steps = 6
	var pts []orb.Point
	corners := []struct {
		c     orb.Point
		start float64
	}{
		{orb.Point{b.Max[0] - r, b.Min[1] + r}, -math.Pi / 2},
		{orb.Point{b.Max[0] - r, b.Max[1] - r}, 0},
		{orb.Point{b.Min[0] + r, b.Max[1] - r}, math.Pi / 2},
		{orb.Point{b.Min[0] + r, b.Min[1] + r}, math.Pi},
	}
	for _, k := range corners {
		for i := 0; i <= steps; i++ {
			a := k.start + math.Pi/2*float64(i)/steps
			pts = append(pts, orb.Point{k.c[0] + r*math.Cos(a), k.c[1] + r*math.Sin(a)})
		}
	}
	return pts
}

func clampFloat(v, lo, hi float64) float64 { return math.Max(lo, math.Min(v, hi)) }

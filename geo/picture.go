package geo

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"partnermap/data"
)

// Picture is the network drawn flat, in pixels, on Web Mercator like the
// interactive map: the same Natural Earth outlines with partner countries
// tinted, the lead-partner links and a dot per city. The map every page
// shows before its script runs, and the preview images, are drawn from it.
type Picture struct {
	Width, Height float64
	Countries     []PictureCountry
	Links         []orb.LineString
	Cities        []PictureCity
	proj          projection
	view          orb.Bound // the cities' box, which may run past 180° (see OnMap)
}

// PictureCountry is a country's outline in pixels.
type PictureCountry struct {
	Code   string
	Tinted bool
	Shape  orb.MultiPolygon
}

// PictureCity is a city's dot.
type PictureCity struct {
	Slug, Name  string
	At          orb.Point
	Coordinator bool
}

// pictureTolerance is how far, in pixels, a simplified outline may stray,
// and pictureMinArea the smallest island kept, in square pixels: below
// what anyone sees, and every page carries the outlines.
const (
	pictureTolerance = 1.0
	pictureMinArea   = 4
)

// NewPicture draws the network on a width by height canvas, fitting every
// city into frame (a box in pixels, which leaves room for margins or
// text); the outlines fill the whole canvas.
func NewPicture(n *data.Network, countries []Country, width, height float64, frame orb.Bound) *Picture {
	partner := map[string]bool{}
	for _, c := range n.Cities {
		partner[c.Country] = true
	}
	p := newPicture(Bounds(n), partner, countries, width, height, frame)
	for _, l := range Links(n) {
		p.Links = append(p.Links, orb.LineString{p.Project(l.Line[0]), p.Project(l.Line[1])})
	}
	for _, c := range n.Cities {
		p.Cities = append(p.Cities, PictureCity{Slug: c.Slug, Name: c.Name, At: p.Project(Point(c)), Coordinator: n.IsCoordinatorCity(c.Slug)})
	}
	return p
}

// newPicture draws the outlines of a width by height canvas on which b
// fits into frame, the countries tinted tinted.
func newPicture(b orb.Bound, tinted map[string]bool, countries []Country, width, height float64, frame orb.Bound) *Picture {
	p := &Picture{Width: width, Height: height, proj: fit(Expand(b, 0), frame), view: b}
	canvas := orb.Bound{Min: p.proj.unproject(orb.Point{0, height}), Max: p.proj.unproject(orb.Point{width, 0})}
	dp := simplify.DouglasPeucker(pictureTolerance)
	for _, c := range outlines(countries, canvas) {
		var shape orb.MultiPolygon
		for _, poly := range c.Shape {
			var out orb.Polygon
			for i, ring := range poly {
				r := make(orb.Ring, len(ring))
				for j, pt := range ring {
					r[j] = p.proj.project(pt)
				}
				r = dp.Ring(r)
				if len(r) < 4 || math.Abs(ringArea(r)) < pictureMinArea {
					if i == 0 {
						break
					}
					continue
				}
				out = append(out, r)
			}
			if len(out) > 0 {
				shape = append(shape, out)
			}
		}
		if len(shape) > 0 {
			p.Countries = append(p.Countries, PictureCountry{Code: c.Code, Tinted: c.Code != "" && tinted[c.Code], Shape: shape})
		}
	}
	return p
}

// Project is where a [lon, lat] point of the cities falls on the picture.
func (p *Picture) Project(pt orb.Point) orb.Point { return p.proj.project(OnMap(pt, p.view)) }

// City returns the dot of a city.
func (p *Picture) City(slug string) (PictureCity, bool) {
	i := slices.IndexFunc(p.Cities, func(c PictureCity) bool { return c.Slug == slug })
	if i < 0 {
		return PictureCity{}, false
	}
	return p.Cities[i], true
}

// projection maps Web Mercator, in radians, onto pixels: x grows east, y
// grows south.
type projection struct {
	scale          float64
	center, origin orb.Point // Mercator centre of the fit, and where it lands
	west, east     float64   // the longitudes unproject stays within (lonWindow)
}

// fit centres b in frame at the largest scale that holds all of it.
func fit(b orb.Bound, frame orb.Bound) projection {
	x0, x1 := b.Min[0]*math.Pi/180, b.Max[0]*math.Pi/180
	y0, y1 := mercatorY(b.Min[1]), mercatorY(b.Max[1])
	scale := math.Min((frame.Max[0]-frame.Min[0])/(x1-x0), (frame.Max[1]-frame.Min[1])/(y1-y0))
	west, east := lonWindow(b)
	return projection{
		west:   west,
		east:   east,
		scale:  scale,
		center: orb.Point{(x0 + x1) / 2, (y0 + y1) / 2},
		origin: frame.Center(),
	}
}

func (pr projection) project(pt orb.Point) orb.Point {
	x := pr.origin[0] + pr.scale*(pt[0]*math.Pi/180-pr.center[0])
	y := pr.origin[1] - pr.scale*(mercatorY(pt[1])-pr.center[1])
	return orb.Point{math.Round(x*10) / 10, math.Round(y*10) / 10}
}

func (pr projection) unproject(px orb.Point) orb.Point {
	lon := ((px[0]-pr.origin[0])/pr.scale + pr.center[0]) * 180 / math.Pi
	lat := latitude(pr.center[1] - (px[1]-pr.origin[1])/pr.scale)
	return orb.Point{expandClamp(lon, pr.west, pr.east), expandClamp(lat, -expandMaxLat, expandMaxLat)}
}

// PathData writes outlines as SVG path data in whole pixels, each ring
// from an absolute start and then relative steps, which keeps it short.
func PathData(mp orb.MultiPolygon) string {
	var b strings.Builder
	for _, poly := range mp {
		for _, ring := range poly {
			var px, py int
			for i, pt := range ring[:len(ring)-1] {
				x, y := int(math.Round(pt[0])), int(math.Round(pt[1]))
				switch {
				case i == 0:
					b.WriteString("M" + strconv.Itoa(x) + " " + strconv.Itoa(y))
				case x == px && y == py:
					continue
				default:
					b.WriteString("l" + strconv.Itoa(x-px) + " " + strconv.Itoa(y-py))
				}
				px, py = x, y
			}
			b.WriteString("z")
		}
	}
	return b.String()
}

package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// world-atlas's outlines are stitched for drawing on the sphere: a ring
// that crosses the antimeridian (Fiji, Russia's Chukotka) steps from 180°
// to -180° and runs on, and Antarctica's coast winds once round the pole.
// Read as flat [lon, lat] polygons, such a ring spans the whole width of
// the world, and a map shows it as a band from edge to edge. flatPolygons
// cuts them into the polygons a flat map draws.

// poleMargin is how near a pole, in degrees, a ring runs along it.
// world-atlas puts the pole of Antarctica at 1:50m at 89.999°S.
const poleMargin = 0.01

// flatPolygons is p as polygons of a flat map, none crossing the
// antimeridian: p itself when no ring of it does. Otherwise each ring is
// unwrapped so that its longitudes run on past ±180°, a ring round a pole
// is closed along the pole, and the polygon is cut at ±180° into the parts
// on either side, each moved back into -180°..180°.
func flatPolygons(p orb.Polygon) []orb.Polygon {
	if !crossesAntimeridian(p) {
		return []orb.Polygon{p}
	}
	var flat orb.Polygon
	for i, r := range p {
		u, polar := unwrapRing(r)
		switch {
		case u == nil:
			// A ring along the pole encloses nothing on a flat map. When
			// it is the outer ring, a ring round the pole inside it is the
			// land: Antarctica at 1:50m is drawn so.
			continue
		case len(flat) == 0 && i > 0 && !polar:
			return nil // holes without their outer ring are no polygon
		case len(flat) > 0 && !polar:
			u = nearRing(u, flat[0].Bound())
		}
		flat = append(flat, u)
	}
	if len(flat) == 0 {
		return nil
	}
	var out []orb.Polygon
	for _, shift := range []float64{0, 360, -360} {
		window := orb.Bound{Min: orb.Point{-180 - shift, -90}, Max: orb.Point{180 - shift, 90}}
		if !window.Intersects(flat.Bound()) {
			continue
		}
		part := clip.Polygon(window, flat.Clone())
		if part == nil || len(part[0]) < 4 || ringArea(part[0]) == 0 {
			continue // what lies past the antimeridian is only its edge
		}
		kept := part[:0]
		for _, r := range part {
			if len(r) < 4 || ringArea(r) == 0 {
				continue
			}
			for j := range r {
				r[j][0] += shift
			}
			kept = append(kept, r)
		}
		out = append(out, kept)
	}
	return out
}

// crossesAntimeridian reports whether a ring of p steps across it: from
// one position to the next by more than half the world's width.
func crossesAntimeridian(p orb.Polygon) bool {
	for _, r := range p {
		for i := 1; i < len(r); i++ {
			if math.Abs(r[i][0]-r[i-1][0]) > 180 {
				return true
			}
		}
	}
	return false
}

// unwrapRing is the closed ring r with each step across the antimeridian
// undone, so that its longitudes run on past ±180°. A ring that winds
// round a pole (polar) comes back 360° from where it started: it is
// started after its first step across, so that it spans -180°..180° as
// the data has it, and closed along the pole. u is nil for a ring along
// the pole itself, which encloses nothing on a flat map.
func unwrapRing(r orb.Ring) (u orb.Ring, polar bool) {
	first, wind := -1, 0.0
	for i := 1; i < len(r); i++ {
		if d := r[i][0] - r[i-1][0]; math.Abs(d) > 180 {
			if first < 0 {
				first = i % (len(r) - 1)
			}
			wind -= math.Copysign(360, d)
		}
	}
	if first < 0 {
		return r, false
	}
	open := r[:len(r)-1]
	if polar = wind != 0; polar {
		if b := r.Bound(); math.Min(math.Abs(b.Min[1]), math.Abs(b.Max[1])) > 90-poleMargin {
			return nil, true
		}
		open = append(append(orb.Ring{}, open[first:]...), open[:first]...)
	}
	u = make(orb.Ring, 0, len(r)+6)
	offset := 0.0
	for i := range len(open) + 1 {
		pt := open[i%len(open)]
		if i > 0 {
			if d := pt[0] - open[i-1][0]; math.Abs(d) > 180 {
				offset -= math.Copysign(360, d)
			}
		}
		u = append(u, orb.Point{pt[0] + offset, pt[1]})
	}
	if polar {
		// u ends where it began, 360° on: down to the pole there, back
		// along it in steps of 90°, as no step of a flat ring is longer
		// than 180°, and up to the start.
		pole := math.Copysign(90, r.Bound().Center()[1])
		end := u[len(u)-1][0]
		for k := range 5 {
			u = append(u, orb.Point{end - float64(k)*wind/4, pole})
		}
		u = append(u, u[0])
	}
	return u, polar
}

// nearRing is a hole moved by 360° when that brings it over its outer
// ring's unwrapped bound: a hole that does not itself cross the
// antimeridian may lie on its other side.
func nearRing(r orb.Ring, outer orb.Bound) orb.Ring {
	c := r.Bound().Center()[0]
	if c >= outer.Min[0] && c <= outer.Max[0] {
		return r
	}
	for _, shift := range []float64{360, -360} {
		if s := c + shift; s >= outer.Min[0] && s <= outer.Max[0] {
			moved := make(orb.Ring, len(r))
			for i, pt := range r {
				moved[i] = orb.Point{pt[0] + shift, pt[1]}
			}
			return moved
		}
	}
	return r
}

// A network around the Pacific has cities on both sides of the
// antimeridian: Suva at 178°E, Apia at 172°W. Boxed in -180°..180° they
// span the world, and its map would show the whole world with the lines
// between them drawn the long way round. Its box runs on past 180°
// instead, as Leaflet's maps do: the cities west of the box's west edge
// are drawn 360° further east (OnMap).

// Around is the smallest box holding points, the shorter way round: when
// the widest gap between their longitudes is not across the antimeridian,
// the box's west edge is the east side of that gap and its east edge,
// past 180°, the west side 360° on. Otherwise it is points' plain bound.
func Around(points orb.MultiPoint) orb.Bound {
	b := points.Bound()
	if len(points) < 2 {
		return b
	}
	lons := make([]float64, len(points))
	for i, p := range points {
		lons[i] = p[0]
	}
	slices.Sort(lons)
	west, east, gap := lons[0], lons[len(lons)-1], lons[0]+360-lons[len(lons)-1]
	for i := 1; i < len(lons); i++ {
		if d := lons[i] - lons[i-1]; d > gap {
			west, east, gap = lons[i], lons[i-1]+360, d
		}
	}
	b.Min[0], b.Max[0] = west, east
	return b
}

// OnMap is where a map of view, whose box may run past 180° (Around),
// draws pt: 360° further east when it lies west of the view.
func OnMap(pt orb.Point, view orb.Bound) orb.Point {
	if view.Max[0] > 180 && pt[0] < view.Min[0] {
		pt[0] += 360
	}
	return pt
}

// worldParts are the parts of view, a box that may run past 180°, that
// lie within -180°..180°, with the shift that moves each to where view
// has it.
func worldParts(view orb.Bound) (parts []orb.Bound, shifts []float64) {
	for _, shift := range []float64{0, 360} {
		part := orb.Bound{
			Min: orb.Point{math.Max(view.Min[0]-shift, -180), view.Min[1]},
			Max: orb.Point{math.Min(view.Max[0]-shift, 180), view.Max[1]},
		}
		if part.Min[0] < part.Max[0] {
			parts, shifts = append(parts, part), append(shifts, shift)
		}
	}
	return parts, shifts
}

// linkGeometry is a link's line as RFC 7946 asks (3.1.9): cut in two at
// the antimeridian when it crosses it, the shorter way round, as the map
// draws it, so that a GIS does not draw it across the world. It is cut
// where the map's straight line meets 180°.
func linkGeometry(line orb.LineString) orb.Geometry {
	a, b := line[0], line[1]
	d := b[0] - a[0]
	if math.Abs(d) <= 180 {
		return line
	}
	edge := math.Copysign(180, a[0]) // the side of a's edge
	east := b[0] - math.Copysign(360, d)
	t := (edge - a[0]) / (east - a[0])
	y := mercatorY(a[1]) + t*(mercatorY(b[1])-mercatorY(a[1]))
	lat := math.Round(latitude(y)*1e6) / 1e6
	return orb.MultiLineString{{a, {edge, lat}}, {{-edge, lat}, b}}
}

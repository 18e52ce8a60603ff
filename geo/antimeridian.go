package geo

import (
	"math"

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

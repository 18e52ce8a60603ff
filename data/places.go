package data

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
)

// One city, one place: two networks that write one city under two slugs
// (derry and londonderry, frankfurt and frankfurt-am-main) split it into
// two places, each "in one network". The atlas's rules cannot tell such a
// pair from two towns side by side, so they are warnings, which name the
// slug to write in both files.

// NearPlaceKm is how close two cities of one country lie when they are
// taken for one place: a city's centre, its town hall and a partner's
// office lie closer than this, two towns rarely do.
const NearPlaceKm = 2.0

// PlaceOf names the gazetteer's place that a city is, such as "Frankfurt
// am Main (lat = 50.1155, lon = 8.6842)", or "" when the gazetteer knows
// none: cities of one name are one place. This package knows no
// geography: whoever checks an atlas passes it (the gazetteer's PlaceOf),
// or nil to compare points alone.
type PlaceOf func(c *City) string

// placePoint is one city of a place in one network.
type placePoint struct {
	place int // in Atlas.Places
	visit Visit
	key   string // PlaceOf's
}

// DuplicatePlaces warns of places of the atlas that seem one city under
// two slugs: cities of different networks in one country that lie within
// NearPlaceKm of each other, or that placeOf takes for one place. Places
// so joined, however many, should take one slug: the one of the place in
// most networks (then the shorter, then the first in order). Each city to
// rename is warned of at its slug, as is the city of the place to keep,
// each naming the other's FILE:LINE:COL and the slug to write in both.
// Cities of one network are its own to tell apart and are not compared.
func (a *Atlas) DuplicatePlaces(placeOf PlaceOf) Problems {
	var points []placePoint
	for i, p := range a.Places {
		for _, v := range p.Visits {
			pt := placePoint{place: i, visit: v}
			if placeOf != nil {
				pt.key = placeOf(v.City)
			}
			points = append(points, pt)
		}
	}
	joined := newUnion(len(a.Places))
	join := func(x, y placePoint) {
		if x.place != y.place && x.visit.Network != y.visit.Network && x.visit.City.Country == y.visit.City.Country {
			joined.join(x.place, y.place)
		}
	}
	// Points near one another: sorted by latitude, each is compared with
	// those that follow it within NearPlaceKm of latitude.
	byLat := slices.Clone(points)
	slices.SortFunc(byLat, func(x, y placePoint) int { return cmp.Compare(x.visit.City.Lat, y.visit.City.Lat) })
	const earthKm = 6371.0
	window := NearPlaceKm / (earthKm * math.Pi / 180)
	for i, x := range byLat {
		for _, y := range byLat[i+1:] {
			if y.visit.City.Lat-x.visit.City.Lat > window {
				break
			}
			if distance(*x.visit.City, *y.visit.City) <= NearPlaceKm {
				join(x, y)
			}
		}
	}
	byKey := map[string][]placePoint{}
	for _, pt := range points {
		if pt.key != "" {
			byKey[pt.key] = append(byKey[pt.key], pt)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(byKey)) {
		same := byKey[key]
		for i, x := range same {
			for _, y := range same[i+1:] {
				join(x, y)
			}
		}
	}

	keys := map[int][]string{} // each place's gazetteer places
	for _, pt := range points {
		if pt.key != "" && !slices.Contains(keys[pt.place], pt.key) {
			keys[pt.place] = append(keys[pt.place], pt.key)
		}
	}
	var problems Problems
	for _, group := range joined.groups() {
		keep := slices.MinFunc(group, func(x, y int) int {
			px, py := a.Places[x], a.Places[y]
			return cmp.Or(cmp.Compare(len(py.Visits), len(px.Visits)), cmp.Compare(len(px.Slug), len(py.Slug)), cmp.Compare(px.Slug, py.Slug))
		})
		kept := &a.Places[keep]
		for _, other := range group {
			if other == keep {
				continue
			}
			renamed := &a.Places[other]
			why := samePlaceReason(kept, renamed, keys[keep], keys[other])
			there := visitAt(kept.Visits[0])
			for _, v := range renamed.Visits {
				problems = append(problems, duplicatePlace(v, kept.Visits[0], there, renamed.Slug, kept.Slug, why))
			}
			problems = append(problems, duplicatePlace(kept.Visits[0], renamed.Visits[0], visitAt(renamed.Visits[0]), renamed.Slug, kept.Slug, why))
		}
	}
	return problems.sorted()
}

// duplicatePlace is the warning at a city v that seems the same place as
// the city other, written at there, where renamed is the slug to give up
// for keep.
func duplicatePlace(v, other Visit, there, renamed, keep, why string) Problem {
	msg := fmt.Sprintf("city %q (%s) and city %q (%s) at %s %s: they look like one place under two slugs; give them one, %q: write slug = %q for the city %q, and city = %q for its partners, unless they are two places",
		v.City.Slug, v.City.Name, other.City.Slug, other.City.Name, there, why, keep, keep, renamed, keep)
	p := problemAt(v.Network, cityIndex(v)+".slug", msg)
	p.Warning = true
	return p
}

// samePlaceReason says why two places seem one: how far apart they lie,
// and the gazetteer's place they share, if any.
func samePlaceReason(a, b *Place, keysA, keysB []string) string {
	why := fmt.Sprintf("lie %s km apart", formatNearKm(placeDistance(a, b)))
	for _, k := range keysA {
		if slices.Contains(keysB, k) {
			return why + ", and the gazetteer takes both for " + k
		}
	}
	return why
}

// placeDistance is the least distance between two places' cities.
func placeDistance(a, b *Place) float64 {
	d := math.Inf(1)
	for _, x := range a.Visits {
		for _, y := range b.Visits {
			d = math.Min(d, distance(*x.City, *y.City))
		}
	}
	return d
}

// formatNearKm writes a short distance to a tenth of a kilometre, and a
// longer one in whole kilometres.
func formatNearKm(km float64) string {
	if km < 10 {
		return fmt.Sprintf("%.1f", km)
	}
	return FormatKm(km)
}

// visitAt is where a visit's city is written: FILE:LINE:COL of its slug.
func visitAt(v Visit) string {
	return v.Network.at(cityIndex(v) + ".slug")
}

// cityIndex is the key path of a visit's city in its file: "cities.3".
func cityIndex(v Visit) string {
	i := slices.IndexFunc(v.Network.Cities, func(c City) bool { return c.Slug == v.City.Slug })
	return fmt.Sprintf("cities.%d", i)
}

// FindPlace returns what finds the place of the atlas a city is, as
// DuplicatePlaces would join them: a place in the city's country with a
// city within NearPlaceKm of it, or that placeOf (which may be nil) takes
// for the same gazetteer place; the nearest if there are several. A new
// network's cities then join the places that exist, under their slugs.
func (a *Atlas) FindPlace(placeOf PlaceOf) func(c *City) (*Place, bool) {
	byKey := map[string][]int{}
	if placeOf != nil {
		for i, p := range a.Places {
			for _, v := range p.Visits {
				if k := placeOf(v.City); k != "" && !slices.Contains(byKey[k], i) {
					byKey[k] = append(byKey[k], i)
				}
			}
		}
	}
	return func(c *City) (*Place, bool) {
		var key string
		if placeOf != nil {
			key = placeOf(c)
		}
		best, bestKm := -1, math.Inf(1)
		for i := range a.Places {
			p := &a.Places[i]
			near := math.Inf(1)
			for _, v := range p.Visits {
				if v.City.Country == c.Country {
					near = math.Min(near, distance(*v.City, *c))
				}
			}
			if near <= NearPlaceKm || (key != "" && slices.Contains(byKey[key], i)) {
				if near < bestKm || best < 0 {
					best, bestKm = i, near
				}
			}
		}
		if best < 0 {
			return nil, false
		}
		return &a.Places[best], true
	}
}

// union joins numbers into groups (a disjoint-set forest).
type union []int

func newUnion(n int) union {
	u := make(union, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u union) root(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u union) join(i, j int) {
	if ri, rj := u.root(i), u.root(j); ri != rj {
		u[max(ri, rj)] = min(ri, rj)
	}
}

// groups are the groups of more than one number, each in order, in the
// order of their first numbers.
func (u union) groups() [][]int {
	by := map[int][]int{}
	var roots []int
	for i := range u {
		r := u.root(i)
		if len(by[r]) == 0 {
			roots = append(roots, r)
		}
		by[r] = append(by[r], i)
	}
	var out [][]int
	for _, r := range roots {
		if len(by[r]) > 1 {
			out = append(out, by[r])
		}
	}
	return out
}

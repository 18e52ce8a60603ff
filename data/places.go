package data

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
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
// am Main (lat = 50.1155, lon = 8.6842)", or "" when it knows none near
// the city: two cities of one name are one place. This package knows no
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
// most networks (then the shorter, then the first in order). Each pair is
// warned of at both cities' slugs (at every city of a place to rename),
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
	type pair struct{ x, y int } // places, x < y
	near := map[pair]float64{}   // the least distance found
	shared := map[pair]string{}  // a gazetteer place of both
	joined := newUnion(len(a.Places))
	join := func(x, y placePoint) (pair, bool) {
		if x.place == y.place || x.visit.Network == y.visit.Network || x.visit.City.Country != y.visit.City.Country {
			return pair{}, false
		}
		joined.join(x.place, y.place)
		return pair{min(x.place, y.place), max(x.place, y.place)}, true
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
			if d := distance(*x.visit.City, *y.visit.City); d <= NearPlaceKm {
				if p, ok := join(x, y); ok {
					if old, seen := near[p]; !seen || d < old {
						near[p] = d
					}
				}
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
				if p, ok := join(x, y); ok {
					shared[p] = key
				}
			}
		}
	}

	keep := map[int]int{} // each joined place's group's place to keep
	for _, group := range joined.groups() {
		k := slices.MinFunc(group, func(x, y int) int {
			px, py := a.Places[x], a.Places[y]
			return cmp.Or(cmp.Compare(len(py.Visits), len(px.Visits)), cmp.Compare(len(px.Slug), len(py.Slug)), cmp.Compare(px.Slug, py.Slug))
		})
		for _, i := range group {
			keep[i] = k
		}
	}
	pairs := slices.Collect(maps.Keys(near))
	for p := range shared {
		if _, ok := near[p]; !ok {
			pairs = append(pairs, p)
		}
	}
	slices.SortFunc(pairs, func(p, q pair) int { return cmp.Or(cmp.Compare(p.x, q.x), cmp.Compare(p.y, q.y)) })
	var problems Problems
	for _, p := range pairs {
		x, y := &a.Places[p.x], &a.Places[p.y]
		why := fmt.Sprintf("lie %s km apart", formatNearKm(placeDistance(x, y)))
		if key := shared[p]; key != "" {
			why += ", and the gazetteer takes both for " + key
		}
		slug := a.Places[keep[p.x]].Slug
		var rename []string
		for _, pl := range []*Place{x, y} {
			if pl.Slug != slug {
				rename = append(rename, fmt.Sprintf("%q", pl.Slug))
			}
		}
		their := "their"
		if len(rename) == 1 {
			their = "its"
		}
		fix := fmt.Sprintf("give them one, %q: write slug = %q for the city %s, and city = %q for %s partners, unless they are two places",
			slug, slug, strings.Join(rename, " and the city "), slug, their)
		for _, pl := range [][2]*Place{{x, y}, {y, x}} {
			here, other := pl[0], pl[1]
			visits := here.Visits
			if here.Slug == slug {
				visits = visits[:1] // nothing to change there: its most recent city says so
			}
			for _, v := range visits {
				msg := fmt.Sprintf("city %q (%s) and city %q (%s) at %s %s: they look like one place under two slugs; %s",
					v.City.Slug, v.City.Name, other.Slug, other.City.Name, visitAt(other.Visits[0]), why, fix)
				problem := problemAt(v.Network, cityIndex(v)+".slug", msg)
				problem.Warning = true
				problems = append(problems, problem)
			}
		}
	}
	return problems.sorted()
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

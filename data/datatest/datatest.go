// Package datatest holds the networks that tests across the packages
// share: small ones kept as files in testdata, and a generator of large
// ones, which make bench serves too (see the gen command). Only tests and
// the benchmark import it.
package datatest

import (
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"partnermap/data"
	"partnermap/data/store"
)

//go:embed testdata/two-cities.toml
var twoCities string

//go:embed testdata/translated.toml
var translated string

// TwoCities is a network of two cities and a partner in each: Berlin, the
// coordinator's, and Palermo. Tests read line numbers off it (the
// network's name is on line 3, its full name on line 4, Palermo's lat on
// line 17): add to its end.
func TwoCities() string { return twoCities }

// Translated is a network in English with some of its texts in Italian:
// see the comment at the top of testdata/translated.toml.
func Translated() string { return translated }

// Sizes are the numbers of cities of the networks make bench serves to see
// how start-up, memory and page weight grow: the size of CoNet, a large
// programme, far more than any real network, and up to the ceiling, each
// with two partners per city.
func Sizes() []int { return []int{11, 500, 5000, 20_000, data.MaxCities} }

// Generate writes a data file of a network with the given numbers of
// cities and partners, spread over Europe: the same every time for the
// same numbers, so that figures can be compared from run to run. Each city
// lies within 0.12 degrees of a real city of its country, so that it is in
// its country's outline, as validate and serve require.
func Generate(cities, partners int) []byte {
	r := rand.New(rand.NewPCG(uint64(cities), uint64(partners)))
	anchors := anchors()
	var b strings.Builder
	fmt.Fprintf(&b, "[network]\nslug = \"scale\"\nname = \"Scale %d\"\nfull_name = \"A network of %d cities and %d partners\"\n", cities, cities, partners)
	fmt.Fprintf(&b, "programme = \"URBACT\"\nstart = 2020-01-01\nend = 2023-12-31\nsummary = \"Generated for measuring.\"\n")
	for i := range cities {
		a := anchors[r.IntN(len(anchors))]
		fmt.Fprintf(&b, "\n[[cities]]\nslug = \"city-%d\"\nname = \"City %d\"\nlocal_name = \"Città %d\"\ncountry = %q\nlat = %.4f\nlon = %.4f\n",
			i, i, i, a.country, a.lat+(r.Float64()-0.5)*0.24, a.lon+(r.Float64()-0.5)*0.24)
		if i%3 == 0 {
			fmt.Fprintf(&b, "focus_area = \"District %d\"\ndescription = \"City %d worked on its district with a local support group.\"\n", i, i)
		}
	}
	for i := range partners {
		role := "partner"
		if i == 0 {
			role = "coordinator"
		}
		kind := "city"
		if i >= cities {
			kind = "organisation"
		}
		fmt.Fprintf(&b, "\n[[partners]]\nslug = \"partner-%d\"\nname = \"Partner %d\"\nkind = %q\nrole = %q\ncity = \"city-%d\"\n", i, i, kind, role, i%cities)
	}
	return []byte(b.String())
}

// nearKm is about how far apart two points are, in km: near enough, for
// points a few kilometres apart.
func nearKm(lat1, lon1, lat2, lon2 float64) float64 {
	const km = 6371 * math.Pi / 180
	return math.Hypot((lat2-lat1)*km, (lon2-lon1)*km*math.Cos(lat1*math.Pi/180))
}

// anchor is a real city, around which Generate places cities.
type anchor struct {
	country  string
	lat, lon float64
}

// anchors are cities of the European Union, a few in each country.
func anchors() []anchor {
	return []anchor{
		{"DE", 52.52, 13.405}, {"DE", 48.137, 11.575}, {"DE", 50.938, 6.96}, {"DE", 53.55, 10.0}, {"DE", 51.34, 12.37}, {"DE", 50.11, 8.68},
		{"IT", 41.9, 12.5}, {"IT", 45.46, 9.19}, {"IT", 40.85, 14.27}, {"IT", 43.77, 11.25}, {"IT", 38.12, 13.36}, {"IT", 44.49, 11.34},
		{"FR", 48.857, 2.352}, {"FR", 45.764, 4.836}, {"FR", 43.6, 1.44}, {"FR", 50.63, 3.06}, {"FR", 44.84, -0.58}, {"FR", 48.57, 7.75},
		{"ES", 40.417, -3.7}, {"ES", 41.39, 2.17}, {"ES", 37.39, -5.98}, {"ES", 39.47, -0.38}, {"ES", 41.65, -0.88}, {"ES", 43.26, -2.93},
		{"PL", 52.23, 21.01}, {"PL", 50.06, 19.94}, {"PL", 51.77, 19.46}, {"PL", 52.41, 16.93}, {"PL", 51.11, 17.03},
		{"RO", 44.43, 26.1}, {"RO", 46.77, 23.6}, {"RO", 47.16, 27.59}, {"RO", 45.75, 21.23},
		{"NL", 52.37, 4.9}, {"NL", 52.09, 5.12}, {"NL", 51.44, 5.48},
		{"BE", 50.85, 4.35}, {"BE", 51.22, 4.4}, {"BE", 50.63, 5.57},
		{"SE", 59.33, 18.07}, {"SE", 57.71, 11.97}, {"SE", 59.86, 17.64}, {"SE", 63.83, 20.26},
		{"BG", 42.7, 23.32}, {"BG", 42.14, 24.75}, {"BG", 43.21, 27.91},
		{"PT", 38.72, -9.14}, {"PT", 41.15, -8.61}, {"PT", 40.2, -8.41},
		{"GR", 37.98, 23.73}, {"GR", 40.64, 22.94}, {"GR", 39.64, 22.42},
		{"CZ", 50.08, 14.44}, {"CZ", 49.2, 16.61},
		{"HU", 47.5, 19.04}, {"HU", 47.53, 21.63},
		{"AT", 48.21, 16.37}, {"AT", 47.07, 15.44}, {"AT", 47.27, 11.4},
		{"DK", 55.68, 12.57}, {"DK", 56.16, 10.2},
		{"FI", 60.17, 24.94}, {"FI", 61.5, 23.76}, {"FI", 65.01, 25.47},
		{"IE", 53.35, -6.26}, {"IE", 51.9, -8.47},
		{"SK", 48.15, 17.11}, {"SK", 48.72, 21.26},
		{"HR", 45.81, 15.98}, {"HR", 43.51, 16.44},
		{"SI", 46.06, 14.51},
		{"LT", 54.69, 25.28}, {"LT", 54.9, 23.9},
		{"LV", 56.95, 24.11},
		{"EE", 59.44, 24.75}, {"EE", 58.38, 26.72},
		{"LU", 49.61, 6.13},
		{"MT", 35.9, 14.51},
		{"CY", 34.68, 33.04},
	}
}

// AtlasSize is the atlas make bench serves: as many networks, places and
// partners as a programme's secretariat keeps.
var AtlasSize = struct{ Networks, Places, Partners int }{300, 3000, 6000}

// atlasLanguages are the languages other than English that a generated
// atlas's networks are translated into: the interface's nine others.
var atlasLanguages = []string{"bg", "de", "es", "fr", "it", "nl", "pl", "ro", "sv"}

// GenerateAtlas writes the files of an atlas's folder, by name: networks
// of 5 to 20 cities over the given number of places, every place in at
// least one network and the first hundred shared by up to 15, partners
// beyond one per city spread over the networks, each network's texts in
// ten languages, and an atlas.toml. The same every time for the same
// numbers. A place has the same country and point in every network, as
// the rules across files ask.
func GenerateAtlas(networks, places, partners int) map[string][]byte {
	r := rand.New(rand.NewPCG(uint64(networks), uint64(places)))
	anchors := anchors()
	type place struct {
		country  string
		lat, lon float64
	}
	// Places lie apart, as towns do: none nearer another than 2 km
	// (data.NearPlaceKm), where two would be one place under two slugs.
	// A place drawn too near is drawn again from a generator of its own,
	// so that the rest of the atlas stays as it was.
	apart := rand.New(rand.NewPCG(uint64(places), uint64(networks)))
	at := make([]place, places)
	for i := range at {
		a := anchors[r.IntN(len(anchors))]
		dlat, dlon := r.Float64()-0.5, r.Float64()-0.5
		for try := 0; ; try++ {
			at[i] = place{a.country, a.lat + dlat*0.3, a.lon + dlon*0.3/math.Cos(a.lat*math.Pi/180)}
			if try == 100 || !slices.ContainsFunc(at[:i], func(o place) bool { return nearKm(o.lat, o.lon, at[i].lat, at[i].lon) < data.NearPlaceKm+0.5 }) {
				break
			}
			dlat, dlon = apart.Float64()-0.5, apart.Float64()-0.5
		}
	}
	sizes := make([]int, networks)
	slots := 0
	for i := range sizes {
		sizes[i] = 5 + r.IntN(16)
		slots += sizes[i]
	}
	// Every place once, and the slots left to the first hundred places,
	// each then in at most 15 networks; then dealt out, a place at most
	// once per network.
	deck := make([]int, places)
	for i := range deck {
		deck[i] = i
	}
	hubs := min(100, places)
	times := make([]int, hubs)
	for extra := min(slots-places, hubs*14); extra > 0; {
		if p := r.IntN(hubs); times[p] < 14 {
			times[p]++
			deck = append(deck, p)
			extra--
		}
	}
	r.Shuffle(len(deck), func(i, j int) { deck[i], deck[j] = deck[j], deck[i] })
	members := make([][]int, networks)
	var held []int // places a network already had, for the next one
	for i := range members {
		in := map[int]bool{}
		take := func(p int) bool {
			if in[p] || len(members[i]) == sizes[i] {
				return false
			}
			in[p] = true
			members[i] = append(members[i], p)
			return true
		}
		var still []int
		for _, p := range held {
			if !take(p) {
				still = append(still, p)
			}
		}
		for len(members[i]) < sizes[i] && len(deck) > 0 {
			p := deck[0]
			deck = deck[1:]
			if !take(p) {
				still = append(still, p)
			}
		}
		held = still
	}
	for _, p := range held { // the few a last network could not take
		for i := range members {
			if !slices.Contains(members[i], p) {
				members[i] = append(members[i], p)
				break
			}
		}
	}
	programmes := []string{"URBACT II", "URBACT III", "Interreg Europe", "Interreg MED", "Horizon 2020", "Erasmus+"}
	files := map[string][]byte{}
	// One partner per city, and the rest spread evenly over the networks.
	rest := partners
	for _, cities := range members {
		rest -= len(cities)
	}
	for i, cities := range members {
		var b strings.Builder
		start := 2008 + r.IntN(14)
		fmt.Fprintf(&b, "[network]\nslug = \"net-%03d\"\nname = \"Net %d\"\nfull_name = \"Network %d of the generated atlas\"\n", i, i, i)
		fmt.Fprintf(&b, "programme = %q\nstart = %d-%02d-01\nend = %d-%02d-28\nsummary = \"Network %d worked on how cities change, with %d cities.\"\n",
			programmes[r.IntN(len(programmes))], start, 1+r.IntN(12), start+2+r.IntN(3), 1+r.IntN(12), i, len(cities))
		for _, lang := range atlasLanguages {
			fmt.Fprintf(&b, "\n[network.translations.%s]\nfull_name = \"Network %d (%s)\"\nsummary = \"Network %d worked on how cities change (%s).\"\n", lang, i, lang, i, lang)
		}
		for j, p := range cities {
			c := at[p]
			fmt.Fprintf(&b, "\n[[cities]]\nslug = \"place-%d\"\nname = \"Place %d\"\nlocal_name = \"Luogo %d\"\ncountry = %q\nlat = %.4f\nlon = %.4f\n", p, p, p, c.country, c.lat, c.lon)
			if j%2 == 0 {
				fmt.Fprintf(&b, "focus_area = \"District %d of place %d\"\n", i, p)
			}
		}
		count := len(cities) + max(0, rest*(i+1)/networks-rest*i/networks)
		for j := range count {
			role, kind := "partner", "city"
			if j == 0 {
				role = "coordinator"
			}
			if j >= len(cities) {
				kind = "organisation"
			}
			fmt.Fprintf(&b, "\n[[partners]]\nslug = \"partner-%d\"\nname = \"Partner %d of net %d\"\nkind = %q\nrole = %q\ncity = \"place-%d\"\n", j, j, i, kind, role, cities[j%len(cities)])
		}
		files[fmt.Sprintf("net-%03d.toml", i)] = []byte(b.String())
	}
	files["atlas.toml"] = []byte(fmt.Sprintf("[atlas]\nname = \"Generated atlas\"\nsummary = \"%d networks over %d places, generated for measuring.\"\nwebsite = \"https://atlas.example.org/\"\n", networks, places))
	return files
}

// Atlas reads an atlas's folder as validate does, every file and every
// rule across files, and returns the atlas or every problem.
func Atlas(dir string) (*data.Atlas, error) {
	st, err := store.Open(dir, store.Options{Mode: store.Strict})
	if err != nil {
		return nil, err
	}
	snap := st.Snapshot()
	if err := snap.Err(); err != nil {
		return nil, err
	}
	return snap.Atlas, nil
}

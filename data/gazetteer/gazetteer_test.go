package gazetteer_test

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/data/gazetteer"
)

// records are a small world: places known by several names, two
// Frankfurts, two Reggios of a size, a Valencia in two countries, and
// small places that share a large one's name.
var records = []gazetteer.Record{
	{Place: gazetteer.Place{Name: "Munich", Country: "DE", Region: "Munich", Lat: 48.13743, Lon: 11.57549, Population: 1260391},
		Names: []string{"München", "Munchen", "MUNCHEN", "Monaco di Baviera", "Мюнхен"}},
	{Place: gazetteer.Place{Name: "Frankfurt am Main", Country: "DE", Region: "Wiesbaden", Lat: 50.11552, Lon: 8.68417, Population: 650000},
		Names: []string{"Frankfurt", "Francfort"}},
	{Place: gazetteer.Place{Name: "Frankfurt (Oder)", Country: "DE", Region: "Potsdam", Lat: 52.34714, Lon: 14.55062, Population: 58537},
		Names: []string{"Frankfurt", "Frankfurt an der Oder"}},
	{Place: gazetteer.Place{Name: "Halle (Saale)", Country: "DE", Region: "Magdeburg", Lat: 51.48158, Lon: 11.97947, Population: 238321}},
	{Place: gazetteer.Place{Name: "Sankt Augustin", Country: "DE", Region: "Düsseldorf", Lat: 50.77538, Lon: 7.197, Population: 55767}},
	{Place: gazetteer.Place{Name: "Reggio Calabria", Country: "IT", Region: "Catanzaro", Lat: 38.11047, Lon: 15.66129, Population: 180686}},
	{Place: gazetteer.Place{Name: "Reggio nell'Emilia", Country: "IT", Region: "Bologna", Lat: 44.69825, Lon: 10.63125, Population: 141877},
		Names: []string{"Reggio", "Reggio Emilia"}},
	{Place: gazetteer.Place{Name: "Turin", Country: "IT", Region: "Turin", Lat: 45.07049, Lon: 7.68682, Population: 847287},
		Names: []string{"Torino", "Tórínó", "Turim"}},
	{Place: gazetteer.Place{Name: "Torino di Sangro", Country: "IT", Region: "L'Aquila", Lat: 42.23, Lon: 14.54, Population: 3000}},
	{Place: gazetteer.Place{Name: "Valencia", Country: "ES", Region: "Valencia", Lat: 39.46975, Lon: -0.37739, Population: 814208},
		Names: []string{"València"}},
	{Place: gazetteer.Place{Name: "Valencia", Country: "VE", Region: "Valencia", Lat: 10.16202, Lon: -68.00765, Population: 1385202}},
	{Place: gazetteer.Place{Name: "Malmö", Country: "SE", Region: "Malmö", Lat: 55.60587, Lon: 13.00073, Population: 301706}},
	{Place: gazetteer.Place{Name: "Kalmar", Country: "SE", Region: "Kalmar", Lat: 56.66157, Lon: 16.36163, Population: 35024}},
	{Place: gazetteer.Place{Name: "Łódź", Country: "PL", Region: "Łódź", Lat: 51.77058, Lon: 19.47395, Population: 768755}},
	{Place: gazetteer.Place{Name: "Lodz", Country: "PL", Region: "Warsaw", Lat: 52.1, Lon: 20.1, Population: 1200}},
	{Place: gazetteer.Place{Name: "Paris", Country: "US", Region: "Austin", Lat: 33.66, Lon: -95.56, Population: 24782}},
	{Place: gazetteer.Place{Name: "Paris", Country: "US", Region: "Nashville", Lat: 36.3, Lon: -88.33, Population: 10156}},
	{Place: gazetteer.Place{Name: "Tsu", Country: "JP", Region: "Tsu", Lat: 34.73, Lon: 136.51, Population: 160000},
		Names: []string{"Цу"}},
}

func open(t *testing.T) *gazetteer.Gazetteer {
	t.Helper()
	table, err := gazetteer.Encode(records)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.Open(table)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestFind(t *testing.T) {
	g := open(t)
	if g.Len() != len(records) {
		t.Fatalf("Len = %d, want %d", g.Len(), len(records))
	}
	cases := []struct {
		name, query, country string
		place, spelling      string   // the place found, by which name
		of                   int      // of how many places of the name
		ambiguous            []string // or the places it may mean
		suggestions          []string // or those spelt like it
	}{
		{"its own name", "Munich", "DE", "Munich", "Munich", 1, nil, nil},
		{"another name", "Monaco di Baviera", "DE", "Munich", "Monaco di Baviera", 1, nil, nil},
		{"another name without accents", "MUNCHEN", "DE", "Munich", "Munchen", 1, nil, nil},
		{"in another script", "мюнхен", "DE", "Munich", "Мюнхен", 1, nil, nil},
		{"in another country", "München", "AT", "", "", 0, nil, nil},
		{"the most populous by ten times", "Frankfurt", "DE", "Frankfurt am Main", "Frankfurt", 2, nil, nil},
		{"written with its qualifier", "Frankfurt (Oder)", "DE", "Frankfurt (Oder)", "Frankfurt (Oder)", 1, nil, nil},
		{"a qualifier after a slash", "Frankfurt/Oder", "DE", "Frankfurt (Oder)", "Frankfurt (Oder)", 1, nil, nil},
		{"a qualifier of another name", "Frankfurt (Main)", "DE", "Frankfurt am Main", "Frankfurt", 1, nil, nil},
		{"a qualifier in another form", "Halle/Saale", "DE", "Halle (Saale)", "Halle (Saale)", 1, nil, nil},
		{"St. for Sankt", "St. Augustin", "DE", "Sankt Augustin", "Sankt Augustin", 1, nil, nil},
		{"Saint for Sankt", "Saint-Augustin", "DE", "Sankt Augustin", "Sankt Augustin", 1, nil, nil},
		{"a hyphen for a space", "reggio-emilia", "IT", "Reggio nell'Emilia", "Reggio Emilia", 1, nil, nil},
		{"a name that starts a larger place's", "Reggio", "IT", "", "", 1, []string{"Reggio Calabria", "Reggio nell'Emilia"}, nil},
		{"places a tenth of each other's size", "Paris", "US", "", "", 2, []string{"Paris", "Paris"}, nil},
		{"by country", "Valencia", "VE", "Valencia", "Valencia", 1, nil, nil},
		{"followed by its own country", "Torino, Italia", "IT", "Turin", "Torino", 1, nil, nil},
		{"followed by its country's code", "Munich, DE", "DE", "Munich", "Munich", 1, nil, nil},
		{"its country in brackets", "München (Deutschland)", "DE", "Munich", "Munchen", 1, nil, nil},
		{"a qualifier after a comma", "Frankfurt, Oder", "DE", "Frankfurt (Oder)", "Frankfurt (Oder)", 1, nil, nil},
		{"followed by another country", "Torino, Austria", "IT", "", "", 0, nil, nil},
		{"folded to the place's own name", "lodz", "PL", "Łódź", "Łódź", 2, nil, nil},
		{"a near spelling is a suggestion", "Turino", "IT", "", "", 0, nil, []string{"Turin"}},
		{"the start of a name is a suggestion", "Torino di", "IT", "", "", 0, nil, []string{"Torino di Sangro", "Torino"}},
		{"a name nothing is like", "Stockholm", "SE", "", "", 0, nil, nil},
		{"a short name, which no name that keeps none of its letters is like", "東京", "JP", "", "", 0, nil, nil},
		{"a short name one letter away", "Tsi", "JP", "", "", 0, nil, []string{"Tsu"}},
		{"nothing", "", "DE", "", "", 0, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := g.Find(tc.query, tc.country)
			var place, spelling string
			if r.Place != nil {
				place, spelling = r.Place.Name, r.Place.Spelling
			}
			var ambiguous, suggestions []string
			for _, f := range r.Ambiguous {
				ambiguous = append(ambiguous, f.Name)
			}
			if r.Place == nil && len(r.Ambiguous) == 0 {
				for _, f := range g.Suggest(tc.query, tc.country, 3) {
					suggestions = append(suggestions, f.Spelling)
				}
			}
			if place != tc.place || spelling != tc.spelling || r.Of != tc.of || !reflect.DeepEqual(ambiguous, tc.ambiguous) || !reflect.DeepEqual(suggestions, tc.suggestions) {
				t.Errorf("Find(%q, %q) = %q by %q of %d, ambiguous %q, suggestions %q\nwant %q by %q of %d, ambiguous %q, suggestions %q",
					tc.query, tc.country, place, spelling, r.Of, ambiguous, suggestions, tc.place, tc.spelling, tc.of, tc.ambiguous, tc.suggestions)
			}
		})
	}
	// The table keeps 1e-4 degree and two significant digits of population.
	got := g.Find("Malmö", "SE").Place.Place
	if want := (gazetteer.Place{Name: "Malmö", Country: "SE", Region: "Malmö", Lat: 55.6059, Lon: 13.0007, Population: 300000}); got != want {
		t.Errorf("Malmö = %+v, want %+v", got, want)
	}
}

// A suggestion names the place so that a person can tell it from others.
func TestDescribe(t *testing.T) {
	g := open(t)
	cases := map[string]string{
		"Turino":    "Turin (seat of its region, 850,000)",
		"Torino ":   "Torino (Turin, seat of its region, 850,000)",
		"Reggio Ca": "Reggio Calabria (region of Catanzaro, 180,000)",
	}
	for query, want := range cases {
		r := g.Find(query, "IT")
		var f gazetteer.Found
		switch {
		case r.Place != nil:
			f = *r.Place
		case len(g.Suggest(query, "IT", 1)) > 0:
			f = g.Suggest(query, "IT", 1)[0]
		}
		if got := gazetteer.Describe(f); got != want {
			t.Errorf("%q: Describe = %q, want %q", query, got, want)
		}
	}
}

// The gazetteer writes names in the Latin, Cyrillic and Greek scripts.
func TestWrites(t *testing.T) {
	for name, want := range map[string]bool{"Tokyo": true, "Мюнхен": true, "Αθήνα": true, "Hồ Chí Minh": true, "東京": false, "القاهرة": false, "서울": false, "": false, "12": false} {
		if got := gazetteer.Writes(name); got != want {
			t.Errorf("Writes(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestKey(t *testing.T) {
	cases := map[string]string{
		"St. Gallen":         "st gallen",
		"Sankt Gallen":       "st gallen",
		"Saint-Gall":         "st gall",
		"Sainte-Foy":         "ste foy",
		"Ste. Foy":           "ste foy",
		"Stade":              "stade",
		"Vaulx-en-Velin":     "vaulx en velin",
		"ΑΘΗΝΑΣ":             "αθηνασ",
		"Αθήνας":             "αθηνασ",
		"'s-Hertogenbosch":   "s hertogenbosch",
		"Frankfurt (Oder)":   "frankfurt oder",
		"Reggio nell'Emilia": "reggio nell emilia",
	}
	for in, want := range cases {
		if got := gazetteer.Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

// Each place keeps its own name and one spelling of each other name: in
// upper and lower case, with the fewest accents.
func TestEncodeSpellings(t *testing.T) {
	g := open(t)
	cases := map[string]string{"munchen": "Munchen", "torino": "Torino", "MÜNCHEN": "Munchen"}
	for query, want := range cases {
		r := g.Find(query, "DE")
		if r.Place == nil {
			r = g.Find(query, "IT")
		}
		if r.Place == nil || r.Place.Spelling != want {
			t.Errorf("%q found %+v, want the spelling %q", query, r.Place, want)
		}
	}
}

func TestCheckCity(t *testing.T) {
	g := open(t)
	cases := []struct {
		name string
		city data.City
		want string // "" for no finding
	}{
		{"at the place", data.City{Name: "Malmö", Country: "SE", Lat: 55.61, Lon: 13.0}, ""},
		{"within 30 km", data.City{Name: "Malmo", Country: "SE", Lat: 55.8, Lon: 13.0}, ""},
		{"far from it", data.City{Name: "Malmö", Country: "SE", Lat: 56.66, Lon: 16.36},
			"the gazetteer puts Malmö (Sweden) at lat = 55.6059, lon = 13.0007, 239 km from lat = 56.66, lon = 16.36: check the coordinates, unless the city is another place of that name"},
		{"by another of its names", data.City{Name: "Monaco di Baviera", Country: "DE", Lat: 52.52, Lon: 13.4},
			"the gazetteer puts Munich (Germany) at lat = 48.1374, lon = 11.5755, 505 km from lat = 52.52, lon = 13.4: check the coordinates, unless the city is another place of that name"},
		{"near another place of the name", data.City{Name: "Lodz", Country: "PL", Lat: 52.1, Lon: 20.1}, ""},
		{"near the smaller of two places of the name", data.City{Name: "Frankfurt", Country: "DE", Lat: 52.35, Lon: 14.55}, ""},
		{"near one of places of similar size", data.City{Name: "Reggio", Country: "IT", Lat: 38.11, Lon: 15.66}, ""},
		{"near the place of its local name", data.City{Name: "Lodsch", LocalName: "Łódź", Country: "PL", Lat: 51.77, Lon: 19.47}, ""},
		{"a place the gazetteer does not know", data.City{Name: "Nowhere", Country: "SE", Lat: 60, Lon: 15}, ""},
		{"a name only spelt like a place's", data.City{Name: "Turino", Country: "IT", Lat: 41.9, Lon: 12.5}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := g.CheckCity(&tc.city)
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("got %+v, want no finding", got)
			case tc.want != "" && (len(got) != 1 || got[0].Message != tc.want || !got[0].Warning || got[0].Key != "lat"):
				t.Errorf("got %+v, want a warning at lat:\n%s", got, tc.want)
			}
		})
	}
}

// cities500 is a few rows of GeoNames' table, with the codes, links and
// transcriptions its alternate names hold, and a historical place.
const cities500 = "2867714\tMunich\tMunich\tMUC,EDDM,Monaco di Baviera,Muenchen,München,mi wnik,http://en.wikipedia.org/wiki/Munich,80331,Мюнхен,Μόναχο,ミュンヘン,מינכן\t48.13743\t11.57549\tP\tPPLA\tDE\t\t02\t091\t09162\t09162000\t1260391\t\t524\tEurope/Berlin\t2023-10-12\n" +
	"2951825\tAugsburg\tAugsburg\tAugsburg,Augusta Vindelicorum\t48.37154\t10.89851\tP\tPPLA2\tDE\t\t02\t097\t09761\t09761000\t259196\t\t494\tEurope/Berlin\t2019-09-05\n" +
	"2950159\tBerlin\tBerlin\tBerlin,Berlino,BER\t52.52437\t13.41053\tP\tPPLC\tDE\t\t16\t00\t11000\t11000000\t3426354\t\t74\tEurope/Berlin\t2022-11-14\n" +
	"9999999\tAltberlin\tAltberlin\t\t52.5\t13.4\tP\tPPLH\tDE\t\t16\t\t\t\t0\t\t\t\t2020-01-01\n"

func TestReadCities500(t *testing.T) {
	got, err := gazetteer.ReadCities500(strings.NewReader(cities500))
	if err != nil {
		t.Fatal(err)
	}
	want := []gazetteer.Record{
		{Place: gazetteer.Place{Name: "Munich", Country: "DE", Region: "Munich", Lat: 48.13743, Lon: 11.57549, Population: 1260391},
			Names: []string{"Munich", "Monaco di Baviera", "Muenchen", "München", "Мюнхен", "Μόναχο"}},
		{Place: gazetteer.Place{Name: "Augsburg", Country: "DE", Region: "Munich", Lat: 48.37154, Lon: 10.89851, Population: 259196},
			Names: []string{"Augsburg", "Augsburg", "Augusta Vindelicorum"}},
		{Place: gazetteer.Place{Name: "Berlin", Country: "DE", Region: "Berlin", Lat: 52.52437, Lon: 13.41053, Population: 3426354},
			Names: []string{"Berlin", "Berlin", "Berlino"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if _, err := gazetteer.ReadCities500(strings.NewReader("1\tCut short\n")); err == nil || !strings.Contains(err.Error(), "cities500.txt:1: 2 fields, want 19") {
		t.Errorf("a short row gave %v", err)
	}
}

func TestOpenRefusesOtherBytes(t *testing.T) {
	table, err := gazetteer.Encode(records)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"empty": nil, "not brotli": []byte("partnermap gazetteer 2\n"), "cut": table[:len(table)/2]} {
		if _, err := gazetteer.Open(b); err == nil {
			t.Errorf("%s: Open succeeded", name)
		}
	}
}

// The table is the same bytes from the same records, whatever order
// they come in: the binary that embeds it builds reproducibly, and the
// reproducible-build test may reuse a checkout's table.
func TestEncodeIsDeterministic(t *testing.T) {
	first, err := gazetteer.Encode(records)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(records)
	slices.Reverse(shuffled)
	again, err := gazetteer.Encode(shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Errorf("two encodings of the same records differ: %d and %d bytes", len(first), len(again))
	}
}

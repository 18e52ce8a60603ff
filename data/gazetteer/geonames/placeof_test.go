package geonames_test

import (
	"testing"

	"partnermap/data"
	"partnermap/data/gazetteer/geonames"
)

// A city is the place of its name (or local name) nearest its point, in
// its country and within 30 km: two spellings of one city are one place,
// two cities of one name are not.
func TestPlaceOf(t *testing.T) {
	g, err := geonames.Open()
	if err != nil {
		t.Fatal(err)
	}
	frankfurt := data.City{Name: "Frankfurt am Main", Country: "DE", Lat: 50.1109, Lon: 8.6821}
	want := g.PlaceOf(&frankfurt)
	if want == "" {
		t.Fatalf("Frankfurt am Main is no place of the gazetteer")
	}
	const same, other, none = "Frankfurt am Main", "another place", "no place"
	for _, tc := range []struct {
		name string
		city data.City
		want string
	}{
		{"the start of its name", data.City{Name: "Frankfurt", Country: "DE", Lat: 50.0709, Lon: 8.6421}, same},
		{"its local name", data.City{Name: "Frankfort", LocalName: "Frankfurt am Main", Country: "DE", Lat: 50.12, Lon: 8.70}, same},
		{"the other Frankfurt", data.City{Name: "Frankfurt", Country: "DE", Lat: 52.3471, Lon: 14.5506}, other},
		{"more than 30 km from any place of its name", data.City{Name: "Frankfurt", Country: "DE", Lat: 51.3, Lon: 11.0}, none},
		{"a name the gazetteer does not know", data.City{Name: "Atlantis", Country: "DE", Lat: 50.1109, Lon: 8.6821}, none},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := g.PlaceOf(&tc.city)
			is := other
			switch got {
			case want:
				is = same
			case "":
				is = none
			}
			if is != tc.want {
				t.Errorf("%q: %s, want %s (Frankfurt am Main is %q)", got, is, tc.want, want)
			}
		})
	}
}

package geonames_test

import (
	"testing"

	"github.com/paulmach/orb"

	"partnermap/data/gazetteer"
	"partnermap/data/gazetteer/geonames"
)

// Names as people of the place write them, in their script, find the
// place first once written out, and among the first eight before.
func TestSearch(t *testing.T) {
	g, err := geonames.Open()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		typed, country string
		at             orb.Point
		within         int // letters typed by which it is among the first eight
	}{
		{"München", "DE", orb.Point{11.5755, 48.1374}, 3},
		{"Torino", "IT", orb.Point{7.6868, 45.0705}, 4},
		{"Den Haag", "NL", orb.Point{4.2986, 52.0767}, 5},
		{"Warszawa", "PL", orb.Point{21.0118, 52.2298}, 5},
		{"Мюнхен", "DE", orb.Point{11.5755, 48.1374}, 3},
		{"Köln", "DE", orb.Point{6.9583, 50.9333}, 4},
		{"Bern", "CH", orb.Point{7.4474, 46.9481}, 4},
		{"Palermo", "IT", orb.Point{13.3613, 38.1157}, 4},
		{"Θεσσαλονίκη", "GR", orb.Point{22.9444, 40.6401}, 5},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			is := func(f gazetteer.Found) bool {
				return f.Country == tc.country && gazetteer.Distance(tc.at, f.Place) <= rightKm
			}
			letters := []rune(tc.typed)
			first := 0
			for n := 1; n <= len(letters); n++ {
				found := g.Search(string(letters[:n]), 8)
				for _, f := range found {
					if is(f) && first == 0 {
						first = n
					}
				}
			}
			found := g.Search(tc.typed, 8)
			if len(found) == 0 || !is(found[0]) {
				t.Fatalf("%q finds %v first, want the place at %v", tc.typed, found, tc.at)
			}
			if gazetteer.Key(found[0].Spelling) != gazetteer.Key(tc.typed) {
				t.Errorf("%q finds it by the name %q, want the name typed", tc.typed, found[0].Spelling)
			}
			if first == 0 || first > tc.within {
				t.Errorf("among the first eight after %d letters, want at most %d", first, tc.within)
			}
			got, ok := g.Place(found[0].ID())
			if !ok || got.Name != found[0].Name || got.Lat != found[0].Lat {
				t.Errorf("Place(%d) = %+v, want %+v", found[0].ID(), got, found[0].Place)
			}
		})
	}
}

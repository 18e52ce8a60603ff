package geonames_test

import (
	"testing"

	"github.com/paulmach/orb"

	"partnermap/data"
	"partnermap/data/gazetteer"
	"partnermap/data/gazetteer/geonames"
)

// Names that several places have find the one people mean, or an error
// that lists the places they may mean, and never another place in
// silence.
func TestAmbiguousNames(t *testing.T) {
	g, err := geonames.Open()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, country string
		at            orb.Point   // the place found, or
		ambiguous     []orb.Point // places the error must list
	}{
		{"Reggio", "IT", orb.Point{}, []orb.Point{{15.6613, 38.1105}, {10.6297, 44.6989}}},
		{"Reggio Calabria", "IT", orb.Point{15.6613, 38.1105}, nil},
		{"Reggio Emilia", "IT", orb.Point{10.6297, 44.6989}, nil},
		{"Newcastle", "GB", orb.Point{-1.6178, 54.9783}, nil},
		{"Newcastle upon Tyne", "GB", orb.Point{-1.6178, 54.9783}, nil},
		{"Newcastle-under-Lyme", "GB", orb.Point{-2.2276, 53.0109}, nil},
		{"Frankfurt", "DE", orb.Point{8.6821, 50.1109}, nil},
		{"Frankfurt (Oder)", "DE", orb.Point{14.5506, 52.3471}, nil},
		{"Halle (Saale)", "DE", orb.Point{11.9688, 51.4969}, nil},
		{"Valencia", "ES", orb.Point{-0.3763, 39.4699}, nil},
		{"Valencia", "VE", orb.Point{-68.0077, 10.162}, nil},
		{"Córdoba", "ES", orb.Point{-4.7794, 37.8882}, nil},
		{"Córdoba", "AR", orb.Point{-64.1888, -31.4201}, nil},
		{"Paris", "FR", orb.Point{2.3522, 48.8566}, nil},
		{"Paris", "US", orb.Point{}, []orb.Point{{-95.5555, 33.6609}, {-88.3267, 36.302}}},
		{"Cambridge", "GB", orb.Point{0.1218, 52.2053}, nil},
		{"Cambridge", "US", orb.Point{}, []orb.Point{{-71.1097, 42.3736}}},
	}
	for _, tc := range cases {
		t.Run(tc.name+"-"+tc.country, func(t *testing.T) {
			r := g.Find(tc.name, tc.country)
			if tc.ambiguous == nil {
				if r.Place == nil || gazetteer.Distance(tc.at, r.Place.Place) > rightKm {
					t.Fatalf("found %+v, want the place at %v", r, tc.at)
				}
				return
			}
			if r.Place != nil {
				t.Fatalf("found %s, want an error listing the places it may mean", gazetteer.Describe(*r.Place))
			}
			for _, at := range tc.ambiguous {
				listed := false
				for _, f := range r.Ambiguous {
					listed = listed || gazetteer.Distance(at, f.Place) <= rightKm
				}
				if !listed {
					t.Errorf("the places listed, %+v, lack the one at %v", r.Ambiguous, at)
				}
			}
		})
	}
}

// validate's warning uses the same matching: a city near a place of its
// name passes, one far from every place of it is warned about.
func TestCheckCityEmbedded(t *testing.T) {
	g, err := geonames.Open()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		city data.City
		warn bool
	}{
		{data.City{Name: "Reggio", Country: "IT", Lat: 38.11, Lon: 15.66}, false},
		{data.City{Name: "Reggio", Country: "IT", Lat: 44.70, Lon: 10.63}, false},
		{data.City{Name: "München", Country: "DE", Lat: 48.14, Lon: 11.58}, false},
		{data.City{Name: "Мюнхен", Country: "DE", Lat: 52.52, Lon: 13.40}, true},
		{data.City{Name: "Torino", Country: "IT", Lat: 42.23, Lon: 14.54}, true},
		{data.City{Name: "Newcastle", LocalName: "Newcastle upon Tyne", Country: "GB", Lat: 54.97, Lon: -1.61}, false},
	}
	for _, tc := range cases {
		if got := g.CheckCity(&tc.city); len(got) > 0 != tc.warn {
			t.Errorf("%s at %v, %v: got %v, want a warning: %v", tc.city.Name, tc.city.Lat, tc.city.Lon, got, tc.warn)
		}
	}
}

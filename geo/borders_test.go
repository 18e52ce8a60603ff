package geo

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"partnermap/data"
)

func TestBordersCheckCity(t *testing.T) {
	countries, err := DecodeCountries(readAtlas(t, "countries-50m.json"))
	if err != nil {
		t.Fatal(err)
	}
	b := NewBorders(countries)
	cases := []struct {
		name     string
		city     data.City
		want     []string // in the one message, in order; none for no finding
		wantNone bool
	}{
		{name: "Lyon, where it is", city: data.City{Country: "FR", Lat: 45.764, Lon: 4.8357}, wantNone: true},
		{name: "Lyon swapped, in Somalia", city: data.City{Country: "FR", Lat: 4.8357, Lon: 45.764},
			want: []string{"lat = 4.8357, lon = 45.764 lies ", " km outside France, in Somalia: did you swap lat and lon? Write lat = 45.764, lon = 4.8357"}},
		{name: "Palermo swapped, at sea", city: data.City{Country: "IT", Lat: 13.3613, Lon: 38.1157},
			want: []string{"outside Italy, ", "did you swap lat and lon? Write lat = 38.1157, lon = 13.3613"}},
		{name: "in the neighbouring country", city: data.City{Country: "IT", Lat: 45.7778, Lon: 4.9225},
			want: []string{"lies ", " km outside Italy, in France: correct lat and lon to a point in Italy, or write country = \"FR\" if the city is in France"}},
		{name: "at sea", city: data.City{Country: "FR", Lat: 45.5, Lon: -6},
			want: []string{"km outside France, at sea: correct lat and lon to a point in France, in decimal degrees"}},
		{name: "a harbour just off the coast", city: data.City{Country: "IT", Lat: 38.14, Lon: 13.38}, wantNone: true},
		{name: "the Vatican inside Rome, written as Italy", city: data.City{Country: "IT", Lat: 41.9029, Lon: 12.4534}, wantNone: true},
		{name: "a country without an outline", city: data.City{Country: "GI", Lat: 0, Lon: 0}, wantNone: true},
		{name: "an outline without a country", city: data.City{Country: "RS", Lat: 42.6629, Lon: 21.1655}, wantNone: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := b.CheckCity(&tc.city)
			if tc.wantNone {
				if len(got) != 0 {
					t.Fatalf("got %v, want no finding", got)
				}
				return
			}
			if len(got) != 1 || got[0].Key != "lat" || got[0].Warning {
				t.Fatalf("got %+v, want one error at lat", got)
			}
			rest := got[0].Message
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message %q lacks %q", got[0].Message, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// Outside measures along the Earth's surface: a degree of longitude at the
// equator, a degree of latitude anywhere, and to a corner.
func TestBordersOutside(t *testing.T) {
	square := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}
	b := NewBorders([]Country{{Code: "XX", Name: "Square", Shape: square}})
	degree := earthKm * math.Pi / 180
	cases := []struct {
		name string
		at   orb.Point
		want float64
	}{
		{"inside", orb.Point{0.5, 0.5}, 0},
		{"a degree east, along the equator", orb.Point{2, 0}, degree},
		{"a degree north of the top edge", orb.Point{0.5, 2}, degree},
		{"beyond a corner", orb.Point{2, 2}, math.Acos(math.Cos(1*math.Pi/180)*math.Cos(1*math.Pi/180)) * earthKm},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := b.Outside("XX", tc.at)
			if !ok || math.Abs(got-tc.want) > 0.5 {
				t.Errorf("Outside(%v) = %.2f km, %v; want %.2f km", tc.at, got, ok, tc.want)
			}
		})
	}
	if _, ok := b.Outside("YY", orb.Point{0.5, 0.5}); ok {
		t.Error("a code without an outline was judged")
	}
	if c, ok := b.In(orb.Point{0.5, 0.5}); !ok || c.Code != "XX" {
		t.Errorf("In = %v, %v; want the square", c, ok)
	}
}

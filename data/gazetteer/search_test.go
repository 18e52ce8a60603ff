package gazetteer_test

import (
	"testing"
)

// Search finds places of every country by the start of any of their
// names, each once, the likeliest first.
func TestSearch(t *testing.T) {
	g := open(t)
	type hit struct{ name, country, spelling string }
	cases := []struct {
		name, typed string
		n           int
		want        []hit
	}{
		{"by the start of its own name", "Mün", 5, []hit{{"Munich", "DE", "Munich"}}},
		{"by another name, once", "monaco", 5, []hit{{"Munich", "DE", "Monaco di Baviera"}}},
		{"in another script", "Мюн", 5, []hit{{"Munich", "DE", "Мюнхен"}}},
		{"the exact name before a larger place it starts", "Torino", 5, []hit{{"Turin", "IT", "Torino"}, {"Torino di Sangro", "IT", "Torino di Sangro"}}},
		{"in every country, the most populous first", "valen", 5, []hit{{"Valencia", "VE", "Valencia"}, {"Valencia", "ES", "Valencia"}}},
		{"its own name before another of the same place", "Frankfurt", 5, []hit{
			{"Frankfurt am Main", "DE", "Frankfurt"}, {"Frankfurt (Oder)", "DE", "Frankfurt"}}},
		{"at most n", "Fr", 1, []hit{{"Frankfurt am Main", "DE", "Frankfurt am Main"}}},
		{"nothing for nothing", " - ", 5, nil},
		{"nothing for no place", "Atlantis", 5, nil},
		{"nothing when none are asked for", "Munich", 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []hit
			for _, f := range g.Search(tc.typed, tc.n) {
				got = append(got, hit{f.Name, f.Country, f.Spelling})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("Search(%q, %d) = %v, want %v", tc.typed, tc.n, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("Search(%q, %d)[%d] = %v, want %v", tc.typed, tc.n, i, got[i], tc.want[i])
				}
			}
		})
	}
}

// Place finds a place again by the ID a search gave, and nothing by an ID
// no search gives.
func TestPlaceByID(t *testing.T) {
	g := open(t)
	f := g.Search("Мюнхен", 1)[0]
	p, ok := g.Place(f.ID())
	if !ok || p.Place != f.Place || p.Spelling != "Munich" {
		t.Errorf("Place(%d) = %+v, %v; want %+v by its own name", f.ID(), p, ok, f.Place)
	}
	for _, id := range []int{-1, g.Len(), 1 << 40} {
		if _, ok := g.Place(id); ok {
			t.Errorf("Place(%d) found a place", id)
		}
	}
}

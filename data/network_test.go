package data

import (
	"reflect"
	"testing"
)

// TestLookupMatchesScan checks the index a parsed network carries against
// the scans a network made otherwise uses.
func TestLookupMatchesScan(t *testing.T) {
	n, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	scanned := *n
	scanned.lookup = nil
	if got, want := n.Coordinator(), scanned.Coordinator(); got == nil || *got != *want {
		t.Errorf("coordinator %v, want %v", got, want)
	}
	for _, c := range append(n.Cities, City{Slug: "nowhere"}) {
		if got, want := n.PartnersIn(c.Slug), scanned.PartnersIn(c.Slug); !reflect.DeepEqual(got, want) {
			t.Errorf("partners in %s: %v, want %v", c.Slug, got, want)
		}
		got, gotOK := n.City(c.Slug)
		want, wantOK := scanned.City(c.Slug)
		if gotOK != wantOK || got != want {
			t.Errorf("city %s: %p %v, want %p %v", c.Slug, got, gotOK, want, wantOK)
		}
	}
}

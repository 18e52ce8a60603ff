package geonames_test

import (
	"testing"

	"partnermap/data"
	"partnermap/data/gazetteer/geonames"
)

// The embedded table is cities500's, whole: it finds every city of the
// default network where the network has it, by its name alone.
func TestEmbeddedTable(t *testing.T) {
	g, err := geonames.Open()
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() < 190000 {
		t.Errorf("%d places, want the 199,000 of cities500", g.Len())
	}
	n, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for i := range n.Cities {
		c := &n.Cities[i]
		if r := g.Find(c.Name, c.Country); r.Place == nil {
			t.Errorf("%s (%s) is not in the gazetteer: %+v", c.Name, c.Country, r)
		}
		if f := g.CheckCity(c); len(f) > 0 {
			t.Errorf("%s: %v", c.Name, f)
		}
	}
	t.Logf("%d places, %d names in %d bytes", g.Len(), g.Names(), geonames.Size())
}

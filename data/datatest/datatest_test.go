package datatest_test

import (
	"bytes"
	"testing"

	"partnermap/data"
	"partnermap/data/datatest"
)

// The shared networks are valid data files.
func TestFixturesParse(t *testing.T) {
	for name, src := range map[string]string{"two-cities.toml": datatest.TwoCities(), "translated.toml": datatest.Translated()} {
		n, err := data.Parse(name, []byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(n.Cities) != 2 || len(n.Partners) != 2 {
			t.Errorf("%s: %d cities and %d partners, want 2 and 2", name, len(n.Cities), len(n.Partners))
		}
	}
}

// A generated network has the cities and partners asked for, the first
// partner the coordinator, and the same bytes every time.
func TestGenerate(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {3, 5}, {11, 22}, {500, 1000}} {
		src := datatest.Generate(size[0], size[1])
		n, err := data.Parse("generated.toml", src)
		if err != nil {
			t.Fatalf("%d cities, %d partners: %v", size[0], size[1], err)
		}
		if len(n.Cities) != size[0] || len(n.Partners) != size[1] {
			t.Errorf("%d cities and %d partners, want %d and %d", len(n.Cities), len(n.Partners), size[0], size[1])
		}
		if n.Partners[0].Role != data.RoleCoordinator {
			t.Errorf("the first partner is a %s", n.Partners[0].Role)
		}
		if !bytes.Equal(src, datatest.Generate(size[0], size[1])) {
			t.Errorf("%d cities: another network the second time", size[0])
		}
	}
}

// The generated atlas is what make bench promises: its networks, places
// and partners, networks of 5 to 20 cities, no place in more than 15, a
// valid atlas across its files, no two places within 2 km, and the same
// bytes every time.
func TestGenerateAtlas(t *testing.T) {
	size := datatest.AtlasSize
	files := datatest.GenerateAtlas(size.Networks, size.Places, size.Partners)
	info, err := data.ParseAtlasInfo("atlas.toml", files["atlas.toml"])
	if err != nil {
		t.Fatal(err)
	}
	var networks []*data.Network
	partners := 0
	for name, src := range files {
		if name == "atlas.toml" {
			continue
		}
		n, err := data.Parse(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(n.Cities) < 5 || len(n.Cities) > 20 {
			t.Errorf("%s has %d cities", name, len(n.Cities))
		}
		if len(n.Translations) != 9 {
			t.Errorf("%s is in %d languages besides its own", name, len(n.Translations))
		}
		partners += len(n.Partners)
		networks = append(networks, n)
	}
	a, err := data.ComposeAtlas(info, networks)
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	for _, p := range a.Places {
		most = max(most, len(p.Visits))
	}
	t.Logf("%d networks, %d places, %d partners; the most shared place is in %d networks", len(a.Networks), len(a.Places), partners, most)
	if len(a.Networks) != size.Networks || len(a.Places) != size.Places || partners != size.Partners {
		t.Errorf("%d networks, %d places, %d partners; want %d, %d, %d", len(a.Networks), len(a.Places), partners, size.Networks, size.Places, size.Partners)
	}
	if most < 10 || most > 15 {
		t.Errorf("the most shared place is in %d networks, want up to 15", most)
	}
	if ps := a.DuplicatePlaces(nil); len(ps) > 0 {
		t.Errorf("%d places within 2 km of another, such as %s", len(ps)/2, ps[0])
	}
	again := datatest.GenerateAtlas(size.Networks, size.Places, size.Partners)
	for name, src := range files {
		if !bytes.Equal(src, again[name]) {
			t.Errorf("%s: other bytes the second time", name)
		}
	}
}

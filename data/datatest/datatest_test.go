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

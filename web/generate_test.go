package web

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"partnermap/data"
	"partnermap/geo"
	"partnermap/static"
)

// generatedSizes are the networks make bench serves to see how start-up,
// memory and page weight grow: the size of CoNet, a large programme, far
// more than any real network, and up to the ceiling, each with two
// partners per city.
var generatedSizes = []int{11, 500, 5000, 20_000, data.MaxCities}

// TestWriteGeneratedNetworks writes the generated networks as data files
// for the server binary, which cannot reach generateNetwork, a test helper:
// PARTNERMAP_GENERATE_DIR=DIR go test ./web -run '^TestWriteGeneratedNetworks$'
// writes DIR/cities-11.toml, DIR/cities-500.toml, DIR/cities-5000.toml,
// DIR/cities-20000.toml and one at the ceiling, DIR/cities-25000.toml.
func TestWriteGeneratedNetworks(t *testing.T) {
	dir := os.Getenv("PARTNERMAP_GENERATE_DIR")
	if dir == "" {
		t.Skip("set PARTNERMAP_GENERATE_DIR to write the generated networks (make bench does)")
	}
	borders := testBorders(t)
	for _, cities := range generatedSizes {
		src := generateNetwork(cities, 2*cities)
		name := filepath.Join(dir, fmt.Sprintf("cities-%d.toml", cities))
		// A file the server would refuse measures nothing.
		n, _, err := data.ParseChecked(name, src, borders.CheckCity)
		if err != nil {
			t.Fatal(err)
		}
		if len(n.Cities) != cities || len(n.Partners) != 2*cities {
			t.Fatalf("%s: %d cities and %d partners, want %d and %d", name, len(n.Cities), len(n.Partners), cities, 2*cities)
		}
		if err := os.WriteFile(name, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The generated networks are what the server accepts: every city lies in
// its country, as serve checks.
func TestGeneratedNetworksLieInTheirCountries(t *testing.T) {
	borders := testBorders(t)
	for _, cities := range append(generatedSizes, compactFrom, clusterFrom+1) {
		if _, _, err := data.ParseChecked("generated.toml", generateNetwork(cities, 2*cities), borders.CheckCity); err != nil {
			t.Errorf("%d cities: %v", cities, err)
		}
	}
}

// testBorders are the outlines the server checks cities against.
func testBorders(tb testing.TB) *geo.Borders {
	tb.Helper()
	topo, err := fs.ReadFile(static.FS(), static.Countries)
	if err != nil {
		tb.Fatal(err)
	}
	countries, err := geo.DecodeCountries(topo)
	if err != nil {
		tb.Fatal(err)
	}
	return geo.NewBorders(countries)
}

// Command gen derives what the binary embeds of Natural Earth's outlines
// from world-atlas's TopoJSON: compact tables of the 1:110m and 1:10m
// outlines (geo.EncodeTable), and the index of the basemap's tiles that
// have land in them (geo.NewTileIndex), found by drawing every tile once.
// make runs it before building the binary:
//
//	go run ./geo/gen node_modules/world-atlas static/third_party
//
// writes static/third_party/countries-110m.bin, countries-10m.bin and
// tiles.bin.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"partnermap/geo"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run ./geo/gen WORLD-ATLAS-DIR OUT-DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "outlines:", err)
		os.Exit(1)
	}
}

func run(from, to string) error {
	var tables = map[string][]byte{}
	for _, name := range []string{"countries-110m", "countries-10m"} {
		topo, err := os.ReadFile(filepath.Join(from, name+".json"))
		if err != nil {
			return err
		}
		if tables[name], err = geo.EncodeTable(topo); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	topo50, err := os.ReadFile(filepath.Join(from, "countries-50m.json"))
	if err != nil {
		return err
	}
	c50, err := geo.DecodeCountries(topo50)
	if err != nil {
		return err
	}
	// The tiles are drawn from the table, as the server draws them.
	c10, err := geo.DecodeTable(tables["countries-10m"])
	if err != nil {
		return err
	}
	index, err := geo.NewTileIndex(map[geo.TileSource]*geo.Outlines{geo.Outlines50m: geo.NewOutlines(c50), geo.Outlines10m: geo.NewOutlines(c10)})
	if err != nil {
		return err
	}
	files := map[string][]byte{"countries-110m.bin": tables["countries-110m"], "countries-10m.bin": tables["countries-10m"], "tiles.bin": index.Encode()}
	for name, body := range files {
		// Written beside and renamed, so that a build never embeds half a file.
		path := filepath.Join(to, name)
		if err := os.WriteFile(path+".tmp", body, 0o644); err != nil {
			return err
		}
		if err := os.Rename(path+".tmp", path); err != nil {
			return err
		}
		fmt.Printf("outlines: %s, %d bytes\n", path, len(body))
	}
	return nil
}

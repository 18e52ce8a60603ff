// Command gen writes the generated networks make bench serves, one data
// file for each of datatest.Sizes, with two partners per city:
//
//	go run ./data/datatest/gen DIR
//
// writes DIR/cities-11.toml, DIR/cities-500.toml, DIR/cities-5000.toml,
// DIR/cities-20000.toml and one at the ceiling, DIR/cities-25000.toml.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"partnermap/data/datatest"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./data/datatest/gen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}
	for _, cities := range datatest.Sizes() {
		name := filepath.Join(dir, fmt.Sprintf("cities-%d.toml", cities))
		if err := os.WriteFile(name, datatest.Generate(cities, 2*cities), 0o644); err != nil {
			fail(err)
		}
	}
}

// fail ends the command with an error.
func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

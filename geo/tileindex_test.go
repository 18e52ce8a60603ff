package geo

import (
	"encoding/base64"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

// tinyIndex is the index of the fixture's outlines, at every level.
func tinyIndex(t *testing.T, file string) *TileIndex {
	t.Helper()
	countries, err := DecodeCountries(readTestdata(t, file))
	if err != nil {
		t.Fatal(err)
	}
	o := NewOutlines(countries)
	ix, err := NewTileIndex(map[TileSource]*Outlines{Outlines50m: o, Outlines10m: o})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// The index has the tiles with land and no others; it reads back as it
// was written, and its version changes with the tiles.
func TestTileIndex(t *testing.T) {
	ix := tinyIndex(t, "tiny-plain.json")
	for _, tc := range []struct {
		k    TileKey
		want bool
	}{
		{TileKey{2, 2, 1}, true}, // all of the fixture, from 0° to 14°
		{TileKey{2, 1, 1}, false},
		{TileKey{4, 8, 7}, true},
		{TileKey{4, 8, 8}, false}, // below the equator: only in the margin
		{TileKey{6, 32, 31}, true},
		{TileKey{6, 33, 30}, true}, // Nowhere, from 10° to 14°
		{TileKey{6, 40, 31}, false},
		{TileKey{5, 16, 15}, false}, // no level of grid 5
		{TileKey{2, 4, 0}, false},
	} {
		if got := ix.Has(tc.k); got != tc.want {
			t.Errorf("Has(%v) = %v, want %v", tc.k, got, tc.want)
		}
	}
	back, err := DecodeTileIndex(ix.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ix) {
		t.Errorf("the index does not read back")
	}
	if ix.Version == "" || tinyIndex(t, "tiny-quantized.json").Version == ix.Version {
		t.Errorf("versions %q and %q of other outlines", ix.Version, tinyIndex(t, "tiny-quantized.json").Version)
	}
	encoded := ix.Encode()
	for _, bad := range [][]byte{nil, []byte("partnermap tiles 1\n"), encoded[:len(encoded)-1], append(append([]byte{}, encoded...), 0), []byte("partnermap tiles 0\n" + ix.Version + "\n")} {
		if _, err := DecodeTileIndex(bad); err == nil {
			t.Errorf("an index of %d bytes read", len(bad))
		}
	}
}

// A view takes the levels from its first tile zoom on, and the tiles with
// land in it; the map is told which squares in view have land.
func TestTileIndexForView(t *testing.T) {
	ix := tinyIndex(t, "tiny-plain.json")
	view := orb.Bound{Min: orb.Point{-30, -30}, Max: orb.Point{40, 40}}
	from := FirstTileZoom(view)
	if from != 6 {
		t.Fatalf("tiles from zoom %d", from)
	}
	keys := ix.Keys(view)
	for _, k := range keys {
		if !ix.Has(k) || k.Grid == 2 {
			t.Errorf("%v: has land %v, grid 2 is not drawn from zoom %d", k, ix.Has(k), from)
		}
	}
	if len(keys) < 2 {
		t.Errorf("keys %v", keys)
	}
	m := ix.ForView(view, "/t/{g}/{x}/{y}.json")
	if m.From != from || m.Deepest != DeepestZoom || m.Extent != TileExtent || len(m.Levels) != 2 {
		t.Fatalf("%+v", m)
	}
	count := 0
	for _, l := range m.Levels {
		bits, err := base64.StdEncoding.DecodeString(l.Filled)
		if err != nil {
			t.Fatal(err)
		}
		w := l.Max[0] - l.Min[0] + 1
		for y := l.Min[1]; y <= l.Max[1]; y++ {
			for x := l.Min[0]; x <= l.Max[0]; x++ {
				i := (y-l.Min[1])*w + x - l.Min[0]
				filled := bits[i/8]&(1<<(i%8)) != 0
				if filled != ix.Has(TileKey{l.Grid, x, y}) {
					t.Errorf("grid %d, %d, %d: filled %v", l.Grid, x, y, filled)
				}
				if filled {
					count++
				}
			}
		}
	}
	if count != len(keys) {
		t.Errorf("%d squares with land told, %d keys", count, len(keys))
	}
}

package geo

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
)

// TileIndex says which squares of each level have land in them: those the
// map fetches, as the sea needs no tile. make finds them once, drawing
// every tile of the world (go run ./geo/gen), and the binary embeds the
// index: a few hundred bytes, where finding them again would take the
// server's start-up tens of seconds.
type TileIndex struct {
	// Version changes whenever a tile would: it is a hash of every tile's
	// drawing, and goes into the tiles' addresses, which are cached for a
	// year.
	Version string
	filled  [][]byte // each level's squares, a bit each, row by row
}

// tileIndexMagic starts every index, with the version of its layout.
const tileIndexMagic = "partnermap tiles 1\n"

// NewTileIndex draws every tile of every level from the outlines of each
// source, to find those with land and the index's version.
func NewTileIndex(sources map[TileSource]*Outlines) (*TileIndex, error) {
	ix := &TileIndex{filled: make([][]byte, len(TileLevels))}
	h := sha256.New()
	for i, l := range TileLevels {
		o := sources[l.Source]
		if o == nil {
			return nil, fmt.Errorf("tiles: no outlines for level %d", i)
		}
		n := 1 << l.Grid
		ix.filled[i] = make([]byte, (n*n+7)/8)
		for y := range n {
			for x := range n {
				k := TileKey{l.Grid, x, y}
				if !o.hasLand(k) {
					continue
				}
				t := o.Tile(k)
				ix.filled[i][(y*n+x)/8] |= 1 << ((y*n + x) % 8)
				body, err := json.Marshal(t)
				if err != nil {
					return nil, err
				}
				fmt.Fprintf(h, "%d/%d/%d %d\n", l.Grid, x, y, len(body))
				h.Write(body)
			}
		}
	}
	ix.Version = hex.EncodeToString(h.Sum(nil)[:5])
	return ix, nil
}

// Encode writes the index as the binary embeds it.
func (ix *TileIndex) Encode() []byte {
	b := []byte(tileIndexMagic + ix.Version + "\n")
	for i, l := range TileLevels {
		b = binary.AppendUvarint(b, uint64(l.Grid))
		b = append(b, ix.filled[i]...)
	}
	return b
}

// DecodeTileIndex reads an index that Encode wrote, for the levels as they
// are: an index made for other levels is refused, to be made again.
func DecodeTileIndex(b []byte) (*TileIndex, error) {
	again := errors.New("tile index: of other levels or another layout: run make to derive it again")
	rest, ok := bytes.CutPrefix(b, []byte(tileIndexMagic))
	version, rest, found := bytes.Cut(rest, []byte("\n"))
	if !ok || !found {
		return nil, again
	}
	ix := &TileIndex{Version: string(version), filled: make([][]byte, len(TileLevels))}
	for i, l := range TileLevels {
		grid, n := binary.Uvarint(rest)
		size := (1<<(2*l.Grid) + 7) / 8
		if n <= 0 || grid != uint64(l.Grid) || len(rest[n:]) < size {
			return nil, again
		}
		ix.filled[i] = rest[n : n+size]
		rest = rest[n+size:]
	}
	if len(rest) > 0 {
		return nil, again
	}
	return ix, nil
}

// Has reports whether the tile k has land in it.
func (ix *TileIndex) Has(k TileKey) bool {
	for i, l := range TileLevels {
		if l.Grid == k.Grid {
			n := 1 << l.Grid
			if k.X < 0 || k.Y < 0 || k.X >= n || k.Y >= n {
				return false
			}
			return ix.filled[i][(k.Y*n+k.X)/8]&(1<<((k.Y*n+k.X)%8)) != 0
		}
	}
	return false
}

// viewLevels are the levels a map of view draws: from FirstTileZoom on.
func viewLevels(view orb.Bound) []int {
	from := FirstTileZoom(view)
	var levels []int
	for i := range TileLevels {
		if i+1 == len(TileLevels) || TileLevels[i+1].From > from {
			levels = append(levels, i)
		}
	}
	return levels
}

// Keys are the tiles with land that a map of view may draw, in the order
// of the levels, row by row.
func (ix *TileIndex) Keys(view orb.Bound) []TileKey {
	var keys []TileKey
	for _, i := range viewLevels(view) {
		g := TileLevels[i].Grid
		lo, hi := TileRange(view, g)
		for y := lo[1]; y <= hi[1]; y++ {
			for x := lo[0]; x <= hi[0]; x++ {
				if k := (TileKey{g, wrapColumn(x, 1<<g), y}); ix.Has(k) {
					keys = append(keys, k)
				}
			}
		}
	}
	return keys
}

// BasemapTiles tells the map which tiles to draw for a view, and where
// to fetch them: url has {g}, {x} and {y} for the grid's zoom and the
// square's column and row.
type BasemapTiles struct {
	URL     string             `json:"url"`
	From    int                `json:"from"`
	Deepest int                `json:"deepest"`
	Extent  int                `json:"extent"`
	Levels  []BasemapTileLevel `json:"levels"`
}

// BasemapTileLevel is a level of the tiles as a view has it: the squares
// in view from Min to Max (columns and rows; past the grid's last column
// for a view past 180°, see TileRange), and which of them have land
// (Filled, in base64: a bit per square, row by row, lowest bit first).
type BasemapTileLevel struct {
	From   int    `json:"from"`
	Grid   int    `json:"grid"`
	Min    [2]int `json:"min"`
	Max    [2]int `json:"max"`
	Filled string `json:"filled"`
}

// ForView is what the map of view needs to know of the tiles, fetched
// from url (see BasemapTiles).
func (ix *TileIndex) ForView(view orb.Bound, url string) *BasemapTiles {
	t := &BasemapTiles{URL: url, From: FirstTileZoom(view), Deepest: DeepestZoom, Extent: TileExtent}
	for _, i := range viewLevels(view) {
		l := TileLevels[i]
		lo, hi := TileRange(view, l.Grid)
		w := hi[0] - lo[0] + 1
		bits := make([]byte, (w*(hi[1]-lo[1]+1)+7)/8)
		for y := lo[1]; y <= hi[1]; y++ {
			for x := lo[0]; x <= hi[0]; x++ {
				if ix.Has(TileKey{l.Grid, wrapColumn(x, 1<<l.Grid), y}) {
					j := (y-lo[1])*w + x - lo[0]
					bits[j/8] |= 1 << (j % 8)
				}
			}
		}
		t.Levels = append(t.Levels, BasemapTileLevel{From: l.From, Grid: l.Grid, Min: lo, Max: hi, Filled: base64.StdEncoding.EncodeToString(bits)})
	}
	return t
}

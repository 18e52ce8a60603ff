package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"partnermap/data"
	"partnermap/geo"
	"partnermap/static"
)

// The basemap: the drawing of a map's whole view, which a first visit
// loads (see geo.Basemap), and the tiles the map draws instead once it is
// zoomed in past that drawing's detail (see geo.TileLevels), at
//
//	/static/tiles/{version}/{grid}/{x}/{y}.json
//
// Tiles are the same for every network, so a site answers those with land
// in any of its maps' views, an atlas for its own map and every
// network's. Each is drawn when first asked for, once for every site the
// builder makes and every reload (see tileStore); the export writes them
// all.

// basemaps are the outlines the basemap is drawn from, beyond the
// 1:50m ones every site's pictures use: Natural Earth at 1:110m for the
// drawing of a view of most of the world, and at 1:10m for the tiles,
// which is decoded when the first tile is drawn (about 0.1 s, and 9 MB
// kept for the life of the process).
type basemaps struct {
	coarse []geo.Country
	index  *geo.TileIndex
	tiles  *tileStore
}

// loadBasemaps reads the embedded tables; medium are the 1:50m outlines,
// and z compresses the tiles for exports.
func loadBasemaps(files fs.FS, medium func() []geo.Country, z *compressor) (basemaps, error) {
	var m basemaps
	read := func(name string) ([]byte, error) {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, fmt.Errorf("basemap %s: %w (run make to derive it)", name, err)
		}
		return b, nil
	}
	coarse, err := read(static.Outlines110m)
	if err != nil {
		return m, err
	}
	if m.coarse, err = geo.DecodeTable(coarse); err != nil {
		return m, err
	}
	index, err := read(static.TileIndex)
	if err != nil {
		return m, err
	}
	if m.index, err = geo.DecodeTileIndex(index); err != nil {
		return m, err
	}
	m.tiles = &tileStore{compressor: z, drawn: map[string]*storedTile{}}
	m.tiles.sources = sync.OnceValues(func() (map[geo.TileSource]*geo.Outlines, error) {
		fine, err := read(static.Outlines10m)
		if err != nil {
			return nil, err
		}
		countries, err := geo.DecodeTable(fine)
		if err != nil {
			return nil, err
		}
		return map[geo.TileSource]*geo.Outlines{geo.Outlines50m: geo.NewOutlines(medium()), geo.Outlines10m: geo.NewOutlines(countries)}, nil
	})
	return m, nil
}

// coarseFrom is the simplification, in degrees, from which the drawing
// of a view is cut from the 1:110m outlines: their own detail, about
// 0.1° (a view of 100° or more), is then all it shows.
const coarseFrom = 0.1

// basemap is the drawing of a map's view as basemap.json, its partners'
// countries tinted (those in tinted; none for nil), and what the map
// needs of the tiles.
func (b *Builder) basemap(view orb.Bound, tinted []string) ([]byte, error) {
	countries := b.countries
	if geo.OutlineTolerance(view) >= coarseFrom {
		countries = b.basemaps.coarse
	}
	m := geo.NewBasemap(countries, view, func(code string) bool { return slices.Contains(tinted, code) })
	m.Tinted = tinted
	// The map script fetches the tiles from there: under the site's root.
	m.Tiles = b.basemaps.index.ForView(view, b.public().File(tilesPrefix+b.basemaps.index.Version+"/{g}/{x}/{y}.json"))
	return json.Marshal(m)
}

// mapView is the view of a network's map: its cities with a margin,
// as tall as it is wide.
func mapView(n *data.Network) orb.Bound {
	return geo.Expand(geo.Square(geo.Bounds(n)), basemapMargin)
}

// partnerCountries are the countries a network has cities in, in order.
func partnerCountries(n *data.Network) []string {
	var codes []string
	for _, c := range n.Cities {
		if !slices.Contains(codes, c.Country) {
			codes = append(codes, c.Country)
		}
	}
	slices.Sort(codes)
	return codes
}

// addTiles registers the tiles with land that the maps of views may draw,
// each to be drawn when first asked for. A visitor gets it compressed
// quickly, as other responses rendered on demand, and kept in the site's
// cache.
func (b *Builder) addTiles(s *Site, views ...orb.Bound) {
	ix := b.basemaps.index
	for _, view := range views {
		for _, k := range ix.Keys(view) {
			path := tilePath(ix.Version, k)
			if _, ok := s.lazy[path]; !ok {
				s.lazy[path] = neutral(b.basemaps.tiles.tile(path, k).plain)
			}
		}
	}
}

// tileStore keeps the tiles drawn, by address, for every site a builder
// makes: a tile is the same for every network and every version of its
// data, so it is drawn once, and compressed at the best levels once, for
// the first export that asks (a tile of 1:10m outlines takes tens of
// milliseconds to draw, and its best compression more). It holds at most
// the world's tiles with land, about 5 MB drawn (2,540 tiles; a network
// across Europe has about 100).
type tileStore struct {
	sources    func() (map[geo.TileSource]*geo.Outlines, error)
	compressor *compressor
	mu         sync.Mutex
	drawn      map[string]*storedTile
}

// storedTile is one tile, drawn (plain) and compressed at the best levels
// (best) when first asked for.
type storedTile struct {
	plain, best func() (*Resource, error)
}

// tile is the tile k at path, made ready to be drawn the first time.
func (t *tileStore) tile(path string, k geo.TileKey) *storedTile {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st := t.drawn[path]; st != nil {
		return st
	}
	plain := sync.OnceValues(func() (*Resource, error) {
		sources, err := t.sources()
		if err != nil {
			return nil, err
		}
		level, _ := geo.TileLevelOf(k.Grid)
		body, err := json.Marshal(sources[level.Source].Tile(k))
		if err != nil {
			return nil, err
		}
		return newResource(typeJSON, cacheImmutable, body), nil
	})
	st := &storedTile{plain: plain, best: sync.OnceValues(func() (*Resource, error) {
		r, err := plain()
		if err != nil {
			return nil, err
		}
		return t.compressor.compress(r, best), nil
	})}
	t.drawn[path] = st
	return st
}

// exported is the tile at path as an export writes it: at the best
// levels when precompressed.
func (t *tileStore) exported(path string, precompress bool) (*Resource, error) {
	t.mu.Lock()
	st := t.drawn[path]
	t.mu.Unlock()
	switch {
	case st == nil:
		return nil, errors.New("not a tile of the basemap")
	case precompress:
		return st.best()
	}
	return st.plain()
}

// tilesPrefix starts the address of every tile.
const tilesPrefix = "/static/tiles/"

// isTile reports whether a path is a tile's.
func isTile(p string) bool { return strings.HasPrefix(p, tilesPrefix) }

// tilePath is a tile's address.
func tilePath(version string, k geo.TileKey) string {
	return tilesPrefix + version + "/" + strings.Join([]string{strconv.Itoa(k.Grid), strconv.Itoa(k.X), strconv.Itoa(k.Y)}, "/") + ".json"
}

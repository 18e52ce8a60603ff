package web

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/paulmach/orb"

	"partnermap/geo"
	"partnermap/web/admin"
)

// editingView is the view of the map that places a new city: the world
// but the poles, as a city may be added anywhere. Its drawing is cut from
// the 1:110m outlines (about 10 KB in brotli), and zoomed in, the map
// draws the tiles, which are the public maps' own.
var editingView = orb.Bound{Min: orb.Point{-180, -60}, Max: orb.Point{180, 80}}

// cachePrivate keeps an editing page's map in the browser that asked for
// it, and in no shared cache: nothing under /admin is kept there.
const cachePrivate = "private, max-age=31536000, immutable"

// EditingMap draws the map of the page that adds a city (serve --edit)
// once: the basemap of the world with its tiles, which its handler
// answers under prefix, where the admin mounts it, and the addresses of
// Leaflet and the page's script, and the public maps' raster tiles
// (--tile-url), if any. A tile is drawn when first asked for, in the
// store the public maps draw theirs in.
func (b *Builder) EditingMap(prefix string) (admin.Map, error) {
	ix := b.basemaps.index
	m := geo.NewBasemap(b.basemaps.coarse, editingView, nil)
	tiles := "/tiles/" + ix.Version + "/"
	m.Tiles = ix.ForView(editingView, prefix+tiles+"{g}/{x}/{y}.json")
	body, err := json.Marshal(m)
	if err != nil {
		return admin.Map{}, err
	}
	basemap := prefix + strings.TrimPrefix(fingerprint("basemap.json", body), "/static")
	res := b.compressor.compress(newResource(typeJSON, cachePrivate, body), best)
	handler := func(c *fiber.Ctx) error {
		p, _ := strings.CutPrefix(c.Path(), prefix)
		if c.Path() == basemap {
			return res.write(c)
		}
		rest, ok := strings.CutPrefix(p, tiles)
		if !ok {
			return fiber.ErrNotFound
		}
		k, ok := parseTileKey(strings.TrimSuffix(rest, ".json"))
		if !ok || !strings.HasSuffix(rest, ".json") || !ix.Has(k) {
			return fiber.ErrNotFound
		}
		tile, err := b.basemaps.tiles.tile(tilePath(ix.Version, k), k).best()
		if err != nil {
			return err
		}
		private := *tile
		private.CacheControl = cachePrivate
		return private.write(c)
	}
	return admin.Map{
		LeafletCSS: b.urls.LeafletCSS, LeafletJS: b.urls.LeafletJS, Script: b.urls.CityJS, Stylesheet: b.urls.CityCSS,
		Basemap: basemap, Handler: handler, Tiles: b.tiles,
	}, nil
}

// parseTileKey reads a tile's key as tilePath writes it: grid/x/y, each
// a number written as strconv writes it.
func parseTileKey(s string) (geo.TileKey, bool) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return geo.TileKey{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || strconv.Itoa(v) != p {
			return geo.TileKey{}, false
		}
		n[i] = v
	}
	return geo.TileKey{Grid: n[0], X: n[1], Y: n[2]}, true
}

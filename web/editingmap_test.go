package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/paulmach/orb"

	"partnermap/components"
	"partnermap/geo"
)

// The map of the page that adds a city is the world's basemap, drawn
// once, and the public maps' tiles, answered under the admin's address,
// compressed, and kept by no shared cache; anything else there is not
// found.
func TestEditingMap(t *testing.T) {
	b := testBuilder(t)
	m, err := b.EditingMap("/admin/map")
	if err != nil {
		t.Fatal(err)
	}
	assets := b.Assets()
	if m.LeafletJS != assets.LeafletJS || m.LeafletCSS != assets.LeafletCSS || m.Script != assets.CityJS || m.Stylesheet != assets.CityCSS || m.Script == "" || m.Stylesheet == "" {
		t.Errorf("the map's files: %+v", m)
	}
	app := fiber.New(fiber.Config{StrictRouting: true, CaseSensitive: true})
	app.Get("/admin/map/*", m.Handler)
	get := func(path, encoding string) (*http.Response, string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if encoding != "" {
			req.Header.Set("Accept-Encoding", encoding)
		}
		res, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	if !strings.HasPrefix(m.Basemap, "/admin/map/basemap.") || !strings.HasSuffix(m.Basemap, ".json") {
		t.Fatalf("the basemap's address: %q", m.Basemap)
	}
	res, body := get(m.Basemap, "")
	var basemap geo.Basemap
	if err := json.Unmarshal([]byte(body), &basemap); res.StatusCode != http.StatusOK || err != nil || len(basemap.Countries) < 150 {
		t.Fatalf("the basemap: %d %v, %d countries", res.StatusCode, err, len(basemap.Countries))
	}
	if cc := res.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "private") {
		t.Errorf("the basemap's Cache-Control: %q", cc)
	}
	if res, _ := get(m.Basemap, "br"); res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("the basemap is not compressed")
	}
	tiles := basemap.Tiles
	if tiles == nil || !strings.HasPrefix(tiles.URL, "/admin/map/tiles/") {
		t.Fatalf("the basemap's tiles: %+v", tiles)
	}
	tile := func(k geo.TileKey) string {
		return strings.NewReplacer("{g}", strconv.Itoa(k.Grid), "{x}", strconv.Itoa(k.X), "{y}", strconv.Itoa(k.Y)).Replace(tiles.URL)
	}
	ix := b.basemaps.index
	land := ix.Keys(orb.Bound{Min: orb.Point{11, 48}, Max: orb.Point{11.1, 48.1}}) // Munich
	if len(land) == 0 {
		t.Fatal("no tile with land at Munich")
	}
	for _, k := range land {
		res, _ := get(tile(k), "gzip")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(res.Header.Get("Cache-Control"), "private") {
			t.Errorf("tile %v: %d %q %q", k, res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Cache-Control"))
		}
		if plain, body := get(tile(k), ""); plain.StatusCode != http.StatusOK || !strings.Contains(body, `"countries"`) {
			t.Errorf("tile %v uncompressed: %d %.100s", k, plain.StatusCode, body)
		}
	}
	sea := geo.TileKey{Grid: 6, Y: 32} // a square of the Pacific
	for ix.Has(sea) {
		sea.X++
	}
	k := land[len(land)-1]
	for _, path := range []string{
		tile(sea),
		strings.TrimSuffix(tile(k), ".json"),
		strings.Replace(tile(k), "/"+strconv.Itoa(k.X)+"/", "/0"+strconv.Itoa(k.X)+"/", 1),
		strings.Replace(tile(k), ix.Version, "other", 1),
		"/admin/map/tiles/" + ix.Version + "/9/0/0.json",
		"/admin/map/basemap.json",
		"/admin/map/",
	} {
		if res, _ := get(path, ""); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}

// The map of the page that adds a city draws the raster tiles the public
// maps draw (--tile-url), with their credit, when the server has them,
// and none when it has not.
func TestEditingMapTiles(t *testing.T) {
	if m, err := testBuilder(t).EditingMap("/admin/map"); err != nil || m.Tiles != nil {
		t.Errorf("without --tile-url the map has tiles %+v (%v)", m.Tiles, err)
	}
	tiles := Tiles{URL: "https://tile.example.org/{z}/{x}/{y}.png", Attribution: "© Tiles & Co"}
	b, err := NewBuilder(Options{BaseURL: testBaseURL, Tiles: tiles})
	if err != nil {
		t.Fatal(err)
	}
	m, err := b.EditingMap("/admin/map")
	if err != nil {
		t.Fatal(err)
	}
	if m.Tiles == nil || *m.Tiles != (components.Tiles{URL: tiles.URL, Attribution: tiles.Attribution}) || m.Tiles != b.tiles {
		t.Errorf("the map's tiles are %+v, want the public maps' %+v", m.Tiles, tiles)
	}
}

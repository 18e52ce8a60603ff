package web

import (
	"encoding/json"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/geo"
)

// basemapOf is the basemap.json a page's map reads.
func basemapOf(t *testing.T, s *Server, page string) geo.Basemap {
	t.Helper()
	var config struct {
		Basemap string `json:"basemap"`
	}
	doc := document(t, get(t, s, page))
	raw := doc.Find("#map-config, #atlas-config").First().Text()
	if err := json.Unmarshal([]byte(raw), &config); err != nil || config.Basemap == "" {
		t.Fatalf("%s: the map's configuration %q: %v", page, raw, err)
	}
	var m geo.Basemap
	if err := json.Unmarshal(get(t, s, config.Basemap).body, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// tileAddress is a tile's address from the template basemap.json gives.
func tileAddress(m geo.Basemap, k geo.TileKey) string {
	return strings.NewReplacer("{g}", strconv.Itoa(k.Grid), "{x}", strconv.Itoa(k.X), "{y}", strconv.Itoa(k.Y)).Replace(m.Tiles.URL)
}

// The network's map learns from basemap.json which partners' countries to
// tint, from which zoom to draw tiles and which squares have land; the
// site answers those tiles, drawn from Natural Earth at 1:10m, cached for
// a year under an address that changes with them, and no others.
func TestTiles(t *testing.T) {
	s := testServer(t, "")
	m := basemapOf(t, s, "/")
	if !slices.Equal(m.Tinted, []string{"BE", "BG", "DE", "ES", "FR", "GB", "IT", "NL", "PL", "RO", "SE"}) {
		t.Errorf("tinted %v", m.Tinted)
	}
	if m.Tiles == nil || m.Tiles.From != 6 || m.Tiles.Deepest != geo.DeepestZoom || len(m.Tiles.Levels) != 2 {
		t.Fatalf("tiles %+v", m.Tiles)
	}
	site := s.site.Load()
	view := mapView(mustDefault(t))
	keys := testBuilder(t).basemaps.index.Keys(view)
	if len(keys) < 50 {
		t.Fatalf("%d tiles in CoNet's view", len(keys))
	}
	// Berlin, at the deepest level.
	berlin := geo.TileKey{Grid: 6, X: 34, Y: 20}
	if !slices.Contains(keys, berlin) {
		t.Fatalf("no tile of Berlin among %v", keys)
	}
	r := get(t, s, tileAddress(m, berlin))
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != typeJSON || r.Header.Get("Cache-Control") != cacheImmutable {
		t.Fatalf("Berlin's tile: %d, %q, %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
	}
	var tile geo.Tile
	if err := json.Unmarshal(r.body, &tile); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range tile.Countries {
		codes = append(codes, c.Code)
	}
	if !slices.Contains(codes, "DE") || !slices.Contains(codes, "PL") {
		t.Errorf("Berlin's tile has %v", codes)
	}
	// Every site of a builder shares its tiles: drawn once, and compressed
	// at the best levels once, for the first export that asks.
	pair := testServer(t, datatest.TwoCities()).site.Load()
	mine, err := site.exportResource(tileAddress(m, berlin), true)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := pair.exportResource(tileAddress(m, berlin), true)
	if err != nil || theirs != mine || mine.brotli == nil || string(mine.Body()) != string(r.body) {
		t.Errorf("Berlin's tile is not drawn and compressed once for both sites: %v", err)
	}
	paths := site.Paths()
	for _, k := range keys {
		if !slices.Contains(paths, tileAddress(m, k)) {
			t.Errorf("%v is not among the addresses an export writes", k)
		}
	}
	// Outside the view, and the open sea in it, have none.
	for _, k := range []geo.TileKey{{Grid: 6, X: 10, Y: 10}, {Grid: 6, X: 29, Y: 22}, {Grid: 5, X: 17, Y: 10}} {
		if r := get(t, s, tileAddress(m, k)); r.StatusCode != 404 {
			t.Errorf("%v: %d", k, r.StatusCode)
		}
	}
}

func mustDefault(t *testing.T) *data.Network {
	t.Helper()
	n, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// An atlas answers the tiles of its own map and of every network's, whose
// sites are built when first visited; its own map tints nothing. A view of
// most of the world is drawn from the 1:110m outlines.
func TestAtlasTiles(t *testing.T) {
	a, err := datatest.Atlas(filepath.Join("..", "data", "testdata", "atlas"))
	if err != nil {
		t.Fatal(err)
	}
	pampas, err := data.Parse("pampas.toml", []byte(`[network]
slug = "pampas"
name = "Pampas"

[[cities]]
slug = "cordoba"
name = "Córdoba"
country = "AR"
lat = -31.4135
lon = -64.1811

[[partners]]
slug = "cordoba"
name = "Municipalidad de Córdoba"
kind = "city"
role = "coordinator"
city = "cordoba"
`))
	if err != nil {
		t.Fatal(err)
	}
	world, err := data.ComposeAtlas(a.Info, append(slices.Clone(a.Networks), pampas))
	if err != nil {
		t.Fatal(err)
	}
	b := testBuilder(t)
	site, err := b.BuildAtlas(world)
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(site, slog.New(slog.DiscardHandler))
	m := basemapOf(t, s, "/")
	if m.Tinted != nil || m.Tiles == nil || m.Tiles.From >= 6 {
		t.Errorf("the atlas's map: tinted %v, tiles %+v", m.Tinted, m.Tiles)
	}
	// Córdoba's tile at the deepest level, for Pampas's own map.
	cordoba := geo.TileKey{Grid: 6, X: 20, Y: 37}
	if !slices.Contains(b.basemaps.index.Keys(mapView(pampas)), cordoba) {
		t.Fatalf("%v is not in Pampas's view", cordoba)
	}
	if r := get(t, s, tileAddress(m, cordoba)); r.StatusCode != 200 {
		t.Errorf("Córdoba's tile from the atlas: %d", r.StatusCode)
	}
	// The atlas's view spans most of the world: drawn from 1:110m.
	view := geo.Expand(geo.Square(geo.PlaceBounds(world)), basemapMargin)
	if tol := geo.OutlineTolerance(view); tol < coarseFrom {
		t.Fatalf("the view's simplification is %v°", tol)
	}
	if want := geo.NewBasemap(b.basemaps.coarse, view, nil).Countries; !slices.Equal(m.Countries, want) {
		t.Errorf("the atlas's view is not drawn from 1:110m: %d countries, want %d", len(m.Countries), len(want))
	}
}

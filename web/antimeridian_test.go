package web

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"partnermap/data"
	"partnermap/geo"
)

// A network across the antimeridian gets a map of the Pacific, not of
// the world: its bounds run past 180°, its basemap draws Samoa there
// beside Fiji, the tiles east of 180° are answered, and the picture
// drawn for readers without scripts puts Apia beside Suva.
func TestNetworkAcrossTheAntimeridian(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("e2e", "testdata", "pacific.toml"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := data.Parse("pacific.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	b := testBuilder(t)
	site, err := b.Build(n)
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(site, slog.New(slog.DiscardHandler))

	var config struct {
		Bounds    [2][2]float64 `json:"bounds"`
		MaxBounds [2][2]float64 `json:"maxBounds"`
	}
	if err := json.Unmarshal([]byte(document(t, get(t, s, "/")).Find("#map-config").Text()), &config); err != nil {
		t.Fatal(err)
	}
	if want := [2][2]float64{{-36.8485, 174.7635}, {-13.8333, 188.2333}}; config.Bounds != want {
		t.Errorf("bounds %v, want %v", config.Bounds, want)
	}
	if west, east := config.MaxBounds[0][1], config.MaxBounds[1][1]; west < 150 || west > 174.7635 || east < 188.2333 || east > 210 {
		t.Errorf("maxBounds %v: not the Pacific around the network", config.MaxBounds)
	}

	m := basemapOf(t, s, "/")
	if m.Bounds != config.MaxBounds {
		t.Errorf("basemap bounds %v, map's %v", m.Bounds, config.MaxBounds)
	}
	// Samoa is tinted in the drawing: it was cut from the world's west
	// edge and moved east of 180°.
	tinted := 0
	for _, c := range m.Countries {
		if c.Tinted {
			tinted++
		}
	}
	if tinted != 3 {
		t.Errorf("%d countries tinted, want Fiji, Samoa and New Zealand", tinted)
	}
	// Apia's square at the deepest level is column 1 of 64, counted on
	// past the last column in the view's levels.
	apia := geo.TileKey{Grid: 6, X: 1, Y: 34}
	level := m.Tiles.Levels[len(m.Tiles.Levels)-1]
	if level.Grid != 6 || level.Min[0] > 63 || level.Max[0] < 64+apia.X {
		t.Fatalf("the deepest level in view: %+v", level)
	}
	if r := get(t, s, tileAddress(m, apia)); r.StatusCode != 200 {
		t.Errorf("Apia's tile: %d", r.StatusCode)
	}

	pic := geo.NewPicture(n, b.countries, pictureWidth, pictureHeight, orb.Bound{Max: orb.Point{pictureWidth, pictureHeight}})
	suva, _ := pic.City("suva")
	at, _ := pic.City("apia")
	if d := at.At[0] - suva.At[0]; d <= 0 || d > pictureWidth/2 {
		t.Errorf("Apia drawn %v px east of Suva on a picture %v px wide", d, pictureWidth)
	}
	for _, l := range pic.Links {
		if d := l[1][0] - l[0][0]; d < -pictureWidth/2 || d > pictureWidth/2 {
			t.Errorf("a link %v runs across the picture", l)
		}
	}
	samoa := false
	for _, c := range pic.Countries {
		if c.Code == "WS" {
			t.Logf("WS %v", c.Shape.Bound())
			samoa = c.Shape.Bound().Pad(20).Contains(at.At)
		}
	}
	if !samoa {
		t.Errorf("Samoa is not drawn around Apia, at %v", at.At)
	}
}

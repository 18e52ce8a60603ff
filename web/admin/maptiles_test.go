package admin

import (
	"encoding/json"
	"strings"
	"testing"

	"partnermap/components"
	view "partnermap/components/admin"
)

// The page that adds a city hands its script the raster tiles the public
// maps draw (--tile-url), and names their source beside the map, as the
// public pages do; without tiles it has neither.
func TestAddCityMapTiles(t *testing.T) {
	tiles := &components.Tiles{URL: "https://tile.example.org/{z}/{x}/{y}.png", Attribution: "© Tiles & Co"}
	for _, tc := range []struct {
		name  string
		tiles *components.Tiles
	}{{"without tiles", nil}, {"with tiles", tiles}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withPlaces(t), func(c *Config) {
				made := c.Map
				c.Map = func(prefix string) (Map, error) {
					m, err := made(prefix)
					m.Tiles = tc.tiles
					return m, err
				}
			})
			b := f.browser()
			b.mustSignIn("ben")
			page := b.get("/admin/networks/conet/cities/new")
			var config view.CityMap
			if err := json.Unmarshal([]byte(page.doc.Find("#city-config").Text()), &config); err != nil {
				t.Fatal(err)
			}
			credits := strings.Join(strings.Fields(page.doc.Find("#city-map-credits").Text()), " ")
			if tc.tiles == nil {
				if config.Tiles != nil || strings.Contains(page.doc.Find("#city-config").Text(), `"tiles"`) || credits != "Country outlines: Natural Earth · Map: Leaflet" {
					t.Errorf("tiles %+v, credits %q", config.Tiles, credits)
				}
				return
			}
			if config.Tiles == nil || *config.Tiles != *tiles {
				t.Errorf("the script's tiles are %+v, want %+v", config.Tiles, tiles)
			}
			if credits != "Country outlines: Natural Earth · Map: Leaflet · Tiles: © Tiles & Co" {
				t.Errorf("the map's credits read %q", credits)
			}
		})
	}
}

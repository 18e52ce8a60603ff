// Package components holds the site's markup as templ components: the page
// layout, the network and city pages, the details panel the map script swaps
// in, and the error pages. Each piece of markup is written once; pages and
// fragments are made from the same components.
package components

import (
	"context"
	"io"

	"github.com/a-h/templ"
	"github.com/yuin/goldmark"

	"partnermap/data"
)

// Page is what every full page carries besides its content.
type Page struct {
	T           Messages
	Network     *data.Network
	Paths       Paths
	Assets      Assets
	Title       string
	Description string
	Canonical   string // absolute URL; empty on pages that have none
	Map         MapConfig
	Selected    string // the city shown, "" for the network overview
	Tiles       *Tiles
}

// Paths makes the site's addresses, so that templates and the route table
// agree on them.
type Paths struct{}

// Home is the network page.
func (Paths) Home() string { return "/" }

// City is a city's page.
func (Paths) City(slug string) string { return "/cities/" + slug }

// CityPanel is the details panel of a city alone, which the map script
// fetches to show a city without loading a page.
func (Paths) CityPanel(slug string) string { return "/fragments/cities/" + slug + ".html" }

// NetworkPanel is the network overview panel alone.
func (Paths) NetworkPanel() string { return "/fragments/network.html" }

// GeoJSON is the network's FeatureCollection.
func (Paths) GeoJSON() string { return "/api/network.geojson" }

// Assets are the fingerprinted addresses of the stylesheets and scripts.
type Assets struct {
	LeafletCSS, SiteCSS, LeafletJS, MapJS, Favicon string
}

// Tiles is an optional raster tile layer drawn under the outlines.
type Tiles struct {
	URL         string `json:"url"`
	Attribution string `json:"attribution"`
}

// MapConfig is what the map script needs, handed over as a JSON script
// block so that no script is ever built from strings.
type MapConfig struct {
	GeoJSON      string        `json:"geojson"`
	Basemap      string        `json:"basemap"`
	Selected     string        `json:"selected,omitempty"`
	Home         string        `json:"home"`
	NetworkPanel string        `json:"networkPanel"`
	CityPath     string        `json:"cityPath"`
	CityPanel    string        `json:"cityPanel"`
	Bounds       [2][2]float64 `json:"bounds"`
	MaxBounds    [2][2]float64 `json:"maxBounds"`
	Tiles        *Tiles        `json:"tiles,omitempty"`
	Coordinator  string        `json:"coordinator"`
}

// markdown renders Markdown with goldmark's defaults: raw HTML is left
// out and links with unsafe schemes are dropped.
func markdown(md data.Markdown) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		return goldmark.Convert([]byte(md), w)
	})
}

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
	// Embed holds the options of an embedded map, nil on the site's own
	// pages.
	Embed *EmbedOptions
	// SkipTo is the id of the element the skip link leads to, if any.
	SkipTo string
	// Stylesheets and Scripts are what the page loads, in order.
	Stylesheets, Scripts []string
	// OEmbed is the address of the oEmbed description of this page, for
	// discovery; empty on pages that have none.
	OEmbed string
}

// Assets are the fingerprinted addresses of the stylesheets and scripts.
type Assets struct {
	LeafletCSS, SiteCSS, LeafletJS, MapJS, BuilderJS, Favicon string
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
	Embed        *EmbedConfig  `json:"embed,omitempty"`
}

// EmbedConfig is what the map script does differently inside an iframe.
type EmbedConfig struct {
	Lines        bool   `json:"lines"`
	Details      bool   `json:"details"`
	FullCity     string `json:"fullCity"` // a city's full page, with {slug}
	WheelHint    string `json:"wheelHint"`
	WheelHintMac string `json:"wheelHintMac"`
	TouchHint    string `json:"touchHint"`
}

// newTab makes a link open in a new tab from inside an embed, so that it
// does not replace the map in the host page's frame.
func newTab(p Page) templ.Attributes {
	if p.Embed == nil {
		return nil
	}
	return templ.Attributes{"target": "_blank", "rel": "noopener"}
}

// markdown renders Markdown with goldmark's defaults: raw HTML is left
// out and links with unsafe schemes are dropped.
func markdown(md data.Markdown) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		return goldmark.Convert([]byte(md), w)
	})
}

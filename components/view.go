// Package components holds the site's markup as templ components: the page
// layout, the network and city pages, the details panel the map script swaps
// in, and the error pages. Each piece of markup is written once; pages and
// fragments are made from the same components.
package components

import (
	"github.com/a-h/templ"

	"partnermap/data/messages"
)

// Page is what every full page carries besides its content.
type Page struct {
	T           messages.Messages
	Header      Header
	Paths       Paths
	Assets      Assets
	Title       string
	Description string
	// Canonical is the page's absolute URL, which link previews give too;
	// an embed's is its full page's, and pages with no address of their
	// own, such as error pages, have none.
	Canonical string
	Map       MapConfig
	Selected  string // the city shown, "" for the network overview
	Tiles     *Tiles
	// Embed holds the options of an embedded map, nil on the site's own
	// pages.
	Embed *EmbedOptions
	// NoIndex keeps the page out of search engines, as a draft's preview
	// is; embeds are kept out always.
	NoIndex bool
	// Subject is, on an embed of a city or a place, what it shows: a
	// frame too small for more shows its map and this alone.
	Subject *Subject
	// SkipTo is the id of the element the skip link leads to, if any:
	// "cities", "networks" or "places", each named by skipLabel.
	SkipTo string
	// Stylesheets and Scripts are what the page loads, in order.
	Stylesheets, Scripts []string
	// Picture is the server-drawn map; nil where there is no map.
	Picture *Picture
	// SiteName, Preview and LinkedData describe the page to link previews
	// and search engines; LinkedData is schema.org JSON-LD.
	SiteName   string
	Preview    Preview
	LinkedData any
	// OEmbed are the absolute addresses of the page's oEmbed descriptions,
	// for discovery; empty on pages that have none.
	OEmbed OEmbedLinks
	// Cities are the cities the page names: in its list, or on its drawn
	// map where it leaves the list out (Map.List). CityCount is how many
	// the network has, and Filter whether its list has a search field.
	Cities    []CityItem
	CityCount int
	Filter    bool
	// Versions are the page in every interface language, the page's own
	// included, for the language switcher and the hreflang links; none on
	// embeds, which the host page's language chooses.
	Versions []Version
}

// Subject names what an embed of a city or a place shows, with a link to
// its full page.
type Subject struct {
	Name  Text
	Href  string
	Label string // the link's accessible name, which holds Name
}

// OEmbedLinks are a page's oEmbed descriptions, as files that static hosts
// serve too.
type OEmbedLinks struct{ JSON, XML string }

// Version is a page in one interface language.
type Version struct {
	messages.Language
	URL  string // absolute, for hreflang
	Path string // what the language switcher links to
	// Home and City are the network page and, with {slug}, a city's page
	// in the language: the map script keeps the switcher on the city
	// shown as visitors choose cities.
	Home, City string
}

// Assets are the fingerprinted addresses of the stylesheets and scripts.
type Assets struct {
	LeafletCSS, SiteCSS, LeafletJS, MapJS, BuilderJS, AtlasJS, Favicon string
	// FaviconPNG is the icon the public pages name, Favicon drawn as a
	// PNG, which a browser decodes for far less than an SVG document.
	FaviconPNG string
	// AdminCSS is the editing pages' stylesheet, after SiteCSS.
	AdminCSS string
	// CityJS and CityCSS are the script and the stylesheet of the
	// editing page that adds a city.
	CityJS, CityCSS string
	// EditorJS is the script of a draft's page that leads from a problem
	// to its place in the data file.
	EditorJS string
	// MarkerClusterCSS and MarkerClusterJS are loaded only by pages whose
	// map clusters (MapConfig.Cluster).
	MarkerClusterCSS, MarkerClusterJS string
}

// Tiles is an optional raster tile layer drawn under the outlines.
type Tiles struct {
	URL         string `json:"url"`
	Attribution string `json:"attribution"`
}

// MapConfig is what the map script needs, handed over as a JSON script
// block so that no script is ever built from strings.
type MapConfig struct {
	Basemap      string        `json:"basemap"`
	Selected     string        `json:"selected,omitempty"`
	Home         string        `json:"home"`
	NetworkPanel string        `json:"networkPanel"`
	CityPath     string        `json:"cityPath"`
	CityPanel    string        `json:"cityPanel"`
	Bounds       [2][2]float64 `json:"bounds"`
	MaxBounds    [2][2]float64 `json:"maxBounds"`
	Tiles        *Tiles        `json:"tiles,omitempty"`
	Embed        *EmbedConfig  `json:"embed,omitempty"`
	Labels       MapLabels     `json:"labels"`
	// Cluster groups markers that would overlap, for large networks.
	Cluster bool `json:"cluster,omitempty"`
	// List is the address of the city list as a fragment, for pages that
	// do not carry the list themselves; empty where they do.
	List string `json:"list,omitempty"`
	// Suggestions are the addresses of the offer of the page in each
	// interface language, by tag, for the map script to fetch the one the
	// browser prefers; none on embeds.
	Suggestions map[string]string `json:"suggestions,omitempty"`
}

// MapLabels are the words the map script puts on the page, from the
// message files like every other word. The script fills placeholders such
// as {{.City}} by name, and chooses among the plural forms of a message
// that counts ({"one": ..., "other": ...}) with the browser's plural rules.
// The cluster's and the search field's words come only with a map that
// clusters and a list that has the field.
type MapLabels struct {
	Map         string            `json:"map"`               // the live map's accessible name
	Coordinator string            `json:"coordinator"`       // ends a coordinator city's name
	Showing     string            `json:"showing"`           // announced on choosing a city, {{.City}}
	Overview    string            `json:"overview"`          // announced on going back to the network
	Cluster     map[string]string `json:"cluster,omitempty"` // a cluster's accessible name: {{.Count}} cities
	Matches     map[string]string `json:"matches,omitempty"` // the search field's status: {{.Count}} cities of {{.Total}}
}

// EmbedConfig is what the map script does differently inside an iframe.
type EmbedConfig struct {
	// Shown is what the page shows, by option key (EmbedOptions.Shown).
	Shown map[string]bool `json:"shown"`
	// Options is the table of options, with which the script applies
	// the options of the address on a static copy of the site, where
	// every address of an embed answers with what the default shows.
	Options  EmbedTable `json:"options"`
	FullCity string     `json:"fullCity"` // a city's full page, with {slug}
	// Focus is where the city an embed shows is, [lat, lon], on which a
	// frame too small for more opens the map.
	Focus        *[2]float64 `json:"focus,omitempty"`
	WheelHint    string      `json:"wheelHint"`
	WheelHintMac string      `json:"wheelHintMac"`
	TouchHint    string      `json:"touchHint"`
}

// skipLabel names where the page's skip link leads, in its language.
func skipLabel(p Page) string {
	switch p.SkipTo {
	case "networks":
		return p.T.T("skip.networks")
	case "places":
		return p.T.T("skip.places")
	default:
		return p.T.T("skip.cities")
	}
}

// newTab makes a link open in a new tab from inside an embed, so that it
// does not replace the map in the host page's frame.
func newTab(p Page) templ.Attributes {
	if p.Embed == nil {
		return nil
	}
	return templ.Attributes{"target": "_blank", "rel": "noopener"}
}

// CityHref is where a link to a city leads from a page: its page, or
// inside an embed its view in the embed; from an embed without details,
// its full page.
func CityHref(paths Paths, slug string) string {
	if o := paths.Embed; o != nil && !o.Details {
		return paths.Full().City(slug)
	}
	return paths.City(slug)
}

// city is a city the page names, by its slug.
func (p Page) city(slug string) CityItem {
	for _, c := range p.Cities {
		if c.Slug == slug {
			return c
		}
	}
	return CityItem{Slug: slug, Name: Text{Text: slug}}
}

// current marks the link to the page itself among its siblings.
func current(is bool) templ.Attributes {
	if !is {
		return nil
	}
	return templ.Attributes{"aria-current": "true"}
}

// cityLinkAttrs marks a link to a city for the map script, which opens the
// city in place, or makes it open the full page in a new tab.
func cityLinkAttrs(p Page, slug string) templ.Attributes {
	if p.Embed != nil && !p.Embed.Details {
		return newTab(p)
	}
	attrs := templ.Attributes{"data-slug": slug}
	if slug == p.Selected {
		attrs["aria-current"] = "page"
	}
	return attrs
}

// Picture is the map drawn by the server, in pixels: what a page shows
// before its script runs, without JavaScript, and in print.
type Picture struct {
	Width, Height int
	Countries     []PictureCountry
	Links         [][2][2]float64 // from, to: [x, y]
	Cities        []PictureCity
	// Plain draws the dots alone, without links: a large network's
	// overview, whose list links every city.
	Plain bool
	Marks PictureMarks
}

// PictureMarks are the sizes of the picture's marks, in its pixels: a
// partner city's dot (a radius), the coordinator's diamond (from its
// centre to a corner), the target around each, the ring around the chosen
// city, and the dots of a plain picture.
type PictureMarks struct {
	Dot, Diamond, Target, Ring, SmallDot float64
}

// PictureCountry is a country outline as SVG path data.
type PictureCountry struct {
	Path   string
	Tinted bool
}

// PictureCity is a city's dot; the page's Cities name it.
type PictureCity struct {
	Slug        string
	X, Y        float64
	Coordinator bool
}

// Preview is the image that link previews show for a page.
type Preview struct {
	URL, Alt      string
	Width, Height int
}

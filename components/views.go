package components

import (
	"slices"
	"strings"

	"github.com/a-h/templ"

	"partnermap/data"
)

// The views below are what pages show of a network, prepared in one
// language by the site's builder: texts already picked from the
// translations, names of countries, kinds and roles already in words,
// Markdown already HTML, addresses already made. Components only write
// them out.

// Text is a text from the data file with the language it is in: the
// page's when it was translated, the file's own otherwise, which the page
// then marks (see langAttrs).
type Text = data.Localized[string]

// HTML is a Markdown text from the data file, rendered, with the language
// it is in.
type HTML struct {
	HTML string
	Lang string
}

// Header is what the top of every page of a network says.
type Header struct {
	Name      string // the network's name, a link to its page
	FullName  string
	Programme string // programme and fund, on one line
	Period    string // "21 April 2008 – 20 May 2011"
	HomeLabel string // the name link's accessible name
	// Atlas leads back to the atlas a network's site is part of; nil on
	// a site of one network.
	Atlas *AtlasLink
}

// AtlasLink is the way from a network's site back to its atlas.
type AtlasLink struct {
	Name  string // the atlas's name
	Href  string // its home
	Label string // the link's accessible name
}

// CityItem is a city as lists, the drawn map and the live map's markers
// name it.
type CityItem struct {
	Slug        string
	Name        Text
	LocalName   string // shown beside a name in another language
	Country     string // the country's name in the page's language
	Coordinator bool
	Lat, Lon    string // as in the GeoJSON
	Href        string // where its link leads, see cityHref
}

// NetworkView is a network's overview panel.
type NetworkView struct {
	Name       string
	FullName   Text
	Programme  string
	Fund       string
	Period     string
	Website    string
	Summary    HTML
	Objectives data.Localized[[]string]
	Activities data.Localized[[]string]
	Results    []ResultView
	Contact    data.Contact
	Downloads  []Download
}

// CityView is a city's details panel.
type CityView struct {
	CityItem
	FocusArea   Text
	Description HTML
	Partners    []PartnerView
	Meetings    []MeetingView
	Results     []ResultView
	Links       []data.Link
	// DataLang is the language of the file's texts that are never
	// translated, such as meeting topics and link titles.
	DataLang  string
	Downloads []Download
	Builder   string // the embed builder, with the city chosen
	// Place is, in an atlas, the page of the place the city is, across
	// its networks; "" on a site of one network.
	Place string
}

// Unknown reports whether nothing is known of the city's own work beyond
// its membership, which the panel then says.
func (c CityView) Unknown() bool {
	return c.FocusArea.Text == "" && c.Description.HTML == "" && len(c.Meetings) == 0 && len(c.Links) == 0 && len(c.Results) == 0
}

// PartnerView is a member organisation, its kind and role in words.
type PartnerView struct {
	Name, Website, Kind, Role string
}

// MeetingView is a meeting a city hosted.
type MeetingView struct {
	Period string
	Topic  string
}

// ResultView is something a network produced; City, on the network's
// overview, is the city it belongs to.
type ResultView struct {
	Title       Text
	URL         string
	Description HTML
	City        *CityItem
}

// Download is a file of open data a panel offers, with what it is and its
// size in words.
type Download struct {
	Href  string
	File  string // the name it is saved under
	Label string
}

// markdown writes a rendered Markdown text: raw HTML was left out and
// links with unsafe schemes dropped when the file was read.
func markdown(h HTML) templ.Component {
	return templ.Raw(h.HTML)
}

// AtlasView is an atlas's home: its overview and its list of networks.
type AtlasView struct {
	Name       string
	Summary    HTML
	Website    string
	Contact    data.Contact
	Networks   []NetworkItem
	Programmes []string // every network's, for the list's filter
	Years      []int    // every year a network was active, for the filter
	PlaceCount int
	Places     []PlaceItem // on the page of every place; none on the home
	PlacesHref string
	Downloads  []Download
	Config     AtlasConfig
}

// NetworkItem is a network in an atlas's list.
type NetworkItem struct {
	Slug, Name, FullName string
	Href                 string // the network's site
	Programme            string
	Period               string
	Cities               string // "12 cities"
	// From and To are the years it was active, for the filter.
	From, To string
}

// AtlasNetworkView is a network chosen on an atlas's map.
type AtlasNetworkView struct {
	NetworkView
	Slug   string
	Site   string     // the network's own site
	Cities []CityItem // each leading to its place
}

// PlaceItem is a place in an atlas's list of places, and on its map.
type PlaceItem struct {
	Slug     string
	Name     Text
	Country  string
	Networks int    // how many it took part in
	Lat, Lon string // as in the GeoJSON
	Href     string
	Label    string // its accessible name: "Palermo, Italy: 3 networks"
}

// PlaceView is a place's details across its networks, the most recent
// first.
type PlaceView struct {
	Slug      string
	Name      Text
	LocalName string
	Country   string
	Visits    []VisitView
}

// VisitView is a place in one of its networks.
type VisitView struct {
	Network     string // the network's slug
	Name        string // the network's name
	NetworkHref string
	CityHref    string // the city's page in the network's site
	Programme   string
	Period      string
	Coordinator bool
	FocusArea   Text
	Partners    []PartnerView
}

// AtlasConfig is what the atlas's map script needs, as a JSON script
// block. Addresses with {slug} take a place's or a network's slug.
type AtlasConfig struct {
	Basemap    string `json:"basemap"`
	Places     string `json:"places"` // the markers' source: see web's placeMarks
	Home       string `json:"home"`
	AtlasPanel string `json:"atlasPanel"`
	PlacePath  string `json:"placePath"`
	PlacePanel string `json:"placePanel"`
	// NetworkPath is the atlas's home with a network chosen; the
	// network's panel lists its cities, from which the map draws it.
	NetworkPath  string `json:"networkPath"`
	NetworkPanel string `json:"networkPanel"`
	Selected     string `json:"selected,omitempty"` // the place shown
	Network      string `json:"network,omitempty"`  // the network shown
	// Focus is where the place shown is, [lat, lon], which the map
	// zooms to.
	Focus       *[2]float64       `json:"focus,omitempty"`
	Bounds      [2][2]float64     `json:"bounds"`
	MaxBounds   [2][2]float64     `json:"maxBounds"`
	Tiles       *Tiles            `json:"tiles,omitempty"`
	Labels      AtlasLabels       `json:"labels"`
	Suggestions map[string]string `json:"suggestions,omitempty"`
	// Embed holds what the script does differently inside an iframe: the
	// words of the hints that the wheel and one finger scroll the page.
	Embed *EmbedConfig `json:"embed,omitempty"`
}

// AtlasLabels are the words the atlas's map script puts on the page; see
// MapLabels.
type AtlasLabels struct {
	Map     string `json:"map"`
	Showing string `json:"showing"` // a place chosen: {{.City}}
	Network string `json:"network"` // a network chosen: {{.Network}}
	// Coordinator ends the name of a chosen network's coordinator's city.
	Coordinator string            `json:"coordinator"`
	Overview    string            `json:"overview"` // back to the atlas
	Cluster     map[string]string `json:"cluster"`  // {{.Count}} places
	Marker      map[string]string `json:"marker"`   // {{.Place}}, {{.Country}}: {{.Count}} networks
	Matches     map[string]string `json:"matches"`  // {{.Count}} networks of {{.Total}}
}

// joinDot joins the parts that are not empty with a middle dot, for lines
// such as "URBACT II · 2008–2011".
func joinDot(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

// holdFirstFrame is what a map page's scripts carry to hold its first
// frame until they have run: the map script makes the map as it runs, so
// that the page is laid out and painted once, with its map, instead of
// once without it and again around it. Pages without a map, whose scripts
// wait for what a person does, hold nothing; without scripts nothing
// waits.
func holdFirstFrame(p Page) templ.Attributes {
	if p.Assets.LeafletJS != "" && slices.Contains(p.Scripts, p.Assets.LeafletJS) {
		return templ.Attributes{"blocking": "render"}
	}
	return nil
}

package components

import (
	"strings"

	"partnermap/data/messages"
)

// DefaultLanguage is the interface language of the site's addresses
// without a language: /, /cities/{slug}/, /embed/. Every other language has
// the same addresses under /{lang}: /it/cities/palermo/.
const DefaultLanguage = messages.Default

// Pages are folders: every page's address ends in a slash (/cities/palermo/,
// /it/, /embed/), so that an exported site is a tree of index.html files,
// which every static host serves without being told how. Addresses of
// files keep their extension (/fragments/network.html, /api/network.csv).

// Paths makes the site's addresses, so that templates, the map script's
// configuration and the route table agree on them. Inside an embedded map
// the addresses stay in the embed and keep its options; in a language
// other than the default they stay in that language.
//
// A site served under a path (--base-url https://example.org/map/) keeps
// its responses by the addresses below its root, the same as at a host's
// root, and writes them with the root in front: the route table uses Paths
// without a Root, pages and scripts Paths with one.
type Paths struct {
	// Root is the path the site is served under, such as /map, without a
	// slash at its end: "" at a host's root, and for the route table.
	Root  string
	Embed *EmbedOptions
	// Lang is the interface language; "" is the default.
	Lang string
	// Network is where a network's addresses are in an atlas of many,
	// such as /networks/conet, after the language: /it/networks/conet/.
	// A site of one network has them at its root, "".
	Network string
}

// NetworkAt is where a network's addresses are in an atlas.
func NetworkAt(slug string) string { return "/networks/" + slug }

// Full is the same set of addresses on the site's own pages.
func (p Paths) Full() Paths { return Paths{Root: p.Root, Lang: p.Lang, Network: p.Network} }

// In is the same set of addresses in another interface language.
func (p Paths) In(lang string) Paths {
	if lang == DefaultLanguage {
		lang = ""
	}
	return Paths{Root: p.Root, Embed: p.Embed, Lang: lang, Network: p.Network}
}

// Under is the same set of addresses under another root: Under("") gives
// them as the route table keeps them.
func (p Paths) Under(root string) Paths {
	p.Root = root
	return p
}

// File is the address of a file the route table keeps at path, such as a
// fingerprinted asset: /static/map.1a2b3c4d5e.js.
func (p Paths) File(path string) string { return p.Root + path }

// At is the address in the paths' language of a page whose address in the
// default language, as the route table keeps it, is path:
// /cities/palermo/ is /it/cities/palermo/ in Italian, and / is /it/.
func (p Paths) At(path string) string { return p.Language() + path }

// Language is the prefix of every address in the paths' language, root
// included: "" for the default, "/it" for Italian; under /map, "/map"
// and "/map/it".
func (p Paths) Language() string {
	if p.Lang == "" {
		return p.Root
	}
	return p.Root + "/" + p.Lang
}

func (p Paths) prefix() string {
	if p.Embed != nil {
		return p.Language() + p.Network + "/embed"
	}
	return p.Language() + p.Network
}

func (p Paths) query() string {
	if p.Embed != nil {
		return p.Embed.Query()
	}
	return ""
}

// Home is the network page.
func (p Paths) Home() string { return p.prefix() + "/" + p.query() }

// City is a city's page.
func (p Paths) City(slug string) string { return p.prefix() + "/cities/" + slug + "/" + p.query() }

// fragment is where the pieces of pages the map script fetches live, out
// of search engines' way (robots.txt).
func (p Paths) fragment(rest string) string {
	embed := ""
	if p.Embed != nil {
		embed = "/embed"
	}
	return p.Language() + p.Network + "/fragments" + embed + rest + p.query()
}

// CityPanel is the details panel of a city alone, which the map script
// fetches to show a city without loading a page.
func (p Paths) CityPanel(slug string) string { return p.fragment("/cities/" + slug + ".html") }

// NetworkPanel is the network overview panel alone.
func (p Paths) NetworkPanel() string { return p.fragment("/network.html") }

// CityList is the list of cities alone, which map pages of a large
// network fetch rather than each carrying it.
func (p Paths) CityList() string { return p.fragment("/cities.html") }

// api is where the open data lives, the same in every language.
func (p Paths) api(rest string) string { return p.Root + p.Network + "/api" + rest }

// GeoJSON is the network's FeatureCollection.
func (p Paths) GeoJSON() string { return p.api("/network.geojson") }

// Places is the GeoJSON's cities alone, a collection of Points.
func (p Paths) Places() string { return p.api("/cities.geojson") }

// Links is the GeoJSON's lead-partner links alone, a collection of
// LineStrings.
func (p Paths) Links() string { return p.api("/links.geojson") }

// CityGeoJSON is a city's Feature alone, the same as in GeoJSON.
func (p Paths) CityGeoJSON(slug string) string { return p.api("/cities/" + slug + ".geojson") }

// CSV is one row per partner, for spreadsheets.
func (p Paths) CSV() string { return p.api("/network.csv") }

// XLSX is the partners as a workbook in the layout partnermap import
// reads, for the people who edit the data.
func (p Paths) XLSX() string { return p.api("/network.xlsx") }

// KML is the network for Google Earth and desktop GIS.
func (p Paths) KML() string { return p.api("/network.kml") }

// Builder is the page that makes embed snippets; city preselects a city.
func (p Paths) Builder(city string) string {
	if city != "" {
		return p.Language() + p.Network + "/embed-builder/?city=" + city
	}
	return p.Language() + p.Network + "/embed-builder/"
}

// EmbedScript is the auto-height script host pages include. Its address
// never changes, as host pages keep it for years.
func (p Paths) EmbedScript() string { return p.Root + "/embed.js" }

// OEmbed is the oEmbed endpoint.
func (p Paths) OEmbed() string { return p.Root + "/oembed" }

// OEmbedFile is the path of a page's oEmbed description as a file in a
// format, "json" or "xml": city is the city's slug, "" for the network.
// Static hosts cannot answer /oembed?url=..., so pages announce these.
func (p Paths) OEmbedFile(city, format string) string {
	if city == "" {
		return p.Language() + p.Network + "/oembed/network." + format
	}
	return p.Language() + p.Network + "/oembed/cities/" + city + "." + format
}

// Suggestion is the offer of the page in the paths' language, which the
// map script shows to visitors whose browser prefers that language.
func (p Paths) Suggestion() string { return p.Language() + "/fragments/suggestion.html" }

// SplitLanguage parses the language off the front of a path:
// /it/cities/palermo/ is ("it", "/cities/palermo/") and /it/ is ("it", "/").
// A path without one of the other interface languages comes back whole,
// in the default language, "", and so does /it, which is not an address
// of the site but a way of writing /it/.
func SplitLanguage(path string) (lang, rest string) {
	if len(path) < 4 || path[0] != '/' || path[3] != '/' {
		return "", path
	}
	// The tag is a copy, not part of path, which may be a view of a
	// buffer the server reuses for the next request.
	tag, ok := languageTag(path[1:3])
	if !ok || tag == DefaultLanguage {
		return "", path
	}
	return tag, path[3:]
}

// languageTag is the interface language tag s spells, if any: a copy of
// s, as a language has a message file of that name.
func languageTag(s string) (string, bool) {
	if !messages.Has(s) {
		return "", false
	}
	return strings.Clone(s), true
}

// The addresses of an atlas's own pages, at the site's root in every
// language.

// Place is a place's page, across its networks: /places/palermo/.
func (p Paths) Place(slug string) string { return p.prefix() + "/places/" + slug + "/" }

// PlaceIndex is the page that lists every place.
func (p Paths) PlaceIndex() string { return p.Language() + "/places/" }

// PlacePanel is a place's details panel alone, for the map script.
func (p Paths) PlacePanel(slug string) string { return p.fragment("/places/" + slug + ".html") }

// PlaceMarks is the atlas's places as its map marks them, in JSON: the
// markers' source, lighter than the list of places.
func (p Paths) PlaceMarks() string { return p.fragment("/places.json") }

// AtlasNetwork is the atlas's home with a network chosen on its map:
// /?network=conet. A static host serves the home for it, where the map
// script chooses the network.
func (p Paths) AtlasNetwork(slug string) string { return p.Home() + "?network=" + slug }

// AtlasNetworkPanel is the panel of a network chosen on the atlas's map.
func (p Paths) AtlasNetworkPanel(slug string) string {
	return p.fragment("/networks/" + slug + ".html")
}

// AtlasPanel is the atlas's overview panel alone.
func (p Paths) AtlasPanel() string { return p.fragment("/atlas.html") }

// AtlasOEmbedFile is the oEmbed description of an atlas's page as a file:
// place is the place's slug, "" for the atlas's home.
func (p Paths) AtlasOEmbedFile(place, format string) string {
	if place == "" {
		return p.Language() + "/oembed/atlas." + format
	}
	return p.Language() + "/oembed/places/" + place + "." + format
}

// AtlasGeoJSON is every place of an atlas, each with its networks.
func (p Paths) AtlasGeoJSON() string { return p.Root + "/api/places.geojson" }

// AtlasCSV is one row per partner per network of an atlas.
func (p Paths) AtlasCSV() string { return p.Root + "/api/partners.csv" }

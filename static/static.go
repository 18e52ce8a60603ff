// Package static holds the files the browser loads: the site's stylesheet
// and scripts, which make bundles (the map script is modules in map/) and
// minifies into min/ with esbuild, and the third-party files (Leaflet,
// Leaflet.markercluster, the Natural Earth outlines) that make copies from
// node_modules, as pinned in package-lock.json, into third_party/ before
// the binary is built.
package static

import (
	"embed"
	"io/fs"
)

//go:embed min embed.js favicon.svg third_party
var files embed.FS

// Names of the embedded files.
const (
	SiteCSS = "min/site.css"
	MapJS   = "min/map.js"
	Favicon = "favicon.svg"
	// FaviconPNG is the icon the public pages name, derived from
	// favicon.svg by make (go run ./static/gen): a browser fetches a
	// page's icon in the page's own process, where an SVG icon costs the
	// main thread a whole SVG document and a PNG next to nothing.
	FaviconPNG = "min/favicon.png"
	BuilderJS  = "min/builder.js"
	// AtlasJS is the map script of an atlas's own pages.
	AtlasJS = "min/atlas.js"
	// EmbedJS is the auto-height script host pages include; it is served
	// at a stable address, not fingerprinted.
	EmbedJS    = "embed.js"
	LeafletCSS = "third_party/leaflet.css"
	LeafletJS  = "third_party/leaflet.js"
	// MarkerClusterJS and MarkerClusterCSS are Leaflet.markercluster,
	// which large networks load to group markers that would overlap.
	MarkerClusterJS  = "third_party/leaflet.markercluster.js"
	MarkerClusterCSS = "third_party/MarkerCluster.css"
	// Countries is Natural Earth's 1:50m country outlines as TopoJSON
	// (world-atlas), from which the basemap is cut.
	Countries = "third_party/countries-50m.json"
	// Outlines110m and Outlines10m are Natural Earth's 1:110m and 1:10m
	// outlines, and TileIndex the index of the basemap's tiles, which
	// make derives from world-atlas (go run ./geo/gen).
	Outlines110m = "third_party/countries-110m.bin"
	Outlines10m  = "third_party/countries-10m.bin"
	TileIndex    = "third_party/tiles.bin"
)

// FS returns the embedded files.
func FS() fs.FS { return files }

// AdminCSS styles the editing pages (serve --edit), loaded after SiteCSS;
// the public pages never load it.
const AdminCSS = "min/admin.css"

// CityJS is the script of the editing page that adds a city: the field
// City as a combobox of the gazetteer's places, and the city's point on
// a map made of the map's own modules.
const CityJS = "min/admin/city.js"

// EditorJS is the script of a draft's page that takes the caret to a
// problem's place in the data file's text area.
const EditorJS = "min/admin/editor.js"

// CityCSS styles the page that adds a city, after AdminCSS.
const CityCSS = "min/admin/city.css"

package components

// Paths makes the site's addresses, so that templates, the map script's
// configuration and the route table agree on them. Inside an embedded map
// the addresses stay in the embed and keep its options.
type Paths struct {
	Embed *EmbedOptions
}

// Full is the same set of addresses on the site's own pages.
func (Paths) Full() Paths { return Paths{} }

func (p Paths) prefix() string {
	if p.Embed != nil {
		return "/embed"
	}
	return ""
}

func (p Paths) query() string {
	if p.Embed != nil {
		return p.Embed.Query()
	}
	return ""
}

// Home is the network page.
func (p Paths) Home() string {
	if p.Embed != nil {
		return "/embed" + p.query()
	}
	return "/"
}

// City is a city's page.
func (p Paths) City(slug string) string { return p.prefix() + "/cities/" + slug + p.query() }

// CityPanel is the details panel of a city alone, which the map script
// fetches to show a city without loading a page.
func (p Paths) CityPanel(slug string) string {
	return "/fragments" + p.prefix() + "/cities/" + slug + ".html" + p.query()
}

// NetworkPanel is the network overview panel alone.
func (p Paths) NetworkPanel() string { return "/fragments" + p.prefix() + "/network.html" + p.query() }

// CityList is the list of cities alone, which map pages of a large
// network fetch rather than each carrying it.
func (p Paths) CityList() string { return "/fragments" + p.prefix() + "/cities.html" + p.query() }

// GeoJSON is the network's FeatureCollection.
func (Paths) GeoJSON() string { return "/api/network.geojson" }

// CityGeoJSON is a city's Feature alone, the same as in GeoJSON.
func (Paths) CityGeoJSON(slug string) string { return "/api/cities/" + slug + ".geojson" }

// CSV is one row per partner, for spreadsheets.
func (Paths) CSV() string { return "/api/network.csv" }

// KML is the network for Google Earth and desktop GIS.
func (Paths) KML() string { return "/api/network.kml" }

// Builder is the page that makes embed snippets; city preselects a city.
func (Paths) Builder(city string) string {
	if city != "" {
		return "/embed-builder?city=" + city
	}
	return "/embed-builder"
}

// EmbedScript is the auto-height script host pages include. Its address
// never changes, as host pages keep it for years.
func (Paths) EmbedScript() string { return "/embed.js" }

// OEmbed is the oEmbed endpoint.
func (Paths) OEmbed() string { return "/oembed" }

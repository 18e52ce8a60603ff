package components

import "github.com/a-h/templ"

// cityPlace is what the map script makes a city's marker from, carried by
// the city's link in the list: where the city is, rounded as in the
// GeoJSON; its slug where the link does not carry it as data-slug (an
// embed without details, whose links open full pages); and, for the
// search field, a local name that differs from the name.
func cityPlace(p Page, c CityItem) templ.Attributes {
	attrs := templ.Attributes{"data-lat": c.Lat, "data-lon": c.Lon}
	if p.Embed != nil && !p.Embed.Details {
		attrs["data-city"] = c.Slug
	}
	if p.Filter && c.LocalName != "" && c.LocalName != c.Name.Text {
		attrs["data-local-name"] = c.LocalName
	}
	return attrs
}

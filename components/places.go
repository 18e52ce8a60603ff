package components

import (
	"strconv"

	"github.com/a-h/templ"

	"partnermap/data"
	"partnermap/geo"
)

// filterAbove is the number of cities beyond which the list has a search
// field: up to it, the whole list fits on a screen or two and is quicker
// to read than to search.
const filterAbove = 20

// HasFilter reports whether a network's city list comes with a search
// field.
func HasFilter(n *data.Network) bool { return len(n.Cities) > filterAbove }

func hasFilter(p Page) bool { return HasFilter(p.Network) }

// cityPlace is what the map script makes a city's marker from, carried by
// the city's link in the list: where the city is, rounded as in the
// GeoJSON; its slug where the link does not carry it as data-slug (an
// embed without details, whose links open full pages); and, for the
// search field, a local name that differs from the name.
func cityPlace(p Page, c data.City) templ.Attributes {
	pt := geo.Point(c)
	attrs := templ.Attributes{
		"data-lat": strconv.FormatFloat(pt.Lat(), 'f', -1, 64),
		"data-lon": strconv.FormatFloat(pt.Lon(), 'f', -1, 64),
	}
	if p.Embed != nil && !p.Embed.Details {
		attrs["data-city"] = c.Slug
	}
	if hasFilter(p) && c.LocalName != "" && c.LocalName != c.NameIn(p.T.Lang).Text {
		attrs["data-local-name"] = c.LocalName
	}
	return attrs
}

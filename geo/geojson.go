// Package geo turns a network into geometry with orb: the GeoJSON the map
// script and open-data users read, the lead-partner links, the bounds a map
// fits, and the country outlines of the basemap; and into what is made of
// them: the CSV and KML downloads, the map drawn on every page and the
// preview images.
package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"partnermap/data"
)

// Network builds the network's RFC 7946 FeatureCollection: one Point per
// city, in file order, then one LineString per lead-partner link from the
// coordinator's city to each other city (two, cut at the antimeridian, for
// a link across it: see linkGeometry). cityURL gives the absolute address
// of a city's page.
func Network(n *data.Network, cityURL func(slug string) string) *geojson.FeatureCollection {
	fc := Places(n, cityURL)
	fc.Features = append(fc.Features, LinkFeatures(n).Features...)
	return fc
}

// Places is the network's cities alone, as Network has them. A collection
// of one geometry type is what a Shapefile, and other formats with one
// type per layer, can take.
func Places(n *data.Network, cityURL func(slug string) string) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for i := range n.Cities {
		fc.Append(City(n, &n.Cities[i], cityURL))
	}
	return fc
}

// LinkFeatures is the network's lead-partner links alone, as Network has
// them: a link across the antimeridian is a MultiLineString cut there.
func LinkFeatures(n *data.Network) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, l := range Links(n) {
		f := geojson.NewFeature(linkGeometry(l.Line))
		f.ID = l.From + "-" + l.To
		f.Properties = geojson.Properties{"link": "lead-partner", "from": l.From, "to": l.To}
		fc.Append(f)
	}
	return fc
}

// City is a city's Point feature with its partners. The network's
// collection and the city's own download are both made of it, so that
// they never disagree.
func City(n *data.Network, c *data.City, cityURL func(slug string) string) *geojson.Feature {
	f := geojson.NewFeature(Point(*c))
	f.ID = c.Slug
	var partners []map[string]any
	for _, p := range n.PartnersIn(c.Slug) {
		partners = append(partners, map[string]any{"name": p.Name, "kind": p.Kind, "role": p.Role})
	}
	f.Properties = geojson.Properties{
		"slug":         c.Slug,
		"name":         c.Name,
		"local_name":   c.LocalName,
		"country":      c.Country,
		"country_name": data.CountryName(c.Country),
		"coordinator":  n.IsCoordinatorCity(c.Slug),
		"partners":     partners,
		"url":          cityURL(c.Slug),
	}
	return f
}

// Link is a lead-partner link: the line from the coordinator's city to a
// partner city.
type Link struct {
	From, To string
	Line     orb.LineString
}

// Links returns one link per city other than the coordinator's, in file
// order. Several partners in one city share one link, as they share a place.
func Links(n *data.Network) []Link {
	co := n.Coordinator()
	if co == nil {
		return nil
	}
	from, ok := n.City(co.City)
	if !ok {
		return nil
	}
	var links []Link
	for _, c := range n.Cities {
		if c.Slug == from.Slug {
			continue
		}
		links = append(links, Link{From: from.Slug, To: c.Slug, Line: orb.LineString{Point(*from), Point(c)}})
	}
	return links
}

// Point is a city's position, [lon, lat] rounded to 6 decimals (about 10 cm),
// which is all the precision a city centre has.
func Point(c data.City) orb.Point {
	return orb.Point{math.Round(c.Lon*1e6) / 1e6, math.Round(c.Lat*1e6) / 1e6}
}

// Bounds is the smallest box holding every city, the shorter way round
// the world: past 180° for a network across the antimeridian (see Around).
func Bounds(n *data.Network) orb.Bound {
	var mp orb.MultiPoint
	for _, c := range n.Cities {
		mp = append(mp, Point(c))
	}
	return Around(mp)
}

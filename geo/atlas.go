package geo

import (
	"bytes"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"partnermap/data"
)

// An atlas's open data: its places, each with the networks it took part
// in, and every partner of every network.

// PlaceBounds is the smallest box holding every place of an atlas, the
// shorter way round the world (see Bounds).
func PlaceBounds(a *data.Atlas) orb.Bound {
	var mp orb.MultiPoint
	for _, p := range a.Places {
		mp = append(mp, Point(*p.City))
	}
	return Around(mp)
}

// NewAtlasPicture draws an atlas's places as NewPicture draws a
// network: a partner's dot for each place, the countries of the places
// tinted, and no links, as the places belong to many networks.
func NewAtlasPicture(a *data.Atlas, countries []Country, width, height float64, frame orb.Bound) *Picture {
	tinted := map[string]bool{}
	for _, p := range a.Places {
		tinted[p.City.Country] = true
	}
	pic := newPicture(PlaceBounds(a), tinted, countries, width, height, frame)
	for _, p := range a.Places {
		pic.Cities = append(pic.Cities, PictureCity{Slug: p.Slug, Name: p.City.Name, At: pic.Project(Point(*p.City))})
	}
	return pic
}

// AtlasPlaces is an atlas's RFC 7946 FeatureCollection: a Point per place, as
// its most recent network writes it, with the networks it took part in,
// the most recent first. placeURL and networkURL give the absolute
// addresses of a place's and a network's pages.
func AtlasPlaces(a *data.Atlas, placeURL, networkURL func(slug string) string) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, p := range a.Places {
		f := geojson.NewFeature(Point(*p.City))
		f.ID = p.Slug
		var networks []map[string]any
		for _, v := range p.Visits {
			networks = append(networks, map[string]any{
				"slug":        v.Network.Slug,
				"name":        v.Network.Name,
				"coordinator": v.Network.IsCoordinatorCity(p.Slug),
				"url":         networkURL(v.Network.Slug),
			})
		}
		f.Properties = geojson.Properties{
			"slug":         p.Slug,
			"name":         p.City.Name,
			"local_name":   p.City.LocalName,
			"country":      p.City.Country,
			"country_name": data.CountryName(p.City.Country),
			"networks":     networks,
			"url":          placeURL(p.Slug),
		}
		fc.Append(f)
	}
	return fc
}

// AtlasCSV writes every partner of every network of an atlas, one row
// each, in the columns of a network's CSV (see CSV), networks in the
// atlas's order; cityURL gives the absolute address of a city's page in
// its network's site.
func AtlasCSV(a *data.Atlas, cityURL func(network, slug string) string) ([]byte, error) {
	var buf bytes.Buffer
	w := newCSVWriter(&buf)
	w.Write(csvHeader())
	for _, n := range a.Networks {
		csvPartners(w, n, func(slug string) string { return cityURL(n.Slug, slug) })
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

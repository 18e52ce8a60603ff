package gazetteer

import (
	"fmt"

	"github.com/paulmach/orb"

	"partnermap/data"
)

// PlaceOf names the gazetteer's place that a city is, for the atlas's
// rule of one city, one place (data.PlaceOf): of the places in its country
// that have the city's name or local name among their names, or a name
// that starts with it, the most populous within FarKm of the city's point,
// as "Frankfurt am Main (lat = 50.1155, lon = 8.6842)"; "" when none lies
// so near. Frankfurt and Frankfurt am Main are then one place, and so are
// Derry and Londonderry, two names of one place, while a district named
// after its city ("Frankfurt am Main Niederrad") is never taken for it.
func (g *Gazetteer) PlaceOf(c *data.City) string {
	s, ok := g.countries[c.Country]
	if !ok {
		return ""
	}
	var places []Found
	for _, name := range []string{c.Name, c.LocalName} {
		if key := Key(name); key != "" {
			places = append(places, g.exact(s, key)...)
			places = append(places, g.startingWith(s, key)...)
		}
	}
	at := orb.Point{c.Lon, c.Lat}
	var best *Found
	for i, p := range places {
		if Distance(at, p.Place) <= FarKm && (best == nil || byPopulation(p, *best) < 0) {
			best = &places[i]
		}
	}
	if best == nil {
		return ""
	}
	return fmt.Sprintf("%s (lat = %s, lon = %s)", best.Name, data.FormatDegrees(best.Lat), data.FormatDegrees(best.Lon))
}

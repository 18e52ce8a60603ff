package web

import (
	"time"

	"partnermap/components"
	"partnermap/data"
)

// Linked data: schema.org JSON-LD that tells search engines what the pages
// are about. The network is a Project whose members are the partner
// organisations; each city is a Place with its coordinates.

type ld = map[string]any

// projectData describes the network, for its page.
func (r *routeBuilder) projectData() ld {
	n := r.network
	var full components.Paths
	project := ld{
		"@type": "Project",
		"@id":   r.abs(full.Home()) + "#network",
		"name":  n.Name,
		"url":   r.abs(full.Home()),
	}
	put(project, "alternateName", n.FullName)
	put(project, "description", string(n.Summary))
	put(project, "sameAs", n.Website)
	put(project, "foundingDate", date(n.Start))
	put(project, "dissolutionDate", date(n.End))
	if n.Fund != "" {
		project["funder"] = ld{"@type": "Organization", "name": n.Fund}
	}
	// A large network's members and places are on their city pages: on the
	// network page they would outweigh the page itself.
	if !r.compact {
		var places []any
		for i := range n.Cities {
			places = append(places, r.placeData(&n.Cities[i]))
		}
		project["member"] = r.members(n.Partners)
		project["location"] = places
	}
	return ld{"@context": "https://schema.org", "@graph": []any{project}}
}

// cityData describes a city, for its page: the Place, and the partners
// based there as members of the network.
func (r *routeBuilder) cityData(c *data.City) ld {
	var full components.Paths
	place := r.placeData(c)
	var events []any
	for _, m := range c.Meetings {
		e := ld{"@type": "Event", "name": m.Topic, "startDate": date(m.Start), "location": ld{"@id": place["@id"]}}
		if m.Topic == "" {
			e["name"] = r.network.Name
		}
		put(e, "endDate", date(m.End))
		events = append(events, e)
	}
	if events != nil {
		place["event"] = events
	}
	graph := []any{place}
	for _, p := range r.members(r.network.PartnersIn(c.Slug)) {
		p.(ld)["memberOf"] = ld{"@type": "Project", "@id": r.abs(full.Home()) + "#network", "name": r.network.Name}
		graph = append(graph, p)
	}
	return ld{"@context": "https://schema.org", "@graph": graph}
}

func (r *routeBuilder) placeData(c *data.City) ld {
	var full components.Paths
	place := ld{
		"@type":   "Place",
		"@id":     r.abs(full.City(c.Slug)) + "#place",
		"name":    c.Name,
		"url":     r.abs(full.City(c.Slug)),
		"geo":     ld{"@type": "GeoCoordinates", "latitude": c.Lat, "longitude": c.Lon},
		"address": ld{"@type": "PostalAddress", "addressCountry": c.Country},
	}
	if c.LocalName != c.Name {
		put(place, "alternateName", c.LocalName)
	}
	return place
}

func (r *routeBuilder) members(ps []data.Partner) []any {
	var full components.Paths
	var out []any
	for _, p := range ps {
		m := ld{"@type": "Organization", "name": p.Name, "location": ld{"@id": r.abs(full.City(p.City)) + "#place"}}
		if p.Kind == data.KindCity {
			m["@type"] = "GovernmentOrganization"
		}
		put(m, "url", p.Website)
		out = append(out, m)
	}
	return out
}

// put sets a key only when there is something to say.
func put(m ld, key, value string) {
	if value != "" {
		m[key] = value
	}
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

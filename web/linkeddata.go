package web

import (
	"time"

	"partnermap/data"
)

// Linked data: schema.org JSON-LD that tells search engines what the pages
// are about. The network is a Project whose members are the partner
// organisations; each city is a Place with its coordinates.

// linkedData is a page's JSON-LD: what the page is about.
type linkedData struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
}

func newLinkedData(things ...any) linkedData {
	return linkedData{Context: "https://schema.org", Graph: things}
}

// ldProject is the network.
type ldProject struct {
	Type            string           `json:"@type"` // Project
	ID              string           `json:"@id,omitempty"`
	Name            string           `json:"name"`
	URL             string           `json:"url,omitempty"`
	AlternateName   string           `json:"alternateName,omitempty"`
	Description     string           `json:"description,omitempty"`
	SameAs          string           `json:"sameAs,omitempty"`
	FoundingDate    string           `json:"foundingDate,omitempty"`
	DissolutionDate string           `json:"dissolutionDate,omitempty"`
	Funder          *ldOrganization  `json:"funder,omitempty"`
	Member          []ldOrganization `json:"member,omitempty"`
	Location        []ldPlace        `json:"location,omitempty"`
}

// ldOrganization is a partner, or the fund.
type ldOrganization struct {
	Type     string     `json:"@type"` // Organization, GovernmentOrganization
	Name     string     `json:"name"`
	URL      string     `json:"url,omitempty"`
	Location *ldRef     `json:"location,omitempty"`
	MemberOf *ldProject `json:"memberOf,omitempty"`
}

// ldPlace is a city.
type ldPlace struct {
	Type          string          `json:"@type"` // Place
	ID            string          `json:"@id"`
	Name          string          `json:"name"`
	AlternateName string          `json:"alternateName,omitempty"`
	URL           string          `json:"url"`
	Geo           ldCoordinates   `json:"geo"`
	Address       ldPostalAddress `json:"address"`
	Event         []ldEvent       `json:"event,omitempty"`
}

type ldCoordinates struct {
	Type      string  `json:"@type"` // GeoCoordinates
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type ldPostalAddress struct {
	Type           string `json:"@type"` // PostalAddress
	AddressCountry string `json:"addressCountry"`
}

// ldEvent is a meeting a city hosted.
type ldEvent struct {
	Type      string `json:"@type"` // Event
	Name      string `json:"name"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate,omitempty"`
	Location  ldRef  `json:"location"`
}

// ldRef points at a thing described elsewhere by its @id.
type ldRef struct {
	ID string `json:"@id"`
}

// projectData describes the network, for its page.
func (r *routeBuilder) projectData() linkedData {
	n := r.network
	full := r.paths
	project := ldProject{
		Type:            "Project",
		ID:              r.abs(full.Home()) + "#network",
		Name:            n.Name,
		URL:             r.abs(full.Home()),
		AlternateName:   n.FullName,
		Description:     string(n.Summary),
		SameAs:          n.Website,
		FoundingDate:    date(n.Start),
		DissolutionDate: date(n.End),
	}
	if n.Fund != "" {
		project.Funder = &ldOrganization{Type: "Organization", Name: n.Fund}
	}
	// A large network's members and places are on their city pages: on the
	// network page they would outweigh the page itself.
	if !r.compact {
		for i := range n.Cities {
			project.Location = append(project.Location, r.placeData(&n.Cities[i]))
		}
		project.Member = r.members(n.Partners)
	}
	return newLinkedData(project)
}

// cityData describes a city, for its page: the Place, and the partners
// based there as members of the network.
func (r *routeBuilder) cityData(c *data.City) linkedData {
	full := r.paths
	place := r.placeData(c)
	for _, m := range c.Meetings {
		name := m.Topic
		if name == "" {
			name = r.network.Name
		}
		place.Event = append(place.Event, ldEvent{Type: "Event", Name: name, StartDate: date(m.Start), EndDate: date(m.End), Location: ldRef{place.ID}})
	}
	graph := []any{place}
	network := &ldProject{Type: "Project", ID: r.abs(full.Home()) + "#network", Name: r.network.Name}
	for _, p := range r.members(r.network.PartnersIn(c.Slug)) {
		p.MemberOf = network
		graph = append(graph, p)
	}
	return newLinkedData(graph...)
}

func (r *routeBuilder) placeData(c *data.City) ldPlace {
	full := r.paths
	place := ldPlace{
		Type:    "Place",
		ID:      r.abs(full.City(c.Slug)) + "#place",
		Name:    c.Name,
		URL:     r.abs(full.City(c.Slug)),
		Geo:     ldCoordinates{Type: "GeoCoordinates", Latitude: c.Lat, Longitude: c.Lon},
		Address: ldPostalAddress{Type: "PostalAddress", AddressCountry: c.Country},
	}
	if c.LocalName != c.Name {
		place.AlternateName = c.LocalName
	}
	return place
}

func (r *routeBuilder) members(ps []data.Partner) []ldOrganization {
	full := r.paths
	var out []ldOrganization
	for _, p := range ps {
		m := ldOrganization{Type: "Organization", Name: p.Name, URL: p.Website, Location: &ldRef{r.abs(full.City(p.City)) + "#place"}}
		if p.Kind == data.KindCity {
			m.Type = "GovernmentOrganization"
		}
		out = append(out, m)
	}
	return out
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

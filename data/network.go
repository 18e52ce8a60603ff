// Package data holds a partner network: its model, its TOML file format, the
// validation that turns a file into a Network, and the embedded default
// network. A Network returned by this package is valid and is never changed
// afterwards, so every other package may share it freely.
package data

import "time"

// Network is a partner network: who coordinates it, which cities take part,
// and what it set out to do and achieved.
type Network struct {
	Slug       string    `toml:"slug"`
	Name       string    `toml:"name"`
	FullName   string    `toml:"full_name"`
	Programme  string    `toml:"programme"`
	Fund       string    `toml:"fund"`
	Start      time.Time `toml:"start"`
	End        time.Time `toml:"end"`
	Website    string    `toml:"website"`
	Summary    Markdown  `toml:"summary"`
	Objectives []string  `toml:"objectives"`
	Activities []string  `toml:"activities"`
	Results    []Result  `toml:"results"`
	Contact    Contact   `toml:"contact"`

	// Cities and Partners come from the file's [[cities]] and [[partners]]
	// tables, in file order.
	Cities   []City    `toml:"-"`
	Partners []Partner `toml:"-"`
}

// Markdown is text written in Markdown. It is rendered with raw HTML off.
type Markdown string

// Result is something the network produced, such as a local action plan or
// a guide; City names the city it belongs to, if any.
type Result struct {
	Title       string   `toml:"title"`
	Description Markdown `toml:"description"`
	City        string   `toml:"city"`
	URL         string   `toml:"url"`
}

// Contact is whom to write to about the network.
type Contact struct {
	Name    string `toml:"name"`
	Email   string `toml:"email"`
	Address string `toml:"address"`
	Website string `toml:"website"`
}

// City is a place on the map. One or more partners are based in it.
type City struct {
	Slug        string    `toml:"slug"`
	Name        string    `toml:"name"`
	LocalName   string    `toml:"local_name"`
	Country     string    `toml:"country"`
	Lat         float64   `toml:"lat"`
	Lon         float64   `toml:"lon"`
	FocusArea   string    `toml:"focus_area"`
	Description Markdown  `toml:"description"`
	Links       []Link    `toml:"links"`
	Meetings    []Meeting `toml:"meetings"`
}

// Link is a titled address: http, https or mailto.
type Link struct {
	Title string `toml:"title"`
	URL   string `toml:"url"`
}

// Meeting is a network meeting a city hosted. End is zero for a one-day
// meeting.
type Meeting struct {
	Start time.Time `toml:"start"`
	End   time.Time `toml:"end"`
	Topic string    `toml:"topic"`
}

// Partner is a member organisation of the network, based in one city.
type Partner struct {
	Slug    string `toml:"slug"`
	Name    string `toml:"name"`
	Kind    Kind   `toml:"kind"`
	Role    Role   `toml:"role"`
	City    string `toml:"city"`
	Website string `toml:"website"`
}

// Kind says what sort of organisation a partner is.
type Kind string

// The kinds of partner.
const (
	KindCity         Kind = "city"
	KindOrganisation Kind = "organisation"
)

// Role says what a partner does in the network.
type Role string

// The roles of partners. A network has exactly one coordinator.
const (
	RoleCoordinator Role = "coordinator"
	RolePartner     Role = "partner"
)

// City returns the city with the given slug.
func (n *Network) City(slug string) (*City, bool) {
	for i := range n.Cities {
		if n.Cities[i].Slug == slug {
			return &n.Cities[i], true
		}
	}
	return nil, false
}

// Coordinator returns the partner that coordinates the network.
func (n *Network) Coordinator() *Partner {
	for i := range n.Partners {
		if n.Partners[i].Role == RoleCoordinator {
			return &n.Partners[i]
		}
	}
	return nil
}

// IsCoordinatorCity reports whether the coordinator is based in the city.
func (n *Network) IsCoordinatorCity(slug string) bool {
	c := n.Coordinator()
	return c != nil && c.City == slug
}

// PartnersIn returns the partners based in the city, coordinator first, then
// in file order.
func (n *Network) PartnersIn(slug string) []Partner {
	var ps []Partner
	for _, p := range n.Partners {
		if p.City != slug {
			continue
		}
		if p.Role == RoleCoordinator {
			ps = append([]Partner{p}, ps...)
		} else {
			ps = append(ps, p)
		}
	}
	return ps
}

// ResultsFor returns the results that belong to the city.
func (n *Network) ResultsFor(slug string) []Result {
	var rs []Result
	for _, r := range n.Results {
		if r.City == slug {
			rs = append(rs, r)
		}
	}
	return rs
}

// Package data holds a partner network: its model, its TOML file format, the
// validation that turns a file into a Network, and the embedded default
// network. A Network returned by this package is valid and is never changed
// afterwards, so every other package may share it freely.
package data

import (
	"fmt"
	"time"
)

// Network is a partner network: who coordinates it, which cities take part,
// and what it set out to do and achieved.
//
// The types of the file's tables describe its fields: the key of each in
// its toml tag, the kind of value in its type, and field:"required" where
// validation requires the key. The editing forms are made from them.
type Network struct {
	Slug       string    `toml:"slug" field:"required"`
	Name       string    `toml:"name" field:"required"`
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

	// Language is the language the text above is written in; Parse fills
	// in DefaultLanguage when the file does not say.
	Language string `toml:"language"`
	// Translations holds the network's texts in other languages, by
	// language tag; use FullNameIn and its siblings to read them.
	Translations map[string]NetworkText `toml:"translations"`

	// Cities and Partners come from the file's [[cities]] and [[partners]]
	// tables, in file order.
	Cities   []City    `toml:"-"`
	Partners []Partner `toml:"-"`

	// lookup answers City, Coordinator and PartnersIn without a scan; Parse
	// builds it, and a Network made otherwise scans instead.
	lookup *lookup
}

// lookup indexes a parsed network, whose pages ask for each city's
// partners: a scan per city would cost the square of the network's size.
type lookup struct {
	city        map[string]int
	partners    map[string][]Partner
	coordinator *Partner
	html        map[Markdown]string // every Markdown text, rendered once
	// file and where say where the keys that rules across files check
	// are written: the network's slug and each city's slug, country and
	// lat.
	file  string
	where positions
}

// where keeps the positions of the keys that rules across files check.
func where(at positions, cities int) positions {
	kept := positions{"network.slug": at.find("network.slug")}
	for i := range cities {
		for _, key := range []string{"slug", "country", "lat"} {
			path := fmt.Sprintf("cities.%d.%s", i, key)
			kept[path] = at.find(path)
		}
	}
	return kept
}

// at is where a key of the network's file is written, as FILE:LINE:COL.
func (n *Network) at(path string) string {
	if n.lookup == nil {
		return "?"
	}
	p := n.lookup.where.find(path)
	return fmt.Sprintf("%s:%d:%d", n.lookup.file, p.line, p.column)
}

func newLookup(n *Network) *lookup {
	l := &lookup{city: make(map[string]int, len(n.Cities)), partners: map[string][]Partner{}}
	for i, c := range n.Cities {
		l.city[c.Slug] = i
	}
	for i, p := range n.Partners {
		if p.Role == RoleCoordinator && l.coordinator == nil {
			l.coordinator = &n.Partners[i]
		}
		l.partners[p.City] = append(l.partners[p.City], p)
	}
	for slug, ps := range l.partners {
		l.partners[slug] = coordinatorFirst(ps)
	}
	return l
}

// Markdown is text written in Markdown. It is rendered with raw HTML off.
type Markdown string

// Result is something the network produced, such as a local action plan or
// a guide; City names the city it belongs to, if any.
type Result struct {
	Title       string   `toml:"title" field:"required"`
	Description Markdown `toml:"description"`
	City        string   `toml:"city"`
	URL         string   `toml:"url"`

	// Translations holds the title and description in other languages;
	// use TitleIn and DescriptionIn to read them.
	Translations map[string]ResultText `toml:"translations"`

	// lang is the network's language, so that a result alone can say which
	// language its text as written is in.
	lang string
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
	Slug        string    `toml:"slug" field:"required"`
	Name        string    `toml:"name" field:"required"`
	LocalName   string    `toml:"local_name"`
	Country     string    `toml:"country" field:"required"`
	Lat         float64   `toml:"lat" field:"required"`
	Lon         float64   `toml:"lon" field:"required"`
	FocusArea   string    `toml:"focus_area"`
	Description Markdown  `toml:"description"`
	Links       []Link    `toml:"links"`
	Meetings    []Meeting `toml:"meetings"`

	// Translations holds the name, focus area and description in other
	// languages; use NameIn, FocusAreaIn and DescriptionIn to read them.
	Translations map[string]CityText `toml:"translations"`

	// lang is the network's language, so that a city alone can say which
	// language its text as written is in.
	lang string
}

// Link is a titled address: http, https or mailto.
type Link struct {
	Title string `toml:"title" field:"required"`
	URL   string `toml:"url" field:"required"`
}

// Meeting is a network meeting a city hosted. End is zero for a one-day
// meeting.
type Meeting struct {
	Start time.Time `toml:"start" field:"required"`
	End   time.Time `toml:"end"`
	Topic string    `toml:"topic"`
}

// Partner is a member organisation of the network, based in one city.
type Partner struct {
	Slug    string `toml:"slug" field:"required"`
	Name    string `toml:"name" field:"required"`
	Kind    Kind   `toml:"kind" field:"required"`
	Role    Role   `toml:"role" field:"required"`
	City    string `toml:"city" field:"required"`
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
	if n.lookup != nil {
		i, ok := n.lookup.city[slug]
		if !ok {
			return nil, false
		}
		return &n.Cities[i], true
	}
	for i := range n.Cities {
		if n.Cities[i].Slug == slug {
			return &n.Cities[i], true
		}
	}
	return nil, false
}

// Coordinator returns the partner that coordinates the network.
func (n *Network) Coordinator() *Partner {
	if n.lookup != nil {
		return n.lookup.coordinator
	}
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
	if n.lookup != nil {
		return n.lookup.partners[slug]
	}
	var ps []Partner
	for _, p := range n.Partners {
		if p.City == slug {
			ps = append(ps, p)
		}
	}
	return coordinatorFirst(ps)
}

// coordinatorFirst moves the coordinator, if any, to the front, keeping
// the others in file order.
func coordinatorFirst(ps []Partner) []Partner {
	for i, p := range ps {
		if p.Role == RoleCoordinator && i > 0 {
			out := append([]Partner{p}, ps[:i]...)
			return append(out, ps[i+1:]...)
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

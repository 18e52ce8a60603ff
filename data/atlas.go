package data

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/yuin/goldmark"
)

// An atlas is many networks in one site: every network file of a folder,
// and the places they share. Cities with the same slug in different files
// are one place.

// AtlasFile is the name of the file in an atlas's folder that describes
// the atlas itself; every other *.toml file in the folder is a network.
const AtlasFile = "atlas.toml"

// AtlasInfo is what atlas.toml says of the atlas: its name, a summary, its
// website and whom to contact. A folder without the file has none, and
// the site names itself after its networks.
type AtlasInfo struct {
	Name     string   `toml:"name"`
	Summary  Markdown `toml:"summary"`
	Website  string   `toml:"website"`
	Contact  Contact  `toml:"contact"`
	Language string   `toml:"language"`
	// Translations holds the name and summary in other languages, by
	// language tag; use NameIn and SummaryIn to read them.
	Translations map[string]AtlasText `toml:"translations"`

	html map[Markdown]string // the summary and its translations, rendered
}

// AtlasText is what [atlas.translations.LANG] may hold.
type AtlasText struct {
	Name    string   `toml:"name"`
	Summary Markdown `toml:"summary"`
}

// atlasFile is the shape of atlas.toml: one [atlas] table.
type atlasFile struct {
	Atlas AtlasInfo `toml:"atlas"`
}

// NameIn returns the atlas's name in lang, or as written.
func (a *AtlasInfo) NameIn(lang string) Localized[string] {
	return localize(a.Language, lang, a.Name, a.Translations, func(t AtlasText) string { return t.Name })
}

// SummaryIn returns the atlas's summary in lang, or as written.
func (a *AtlasInfo) SummaryIn(lang string) Localized[Markdown] {
	return localize(a.Language, lang, a.Summary, a.Translations, func(t AtlasText) Markdown { return t.Summary })
}

// HTML returns a Markdown text of atlas.toml as HTML, rendered when the
// file was read.
func (a *AtlasInfo) HTML(md Markdown) string {
	if html, ok := a.html[md]; ok {
		return html
	}
	var b bytes.Buffer
	if err := goldmark.Convert([]byte(md), &b); err != nil {
		return ""
	}
	return b.String()
}

// ParseAtlasInfo decodes and validates atlas.toml. name is the file name
// used in problems; the error, if any, is Problems.
func ParseAtlasInfo(name string, src []byte) (*AtlasInfo, error) {
	ix := index(src, schema{reflect.TypeFor[atlasFile]()})
	if ix.crowded != "" {
		return nil, crowdedProblems(name, ix)
	}
	var f atlasFile
	if err := toml.NewDecoder(bytes.NewReader(src)).Decode(&f); err != nil {
		return nil, decodeProblems(name, ix, err)
	}
	v := validator{file: name, at: ix.at, texts: ix.texts, misspelt: map[string]bool{}, unknownIn: map[string]bool{}, tooLong: map[string]bool{}, md: newMarkdown(), html: map[Markdown]string{}, schema: ix.schema}
	v.unknownKeys(ix)
	a := &f.Atlas
	if !v.at.has("atlas") {
		v.missing("atlas", `missing [atlas]: begin the file with [atlas] and name = "URBACT II networks"`)
	} else {
		v.fit("atlas", "name", a.Name, "website", a.Website, "language", a.Language)
		c := a.Contact
		v.fit("atlas.contact", "name", c.Name, "email", c.Email, "address", c.Address, "website", c.Website)
		v.text("atlas.name", a.Name, "URBACT II networks")
		v.markdown("atlas.summary", a.Summary)
		v.link("atlas.website", a.Website)
		v.link("atlas.contact.website", c.Website)
		if e := c.Email; e != "" && !isEmail(e) {
			v.report("atlas.contact.email", "email %q is not an email address: write it as name@example.org, without mailto:", e)
		}
		if v.at.has("atlas.language") {
			v.language("atlas.language", a.Language)
		}
		a.Language = cmp.Or(a.Language, DefaultLanguage)
		checkTranslations(v.forAtlas(), "atlas", "[atlas]", a.Language, *a, a.Translations)
	}
	if len(v.problems) > 0 {
		return nil, v.problems.sorted()
	}
	a.html = v.html
	return a, nil
}

// forAtlas is the validator as it checks atlas.toml, whose messages speak
// of the atlas's language where a network file's speak of the network's.
func (v *validator) forAtlas() *validator {
	v.owner = "the atlas's"
	return v
}

// Atlas is the networks of a folder and the places they share.
type Atlas struct {
	Info     *AtlasInfo // nil when the folder has no atlas.toml
	Networks []*Network // by slug
	Places   []Place    // by slug
	place    map[string]int
	network  map[string]*Network
}

// Place is a city that one or more networks have, by its slug: the same
// slug in different files is the same place.
type Place struct {
	Slug string
	// City is the place as its most recent network writes it: its name,
	// local name, translations and coordinates.
	City *City
	// Visits are the networks the place took part in, the most recent
	// first.
	Visits []Visit
}

// Visit is a place in one network: the network, and the city as that
// network writes it.
type Visit struct {
	Network *Network
	City    *City
}

// Place returns the place of a slug.
func (a *Atlas) Place(slug string) (*Place, bool) {
	i, ok := a.place[slug]
	if !ok {
		return nil, false
	}
	return &a.Places[i], true
}

// Network returns the network of a slug.
func (a *Atlas) Network(slug string) (*Network, bool) {
	n, ok := a.network[slug]
	return n, ok
}

// placeRadius is how far apart two networks may put one place: a city's
// point is a matter of choice (its town hall, its centre, a partner's
// office), but beyond this it is another place.
const placeRadius = 25.0 // km

// ComposeAtlas joins the networks of a folder, each parsed from its file,
// into an atlas, with the rules that span files: each network has a slug
// of its own, and cities of one slug share a country and lie within 25 km
// of each other. A problem is reported in both files, each at its line
// and column and naming the other.
func ComposeAtlas(info *AtlasInfo, networks []*Network) (*Atlas, error) {
	a := &Atlas{Info: info, place: map[string]int{}, network: map[string]*Network{}}
	var problems Problems
	for _, n := range networks {
		if other, dup := a.network[n.Slug]; dup {
			problems = append(problems, conflict(n, "network.slug", other, "network.slug", func(there string) string {
				return fmt.Sprintf("network slug %q is also the slug of the network at %s: give each network a slug of its own", n.Slug, there)
			})...)
			continue
		}
		a.network[n.Slug] = n
		a.Networks = append(a.Networks, n)
	}
	slices.SortFunc(a.Networks, func(x, y *Network) int { return strings.Compare(x.Slug, y.Slug) })
	for _, n := range a.Networks {
		for i := range n.Cities {
			c := &n.Cities[i]
			pi, seen := a.place[c.Slug]
			if !seen {
				a.place[c.Slug] = len(a.Places)
				a.Places = append(a.Places, Place{Slug: c.Slug, Visits: []Visit{{n, c}}})
				continue
			}
			p := &a.Places[pi]
			first := p.Visits[0]
			j := slices.IndexFunc(first.Network.Cities, func(x City) bool { return x.Slug == c.Slug })
			here, there := fmt.Sprintf("cities.%d.", i), fmt.Sprintf("cities.%d.", j)
			switch d := distance(*first.City, *c); {
			case c.Country != first.City.Country:
				problems = append(problems, conflict(n, here+"country", first.Network, there+"country", func(at string) string {
					return fmt.Sprintf("city %q is in %s here but in %s at %s: cities of one slug are one place; write the same country in both, or give one of them another slug",
						c.Slug, CountryName(c.Country), CountryName(first.City.Country), at)
				}, func(at string) string {
					return fmt.Sprintf("city %q is in %s here but in %s at %s: cities of one slug are one place; write the same country in both, or give one of them another slug",
						c.Slug, CountryName(first.City.Country), CountryName(c.Country), at)
				})...)
			case d > placeRadius:
				problems = append(problems, conflict(n, here+"lat", first.Network, there+"lat", func(at string) string {
					return fmt.Sprintf("city %q lies %.0f km from the city of the same slug at %s: cities of one slug are one place and lie within %.0f km of each other; correct lat and lon, or give one of them another slug",
						c.Slug, d, at, placeRadius)
				})...)
			default:
				p.Visits = append(p.Visits, Visit{n, c})
			}
		}
	}
	if len(problems) > 0 {
		return nil, problems.sorted()
	}
	for i := range a.Places {
		p := &a.Places[i]
		slices.SortStableFunc(p.Visits, func(x, y Visit) int { return recent(y.Network).Compare(recent(x.Network)) })
		p.City = p.Visits[0].City
	}
	slices.SortFunc(a.Places, func(x, y Place) int { return strings.Compare(x.Slug, y.Slug) })
	for i, p := range a.Places {
		a.place[p.Slug] = i
	}
	return a, nil
}

// conflict reports a rule broken between two networks' files: the key at
// path in n's file and the one at otherPath in other's. Each file gets a
// problem at its own key, its message (message, or for the other file the
// last of others, if given) naming where the other key is.
func conflict(n *Network, path string, other *Network, otherPath string, message func(there string) string, others ...func(there string) string) Problems {
	second := message
	if len(others) > 0 {
		second = others[len(others)-1]
	}
	return Problems{
		problemAt(n, path, message(other.at(otherPath))),
		problemAt(other, otherPath, second(n.at(path))),
	}
}

// problemAt is a problem at a key of a network's file.
func problemAt(n *Network, path, message string) Problem {
	p := n.lookup.where.find(path)
	return Problem{File: n.lookup.file, Line: p.line, Column: p.column, Message: message, Path: networkSchema().fieldPath(path, networkNames(n.Cities, n.Partners))}
}

// recent is when a network was last active: its end, or its start.
func recent(n *Network) time.Time {
	if !n.End.IsZero() {
		return n.End
	}
	return n.Start
}

// distance is the great-circle distance between two cities, in km.
func distance(a, b City) float64 {
	const earth = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earth * math.Asin(math.Sqrt(h))
}

// AtlasFolder lists the files of an atlas's folder: its network files, every
// *.toml directly inside it but atlas.toml, by name, and atlas.toml's path
// if the folder has one ("" if not).
func AtlasFolder(dir string) (networks []string, info string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, "", err
	}
	for _, e := range entries {
		name := e.Name()
		if filepath.Ext(name) != ".toml" || strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		if name == AtlasFile {
			info = filepath.Join(dir, name)
			continue
		}
		networks = append(networks, filepath.Join(dir, name))
	}
	if len(networks) == 0 {
		return nil, "", fmt.Errorf("%s holds no network files (*.toml besides %s): put one data file per network in it", dir, AtlasFile)
	}
	return networks, info, nil
}

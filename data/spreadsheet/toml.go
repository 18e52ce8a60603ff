package spreadsheet

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"partnermap/data"
	"partnermap/data/gazetteer"
)

// write writes the network as a data file, in the canonical form, with
// comments where a person has something to check or fill in.
func (n *network) write() []byte {
	net, comments := n.file()
	return data.Format(net, comments...)
}

// file is the network the sheet holds, and the comments its file is
// written with, each above the key or table it is about.
func (n *network) file() (*data.Network, []data.Comment) {
	var notes notes
	top := fmt.Sprintf("A partner network for partnermap, imported from %s:\n", n.source)
	top += fmt.Sprintf("%s in %s. Check it with: partnermap validate FILE", count(len(n.partners), "partner"), count(len(n.cities), "city"))
	if n.found > 0 {
		top += fmt.Sprintf("\nThe coordinates of %s come from the gazetteer, GeoNames\n", count(n.found, "city"))
		top += "(https://www.geonames.org, CC BY 4.0); each is marked below: check that\nthey are the places meant."
	}
	notes.add("", top)
	net := &data.Network{Slug: n.meta.Slug, Name: n.meta.Name, FullName: n.meta.FullName, Programme: n.meta.Programme,
		Fund: n.meta.Fund, Website: n.meta.Website, Language: n.meta.Language}
	if !n.named {
		notes.add("network.slug", "The network's slug (lowercase, for its address) and name were not given\n(--slug, --name): these are made from the file's name. Change them.")
		base := strings.TrimSuffix(baseName(n.source), extension(n.source))
		net.Slug = cmp.Or(n.meta.Slug, data.Slugify(base), "network")
		net.Name = cmp.Or(n.meta.Name, base, "Network")
	}
	net.Start, net.End = day(n.meta.Start), day(n.meta.End)
	var missing []string
	for _, f := range []struct{ key, value, example string }{
		{"full_name", n.meta.FullName, `""`},
		{"programme", n.meta.Programme, `""`},
		{"fund", n.meta.Fund, `""`},
		{"start", n.meta.Start, "2024-01-01"},
		{"end", n.meta.End, "2026-12-31"},
		{"website", n.meta.Website, `"https://"`},
		{"language", n.meta.Language, `"en"`},
	} {
		if f.value == "" {
			missing = append(missing, fmt.Sprintf("%s = %s", f.key, f.example))
		}
	}
	end := ""
	if len(missing) > 0 {
		end = "Fill in what the import was not given, or delete it (--full-name,\n--programme, --fund, --start, --end, --website and --language give it):\n" + strings.Join(missing, "\n") + "\n"
	}
	notes.end("network", end+"summary = \"\"\"\nWhat the network set out to do, in Markdown.\n\"\"\"")

	for i, c := range n.cities {
		net.Cities = append(net.Cities, c.data())
		if p := c.joined; p != nil {
			notes.add(fmt.Sprintf("cities[%d]", i), fmt.Sprintf("The atlas's place %s, in %s.", p.City.Name, countNetworks(len(p.Visits))))
		}
		if c.typed != "" {
			notes.add(fmt.Sprintf("cities[%d].name", i), fmt.Sprintf("The sheet writes %s: the name is spelt as the gazetteer spells it.", c.typed))
		}
		if p := c.place; p != nil {
			found := "From the gazetteer: " + gazetteer.Describe(gazetteer.Found{Place: *p})
			if c.places > 1 {
				found += fmt.Sprintf(", the most populous of %d places of that name in %s", c.places, data.CountryName(c.country))
			}
			notes.add(fmt.Sprintf("cities[%d].lat", i), found+".")
		}
	}
	for _, p := range n.partners {
		website := p.website
		if p.known != nil && !p.row.has[colWebsite] {
			website = p.known.Website
		}
		net.Partners = append(net.Partners, data.Partner{Slug: p.slug, Name: p.name, Kind: p.kind, Role: p.role, City: p.city.slug, Website: website})
	}
	return net, notes
}

// data is the city as its data file writes it: what the sheet gives, and
// for a city the network has, what the sheet has no column for.
func (c *city) data() data.City {
	d := data.City{Slug: c.slug, Name: c.name, LocalName: c.localName, Country: c.country,
		Lat: rounded(c.lat), Lon: rounded(c.lon), FocusArea: c.focusArea, Description: data.Markdown(c.description)}
	k := c.known
	if k == nil {
		return d
	}
	d.Links, d.Meetings, d.Translations = k.Links, k.Meetings, k.Translations
	for _, f := range []struct {
		col       column
		to        *string
		knownText string
	}{{colLocalName, &d.LocalName, k.LocalName}, {colFocusArea, &d.FocusArea, k.FocusArea}, {colDescription, (*string)(&d.Description), string(k.Description)}} {
		if !c.first.has[f.col] {
			*f.to = f.knownText
		}
	}
	return d
}

// notes are the comments of a file the import writes.
type notes []data.Comment

// add writes a comment above the key or table at a field path.
func (ns *notes) add(path, text string) {
	*ns = append(*ns, data.Comment{Path: path, Text: text})
}

// end writes a comment below the last key of the table at a field path.
func (ns *notes) end(path, text string) {
	*ns = append(*ns, data.Comment{Path: path, Text: text, End: true})
}

// countNetworks says in how many networks a place is.
func countNetworks(n int) string {
	if n == 1 {
		return "one network"
	}
	return fmt.Sprintf("%d networks", n)
}

// rounded rounds a coordinate as data files write it, to four decimals.
func rounded(x float64) float64 {
	d, _ := strconv.ParseFloat(data.FormatDegrees(x), 64)
	return d
}

// day reads a day given as 2008-04-21, checked already; the zero time
// when none is given.
func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, time.Local)
	if err != nil {
		return time.Time{}
	}
	return t
}

// count writes "1 city", "2 cities", "3 partners".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	if strings.HasSuffix(thing, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(thing, "y"))
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// baseName is the file's name in source, which may name a sheet after it.
func baseName(source string) string {
	name, _, _ := strings.Cut(source, ", sheet ")
	return name
}

func extension(source string) string {
	name := baseName(source)
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return name[i:]
	}
	return ""
}

package spreadsheet

import (
	"cmp"
	"fmt"
	"strings"
	"unicode"

	"partnermap/data"
	"partnermap/data/gazetteer"
)

// write writes the network as a data file, with comments where a person
// has something to check or fill in.
func (n *network) write() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# A partner network for partnermap, imported from %s:\n", comment(n.source))
	fmt.Fprintf(&b, "# %s in %s. Check it with: partnermap validate FILE\n", count(len(n.partners), "partner"), count(len(n.cities), "city"))
	if n.found > 0 {
		fmt.Fprintf(&b, "# The coordinates of %s come from the gazetteer, GeoNames\n", count(n.found, "city"))
		b.WriteString("# (https://www.geonames.org, CC BY 4.0); each is marked below: check that\n")
		b.WriteString("# they are the places meant.\n")
	}
	b.WriteString("\n[network]\n")
	if n.named {
		str(&b, "slug", n.meta.Slug)
		str(&b, "name", n.meta.Name)
	} else {
		b.WriteString("# The network's slug (lowercase, for its address) and name were not given\n")
		b.WriteString("# (--slug, --name): these are made from the file's name. Change them.\n")
		base := strings.TrimSuffix(baseName(n.source), extension(n.source))
		str(&b, "slug", cmp.Or(n.meta.Slug, data.Slugify(base), "network"))
		str(&b, "name", cmp.Or(n.meta.Name, base, "Network"))
	}
	var missing []string
	optional := []struct{ key, value, example string }{
		{"full_name", n.meta.FullName, `""`},
		{"programme", n.meta.Programme, `""`},
		{"fund", n.meta.Fund, `""`},
		{"start", n.meta.Start, "2024-01-01"},
		{"end", n.meta.End, "2026-12-31"},
		{"website", n.meta.Website, `"https://"`},
		{"language", n.meta.Language, `"en"`},
	}
	for _, f := range optional {
		switch {
		case f.value == "":
			missing = append(missing, fmt.Sprintf("# %s = %s\n", f.key, f.example))
		case f.key == "start" || f.key == "end":
			fmt.Fprintf(&b, "%s = %s\n", f.key, f.value)
		default:
			str(&b, f.key, f.value)
		}
	}
	if len(missing) > 0 {
		b.WriteString("# Fill in what the import was not given, or delete it (--full-name,\n")
		b.WriteString("# --programme, --fund, --start, --end, --website and --language give it):\n")
		for _, m := range missing {
			b.WriteString(m)
		}
	}
	b.WriteString("# summary = \"\"\"\n# What the network set out to do, in Markdown.\n# \"\"\"\n")

	for _, c := range n.cities {
		b.WriteString("\n[[cities]]\n")
		str(&b, "slug", c.slug)
		if c.typed != "" {
			fmt.Fprintf(&b, "# The sheet writes %s: the name is spelt as the gazetteer spells it.\n", comment(c.typed))
		}
		str(&b, "name", c.name)
		if c.localName != "" {
			str(&b, "local_name", c.localName)
		}
		str(&b, "country", c.country)
		if p := c.place; p != nil {
			fmt.Fprintf(&b, "# From the gazetteer: %s", comment(gazetteer.Describe(gazetteer.Found{Place: *p})))
			if c.places > 1 {
				fmt.Fprintf(&b, ", the most populous of %d places of that name in %s", c.places, data.CountryName(c.country))
			}
			b.WriteString(".\n")
		}
		fmt.Fprintf(&b, "lat = %s\nlon = %s\n", data.FormatDegrees(c.lat), data.FormatDegrees(c.lon))
		if c.focusArea != "" {
			str(&b, "focus_area", c.focusArea)
		}
		if c.description != "" {
			str(&b, "description", c.description)
		}
	}
	for _, p := range n.partners {
		b.WriteString("\n[[partners]]\n")
		str(&b, "slug", p.slug)
		str(&b, "name", p.name)
		str(&b, "kind", string(p.kind))
		str(&b, "role", string(p.role))
		str(&b, "city", p.city.slug)
		if p.website != "" {
			str(&b, "website", p.website)
		}
	}
	return []byte(b.String())
}

// str writes key = "value", as a multi-line string when the text has
// several lines.
func str(b *strings.Builder, key, value string) {
	b.WriteString(key)
	b.WriteString(" = ")
	b.WriteString(quote(value))
	b.WriteByte('\n')
}

// quote writes a TOML basic string, or a multi-line basic string for text
// of several lines, escaping what TOML requires: quotes, backslashes and
// control characters.
func quote(s string) string {
	multi := strings.Contains(s, "\n")
	var b strings.Builder
	if multi {
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n' && multi:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString("\"\"\"")
	} else {
		b.WriteByte('"')
	}
	return b.String()
}

// comment keeps text on one comment line.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
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

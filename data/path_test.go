package data

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Problems found outside the rules of one file carry their field's path
// too: a check of a city, the rules across an atlas's files, atlas.toml's
// own rules, and what is found before a file decodes, where the slugs are
// read from the file as written.
func TestProblemPaths(t *testing.T) {
	paths := func(err error) []string {
		ps, _ := err.(Problems)
		var out []string
		for _, p := range ps {
			out = append(out, p.Path)
		}
		return out
	}
	check := func(c *City) []Finding { return []Finding{{Key: "lat", Message: "far away", Warning: true}} }
	_, warnings, err := ParseChecked("net.toml", []byte(small("net", "IT", 38.1157, 13.3613)), check)
	if err != nil || len(warnings) != 1 || warnings[0].Path != "cities.palermo.lat" {
		t.Errorf("a check's finding: %v, %+v", err, warnings)
	}

	dir := atlasFolder(t, map[string]string{"a.toml": small("one", "IT", 38.1157, 13.3613), "b.toml": small("two", "MT", 38.1157, 13.3613)})
	_, err = composeFolder(dir)
	if got := paths(err); !slices.Equal(got, []string{"cities.palermo.country", "cities.palermo.country"}) {
		t.Errorf("one place in two countries: paths %q (%v)", got, err)
	}
	dir = atlasFolder(t, map[string]string{"a.toml": small("net", "IT", 38.1157, 13.3613), "b.toml": small("net", "IT", 38.1157, 13.3613)})
	_, err = composeFolder(dir)
	if got := paths(err); !slices.Equal(got, []string{"network.slug", "network.slug"}) {
		t.Errorf("two networks of one slug: paths %q (%v)", got, err)
	}

	_, err = ParseAtlasInfo(AtlasFile, []byte("[atlas]\nname = \"A\"\n[atlas.contact]\nemail = \"mailto:a@example.org\"\n[atlas.translations.en]\nname = \"B\"\n"))
	if got := paths(err); !slices.Equal(got, []string{"atlas.contact.email", "atlas.translations.en"}) {
		t.Errorf("atlas.toml: paths %q (%v)", got, err)
	}

	// A value of the wrong kind stops the decoding: the path names the
	// city by the slug written above it.
	src := strings.Replace(small("net", "IT", 38.1157, 13.3613), "lat = 38.1157", `lat = "38.1157"`, 1)
	_, err = Parse("net.toml", []byte(src))
	if got := paths(err); !slices.Equal(got, []string{"cities.palermo.lat"}) {
		t.Errorf("a value of the wrong kind: paths %q (%v)", got, err)
	}

	// Too many keys in one table: the file is not decoded at all.
	var b strings.Builder
	b.WriteString(small("net", "IT", 38.1157, 13.3613) + "\n[[cities]]\nslug = \"crowded\"\n")
	for i := range maxKeys + 1 {
		b.WriteString("k" + strconv.Itoa(i) + " = 1\n")
	}
	_, err = Parse("net.toml", []byte(b.String()))
	ps, _ := err.(Problems)
	crowded := slices.IndexFunc(ps, func(p Problem) bool { return strings.Contains(p.Message, "more than 500 keys") })
	if got := paths(err); len(got) != maxKeys+2 || got[0] != "cities.crowded.k0" || crowded < 0 || !strings.HasPrefix(ps[crowded].Path, "cities.crowded.k4") {
		t.Errorf("a crowded table: %d paths %q … %q (%v)", len(got), got[:min(len(got), 2)], got[max(len(got)-2, 0):], crowded)
	}
}

// A field path names what its path of the decoder names, and back, for
// every key, table and item of a network: cities and partners by slug,
// or by index when their slugs do not name them alone.
func TestFieldPaths(t *testing.T) {
	n, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	n.Partners = append(n.Partners, Partner{Slug: "cesie", Name: "Again"}, Partner{Slug: "Not A Slug"})
	f := fileOf(n)
	s, ns := networkSchema(), networkNames(f.Cities, f.Partners)
	lengths := listLengths(reflect.ValueOf(f), "")
	var all []string
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		if path != "" {
			all = append(all, path)
		}
		switch {
		case v.Kind() == reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i), join(path, strconv.Itoa(i)))
			}
		case isMap(v.Type()):
			for _, k := range sortedKeys(v) {
				walk(v.MapIndex(reflect.ValueOf(k)), join(path, k))
			}
		case isTable(v.Type()):
			for k, fv := range fields(v) {
				if k != "" {
					walk(fv, join(path, k))
				}
			}
		}
	}
	walk(reflect.ValueOf(f), "")
	want := map[string]string{
		"cities.1.translations.it.description": "cities.palermo.translations.it.description",
		"cities.1.links.0.url":                 "cities.palermo.links[0].url",
		"network.results.0.title":              "network.results[0].title",
		"network.objectives.1":                 "network.objectives[1]",
		"partners.2.city":                      "partners[2].city", // cesie, twice
		"partners.12.slug":                     "partners[12].slug",
		"partners.13.name":                     "partners[13].name", // not a slug
		"partners.0.city":                      "partners.city-of-berlin.city",
	}
	for _, p := range all {
		field := s.fieldPath(p, ns)
		if w, ok := want[p]; ok && field != w {
			t.Errorf("%s: field path %q, want %q", p, field, w)
		}
		if back, ok := s.decoderPath(field, ns, lengths); !ok || back != p {
			t.Errorf("%s -> %s -> %s, %v", p, field, back, ok)
		}
	}
	for _, bad := range []string{"cities.rome.lat", "cities[99].lat", "network.colour", "cities..lat", "network.results[x]", "[0]", `cities."palermo`} {
		if p, ok := s.decoderPath(bad, ns, lengths); ok {
			t.Errorf("%s names %s", bad, p)
		}
	}
	if len(all) < 300 {
		t.Errorf("only %d paths", len(all))
	}
}

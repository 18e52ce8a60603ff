package data_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2/unstable"

	"partnermap/data"
	"partnermap/data/datatest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./data -run %s -update writes it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./data -run %s -update rewrites it); got:\n%s", path, t.Name(), got)
	}
}

// corpus is every data file the tests keep: the embedded network, the
// fixtures of data, datatest and the browser tests, the generated atlas
// and a generated network, and the seeds of the fuzz tests. Some of them
// are not valid networks.
func corpus(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{"conet.toml": data.DefaultSource()}
	for _, pattern := range []string{"testdata/atlas/*.toml", "datatest/testdata/*.toml", "../web/e2e/testdata/*.toml", "spreadsheet/testdata/*.toml", "testdata/*.toml"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if filepath.Base(name) == data.AtlasFile {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[name] = src
		}
	}
	size := datatest.AtlasSize
	for name, src := range datatest.GenerateAtlas(size.Networks, size.Places, size.Partners) {
		if name != data.AtlasFile {
			files["generated atlas/"+name] = src
		}
	}
	files["generated/cities-500.toml"] = datatest.Generate(500, 1000)
	for _, dir := range []string{"testdata/fuzz/FuzzParse", "testdata/fuzz/FuzzEdit"} {
		names, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if seed, ok := fuzzSeed(src); ok {
				files[name] = seed
			}
		}
	}
	return files
}

// fuzzSeed reads the first []byte argument of a fuzz test's seed file.
func fuzzSeed(src []byte) ([]byte, bool) {
	for line := range strings.SplitSeq(string(src), "\n") {
		if q, ok := strings.CutPrefix(line, "[]byte("); ok {
			s, err := strconv.Unquote(strings.TrimSuffix(q, ")"))
			return []byte(s), err == nil
		}
	}
	return nil, false
}

func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// The writer over the corpus: for every network, Parse(Format(n)) is n
// and Format(Parse(Format(n))) is Format(n); Edit with no change gives
// back the file byte for byte; Canonical keeps every comment, reads back
// as the same network, and rewriting its output changes nothing. The
// networks of the generated atlas are all written alike, so the checks
// of Edit and Canonical, which cost most, take one in 25 of them.
func TestWriterCorpus(t *testing.T) {
	files := corpus(t)
	valid, rewritten, generated := 0, 0, 0
	for _, name := range sortedNames(files) {
		src := files[name]
		n, err := data.Parse(name, src)
		if err == nil {
			valid++
			out := data.Format(n)
			m, err := data.Parse(name, out)
			switch {
			case err != nil:
				t.Errorf("%s: the canonical form does not parse: %v\n%s", name, err, out)
			case len(data.Changed(n, m)) > 0:
				t.Errorf("%s: the canonical form reads back with changes at %v", name, data.Changed(n, m))
			case !bytes.Equal(data.Format(m), out):
				t.Errorf("%s: the canonical form of the canonical form differs", name)
			}
		}
		if strings.HasPrefix(name, "generated atlas/") {
			if generated++; generated%25 != 1 {
				continue
			}
		}
		if n != nil {
			if edited, err := data.Edit(src, n); err != nil || !bytes.Equal(edited, src) {
				t.Errorf("%s: Edit with no change gives %v:\n%s", name, err, edited)
			}
		}
		out, err := data.Canonical(name, src)
		if err != nil {
			var ps data.Problems
			if !errors.As(err, &ps) {
				t.Errorf("%s: error %v is not Problems", name, err)
			}
			continue
		}
		rewritten++
		if again, err := data.Canonical(name, out); err != nil || !bytes.Equal(again, out) {
			t.Errorf("%s: rewriting the canonical form changes it (%v):\n%s", name, err, out)
		}
		for _, c := range comments(src) {
			if !bytes.Contains(out, []byte(c)) {
				t.Errorf("%s: comment %q is lost", name, c)
			}
		}
		if n != nil {
			if m, err := data.Parse(name, out); err != nil {
				t.Errorf("%s: the canonical form does not parse: %v", name, err)
			} else if changed := data.Changed(n, m); len(changed) > 0 {
				t.Errorf("%s: the canonical form reads back with changes at %v", name, changed)
			}
		}
	}
	t.Logf("%d files: %d valid networks written and read back, %d rewritten in the canonical form", len(files), valid, rewritten)
	if valid < 300 {
		t.Errorf("only %d valid networks in the corpus", valid)
	}
}

// comments lists the comments of a file, as TOML reads them.
func comments(src []byte) []string {
	var out []string
	var walk func(n *unstable.Node)
	walk = func(n *unstable.Node) {
		for ; n != nil; n = n.Next() {
			if n.Kind == unstable.Comment {
				out = append(out, string(n.Data))
			}
			if n.Kind != unstable.Key {
				walk(n.Child())
			}
		}
	}
	var p unstable.Parser
	p.KeepComments = true
	p.Reset(src)
	for p.NextExpression() {
		walk(p.Expression())
	}
	return out
}

func TestCanonicalGolden(t *testing.T) {
	for _, name := range []string{"comments.toml", "forms.toml", "atlas/atlas.toml"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			out, err := data.Canonical(name, src)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "canonical/"+filepath.Base(name), out)
			if again, err := data.Canonical(name, out); err != nil || !bytes.Equal(again, out) {
				t.Errorf("rewriting the canonical form changes it: %v\n%s", err, again)
			}
		})
	}
}

func TestCanonicalRefuses(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"syntax", "[network\n", "TOML syntax"},
		{"unknown key", "[network]\nslug = \"a\"\ncolour = \"red\"\n", `unknown key "network.colour"`},
		{"wrong kind of value", "[network]\nstart = \"2008\"\n", "wrong kind of value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := data.Canonical("net.toml", []byte(tc.src))
			var ps data.Problems
			if !errors.As(err, &ps) || !strings.Contains(err.Error(), tc.want) || out != nil {
				t.Errorf("Canonical = %q, %v; want problems saying %q", out, err, tc.want)
			}
		})
	}
}

// Every field a network has is written: a change to any one of them
// reads back from the canonical form, and Changed names it.
func TestFormatWritesEveryField(t *testing.T) {
	start := full(t)
	for _, c := range mutations(start) {
		t.Run(c.path, func(t *testing.T) {
			n := clone(t, start)
			c.change(n)
			changed := data.Changed(start, n)
			if !slices.Contains(changed, c.path) {
				t.Fatalf("Changed = %v, want it to name %s", changed, c.path)
			}
			m, err := data.Parse("net.toml", data.Format(n))
			if err != nil {
				// Some changes make the network invalid; they must still
				// be written.
				var ps data.Problems
				if !errors.As(err, &ps) {
					t.Fatal(err)
				}
				return
			}
			if got := data.Changed(n, m); len(got) > 0 {
				t.Errorf("read back with changes at %v", got)
			}
			if got := data.Changed(start, m); !slices.Contains(got, c.path) {
				t.Errorf("the change to %s was not written: %v", c.path, got)
			}
		})
	}
}

// full is a network with every field written.
func full(t testing.TB) *data.Network {
	src := `[network]
slug = "full"
name = "Full"
full_name = "A network with every field"
programme = "URBACT"
fund = "ERDF"
start = 2008-04-21
end = 2011-05-20
website = "https://example.org/"
language = "it"
summary = """
Two lines
of summary.
"""
objectives = ["One", "Two"]
activities = ["Meet"]

[network.contact]
name = "Office"
email = "office@example.org"
address = "Via Roma 1"
website = "https://example.org/contact"

[network.translations.de]
full_name = "Ein Netzwerk"
summary = "Zusammenfassung"
objectives = ["Eins"]
activities = ["Treffen"]

[[network.results]]
title = "Plan"
description = "The plan."
city = "palermo"
url = "https://example.org/plan"

[network.results.translations.de]
title = "Plan (de)"
description = "Der Plan."

[[cities]]
slug = "palermo"
name = "Palermo"
local_name = "Palermu"
country = "IT"
lat = 38.1157
lon = 13.3613
focus_area = "Ballarò"
description = "Palermo."
links = [{ title = "Home", url = "https://example.org/palermo" }]

[[cities.meetings]]
start = 2010-11-25
end = 2010-11-26
topic = "Cooperation"

[cities.translations.de]
name = "Palermo (de)"
focus_area = "Ballarò (de)"
description = "Palermo (de)."

[[partners]]
slug = "cesie"
name = "CESIE"
kind = "organisation"
role = "coordinator"
city = "palermo"
website = "https://cesie.org/"
`
	n, err := data.Parse("full.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// clone copies a network through its canonical form.
func clone(t testing.TB, n *data.Network) *data.Network {
	t.Helper()
	m, err := data.Parse("clone.toml", data.Format(n))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type mutation struct {
	path   string
	change func(n *data.Network)
}

// mutations change each field of the full network, one at a time.
func mutations(base *data.Network) []mutation {
	day := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	return []mutation{
		{"network.slug", func(n *data.Network) { n.Slug = "other" }},
		{"network.name", func(n *data.Network) { n.Name += " \"quoted\"" }},
		{"network.full_name", func(n *data.Network) { n.FullName += "\u202e" }},
		{"network.programme", func(n *data.Network) { n.Programme = "" }},
		{"network.fund", func(n *data.Network) { n.Fund += `\` }},
		{"network.start", func(n *data.Network) { n.Start = day(n.Start) }},
		{"network.end", func(n *data.Network) { n.End = time.Time{} }},
		{"network.website", func(n *data.Network) { n.Website += "x" }},
		{"network.language", func(n *data.Network) { n.Language = "fr" }},
		{"network.summary", func(n *data.Network) { n.Summary += "\n\"\"\"Three\"\"\" quotes\t\\ and a tab\r" }},
		{"network.objectives", func(n *data.Network) { n.Objectives = append(n.Objectives, "Three") }},
		{"network.activities", func(n *data.Network) { n.Activities = nil }},
		{"network.contact.name", func(n *data.Network) { n.Contact.Name += "!" }},
		{"network.contact.email", func(n *data.Network) { n.Contact.Email = "" }},
		{"network.contact.address", func(n *data.Network) { n.Contact.Address += "\n2nd line" }},
		{"network.contact.website", func(n *data.Network) { n.Contact.Website += "x" }},
		{"network.translations.de.full_name", func(n *data.Network) { t := n.Translations["de"]; t.FullName += "!"; n.Translations["de"] = t }},
		{"network.translations.de.summary", func(n *data.Network) { t := n.Translations["de"]; t.Summary += "\nmore"; n.Translations["de"] = t }},
		{"network.translations.de.objectives", func(n *data.Network) { t := n.Translations["de"]; t.Objectives[0] += "!"; n.Translations["de"] = t }},
		{"network.translations.de.activities", func(n *data.Network) { t := n.Translations["de"]; t.Activities = nil; n.Translations["de"] = t }},
		{"network.translations.fr", func(n *data.Network) { n.Translations["fr"] = data.NetworkText{FullName: "Un réseau"} }},
		{"network.results[0].title", func(n *data.Network) { n.Results[0].Title += "!" }},
		{"network.results[0].description", func(n *data.Network) { n.Results[0].Description = "" }},
		{"network.results[0].city", func(n *data.Network) { n.Results[0].City = "" }},
		{"network.results[0].url", func(n *data.Network) { n.Results[0].URL += "x" }},
		{"network.results[0].translations.de.title", func(n *data.Network) {
			t := n.Results[0].Translations["de"]
			t.Title += "!"
			n.Results[0].Translations["de"] = t
		}},
		{"network.results[0].translations.de.description", func(n *data.Network) {
			t := n.Results[0].Translations["de"]
			t.Description = ""
			n.Results[0].Translations["de"] = t
		}},
		{"network.results[1]", func(n *data.Network) { n.Results = append(n.Results, data.Result{Title: "Guide"}) }},
		{"cities.palermo.name", func(n *data.Network) { n.Cities[0].Name += "!" }},
		{"cities.palermo.local_name", func(n *data.Network) { n.Cities[0].LocalName = "" }},
		{"cities.palermo.country", func(n *data.Network) { n.Cities[0].Country = "DE" }},
		{"cities.palermo.lat", func(n *data.Network) { n.Cities[0].Lat = 0 }},
		{"cities.palermo.lon", func(n *data.Network) { n.Cities[0].Lon = -13.123456789012 }},
		{"cities.palermo.focus_area", func(n *data.Network) { n.Cities[0].FocusArea = "" }},
		{"cities.palermo.description", func(n *data.Network) { n.Cities[0].Description = "Two\nlines" }},
		{"cities.palermo.links", func(n *data.Network) { n.Cities[0].Links[0].Title += "!" }},
		{"cities.palermo.meetings[0].start", func(n *data.Network) { n.Cities[0].Meetings[0].Start = day(n.Cities[0].Meetings[0].Start) }},
		{"cities.palermo.meetings[0].end", func(n *data.Network) { n.Cities[0].Meetings[0].End = time.Time{} }},
		{"cities.palermo.meetings[0].topic", func(n *data.Network) { n.Cities[0].Meetings[0].Topic += "!" }},
		{"cities.palermo.meetings[1]", func(n *data.Network) {
			n.Cities[0].Meetings = append(n.Cities[0].Meetings, data.Meeting{Start: time.Date(2011, 1, 2, 15, 4, 5, 0, time.UTC)})
		}},
		{"cities.palermo.translations.de.name", func(n *data.Network) {
			t := n.Cities[0].Translations["de"]
			t.Name += "!"
			n.Cities[0].Translations["de"] = t
		}},
		{"cities.palermo.translations.de.focus_area", func(n *data.Network) {
			t := n.Cities[0].Translations["de"]
			t.FocusArea = ""
			n.Cities[0].Translations["de"] = t
		}},
		{"cities.palermo.translations.de.description", func(n *data.Network) {
			t := n.Cities[0].Translations["de"]
			t.Description += "\n"
			n.Cities[0].Translations["de"] = t
		}},
		{"cities.palermo.translations.de", func(n *data.Network) { delete(n.Cities[0].Translations, "de") }},
		{"cities.berlin", func(n *data.Network) {
			n.Cities = append(n.Cities, data.City{Slug: "berlin", Name: "Berlin", Country: "DE", Lat: 52.52, Lon: 13.405})
		}},
		{"partners.cesie.name", func(n *data.Network) { n.Partners[0].Name += "!" }},
		{"partners.cesie.kind", func(n *data.Network) { n.Partners[0].Kind = data.KindCity }},
		{"partners.cesie.role", func(n *data.Network) { n.Partners[0].Role = data.RolePartner }},
		{"partners.cesie.city", func(n *data.Network) { n.Partners[0].City = "berlin" }},
		{"partners.cesie.website", func(n *data.Network) { n.Partners[0].Website = "" }},
		{"partners[1]", func(n *data.Network) { n.Partners = append(n.Partners, data.Partner{Slug: "cesie", Name: "Again"}) }},
	}
}

// Changed names each change once: a city removed from the middle is one
// change, not one for each city after it.
func TestChanged(t *testing.T) {
	cases := []struct {
		name   string
		change func(n *data.Network)
		want   []string
	}{
		{"nothing", func(n *data.Network) {}, nil},
		{"the default language written", func(n *data.Network) { n.Language = "en" }, nil},
		{"a city removed", func(n *data.Network) {
			n.Cities = slices.Delete(n.Cities, 2, 3)
		}, []string{"cities.liverpool"}},
		{"a city added and one changed", func(n *data.Network) {
			n.Cities[1].Lat = 38.12
			n.Cities = append(n.Cities, data.City{Slug: "sofia-2"})
		}, []string{"cities.palermo.lat", "cities.sofia-2"}},
		{"cities in another order", func(n *data.Network) { n.Cities[0], n.Cities[1] = n.Cities[1], n.Cities[0] }, []string{"cities"}},
		{"a partner's slug changed", func(n *data.Network) { n.Partners[2].Slug = "cesie-palermo" }, []string{"partners.cesie-palermo", "partners.cesie"}},
		{"two partners of one slug", func(n *data.Network) { n.Partners[1].Slug = "cesie" }, []string{"partners[1].slug"}},
		{"a result and a translation", func(n *data.Network) {
			n.Results[1].Title = "Guide"
			delete(n.Cities[0].Translations, "es")
		}, []string{"network.results[1].title", "cities.berlin.translations.es"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := data.Default()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := data.Default()
			tc.change(b)
			if got := data.Changed(a, b); !slices.Equal(got, tc.want) {
				t.Errorf("Changed = %q, want %q", got, tc.want)
			}
		})
	}
}

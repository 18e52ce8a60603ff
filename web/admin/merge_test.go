package admin

import (
	"strings"
	"testing"

	"partnermap/data"
)

// A draft merges with what changed meanwhile when the two touched
// different fields, by lines where they touched different lines and by
// field where the lines lie side by side; the same field changed two ways
// is a conflict, with both values, and nothing to write.
func TestMerge(t *testing.T) {
	base := string(data.DefaultSource())
	change := func(pairs ...string) string { return strings.NewReplacer(pairs...).Replace(base) }
	berlin := `name = "Berlin"` + "\n" + `local_name = "Berlin"`
	bari := "\n[[cities]]\nslug = \"bari\"\nname = \"Bari\"\ncountry = \"IT\"\nlat = 41.1171\nlon = 16.8719\n\n[[partners]]\nslug = \"bari\"\nname = \"City of Bari\"\nkind = \"city\"\nrole = \"partner\"\ncity = \"bari\"\n"
	liverpool := "[[partners]]\nslug = \"city-of-liverpool\"\nname = \"City of Liverpool\"\nkind = \"city\"\nrole = \"partner\"\ncity = \"liverpool\"\n\n"
	cases := []struct {
		name         string
		ours, theirs string
		want         []string // in the result
		conflicts    []Conflict
	}{
		{
			name:   "lines apart",
			ours:   change(`full_name = "Cohesion Network"`, `full_name = "The Cohesion Network"`),
			theirs: change(`email = "partnership@cesie.org"`, `email = "info@cesie.org"`),
			want:   []string{`full_name = "The Cohesion Network"`, `email = "info@cesie.org"`, "# CoNet, the URBACT II Cohesion Network"},
		},
		{
			name:   "fields on lines side by side",
			ours:   change(berlin, `name = "Berlin (DE)"`+"\n"+`local_name = "Berlin"`),
			theirs: change(berlin, `name = "Berlin"`+"\n"+`local_name = "Bärlin"`),
			want:   []string{`name = "Berlin (DE)"` + "\n" + `local_name = "Bärlin"`, "# Cities: one place on the map each."},
		},
		{
			name:   "the same change on both sides",
			ours:   change(`programme = "URBACT II thematic network"`, `programme = "URBACT II"`),
			theirs: change(`programme = "URBACT II thematic network"`, `programme = "URBACT II"`),
			want:   []string{`programme = "URBACT II"` + "\n"},
		},
		{
			name:   "a city added, another changed",
			ours:   base + bari,
			theirs: change(berlin, `name = "Berlin"`+"\n"+`local_name = "Bärlin"`),
			want:   []string{`slug = "bari"`, `local_name = "Bärlin"`},
		},
		{
			name:      "the same field, two ways",
			ours:      change(berlin, `name = "Berlin (DE)"`+"\n"+`local_name = "Berlin"`),
			theirs:    change(berlin, `name = "Berlin, Germany"`+"\n"+`local_name = "Berlin"`),
			conflicts: []Conflict{{Path: "cities.berlin.name", Base: "Berlin", Draft: "Berlin (DE)", Current: "Berlin, Germany"}},
		},
		{
			name:      "a city removed here, changed there",
			ours:      change(cityTable(t, base, "liverpool"), "", liverpool, ""),
			theirs:    change(`local_name = "Liverpool"`, `local_name = "Liverpool!"`),
			conflicts: []Conflict{{Path: "cities.liverpool"}},
		},
		{
			name:      "a comment changed, and a field beside one changed there",
			ours:      change("# Cities: one place on the map each.", "# Cities: one place each.", berlin, `name = "Berlin (DE)"`+"\n"+`local_name = "Berlin"`),
			theirs:    change(berlin, `name = "Berlin"`+"\n"+`local_name = "Bärlin"`),
			conflicts: []Conflict{{}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.ours == base || tc.theirs == base {
				t.Fatal("a side changes nothing: the case is written wrong")
			}
			m := merge("conet.toml", []byte(base), []byte(tc.ours), []byte(tc.theirs))
			if len(tc.conflicts) > 0 {
				if m.Text != nil || len(m.Conflicts) != len(tc.conflicts) {
					t.Fatalf("merged with %d conflicts, want %d: %+v", len(m.Conflicts), len(tc.conflicts), m.Conflicts)
				}
				for i, want := range tc.conflicts {
					got := m.Conflicts[i]
					if got.Path != want.Path || (want.Draft != "" && (got.Base != want.Base || got.Draft != want.Draft || got.Current != want.Current)) {
						t.Errorf("conflict %+v, want %+v", got, want)
					}
				}
				return
			}
			if m.Text == nil {
				t.Fatalf("not merged: %+v", m.Conflicts)
			}
			if _, err := data.Parse("conet.toml", m.Text); err != nil {
				t.Fatalf("the merge does not parse: %v", err)
			}
			for _, want := range tc.want {
				if !strings.Contains(string(m.Text), want) {
					t.Errorf("the merge lacks %q", want)
				}
			}
		})
	}
}

// cityTable is a city's table in a data file, from its header to the
// next table of cities.
func cityTable(t *testing.T, src, slug string) string {
	t.Helper()
	start := strings.Index(src, "[[cities]]\nslug = \""+slug+"\"")
	end := strings.Index(src[start+1:], "[[cities]]")
	if start < 0 || end < 0 {
		t.Fatalf("no city %s", slug)
	}
	return src[start : start+1+end]
}

// Merging by lines reads the diffs of package diff: lines inserted,
// removed and replaced at the start, the middle and the end of a file,
// with and without a line break at the end.
func TestMergeLines(t *testing.T) {
	base := "a\nb\nc\nd\ne\nf\ng\nh\n"
	cases := []struct{ name, ours, theirs, want string }{
		{"both ends", "A\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\ne\nf\ng\nH", "A\nb\nc\nd\ne\nf\ng\nH"},
		{"insert and remove", "a\nb\nx\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\ne\ng\nh\n", "a\nb\nx\nc\nd\ne\ng\nh\n"},
		{"the same change", "a\nB\nc\nd\ne\nf\ng\nh\n", "a\nB\nc\nd\ne\nf\ng\nh\n", "a\nB\nc\nd\ne\nf\ng\nh\n"},
		{"added at the end", "a\nb\nc\nd\ne\nf\ng\nh\ni\n", "z\na\nb\nc\nd\ne\nf\ng\nh\n", "z\na\nb\nc\nd\ne\nf\ng\nh\ni\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := mergeLines([]byte(base), []byte(tc.ours), []byte(tc.theirs))
			if !ok || string(got) != tc.want {
				t.Errorf("merged %v: %q, want %q", ok, got, tc.want)
			}
		})
	}
	for _, tc := range []struct{ name, ours, theirs string }{
		{"the same line", "a\nB\nc\nd\ne\nf\ng\nh\n", "a\nb2\nc\nd\ne\nf\ng\nh\n"},
		{"lines side by side", "a\nB\nc\nd\ne\nf\ng\nh\n", "a\nb\nC\nd\ne\nf\ng\nh\n"},
		{"inserted at one place", "a\nx\nb\nc\nd\ne\nf\ng\nh\n", "a\ny\nb\nc\nd\ne\nf\ng\nh\n"},
	} {
		if got, ok := mergeLines([]byte(base), []byte(tc.ours), []byte(tc.theirs)); ok {
			t.Errorf("%s: merged to %q, want a conflict", tc.name, got)
		}
	}
}

// What publishing changes is listed by field, with each value before and
// after: cities by slug, added and removed whole.
func TestFieldChanges(t *testing.T) {
	base := string(data.DefaultSource())
	after := strings.Replace(base, `local_name = "Berlin"`, `local_name = "Bärlin"`, 1)
	after = strings.Replace(after, cityTable(t, after, "palermo"), "", 1)
	after += "\n[[cities]]\nslug = \"bari\"\nname = \"Bari\"\ncountry = \"IT\"\nlat = 41.1171\nlon = 16.8719\n"
	got := fieldChanges([]byte(base), []byte(after))
	want := map[string][2]string{
		"cities.berlin.local_name": {"Berlin", "Bärlin"},
		"cities.palermo":           {"country = 'IT'", ""},
		"cities.bari":              {"", "country = 'IT'"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d changes, want %d: %+v", len(got), len(want), got)
	}
	for _, c := range got {
		w, ok := want[c.Path]
		if !ok || !strings.HasPrefix(c.Before, w[0]) || !strings.HasPrefix(c.After, w[1]) || (w[0] == "") != (c.Before == "") || (w[1] == "") != (c.After == "") {
			t.Errorf("change %+v, want %v", c, w)
		}
	}
}

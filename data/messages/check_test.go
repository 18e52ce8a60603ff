package messages

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// The files the site carries pass their own check.
func TestEmbeddedFilesPass(t *testing.T) {
	for _, p := range Check(files) {
		t.Error(p)
	}
}

const checkedEnglish = `[language]
name = "English"

[title]
city = "{{.City}} – {{.Network}} partner map"

[map.cluster]
one = "{{.Count}} city"
other = "{{.Count}} cities"

[cities.all]
one = "The only city of the network"
other = "All {{.Count}} cities of the network"
`

// checkedPolish matches checkedEnglish; each case below breaks it.
const checkedPolish = `[language]
name = "Polski"

[title]
city = "{{.City}} – mapa partnerów {{.Network}}"

[map.cluster]
one = "{{.Count}} miasto"
few = "{{.Count}} miasta"
many = "{{.Count}} miast"
other = "{{.Count}} miasta"

[cities.all]
one = "Jedyne miasto sieci"
few = "Wszystkie {{.Count}} miasta sieci"
many = "Wszystkie {{.Count}} miast sieci"
other = "{{.Count}} miasta sieci"
`

// Every problem make check reports, at its line, saying what to write.
func TestCheck(t *testing.T) {
	cases := []struct {
		name string
		// pl replaces text in checkedPolish, pairwise; files adds files.
		pl    []string
		files map[string]string
		want  []string
	}{
		{name: "as English", want: nil},
		{
			name: "a missing message",
			pl:   []string{"city = \"{{.City}} – mapa partnerów {{.Network}}\"\n", ""},
			want: []string{`pl.toml:4: "title.city" is missing: translate en.toml:5, "{{.City}} – {{.Network}} partner map"`},
		},
		{
			name: "a missing table",
			pl:   []string{"[title]\ncity = \"{{.City}} – mapa partnerów {{.Network}}\"\n", ""},
			want: []string{`pl.toml:15: "title.city" is missing: translate en.toml:5, "{{.City}} – {{.Network}} partner map"`},
		},
		{
			name: "an extra message, near one of English",
			pl:   []string{"[title]\n", "[title]\ncty = \"Miasto\"\n"},
			want: []string{`pl.toml:5: "title.cty" is not in en.toml: remove it, or write "title.city"`},
		},
		{
			name: "an extra message",
			pl:   []string{"[title]\n", "[title]\nnetwork = \"Sieć\"\n"},
			want: []string{`pl.toml:5: "title.network" is not in en.toml: remove it`},
		},
		{
			name: "a placeholder English does not have, and one it lacks",
			pl:   []string{"{{.City}} – mapa", "{{.Town}} – mapa"},
			want: []string{
				`pl.toml:5: "title.city" has {{.Town}}, which en.toml does not: use only {{.City}}, {{.Network}}`,
				`pl.toml:5: "title.city" lacks {{.City}}, which en.toml has: put it where the sentence needs it`,
			},
		},
		{
			name: "placeholders in another order",
			pl:   []string{"{{.City}} – mapa partnerów {{.Network}}", "Mapa partnerów {{.Network}}: {{.City}}"},
			want: nil,
		},
		{
			name: "the one form may leave the number out, no other may",
			pl:   []string{"many = \"{{.Count}} miast\"", "many = \"Wiele miast\""},
			want: []string{`pl.toml:10: "map.cluster" (many) lacks {{.Count}}, which en.toml has: put it where the sentence needs it`},
		},
		{
			name: "a plural form the language needs",
			pl:   []string{"few = \"{{.Count}} miasta\"\n", ""},
			want: []string{`pl.toml:7: "map.cluster" lacks the few form, which Polish uses for 2, 3, 4, 22, 23, 24, ...: add few = "..."`},
		},
		{
			name: "a plural form the language does not have",
			pl:   []string{"[map.cluster]\n", "[map.cluster]\ntwo = \"{{.Count}} miasta\"\n"},
			want: []string{`pl.toml:8: Polish has no two form: remove two from "map.cluster" (Polish uses one, few, many, other)`},
		},
		{
			name: "plain text for a message that counts",
			pl: []string{"[map.cluster]\none = \"{{.Count}} miasto\"\nfew = \"{{.Count}} miasta\"\nmany = \"{{.Count}} miast\"\nother = \"{{.Count}} miasta\"\n",
				"[map]\ncluster = \"Miasta: {{.Count}}\"\n"},
			want: []string{`pl.toml:8: "map.cluster" counts something: write it as a table [map.cluster] of the plural forms Polish uses, one, few, many, other`},
		},
		{
			name: "plural forms for a message that counts nothing",
			pl:   []string{"[title]\ncity = \"{{.City}} – mapa partnerów {{.Network}}\"\n", "[title.city]\nother = \"{{.City}} – mapa partnerów {{.Network}}\"\n"},
			want: []string{`pl.toml:4: "title.city" counts nothing in en.toml: write it as plain text, city = "..."`},
		},
		{
			name: "more than a placeholder in braces",
			pl:   []string{"{{.City}} – mapa", "{{.City | upper}} – mapa"},
			want: []string{
				`pl.toml:5: "title.city": {{.City | upper}} is not a placeholder: write placeholders as {{.Name}}, and nothing else in double braces`,
			},
		},
		{
			name: "braces left open",
			pl:   []string{"{{.City}} – mapa", "{{.City – mapa"},
			want: []string{`pl.toml:5: "title.city": unrecognized character in action: U+2013 '–': write placeholders as {{.Name}}`},
		},
		{
			name: "a number for text",
			pl:   []string{"name = \"Polski\"", "name = 12"},
			want: []string{`pl.toml:2: name = 12 is not text: write the message in quotes`},
		},
		{
			name: "empty text",
			pl:   []string{"name = \"Polski\"", "name = \"\""},
			want: []string{`pl.toml:2: "language.name" is empty: write the text`},
		},
		{
			name: "an empty plural form",
			pl:   []string{"one = \"Jedyne miasto sieci\"", "one = \"\""},
			want: []string{`pl.toml:14: cities.all one is empty: write the text`},
		},
		{
			name: "a message inside one that counts",
			pl:   []string{"[cities.all]\n", "[cities.all]\nnote = \"Uwaga\"\n"},
			want: []string{`pl.toml:14: "cities.all.note" is inside "cities.all", which is a message that counts: a table holds either plural forms or messages`},
		},
		{
			name: "a word go-i18n keeps",
			pl:   []string{"[language]\n", "description = \"Polish\"\n[language]\n"},
			want: []string{`pl.toml:1: "description" is a word go-i18n reads as part of a message, not a message: put plural forms under their message's [table], and notes to translators in # comments`},
		},
		{
			name: "TOML syntax",
			pl:   []string{"[cities.all]", "[cities.all"},
			want: []string{`pl.toml:13: TOML syntax: expected ']' to close table name`},
		},
		{
			name:  "a file named with capitals",
			files: map[string]string{"PL.toml": checkedPolish},
			want:  []string{`PL.toml:1: "PL" is not a language's two-letter tag: rename the file pl.toml`},
		},
		{
			name:  "a file named with a region",
			files: map[string]string{"pt-BR.toml": checkedPolish},
			want:  []string{`pt-BR.toml:1: "pt-BR" is not a language's two-letter tag: rename the file pt.toml`},
		},
		{
			name:  "a file named with no language",
			files: map[string]string{"xx.toml": checkedPolish},
			want:  []string{`xx.toml:1: "xx" is not a language's tag: name the file by the language's ISO 639-1 code, such as pt.toml`},
		},
		{
			name:  "no English",
			files: map[string]string{"en.toml": ""},
			want:  []string{`en.toml:1: the English file is missing: every other file is checked against it`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pl := strings.NewReplacer(tc.pl...).Replace(checkedPolish)
			if len(tc.pl) > 0 && pl == checkedPolish {
				t.Fatalf("%q is not in the Polish file", tc.pl[0])
			}
			fsys := fstest.MapFS{"en.toml": {Data: []byte(checkedEnglish)}, "pl.toml": {Data: []byte(pl)}}
			for name, src := range tc.files {
				if src == "" {
					delete(fsys, name)
				} else {
					fsys[name] = &fstest.MapFile{Data: []byte(src)}
				}
			}
			var got []string
			for _, p := range Check(fsys) {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			// The site refuses to load such files, naming the problems.
			_, err := load(fsys, "messages/")
			switch {
			case len(tc.want) == 0 && err != nil:
				t.Errorf("load: %v", err)
			case len(tc.want) > 0 && (err == nil || !strings.Contains(err.Error(), "\nmessages/"+tc.want[0])):
				t.Errorf("load: %v, want the problems", err)
			}
		})
	}
}

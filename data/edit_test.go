package data_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/data/diff"
)

// Changing one city's description in CoNet's file rewrites the lines of
// that description and nothing else.
func TestEditGolden(t *testing.T) {
	src := data.DefaultSource()
	n, err := data.Parse("conet.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := n.City("palermo")
	c.Description = "The City of Palermo took part through its youth policy department, and CESIE\nran the city's Local Support Group, which met in Ballarò.\n"
	out, err := data.Edit(src, n)
	if err != nil {
		t.Fatal(err)
	}
	d := diff.Unified("conet.toml", "conet.toml", src, out)
	golden(t, "edit/description.diff", d)
	// Only the description's lines are removed.
	var removed []string
	for line := range strings.SplitSeq(string(d), "\n") {
		if strings.HasPrefix(line, "-") && !strings.HasPrefix(line, "---") {
			removed = append(removed, line[1:])
		}
	}
	if want := []string{"ran the city's Local Support Group. The Local Action Plan looked at the", "Ballarò neighbourhood."}; !slices.Equal(removed, want) {
		t.Errorf("removed lines %q, want %q", removed, want)
	}
}

// editBase is a small network with comments above its tables and keys.
const editBase = `# A network for the edit tests.

[network]
slug = "net"
name = "Net"
objectives = [
  "One", # the first
  # Above the second.
  "Two",
]
contact = { name = "Office", email = "office@example.org" }

# Cities.

# Palermo, where the network began.
[[cities]]
slug = "palermo"
name = "Palermo"
country = "IT"
# From the gazetteer.
lat = 38.1157
lon = 13.3613
# Its district.
focus_area = "Ballarò"

[cities.translations.it]
name = "Palermo"

# Berlin, the coordinator's city.
[[cities]]
slug = "berlin"
name = "Berlin"
country = "DE"
lat = 52.52
lon = 13.405
translations.de.name = "Berlin"

[[partners]]
slug = "city-of-berlin"
name = "City of Berlin"
kind = "city"
role = "coordinator"
city = "berlin"

# Palermo's partner.
[[partners]]
slug = "city-of-palermo"
name = "City of Palermo"
kind = "city"
role = "partner"
city = "palermo"
`

func TestEdit(t *testing.T) {
	cases := []struct {
		name   string
		src    string // editBase unless set
		change func(n *data.Network)
		want   string // the difference, without its header
	}{
		{
			name:   "a value of a city with a comment above it",
			change: func(n *data.Network) { n.Cities[0].Name = "Palermu" },
			want:   "@@ -15,7 +15,7 @@\n # Palermo, where the network began.\n [[cities]]\n slug = \"palermo\"\n-name = \"Palermo\"\n+name = \"Palermu\"\n country = \"IT\"\n # From the gazetteer.\n lat = 38.1157\n",
		},
		{
			name:   "a key with a comment above it",
			change: func(n *data.Network) { n.Cities[0].Lat = 38.12 },
			want:   "@@ -18,7 +18,7 @@\n name = \"Palermo\"\n country = \"IT\"\n # From the gazetteer.\n-lat = 38.1157\n+lat = 38.12\n lon = 13.3613\n # Its district.\n focus_area = \"Ballarò\"\n",
		},
		{
			name:   "a key removed with its comment",
			change: func(n *data.Network) { n.Cities[0].FocusArea = "" },
			want:   "@@ -20,8 +20,6 @@\n # From the gazetteer.\n lat = 38.1157\n lon = 13.3613\n-# Its district.\n-focus_area = \"Ballarò\"\n \n [cities.translations.it]\n name = \"Palermo\"\n",
		},
		{
			name: "a city removed with its comment and tables",
			change: func(n *data.Network) {
				n.Cities = n.Cities[1:]
				n.Partners = n.Partners[:1]
			},
			want: "@@ -12,20 +12,6 @@\n \n # Cities.\n \n-# Palermo, where the network began.\n-[[cities]]\n-slug = \"palermo\"\n-name = \"Palermo\"\n-country = \"IT\"\n-# From the gazetteer.\n-lat = 38.1157\n-lon = 13.3613\n-# Its district.\n-focus_area = \"Ballarò\"\n-\n-[cities.translations.it]\n-name = \"Palermo\"\n-\n # Berlin, the coordinator's city.\n [[cities]]\n slug = \"berlin\"\n@@ -41,11 +27,3 @@\n kind = \"city\"\n role = \"coordinator\"\n city = \"berlin\"\n-\n-# Palermo's partner.\n-[[partners]]\n-slug = \"city-of-palermo\"\n-name = \"City of Palermo\"\n-kind = \"city\"\n-role = \"partner\"\n-city = \"palermo\"\n",
		},
		{
			name:   "cities reordered, each with its comment and tables",
			change: func(n *data.Network) { n.Cities[0], n.Cities[1] = n.Cities[1], n.Cities[0] },
			want:   "@@ -12,6 +12,15 @@\n \n # Cities.\n \n+# Berlin, the coordinator's city.\n+[[cities]]\n+slug = \"berlin\"\n+name = \"Berlin\"\n+country = \"DE\"\n+lat = 52.52\n+lon = 13.405\n+translations.de.name = \"Berlin\"\n+\n # Palermo, where the network began.\n [[cities]]\n slug = \"palermo\"\n@@ -25,15 +34,6 @@\n \n [cities.translations.it]\n name = \"Palermo\"\n-\n-# Berlin, the coordinator's city.\n-[[cities]]\n-slug = \"berlin\"\n-name = \"Berlin\"\n-country = \"DE\"\n-lat = 52.52\n-lon = 13.405\n-translations.de.name = \"Berlin\"\n \n [[partners]]\n slug = \"city-of-berlin\"\n",
		},
		{
			name: "a city added after the last city, a partner after the last partner",
			change: func(n *data.Network) {
				n.Cities = append(n.Cities, data.City{Slug: "sofia", Name: "Sofia", LocalName: "София", Country: "BG", Lat: 42.6977, Lon: 23.3219, Description: "Two\nlines.\n"})
				n.Partners = append(n.Partners, data.Partner{Slug: "city-of-sofia", Name: "City of Sofia", Kind: data.KindCity, Role: data.RolePartner, City: "sofia"})
			},
			want: "@@ -35,6 +35,18 @@\n lon = 13.405\n translations.de.name = \"Berlin\"\n \n+[[cities]]\n+slug = \"sofia\"\n+name = \"Sofia\"\n+local_name = \"София\"\n+country = \"BG\"\n+lat = 42.6977\n+lon = 23.3219\n+description = \"\"\"\n+Two\n+lines.\n+\"\"\"\n+\n [[partners]]\n slug = \"city-of-berlin\"\n name = \"City of Berlin\"\n@@ -49,3 +61,10 @@\n kind = \"city\"\n role = \"partner\"\n city = \"palermo\"\n+\n+[[partners]]\n+slug = \"city-of-sofia\"\n+name = \"City of Sofia\"\n+kind = \"city\"\n+role = \"partner\"\n+city = \"sofia\"\n",
		},
		{
			name:   "a key added in its canonical place",
			change: func(n *data.Network) { n.Cities[1].LocalName = "Berlin"; n.Cities[1].FocusArea = "Wedding" },
			want:   "@@ -30,9 +30,11 @@\n [[cities]]\n slug = \"berlin\"\n name = \"Berlin\"\n+local_name = \"Berlin\"\n country = \"DE\"\n lat = 52.52\n lon = 13.405\n+focus_area = \"Wedding\"\n translations.de.name = \"Berlin\"\n \n [[partners]]\n",
		},
		{
			name: "a translation added beside dotted ones, and as a table beside tables",
			change: func(n *data.Network) {
				n.Cities[1].Translations["it"] = data.CityText{Name: "Berlino"}
				n.Cities[0].Translations["de"] = data.CityText{Name: "Palermo (de)"}
			},
			want: "@@ -26,6 +26,9 @@\n [cities.translations.it]\n name = \"Palermo\"\n \n+[cities.translations.de]\n+name = \"Palermo (de)\"\n+\n # Berlin, the coordinator's city.\n [[cities]]\n slug = \"berlin\"\n@@ -34,6 +37,7 @@\n lat = 52.52\n lon = 13.405\n translations.de.name = \"Berlin\"\n+translations.it.name = \"Berlino\"\n \n [[partners]]\n slug = \"city-of-berlin\"\n",
		},
		{
			name:   "a translation removed",
			change: func(n *data.Network) { delete(n.Cities[0].Translations, "it"); delete(n.Cities[1].Translations, "de") },
			want:   "@@ -23,9 +23,6 @@\n # Its district.\n focus_area = \"Ballarò\"\n \n-[cities.translations.it]\n-name = \"Palermo\"\n-\n # Berlin, the coordinator's city.\n [[cities]]\n slug = \"berlin\"\n@@ -33,7 +30,6 @@\n country = \"DE\"\n lat = 52.52\n lon = 13.405\n-translations.de.name = \"Berlin\"\n \n [[partners]]\n slug = \"city-of-berlin\"\n",
		},
		{
			name:   "a list's items, one a line",
			change: func(n *data.Network) { n.Objectives = []string{"Zero", "One", "Two!"} },
			want:   "@@ -4,9 +4,10 @@\n slug = \"net\"\n name = \"Net\"\n objectives = [\n+  \"Zero\",\n   \"One\", # the first\n   # Above the second.\n-  \"Two\",\n+  \"Two!\",\n ]\n contact = { name = \"Office\", email = \"office@example.org\" }\n \n",
		},
		{
			name:   "a list's item removed with its comment",
			change: func(n *data.Network) { n.Objectives = n.Objectives[:1] },
			want:   "@@ -5,8 +5,6 @@\n name = \"Net\"\n objectives = [\n   \"One\", # the first\n-  # Above the second.\n-  \"Two\",\n ]\n contact = { name = \"Office\", email = \"office@example.org\" }\n \n",
		},
		{
			name:   "an inline table",
			change: func(n *data.Network) { n.Contact.Email = ""; n.Contact.Website = "https://example.org/" },
			want:   "@@ -8,7 +8,7 @@\n   # Above the second.\n   \"Two\",\n ]\n-contact = { name = \"Office\", email = \"office@example.org\" }\n+contact = { name = \"Office\", website = \"https://example.org/\" }\n \n # Cities.\n \n",
		},
		{
			name: "a meeting, the first of its city, and a result, the first of the network",
			change: func(n *data.Network) {
				n.Cities[1].Meetings = []data.Meeting{{Start: time.Date(2010, 11, 25, 0, 0, 0, 0, time.Local), Topic: "Kick-off"}}
				n.Results = []data.Result{{Title: "Plan", City: "berlin"}}
			},
			want: "@@ -10,6 +10,10 @@\n ]\n contact = { name = \"Office\", email = \"office@example.org\" }\n \n+[[network.results]]\n+title = \"Plan\"\n+city = \"berlin\"\n+\n # Cities.\n \n # Palermo, where the network began.\n@@ -34,6 +38,10 @@\n lat = 52.52\n lon = 13.405\n translations.de.name = \"Berlin\"\n+\n+[[cities.meetings]]\n+start = 2010-11-25\n+topic = \"Kick-off\"\n \n [[partners]]\n slug = \"city-of-berlin\"\n",
		},
		{
			name: "a partner added after the last partner",
			change: func(n *data.Network) {
				n.Partners = append(n.Partners, data.Partner{Slug: "cesie", Name: "CESIE", Kind: data.KindOrganisation, Role: data.RolePartner, City: "palermo"})
			},
			want: "@@ -49,3 +49,10 @@\n kind = \"city\"\n role = \"partner\"\n city = \"palermo\"\n+\n+[[partners]]\n+slug = \"cesie\"\n+name = \"CESIE\"\n+kind = \"organisation\"\n+role = \"partner\"\n+city = \"palermo\"\n",
		},
		{
			name:   "lines that end in CR LF",
			src:    strings.ReplaceAll(datatest.TwoCities(), "\n", "\r\n"),
			change: func(n *data.Network) { n.Cities[1].FocusArea = "Ballarò" },
			want:   "@@ -16,6 +16,7 @@\n country = \"IT\"\r\n lat = 38.1157\r\n lon = 13.3613\r\n+focus_area = \"Ballarò\"\r\n \r\n [[partners]]\r\n slug = \"city-of-berlin\"\r\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(cmpOr(tc.src, editBase))
			n, err := data.Parse("net.toml", src)
			if err != nil {
				t.Fatal(err)
			}
			tc.change(n)
			out, err := data.Edit(src, n)
			if err != nil {
				t.Fatal(err)
			}
			got := string(diff.Unified("a", "b", src, out))
			got = strings.TrimPrefix(got, "--- a\n+++ b\n")
			if got != tc.want {
				t.Errorf("the edit made\n%s\nwant\n%s\nthe file:\n%s", got, tc.want, out)
			}
			if bytes.Contains(src, []byte("\r\n")) && bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
				t.Errorf("the edit ends lines with LF in a file of CR LF:\n%q", out)
			}
			m, err := data.Parse("net.toml", out)
			if err != nil {
				t.Fatalf("the edited file does not parse: %v", err)
			}
			if changed := data.Changed(n, m); len(changed) > 0 {
				t.Errorf("the edited file reads back with changes at %v", changed)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// A file that does not decode is not edited.
func TestEditRefuses(t *testing.T) {
	n, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := data.Edit([]byte("[network\n"), n); err == nil {
		t.Errorf("Edit of a file that does not decode gave\n%s", out)
	}
}

// Whatever the file and whichever field changes, Edit writes the change:
// the file reads back as the changed network, comments are kept when a
// value changes, and no change gives back the file as it was.
func FuzzEdit(f *testing.F) {
	f.Add(data.DefaultSource(), uint(7), uint8(0))
	f.Add([]byte(editBase), uint(3), uint8(1))
	f.Add([]byte(editBase), uint(40), uint8(2))
	f.Add([]byte(datatest.Translated()), uint(12), uint8(3))
	f.Add([]byte(datatest.TwoCities()), uint(1), uint8(4))
	for _, name := range []string{"comments.toml", "forms.toml"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, uint(9), uint8(2))
	}
	f.Fuzz(func(t *testing.T, src []byte, which uint, how uint8) {
		if len(src) > 64<<10 {
			return
		}
		n, err := data.Parse("fuzz.toml", src)
		if err != nil {
			return
		}
		if out, err := data.Edit(src, n); err != nil || !bytes.Equal(out, src) {
			t.Fatalf("Edit with no change gives %v:\n%s", err, out)
		}
		before := data.Format(n)
		scalar := mutate(reflect.ValueOf(n).Elem(), int(which), how)
		after := data.Format(n)
		start := time.Now()
		out, err := data.Edit(src, n)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("Edit took %v on %d bytes", took, len(src))
		}
		if err != nil {
			t.Fatalf("Edit: %v\nthe change:\n%s", err, diff.Unified("before", "after", before, after))
		}
		if m, err := data.Parse("fuzz.toml", out); err == nil {
			if changed := data.Changed(n, m); len(changed) > 0 {
				t.Fatalf("the edited file reads back with changes at %v", changed)
			}
		} else {
			var ps data.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("the edited file: %v", err)
			}
		}
		if scalar {
			for _, c := range comments(src) {
				if !bytes.Contains(out, []byte(c)) {
					t.Fatalf("comment %q is lost", c)
				}
			}
		}
	})
}

// mutate changes the which-th value of a network it finds, walking its
// fields, in a way chosen by how; it reports whether a text, number or
// date was given another value, a change that keeps every comment.
func mutate(v reflect.Value, which int, how uint8) bool {
	var leaves []reflect.Value
	var writeBack []func() // copies of map values, to be put back
	defer func() {
		for i := len(writeBack) - 1; i >= 0; i-- {
			writeBack[i]()
		}
	}()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch {
		case v.Type() == reflect.TypeFor[time.Time]():
			leaves = append(leaves, v)
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
			leaves = append(leaves, v)
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case v.Kind() == reflect.Map:
			leaves = append(leaves, v)
			for _, k := range v.MapKeys() {
				// Map values cannot be set in place: change a copy.
				c := reflect.New(v.Type().Elem()).Elem()
				c.Set(v.MapIndex(k))
				writeBack = append(writeBack, func() {
					if v.MapIndex(k).IsValid() {
						v.SetMapIndex(k, c)
					}
				})
				walk(c)
			}
		default:
			leaves = append(leaves, v)
		}
	}
	walk(v)
	if len(leaves) == 0 {
		return false
	}
	leaf := leaves[which%len(leaves)]
	switch {
	case leaf.Type() == reflect.TypeFor[time.Time]():
		t := leaf.Interface().(time.Time)
		if how%2 == 0 || t.IsZero() {
			leaf.Set(reflect.ValueOf(time.Date(2012, 3, int(how%28)+1, 0, 0, 0, 0, time.Local)))
			return true
		}
		leaf.Set(reflect.ValueOf(time.Time{})) // removes the key
	case leaf.Kind() == reflect.String:
		texts := []string{"", "changed", "two\nlines", `a "quoted" \ text`, "\u202eevil", "# not a comment", "'''"}
		text := texts[int(how)%len(texts)]
		leaf.SetString(text)
		return text != ""
	case leaf.CanFloat():
		leaf.SetFloat(leaf.Float() + float64(how)/7 - 10)
		return true
	case leaf.Kind() == reflect.Slice:
		switch n := leaf.Len(); {
		case how%4 == 0 || n == 0:
			leaf.Set(reflect.Append(leaf, reflect.Zero(leaf.Type().Elem())))
			if e := leaf.Index(n); e.Kind() == reflect.String {
				e.SetString("added")
			} else if e.Kind() == reflect.Struct {
				if f := e.FieldByName("Slug"); f.IsValid() {
					f.SetString("added")
				}
				if f := e.FieldByName("Title"); f.IsValid() {
					f.SetString("Added")
				}
			}
		case how%4 == 1:
			i := int(how) % n
			leaf.Set(reflect.AppendSlice(leaf.Slice(0, i), leaf.Slice(i+1, n)))
		case how%4 == 2:
			i, j := int(how)%n, (int(how)/4)%n
			a, b := reflect.New(leaf.Type().Elem()).Elem(), reflect.New(leaf.Type().Elem()).Elem()
			a.Set(leaf.Index(i))
			b.Set(leaf.Index(j))
			leaf.Index(i).Set(b)
			leaf.Index(j).Set(a)
		default:
			leaf.Set(reflect.Zero(leaf.Type()))
		}
	case leaf.Kind() == reflect.Map:
		if leaf.IsNil() {
			leaf.Set(reflect.MakeMap(leaf.Type()))
		}
		langs := []string{"it", "de", "fr", "bg"}
		k := reflect.ValueOf(langs[int(how)%len(langs)])
		if leaf.MapIndex(k).IsValid() && how%2 == 1 {
			leaf.SetMapIndex(k, reflect.Value{})
		} else {
			e := reflect.New(leaf.Type().Elem()).Elem()
			if f := e.Field(0); f.Kind() == reflect.String {
				f.SetString("translated")
			}
			leaf.SetMapIndex(k, e)
		}
	}
	return false
}

// Edit and Format on networks of the sizes make bench serves: one city's
// description changed, the file written back.
func BenchmarkEdit(b *testing.B) {
	for _, cities := range []int{500, data.MaxCities} {
		src := datatest.Generate(cities, 2*cities)
		n, err := data.Parse("net.toml", src)
		if err != nil {
			b.Fatal(err)
		}
		n.Cities[cities/2].Description = "Changed."
		b.Run(strconv.Itoa(cities)+" cities", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := data.Edit(src, n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFormat(b *testing.B) {
	src := datatest.Generate(data.MaxCities, 2*data.MaxCities)
	n, err := data.Parse("net.toml", src)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		data.Format(n)
	}
}

package data

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The fixture: CoNet, and two networks that share Palermo and Berlin with
// it, the most recent (Green Courtyards) writing Palermo's point its own
// way.
func TestLoadAtlas(t *testing.T) {
	a, err := composeFolder(filepath.Join("testdata", "atlas"))
	if err != nil {
		t.Fatalf("%v", err)
	}
	var slugs []string
	for _, n := range a.Networks {
		slugs = append(slugs, n.Slug)
	}
	if !slices.Equal(slugs, []string{"conet", "courtyards", "harbours"}) {
		t.Errorf("networks %v", slugs)
	}
	if a.Info == nil || a.Info.Name != "Test atlas" || a.Info.NameIn("it").Text != "Atlante di prova" || !strings.Contains(a.Info.HTML(a.Info.Summary), "<p>Three networks") {
		t.Errorf("info %+v", a.Info)
	}
	// 11 CoNet cities, Marseille and Valencia, Vienna and Kraków.
	if len(a.Places) != 15 {
		t.Errorf("%d places", len(a.Places))
	}
	for _, tc := range []struct {
		slug     string
		networks []string
		lat      float64
	}{
		{"palermo", []string{"courtyards", "harbours", "conet"}, 38.1320},
		{"berlin", []string{"courtyards", "harbours", "conet"}, 52.5163},
		{"valencia", []string{"harbours"}, 39.4699},
		{"gijon", []string{"conet"}, 43.545},
	} {
		p, ok := a.Place(tc.slug)
		if !ok {
			t.Errorf("no place %s", tc.slug)
			continue
		}
		var got []string
		for _, v := range p.Visits {
			got = append(got, v.Network.Slug)
			if v.City.Slug != tc.slug {
				t.Errorf("%s: a visit of %s", tc.slug, v.City.Slug)
			}
		}
		if !slices.Equal(got, tc.networks) || p.City.Lat != tc.lat {
			t.Errorf("%s: networks %v, lat %v; want %v, %v (the most recent network's)", tc.slug, got, p.City.Lat, tc.networks, tc.lat)
		}
	}
	if n, ok := a.Network("harbours"); !ok || n.Name != "Harbour Cities" {
		t.Errorf("network harbours: %v", n)
	}
}

// composeFolder composes the atlas of a folder whose files are good
// alone, as the store reads one.
func composeFolder(dir string) (*Atlas, error) {
	files, infoFile, err := AtlasFolder(dir)
	if err != nil {
		return nil, err
	}
	var info *AtlasInfo
	if infoFile != "" {
		src, err := os.ReadFile(infoFile)
		if err != nil {
			return nil, err
		}
		if info, err = ParseAtlasInfo(infoFile, src); err != nil {
			return nil, err
		}
	}
	var networks []*Network
	for _, f := range files {
		n, err := Load(f, DefaultMaxSize)
		if err != nil {
			return nil, err
		}
		networks = append(networks, n)
	}
	return ComposeAtlas(info, networks)
}

// atlasFolder writes a folder of network files.
func atlasFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// small is a network file of one city, Palermo unless told otherwise.
func small(slug, country string, lat, lon float64) string {
	return "[network]\nslug = \"" + slug + "\"\nname = \"" + slug + "\"\n\n" +
		"[[cities]]\nslug = \"palermo\"\nname = \"Palermo\"\ncountry = \"" + country + "\"\n" +
		"lat = " + ftoa(lat) + "\nlon = " + ftoa(lon) + "\n\n" +
		"[[partners]]\nslug = \"p\"\nname = \"P\"\nkind = \"city\"\nrole = \"coordinator\"\ncity = \"palermo\"\n"
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Rules across files are reported in both files, each at its own line and
// naming the other's.
func TestComposeAtlasProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"two networks of one slug", map[string]string{
			"a.toml": small("net", "IT", 38.1157, 13.3613),
			"b.toml": small("net", "IT", 38.1157, 13.3613),
		}, []string{
			`a.toml:2:1: network slug "net" is also the slug of the network at DIR/b.toml:2:1: give each network a slug of its own`,
			`b.toml:2:1: network slug "net" is also the slug of the network at DIR/a.toml:2:1: give each network a slug of its own`,
		}},
		{"one place in two countries", map[string]string{
			"a.toml": small("one", "IT", 38.1157, 13.3613),
			"b.toml": small("two", "MT", 38.1157, 13.3613),
		}, []string{
			`a.toml:8:1: city "palermo" is in Italy here but in Malta at DIR/b.toml:8:1: cities of one slug are one place; write the same country in both, or give one of them another slug`,
			`b.toml:8:1: city "palermo" is in Malta here but in Italy at DIR/a.toml:8:1: cities of one slug are one place; write the same country in both, or give one of them another slug`,
		}},
		{"one place far apart", map[string]string{
			"a.toml": small("one", "IT", 38.1157, 13.3613),
			"b.toml": small("two", "IT", 37.5079, 15.0830),
		}, []string{
			`a.toml:9:1: city "palermo" lies 166 km from the city of the same slug at DIR/b.toml:9:1: cities of one slug are one place and lie within 25 km of each other; correct lat and lon, or give one of them another slug`,
			`b.toml:9:1: city "palermo" lies 166 km from the city of the same slug at DIR/a.toml:9:1: cities of one slug are one place and lie within 25 km of each other; correct lat and lon, or give one of them another slug`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := atlasFolder(t, tc.files)
			_, err := composeFolder(dir)
			ps, ok := err.(Problems)
			if !ok {
				t.Fatalf("err %v, want problems", err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, strings.ReplaceAll(strings.TrimPrefix(p.String(), dir+"/"), dir, "DIR"))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	// Within 25 km, and in one country, two networks' points are one place.
	dir := atlasFolder(t, map[string]string{"a.toml": small("one", "IT", 38.1157, 13.3613), "b.toml": small("two", "IT", 38.2, 13.3)})
	if a, err := composeFolder(dir); err != nil || len(a.Places) != 1 || len(a.Places[0].Visits) != 2 {
		t.Errorf("nearby points: %v, %+v", err, a)
	}
}

func TestAtlasFolder(t *testing.T) {
	if _, _, err := AtlasFolder(atlasFolder(t, map[string]string{AtlasFile: "[atlas]\nname = \"A\"\n", "notes.txt": "x"})); err == nil || !strings.Contains(err.Error(), "holds no network files") {
		t.Errorf("a folder without networks: %v", err)
	}
	files, info, err := AtlasFolder(atlasFolder(t, map[string]string{AtlasFile: "", "b.toml": "", "a.toml": "", ".hidden.toml": "", "c.txt": ""}))
	if err != nil || len(files) != 2 || filepath.Base(files[0]) != "a.toml" || filepath.Base(info) != AtlasFile {
		t.Errorf("files %v, info %q, %v", files, info, err)
	}
}

func TestParseAtlasInfo(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"good", "[atlas]\nname = \"URBACT II\"\nsummary = \"**All** networks.\"\nlanguage = \"de\"\n[atlas.translations.en]\nname = \"URBACT II (en)\"\n", nil},
		{"no [atlas]", "name = \"x\"\n", []string{`atlas.toml:1:1: unknown key "name"`, "missing [atlas]"}},
		{"no name", "[atlas]\nwebsite = \"https://example.org/\"\n", []string{`atlas.toml:1:2: missing name: add name = "URBACT II networks"`}},
		{"misspelt key", "[atlas]\nname = \"A\"\nwebsit = \"https://example.org/\"\n", []string{`atlas.toml:3:1: unknown key "atlas.websit": did you mean "website"?`}},
		{"bad email and link", "[atlas]\nname = \"A\"\nwebsite = \"ftp://example.org/\"\n[atlas.contact]\nemail = \"mailto:a@example.org\"\n", []string{
			`atlas.toml:3:1: address "ftp://example.org/" must start with http://, https:// or mailto:`,
			`atlas.toml:5:1: email "mailto:a@example.org" is not an email address`,
		}},
		{"translation into its own language", "[atlas]\nname = \"A\"\n[atlas.translations.en]\nname = \"B\"\n", []string{
			`atlas.toml:3:2: translation into "en", the atlas's own language: write the text in the [atlas] table itself and delete [atlas.translations.en]`,
		}},
		{"raw HTML stays out", "[atlas]\nname = \"A\"\nsummary = \"[x](javascript:alert(1))\"\n", []string{`atlas.toml:3:1: in the Markdown text: address "javascript:alert(1)"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseAtlasInfo(AtlasFile, []byte(tc.src))
			if tc.want == nil {
				if err != nil || a.Name != "URBACT II" || a.NameIn("en").Text != "URBACT II (en)" || a.NameIn("it").Text != "URBACT II" || !strings.Contains(a.HTML(a.Summary), "<strong>All</strong>") {
					t.Errorf("%+v, %v", a, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no problem, want %v", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s\nlacks %s", err, w)
				}
			}
		})
	}
}

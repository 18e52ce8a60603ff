package data

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// loadAtlas composes the atlas of a folder's network files, as the store
// does (which this package's tests cannot import).
func loadAtlas(t *testing.T, dir string) (*Atlas, error) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		return nil, err
	}
	var networks []*Network
	for _, path := range paths {
		if filepath.Base(path) == "atlas.toml" {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		n, err := Parse(path, src)
		if err != nil {
			return nil, err
		}
		networks = append(networks, n)
	}
	return ComposeAtlas(nil, networks)
}

// city is a network file of one city; its slug is on line 6.
func city(network, slug, name, country string, lat, lon float64) string {
	return "[network]\nslug = \"" + network + "\"\nname = \"" + network + "\"\n\n" +
		"[[cities]]\nslug = \"" + slug + "\"\nname = \"" + name + "\"\ncountry = \"" + country + "\"\n" +
		"lat = " + ftoa(lat) + "\nlon = " + ftoa(lon) + "\n\n" +
		"[[partners]]\nslug = \"p\"\nname = \"P\"\nkind = \"city\"\nrole = \"coordinator\"\ncity = \"" + slug + "\"\n"
}

// byName is a PlaceOf that takes every city whose name starts with
// Frankfurt for Frankfurt am Main, as a gazetteer finds it by its name.
func byName(c *City) string {
	if strings.HasPrefix(c.Name, "Frankfurt") && c.Country == "DE" {
		return "Frankfurt am Main (lat = 50.1155, lon = 8.6842)"
	}
	return ""
}

// Cities of different networks in one country, within 2 km of each other
// or one place in the gazetteer, are warned of at both files' lines, each
// naming the other's and the slug to write in both.
func TestDuplicatePlaces(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"Derry and Londonderry, 0.1 km apart", map[string]string{
			"a.toml": city("one", "derry", "Derry", "GB", 54.9966, -7.3086),
			"b.toml": city("two", "londonderry", "Londonderry", "GB", 54.9975, -7.3090),
		}, []string{
			`a.toml:6:1: warning: city "derry" (Derry) and city "londonderry" (Londonderry) at DIR/b.toml:6:1 lie 0.1 km apart: they look like one place under two slugs; give them one, "derry": write slug = "derry" for the city "londonderry", and city = "derry" for its partners, unless they are two places`,
			`b.toml:6:1: warning: city "londonderry" (Londonderry) and city "derry" (Derry) at DIR/a.toml:6:1 lie 0.1 km apart: they look like one place under two slugs; give them one, "derry": write slug = "derry" for the city "londonderry", and city = "derry" for its partners, unless they are two places`,
		}},
		{"Frankfurt and Frankfurt am Main, one place in the gazetteer, 5.3 km apart", map[string]string{
			"a.toml": city("one", "frankfurt-am-main", "Frankfurt am Main", "DE", 50.1109, 8.6821),
			"b.toml": city("two", "frankfurt", "Frankfurt", "DE", 50.0709, 8.6421),
		}, []string{
			`a.toml:6:1: warning: city "frankfurt-am-main" (Frankfurt am Main) and city "frankfurt" (Frankfurt) at DIR/b.toml:6:1 lie 5.3 km apart, and the gazetteer takes both for Frankfurt am Main (lat = 50.1155, lon = 8.6842): they look like one place under two slugs; give them one, "frankfurt": write slug = "frankfurt" for the city "frankfurt-am-main", and city = "frankfurt" for its partners, unless they are two places`,
			`b.toml:6:1: warning: city "frankfurt" (Frankfurt) and city "frankfurt-am-main" (Frankfurt am Main) at DIR/a.toml:6:1 lie 5.3 km apart, and the gazetteer takes both for Frankfurt am Main (lat = 50.1155, lon = 8.6842): they look like one place under two slugs; give them one, "frankfurt": write slug = "frankfurt" for the city "frankfurt-am-main", and city = "frankfurt" for its partners, unless they are two places`,
		}},
		{"the place in more networks keeps its slug, and each file of the other is told", map[string]string{
			"a.toml": city("one", "londonderry", "Londonderry", "GB", 54.9975, -7.3090),
			"b.toml": city("two", "londonderry", "Londonderry", "GB", 54.9975, -7.3090),
			"c.toml": city("three", "derry", "Derry", "GB", 54.9966, -7.3086),
		}, []string{
			`a.toml:6:1: warning: city "londonderry" (Londonderry) and city "derry" (Derry) at DIR/c.toml:6:1 lie 0.1 km apart: they look like one place under two slugs; give them one, "londonderry": write slug = "londonderry" for the city "derry", and city = "londonderry" for its partners, unless they are two places`,
			`c.toml:6:1: warning: city "derry" (Derry) and city "londonderry" (Londonderry) at DIR/a.toml:6:1 lie 0.1 km apart: they look like one place under two slugs; give them one, "londonderry": write slug = "londonderry" for the city "derry", and city = "londonderry" for its partners, unless they are two places`,
		}},
		{"a chain of three: each pair within 2 km, and all take one slug", map[string]string{
			"a.toml": city("one", "derry", "Derry", "GB", 54.9966, -7.3086),
			"b.toml": city("two", "londonderry", "Londonderry", "GB", 55.0066, -7.3086),
			"c.toml": city("three", "derry-city", "Derry City", "GB", 55.0166, -7.3086),
		}, []string{
			`a.toml:6:1: warning: city "derry" (Derry) and city "londonderry" (Londonderry) at DIR/b.toml:6:1 lie 1.1 km apart: they look like one place under two slugs; give them one, "derry": write slug = "derry" for the city "londonderry", and city = "derry" for its partners, unless they are two places`,
			`b.toml:6:1: warning: city "londonderry" (Londonderry) and city "derry" (Derry) at DIR/a.toml:6:1 lie 1.1 km apart: they look like one place under two slugs; give them one, "derry": write slug = "derry" for the city "londonderry", and city = "derry" for its partners, unless they are two places`,
			`b.toml:6:1: warning: city "londonderry" (Londonderry) and city "derry-city" (Derry City) at DIR/c.toml:6:1 lie 1.1 km apart: they look like one place under two slugs; give them one, "derry": write slug = "derry" for the city "derry-city" and the city "londonderry", and city = "derry" for their partners, unless they are two places`,
			`c.toml:6:1: warning: city "derry-city" (Derry City) and city "londonderry" (Londonderry) at DIR/b.toml:6:1 lie 1.1 km apart: they look like one place under two slugs; give them one, "derry": write slug = "derry" for the city "derry-city" and the city "londonderry", and city = "derry" for their partners, unless they are two places`,
		}},
		{"two towns 3 km apart", map[string]string{
			"a.toml": city("one", "derry", "Derry", "GB", 54.9966, -7.3086),
			"b.toml": city("two", "culmore", "Culmore", "GB", 55.0236, -7.3086),
		}, nil},
		{"two towns on a border, within 2 km but in two countries", map[string]string{
			"a.toml": city("one", "gorizia", "Gorizia", "IT", 45.9409, 13.6216),
			"b.toml": city("two", "nova-gorica", "Nova Gorica", "SI", 45.9559, 13.6433),
		}, nil},
		{"two places of the gazetteer's name in two countries", map[string]string{
			"a.toml": city("one", "frankfurt", "Frankfurt", "DE", 50.1109, 8.6821),
			"b.toml": city("two", "frankfurt-us", "Frankfurt", "US", 38.2009, -84.8733),
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := atlasFolder(t, tc.files)
			a, err := loadAtlas(t, dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range a.DuplicatePlaces(byName) {
				if !p.Warning {
					t.Errorf("not a warning: %s", p)
				}
				got = append(got, strings.ReplaceAll(strings.TrimPrefix(p.String(), dir+"/"), dir, "DIR"))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// One network's own cities are its to tell apart, however close.
func TestDuplicatePlacesWithinANetwork(t *testing.T) {
	two := city("one", "derry", "Derry", "GB", 54.9966, -7.3086) +
		"\n[[cities]]\nslug = \"londonderry\"\nname = \"Londonderry\"\ncountry = \"GB\"\nlat = 54.9975\nlon = -7.309\n" +
		"\n[[partners]]\nslug = \"q\"\nname = \"Q\"\nkind = \"city\"\nrole = \"partner\"\ncity = \"londonderry\"\n"
	a, err := loadAtlas(t, atlasFolder(t, map[string]string{"a.toml": two}))
	if err != nil {
		t.Fatal(err)
	}
	if ps := a.DuplicatePlaces(byName); len(ps) != 0 {
		t.Errorf("warnings %v", ps)
	}
}

// The fixture's places are all apart.
func TestDuplicatePlacesFixture(t *testing.T) {
	a, err := loadAtlas(t, "testdata/atlas")
	if err != nil {
		t.Fatal(err)
	}
	if ps := a.DuplicatePlaces(byName); len(ps) != 0 {
		t.Errorf("warnings %v", ps)
	}
}

// A new network's city finds the place it is: within 2 km in its country,
// or the same place in the gazetteer; the nearest of several.
func TestFindPlace(t *testing.T) {
	a, err := loadAtlas(t, atlasFolder(t, map[string]string{
		"a.toml": city("one", "derry", "Derry", "GB", 54.9966, -7.3086),
		"b.toml": city("two", "frankfurt-am-main", "Frankfurt am Main", "DE", 50.1109, 8.6821),
		"c.toml": city("three", "gorizia", "Gorizia", "IT", 45.9409, 13.6216),
		"d.toml": city("four", "cordoba", "Córdoba", "AR", -31.4135, -64.1811),
	}))
	if err != nil {
		t.Fatal(err)
	}
	find := a.FindPlace(byName)
	for _, tc := range []struct {
		name string
		city City
		want string
	}{
		{"within 2 km", City{Name: "Londonderry", Country: "GB", Lat: 54.9975, Lon: -7.3090}, "derry"},
		{"the gazetteer's place", City{Name: "Frankfurt", Country: "DE", Lat: 50.0709, Lon: 8.6421}, "frankfurt-am-main"},
		{"within 2 km, in another country", City{Name: "Nova Gorica", Country: "SI", Lat: 45.9559, Lon: 13.6433}, ""},
		{"a place of its name in another country", City{Name: "Córdoba", Country: "ES", Lat: 37.8916, Lon: -4.7728}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := find(&tc.city)
			got := ""
			if ok {
				got = p.Slug
			}
			if got != tc.want {
				t.Errorf("found %q, want %q", got, tc.want)
			}
		})
	}
}

package web

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/components"
	"partnermap/data"
)

// generateNetwork writes a data file of a network with the given numbers
// of cities and partners, spread over Europe: the same every time for the
// same numbers, so that figures can be compared from run to run. Each city
// lies within 0.12 degrees of a real city of its country, so that it is in
// its country's outline, as validate and serve require.
func generateNetwork(cities, partners int) []byte {
	r := rand.New(rand.NewPCG(uint64(cities), uint64(partners)))
	var b strings.Builder
	fmt.Fprintf(&b, "[network]\nslug = \"scale\"\nname = \"Scale %d\"\nfull_name = \"A network of %d cities and %d partners\"\n", cities, cities, partners)
	fmt.Fprintf(&b, "programme = \"URBACT\"\nstart = 2020-01-01\nend = 2023-12-31\nsummary = \"Generated for measuring.\"\n")
	for i := range cities {
		a := scaleAnchors[r.IntN(len(scaleAnchors))]
		fmt.Fprintf(&b, "\n[[cities]]\nslug = \"city-%d\"\nname = \"City %d\"\nlocal_name = \"Città %d\"\ncountry = %q\nlat = %.4f\nlon = %.4f\n",
			i, i, i, a.country, a.lat+(r.Float64()-0.5)*0.24, a.lon+(r.Float64()-0.5)*0.24)
		if i%3 == 0 {
			fmt.Fprintf(&b, "focus_area = \"District %d\"\ndescription = \"City %d worked on its district with a local support group.\"\n", i, i)
		}
	}
	for i := range partners {
		role := "partner"
		if i == 0 {
			role = "coordinator"
		}
		kind := "city"
		if i >= cities {
			kind = "organisation"
		}
		fmt.Fprintf(&b, "\n[[partners]]\nslug = \"partner-%d\"\nname = \"Partner %d\"\nkind = %q\nrole = %q\ncity = \"city-%d\"\n", i, i, kind, role, i%cities)
	}
	return []byte(b.String())
}

// scaleAnchors are cities of the European Union, a few in each country,
// around which generateNetwork places its cities.
var scaleAnchors = []struct {
	country  string
	lat, lon float64
}{
	{"DE", 52.52, 13.405}, {"DE", 48.137, 11.575}, {"DE", 50.938, 6.96}, {"DE", 53.55, 10.0}, {"DE", 51.34, 12.37}, {"DE", 50.11, 8.68},
	{"IT", 41.9, 12.5}, {"IT", 45.46, 9.19}, {"IT", 40.85, 14.27}, {"IT", 43.77, 11.25}, {"IT", 38.12, 13.36}, {"IT", 44.49, 11.34},
	{"FR", 48.857, 2.352}, {"FR", 45.764, 4.836}, {"FR", 43.6, 1.44}, {"FR", 50.63, 3.06}, {"FR", 44.84, -0.58}, {"FR", 48.57, 7.75},
	{"ES", 40.417, -3.7}, {"ES", 41.39, 2.17}, {"ES", 37.39, -5.98}, {"ES", 39.47, -0.38}, {"ES", 41.65, -0.88}, {"ES", 43.26, -2.93},
	{"PL", 52.23, 21.01}, {"PL", 50.06, 19.94}, {"PL", 51.77, 19.46}, {"PL", 52.41, 16.93}, {"PL", 51.11, 17.03},
	{"RO", 44.43, 26.1}, {"RO", 46.77, 23.6}, {"RO", 47.16, 27.59}, {"RO", 45.75, 21.23},
	{"NL", 52.37, 4.9}, {"NL", 52.09, 5.12}, {"NL", 51.44, 5.48},
	{"BE", 50.85, 4.35}, {"BE", 51.22, 4.4}, {"BE", 50.63, 5.57},
	{"SE", 59.33, 18.07}, {"SE", 57.71, 11.97}, {"SE", 59.86, 17.64}, {"SE", 63.83, 20.26},
	{"BG", 42.7, 23.32}, {"BG", 42.14, 24.75}, {"BG", 43.21, 27.91},
	{"PT", 38.72, -9.14}, {"PT", 41.15, -8.61}, {"PT", 40.2, -8.41},
	{"GR", 37.98, 23.73}, {"GR", 40.64, 22.94}, {"GR", 39.64, 22.42},
	{"CZ", 50.08, 14.44}, {"CZ", 49.2, 16.61},
	{"HU", 47.5, 19.04}, {"HU", 47.53, 21.63},
	{"AT", 48.21, 16.37}, {"AT", 47.07, 15.44}, {"AT", 47.27, 11.4},
	{"DK", 55.68, 12.57}, {"DK", 56.16, 10.2},
	{"FI", 60.17, 24.94}, {"FI", 61.5, 23.76}, {"FI", 65.01, 25.47},
	{"IE", 53.35, -6.26}, {"IE", 51.9, -8.47},
	{"SK", 48.15, 17.11}, {"SK", 48.72, 21.26},
	{"HR", 45.81, 15.98}, {"HR", 43.51, 16.44},
	{"SI", 46.06, 14.51},
	{"LT", 54.69, 25.28}, {"LT", 54.9, 23.9},
	{"LV", 56.95, 24.11},
	{"EE", 59.44, 24.75}, {"EE", 58.38, 26.72},
	{"LU", 49.61, 6.13},
	{"MT", 35.9, 14.51},
	{"CY", 34.68, 33.04},
}

// BenchmarkBuild measures a whole build, parse included, as networks grow:
// go test ./web -run '^$' -bench Build -benchtime 3x.
func BenchmarkBuild(b *testing.B) {
	builder := testBuilder(b)
	for _, size := range [][2]int{{11, 12}, {100, 200}} {
		src := generateNetwork(size[0], size[1])
		b.Run(fmt.Sprintf("%d-cities", size[0]), func(b *testing.B) {
			var site *Site
			for b.Loop() {
				n, err := data.Parse("generated.toml", src)
				if err != nil {
					b.Fatal(err)
				}
				if site, err = builder.Build(n); err != nil {
					b.Fatal(err)
				}
			}
			home, _ := site.Lookup("/", "")
			b.ReportMetric(float64(len(site.Paths())), "routes")
			b.ReportMetric(float64(len(home.Body())), "home-bytes")
		})
	}
}

// TestLargeNetworkPages checks what keeps a large network's site from
// growing with the square of its size: the network page lists every city
// and draws them as plain dots, while city pages, embeds and the 404 page
// carry only their own city and point the map script at the shared list.
func TestLargeNetworkPages(t *testing.T) {
	s := testServer(t, string(generateNetwork(compactFrom, 2*compactFrom)))
	home := document(t, get(t, s, "/"))
	if got := home.Find("#cities .cities__list a").Length(); got != compactFrom {
		t.Errorf("network page lists %d cities, want %d", got, compactFrom)
	}
	if got := home.Find("svg.map-picture circle.map-dot").Length(); got != compactFrom {
		t.Errorf("network page draws %d dots, want %d", got, compactFrom)
	}
	if got := home.Find("svg.map-picture a").Length(); got != 0 {
		t.Errorf("network page's picture has %d links, want none: the list links the cities", got)
	}
	if strings.Contains(home.Find("#map-config").Text(), `"list"`) {
		t.Error("the network page carries its list, but its map config names one to fetch")
	}
	list := document(t, get(t, s, "/fragments/cities.html"))
	if got := list.Find("ul.cities__list > li > a[href^='/cities/']").Length(); got != compactFrom {
		t.Errorf("list fragment has %d cities, want %d", got, compactFrom)
	}

	for _, tc := range []struct{ path, list string }{
		{"/cities/city-7/", `"list":"/fragments/cities.html"`},
		{"/embed/cities/city-7/?lines=0", `"list":"/fragments/embed/cities.html?lines=0"`},
		{"/embed/?list=0", `"list":"/fragments/embed/cities.html?list=0"`},
	} {
		r := get(t, s, tc.path)
		doc := document(t, r)
		if got := doc.Find("#cities li").Length(); got != 0 {
			t.Errorf("%s carries %d list items, want none", tc.path, got)
		}
		if got := doc.Find("#cities .cities__all a").AttrOr("href", ""); got != "/#cities" {
			t.Errorf("%s links to the list at %q, want /#cities", tc.path, got)
		}
		if !strings.Contains(doc.Find("#map-config").Text(), tc.list) {
			t.Errorf("%s map config %s lacks %s", tc.path, doc.Find("#map-config").Text(), tc.list)
		}
		if len(r.body) > 40_000 {
			t.Errorf("%s is %d bytes: it should not grow with the network", tc.path, len(r.body))
		}
	}
	fragment := get(t, s, "/fragments/embed/cities.html?lines=0")
	if fragment.StatusCode != 200 || !strings.Contains(string(fragment.body), `href="/embed/cities/city-0/?lines=0"`) {
		t.Errorf("embed list fragment: %d %.200s", fragment.StatusCode, fragment.body)
	}

	city := document(t, get(t, s, "/cities/city-7/"))
	dots := city.Find("svg.map-picture a").Map(func(_ int, a *goquery.Selection) string { return a.AttrOr("href", "") })
	if !slices.Equal(dots, []string{"/cities/city-0/", "/cities/city-7/"}) {
		t.Errorf("city page draws %v, want the coordinator's city and its own", dots)
	}
	if got := city.Find("svg.map-picture path.map-link").Length(); got != 1 {
		t.Errorf("city page draws %d links, want 1", got)
	}
	notFound := document(t, get(t, s, "/nowhere"))
	if got := notFound.Find("#cities li").Length(); got != 0 {
		t.Errorf("404 page lists %d cities, want a link to the list", got)
	}
}

// TestSmallNetworkPagesCarryTheList keeps the default network's pages
// whole: every map page lists the cities and needs no second request.
func TestSmallNetworkPagesCarryTheList(t *testing.T) {
	s := testServer(t, "")
	for _, path := range []string{"/", "/cities/palermo/", "/embed/cities/palermo/", "/embed/?list=0"} {
		doc := document(t, get(t, s, path))
		if got := doc.Find("#cities li").Length(); got != 11 {
			t.Errorf("%s lists %d cities, want 11", path, got)
		}
		var config components.MapConfig
		if err := json.Unmarshal([]byte(doc.Find("#map-config").Text()), &config); err != nil {
			t.Fatal(err)
		}
		if config.List != "" {
			t.Errorf("%s names a list to fetch: %s", path, config.List)
		}
	}
	if r := get(t, s, "/fragments/cities.html"); r.StatusCode != 404 {
		t.Errorf("list fragment of a small network: %d, want 404", r.StatusCode)
	}
}

package web

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/datatest"
)

// BenchmarkBuild measures a whole build, parse included, as networks grow:
// go test ./web -run '^$' -bench Build -benchtime 3x.
func BenchmarkBuild(b *testing.B) {
	builder := testBuilder(b)
	for _, size := range [][2]int{{11, 12}, {100, 200}} {
		src := datatest.Generate(size[0], size[1])
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
			home := lookup(b, site, "/", "")
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
	s := testServer(t, string(datatest.Generate(compactFrom, 2*compactFrom)))
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

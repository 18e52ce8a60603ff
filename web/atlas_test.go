package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/data/datatest"
)

// atlasServer serves the test atlas: CoNet and two networks that share
// Palermo and Berlin with it.
func atlasServer(t testing.TB) *Server {
	t.Helper()
	a, err := datatest.Atlas(filepath.Join("..", "data", "testdata", "atlas"))
	if err != nil {
		t.Fatal(err)
	}
	site, err := testBuilder(t).BuildAtlas(a)
	if err != nil {
		t.Fatal(err)
	}
	return NewServer(site, slog.New(slog.DiscardHandler))
}

func attrs(s *goquery.Selection, name string) []string {
	var out []string
	s.Each(func(_ int, e *goquery.Selection) { out = append(out, e.AttrOr(name, "")) })
	return out
}

// The atlas's home lists every network with what the map script needs to
// draw and filter it, and leads to every place.
func TestAtlasHome(t *testing.T) {
	s := atlasServer(t)
	doc := document(t, get(t, s, "/"))
	if got := doc.Find("title").Text(); got != "Test atlas: map of the networks" {
		t.Errorf("title %q", got)
	}
	networks := doc.Find("#networks a[data-network]")
	if got := attrs(networks, "href"); !slices.Equal(got, []string{"/networks/conet/", "/networks/courtyards/", "/networks/harbours/"}) {
		t.Errorf("networks link to %v", got)
	}
	harbours := networks.Filter(`[data-network="harbours"]`)
	for attr, want := range map[string]string{"data-from": "2016", "data-to": "2018", "data-programme": "URBACT III action planning network"} {
		if got := harbours.AttrOr(attr, ""); got != want {
			t.Errorf("harbours %s = %q, want %q", attr, got, want)
		}
	}
	if got := attrs(doc.Find("#networks-programme option"), "value"); len(got) != 4 {
		t.Errorf("%d programmes to choose from, want any and the three", len(got))
	}
	// The years some network was active: 2008-2011, 2016-2018, 2019-2021.
	if got := doc.Find("#networks-year option").Length(); got != 1+4+3+3 {
		t.Errorf("%d years to choose from", got)
	}
	if href := doc.Find(".cities__all a").AttrOr("href", ""); href != "/places/" {
		t.Errorf("places link %q", href)
	}
	var config struct {
		Places, PlacePanel, NetworkPanel, NetworkPath, Network string
		Focus                                                  *[2]float64
		Labels                                                 struct{ Marker map[string]string }
	}
	if err := json.Unmarshal([]byte(doc.Find("#atlas-config").Text()), &config); err != nil {
		t.Fatal(err)
	}
	if config.Places != "/fragments/places.json" || config.PlacePanel != "/fragments/places/{slug}.html" ||
		config.NetworkPanel != "/fragments/networks/{slug}.html" || config.NetworkPath != "/?network={slug}" ||
		config.Network != "" || config.Focus != nil || config.Labels.Marker["other"] != "{{.Place}}, {{.Country}}: {{.Count}} networks" {
		t.Errorf("config %+v", config)
	}
	// The legend names places and clusters, each with its shape; a
	// network's marks are named when one is chosen.
	if got := doc.Find(`.legend[data-legend="places"]:not([hidden]) .marker-shape`).Length(); got != 2 ||
		doc.Find(`.legend[data-legend="places"] .marker-shape--place`).Length() != 1 || doc.Find(`.legend[data-legend="places"] .marker-shape--cluster`).Length() != 1 {
		t.Errorf("the legend of places names %d shapes, want a place and a cluster", got)
	}
	if doc.Find(`.legend[data-legend="network"][hidden] .marker-shape--coordinator`).Length() != 1 {
		t.Error("the network's legend is not there, hidden, for the script")
	}
	for _, path := range []string{config.Places, strings.Replace(config.PlacePanel, "{slug}", "palermo", 1), strings.Replace(config.NetworkPanel, "{slug}", "harbours", 1), strings.Replace(config.NetworkPath, "{slug}", "harbours", 1)} {
		if r := get(t, s, path); r.StatusCode != 200 {
			t.Errorf("%s: status %d", path, r.StatusCode)
		}
	}
	// The map's marks: a row per place, in the language of the address.
	for path, want := range map[string]string{config.Places: `["palermo",38.132,13.335,3,"Palermo","Italy"]`, "/it" + config.Places: `["palermo",38.132,13.335,3,"Palermo","Italia"]`} {
		r := get(t, s, path)
		var rows []json.RawMessage
		if err := json.Unmarshal(r.body, &rows); err != nil || len(rows) != 15 || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("%s: %d places, %v, %s", path, len(rows), err, r.Header.Get("Content-Type"))
		}
		i := slices.IndexFunc(rows, func(r json.RawMessage) bool { return bytes.HasPrefix(r, []byte(`["palermo"`)) })
		if i < 0 || string(rows[i]) != want {
			t.Errorf("%s: Palermo is marked %s, want %s", path, rows[max(i, 0)], want)
		}
	}
}

// A place's page lists its networks, the most recent first, each with
// its period, the partners there and a link to the city's page in that
// network's site.
func TestPlacePage(t *testing.T) {
	s := atlasServer(t)
	doc := document(t, get(t, s, "/places/palermo/"))
	if got := attrs(doc.Find(".visit__network a"), "href"); !slices.Equal(got, []string{"/networks/courtyards/", "/networks/harbours/", "/networks/conet/"}) {
		t.Errorf("networks %v", got)
	}
	if got := attrs(doc.Find(".visit__more a"), "href"); !slices.Equal(got, []string{"/networks/courtyards/cities/palermo/", "/networks/harbours/cities/palermo/", "/networks/conet/cities/palermo/"}) {
		t.Errorf("city pages %v", got)
	}
	harbours := doc.Find(".visit").Eq(1)
	if !strings.Contains(harbours.Text(), "Cala, the old harbour") || !strings.Contains(harbours.Text(), "Palermo Port Authority") || harbours.Find(".visit__role").Length() != 1 {
		t.Errorf("Palermo in Harbour Cities: %q", harbours.Text())
	}
	if got := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); got != testBaseURL+"/places/palermo/" {
		t.Errorf("canonical %q", got)
	}
	it := document(t, get(t, s, "/it/places/palermo/"))
	if lang, _ := it.Find("html").Attr("lang"); lang != "it" || !strings.Contains(it.Find("h2").First().Text(), "3 reti") {
		t.Errorf("the Italian place page: %q", it.Find("h2").First().Text())
	}
	for _, path := range []string{"/places/", "/fragments/places/palermo.html", "/fragments/atlas.html"} {
		if r := get(t, s, path); r.StatusCode != 200 {
			t.Errorf("%s: status %d", path, r.StatusCode)
		}
	}
	if r := get(t, s, "/places/atlantis/"); r.StatusCode != 404 || !strings.Contains(string(r.body), `href="/networks/harbours/"`) {
		t.Errorf("an unknown place: %d, the 404 page lists no networks", r.StatusCode)
	}
}

// Each network's site is the single network's site under its prefix.
func TestAtlasNetworks(t *testing.T) {
	s := atlasServer(t)
	for path, status := range map[string]int{
		"/embed/":                                      200,
		"/it/embed/places/berlin/":                     200,
		"/networks/conet/":                             200,
		"/networks/conet/cities/palermo/":              200,
		"/it/networks/harbours/cities/valencia/":       200,
		"/networks/harbours/fragments/network.html":    200,
		"/networks/harbours/embed/cities/palermo/":     200,
		"/networks/harbours/api/network.csv":           200,
		"/networks/harbours/oembed/cities/palermo.xml": 200,
		"/networks/harbours/embed-builder/":            200,
		"/networks/conet":                              301,
		"/networks/unknown/":                           404,
		"/networks/harbours/cities/gijon/":             404,
		"/cities/palermo/":                             404,
	} {
		if r := get(t, s, path); r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, r.StatusCode, status)
		}
	}
	doc := document(t, get(t, s, "/networks/harbours/cities/palermo/"))
	if got := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); got != testBaseURL+"/networks/harbours/cities/palermo/" {
		t.Errorf("canonical %q", got)
	}
	links := attrs(doc.Find("#cities a[data-slug]"), "href")
	if len(links) != 4 || !slices.Contains(links, "/networks/harbours/cities/valencia/") {
		t.Errorf("the city list links %v", links)
	}
	var config struct{ Home, CityPanel string }
	json.Unmarshal([]byte(doc.Find("#map-config").Text()), &config)
	if config.Home != "/networks/harbours/" || config.CityPanel != "/networks/harbours/fragments/cities/{slug}.html" {
		t.Errorf("the map's addresses %+v", config)
	}
	if got := doc.Find(`.languages a[hreflang="it"]`).AttrOr("href", ""); got != "/it/networks/harbours/cities/palermo/" {
		t.Errorf("the Italian version %q", got)
	}
	// oEmbed finds pages of the atlas and of its networks alike.
	for page, src := range map[string]string{
		"/places/palermo/":                "/embed/places/palermo/",
		"/":                               "/embed/",
		"/networks/conet/cities/palermo/": "/networks/conet/embed/cities/palermo/",
		"/it/networks/courtyards/":        "/it/networks/courtyards/embed/",
	} {
		r := oembedGet(t, s, url.Values{"url": {testBaseURL + page}})
		var o oembedResponse
		if err := json.Unmarshal(r.body, &o); err != nil || !strings.Contains(o.HTML, `src="`+testBaseURL+src+`"`) {
			t.Errorf("oEmbed of %s: %d %s", page, r.StatusCode, r.body)
		}
	}
}

// The whole atlas's open data: a feature per place with its networks,
// and a row per partner per network.
func TestAtlasDownloads(t *testing.T) {
	s := atlasServer(t)
	var places struct {
		Features []struct {
			Properties struct {
				Slug     string
				Networks []struct{ Slug, URL string }
			}
		}
	}
	r := get(t, s, "/api/places.geojson")
	if err := json.Unmarshal(r.body, &places); err != nil || len(places.Features) != 15 || r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("places: %v, %d features", err, len(places.Features))
	}
	for _, f := range places.Features {
		if f.Properties.Slug == "berlin" && (len(f.Properties.Networks) != 3 || f.Properties.Networks[0].URL != testBaseURL+"/networks/courtyards/") {
			t.Errorf("Berlin's networks %+v", f.Properties.Networks)
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(get(t, s, "/api/partners.csv").body)).ReadAll()
	if err != nil || len(rows) != 1+12+4+5 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if rows[len(rows)-1][0] != "Harbour Cities" || !strings.HasSuffix(rows[len(rows)-1][10], "/networks/harbours/cities/palermo/") {
		t.Errorf("the last row %v", rows[len(rows)-1])
	}
}

// The sitemaps list every page of the atlas and of its networks, and
// every such address answers.
func TestAtlasSitemap(t *testing.T) {
	s := atlasServer(t)
	body := string(get(t, s, "/sitemaps/de.xml").body)
	for _, want := range []string{testBaseURL + "/de/</loc>", testBaseURL + "/de/places/palermo/</loc>", testBaseURL + "/de/networks/harbours/cities/marseille/</loc>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the German sitemap lacks %s", want)
		}
	}
	site := s.site.Load()
	paths := site.Paths()
	for _, want := range []string{"/", "/places/palermo/", "/networks/conet/cities/palermo/", "/it/networks/courtyards/", "/networks/harbours/api/network.geojson"} {
		if !slices.Contains(paths, want) {
			t.Errorf("Paths lacks %s", want)
		}
	}
}

// An atlas keeps its networks' sites built within its cache's budget, in
// bytes: past it, the least recently used goes, with the pages it
// rendered, and is built again, to the same bytes, when asked for.
func TestAtlasKeepsNetworksWithinItsBudget(t *testing.T) {
	site := atlasServer(t).site.Load()
	sites, cache := site.networks, site.cache
	built := func(slug string) bool { return sites.bySlug[slug].site.Load() != nil }
	// The networks' pages here are rendered at load: the cache holds the
	// networks' sites alone, until conet's city page.
	first := lookup(t, site, "/networks/courtyards/", "")
	lookup(t, site, "/networks/conet/", "")
	two, _ := cache.holds()
	palermo := lookup(t, site, "/networks/conet/cities/palermo/", "")
	if used, n := cache.holds(); n != 3 || used != two+palermo.size() {
		t.Fatalf("the cache counts %d bytes in %d entries, want two networks' sites, %d bytes, and a page of %d", used, n, two, palermo.size())
	}
	// Room for two networks and a little more, not for a third.
	cache.limit = two + two/4
	lookup(t, site, "/networks/courtyards/api/network.geojson", "") // courtyards used again
	lookup(t, site, "/networks/harbours/", "")
	if !built("courtyards") || built("conet") || !built("harbours") {
		t.Errorf("built: conet %v, courtyards %v, harbours %v; want the least recently used, conet, dropped", built("conet"), built("courtyards"), built("harbours"))
	}
	if used, n := cache.holds(); n != 2 || used > cache.limit {
		t.Errorf("the cache counts %d bytes in %d entries, over its budget of %d or with conet's page", used, n, cache.limit)
	}
	if conet := sites.bySlug["conet"]; conet.cached.held {
		t.Error("a dropped network's site is still counted")
	}
	lookup(t, site, "/networks/conet/", "")
	again := lookup(t, site, "/networks/courtyards/", "")
	if !bytes.Equal(first.Body(), again.Body()) {
		t.Error("a network built again is not the same")
	}
	if used, _ := cache.holds(); used > cache.limit {
		t.Errorf("the cache counts %d bytes, over its budget of %d", used, cache.limit)
	}
}

// TestSkipLinks: the skip link of every page that has one leads to an
// element of that page, and says where in the page's language, never as
// a message's id.
func TestSkipLinks(t *testing.T) {
	s := atlasServer(t)
	want := map[string]string{
		"/":                               "Skip to the list of networks",
		"/places/":                        "Skip to the list of places",
		"/places/palermo/":                "Skip to the list of networks",
		"/networks/conet/":                "Skip to the list of cities",
		"/networks/conet/cities/palermo/": "Skip to the list of cities",
		"/it/":                            "Vai all'elenco delle reti",
		"/de/places/":                     "Zur Liste der Orte springen",
		"/pl/networks/harbours/":          "Przejdź do listy miast",
	}
	for path, label := range want {
		doc := document(t, get(t, s, path))
		skip := doc.Find("a.skip-link")
		target := strings.TrimPrefix(skip.AttrOr("href", ""), "#")
		if skip.Length() != 1 || target == "" || doc.Find("#"+target).Length() != 1 {
			t.Errorf("%s: the skip link leads to %q, which the page has %d times", path, target, doc.Find("#"+target).Length())
		}
		if got := skip.Text(); got != label {
			t.Errorf("%s: the skip link says %q, want %q", path, got, label)
		}
	}
}

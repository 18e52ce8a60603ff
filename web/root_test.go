package web

import (
	"encoding/json"
	"encoding/xml"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/datatest"
	"partnermap/geo"
	"partnermap/web/admin"
)

// A site under a path: --base-url https://example.org/map/, behind a
// proxy that passes /map/ on as it is.
const (
	rootBaseURL = "https://example.org/map/"
	rootOrigin  = "https://example.org"
	root        = "/map"
)

var (
	rootOnce    sync.Once
	rootBuilder *Builder
	rootSite    *Site
	rootAtlas   *Site
	rootErr     error
)

// rootServer serves the default network under /map, or the test atlas.
func rootServer(tb testing.TB, atlas bool) *Server {
	tb.Helper()
	rootOnce.Do(func() {
		if rootBuilder, rootErr = NewBuilder(Options{BaseURL: rootBaseURL}); rootErr != nil {
			return
		}
		n, err := data.Default()
		if err != nil {
			rootErr = err
			return
		}
		if rootSite, rootErr = rootBuilder.Build(n); rootErr != nil {
			return
		}
		a, err := datatest.Atlas(filepath.Join("..", "data", "testdata", "atlas"))
		if err != nil {
			rootErr = err
			return
		}
		rootAtlas, rootErr = rootBuilder.BuildAtlas(a)
	})
	if rootErr != nil {
		tb.Fatal(rootErr)
	}
	site := rootSite
	if atlas {
		site = rootAtlas
	}
	return NewServer(site, slog.New(slog.DiscardHandler))
}

func TestServerRoot(t *testing.T) {
	if got := rootServer(t, false).Root(); got != root {
		t.Errorf("Root() = %q, want %q", got, root)
	}
	if got := testServer(t, "").Root(); got != "" {
		t.Errorf("Root() at a host's root = %q, want \"\"", got)
	}
}

// Every spelling of an address is sent to its one address under the
// path; outside the path only the health check answers, and the host's
// own root sends visitors to the site.
func TestRootRedirects(t *testing.T) {
	s := rootServer(t, false)
	cases := []struct {
		path     string
		status   int
		location string
	}{
		{"/map", 301, "/map/"},
		{"/map?list=0", 301, "/map/?list=0"},
		{"/map/cities/palermo", 301, "/map/cities/palermo/"},
		{"/map/cities/palermo/index.html", 301, "/map/cities/palermo/"},
		{"/map/it/cities/palermo", 301, "/map/it/cities/palermo/"},
		{"/map/it", 301, "/map/it/"},
		{"/map/embed/cities/palermo?list=0", 301, "/map/embed/cities/palermo/?list=0"},
		{"/map/embed-builder", 301, "/map/embed-builder/"},
		{"/", 302, "/map/"},
		{"/map/", 200, ""},
		{"/map/cities/palermo/", 200, ""},
		{"/map/it/", 200, ""},
		{"/map/embed.js", 200, ""},
		{"/map/favicon.ico", 200, ""},
		{"/map/robots.txt", 200, ""},
		{"/healthz", 200, ""},
		{"/map/healthz", 200, ""},
		{"/map/oembed?url=https%3A%2F%2Fexample.org%2Fmap%2F", 200, ""},
		// Outside the path: not found, whatever the site has within.
		{"/cities/palermo/", 404, ""},
		{"/cities/palermo", 404, ""},
		{"/embed.js", 404, ""},
		{"/robots.txt", 404, ""},
		{"/oembed?url=https%3A%2F%2Fexample.org%2Fmap%2F", 404, ""},
		{"/mapx/", 404, ""},
		{"/mapcities/palermo/", 404, ""},
		{"/MAP/", 404, ""},
		{"/map//cities/palermo/", 404, ""},
		{"/other/map/", 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			r := get(t, s, tc.path)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tc.status)
			}
			if got := r.Header.Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			if r.Header.Get("Content-Security-Policy") == "" {
				t.Error("no security headers")
			}
		})
	}
}

// HSTS holds for a whole host: a site under a path leaves it to the host,
// and sends the rest of its headers as at a host's root.
func TestRootHeaders(t *testing.T) {
	r := get(t, rootServer(t, false), "/map/")
	if hsts := r.Header.Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("Strict-Transport-Security %q under a path", hsts)
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'self';") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	b, err := NewBuilder(Options{BaseURL: "https://map.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(b.headers, [2]string{"Strict-Transport-Security", "max-age=31536000"}) {
		t.Errorf("no HSTS at an https host's root: %q", b.headers)
	}
}

// The error pages, inside the path and outside it, lead back into it.
func TestRootErrorPages(t *testing.T) {
	s := rootServer(t, false)
	for _, tc := range []struct {
		req    *http.Request
		status int
		lang   string
	}{
		{httptest.NewRequest(http.MethodGet, "/map/nowhere", nil), 404, "en"},
		{httptest.NewRequest(http.MethodGet, "/map/it/nowhere/", nil), 404, "it"},
		{httptest.NewRequest(http.MethodGet, "/nowhere", nil), 404, "en"},
		{httptest.NewRequest(http.MethodGet, "/it/nowhere", nil), 404, "en"},
		{httptest.NewRequest(http.MethodPost, "/map/", nil), 405, "en"},
		// Refused before the root is taken off, in the path's language.
		{httptest.NewRequest(http.MethodPost, "/map/it/", nil), 405, "it"},
	} {
		req := tc.req
		t.Run(req.Method+" "+req.URL.Path, func(t *testing.T) {
			r := do(t, s, req)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tc.status)
			}
			addresses := addressesIn(t, r.body)
			if len(addresses) < 10 {
				t.Fatalf("only %d addresses: %q", len(addresses), addresses)
			}
			for _, a := range addresses {
				checkUnderRoot(t, a)
			}
			doc := document(t, r)
			if lang := doc.Find("html").AttrOr("lang", ""); lang != tc.lang {
				t.Errorf("lang %q, want %q", lang, tc.lang)
			}
			home := doc.Find("header a").FilterFunction(func(_ int, a *goquery.Selection) bool {
				return a.AttrOr("href", "") == "/map/" || a.AttrOr("href", "") == "/map/it/"
			})
			if home.Length() == 0 {
				t.Error("no link back to the site's home under /map/")
			}
		})
	}
}

// A page under the path names itself, its languages, its preview image
// and its oEmbed files by absolute addresses under the path.
func TestRootPageAddresses(t *testing.T) {
	s := rootServer(t, false)
	r := get(t, s, "/map/cities/palermo/")
	if r.StatusCode != 200 {
		t.Fatalf("status %d", r.StatusCode)
	}
	doc := document(t, r)
	want := map[string]string{
		`link[rel="canonical"]`:                "https://example.org/map/cities/palermo/",
		`meta[property="og:url"]`:              "https://example.org/map/cities/palermo/",
		`link[hreflang="it"]`:                  "https://example.org/map/it/cities/palermo/",
		`link[hreflang="x-default"]`:           "https://example.org/map/cities/palermo/",
		`link[type="application/json+oembed"]`: "https://example.org/map/oembed/cities/palermo.json",
		`link[type="text/xml+oembed"]`:         "https://example.org/map/oembed/cities/palermo.xml",
		`.languages a[hreflang="it"]`:          "/map/it/cities/palermo/",
		`#cities a[data-slug="sofia"]`:         "/map/cities/sofia/",
	}
	for selector, address := range want {
		e := doc.Find(selector).First()
		got := e.AttrOr("href", e.AttrOr("content", ""))
		if got != address {
			t.Errorf("%s: %q, want %q", selector, got, address)
		}
	}
	if city := doc.Find(`.languages a[hreflang="it"]`).AttrOr("data-city-path", ""); city != "/map/it/cities/{slug}/" {
		t.Errorf("the language menu's city path %q", city)
	}
	if img := doc.Find(`meta[property="og:image"]`).AttrOr("content", ""); !strings.HasPrefix(img, "https://example.org/map/previews/") {
		t.Errorf("og:image %q", img)
	}
	cfg := mapConfig(t, doc)
	for name, got := range map[string]string{"home": cfg.Home, "networkPanel": cfg.NetworkPanel, "cityPath": cfg.CityPath, "cityPanel": cfg.CityPanel, "basemap": cfg.Basemap} {
		if !strings.HasPrefix(got, "/map/") {
			t.Errorf("map configuration's %s %q is not under /map/", name, got)
		}
	}
	if cfg.CityPath != "/map/cities/{slug}/" || cfg.CityPanel != "/map/fragments/cities/{slug}.html" {
		t.Errorf("city addresses %q, %q", cfg.CityPath, cfg.CityPanel)
	}
	var ld struct {
		Graph []struct {
			ID  string `json:"@id"`
			URL string `json:"url"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(doc.Find("#linked-data").Text()), &ld); err != nil {
		t.Fatal(err)
	}
	if len(ld.Graph) == 0 || ld.Graph[0].URL != "https://example.org/map/cities/palermo/" {
		t.Errorf("linked data %+v", ld.Graph)
	}
}

// Every address a page writes, in its markup and in its scripts'
// configuration, is under the path, and answers.
func TestRootEveryLinkStaysUnder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		atlas bool
		start []string
	}{
		{"network", false, []string{"/map/", "/map/embed/", "/map/embed-builder/", "/map/it/cities/palermo/", "/map/nowhere"}},
		{"atlas", true, []string{"/map/", "/map/places/", "/map/places/palermo/", "/map/embed/", "/map/networks/conet/", "/map/networks/conet/embed/cities/palermo/", "/map/nowhere"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := rootServer(t, tc.atlas)
			crawled := crawlUnderRoot(t, s, tc.start)
			t.Logf("crawled %d pages", crawled)
			if crawled < 20 {
				t.Errorf("crawled only %d pages", crawled)
			}
		})
	}
}

// crawlUnderRoot reads the pages from start on, in the default language
// and Italian, checks that every address they write is under the path
// and answers (in the other languages, and for all preview images but
// one, that the site has it), and returns how many pages it read.
func crawlUnderRoot(t *testing.T, s *Server, start []string) int {
	t.Helper()
	queue := slices.Clone(start)
	seen := map[string]bool{}
	for _, p := range start {
		seen[p] = true
	}
	pages, previewRead := 0, false
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		r := get(t, s, p)
		if r.StatusCode != 200 && !strings.HasSuffix(p, "/nowhere") {
			t.Errorf("%s: status %d", p, r.StatusCode)
			continue
		}
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages++
		for _, a := range addressesIn(t, r.body) {
			if !checkUnderRoot(t, a) {
				t.Errorf("on %s", p)
				continue
			}
			local, _, _ := strings.Cut(strings.TrimPrefix(a, rootOrigin), "#")
			if local == "" || strings.HasPrefix(local, "http") || strings.HasPrefix(local, "mailto:") || strings.Contains(local, "{slug}") || local == root || seen[local] {
				continue // another site's, or a pattern of the scripts
			}
			seen[local] = true
			lang, _ := components.SplitLanguage(strings.TrimPrefix(local, root))
			preview := strings.Contains(local, "/previews/")
			if (lang == "" || lang == "it") && (!preview || !previewRead) {
				previewRead = previewRead || preview
				queue = append(queue, local)
				continue
			}
			// The other languages' pages are the same pages, and the
			// preview images are drawn alike: that the site has them is
			// enough, without drawing each.
			path, query, _ := strings.Cut(strings.TrimPrefix(local, root), "?")
			if !s.site.Load().Has(path, query) {
				t.Errorf("%s, on %s: not an address of the site", local, p)
			}
		}
	}
	return pages
}

// checkUnderRoot reports whether an address a page writes stays under
// the path: a path under /map/, or an absolute URL under
// https://example.org/map/. Other sites' addresses (partners' websites,
// mail) pass; an address relative to the page does not, as the site
// writes none.
func checkUnderRoot(t *testing.T, a string) bool {
	t.Helper()
	switch {
	case strings.HasPrefix(a, rootOrigin+"/"):
		if !strings.HasPrefix(a, rootOrigin+root+"/") {
			t.Errorf("%q leaves /map/", a)
			return false
		}
	case strings.HasPrefix(a, "/"):
		if a != root && !strings.HasPrefix(a, root+"/") {
			t.Errorf("%q leaves /map/", a)
			return false
		}
	case strings.HasPrefix(a, "https://"), strings.HasPrefix(a, "http://"), strings.HasPrefix(a, "mailto:"), strings.HasPrefix(a, "#"), a == "":
	default:
		t.Errorf("%q is relative to the page", a)
		return false
	}
	return true
}

// addressesIn are the addresses a page writes: in href, src, srcset,
// action, the meta tags of link previews, the language menu's data for
// the map script, and every string of its scripts' configuration that
// is a path or a URL. The embed builder's targets are paths in the
// default language, which it puts after the language's prefix: they
// come out so joined, in every language the builder offers.
func addressesIn(t *testing.T, body []byte) []string {
	t.Helper()
	doc := document(t, response{body: body})
	var out []string
	for _, attr := range []string{"href", "src", "action", "data-home-path", "data-city-path"} {
		doc.Find("[" + attr + "]").Each(func(_ int, e *goquery.Selection) {
			out = append(out, e.AttrOr(attr, ""))
		})
	}
	doc.Find("[srcset]").Each(func(_ int, e *goquery.Selection) {
		for _, c := range strings.Split(e.AttrOr("srcset", ""), ",") {
			out = append(out, strings.Fields(c)[0])
		}
	})
	doc.Find(`meta[property^="og:"][content^="http"], meta[name^="twitter:"][content^="http"]`).Each(func(_ int, e *goquery.Selection) {
		out = append(out, e.AttrOr("content", ""))
	})
	doc.Find(`script[type="application/json"], script[type="application/ld+json"]`).Each(func(_ int, e *goquery.Selection) {
		var v any
		if err := json.Unmarshal([]byte(e.Text()), &v); err != nil {
			t.Fatal(err)
		}
		out = append(out, addressesInJSON(v)...)
	})
	var prefixes []string
	doc.Find(`#builder-form select[name="language"] option`).Each(func(_ int, e *goquery.Selection) {
		prefixes = append(prefixes, e.AttrOr("value", ""))
	})
	doc.Find(`#builder-form select[name="city"] option`).Each(func(_ int, e *goquery.Selection) {
		for _, lang := range prefixes {
			for _, attr := range []string{"data-page", "data-embed", "data-oembed"} {
				out = append(out, lang+e.AttrOr(attr, ""))
			}
		}
	})
	return out
}

// addressesInJSON are the strings in a JSON value that are paths or URLs.
func addressesInJSON(v any) []string {
	switch v := v.(type) {
	case string:
		if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "http") {
			return []string{v}
		}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, addressesInJSON(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range v {
			out = append(out, addressesInJSON(e)...)
		}
		return out
	}
	return nil
}

// The sitemaps and robots.txt name the site's pages by their absolute
// addresses under the path, and each answers.
func TestRootSitemaps(t *testing.T) {
	for _, atlas := range []bool{false, true} {
		s := rootServer(t, atlas)
		r := get(t, s, "/map/robots.txt")
		for _, line := range []string{"Disallow: /map/fragments/\n", "Disallow: /map/it/fragments/\n", "Disallow: /map/*/fragments/\n", "Sitemap: https://example.org/map/sitemap.xml\n"} {
			if !strings.Contains(string(r.body), line) {
				t.Errorf("robots.txt lacks %q:\n%s", line, r.body)
			}
		}
		var index struct {
			Locs []string `xml:"sitemap>loc"`
		}
		if err := xml.Unmarshal(get(t, s, "/map/sitemap.xml").body, &index); err != nil {
			t.Fatal(err)
		}
		if len(index.Locs) != 10 || index.Locs[0] != "https://example.org/map/sitemaps/en.xml" {
			t.Fatalf("sitemap index %q", index.Locs)
		}
		var set struct {
			Locs []string `xml:"url>loc"`
		}
		sitemap := get(t, s, strings.TrimPrefix(index.Locs[1], rootOrigin))
		if err := xml.Unmarshal(sitemap.body, &set); err != nil {
			t.Fatal(err)
		}
		if len(set.Locs) < 10 {
			t.Fatalf("%d pages in %s", len(set.Locs), index.Locs[1])
		}
		for _, loc := range set.Locs {
			path, ok := strings.CutPrefix(loc, rootOrigin+root+"/")
			if !ok {
				t.Errorf("%q is not under https://example.org/map/", loc)
				continue
			}
			if r := get(t, s, root+"/"+path); r.StatusCode != 200 {
				t.Errorf("%s: status %d", loc, r.StatusCode)
			}
		}
	}
}

// oEmbed takes the pages' addresses under the path, and answers with a
// snippet whose frame and script are under it; an address outside the
// path is not one of the site's.
func TestRootOEmbed(t *testing.T) {
	for _, tc := range []struct {
		atlas     bool
		page, src string
	}{
		{false, "https://example.org/map/cities/palermo/", "https://example.org/map/embed/cities/palermo/"},
		{false, "https://example.org/map/it/cities/palermo", "https://example.org/map/it/embed/cities/palermo/"},
		{false, "https://example.org/map", "https://example.org/map/embed/"},
		{true, "https://example.org/map/places/palermo/", "https://example.org/map/embed/places/palermo/"},
		{true, "https://example.org/map/networks/conet/cities/palermo/", "https://example.org/map/networks/conet/embed/cities/palermo/"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			s := rootServer(t, tc.atlas)
			r := rootOEmbed(t, s, url.Values{"url": {tc.page}, "height": {"auto"}})
			if r.StatusCode != 200 {
				t.Fatalf("status %d: %s", r.StatusCode, r.body)
			}
			var o oembedResponse
			if err := json.Unmarshal(r.body, &o); err != nil {
				t.Fatal(err)
			}
			if o.ProviderURL != "https://example.org/map/" {
				t.Errorf("provider_url %q", o.ProviderURL)
			}
			doc := document(t, response{body: []byte(o.HTML)})
			if src := doc.Find("iframe").AttrOr("src", ""); src != tc.src {
				t.Errorf("frame %q, want %q", src, tc.src)
			}
			if script := doc.Find("script").AttrOr("src", ""); script != "https://example.org/map/embed.js" {
				t.Errorf("script %q", script)
			}
		})
	}
	s := rootServer(t, false)
	for _, outside := range []string{"https://example.org/cities/palermo/", "https://example.org/", "https://example.org/mapcities/palermo/", "https://example.org/map/../cities/palermo/"} {
		if r := rootOEmbed(t, s, url.Values{"url": {outside}}); r.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", outside, r.StatusCode)
		}
	}
	// The oEmbed files pages announce are the same answers.
	r := get(t, s, "/map/oembed/cities/palermo.json")
	var o oembedResponse
	if err := json.Unmarshal(r.body, &o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(o.HTML, `src="https://example.org/map/embed/cities/palermo/"`) {
		t.Errorf("oEmbed file's HTML %s", o.HTML)
	}
}

// unpreviewed are paths, sorted, with the fingerprints of preview images
// and basemaps left out.
func unpreviewed(paths []string) []string {
	fingerprint := regexp.MustCompile(`(/previews/.*|/static/basemap)\.[0-9a-f]{10}(\.png|\.json)$`)
	for i, p := range paths {
		paths[i] = fingerprint.ReplaceAllString(p, "$1$2")
	}
	slices.Sort(paths)
	return paths
}

func rootOEmbed(t *testing.T, s *Server, params url.Values) response {
	t.Helper()
	return get(t, s, root+"/oembed?"+params.Encode())
}

// The embed builder's snippet and script addresses are under the path,
// and its configuration's base is the origin, to which the script joins
// the language's prefix, root included.
func TestRootEmbedBuilder(t *testing.T) {
	doc := document(t, get(t, rootServer(t, false), "/map/it/embed-builder/"))
	var cfg components.BuilderConfig
	if err := json.Unmarshal([]byte(doc.Find("#builder-config").Text()), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Base != rootOrigin {
		t.Errorf("base %q, want %q", cfg.Base, rootOrigin)
	}
	if !strings.Contains(cfg.Auto, `<script src="https://example.org/map/embed.js" async></script>`) {
		t.Errorf("snippet %s", cfg.Auto)
	}
	langs := attrs(doc.Find(`select[name="language"] option`), "value")
	if len(langs) != 10 || langs[0] != "/map" || !slices.Contains(langs, "/map/it") {
		t.Errorf("languages %q", langs)
	}
	if src := doc.Find("#builder-preview").AttrOr("src", ""); src != "/map/it/embed/" {
		t.Errorf("preview %q", src)
	}
	snippet := doc.Find("#builder-snippet").Text()
	for _, want := range []string{`src="https://example.org/map/it/embed/"`, `href="https://example.org/map/it/"`, `src="https://example.org/map/embed.js"`} {
		if !strings.Contains(snippet, want) {
			t.Errorf("snippet lacks %s:\n%s", want, snippet)
		}
	}
	scripts := attrs(doc.Find("script[src]"), "src")
	if len(scripts) < 2 || scripts[0] != "/map/embed.js" {
		t.Errorf("scripts %q", scripts)
	}
}

// The open data names pages by their absolute addresses under the path.
func TestRootOpenData(t *testing.T) {
	s := rootServer(t, false)
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(get(t, s, "/map/api/network.geojson").body, &fc); err != nil {
		t.Fatal(err)
	}
	var urls int
	for _, f := range fc.Features {
		if u, ok := f.Properties["url"].(string); ok {
			urls++
			if !strings.HasPrefix(u, "https://example.org/map/cities/") {
				t.Errorf("feature url %q", u)
			}
		}
	}
	if urls != 11 {
		t.Errorf("%d features with a url, want 11", urls)
	}
	if csv := string(get(t, s, "/map/api/network.csv").body); !strings.Contains(csv, "https://example.org/map/cities/palermo/") {
		t.Errorf("CSV:\n%s", csv)
	}
	a := rootServer(t, true)
	if places := string(get(t, a, "/map/api/places.geojson").body); !strings.Contains(places, `"https://example.org/map/networks/conet/"`) || strings.Contains(places, `"https://example.org/networks/`) {
		t.Errorf("places:\n%.600s", places)
	}
}

// An export made for a path names its files by the addresses below the
// path, the same files as for a host's root, as a static host publishes
// the folder there; its _headers names them under the path.
func TestRootExport(t *testing.T) {
	for _, tc := range []struct {
		name         string
		under, atTop *Site
	}{
		{"network", rootServer(t, false).site.Load(), testServer(t, "").site.Load()},
		{"atlas", rootServer(t, true).site.Load(), atlasServer(t).site.Load()},
	} {
		// The same files, whatever the path the folder is published at;
		// only the preview images, which show the site's address, and
		// the basemap's drawing, which names its tiles', are named after
		// other contents.
		under, atTop := unpreviewed(tc.under.Paths()), unpreviewed(tc.atTop.Paths())
		if len(under) < 100 || !slices.Equal(under, atTop) {
			t.Errorf("%s: %d addresses under /map/, %d at the host's root, or they differ", tc.name, len(under), len(atTop))
		}
	}
	var entries []exportEntry
	for _, p := range []string{"/", "/cities/palermo/", "/embed/", "/embed.js", "/api/network.csv", strings.TrimPrefix(rootBuilder.urls.MapJS, root)} {
		entries = append(entries, exportEntry{path: p, headers: rootSite.Headers(lookup(t, rootSite, p, ""))})
	}
	var patterns []string
	for _, line := range strings.Split(string(rootSite.headersFile(entries)), "\n") {
		if strings.HasPrefix(line, "/") {
			patterns = append(patterns, line)
		}
	}
	if len(patterns) < 5 || patterns[0] != "/map/*" {
		t.Fatalf("patterns %q", patterns)
	}
	for _, p := range patterns {
		if !strings.HasPrefix(p, "/map/") {
			t.Errorf("_headers pattern %q is not under /map/", p)
		}
	}
	for _, want := range []string{"/map/embed.js", "/map/embed/*", "/map/static/*", "/map/api/*"} {
		if !slices.Contains(patterns, want) {
			t.Errorf("no rule for %s in %q", want, patterns)
		}
	}
}

// With editing on, the editing pages are under the path too, with the
// site's assets; /admin at the host's root is nothing.
func TestRootEditing(t *testing.T) {
	rootServer(t, false)
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	if err := os.Mkdir(dataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, "conet.toml"), data.DefaultSource(), 0o644); err != nil {
		t.Fatal(err)
	}
	cheap := account.Params{Memory: 64, Time: 1, Threads: 1}
	hash, _ := cheap.Hash("violet kettle under the bridge")
	us := &account.Users{}
	us.Put(account.User{Name: "anna", Role: account.Admin, Password: hash})
	users := filepath.Join(dir, "users.toml")
	if err := account.SaveUsers(users, us); err != nil {
		t.Fatal(err)
	}
	assets := rootBuilder.Assets()
	a, err := admin.New(admin.Config{
		Users: users, State: filepath.Join(dir, "state"),
		Store: openStore(t, dataDir), MaxSize: data.DefaultMaxSize,
		BaseURL: rootBaseURL, Stylesheets: []string{assets.SiteCSS, assets.AdminCSS}, Favicon: assets.Favicon,
		Log: slog.New(slog.DiscardHandler), Hasher: cheap,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	s := NewServer(rootSite, slog.New(slog.DiscardHandler), Editing(a))
	r := get(t, s, "/map/admin/sign-in")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("/map/admin/sign-in: %d", r.StatusCode)
	}
	doc := document(t, r)
	for _, href := range append(attrs(doc.Find("link[href]"), "href"), attrs(doc.Find("form[action]"), "action")...) {
		if !strings.HasPrefix(href, root+"/") {
			t.Errorf("%q on the sign-in page is not under /map/", href)
		} else if strings.Contains(href, "/static/") && get(t, s, href).StatusCode != http.StatusOK {
			t.Errorf("%s does not answer", href)
		}
	}
	for _, p := range []string{"/admin/", "/admin/sign-in"} {
		if r := get(t, s, p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s at the host's root: %d, want 404", p, r.StatusCode)
		}
	}
}

// The map script fetches the basemap's tiles from the address basemap.json
// gives: under the path, on a network's map and on an atlas's.
func TestRootTiles(t *testing.T) {
	berlin := geo.TileKey{Grid: 6, X: 34, Y: 20}
	for _, tc := range []struct {
		atlas bool
		page  string
	}{{false, "/map/"}, {false, "/map/it/embed/cities/berlin/"}, {true, "/map/"}, {true, "/map/networks/conet/"}} {
		s := rootServer(t, tc.atlas)
		m := basemapOf(t, s, tc.page)
		if m.Tiles == nil || !strings.HasPrefix(m.Tiles.URL, "/map/static/tiles/") {
			t.Fatalf("%s: tiles %+v", tc.page, m.Tiles)
		}
		if r := get(t, s, tileAddress(m, berlin)); r.StatusCode != 200 {
			t.Errorf("%s: Berlin's tile %s: %d", tc.page, tileAddress(m, berlin), r.StatusCode)
		}
	}
}

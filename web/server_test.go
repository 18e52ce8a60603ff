package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/brotli"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/datatest"
)

const testBaseURL = "https://map.example.org"

// The builder prepares assets once; tests share it.
var (
	builderOnce sync.Once
	builder     *Builder
	builderErr  error
)

func testBuilder(tb testing.TB) *Builder {
	tb.Helper()
	builderOnce.Do(func() { builder, builderErr = NewBuilder(Options{BaseURL: testBaseURL}) })
	if builderErr != nil {
		tb.Fatal(builderErr)
	}
	return builder
}

// testServer serves the network in src, or the default network for "".
// The default site is built once: sites are immutable, so servers share it.
func testServer(tb testing.TB, src string) *Server {
	tb.Helper()
	var site *Site
	if src == "" {
		defaultOnce.Do(func() { defaultSite = build(tb, string(data.DefaultSource())) })
		site = defaultSite
	} else {
		site = build(tb, src)
	}
	if site == nil {
		tb.Fatal("no site")
	}
	return NewServer(site, slog.New(slog.DiscardHandler))
}

// serverWith serves the default network built with opts, which tests of
// the options set.
func serverWith(tb testing.TB, opts Options) *Server {
	tb.Helper()
	b, err := NewBuilder(opts)
	if err != nil {
		tb.Fatal(err)
	}
	n, err := data.Default()
	if err != nil {
		tb.Fatal(err)
	}
	site, err := b.Build(n)
	if err != nil {
		tb.Fatal(err)
	}
	return NewServer(site, slog.New(slog.DiscardHandler))
}

var (
	defaultOnce sync.Once
	defaultSite *Site
)

func build(tb testing.TB, src string) *Site {
	tb.Helper()
	n, err := data.Parse("test.toml", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	site, err := testBuilder(tb).Build(n)
	if err != nil {
		tb.Fatal(err)
	}
	return site
}

// lookup is the site's response at an address, which it must have.
func lookup(tb testing.TB, site *Site, path, query string) *Resource {
	tb.Helper()
	r, err := site.Lookup(path, query)
	if err != nil {
		tb.Fatalf("%s?%s: %v", path, query, err)
	}
	return r
}

type response struct {
	*http.Response
	body []byte
}

func do(tb testing.TB, s *Server, req *http.Request) response {
	tb.Helper()
	resp, err := s.App().Test(req, -1)
	if err != nil {
		tb.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{resp, body}
}

func get(tb testing.TB, s *Server, path string) response {
	tb.Helper()
	return do(tb, s, httptest.NewRequest(http.MethodGet, path, nil))
}

func document(tb testing.TB, r response) *goquery.Document {
	tb.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(r.body))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func TestPages(t *testing.T) {
	s := testServer(t, "")
	cases := []struct {
		name, path, title, canonical, heading string
		status                                int
	}{
		{"network", "/", "CoNet: partner map", testBaseURL + "/", "CoNet", 200},
		{"city", "/cities/palermo/", "Palermo – CoNet partner map", testBaseURL + "/cities/palermo/", "Palermo", 200},
		{"city with accents", "/cities/malmo/", "Malmö – CoNet partner map", testBaseURL + "/cities/malmo/", "Malmö", 200},
		{"unknown city", "/cities/atlantis/", "Page not found – CoNet partner map", "", "Page not found", 404},
		{"unknown page", "/nowhere", "Page not found – CoNet partner map", "", "Page not found", 404},
		{"slug in capitals", "/cities/Palermo", "Page not found – CoNet partner map", "", "Page not found", 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, s, tc.path)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tc.status)
			}
			if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			doc := document(t, r)
			if got := doc.Find("head > title").Text(); got != tc.title {
				t.Errorf("title %q, want %q", got, tc.title)
			}
			canonical, has := doc.Find(`link[rel="canonical"]`).Attr("href")
			if canonical != tc.canonical || has != (tc.canonical != "") {
				t.Errorf("canonical %q, want %q", canonical, tc.canonical)
			}
			if got := strings.TrimSpace(doc.Find("h1").First().Contents().First().Text()); got != tc.heading {
				t.Errorf("h1 %q, want %q", got, tc.heading)
			}
			if lang, _ := doc.Find("html").Attr("lang"); lang != "en" {
				t.Errorf("lang %q", lang)
			}
			// Every page, the 404 page too, lists every city.
			if got := doc.Find("#cities a[href^='/cities/']").Length(); got != 11 {
				t.Errorf("%d city links, want 11", got)
			}
		})
	}
}

func TestCityList(t *testing.T) {
	doc := document(t, get(t, testServer(t, ""), "/cities/gijon/"))
	links := doc.Find("#cities a[data-slug]")
	var slugs []string
	links.Each(func(_ int, a *goquery.Selection) {
		slug, _ := a.Attr("data-slug")
		slugs = append(slugs, slug)
		if href, _ := a.Attr("href"); href != "/cities/"+slug+"/" {
			t.Errorf("%s links to %q", slug, href)
		}
	})
	want := "berlin palermo liverpool vaulx-en-velin sofia alba-iulia brussels apeldoorn zabrze malmo gijon"
	if got := strings.Join(slugs, " "); got != want {
		t.Errorf("cities %q, want %q", got, want)
	}
	if got := links.Filter(":has(.badge)").AttrOr("data-slug", ""); got != "berlin" {
		t.Errorf("coordinator marked on %q, want berlin", got)
	}
	if n := links.Filter(":has(.badge)").Length(); n != 1 {
		t.Errorf("%d cities marked coordinator", n)
	}
	if got := links.Filter("[aria-current='page']").AttrOr("data-slug", ""); got != "gijon" {
		t.Errorf("current city %q, want gijon", got)
	}
}

func TestCityDetails(t *testing.T) {
	s := testServer(t, "")
	cases := []struct {
		slug     string
		partners []string
		roles    []string
		contains []string
	}{
		{"palermo", []string{"City of Palermo", "CESIE"}, []string{"City · Partner", "Organisation · Partner"},
			[]string{"Palermo", "Italy", "Ballarò", "25 November 2010 – 26 November 2010", "Local Action Plan of Palermo", "youth policy"}},
		{"berlin", []string{"City of Berlin"}, []string{"City · Coordinator"}, []string{"Germany", "Coordinator city", "Quartiersmanagement"}},
		{"sofia", []string{"City of Sofia"}, []string{"City · Partner"}, []string{"София", "Bulgaria", "Fakulteta"}},
		{"liverpool", []string{"City of Liverpool"}, []string{"City · Partner"}, []string{"United Kingdom", "Nothing has been published"}},
	}
	for _, tc := range cases {
		t.Run(tc.slug, func(t *testing.T) {
			doc := document(t, get(t, s, "/cities/"+tc.slug+"/"))
			details := doc.Find("#details")
			var names, roles []string
			details.Find(".partner").Each(func(_ int, p *goquery.Selection) {
				names = append(names, strings.TrimSpace(p.Find(".partner__name").Text()))
				roles = append(roles, strings.Join(strings.Fields(p.Find(".partner__role").Text()), " "))
			})
			if strings.Join(names, "|") != strings.Join(tc.partners, "|") {
				t.Errorf("partners %q, want %q", names, tc.partners)
			}
			if strings.Join(roles, "|") != strings.Join(tc.roles, "|") {
				t.Errorf("roles %q, want %q", roles, tc.roles)
			}
			text := details.Text()
			for _, want := range tc.contains {
				if !strings.Contains(text, want) {
					t.Errorf("details lack %q", want)
				}
			}
		})
	}
}

// The panel the map script swaps in is the very markup of the page's
// details: one component, two responses.
func TestPanelsMatchPages(t *testing.T) {
	s := testServer(t, "")
	cases := []struct{ page, panel string }{
		{"/", "/fragments/network.html"},
		{"/cities/palermo/", "/fragments/cities/palermo.html"},
		{"/cities/zabrze/", "/fragments/cities/zabrze.html"},
	}
	for _, tc := range cases {
		t.Run(tc.page, func(t *testing.T) {
			inPage, err := document(t, get(t, s, tc.page)).Find("#details").Html()
			if err != nil {
				t.Fatal(err)
			}
			r := get(t, s, tc.panel)
			if r.StatusCode != 200 {
				t.Fatalf("panel status %d", r.StatusCode)
			}
			alone, err := document(t, r).Find("body").Html()
			if err != nil {
				t.Fatal(err)
			}
			if inPage != alone {
				t.Errorf("panel differs from the page's details:\n%s\n---\n%s", alone, inPage)
			}
		})
	}
}

func TestNetworkOverview(t *testing.T) {
	doc := document(t, get(t, testServer(t, ""), "/"))
	text := doc.Find("#details").Text()
	for _, want := range []string{
		"Cohesion Network", "URBACT II thematic network", "European Regional Development Fund (ERDF)",
		"21 April 2008 – 20 May 2011", "Objectives", "Activities", "Results", "CoNet's Guide to Social Cohesion",
		"Contact", "partnership@cesie.org", "Rotraut Weeber",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("network overview lacks %q", want)
		}
	}
	if href := doc.Find(`#details a[href^="mailto:"]`).AttrOr("href", ""); href != "mailto:partnership@cesie.org" {
		t.Errorf("contact link %q", href)
	}
	if href := doc.Find(".result__city a").AttrOr("href", ""); href != "/cities/palermo/" {
		t.Errorf("result city link %q", href)
	}
}

func TestMethods(t *testing.T) {
	s := testServer(t, "")
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		t.Run(method, func(t *testing.T) {
			r := do(t, s, httptest.NewRequest(method, "/cities/palermo/", strings.NewReader("x=1")))
			if r.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("status %d, want 405", r.StatusCode)
			}
			if allow := r.Header.Get("Allow"); allow != "GET, HEAD" {
				t.Errorf("Allow %q", allow)
			}
			if !bytes.Contains(r.body, []byte("only answers requests to read it")) {
				t.Errorf("405 page lacks its message")
			}
		})
	}
	t.Run("HEAD", func(t *testing.T) {
		full := get(t, s, "/cities/palermo/")
		r := do(t, s, httptest.NewRequest(http.MethodHead, "/cities/palermo/", nil))
		if r.StatusCode != 200 || len(r.body) != 0 {
			t.Errorf("HEAD: status %d, %d body bytes", r.StatusCode, len(r.body))
		}
		if r.Header.Get("Content-Length") != full.Header.Get("Content-Length") || r.Header.Get("ETag") != full.Header.Get("ETag") {
			t.Errorf("HEAD headers differ from GET: %v vs %v", r.Header, full.Header)
		}
	})
}

func TestCachingAndCompression(t *testing.T) {
	s := testServer(t, "")
	plain := get(t, s, "/")
	etag := plain.Header.Get("ETag")
	if etag == "" || plain.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("page headers: %v", plain.Header)
	}

	t.Run("304", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("If-None-Match", `"other", `+etag)
		if r := do(t, s, req); r.StatusCode != http.StatusNotModified || len(r.body) != 0 {
			t.Errorf("status %d with %d bytes, want 304 and none", r.StatusCode, len(r.body))
		}
		req = httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("If-None-Match", `"stale"`)
		if r := do(t, s, req); r.StatusCode != 200 {
			t.Errorf("stale etag: status %d", r.StatusCode)
		}
		req = httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("If-None-Match", `W/*`)
		if r := do(t, s, req); r.StatusCode != 200 {
			t.Errorf("If-None-Match: W/*, which is no entity-tag: status %d, want 200", r.StatusCode)
		}
	})

	decoders := map[string]func(io.Reader) (io.Reader, error){
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	cases := []struct{ accept, encoding string }{
		{"gzip, deflate, br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"identity", ""},
		{"", ""},
		{"*, br;q=0", "gzip"},
		{"br;Q=0", ""},
		{"br;q=0;x=1", ""},
		{"br;level=1;q=0", ""},
		{"gzip;q=1, br;q=0.5", "gzip"},
	}
	for _, tc := range cases {
		t.Run("Accept-Encoding "+tc.accept, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Accept-Encoding", tc.accept)
			r := do(t, s, req)
			if got := r.Header.Get("Content-Encoding"); got != tc.encoding {
				t.Fatalf("Content-Encoding %q, want %q", got, tc.encoding)
			}
			if r.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q", r.Header.Get("Vary"))
			}
			body := r.body
			if dec := decoders[tc.encoding]; dec != nil {
				if len(body) >= len(plain.body) {
					t.Errorf("%s body %d bytes, plain %d", tc.encoding, len(body), len(plain.body))
				}
				rd, err := dec(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(rd); err != nil {
					t.Fatal(err)
				}
				if r.Header.Get("ETag") == etag {
					t.Errorf("the %s variant shares the plain ETag", tc.encoding)
				}
			}
			if !bytes.Equal(body, plain.body) {
				t.Errorf("decoded body differs from the plain one")
			}
		})
	}

	t.Run("assets are fingerprinted and immutable", func(t *testing.T) {
		doc := document(t, plain)
		var assets []string
		doc.Find(`link[rel="stylesheet"], script[src], link[rel="icon"]`).Each(func(_ int, el *goquery.Selection) {
			assets = append(assets, el.AttrOr("href", el.AttrOr("src", "")))
		})
		if len(assets) != 5 {
			t.Fatalf("assets %q", assets)
		}
		for _, a := range assets {
			r := get(t, s, a)
			if r.StatusCode != 200 || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s: status %d, Cache-Control %q", a, r.StatusCode, r.Header.Get("Cache-Control"))
			}
		}
	})
}

func TestGeoJSONRoute(t *testing.T) {
	r := get(t, testServer(t, ""), "/api/network.geojson")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("status %d, Content-Type %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	if !bytes.Contains(r.body, []byte(`"url":"`+testBaseURL+`/cities/palermo/"`)) {
		t.Errorf("city URLs are not absolute from the base URL")
	}
}

// Every address has one spelling. A page's ends in a slash, and the same
// without it, or with index.html, is sent there for good, as static hosts
// send a folder's address to its index.html; any other spelling is not an
// address of the site.
func TestOneSpellingPerAddress(t *testing.T) {
	s := testServer(t, "")
	for path, want := range map[string]string{
		"/cities/palermo":                   "/cities/palermo/",
		"/cities/palermo/index.html":        "/cities/palermo/",
		"/index.html":                       "/",
		"/embed?list=0":                     "/embed/?list=0",
		"/embed/cities/sofia?lines=0":       "/embed/cities/sofia/?lines=0",
		"/it":                               "/it/",
		"/it/cities/palermo":                "/it/cities/palermo/",
		"/embed-builder?city=palermo":       "/embed-builder/?city=palermo",
		"/bg/embed/cities/sofia/index.html": "/bg/embed/cities/sofia/",
	} {
		r := get(t, s, path)
		if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != want {
			t.Errorf("%s: status %d, Location %q, want 301 to %s", path, r.StatusCode, r.Header.Get("Location"), want)
		}
		if got := get(t, s, want); got.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", want, got.StatusCode)
		}
	}
	for _, path := range []string{
		"/HEALTHZ", "/healthz/", "/Cities/palermo/", "/cities/PALERMO/", "/api/network.geojson/",
		"/fragments/network.html/", "/oembed/network.json/", "/embed.js/", "/cities/atlantis",
		"//cities/palermo", "/cities//palermo/", "/static/", "/fragments/index.html",
	} {
		if r := get(t, s, path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, Location %q, want 404", path, r.StatusCode, r.Header.Get("Location"))
		}
	}
}

// Markdown is rendered with raw HTML off: markup in a description shows
// as nothing that runs.
func TestMarkdownHasNoRawHTML(t *testing.T) {
	src := strings.Replace(string(data.DefaultSource()),
		"Berlin led the network and brought",
		"**Bold** and [a link](https://example.org) <img src=x onerror=alert(2)>\n\n<script>alert(1)</script>\n\nBerlin led the network and brought", 1)
	doc := document(t, get(t, testServer(t, src), "/cities/berlin/"))
	prose := doc.Find("#details .prose")
	if prose.Find("script, img").Length() != 0 {
		t.Errorf("raw HTML came through: %s", prose.Text())
	}
	if prose.Find("strong").Text() != "Bold" || prose.Find(`a[href="https://example.org"]`).Length() != 1 {
		t.Errorf("Markdown was not rendered")
	}
	if doc.Find("body script:not([src]):not([type='application/json'])").Length() != 0 {
		t.Errorf("an inline script is on the page")
	}
}

func TestSwap(t *testing.T) {
	s := testServer(t, "")
	s.Swap(build(t, strings.Replace(string(data.DefaultSource()), `name = "CoNet"`, `name = "CoNet Two"`, 1)))
	if title := document(t, get(t, s, "/")).Find("head > title").Text(); title != "CoNet Two: partner map" {
		t.Errorf("after Swap the title is %q", title)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := testServer(t, "")
	for _, path := range []string{"/", "/cities/palermo/", "/fragments/cities/palermo.html", "/api/network.geojson", "/nowhere"} {
		t.Run(path, func(t *testing.T) {
			r := get(t, s, path)
			csp := r.Header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe") || strings.Contains(csp, "data:") {
				t.Errorf("CSP %q allows more than the site's own files", csp)
			}
			if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") == "" {
				t.Errorf("headers %v", r.Header)
			}
		})
	}
	t.Run("405", func(t *testing.T) {
		r := do(t, s, httptest.NewRequest(http.MethodPost, "/", nil))
		if !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("405 lacks the CSP")
		}
	})
}

// Every path of the site answers, with a body and a content type.
func TestEveryRouteAnswers(t *testing.T) {
	t.Parallel()
	s := testServer(t, "")
	site := s.site.Load()
	if len(site.Paths()) < 2+2*11+1+5 {
		t.Fatalf("only %d paths", len(site.Paths()))
	}
	for _, p := range site.Paths() {
		// Embeds with options are the same in every language but their
		// words: the default language's stand for them.
		if lang, _ := components.SplitLanguage(p); lang != "" && strings.Contains(p, "?") {
			continue
		}
		r := get(t, s, p)
		if r.StatusCode != 200 || len(r.body) == 0 || r.Header.Get("Content-Type") == "" {
			t.Errorf("%s: status %d, %d bytes, type %q", p, r.StatusCode, len(r.body), r.Header.Get("Content-Type"))
		}
	}
}

// The site is served at once, compressed quickly, and replaced by its
// best-compressed twin: same bodies, same identity ETags, smaller bytes.
func TestImprove(t *testing.T) {
	t.Parallel()
	// Two cities keep the best compression, slow by design, quick to test.
	s := testServer(t, datatest.TwoCities())
	quick := s.site.Load()
	brotliOf := func(path string) response {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Encoding", "br")
		return do(t, s, req)
	}
	before := brotliOf("/")
	plainBefore := get(t, s, "/cities/palermo/").Header.Get("ETag")
	if !s.Improve(quick) {
		t.Fatal("Improve did not swap")
	}
	better := s.site.Load()
	if better == quick {
		t.Fatal("the site was not replaced")
	}
	for path, l := range better.lazy {
		// The basemap's tiles are drawn when a map asks for them.
		if l.done.Load() == nil && !isTile(path) {
			t.Errorf("%s is not rendered ahead at the best levels", path)
		}
	}
	after := brotliOf("/")
	if len(after.body) >= len(before.body) {
		t.Errorf("best brotli %d bytes, quick %d", len(after.body), len(before.body))
	}
	if after.Header.Get("ETag") == before.Header.Get("ETag") {
		t.Errorf("different bytes share the ETag %s", after.Header.Get("ETag"))
	}
	if got := get(t, s, "/cities/palermo/").Header.Get("ETag"); got != plainBefore {
		t.Errorf("the identity ETag changed from %s to %s", plainBefore, got)
	}
	for _, p := range better.Paths() {
		path, query, _ := strings.Cut(p, "?")
		if lang, _ := components.SplitLanguage(path); lang != "" && query != "" {
			continue // rendered on demand, as the default language's are
		}
		q, b := lookup(t, quick, path, query), lookup(t, better, path, query)
		if !bytes.Equal(q.Body(), b.Body()) || (q.brotli == nil) != (b.brotli == nil) {
			t.Errorf("%s differs after Improve", p)
		}
	}
	if len(better.Paths()) != len(quick.Paths()) {
		t.Errorf("%d paths after Improve, %d before", len(better.Paths()), len(quick.Paths()))
	}

	// A site swapped in meanwhile is not overwritten by an old one's twin.
	other := testServer(t, "")
	newer := build(t, string(data.DefaultSource()))
	other.Swap(newer)
	if other.Improve(quick) || other.site.Load() != newer {
		t.Errorf("Improve replaced a newer site")
	}
}

// A site swapped out while it is compressed at the best levels is left as
// it was: its improvement stops, and the site swapped in is improved in
// its place; when the server stops, so does the improvement under way.
func TestImproveStopsForASwappedOutSite(t *testing.T) {
	first := build(t, datatest.TwoCities())
	s := NewServer(first, slog.New(slog.DiscardHandler))
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		s.ImproveSwapped(ctx)
	}()
	// improvingNow waits until the improvement of site has begun.
	improvingNow := func(site *Site) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(time.Millisecond) {
			s.swap.Lock()
			improving := s.improving
			s.swap.Unlock()
			if improving == site {
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("the improvement of the site swapped in did not begin")
			}
		}
	}
	// atBest counts the responses a site renders ahead that are at the
	// best levels, of all it renders ahead: Best brings them all there.
	atBest := func(site *Site) (n, of int) {
		for _, l := range site.order {
			if r := l.done.Load(); r != nil && r.level == best {
				n++
			}
		}
		return n, len(site.order)
	}
	improvingNow(first)
	second := build(t, string(data.DefaultSource()))
	s.Swap(second)
	improvingNow(second) // the first's has ended
	if n, of := atBest(first); n > of/2 {
		t.Errorf("the site swapped out was improved on: %d of its %d responses rendered ahead are at the best levels", n, of)
	}
	stop()
	<-ended
	if n, of := atBest(second); n > of/2 || s.site.Load() != second {
		t.Errorf("the improvement went on after the server stopped: %d of %d responses at the best levels, the site replaced %v", n, of, s.site.Load() != second)
	}
}

func TestResourcePolicies(t *testing.T) {
	s := testServer(t, "")
	preview := strings.TrimPrefix(document(t, get(t, s, "/")).Find(`meta[property="og:image"]`).AttrOr("content", ""), testBaseURL)
	for path, corp := range map[string]string{
		"/":                    "same-origin",
		"/cities/palermo/":     "same-origin",
		"/embed/":              "same-origin",
		"/nowhere":             "same-origin",
		"/api/network.geojson": "cross-origin",
		"/embed.js":            "cross-origin",
		preview:                "cross-origin",
	} {
		r := get(t, s, path)
		if got := r.Header.Get("Cross-Origin-Resource-Policy"); got != corp {
			t.Errorf("%s: Cross-Origin-Resource-Policy %q, want %q", path, got, corp)
		}
		if r.Header.Get("Cross-Origin-Opener-Policy") != "same-origin" || !strings.Contains(r.Header.Get("Permissions-Policy"), "camera=()") {
			t.Errorf("%s: COOP %q, Permissions-Policy %q", path, r.Header.Get("Cross-Origin-Opener-Policy"), r.Header.Get("Permissions-Policy"))
		}
		if r.Header.Get("Strict-Transport-Security") != "max-age=31536000" {
			t.Errorf("%s: no HSTS although the base URL is https", path)
		}
	}
	if h := get(t, serverWith(t, Options{BaseURL: "http://127.0.0.1:8080"}), "/").Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS %q over plain HTTP", h)
	}
}

package web

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/components"
)

// The cases are a file that the map script's tests read too, so that the
// script reads an embed's address as the server does.
func TestParseEmbedOptions(t *testing.T) {
	file, err := os.ReadFile("testdata/embed-options.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Query string
		Shown map[string]bool
	}
	if err := json.Unmarshal(file, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.Query, func(t *testing.T) {
			if got := parseEmbedOptions(tc.Query).Shown(); !maps.Equal(got, tc.Shown) {
				t.Errorf("parseEmbedOptions(%q) shows %v, want %v", tc.Query, got, tc.Shown)
			}
		})
	}
}

// Whatever the query, parsing gives options whose canonical query reads
// back as the same options.
func FuzzParseEmbedOptions(f *testing.F) {
	for _, seed := range []string{"", "list=0", "lines=no&details=off", "list=%ZZ", "list=1&list=0&colour=red"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		o := parseEmbedOptions(query)
		again := parseEmbedOptions(strings.TrimPrefix(o.Query(), "?"))
		if again != o {
			t.Errorf("%q: %+v, but its query %q reads as %+v", query, o, o.Query(), again)
		}
		if i := o.Index(); i < 0 || i >= len(components.AllEmbeds()) || components.AllEmbeds()[i] != o {
			t.Errorf("%q: index %d does not name %+v", query, i, o)
		}
	})
}

func TestEmbedPages(t *testing.T) {
	s := testServer(t, "")
	cases := []struct {
		path                 string
		list, details, lines bool
	}{
		{"/embed/", true, true, true},
		{"/embed/cities/palermo/", true, true, true},
		{"/embed/cities/palermo/?list=0", false, true, true},
		{"/embed/cities/palermo/?details=0&lines=0", true, false, false},
		{"/embed/?list=no&details=no&lines=no", false, false, false},
		{"/embed/cities/palermo/?list=perhaps", true, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			r := get(t, s, tc.path)
			if r.StatusCode != 200 {
				t.Fatalf("status %d", r.StatusCode)
			}
			if csp := r.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors 'self' *") {
				t.Errorf("CSP %q does not let other sites frame the embed", csp)
			}
			doc := document(t, r)
			if got := doc.Find("#cities:not([hidden])").Length() == 1; got != tc.list {
				t.Errorf("list shown: %v", got)
			}
			if got := doc.Find("#cities a").Length(); got != 11 {
				t.Errorf("%d cities in the list, shown or hidden for the map script, want 11", got)
			}
			if got := doc.Find("#details").Length() == 1; got != tc.details {
				t.Errorf("details shown: %v", got)
			}
			if got := doc.Find(".legend .line-shape").Length() == 1; got != tc.lines {
				t.Errorf("lines in the legend: %v", got)
			}
			var config components.MapConfig
			if err := json.Unmarshal([]byte(doc.Find("#map-config").Text()), &config); err != nil {
				t.Fatal(err)
			}
			if want := map[string]bool{"list": tc.list, "lines": tc.lines, "details": tc.details}; !maps.Equal(config.Embed.Shown, want) {
				t.Errorf("the map config shows %v, want %v", config.Embed.Shown, want)
			}
			if doc.Find(".site-header, .site-footer").Length() != 0 {
				t.Errorf("the embed has the site's header or footer")
			}
			if doc.Find(`meta[name="robots"][content="noindex"]`).Length() != 1 {
				t.Errorf("the embed may be indexed")
			}
			canonical := doc.Find(`link[rel="canonical"]`).AttrOr("href", "")
			if !strings.HasPrefix(canonical, testBaseURL+"/") || strings.Contains(canonical, "embed") {
				t.Errorf("canonical %q is not the full page", canonical)
			}
			// Every link that leaves the embed opens a new tab without a
			// handle on the host page; the others stay inside the embed.
			doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
				href := a.AttrOr("href", "")
				inside := strings.HasPrefix(href, "/embed/")
				if inside && a.AttrOr("target", "") != "" {
					t.Errorf("%s opens a new tab", href)
				}
				if !inside && (a.AttrOr("target", "") != "_blank" || a.AttrOr("rel", "") != "noopener") {
					t.Errorf("%s leaves the embed in its frame", href)
				}
				if inside && !strings.HasSuffix(href, parseEmbedOptions(strings.SplitN(tc.path+"?", "?", 2)[1]).Query()) {
					t.Errorf("%s loses the embed's options", href)
				}
			})
		})
	}
}

func TestEmbedPanels(t *testing.T) {
	s := testServer(t, "")
	for path, status := range map[string]int{
		"/fragments/embed/cities/palermo.html":           200,
		"/fragments/embed/cities/palermo.html?list=0":    200,
		"/fragments/embed/network.html":                  200,
		"/fragments/embed/cities/palermo.html?details=0": 404,
		"/fragments/embed/cities/atlantis.html":          404,
		"/embed/cities/atlantis/":                        404,
	} {
		if r := get(t, s, path); r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, r.StatusCode, status)
		}
	}
	// The compact panel leaves the long text to the full page.
	doc := document(t, get(t, s, "/fragments/embed/cities/palermo.html"))
	if doc.Find(".partner").Length() != 2 || doc.Find(".prose, .meetings").Length() != 0 {
		t.Errorf("compact panel: %s", doc.Text())
	}
	if href := doc.Find(".panel__more a").AttrOr("href", ""); href != "/cities/palermo/" {
		t.Errorf("full page link %q", href)
	}
}

func TestEmbedScript(t *testing.T) {
	r := get(t, testServer(t, ""), "/embed.js")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("status %d, type %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=3600" {
		t.Errorf("Cache-Control %q: the script's address is stable, so its cache must be short", cc)
	}
	if !strings.Contains(string(r.body), "event.source") || !strings.Contains(string(r.body), "event.origin !== origin") {
		t.Errorf("embed.js does not check where messages come from")
	}
}

func oembedGet(t *testing.T, s *Server, params url.Values) response {
	t.Helper()
	return get(t, s, "/oembed?"+params.Encode())
}

func TestOEmbed(t *testing.T) {
	s := testServer(t, "")
	page := testBaseURL + "/cities/palermo/"
	cases := []struct {
		name          string
		params        url.Values
		status        int
		width, height int
		src           string
		script        bool
	}{
		{"city", url.Values{"url": {page}}, 200, 720, 560, testBaseURL + "/embed/cities/palermo/", false},
		{"network", url.Values{"url": {testBaseURL + "/"}}, 200, 720, 560, testBaseURL + "/embed/", false},
		{"network without slash", url.Values{"url": {testBaseURL}}, 200, 720, 560, testBaseURL + "/embed/", false},
		{"limits", url.Values{"url": {page}, "maxwidth": {"400"}, "maxheight": {"300"}}, 200, 400, 300, testBaseURL + "/embed/cities/palermo/", false},
		{"limits above the default", url.Values{"url": {page}, "maxwidth": {"4000"}, "maxheight": {"4000"}}, 200, 720, 560, testBaseURL + "/embed/cities/palermo/", false},
		{"malformed limits", url.Values{"url": {page}, "maxwidth": {"wide"}, "maxheight": {"-5"}}, 200, 720, 560, testBaseURL + "/embed/cities/palermo/", false},
		{"auto height", url.Values{"url": {page}, "height": {"auto"}}, 200, 720, 560, testBaseURL + "/embed/cities/palermo/", true},
		{"chosen height", url.Values{"url": {page}, "height": {"420"}}, 200, 720, 420, testBaseURL + "/embed/cities/palermo/", false},
		{"chosen height clamped", url.Values{"url": {page}, "height": {"50"}}, 200, 720, 200, testBaseURL + "/embed/cities/palermo/?list=0&details=0", false},
		{"small", url.Values{"url": {page}, "maxwidth": {"300"}, "maxheight": {"200"}}, 200, 300, 200, testBaseURL + "/embed/cities/palermo/?list=0&details=0", false},
		{"small, lines off", url.Values{"url": {page}, "maxwidth": {"300"}, "maxheight": {"240"}, "lines": {"0"}}, 200, 300, 240, testBaseURL + "/embed/cities/palermo/?list=0&lines=0&details=0", false},
		{"just taller than small", url.Values{"url": {page}, "maxwidth": {"300"}, "maxheight": {"241"}}, 200, 300, 241, testBaseURL + "/embed/cities/palermo/", false},
		{"chosen height within maxheight", url.Values{"url": {page}, "height": {"900"}, "maxheight": {"700"}}, 200, 720, 700, testBaseURL + "/embed/cities/palermo/", false},
		{"options", url.Values{"url": {page}, "list": {"0"}, "lines": {"no"}}, 200, 720, 560, testBaseURL + "/embed/cities/palermo/?list=0&lines=0", false},
		{"embed address with options", url.Values{"url": {testBaseURL + "/embed/cities/palermo/?details=0"}}, 200, 720, 560, testBaseURL + "/embed/cities/palermo/?details=0", false},
		{"unknown city", url.Values{"url": {testBaseURL + "/cities/atlantis/"}}, 404, 0, 0, "", false},
		{"another host", url.Values{"url": {"https://evil.example.org/cities/palermo/"}}, 404, 0, 0, "", false},
		{"not a web address", url.Values{"url": {"javascript:alert(1)"}}, 404, 0, 0, "", false},
		{"no url", url.Values{"format": {"json"}}, 400, 0, 0, "", false},
		{"unsupported format", url.Values{"url": {page}, "format": {"yaml"}}, 501, 0, 0, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := oembedGet(t, s, tc.params)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tc.status, r.body)
			}
			if tc.status != 200 {
				return
			}
			if r.Header.Get("Access-Control-Allow-Origin") != "*" || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
				t.Errorf("headers %v", r.Header)
			}
			var o oembedResponse
			if err := json.Unmarshal(r.body, &o); err != nil {
				t.Fatal(err)
			}
			if o.Type != "rich" || o.Version != "1.0" || o.Width != tc.width || o.Height != tc.height || o.ProviderURL != testBaseURL+"/" {
				t.Errorf("response %+v", o)
			}
			checkSnippet(t, o.HTML, tc.src, tc.width, tc.height, tc.script)
		})
	}
}

// checkSnippet reads oEmbed's HTML as a consumer would: a frame of the
// size reported, marked for /embed.js, and the script only when asked for.
func checkSnippet(t *testing.T, html, src string, width, height int, script bool) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	iframe := doc.Find("iframe")
	if iframe.Length() != 1 || iframe.AttrOr("src", "") != src || iframe.AttrOr("height", "") != strconv.Itoa(height) ||
		iframe.AttrOr("width", "") != strconv.Itoa(width) || iframe.AttrOr("loading", "") != "lazy" || iframe.AttrOr("allow", "") != "fullscreen" ||
		!strings.Contains(iframe.AttrOr("style", ""), "max-width:100%") || !strings.Contains(iframe.AttrOr("title", ""), "CoNet") {
		t.Errorf("iframe in %s", html)
	}
	if got := doc.Find(`script[src="`+testBaseURL+`/embed.js"]`).Length() == 1; got != script {
		t.Errorf("auto-height script present: %v in %s", got, html)
	}
	if iframe.AttrOr("data-partnermap-height", "") != "auto" {
		t.Errorf("iframe not marked for auto height: %s", html)
	}
	if n := doc.Find("body > *").Length(); n != 1+map[bool]int{true: 1}[script] {
		t.Errorf("%d elements, where only the frame (and the script) fit the size reported: %s", n, html)
	}
}

func TestOEmbedXML(t *testing.T) {
	r := oembedGet(t, testServer(t, ""), url.Values{"url": {testBaseURL + "/cities/sofia/"}, "format": {"xml"}, "maxwidth": {"500"}})
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
		t.Fatalf("status %d, type %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(string(r.body), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %.60s", r.body)
	}
	var o oembedResponse
	if err := xml.Unmarshal(r.body, &o); err != nil {
		t.Fatal(err)
	}
	if o.Type != "rich" || o.Version != "1.0" || o.Width != 500 || o.Title != "Sofia – CoNet partner map" {
		t.Errorf("response %+v", o)
	}
	checkSnippet(t, o.HTML, testBaseURL+"/embed/cities/sofia/", 500, 560, false)
}

// Every page that can be embedded says where its oEmbed descriptions are,
// in JSON and XML, as files of their own that static hosts can serve too,
// with the bytes the endpoint answers.
func TestOEmbedDiscovery(t *testing.T) {
	s := testServer(t, "")
	for path, file := range map[string]string{"/": "/oembed/network", "/cities/palermo/": "/oembed/cities/palermo", "/it/cities/malmo/": "/it/oembed/cities/malmo"} {
		doc := document(t, get(t, s, path))
		for _, format := range []struct{ name, linkType, contentType string }{
			{"json", "application/json+oembed", "application/json; charset=utf-8"},
			{"xml", "text/xml+oembed", "text/xml; charset=utf-8"},
		} {
			href := doc.Find(`link[rel="alternate"][type="`+format.linkType+`"]`).AttrOr("href", "")
			if want := testBaseURL + file + "." + format.name; href != want {
				t.Errorf("%s: %s link %q, want %q", path, format.name, href, want)
			}
			r := get(t, s, strings.TrimPrefix(href, testBaseURL))
			endpoint := oembedGet(t, s, url.Values{"url": {testBaseURL + path}, "format": {format.name}})
			if r.StatusCode != 200 || !bytes.Equal(r.body, endpoint.body) || r.Header.Get("Content-Type") != format.contentType ||
				r.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: status %d, type %q, body %s, endpoint's %s", href, r.StatusCode, r.Header.Get("Content-Type"), r.body, endpoint.body)
			}
		}
	}
}

// Consumers append maxwidth and maxheight to the address they discovered;
// the server answers the file's address with a description of that size,
// in the file's format and language.
func TestOEmbedFileSizes(t *testing.T) {
	s := testServer(t, "")
	for _, tc := range []struct {
		path, query   string
		width, height int
		src           string
	}{
		{"/oembed/cities/palermo.json", "maxwidth=400&maxheight=300", 400, 300, testBaseURL + "/embed/cities/palermo/"},
		{"/oembed/network.json", "maxwidth=4000&maxheight=4000", 720, 560, testBaseURL + "/embed/"},
		{"/it/oembed/cities/palermo.json", "maxheight=250&list=0", 720, 250, testBaseURL + "/it/embed/cities/palermo/?list=0"},
		{"/bg/oembed/cities/sofia.xml", "maxwidth=320", 320, 560, testBaseURL + "/bg/embed/cities/sofia/"},
	} {
		r := get(t, s, tc.path+"?"+tc.query)
		var o oembedResponse
		var err error
		if strings.HasSuffix(tc.path, ".xml") {
			err = xml.Unmarshal(r.body, &o)
		} else {
			err = json.Unmarshal(r.body, &o)
		}
		if r.StatusCode != 200 || err != nil || o.Width != tc.width || o.Height != tc.height || r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s?%s: status %d, %v, %dx%d, want %dx%d", tc.path, tc.query, r.StatusCode, err, o.Width, o.Height, tc.width, tc.height)
			continue
		}
		checkSnippet(t, o.HTML, tc.src, tc.width, tc.height, false)
	}
}

// Whatever the query, the endpoint answers without panicking, and what it
// answers stays within the limits asked for.
func FuzzOEmbedQuery(f *testing.F) {
	for _, seed := range []string{
		"url=https%3A%2F%2Fmap.example.org%2Fcities%2Fpalermo",
		"url=https%3A%2F%2Fmap.example.org%2F&format=xml&maxwidth=300&maxheight=250",
		"url=https%3A%2F%2Fmap.example.org%2Fembed%2Fcities%2Fsofia%3Flist%3D0&height=auto",
		"url=http://evil.example/&format=json",
		"format=yaml&url=%ZZ",
		"url=https://mAp.eXAmple.org/es",
	} {
		f.Add(seed)
	}
	s := testServer(f, "")
	// The embed of a page, in the page's language.
	embed := regexp.MustCompile(`^<iframe src="` + regexp.QuoteMeta(testBaseURL) + `(/[a-z]{2})?/embed[/?"]`)
	f.Fuzz(func(t *testing.T, query string) {
		q, err := parseOEmbedQuery(query)
		if err != nil {
			return
		}
		o, err := s.site.Load().oembed(q)
		if err != nil {
			return
		}
		if (q.maxWidth > 0 && o.Width > q.maxWidth) || (q.maxHeight > 0 && o.Height > q.maxHeight) || o.Height > maxEmbedHeight {
			t.Errorf("%q: %dx%d exceeds the limits", query, o.Width, o.Height)
		}
		if !embed.MatchString(o.HTML) {
			t.Errorf("%q: html %q", query, o.HTML)
		}
	})
}

func TestOEmbedMethods(t *testing.T) {
	r := do(t, testServer(t, ""), httptest.NewRequest(http.MethodPost, "/oembed?url="+url.QueryEscape(testBaseURL+"/"), nil))
	if r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /oembed: status %d", r.StatusCode)
	}
}

func TestOEmbedAddressForms(t *testing.T) {
	s := testServer(t, "")
	for _, u := range []string{
		"https://MAP.example.org/cities/palermo/",
		"https://map.example.org:443/cities/palermo/",
		"https://map.example.org/cities/palermo/",
		"https://map.example.org/cities/./palermo",
		"https://map.example.org/cities/palermo/?utm_source=newsletter#top",
	} {
		if r := oembedGet(t, s, url.Values{"url": {u}}); r.StatusCode != 200 {
			t.Errorf("%s: status %d", u, r.StatusCode)
		}
	}
	for _, u := range []string{"https://map.example.org:8443/cities/palermo/", "https://map.example.org.evil.example/cities/palermo/", "https://user@evil.example/cities/palermo/"} {
		if r := oembedGet(t, s, url.Values{"url": {u}}); r.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", u, r.StatusCode)
		}
	}
}

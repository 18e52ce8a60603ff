package web

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/paulmach/orb"

	"partnermap/data"
	"partnermap/geo"
)

// Every page tells link previews what it is, with absolute addresses made
// from the base URL, never from the request.
func TestOpenGraph(t *testing.T) {
	t.Parallel()
	s := testServer(t, "")
	// A page with no address of its own, the 404 page, names none; an
	// embed names its full page, and describes its city.
	cases := []struct{ path, url, site, title, imageFor, describes, locale string }{
		{"/", testBaseURL + "/", "CoNet partner map", "CoNet: partner map", "conet", "CoNet (Cohesion Network)", "en_US"},
		{"/cities/palermo/", testBaseURL + "/cities/palermo/", "CoNet partner map", "Palermo – CoNet partner map", "palermo", "Palermo, Italy", "en_US"},
		{"/cities/malmo/", testBaseURL + "/cities/malmo/", "CoNet partner map", "Malmö – CoNet partner map", "malmo", "Malmö, Sweden", "en_US"},
		{"/it/cities/palermo/", testBaseURL + "/it/cities/palermo/", "Mappa dei partner CoNet", "Palermo – mappa dei partner CoNet", "palermo", "Palermo, Italia", "it_IT"},
		{"/embed/cities/sofia/?list=0", testBaseURL + "/cities/sofia/", "CoNet partner map", "Sofia – CoNet partner map", "sofia", "Sofia, Bulgaria", "en_US"},
		{"/embed-builder/", testBaseURL + "/embed-builder/", "CoNet partner map", "Embed the map – CoNet partner map", "conet", "CoNet", "en_US"},
		{"/nowhere", "", "CoNet partner map", "Page not found – CoNet partner map", "conet", "CoNet", "en_US"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			req.Host = "attacker.example"
			doc := document(t, do(t, s, req))
			meta := func(attr, name string) string {
				return doc.Find(`meta[`+attr+`="`+name+`"]`).AttrOr("content", "")
			}
			for name, want := range map[string]string{
				"og:type": "website", "og:site_name": tc.site, "og:title": tc.title, "og:url": tc.url,
				"og:image:width": "1200", "og:image:height": "630", "og:locale": tc.locale,
			} {
				if got := meta("property", name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if tc.url == "" && doc.Find(`meta[property="og:url"]`).Length() != 0 {
				t.Errorf("og:url on a page without an address")
			}
			if d := meta("name", "description"); !strings.Contains(d, tc.describes) || meta("property", "og:description") != d {
				t.Errorf("description %q, og:description %q, want them to say %q", d, meta("property", "og:description"), tc.describes)
			}
			// The page's other languages, where it has them.
			var alternates []string
			doc.Find(`meta[property="og:locale:alternate"]`).Each(func(_ int, m *goquery.Selection) { alternates = append(alternates, m.AttrOr("content", "")) })
			if want := map[bool]int{true: 9}[doc.Find(".languages").Length() > 0]; len(alternates) != want || slices.Contains(alternates, tc.locale) {
				t.Errorf("og:locale:alternate %v, want %d others", alternates, want)
			}
			if meta("name", "twitter:card") != "summary_large_image" || meta("property", "og:description") == "" || meta("property", "og:image:alt") == "" {
				t.Errorf("twitter:card, og:description or og:image:alt missing")
			}
			image := meta("property", "og:image")
			if !strings.HasPrefix(image, testBaseURL+"/previews/preview-"+tc.imageFor+".") || !strings.HasSuffix(image, ".png") {
				t.Fatalf("og:image %q", image)
			}
			r := get(t, s, strings.TrimPrefix(image, testBaseURL))
			if r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/png" || r.Header.Get("Cache-Control") != cacheImmutable {
				t.Fatalf("%s: status %d, %v", image, r.StatusCode, r.Header)
			}
			img, err := png.Decode(bytes.NewReader(r.body))
			if err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 630 {
				t.Errorf("%s: %v, %v", image, err, img.Bounds())
			}
			if strings.Contains(doc.Text(), "attacker.example") || strings.Contains(string(doc.Find("head").Text()), "attacker") {
				t.Errorf("the Host header leaked into the page")
			}
		})
	}
}

func TestPreviewsDiffer(t *testing.T) {
	t.Parallel()
	s := testServer(t, "")
	seen := map[string]string{}
	for _, path := range []string{"/", "/cities/berlin/", "/cities/palermo/", "/cities/vaulx-en-velin/", "/cities/gijon/"} {
		image := document(t, get(t, s, path)).Find(`meta[property="og:image"]`).AttrOr("content", "")
		body := string(get(t, s, strings.TrimPrefix(image, testBaseURL)).body)
		if other, dup := seen[body]; dup {
			t.Errorf("%s has the same preview as %s", path, other)
		}
		seen[body] = path
	}
}

func TestLinkedData(t *testing.T) {
	s := testServer(t, "")
	read := func(path string) map[string]any {
		raw := document(t, get(t, s, path)).Find(`script[type="application/ld+json"]`).Text()
		var v map[string]any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatalf("%s: JSON-LD does not parse: %v\n%s", path, err, raw)
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("%s: @context %v", path, v["@context"])
		}
		return v
	}
	project := read("/")["@graph"].([]any)[0].(map[string]any)
	if project["@type"] != "Project" || project["name"] != "CoNet" || project["alternateName"] != "Cohesion Network" ||
		project["foundingDate"] != "2008-04-21" || project["dissolutionDate"] != "2011-05-20" {
		t.Errorf("project %v", project)
	}
	members := project["member"].([]any)
	if len(members) != 12 {
		t.Errorf("%d members, want 12", len(members))
	}
	var cesie map[string]any
	for _, m := range members {
		if m.(map[string]any)["name"] == "CESIE" {
			cesie = m.(map[string]any)
		}
	}
	if cesie == nil || cesie["@type"] != "Organization" || cesie["location"].(map[string]any)["@id"] != testBaseURL+"/cities/palermo/#place" {
		t.Errorf("CESIE: %v", cesie)
	}
	if places := project["location"].([]any); len(places) != 11 {
		t.Errorf("%d places, want 11", len(places))
	}

	graph := read("/cities/palermo/")["@graph"].([]any)
	place := graph[0].(map[string]any)
	geoc := place["geo"].(map[string]any)
	if place["@type"] != "Place" || place["name"] != "Palermo" || geoc["latitude"] != 38.1157 || geoc["longitude"] != 13.3613 ||
		place["address"].(map[string]any)["addressCountry"] != "IT" {
		t.Errorf("place %v", place)
	}
	if len(graph) != 3 || graph[2].(map[string]any)["name"] != "CESIE" || graph[2].(map[string]any)["memberOf"] == nil {
		t.Errorf("Palermo's partners: %v", graph[1:])
	}
	if events := place["event"].([]any); len(events) != 1 || events[0].(map[string]any)["startDate"] != "2010-11-25" {
		t.Errorf("events %v", place["event"])
	}
}

// /sitemap.xml indexes a sitemap per language, each listing the network
// page, every city and the builder in its language, all of which answer.
func TestSitemap(t *testing.T) {
	t.Parallel()
	s := testServer(t, "")
	xmlOf := func(path string, v any) {
		t.Helper()
		r := get(t, s, path)
		if err := xml.Unmarshal(r.body, v); err != nil || r.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
			t.Fatalf("%s: %v, %q", path, err, r.Header.Get("Content-Type"))
		}
	}
	type loc struct {
		Loc string `xml:"loc"`
	}
	var index struct {
		Sitemaps []loc `xml:"sitemap"`
	}
	xmlOf("/sitemap.xml", &index)
	if len(index.Sitemaps) != len(languages(t).Languages()) {
		t.Fatalf("the index lists %v", index.Sitemaps)
	}
	n, _ := data.Default()
	for i, lang := range languages(t).Languages() {
		if want := testBaseURL + "/sitemaps/" + lang.Tag + ".xml"; index.Sitemaps[i].Loc != want {
			t.Errorf("sitemap %d is %s, want %s", i, index.Sitemaps[i].Loc, want)
		}
		var set struct {
			URLs []loc `xml:"url"`
		}
		xmlOf(strings.TrimPrefix(index.Sitemaps[i].Loc, testBaseURL), &set)
		prefix := testBaseURL + "/" + lang.Tag
		want := []string{prefix + "/"}
		if lang.Tag == "en" {
			prefix, want = testBaseURL, []string{testBaseURL + "/"}
		}
		for _, c := range n.Cities {
			want = append(want, prefix+"/cities/"+c.Slug+"/")
		}
		want = append(want, prefix+"/embed-builder/")
		var locs []string
		for _, u := range set.URLs {
			locs = append(locs, u.Loc)
			if got := get(t, s, strings.TrimPrefix(u.Loc, testBaseURL)); got.StatusCode != 200 {
				t.Errorf("%s: status %d", u.Loc, got.StatusCode)
			}
		}
		if strings.Join(locs, " ") != strings.Join(want, " ") {
			t.Errorf("%s lists %v, want %v", lang.Tag, locs, want)
		}
	}
	robots := string(get(t, s, "/robots.txt").body)
	if !strings.Contains(robots, "Sitemap: "+testBaseURL+"/sitemap.xml\n") || !strings.Contains(robots, "User-agent: *") ||
		!strings.Contains(robots, "Disallow: /fragments/\n") || !strings.Contains(robots, "Disallow: /bg/fragments/\n") {
		t.Errorf("robots.txt:\n%s", robots)
	}
}

// The map the server draws is SVG with a title, and a dot per city where
// the projection puts it, each a link with the city's name.
func TestMapPicture(t *testing.T) {
	s := testServer(t, "")
	n, _ := data.Default()
	pic := geo.NewPicture(n, testBuilder(t).countries, pictureWidth, pictureHeight,
		orb.Bound{Min: orb.Point{pictureMargin, pictureMargin}, Max: orb.Point{pictureWidth - pictureMargin, pictureHeight - pictureMargin}})
	for _, path := range []string{"/", "/cities/zabrze/", "/embed/cities/zabrze/", "/nowhere"} {
		t.Run(path, func(t *testing.T) {
			doc := document(t, get(t, s, path))
			svg := doc.Find("svg.map-picture")
			if path == "/nowhere" {
				if svg.Length() != 0 {
					t.Errorf("the 404 page draws a map")
				}
				return
			}
			markup, err := goquery.OuterHtml(svg)
			if err != nil {
				t.Fatal(err)
			}
			if err := xml.Unmarshal([]byte(markup), new(struct{})); err != nil {
				t.Errorf("the SVG is not well-formed XML: %v", err)
			}
			if !strings.HasPrefix(svg.Find("title").Text(), "Map of the CoNet network") {
				t.Errorf("title %q", svg.Find("title").Text())
			}
			links := svg.Find("a")
			if links.Length() != 11 {
				t.Fatalf("%d city links", links.Length())
			}
			links.Each(func(i int, a *goquery.Selection) {
				c := n.Cities[i]
				at, _ := pic.City(c.Slug)
				x, y := dotCentre(t, a)
				if x != at.At[0] || y != at.At[1] {
					t.Errorf("%s drawn at %v,%v, projected to %v", c.Slug, x, y, at.At)
				}
				if label := a.AttrOr("aria-label", ""); !strings.HasPrefix(label, c.Name+", "+data.CountryName(c.Country)) {
					t.Errorf("%s: aria-label %q", c.Slug, label)
				}
			})
			highlighted := svg.Find(".map-picture__label").Text()
			if want := map[string]string{"/": "", "/cities/zabrze/": "Zabrze", "/embed/cities/zabrze/": "Zabrze"}[path]; highlighted != want {
				t.Errorf("label %q, want %q", highlighted, want)
			}
		})
	}
}

// dotCentre reads where a city's dot is drawn: a circle's centre, or the
// centre of the coordinator's diamond, which starts 12 px above it.
func dotCentre(t *testing.T, a *goquery.Selection) (float64, float64) {
	t.Helper()
	if r, _ := strconv.ParseFloat(a.Find("circle.map-dot__target").AttrOr("r", ""), 64); r < 12 {
		t.Errorf("target radius %v: smaller than 24 by 24 pixels", r)
	}
	if c := a.Find("circle.map-dot"); c.Length() == 1 {
		x, _ := strconv.ParseFloat(c.AttrOr("cx", ""), 64)
		y, _ := strconv.ParseFloat(c.AttrOr("cy", ""), 64)
		return x, y
	}
	var x, y float64
	d := a.Find("path.map-dot").AttrOr("d", "")
	if _, err := fmt.Sscanf(d, "M%g %g", &x, &y); err != nil {
		t.Fatalf("diamond %q: %v", d, err)
	}
	return x, y + 12
}

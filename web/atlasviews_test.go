package web

import (
	"bytes"
	"encoding/json"
	"html"
	"image/png"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// A network chosen on the atlas's map has one address, the home's with
// the network in its query, which the server renders as the map script
// shows it: the network's panel with its cities, each leading to its
// place, the network's legend, the network marked in the list.
func TestAtlasNetworkView(t *testing.T) {
	s := atlasServer(t)
	r := get(t, s, "/?network=harbours")
	if r.StatusCode != 200 {
		t.Fatalf("status %d", r.StatusCode)
	}
	doc := document(t, r)
	if got := doc.Find("title").Text(); got != "Harbour Cities – Test atlas" {
		t.Errorf("title %q", got)
	}
	if got := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); got != testBaseURL+"/?network=harbours" {
		t.Errorf("canonical %q", got)
	}
	if got := doc.Find(`.languages a[hreflang="it"]`).AttrOr("href", ""); got != "/it/?network=harbours" {
		t.Errorf("the Italian version %q", got)
	}
	panel := doc.Find(`#details [data-network="harbours"]`)
	if got := panel.Find("h1").Text(); !strings.Contains(got, "Harbour Cities") {
		t.Errorf("the panel's heading %q", got)
	}
	cities := panel.Find(".network-cities a[data-place]")
	if got := attrs(cities, "href"); !slices.Equal(got, []string{"/places/palermo/", "/places/marseille/", "/places/valencia/", "/places/berlin/"}) {
		t.Errorf("the network's cities lead to %v", got)
	}
	if cities.Filter("[data-lat][data-lon]").Length() != 4 || cities.Find(".marker-shape--coordinator").Length() != 1 || cities.Find(".marker-shape--partner").Length() != 3 {
		t.Errorf("the cities' links do not carry what the map draws: %d with a position", cities.Filter("[data-lat][data-lon]").Length())
	}
	if got := panel.Find(`.panel__more a`).AttrOr("href", ""); got != "/networks/harbours/" {
		t.Errorf("the network's own site is at %q", got)
	}
	if doc.Find(`.legend[data-legend="network"]:not([hidden]) .line-shape`).Length() != 1 || doc.Find(`.legend[data-legend="places"][hidden]`).Length() != 1 {
		t.Error("the legend is not the network's")
	}
	if got := attrs(doc.Find(`#networks a[aria-current]`), "data-network"); !slices.Equal(got, []string{"harbours"}) {
		t.Errorf("the list marks %v as shown", got)
	}
	var config struct{ Network string }
	json.Unmarshal([]byte(doc.Find("#atlas-config").Text()), &config)
	if config.Network != "harbours" {
		t.Errorf("the map is told to draw %q", config.Network)
	}

	// The panel alone is what the map script swaps in.
	fragment := document(t, get(t, s, "/fragments/networks/harbours.html"))
	if fragment.Find(".network-cities a[data-place]").Length() != 4 || fragment.Find("header, #networks").Length() != 0 {
		t.Error("the panel alone is not the panel")
	}
	// In another language, with other words in the query, and for a
	// network the atlas does not have.
	it := document(t, get(t, s, "/it/?utm_source=x&network=harbours"))
	if got := it.Find("title").Text(); got != "Harbour Cities – Atlante di prova" || it.Find(`#details [data-network="harbours"]`).Length() != 1 {
		t.Errorf("the Italian view: %q", got)
	}
	for _, path := range []string{"/?network=atlantis", "/?network=", "/?networks=harbours"} {
		if got := document(t, get(t, s, path)).Find("title").Text(); got != "Test atlas: map of the networks" {
			t.Errorf("%s is %q, want the home", path, got)
		}
	}
	if r := get(t, s, "/places/?network=harbours"); r.StatusCode != 200 || document(t, r).Find(`[data-network="harbours"] .network-cities`).Length() != 0 {
		t.Error("another page of the atlas chooses a network")
	}
	if r := get(t, s, "/fragments/networks/atlantis.html"); r.StatusCode != 404 {
		t.Errorf("an unknown network's panel: status %d", r.StatusCode)
	}
}

// A place's page tells the map where its place is, to zoom to it.
func TestPlaceFocus(t *testing.T) {
	s := atlasServer(t)
	for path, want := range map[string]*[2]float64{"/places/valencia/": {39.4699, -0.3763}, "/embed/places/valencia/": {39.4699, -0.3763}, "/": nil} {
		var config struct{ Focus *[2]float64 }
		json.Unmarshal([]byte(document(t, get(t, s, path)).Find("#atlas-config").Text()), &config)
		if (config.Focus == nil) != (want == nil) || (want != nil && *config.Focus != *want) {
			t.Errorf("%s: focus %v, want %v", path, config.Focus, want)
		}
	}
}

// Every page of a network's site in an atlas names the atlas in its
// header, a link to its home in the page's language, and a city's panel
// leads to its place; a site of one network has neither.
func TestNetworkLeadsBackToItsAtlas(t *testing.T) {
	s := atlasServer(t)
	for path, want := range map[string][2]string{
		"/networks/harbours/":                 {"/", "Test atlas"},
		"/networks/harbours/cities/valencia/": {"/", "Test atlas"},
		"/networks/harbours/embed-builder/":   {"/", "Test atlas"},
		"/it/networks/conet/cities/palermo/":  {"/it/", "Atlante di prova"},
	} {
		doc := document(t, get(t, s, path))
		a := doc.Find(".site-header .site-header__atlas a")
		if a.Length() != 1 || a.AttrOr("href", "") != want[0] || a.Text() != want[1] || !strings.Contains(a.AttrOr("aria-label", ""), want[1]) {
			t.Errorf("%s: the header's way back is %d links to %q named %q", path, a.Length(), a.AttrOr("href", ""), a.Text())
		}
	}
	for path, want := range map[string]string{
		"/networks/harbours/cities/valencia/":          "/places/valencia/",
		"/it/networks/conet/cities/palermo/":           "/it/places/palermo/",
		"/networks/conet/fragments/cities/berlin.html": "/places/berlin/",
	} {
		doc := document(t, get(t, s, path))
		if got := doc.Find("#panel-heading").Parent().Find(".panel__place a").AttrOr("href", ""); got != want {
			t.Errorf("%s: the city's place is at %q, want %q", path, got, want)
		}
	}
	if doc := document(t, get(t, s, "/networks/harbours/embed/cities/valencia/")); doc.Find(".panel__place").Length() != 0 {
		t.Error("an embed's panel leads to the place")
	}
	single := testServer(t, "")
	for _, path := range []string{"/", "/cities/palermo/"} {
		if doc := document(t, get(t, single, path)); doc.Find(".site-header__atlas, .panel__place").Length() != 0 {
			t.Errorf("%s of a single network leads to an atlas", path)
		}
	}
}

// The atlas's home and each place have a preview image of 1200 by 630
// pixels, with their sizes and words in the tags; a network chosen shows
// the network's own.
func TestAtlasPreviews(t *testing.T) {
	s := atlasServer(t)
	seen := map[string]string{}
	for path, alt := range map[string]string{
		"/":                   "Map of the places of Test atlas",
		"/places/palermo/":    "Map of the places of Test atlas with Palermo highlighted",
		"/it/places/palermo/": "Mappa dei luoghi di Atlante di prova con Palermo in evidenza",
		"/places/berlin/":     "Map of the places of Test atlas with Berlin highlighted",
		"/?network=harbours":  "Map of the Harbour Cities network",
		"/embed-builder/":     "Map of the places of Test atlas",
	} {
		doc := document(t, get(t, s, path))
		meta := func(name string) string {
			return doc.Find(`meta[property="`+name+`"]`).AttrOr("content", "")
		}
		if meta("og:image:width") != "1200" || meta("og:image:height") != "630" || meta("og:image:alt") != alt {
			t.Errorf("%s: %sx%s, alt %q, want 1200x630, %q", path, meta("og:image:width"), meta("og:image:height"), meta("og:image:alt"), alt)
		}
		image := meta("og:image")
		if !strings.HasPrefix(image, testBaseURL+"/") {
			t.Fatalf("%s: og:image %q", path, image)
		}
		seen[path] = image
	}
	if seen["/places/palermo/"] != seen["/it/places/palermo/"] || seen["/places/palermo/"] == seen["/"] || seen["/places/palermo/"] == seen["/places/berlin/"] {
		t.Errorf("the images: %v", seen)
	}
	if !strings.HasPrefix(seen["/?network=harbours"], testBaseURL+"/networks/harbours/previews/") {
		t.Errorf("the network's image %q", seen["/?network=harbours"])
	}
	for _, path := range []string{"/", "/places/palermo/", "/?network=harbours"} {
		r := get(t, s, strings.TrimPrefix(seen[path], testBaseURL))
		img, err := png.DecodeConfig(bytes.NewReader(r.body))
		if r.StatusCode != 200 || err != nil || img.Width != 1200 || img.Height != 630 || r.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
			t.Errorf("%s's image: status %d, %v, %dx%d", path, r.StatusCode, err, img.Width, img.Height)
		}
	}
}

// The atlas's embed builder offers the atlas and each place, whose
// embeds have no options, and answers in every language.
func TestAtlasEmbedBuilder(t *testing.T) {
	s := atlasServer(t)
	doc := document(t, get(t, s, "/embed-builder/"))
	options := doc.Find(`#builder-form select[name="city"] option`)
	if options.Length() != 1+15 || options.First().AttrOr("data-embed", "") != "/embed/" || options.First().AttrOr("data-oembed", "") != "/oembed/atlas.json" {
		t.Fatalf("%d things to embed, the first %q", options.Length(), options.First().AttrOr("data-embed", ""))
	}
	palermo := options.Filter(`[value="palermo"]`)
	if palermo.AttrOr("data-page", "") != "/places/palermo/" || palermo.AttrOr("data-embed", "") != "/embed/places/palermo/" {
		t.Errorf("Palermo: page %q, embed %q", palermo.AttrOr("data-page", ""), palermo.AttrOr("data-embed", ""))
	}
	if doc.Find(`#builder-form input[type="checkbox"]`).Length() != 0 {
		t.Error("the atlas's embeds have no options to tick")
	}
	if got := doc.Find("#builder-snippet").Text(); !strings.Contains(got, `src="`+testBaseURL+`/embed/"`) {
		t.Errorf("the snippet without script: %q", got)
	}
	// Every address the builder offers answers.
	options.Each(func(_ int, o *goquery.Selection) {
		for _, attr := range []string{"data-page", "data-embed", "data-oembed"} {
			if r := get(t, s, o.AttrOr(attr, "")); r.StatusCode != 200 {
				t.Errorf("%s %s: status %d", o.AttrOr("value", ""), attr, r.StatusCode)
			}
		}
	})
	for _, path := range []string{"/it/embed-builder/", "/embed-builder/?city=palermo"} {
		if r := get(t, s, path); r.StatusCode != 200 {
			t.Errorf("%s: status %d", path, r.StatusCode)
		}
	}
	if href := document(t, get(t, s, "/places/palermo/")).Find(".site-footer a").AttrOr("href", ""); href != "/embed-builder/" {
		t.Errorf("the footer leads to %q", href)
	}
}

// A frame of 300 by 200 pixels, or less, shows a city's or a place's map
// and its name, a link to its full page: oEmbed gives a network's city
// its embed without list and details, whose cities open their pages, and
// a place its embed as it is; both embeds name what they show and say
// where it is, for the map to open on it (in Chromium: embed.test.mjs
// and atlas.test.mjs).
func TestSmallEmbeds(t *testing.T) {
	s := atlasServer(t)
	small := func(page string) oembedResponse {
		t.Helper()
		var o oembedResponse
		r := oembedGet(t, s, url.Values{"url": {testBaseURL + page}, "maxwidth": {"300"}, "maxheight": {"200"}})
		if err := json.Unmarshal(r.body, &o); err != nil || o.Width != 300 || o.Height != 200 {
			t.Fatalf("oEmbed of %s: %d %s", page, r.StatusCode, r.body)
		}
		return o
	}
	for page, src := range map[string]string{
		"/networks/harbours/cities/valencia/": "/networks/harbours/embed/cities/valencia/?list=0&details=0",
		"/places/valencia/":                   "/embed/places/valencia/",
	} {
		o := small(page)
		if !strings.Contains(o.HTML, `src="`+testBaseURL+html.EscapeString(src)+`"`) || !strings.Contains(o.HTML, `width="300" height="200"`) {
			t.Errorf("oEmbed of %s: %s", page, o.HTML)
		}
		doc := document(t, get(t, s, src))
		subject := doc.Find(".embed--subject .embed__subject a")
		if subject.Text() != "Valencia" || subject.AttrOr("href", "") != page || subject.AttrOr("target", "") != "_blank" || !strings.Contains(subject.AttrOr("aria-label", ""), "Valencia") {
			t.Errorf("%s names %q, a link to %q", src, subject.Text(), subject.AttrOr("href", ""))
		}
		var config struct {
			Focus *[2]float64
			Embed struct{ Focus *[2]float64 }
		}
		script := doc.Find("#map-config, #atlas-config").Text()
		json.Unmarshal([]byte(script), &config)
		focus := config.Focus
		if focus == nil {
			focus = config.Embed.Focus
		}
		if focus == nil || *focus != [2]float64{39.4699, -0.3763} {
			t.Errorf("%s opens on %v", src, focus)
		}
	}
	// The network's own embed names no city.
	if doc := document(t, get(t, s, "/networks/harbours/embed/")); doc.Find(".embed__subject").Length() != 0 || doc.Find(".embed--subject").Length() != 0 {
		t.Error("the network's embed names a subject")
	}
}

package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/data/messages"
)

// languages are the interface's messages in every language, as sites are
// built with them.
func languages(t testing.TB) messages.Set {
	t.Helper()
	set, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// in is the interface's messages in a language.
func in(t testing.TB, tag string) messages.Messages {
	t.Helper()
	m, ok := languages(t).In(tag)
	if !ok {
		t.Fatalf("no messages in %q", tag)
	}
	return m
}

// localPath is a path of the default language in another.
func localPath(lang, path string) string {
	if lang == components.DefaultLanguage {
		return path
	}
	return "/" + lang + path
}

// Every page comes in every language: its own lang, its interface text
// from the language's messages, hreflang links to all its versions and
// x-default, a canonical address of its own, and a switcher that names
// each language in itself and marks its own.
func TestLanguageVersions(t *testing.T) {
	t.Parallel()
	s := testServer(t, "")
	for _, lang := range languages(t).Languages() {
		catalog := in(t, lang.Tag)
		for _, page := range []struct{ path, text string }{
			{"/cities/palermo/", catalog.N("city.partners", 2)},
			{"/", catalog.T("network.objectives")},
			{"/embed-builder/", catalog.T("builder.heading")},
		} {
			own := localPath(lang.Tag, page.path)
			r := get(t, s, own)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", own, r.StatusCode)
			}
			doc := document(t, r)
			if got, _ := doc.Find("html").Attr("lang"); got != lang.Tag {
				t.Errorf("%s: html lang %q", own, got)
			}
			if !strings.Contains(doc.Find("main").Text(), page.text) {
				t.Errorf("%s: no %q", own, page.text)
			}
			if canonical, _ := doc.Find(`link[rel=canonical]`).Attr("href"); canonical != testBaseURL+own {
				t.Errorf("%s: canonical %q", own, canonical)
			}
			alternates := map[string]string{}
			doc.Find(`link[rel=alternate][hreflang]`).Each(func(_ int, l *goquery.Selection) {
				tag, _ := l.Attr("hreflang")
				href, _ := l.Attr("href")
				if _, twice := alternates[tag]; twice {
					t.Errorf("%s: hreflang %s twice", own, tag)
				}
				alternates[tag] = href
			})
			if len(alternates) != len(languages(t).Languages())+1 || alternates["x-default"] != testBaseURL+page.path {
				t.Errorf("%s: alternates %v", own, alternates)
			}
			links := doc.Find(".languages a")
			if links.Length() != len(languages(t).Languages()) {
				t.Errorf("%s: %d languages in the switcher", own, links.Length())
			}
			for _, other := range languages(t).Languages() {
				want := localPath(other.Tag, page.path)
				if alternates[other.Tag] != testBaseURL+want {
					t.Errorf("%s: hreflang %s is %q, want %s", own, other.Tag, alternates[other.Tag], testBaseURL+want)
				}
				link := links.Filter(`[hreflang="` + other.Tag + `"]`)
				href, _ := link.Attr("href")
				current, _ := link.Attr("aria-current")
				if href != want || link.Text() != other.Name || (current == "true") != (other.Tag == lang.Tag) {
					t.Errorf("%s: switcher link %q to %q, aria-current %q", own, link.Text(), href, current)
				}
			}
		}
	}
}

// A text the data file does not translate shows in the network's language,
// marked as such; a translated one shows unmarked.
func TestUntranslatedTextsAreMarked(t *testing.T) {
	s := testServer(t, "")
	palermo := document(t, get(t, s, "/it/cities/palermo/"))
	prose := palermo.Find(".prose")
	if _, marked := prose.Attr("lang"); marked || !strings.Contains(prose.Text(), "quartiere di Ballarò") {
		t.Errorf("Palermo's Italian description: %q, lang marked %v", prose.Text(), marked)
	}
	if lang, _ := palermo.Find(".facts dd").Last().Attr("lang"); lang != "en" {
		t.Errorf("Palermo's untranslated focus area has lang %q", lang)
	}
	if lang, _ := palermo.Find(".meetings__topic").Attr("lang"); lang != "en" {
		t.Errorf("an English meeting topic has lang %q", lang)
	}
	berlin := document(t, get(t, s, "/it/cities/berlin/"))
	if lang, _ := berlin.Find(".prose").Attr("lang"); lang != "en" || !strings.Contains(berlin.Find(".prose").Text(), "Quartiersmanagement") {
		t.Errorf("Berlin's untranslated description has lang %q", lang)
	}
	if heading := strings.TrimSpace(berlin.Find("h1").Text()); !strings.HasPrefix(heading, "Berlino") {
		t.Errorf("Berlin's heading on the Italian page: %q", heading)
	}
	english := document(t, get(t, s, "/cities/palermo/"))
	if n := english.Find("main [lang]").Length(); n != 0 {
		t.Errorf("the English page marks %d elements with a language", n)
	}
	// Endonyms: a city's local name beside the name in the page's language.
	sofia := document(t, get(t, s, "/de/cities/sofia/")).Find("h1")
	if sofia.Find(".panel__subtitle").Text() != "София" {
		t.Errorf("Sofia's heading in German: %q", sofia.Text())
	}
	if bg := document(t, get(t, s, "/bg/cities/sofia/")).Find("h1"); strings.TrimSpace(bg.Text()) != "София" {
		t.Errorf("Sofia's heading in Bulgarian: %q, the local name only once", bg.Text())
	}
}

// The server never redirects by Accept-Language: a shared link shows
// everyone the same page.
func TestAcceptLanguageNeverRedirects(t *testing.T) {
	s := testServer(t, "")
	for _, path := range []string{"/", "/cities/palermo/", "/it/cities/palermo/"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Language", "it-IT,it;q=0.9,de;q=0.5")
		r := do(t, s, req)
		want := "en"
		if strings.HasPrefix(path, "/it/") {
			want = "it"
		}
		lang, _ := document(t, r).Find("html").Attr("lang")
		if r.StatusCode != http.StatusOK || r.Header.Get("Location") != "" || lang != want || strings.Contains(r.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("%s: status %d, Location %q, lang %q, Vary %q", path, r.StatusCode, r.Header.Get("Location"), lang, r.Header.Get("Vary"))
		}
	}
}

// The offer of each language is a file in that language, which map pages
// name for the map script; pages never depend on Accept-Language.
func TestLanguageSuggestion(t *testing.T) {
	s := testServer(t, "")
	var config components.MapConfig
	doc := document(t, get(t, s, "/de/cities/palermo/"))
	if err := json.Unmarshal([]byte(doc.Find("#map-config").Text()), &config); err != nil {
		t.Fatal(err)
	}
	for _, l := range languages(t).Languages() {
		path := components.Paths{}.In(l.Tag).Suggestion()
		if config.Suggestions[l.Tag] != path {
			t.Errorf("%s: the map config names %q, want %q", l.Tag, config.Suggestions[l.Tag], path)
		}
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Language", "ja")
		r := do(t, s, req)
		catalog := in(t, l.Tag)
		offer := document(t, r).Find("p.suggestion")
		lang, _ := offer.Attr("lang")
		if r.StatusCode != http.StatusOK || lang != l.Tag || strings.Contains(r.Header.Get("Vary"), "Accept-Language") || offer.Find("a").Text() != catalog.T("suggestion.link") {
			t.Errorf("%s: status %d, lang %q, Vary %q, %q", path, r.StatusCode, lang, r.Header.Get("Vary"), offer.Text())
		}
	}
}

// Addresses in a language are the default's under /{lang}, and only those.
func TestLanguageAddresses(t *testing.T) {
	s := testServer(t, "")
	for path, status := range map[string]int{
		"/it/":                              http.StatusOK,
		"/it/cities/palermo/":               http.StatusOK,
		"/it/fragments/cities/palermo.html": http.StatusOK,
		"/bg/embed/cities/sofia/?lines=0":   http.StatusOK,
		"/it/oembed/cities/palermo.json":    http.StatusOK,
		"/it":                               http.StatusMovedPermanently,
		"/en/cities/palermo/":               http.StatusNotFound,
		"/fragments/it/network.html":        http.StatusNotFound,
		"/it/api/network.geojson":           http.StatusNotFound,
		"/IT/cities/palermo/":               http.StatusNotFound,
		"/ja/cities/palermo/":               http.StatusNotFound,
		"/it/cities/atlantis/":              http.StatusNotFound,
	} {
		if r := get(t, s, path); r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, r.StatusCode, status)
		}
	}
	if r := get(t, s, "/it"); r.Header.Get("Location") != "/it/" {
		t.Errorf("/it/ goes to %q", r.Header.Get("Location"))
	}
	// A page that is not there says so in the language of its address.
	r := get(t, s, "/pl/cities/atlantis/")
	catalog := in(t, "pl")
	doc := document(t, r)
	if lang, _ := doc.Find("html").Attr("lang"); lang != "pl" || doc.Find("h1").Text() != catalog.T("notFound.heading") {
		t.Errorf("404 in Polish: lang %q, %q", lang, doc.Find("h1").Text())
	}
}

// Embeds and oEmbed follow the language of the address they are given, and
// the builder offers every language with its page's chosen.
func TestEmbedsFollowTheLanguage(t *testing.T) {
	s := testServer(t, "")
	r := oembedGet(t, s, url.Values{"url": {testBaseURL + "/bg/cities/sofia/"}})
	var o struct{ Title, HTML, Provider_name string }
	if err := json.Unmarshal(r.body, &o); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("oEmbed: %d, %v", r.StatusCode, err)
	}
	bg := in(t, "bg")
	if o.Title != bg.T("title.city", "City", "София", "Network", "CoNet") || !strings.Contains(o.HTML, `src="`+testBaseURL+`/bg/embed/cities/sofia/"`) ||
		!strings.Contains(o.HTML, `title="`+o.Title+`"`) {
		t.Errorf("oEmbed for the Bulgarian page: %+v", o)
	}
	embed := document(t, get(t, s, "/bg/embed/cities/sofia/"))
	if lang, _ := embed.Find("html").Attr("lang"); lang != "bg" || embed.Find(".legend li").First().Text() != " "+bg.T("legend.coordinator") {
		t.Errorf("the Bulgarian embed: lang %q, legend %q", lang, embed.Find(".legend li").First().Text())
	}
	if embed.Find(".languages").Length() != 0 {
		t.Error("an embed has a language switcher: the host page chooses its language")
	}
	file := get(t, s, "/bg/oembed/cities/sofia.json")
	if file.StatusCode != http.StatusOK || string(file.body) != string(r.body) {
		t.Errorf("the Bulgarian oEmbed file differs from the endpoint's answer: %s", file.body)
	}
	builder := document(t, get(t, s, "/it/embed-builder/"))
	options := builder.Find("#builder-language option")
	selected, _ := builder.Find("#builder-language option[selected]").Attr("value")
	src, _ := builder.Find("#builder-preview").Attr("src")
	if options.Length() != len(languages(t).Languages()) || selected != "/it" || src != "/it/embed/" {
		t.Errorf("the Italian builder: %d languages, %q chosen, preview %q", options.Length(), selected, src)
	}
}

// Other languages are rendered when asked for, and the cache forgets them
// like any other response.
func TestTranslationsAreForgotten(t *testing.T) {
	site := build(t, string(datatest.Generate(12, 12)))
	site.cache = &cache{limit: 1}
	first := lookup(t, site, "/it/cities/city-1/", "")
	key := translation{site.pages["/cities/city-1/"], "it"}
	if kept, ok := site.translations.Load(key); !ok || kept.(*lazyResource).done.Load() != first {
		t.Fatal("a rendered translation is not kept")
	}
	lookup(t, site, "/de/cities/city-2/", "")
	if _, ok := site.translations.Load(key); ok {
		t.Error("a translation dropped from the cache stays in the site")
	}
	again := lookup(t, site, "/it/cities/city-1/", "")
	if again == first || string(again.Body()) != string(first.Body()) || !strings.Contains(string(again.Body()), `<html lang="it"`) {
		t.Error("a dropped translation is not rendered again to the same bytes")
	}
}

// Many visitors in many languages at once, with a cache that keeps little:
// every answer is in the language asked for, while translations are
// rendered, kept and dropped around it.
func TestTranslationsUnderLoad(t *testing.T) {
	t.Parallel()
	site := build(t, string(datatest.Generate(12, 12)))
	site.cache = &cache{limit: 256 << 10}
	languages := languages(t).Languages()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 30 {
				lang := languages[(w+i)%len(languages)].Tag
				path := localPath(lang, fmt.Sprintf("/cities/city-%d/", (w*7+i)%12))
				r, err := site.Lookup(path, "")
				if err != nil || !strings.Contains(string(r.Body()), `<html lang="`+lang+`"`) {
					t.Errorf("%s: not in %s", path, lang)
					return
				}
			}
		})
	}
	wg.Wait()
	if site.cache.used > site.cache.limit+1<<20 {
		t.Errorf("the cache holds %d bytes, its limit is %d", site.cache.used, site.cache.limit)
	}
}

// Every count on the pages is asked for with its number, in every
// language: the network's description counts its cities, a city's
// description and its partners' heading count its partners, the meetings'
// heading its meetings, and a large network's link to the whole list its
// cities. How each language writes each number is the message files' own
// test (data/messages/testdata/plurals.txt).
func TestCountsOnPages(t *testing.T) {
	t.Parallel()
	set := languages(t)
	description := func(doc *goquery.Document) string {
		return doc.Find(`meta[name=description]`).AttrOr("content", "")
	}
	for _, count := range []int{1, 2, 5, 21, 22, 25} {
		cities := testServer(t, string(datatest.Generate(count, count)))
		partners := testServer(t, string(datatest.Generate(1, count)))
		name := fmt.Sprintf("Scale %d", count)
		for _, lang := range set.Languages() {
			m, _ := set.In(lang.Tag)
			home := document(t, get(t, cities, localPath(lang.Tag, "/")))
			full := fmt.Sprintf("A network of %d cities and %d partners", count, count)
			if got, want := description(home), m.N("description.network", count, "Network", name, "FullName", full); got != want {
				t.Errorf("%s, %d cities: description %q, want %q", lang.Tag, count, got, want)
			}
			city := document(t, get(t, partners, localPath(lang.Tag, "/cities/city-0/")))
			country := city.Find(".facts dd").First().Text()
			if got, want := description(city), m.N("description.city", count, "City", "City 0", "Country", country, "Network", "Scale 1"); got != want {
				t.Errorf("%s, %d partners: description %q, want %q", lang.Tag, count, got, want)
			}
			if got, want := city.Find("#details h2").First().Text(), m.N("city.partners", count); got != want {
				t.Errorf("%s, %d partners: heading %q, want %q", lang.Tag, count, got, want)
			}
		}
	}
	conet := testServer(t, "")
	n, err := data.Parse("conet.toml", data.DefaultSource())
	if err != nil {
		t.Fatal(err)
	}
	hosts := 0
	for _, c := range n.Cities {
		if len(c.Meetings) > 0 {
			hosts++
		}
		for _, lang := range []string{"pl", "ro", "bg"} {
			m, _ := set.In(lang)
			doc := document(t, get(t, conet, localPath(lang, "/cities/"+c.Slug+"/")))
			var headings []string
			doc.Find("#details h2").Each(func(_ int, h *goquery.Selection) { headings = append(headings, h.Text()) })
			if want := m.N("city.meetings", len(c.Meetings)); len(c.Meetings) > 0 && !slices.Contains(headings, want) {
				t.Errorf("%s, %s: headings %q, want %q", lang, c.Slug, headings, want)
			}
		}
	}
	if hosts == 0 {
		t.Error("no city of CoNet hosted a meeting: the headings went untested")
	}
	large := testServer(t, string(datatest.Generate(compactFrom, compactFrom)))
	for _, lang := range set.Languages() {
		m, _ := set.In(lang.Tag)
		doc := document(t, get(t, large, localPath(lang.Tag, "/cities/city-3/")))
		if got, want := doc.Find(".cities__all a").Text(), m.N("cities.all", compactFrom); got != want {
			t.Errorf("%s: the link to the list says %q, want %q", lang.Tag, got, want)
		}
	}
}

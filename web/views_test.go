package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/data/datatest"
)

// The views of a network's pages pick each text in the page's language,
// or as written, marked with the language it is in.

// fragment reads a fragment the site serves: a panel, the list.
func fragment(t *testing.T, s *Server, path string) (*goquery.Document, string) {
	t.Helper()
	r := get(t, s, path)
	if r.StatusCode != 200 {
		t.Fatalf("%s: status %d", path, r.StatusCode)
	}
	return document(t, r), string(r.body)
}

// langOf is the language an element's text is marked in, from the nearest
// lang attribute inside the rendered fragment; "" when there is none, so
// that the text is in the page's language.
func langOf(s *goquery.Selection) string {
	for ; s.Length() > 0; s = s.Parent() {
		if lang, ok := s.Attr("lang"); ok {
			return lang
		}
	}
	return ""
}

// containing finds the innermost element of doc whose own text holds text.
func containing(t *testing.T, doc *goquery.Document, text string) *goquery.Selection {
	t.Helper()
	found := doc.Find("*").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), text) && s.Children().FilterFunction(func(_ int, c *goquery.Selection) bool {
			return strings.Contains(c.Text(), text)
		}).Length() == 0
	})
	if found.Length() == 0 {
		t.Fatalf("%q is not on the page", text)
	}
	return found.First()
}

// A city's panel on an Italian page shows what was translated as part of
// the page, and marks what falls back to English as English.
func TestCityPanelTranslations(t *testing.T) {
	s := testServer(t, datatest.Translated())
	it := in(t, "it")
	doc, _ := fragment(t, s, "/it/fragments/cities/palermo.html")
	for _, tc := range []struct{ name, text, lang string }{
		{"translated description", "Vedi il piano.", ""},
		{"untranslated focus area", "Old town", "en"},
		{"untranslated name", "Palermo", "en"},
		{"country in Italian", "Italia", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := langOf(containing(t, doc, tc.text)); got != tc.lang {
				t.Errorf("%q is marked lang=%q, want %q", tc.text, got, tc.lang)
			}
		})
	}
	if strings.Contains(doc.Text(), "See the plan.") {
		t.Error("the English description shows beside the Italian one")
	}
	if got := doc.Find("dd[lang]").Length(); got != 1 {
		t.Errorf("%d facts marked with a language, want only the focus area", got)
	}

	doc, _ = fragment(t, s, "/it/fragments/cities/berlin.html")
	heading := doc.Find("h1")
	if got := heading.Text(); !strings.Contains(got, "Berlino") {
		t.Errorf("heading = %q, want the Italian name", got)
	}
	if _, marked := heading.Attr("lang"); marked {
		t.Error("a translated name is marked with a language")
	}
	if !strings.Contains(containing(t, doc, "Germania").Text(), "Germania") {
		t.Error("no Italian country name")
	}
	if !strings.Contains(doc.Find(".panel__unknown, .panel__embed").Text(), "Berlino") {
		t.Error("messages name the city by its English name")
	}
	if got := doc.Find(".partner__role").Text(); got != it.T("kind.city")+" · "+it.T("role.coordinator") {
		t.Errorf("the partner's kind and role read %q", got)
	}

	// The page in the network's own language marks nothing.
	for slug, country := range map[string]string{"palermo": "Italy", "berlin": "Germany"} {
		_, html := fragment(t, s, "/fragments/cities/"+slug+".html")
		if strings.Contains(html, "lang=") {
			t.Errorf("the English panel of %s has a lang attribute: %s", slug, html)
		}
		if !strings.Contains(html, country) {
			t.Errorf("the English panel of %s lacks the English country name", slug)
		}
	}
}

// The network's panel does the same for the network's texts and results.
func TestNetworkPanelTranslations(t *testing.T) {
	s := testServer(t, datatest.Translated())
	doc, _ := fragment(t, s, "/it/fragments/network.html")
	for _, tc := range []struct{ name, text, lang string }{
		{"translated full name", "Rete di città", ""},
		{"untranslated summary", "What the network did.", "en"},
		{"untranslated objectives", "Learn from each other", "en"},
		{"translated result title", "Piano", ""},
		{"untranslated result description", "The plan itself.", "en"},
		{"result's city in the message", "A Palermo", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := langOf(containing(t, doc, tc.text)); got != tc.lang {
				t.Errorf("%q is marked lang=%q, want %q", tc.text, got, tc.lang)
			}
		})
	}
	if got := doc.Find(".prose[lang='en']").Length(); got != 2 {
		t.Errorf("%d prose blocks marked English, want the summary and the result's description", got)
	}

	_, html := fragment(t, s, "/fragments/network.html")
	if strings.Contains(html, "lang=") {
		t.Errorf("the English panel has a lang attribute: %s", html)
	}
	if !strings.Contains(html, "Network of cities") || !strings.Contains(html, ">Plan<") {
		t.Error("the English panel does not show the texts as written")
	}
}

// The list of cities and the drawn map name cities and countries in the
// page's language too.
func TestCityListTranslations(t *testing.T) {
	s := testServer(t, datatest.Translated())
	it := in(t, "it")
	page, _ := fragment(t, s, "/it/")
	doc := page.Find("#cities")
	berlin := doc.Find("a[data-slug='berlin']")
	if got := berlin.Find(".cities__name").Text(); got != "Berlino" {
		t.Errorf("Berlin is listed as %q, want Berlino", got)
	}
	if got := berlin.Find(".cities__country").Text(); got != "Germania" {
		t.Errorf("Berlin's country is %q, want Germania", got)
	}
	if _, marked := berlin.Find(".cities__name").Attr("lang"); marked {
		t.Error("a translated name in the list is marked with a language")
	}
	if got := doc.Find("a[data-slug='palermo'] .cities__name").AttrOr("lang", ""); got != "en" {
		t.Errorf("Palermo's untranslated name is marked lang=%q, want en", got)
	}
	if doc.Find("[lang]").Length() != 1 {
		t.Error("more than Palermo's name is marked with a language")
	}
	if got, want := page.Find(".map-picture a[data-slug='berlin']").AttrOr("aria-label", ""), "Berlino, Germania, "+it.T("cities.coordinator"); got != want {
		t.Errorf("the Italian map names Berlin %q, want %q", got, want)
	}
	en, _ := fragment(t, s, "/")
	if got := en.Find(".map-picture a[data-slug='palermo']").AttrOr("aria-label", ""); got != "Palermo, Italy" {
		t.Errorf("the English map names Palermo %q", got)
	}
	if en.Find("#cities [lang]").Length() != 0 {
		t.Error("the English list marks a language")
	}
}

// listNetwork is a network of n cities; the first is the coordinator's
// and has a local name of its own.
func listNetwork(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("[network]\nslug = \"test\"\nname = \"Test\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[cities]]\nslug = \"city-%d\"\nname = \"Gijón %d\"\nlocal_name = \"Xixón %d\"\ncountry = \"ES\"\nlat = %.8f\nlon = %.8f\n", i, i, i, 38.11573449+float64(i)/100, -2.99191151+float64(i)/100)
	}
	for i := range n {
		role := "partner"
		if i == 0 {
			role = "coordinator"
		}
		fmt.Fprintf(&b, "\n[[partners]]\nslug = \"partner-%d\"\nname = \"Partner %d\"\nkind = \"city\"\nrole = %q\ncity = \"city-%d\"\n", i, i, role, i)
	}
	return b.String()
}

// The map script makes its markers from the list: every link carries the
// city's position, rounded to 6 decimals as in the GeoJSON.
func TestCityLinksCarryPlaces(t *testing.T) {
	s := testServer(t, listNetwork(t, 3))
	page, _ := fragment(t, s, "/")
	doc := page.Find("#cities")
	links := doc.Find("a[data-slug]")
	if links.Length() != 3 {
		t.Fatalf("%d links with data-slug, want 3", links.Length())
	}
	first := links.First()
	for attr, want := range map[string]string{"data-slug": "city-0", "data-lat": "38.115734", "data-lon": "-2.991912"} {
		if got := first.AttrOr(attr, ""); got != want {
			t.Errorf("%s = %q, want %q", attr, got, want)
		}
	}
	if got := links.Eq(2).AttrOr("data-lat", ""); got != "38.135734" {
		t.Errorf("third city's data-lat = %q, want 38.135734", got)
	}
	if first.Find(".marker-shape--coordinator").Length() != 1 || links.Eq(1).Find(".marker-shape--coordinator").Length() != 0 {
		t.Error("only the coordinator's city is marked as such")
	}
	if doc.Find("[data-city], [data-local-name]").Length() != 0 {
		t.Error("links that carry data-slug need no data-city, and a list without the filter no local names")
	}

	// An embed without details links to full pages, without data-slug:
	// the slug comes in data-city instead.
	embed, _ := fragment(t, s, "/embed/?details=0")
	cities := embed.Find("#cities a[data-city]")
	if cities.Length() != 3 || embed.Find("#cities a[data-slug]").Length() != 0 {
		t.Fatalf("embed without details: %d links with data-city, %d with data-slug; want 3 and 0", cities.Length(), embed.Find("#cities a[data-slug]").Length())
	}
	if got := cities.First().AttrOr("data-city", ""); got != "city-0" {
		t.Errorf("data-city = %q, want city-0", got)
	}
	if got := cities.First().AttrOr("href", ""); got != "/cities/city-0/" {
		t.Errorf("an embed without details links to %q, want the full page", got)
	}
	if cities.First().AttrOr("data-lat", "") == "" {
		t.Error("the embed's links carry no position")
	}
}

// The search field is for long lists only, and waits for the script.
func TestFilterAboveThreshold(t *testing.T) {
	short, _ := fragment(t, testServer(t, listNetwork(t, filterAbove)), "/")
	if short.Find("#cities-filter, .cities__filter").Length() != 0 {
		t.Errorf("a list of %d cities has a search field", filterAbove)
	}
	long, _ := fragment(t, testServer(t, listNetwork(t, filterAbove+1)), "/")
	box := long.Find("#cities .cities__filter")
	if box.Length() != 1 {
		t.Fatalf("a list of %d cities has %d search fields, want 1", filterAbove+1, box.Length())
	}
	if _, hidden := box.Attr("hidden"); !hidden {
		t.Error("the search field shows before the script that makes it work")
	}
	if got := box.Find("input#cities-filter").AttrOr("type", ""); got != "search" {
		t.Errorf("input type = %q, want search", got)
	}
	if got := box.Find("label[for='cities-filter']").Text(); got != in(t, "en").T("cities.filter") {
		t.Errorf("label = %q", got)
	}
	if got := box.Find("#cities-filter-status").AttrOr("role", ""); got != "status" {
		t.Errorf("status role = %q, want status", got)
	}
	if box.NextFiltered("ul.cities__list").Length() != 1 {
		t.Error("the search field is not right above the list")
	}
	if got := long.Find("#cities a[data-slug='city-0']").AttrOr("data-local-name", ""); got != "Xixón 0" {
		t.Errorf("data-local-name = %q, want the local name for the search field", got)
	}
}

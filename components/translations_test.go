package components

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/data/messages"
)

// translatedPages parses datatest.Translated, a network in English with
// some of its texts in Italian, and gives its Italian and English pages.
func translatedPages(t *testing.T) (it, en Page) {
	t.Helper()
	n, err := data.Parse("test.toml", []byte(datatest.Translated()))
	if err != nil {
		t.Fatal(err)
	}
	return Page{T: in(t, "it"), Network: n}, Page{T: in(t, "en"), Network: n}
}

// in is the interface text in a language, from the message files.
func in(t testing.TB, tag string) messages.Messages {
	t.Helper()
	set, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := set.In(tag)
	if !ok {
		t.Fatalf("no messages in %q", tag)
	}
	return m
}

func renderDoc(t *testing.T, c templ.Component) (*goquery.Document, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	return doc, html
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
	it, en := translatedPages(t)
	palermo, _ := it.Network.City("palermo")
	berlin, _ := it.Network.City("berlin")

	doc, _ := renderDoc(t, CityPanel(it, palermo))
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

	doc, _ = renderDoc(t, CityPanel(it, berlin))
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

	// The page in the network's own language marks nothing.
	for _, c := range []*data.City{palermo, berlin} {
		_, html := renderDoc(t, CityPanel(en, c))
		if strings.Contains(html, "lang=") {
			t.Errorf("the English panel of %s has a lang attribute: %s", c.Slug, html)
		}
		if !strings.Contains(html, data.CountryName(c.Country)) {
			t.Errorf("the English panel of %s lacks the English country name", c.Slug)
		}
	}
}

// The network's panel does the same for the network's texts and results.
func TestNetworkPanelTranslations(t *testing.T) {
	it, en := translatedPages(t)
	doc, _ := renderDoc(t, NetworkPanel(it))
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

	_, html := renderDoc(t, NetworkPanel(en))
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
	it, en := translatedPages(t)
	doc := renderList(t, it)
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

	c, _ := it.Network.City("berlin")
	if got, want := cityName(it.T, c, true), "Berlino, Germania, "+it.T.T("cities.coordinator"); got != want {
		t.Errorf("the Italian map names Berlin %q, want %q", got, want)
	}
	if got := cityName(en.T, c, false); got != "Berlin, Germany" {
		t.Errorf("the English map names Berlin %q", got)
	}
	if doc := renderList(t, en); doc.Find("[lang]").Length() != 0 {
		t.Error("the English list marks a language")
	}
}

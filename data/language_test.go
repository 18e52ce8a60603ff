package data_test

import (
	"slices"
	"strings"
	"testing"

	"partnermap/data"
)

// A file with texts in other languages, where each field falls back on its
// own, so some are left out on purpose.
func TestTranslationsFallBack(t *testing.T) {
	src := lines{
		8:  `objectives = ["Learn from each other"]`,
		16: `translations.fr.title = "Plan d'action"`,
		23: `description = "See the plan."`,
		24: `focus_area = "Ballarò"`,
		25: `links = [{ title = "Home", url = "https://example.org/palermo" }]`,
		26: ``,
		27: `translations.it = { description = "Vedi il piano.", focus_area = "Ballarò (it)" }`,
		53: `[network.translations.de]`,
		54: `summary = "Siehe [Palermo](/cities/palermo/)."`,
		55: `objectives = ["Voneinander lernen"]`,
		56: `[cities.translations.de]`,
		57: `name = "Berlin (de)"`,
	}
	n, err := data.Parse("test.toml", []byte(src.source()))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if n.Language != "en" {
		t.Errorf("Language = %q, want the default, en", n.Language)
	}
	palermo, _ := n.City("palermo")
	berlin, _ := n.City("berlin")
	cases := []struct {
		name       string
		got        any
		text, lang any
	}{
		{"translated description", palermo.DescriptionIn("it"), data.Markdown("Vedi il piano."), "it"},
		{"translated focus area", palermo.FocusAreaIn("it"), "Ballarò (it)", "it"},
		{"name left out of a translation", palermo.NameIn("it"), "Palermo", "en"},
		{"language without a translation", palermo.DescriptionIn("de"), data.Markdown("See the plan."), "en"},
		{"the network's own language", palermo.DescriptionIn("en"), data.Markdown("See the plan."), "en"},
		{"a language the interface does not have", palermo.DescriptionIn("ja"), data.Markdown("See the plan."), "en"},
		{"translated city name", berlin.NameIn("de"), "Berlin (de)", "de"},
		{"city without translations", berlin.DescriptionIn("it"), data.Markdown(""), "en"},
		{"translated summary", n.SummaryIn("de"), data.Markdown("Siehe [Palermo](/cities/palermo/)."), "de"},
		{"summary in another language", n.SummaryIn("fr"), data.Markdown("See [Palermo](/cities/palermo/)."), "en"},
		{"full name not translated", n.FullNameIn("de"), "", "en"},
		{"translated result title", n.Results[0].TitleIn("fr"), "Plan d'action", "fr"},
		{"result title in another language", n.Results[0].TitleIn("it"), "Plan", "en"},
		{"result from ResultsFor", n.ResultsFor("palermo")[0].TitleIn("fr"), "Plan d'action", "fr"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var text, lang any
			switch l := tc.got.(type) {
			case data.Localized[string]:
				text, lang = l.Text, l.Lang
			case data.Localized[data.Markdown]:
				text, lang = l.Text, l.Lang
			}
			if text != tc.text || lang != tc.lang {
				t.Errorf("got %q in %q, want %q in %q", text, lang, tc.text, tc.lang)
			}
		})
	}
	if l := n.ObjectivesIn("de"); !slices.Equal(l.Text, []string{"Voneinander lernen"}) || l.Lang != "de" {
		t.Errorf("ObjectivesIn(de) = %q in %q", l.Text, l.Lang)
	}
	if l := n.ObjectivesIn("it"); !slices.Equal(l.Text, []string{"Learn from each other"}) || l.Lang != "en" {
		t.Errorf("ObjectivesIn(it) = %q in %q", l.Text, l.Lang)
	}
	if l := n.ActivitiesIn("de"); l.Text != nil || l.Lang != "en" {
		t.Errorf("ActivitiesIn(de) = %q in %q, want nothing in en", l.Text, l.Lang)
	}
}

// A network written in Italian falls back to Italian, and may be
// translated into English.
func TestTranslationsFromAnotherLanguage(t *testing.T) {
	src := lines{
		8:  `language = "it"`,
		16: `translations.en.title = "Plan (en)"`,
		27: `translations.de.name = "Palermo (de)"`,
	}
	n, err := data.Parse("test.toml", []byte(src.source()))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if n.Language != "it" {
		t.Errorf("Language = %q, want it", n.Language)
	}
	if l := n.Results[0].TitleIn("en"); l.Text != "Plan (en)" || l.Lang != "en" {
		t.Errorf("TitleIn(en) = %q in %q, want Plan (en) in en", l.Text, l.Lang)
	}
	if l := n.Results[0].TitleIn("it"); l.Text != "Plan" || l.Lang != "it" {
		t.Errorf("TitleIn(it) = %q in %q, want Plan in it", l.Text, l.Lang)
	}
	palermo, _ := n.City("palermo")
	if l := palermo.NameIn("fr"); l.Text != "Palermo" || l.Lang != "it" {
		t.Errorf("NameIn(fr) = %q in %q, want Palermo in it", l.Text, l.Lang)
	}
	if l := palermo.NameIn("de"); l.Text != "Palermo (de)" || l.Lang != "de" {
		t.Errorf("NameIn(de) = %q in %q, want Palermo (de) in de", l.Text, l.Lang)
	}
}

// A city made in code rather than parsed is in the default language.
func TestTranslationsOfAnUnparsedCity(t *testing.T) {
	c := data.City{Name: "Köln", Translations: map[string]data.CityText{"en": {Name: "Cologne"}, "fr": {Name: "Cologne"}}}
	if l := c.NameIn("fr"); l.Text != "Cologne" || l.Lang != "fr" {
		t.Errorf("NameIn(fr) = %q in %q, want Cologne in fr", l.Text, l.Lang)
	}
	if l := c.NameIn("de"); l.Text != "Köln" || l.Lang != data.DefaultLanguage {
		t.Errorf("NameIn(de) = %q in %q, want Köln in %s", l.Text, l.Lang, data.DefaultLanguage)
	}
}

// The default data file is in English; it translates city names where a
// language has its own, and Palermo's description into Italian.
func TestDefaultLanguage(t *testing.T) {
	n, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if n.Language != "en" || len(n.Translations) != 0 {
		t.Errorf("Language %q, %d network translations; want en and none", n.Language, len(n.Translations))
	}
	for _, c := range n.Cities {
		l := c.DescriptionIn("it")
		if italian := c.Slug == "palermo"; italian != (l.Lang == "it") || !italian && l.Text != c.Description || italian && !strings.Contains(string(l.Text), "Ballarò") {
			t.Errorf("%s: DescriptionIn(it) = %q in %q", c.Slug, l.Text, l.Lang)
		}
	}
	brussels, _ := n.City("brussels")
	if l := brussels.NameIn("bg"); l.Text != "Брюксел" || l.Lang != "bg" {
		t.Errorf("Brussels in bg: %q in %q", l.Text, l.Lang)
	}
}

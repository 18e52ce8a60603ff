package data

import (
	"cmp"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"partnermap/data/messages"
)

// A data file may translate its texts into the interface's languages,
// messages.Tags, so that every translation has a page to appear on.

// DefaultLanguage is the language of a network's untranslated text when its
// file does not say: the interface's default.
const DefaultLanguage = messages.Default

// NetworkText is what [network.translations.LANG] may hold: the network's
// texts that read differently in another language. Names, dates and
// addresses are the same in every language and are written once.
type NetworkText struct {
	FullName   string   `toml:"full_name"`
	Summary    Markdown `toml:"summary"`
	Objectives []string `toml:"objectives"`
	Activities []string `toml:"activities"`
}

// CityText is what [cities.translations.LANG] may hold. Name is the city's
// name in that language where it has its own (Köln is Cologne in English).
type CityText struct {
	Name        string   `toml:"name"`
	FocusArea   string   `toml:"focus_area"`
	Description Markdown `toml:"description"`
}

// ResultText is what [network.results.translations.LANG] may hold.
type ResultText struct {
	Title       string   `toml:"title"`
	Description Markdown `toml:"description"`
}

// Localized is a text with the language it is actually in. A page asks for
// its own language and gets the text as written when nobody translated it;
// Lang then differs from the page's, and the page marks the text with a
// lang attribute of its own so that it is read aloud and hyphenated right.
type Localized[T ~string | ~[]string] struct {
	Text T
	Lang string
}

// localize picks the translation of one field into lang, or the text as
// written, in the source language, when there is none. Each field falls
// back on its own, because a translation may leave some fields out.
func localize[T ~string | ~[]string, X any](source, lang string, written T, translations map[string]X, field func(X) T) Localized[T] {
	source = cmp.Or(source, DefaultLanguage)
	if t, ok := translations[lang]; ok && lang != source {
		if text := field(t); len(text) > 0 {
			return Localized[T]{text, lang}
		}
	}
	return Localized[T]{written, source}
}

// FullNameIn returns the network's full name in lang, or as written.
func (n *Network) FullNameIn(lang string) Localized[string] {
	return localize(n.Language, lang, n.FullName, n.Translations, func(t NetworkText) string { return t.FullName })
}

// SummaryIn returns the network's summary in lang, or as written.
func (n *Network) SummaryIn(lang string) Localized[Markdown] {
	return localize(n.Language, lang, n.Summary, n.Translations, func(t NetworkText) Markdown { return t.Summary })
}

// ObjectivesIn returns the network's objectives in lang, or as written. A
// list is translated whole: its items are not matched one by one.
func (n *Network) ObjectivesIn(lang string) Localized[[]string] {
	return localize(n.Language, lang, n.Objectives, n.Translations, func(t NetworkText) []string { return t.Objectives })
}

// ActivitiesIn returns the network's activities in lang, or as written.
func (n *Network) ActivitiesIn(lang string) Localized[[]string] {
	return localize(n.Language, lang, n.Activities, n.Translations, func(t NetworkText) []string { return t.Activities })
}

// NameIn returns the city's name in lang, or as written.
func (c City) NameIn(lang string) Localized[string] {
	return localize(c.lang, lang, c.Name, c.Translations, func(t CityText) string { return t.Name })
}

// FocusAreaIn returns the city's focus area in lang, or as written.
func (c City) FocusAreaIn(lang string) Localized[string] {
	return localize(c.lang, lang, c.FocusArea, c.Translations, func(t CityText) string { return t.FocusArea })
}

// DescriptionIn returns the city's description in lang, or as written.
func (c City) DescriptionIn(lang string) Localized[Markdown] {
	return localize(c.lang, lang, c.Description, c.Translations, func(t CityText) Markdown { return t.Description })
}

// TitleIn returns the result's title in lang, or as written.
func (r Result) TitleIn(lang string) Localized[string] {
	return localize(r.lang, lang, r.Title, r.Translations, func(t ResultText) string { return t.Title })
}

// DescriptionIn returns the result's description in lang, or as written.
func (r Result) DescriptionIn(lang string) Localized[Markdown] {
	return localize(r.lang, lang, r.Description, r.Translations, func(t ResultText) Markdown { return t.Description })
}

// isLanguage reports whether tag is one of the interface's languages,
// written as listed.
func isLanguage(tag string) bool {
	return messages.Has(tag)
}

// suggestLanguage finds the language meant by a near miss: a tag in
// capitals ("IT"), with a region ("en-GB": translations are per language,
// as the interface is), of three letters ("ita"), a country code ("SE"),
// or a language's name in English or in itself ("Italian", "Deutsch").
func suggestLanguage(s string) string {
	s = strings.TrimSpace(s)
	if tag, err := language.Parse(s); err == nil {
		if base, _ := tag.Base(); isLanguage(base.String()) {
			return base.String()
		}
	}
	if region, err := language.ParseRegion(s); err == nil && IsCountry(region.Canonicalize().String()) {
		if tag, err := language.Compose(region); err == nil {
			if base, _ := tag.Base(); isLanguage(base.String()) {
				return base.String()
			}
		}
	}
	for _, l := range messages.Tags() {
		tag := language.Make(l)
		if strings.EqualFold(s, display.English.Languages().Name(tag)) || strings.EqualFold(s, display.Self.Name(tag)) {
			return l
		}
	}
	return ""
}

package components

import (
	"github.com/a-h/templ"
	"golang.org/x/text/language"
)

// langAttrs marks the element holding a text from the data file with the
// language the text is in, when that is not the page's: a field nobody
// translated comes in the network's own language, and screen readers and
// hyphenation should treat it as such. Text in the page's language needs no
// mark, so that untranslated pages stay as they were.
func langAttrs(page, text string) templ.Attributes {
	if text == "" || text == page {
		return nil
	}
	return templ.Attributes{"lang": text}
}

// locale is a language tag as Open Graph writes locales, language_TERRITORY,
// with the territory where the language is most likely spoken: "it" is
// it_IT, "sv" sv_SE.
func locale(tag string) string {
	t := language.Make(tag)
	base, _ := t.Base()
	region, _ := t.Region()
	return base.String() + "_" + region.String()
}

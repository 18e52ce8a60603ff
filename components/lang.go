package components

import (
	"strings"

	"github.com/a-h/templ"
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

// joinNonEmpty joins the parts that are not empty, for lines such as
// "URBACT II · ERDF" where either may be missing.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

package data

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold is a name as a person matches it, with case, accents and
// punctuation set aside: "Malmö" and "MALMO" fold alike, "Vaulx-en-Velin"
// and "vaulx en velin" too, and so do "Łódź" and "Lodz". Letters of every
// script are kept, so "София" folds to "софия" and not to nothing.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFKD.String(spellASCII(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// CountryCodes lists every officially assigned ISO 3166-1 alpha-2 code, in
// alphabetical order, for tables of country names.
func CountryCodes() []string {
	return strings.Fields(isoCountries)
}

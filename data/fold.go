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

// CountryCodes lists every officially assigned ISO 3166-1 alpha-2 code and XK, in
// alphabetical order, for tables of country names.
func CountryCodes() []string {
	return strings.Fields(isoCountries)
}

// EditDistance is the Levenshtein distance between a and b, or more than
// limit as soon as it must be: the measure of "did you mean" suggestions.
func EditDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

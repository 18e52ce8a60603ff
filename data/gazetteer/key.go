package gazetteer

import (
	"strings"
	"unicode"

	"partnermap/data"
)

// Key is a place's name as the gazetteer matches it: folded (data.Fold:
// case, accents, punctuation and hyphens against spaces set aside), with
// "St.", "Sankt" and "Saint" written alike, and so "Ste." and "Sainte",
// and the Greek final sigma as any other.
func Key(name string) string {
	k := data.Fold(name)
	if !strings.ContainsAny(k, "sς") {
		return k
	}
	k = strings.ReplaceAll(k, "ς", "σ")
	if !strings.Contains(k, "st") && !strings.Contains(k, "sa") {
		return k
	}
	words := strings.Split(k, " ")
	for i, w := range words {
		switch w {
		case "saint", "sankt", "st":
			words[i] = "st"
		case "sainte", "ste":
			words[i] = "ste"
		}
	}
	return strings.Join(words, " ")
}

// scripts are those the gazetteer keeps names in (see writable).
var scripts = []*unicode.RangeTable{unicode.Latin, unicode.Cyrillic, unicode.Greek}

// Writes reports whether name has a letter of the scripts the gazetteer
// writes names in, Latin, Cyrillic and Greek: a name in none of them
// ("東京", "القاهرة") is in none of its names.
func Writes(name string) bool {
	for _, r := range name {
		if unicode.In(r, scripts...) {
			return true
		}
	}
	return false
}

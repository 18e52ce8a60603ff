package gazetteer

import (
	"strings"

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

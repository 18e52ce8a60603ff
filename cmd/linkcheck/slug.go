package main

import (
	"strconv"
	"strings"
	"unicode"
)

// slugger makes the anchors of one file's headings as GitHub does:
// lowercase, letters, digits, hyphens and underscores kept, each space a
// hyphen, everything else dropped; a heading whose anchor was taken gets
// -1, -2 and so on after it, as github-slugger counts.
type slugger map[string]int

func (s slugger) slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	base := b.String()
	slug := base
	for {
		if _, taken := s[slug]; !taken {
			break
		}
		s[base]++
		slug = base + "-" + strconv.Itoa(s[base])
	}
	s[slug] = 0
	return slug
}

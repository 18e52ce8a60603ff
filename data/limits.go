package data

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// What a network may hold. The site renders every city's pages and the
// network's downloads, so its cost grows with these numbers; at the
// ceiling a network loads within 10 seconds and 400 MB on two cores.
const (
	MaxCities   = 25_000
	MaxPartners = 2 * MaxCities
)

// maxText is the longest a text may be, in characters, by its key. A name
// shows on many pages, in lists, titles and link previews, so it is kept
// to what a name needs; a Markdown text has limits of its own (MaxMarkdown).
func maxText(key string) int {
	switch key {
	case "country", "kind", "role", "language":
		return 100
	case "slug", "city", "name", "local_name", "title": // slugs have a rule of their own too
		return 200
	case "full_name", "programme", "fund", "focus_area", "topic", "address":
		return 500
	case "objectives", "activities": // each item
		return 1_000
	case "email":
		return 254
	case "website", "url":
		return 2_000
	}
	return 0
}

// fit checks the texts of the table at path, given as key and text pairs,
// against their limits. A text that is too long gets that one problem: the
// others would quote all of it.
func (v *validator) fit(path string, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		v.fitText(join(path, pairs[i]), pairs[i], pairs[i+1])
	}
}

// fitText checks one text, or one item of a list, against the limit of
// its key.
func (v *validator) fitText(path, key, s string) {
	limit := maxText(key)
	if len(s) <= limit { // never more characters than bytes
		return
	}
	if n := utf8.RuneCountInString(s); n > limit {
		what := key
		if key == "objectives" || key == "activities" {
			what = "an item of " + key
		}
		v.broke(Problem{Rule: "tooLong", Limit: limit}, path, "%s is %d characters long, more than the %d it may have: shorten it", what, n, limit)
		v.tooLong[path] = true
	}
}

// clip shortens a text from the file for quoting in a message, which
// should show what is meant, not all of it.
func clip(s string) string {
	const most = 60
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ceilings checks the numbers of cities and partners a file writes, at
// the first one past the ceiling.
func ceilings(name string, ix *indexer) Problems {
	var ps Problems
	for _, c := range []struct {
		array, what, hint string
		most              int
	}{
		{"cities", "cities", "split it into networks of at most %s cities each", MaxCities},
		{"partners", "partners", "split it into smaller networks, of at most %s partners each", MaxPartners},
	} {
		last, ok := ix.arrays[c.array]
		if !ok || last < c.most {
			continue
		}
		path := fmt.Sprintf("%s.%d", c.array, c.most)
		p := ix.at[path]
		ps = append(ps, Problem{File: name, Line: p.line, Column: p.column, Message: fmt.Sprintf("the network has %s %s, more than the %s a network may have: "+c.hint,
			thousands(last+1), c.what, thousands(c.most), thousands(c.most)), Path: ix.fieldPath(path)})
	}
	return ps
}

// thousands writes a count with commas: 50,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

package data

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem is one thing wrong with a data file, at the place an editor has to
// look: the file, its 1-based line and column, and what to write instead.
type Problem struct {
	File    string
	Line    int
	Column  int
	Message string
	// Warning marks a problem that leaves the file usable: it is printed,
	// and fails only a strict validation.
	Warning bool
	// Path is the field the problem is about, as a field path (see
	// path.go): "cities.palermo.lat", "network.results[0].title", so that
	// a form can show the problem beside its field. It is "" for a
	// problem of the file as a whole, such as a syntax error, which no
	// field has.
	Path string
	// Rule names the rule a problem breaks where a form says it in the
	// reader's language rather than in the file's terms: "required",
	// "link", "email", "country", "latRange", "lonRange", "dates",
	// "tooLong", "markdownLimit", "markdownLink"; "" for the others.
	// Limit is the most characters a text too long may have, and
	// Suggestion what to write instead, where there is one.
	Rule       string
	Limit      int
	Suggestion string
}

// String formats the problem as FILE:LINE:COL: message, the form editors
// and terminals turn into a link to the place, on one line and without
// control characters (see Printable); a warning says so before its
// message.
func (p Problem) String() string {
	if p.Warning {
		return Printable(fmt.Sprintf("%s:%d:%d: warning: %s", p.File, p.Line, p.Column, p.Message))
	}
	return Printable(fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message))
}

// maxPrintable is the longest text Printable passes on, in bytes: a
// message is a line, however long what the file holds.
const maxPrintable = 4096

// Printable makes text from a data file safe to print on a terminal or in
// a log: control characters (escape sequences, bells, line breaks),
// invisible formatting such as bidirectional overrides, and bytes that are
// not UTF-8 are written as Go escapes (\x1b, \u202e), and a text longer
// than 4 KB is cut short.
func Printable(s string) string {
	clean := func(r rune) bool {
		return r != utf8.RuneError && !unicode.IsControl(r) && !unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
	}
	if len(s) <= maxPrintable && !strings.ContainsFunc(s, func(r rune) bool { return !clean(r) }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < maxPrintable; {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case clean(r) || r == utf8.RuneError:
			b.WriteString(s[i : i+size])
		default:
			b.WriteString(strings.Trim(strconv.QuoteRuneToASCII(r), "'"))
		}
		i += size
	}
	if b.Len() >= maxPrintable {
		b.WriteString("…")
	}
	return b.String()
}

// Problems is every problem found in a data file, in file order. It is the
// error Parse returns for a file that cannot be used.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string { return Lines(ps) }

// Lines writes each item on a line of its own: how a list of problems
// reads as one error.
func Lines[T fmt.Stringer](items []T) string {
	lines := make([]string, len(items))
	for i, item := range items {
		lines[i] = item.String()
	}
	return strings.Join(lines, "\n")
}

// sorted orders problems by their place in the file.
func (ps Problems) sorted() Problems {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return ps
}

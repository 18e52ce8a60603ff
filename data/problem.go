package data

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
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
}

// String formats the problem as FILE:LINE:COL: message, the form editors
// and terminals turn into a link to the place; a warning says so before
// its message.
func (p Problem) String() string {
	if p.Warning {
		return fmt.Sprintf("%s:%d:%d: warning: %s", p.File, p.Line, p.Column, p.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message)
}

// Problems is every problem found in a data file, in file order. It is the
// error Parse returns for a file that cannot be used.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sorted orders problems by their place in the file.
func (ps Problems) sorted() Problems {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return ps
}

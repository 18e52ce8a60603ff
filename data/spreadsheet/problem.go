package spreadsheet

import (
	"cmp"
	"slices"

	"partnermap/data"
)

// Problem is one thing wrong with a spreadsheet, at the cell to look at:
// FILE:SHEET!CELL in a workbook (partners.xlsx:Partners!C7), FILE:LINE:COL
// in a CSV file, or the file alone for what is wrong with all of it.
type Problem struct {
	File string
	At   string // "Partners!C7", "7:12", or ""
	// Column names a CSV file's cell by its column's header and its text,
	// `City "София"`, as the position alone does not show which it is.
	Column string
	// Sheet, Cell and Header say where the problem is as a spreadsheet
	// program shows the file: the workbook's sheet ("" in a CSV file),
	// the cell's reference (B7), and the header of its column as the
	// sheet writes it, for a cell below the row of column names. Each is
	// "" where it does not apply: a problem with the whole file, or at a
	// place in a CSV file that is no cell.
	Sheet, Cell, Header string
	Message             string // what is wrong and what to write instead
	// ID names the message of data/messages that says Message in each
	// interface language, with Args its placeholders, name then value,
	// as messages.Messages.T takes them; "" for a problem whose words are
	// not the import's own, which is in English only.
	ID   string
	Args []any
	// Warning marks what may be meant, such as a city far from the place
	// of its name: the import still writes the file.
	Warning bool
	at      place
	// stop marks a problem that stopped the reading of the sheet, or a
	// cell far outside it, which the import always lists.
	stop bool
}

// String formats the problem as FILE:CELL: message, a warning saying so
// before its message; a CSV file's cell is named by its column too:
// partners.csv:20:44: City "София": message.
func (p Problem) String() string {
	at := p.File + ":"
	if p.At != "" {
		at += p.At + ":"
	}
	if p.Column != "" {
		at += " " + p.Column + ":"
	}
	if p.Warning {
		return at + " warning: " + p.Message
	}
	return at + " " + p.Message
}

// Problems is every problem of an import, in the order of the sheet's
// rows and columns. It is the error Import returns.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string { return data.Lines(ps) }

// sorted orders problems by row and column, those of the whole file first.
func (ps Problems) sorted() Problems {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.at.row, b.at.row), cmp.Compare(a.at.col, b.at.col))
	})
	return ps
}

// MaxProblems is how many errors, and how many warnings, an import
// lists: the first in the sheet's order. The others are counted, so that
// a sheet of a million bad rows costs no more to report than one of a
// hundred, and the list stays one a person reads.
const MaxProblems = 100

// firstProblems keeps the first MaxProblems problems it is given, in the
// sheet's order, and counts them all.
type firstProblems struct {
	kept  []ranked // a heap whose root is the last of those kept
	count int
}

// ranked is a problem and the order it was reported in, which keeps
// problems of one cell in the order they were found.
type ranked struct {
	Problem
	seq int
}

// after reports whether a comes after b in the sheet's order.
func (a ranked) after(b ranked) bool {
	return cmp.Or(cmp.Compare(a.at.row, b.at.row), cmp.Compare(a.at.col, b.at.col), cmp.Compare(a.seq, b.seq)) > 0
}

func (f *firstProblems) add(p Problem) {
	r := ranked{p, f.count}
	f.count++
	h := f.kept
	switch {
	case len(h) < MaxProblems:
		h = append(h, r)
		for i := len(h) - 1; i > 0 && h[i].after(h[(i-1)/2]); i = (i - 1) / 2 {
			h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
		}
	case h[0].after(r):
		h[0] = r
		for i := 0; ; {
			last := i
			for _, c := range []int{2*i + 1, 2*i + 2} {
				if c < len(h) && h[c].after(h[last]) {
					last = c
				}
			}
			if last == i {
				break
			}
			h[i], h[last] = h[last], h[i]
			i = last
		}
	}
	f.kept = h
}

// list is the problems kept, in the sheet's order.
func (f *firstProblems) list() Problems {
	kept := slices.Clone(f.kept)
	slices.SortFunc(kept, func(a, b ranked) int {
		if a.after(b) {
			return 1
		}
		return -1
	})
	ps := make(Problems, len(kept))
	for i, r := range kept {
		ps[i] = r.Problem
	}
	return ps
}

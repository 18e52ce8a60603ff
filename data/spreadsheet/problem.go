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
	Column  string
	Message string // what is wrong and what to write instead
	// Warning marks what may be meant, such as a city far from the place
	// of its name: the import still writes the file.
	Warning bool
	at      place
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

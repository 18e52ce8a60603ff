package spreadsheet

import (
	"fmt"
	"unicode/utf8"

	"partnermap/data"
)

// What a sheet may hold, so that one of any shape costs at most a few
// hundred megabytes and a few seconds to read, whatever its size on disk
// (a workbook of a few kilobytes may claim a million rows, or a cell in
// column XFD). Past these bounds the import stops reading and says where.
const (
	// maxColumns is how many columns are read, A to IV: far more than
	// the columns the import knows and a few notes beside them.
	maxColumns = 256
	// maxRows is how many rows with something in them are read: a
	// network's most partners, below a few rows of titles and the
	// column names.
	maxRows = data.MaxPartners + headerRows
	// maxCells is how many cells are kept: a sheet of maxRows partners
	// with every column the import knows, and notes beside them.
	maxCells = 1_000_000
	// maxCellLength is the longest text a cell may hold, in characters:
	// that of the longest column, a description in Markdown.
	maxCellLength = data.MaxMarkdown
	// maxFarRows is how many rows with a cell beyond maxColumns are
	// reported before the import stops reading.
	maxFarRows = 10
)

// bounds counts what a sheet being read holds, and says when it passes
// the bounds above.
type bounds struct {
	rows, cells, farRows int
}

// cellText checks a cell's text against maxCellLength: a longer one is a
// problem at its cell, and the cell is read as reported and empty.
func (b *bounds) cellText(c *cell, problems *[]Problem) {
	if len(c.text) <= maxCellLength {
		return // never more characters than bytes
	}
	if n := utf8.RuneCountInString(c.text); n > maxCellLength {
		*problems = append(*problems, Problem{at: c.at, Message: fmt.Sprintf("the cell holds %s characters, more than any column takes (a description, the longest, takes %s): shorten it", thousands(n), thousands(maxCellLength))})
		c.text, c.reported = "", true
	}
}

// row counts a row with something in it, of n cells, and reports whether
// the bounds are passed: then problems says where, and reading stops.
func (b *bounds) row(n int, at place, problems *[]Problem) bool {
	b.rows++
	b.cells += n
	switch {
	case b.rows > maxRows:
		*problems = append(*problems, Problem{at: at, stop: true, Message: fmt.Sprintf("more than %s rows of partners: a network has at most %s partners, so the import stops reading here; split the network into sheets of fewer partners, or delete the rows that are not partners", thousands(maxRows-headerRows), thousands(data.MaxPartners))})
		return true
	case b.cells > maxCells:
		*problems = append(*problems, Problem{at: at, stop: true, Message: fmt.Sprintf("the sheet holds more than %s cells up to here, more than a network's partners need, so the import stops reading: delete the columns and rows that are not about partners", thousands(maxCells))})
		return true
	}
	return false
}

// far reports a cell beyond maxColumns, and whether so many were that
// reading stops.
func (b *bounds) far(at place, problems *[]Problem) bool {
	b.farRows++
	*problems = append(*problems, Problem{at: at, stop: true, Message: fmt.Sprintf("a cell far to the right of the column names: the import reads the first %d columns (A to IV); move what it holds into the sheet's columns, or delete it", maxColumns)})
	if b.farRows >= maxFarRows {
		*problems = append(*problems, Problem{at: at, stop: true, Message: fmt.Sprintf("%d rows with a cell beyond column IV: the import stops reading here", maxFarRows)})
		return true
	}
	return false
}

// csvShape finds, before a CSV reader makes a list of a record's cells
// and a copy of each, the first record of a CSV file with more than
// maxColumns cells, or the first cell far longer than any column takes:
// a line of millions of commas, or a cell of 100 MB, would otherwise
// cost gigabytes. It gives the line and byte column (as encoding/csv
// counts them) of the first cell beyond maxColumns or of the long cell,
// and says which; "" if there is none.
func csvShape(src []byte, comma rune) (line, col int, problem string) {
	// A cell of more raw bytes than this holds more characters than
	// maxCellLength, whatever its quotes and characters: encoding/csv
	// reads it whole before the import can count them.
	const longCell = 8*maxCellLength + 8
	line, start := 1, 0       // the line, and where it starts
	cellLine, cellCol := 1, 1 // where the cell being read starts
	cellStart := 0
	fields, quoted := 1, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\n':
			line, start = line+1, i+1
		}
		if quoted || c != '\n' && rune(c) != comma {
			if i-cellStart >= longCell {
				return cellLine, cellCol, fmt.Sprintf("the cell is longer than %s bytes, more than any column takes (a description, the longest, takes %s characters): shorten it", thousands(longCell), thousands(maxCellLength))
			}
			continue
		}
		if c == '\n' {
			fields = 1
		} else if fields++; fields > maxColumns {
			return line, i + 1 - start + 1, fmt.Sprintf("a cell far to the right of the column names: the import reads the first %d cells of a line; move what it holds into the sheet's columns, or delete it", maxColumns)
		}
		cellStart, cellLine, cellCol = i+1, line, i+1-start+1
	}
	return 0, 0, ""
}

package spreadsheet

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"partnermap/data"
)

// cell is what one cell of the sheet holds, and where it is.
type cell struct {
	text string
	at   place
	// formula is a workbook cell's formula when it has no value saved
	// with it, which the import cannot compute.
	formula string
	// reported marks a cell whose problem was reported already.
	reported bool
}

// place is where a cell is, for messages and for their order.
type place struct {
	row, col int    // 1-based; for CSV the line and byte column
	name     string // "Partners!C7", or "7:12" in a CSV file
	// sheet, cellCol and cellRow are where a spreadsheet program shows
	// the cell: the workbook's sheet ("" in a CSV file), and the cell's
	// column and row from 1; 0 for a place that is no cell, such as
	// where a CSV file's quotes go wrong.
	sheet            string
	cellCol, cellRow int
}

// cell is the cell's reference, as a spreadsheet program names it (C7);
// "" for a place that is no cell.
func (p place) cell() string {
	if p.cellCol <= 0 || p.cellRow <= 0 {
		return ""
	}
	return columnLetter(p.cellCol-1) + strconv.Itoa(p.cellRow)
}

// sheet is the cells of a workbook's sheet or of a CSV file, by row.
type sheet struct {
	name string // the workbook's sheet; "" for CSV
	rows [][]cell
	// missing is where a cell that a short row lacks would be.
	missing func(row, col int) place
}

// readCSV reads a CSV file as Excel and LibreOffice save it, in any of
// the encodings and line ends csvText reads; cells separated by commas,
// semicolons (as in much of Europe) or tabs, whichever the first line has
// most of.
func readCSV(src []byte) (*sheet, []Problem) {
	src = csvText(src)
	comma := delimiter(src)
	if line, col, problem := csvShape(src, comma); problem != "" {
		at := place{row: line, col: col, name: fmt.Sprintf("%d:%d", line, col)}
		return nil, []Problem{{at: at, Message: problem}}
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	s := &sheet{}
	ends := map[int]place{} // where each record's last field ends
	var b bounds
	var stopped []Problem
	// A record's row, as a spreadsheet program shows the file, is its
	// first line less the line breaks inside the cells above it.
	breaks := 0
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			at := place{row: pe.Line, col: pe.Column, name: fmt.Sprintf("%d:%d", pe.Line, pe.Column)}
			return nil, []Problem{{At: at.name, at: at, Message: csvMessage(pe)}}
		}
		if err != nil {
			return nil, []Problem{{Message: err.Error()}}
		}
		line, col := r.FieldPos(0)
		sheetRow := line - breaks
		for _, text := range record {
			breaks += strings.Count(text, "\n")
		}
		if blank(record) {
			continue // as the import leaves out empty rows, however many
		}
		if b.row(len(record), place{row: line, col: col, name: fmt.Sprintf("%d:%d", line, col), cellCol: 1, cellRow: sheetRow}, &stopped) {
			break
		}
		row := make([]cell, len(record))
		for i, text := range record {
			line, col := r.FieldPos(i)
			row[i] = cell{text: text, at: place{row: line, col: col, name: fmt.Sprintf("%d:%d", line, col), cellCol: i + 1, cellRow: sheetRow}}
			b.cellText(&row[i], &stopped)
		}
		line, col = r.FieldPos(len(record) - 1)
		ends[len(s.rows)] = place{row: line, col: col + len(record[len(record)-1]), cellRow: sheetRow}
		s.rows = append(s.rows, row)
	}
	s.missing = func(row, col int) place {
		p, ok := ends[row]
		if !ok {
			p = place{row: 1, col: 1} // a file of no rows
		}
		p.name = fmt.Sprintf("%d:%d", p.row, p.col)
		if p.cellRow > 0 {
			p.cellCol = col + 1
		}
		return p
	}
	return s, stopped
}

// blank reports whether a record has nothing but spaces in it.
func blank(record []string) bool {
	for _, f := range record {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// delimiter is the separator the first line uses most, outside quotes.
func delimiter(src []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(src) {
		if r == '"' {
			quoted = !quoted
		}
		if r == '\n' && !quoted {
			break
		}
		if !quoted && (r == ',' || r == ';' || r == '\t') {
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// csvMessage explains a CSV syntax error and what to write.
func csvMessage(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `a double quote inside a cell that does not start with one: put the whole cell in double quotes and double the quotes inside it, such as "CESIE ""Palermo"""`
	case errors.Is(pe.Err, csv.ErrQuote):
		return `a cell in double quotes is not closed: end it with a double quote, and double the quotes inside it, such as "CESIE ""Palermo"""`
	}
	return pe.Err.Error()
}

// maxUnzipped bounds what a workbook may unpack to, so that a small file
// cannot fill the memory: a sheet of 5,000 partners is a few megabytes.
// A part larger than maxUnzippedInMemory is unpacked to a temporary file,
// which the sheet is read from as it streams by.
const (
	maxUnzipped         = 256 << 20
	maxUnzippedInMemory = 16 << 20
)

// readWorkbook reads the sheet of a workbook that name picks, or the first
// that has a row of headers, as its cells hold them unformatted (a
// latitude shown with two decimals keeps all of them). A merged cell's
// value is in every cell it covers under the headers. A formula cell
// gives the value saved with it; one saved without a value keeps its
// formula, which the import cannot compute. The problems are those that
// stopped the reading of a sheet: with a sheet, the rows read before.
func readWorkbook(src []byte, name string, cols map[string]column) (*sheet, *header, []Problem) {
	f, err := excelize.OpenReader(bytes.NewReader(src), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedInMemory})
	if err != nil {
		msg := "not an .xlsx workbook (" + err.Error() + "): save it from your spreadsheet program as Excel Workbook (.xlsx), or as CSV UTF-8 (.csv)"
		if strings.Contains(strings.ToLower(err.Error()), "password") || strings.Contains(strings.ToLower(err.Error()), "encrypt") {
			msg = "the workbook is protected by a password: save a copy without it"
		}
		return nil, nil, []Problem{{Message: msg}}
	}
	defer f.Close()
	list := f.GetSheetList()
	names := list
	if name != "" {
		names = nil
		for _, n := range list {
			if strings.EqualFold(n, name) {
				names = []string{n}
			}
		}
		if names == nil {
			return nil, nil, []Problem{{Message: fmt.Sprintf("the workbook has no sheet %q: its sheets are %s; give one of them to --sheet", name, quoteList(list))}}
		}
	}
	var first *sheet
	var firstProblems []Problem
	for _, n := range names {
		s, ps, err := workbookSheet(f, n)
		if err != nil {
			return nil, nil, []Problem{{Message: fmt.Sprintf("sheet %q cannot be read: %v", n, err)}}
		}
		if s == nil {
			return nil, nil, ps
		}
		if first == nil {
			first, firstProblems = s, ps
		}
		if h := s.findHeader(cols); h != nil {
			if slices.ContainsFunc(ps, func(p Problem) bool { return p.stop }) {
				// The import fails: the rest of the sheet is not read
				// for merged cells and formulas.
				return s, h, ps
			}
			if err := s.mergeAndNoteFormulas(src, h); err != nil {
				return nil, nil, []Problem{{Message: fmt.Sprintf("sheet %q cannot be read: %v", n, err)}}
			}
			return s, h, ps
		}
	}
	if first == nil {
		return nil, nil, []Problem{{Message: "the workbook has no sheets"}}
	}
	return first, nil, firstProblems
}

// workbookSheet reads a sheet's cells row by row, within the bounds
// (see bounds): a sheet whose used range, as it says, passes them is
// refused before it is read, and one that passes them as it is read is
// read up to there, with problems that say where. The sheet is nil when
// nothing of it was read.
func workbookSheet(f *excelize.File, name string) (*sheet, []Problem, error) {
	addr := func(row, col int) place {
		cn, _ := excelize.CoordinatesToCellName(col, row)
		return place{row: row, col: col, name: sheetRef(name) + "!" + cn, sheet: name, cellCol: col, cellRow: row}
	}
	if dim, err := f.GetSheetDimension(name); err == nil && strings.Contains(dim, ":") {
		from, to, _ := strings.Cut(dim, ":")
		_, r0, err0 := excelize.CellNameToCoordinates(from)
		c1, r1, err1 := excelize.CellNameToCoordinates(to)
		if err0 == nil && err1 == nil && r1-r0+1 > maxRows {
			return nil, []Problem{{at: addr(r1, c1), Message: fmt.Sprintf("the sheet's used range, %s, has %s rows, more than the %s a sheet of partners may have (a network has at most %s partners): delete the rows below the partners (select them, then Delete Rows) and save, or split the network",
				dim, thousands(r1-r0+1), thousands(maxRows), thousands(data.MaxPartners))}}, nil
		}
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	s := &sheet{name: name, missing: func(row, col int) place { return addr(row+1, col+1) }}
	var b bounds
	var problems []Problem
	for r := 1; rows.Next(); r++ {
		values, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, err
		}
		if len(values) == 0 {
			continue
		}
		stop := false
		if len(values) > maxColumns {
			for c := maxColumns; c < len(values); c++ {
				if values[c] != "" {
					stop = b.far(addr(r, c+1), &problems)
					break
				}
			}
			values = values[:maxColumns]
		}
		if stop || b.row(len(values), addr(r, 1), &problems) {
			break
		}
		for len(s.rows) < r-1 {
			s.rows = append(s.rows, nil) // a row with nothing in it
		}
		row := make([]cell, len(values))
		for j, v := range values {
			row[j] = cell{text: v, at: addr(r, j+1)}
			b.cellText(&row[j], &problems)
		}
		s.rows = append(s.rows, row)
	}
	if err := rows.Error(); err != nil {
		return nil, nil, err
	}
	return s, problems, nil
}

// mergeAndNoteFormulas fills the cells under the header that a merged
// range covers with its value, and keeps the formula of each empty cell
// under the header: a formula saved without its value, which the import
// cannot compute.
func (s *sheet) mergeAndNoteFormulas(src []byte, h *header) error {
	within := cellRange{col0: len(h.cells) + 1, row0: h.row + 2, row1: len(s.rows)}
	for _, c := range h.index {
		if c >= 0 {
			within.col0, within.col1 = min(within.col0, c+1), max(within.col1, c+1)
		}
	}
	x, err := readSheetExtras(src, s.name, within)
	if err != nil {
		return err
	}
	// The cells a merged range fills are those in the header's columns,
	// each once: however the ranges overlap, no more cells than that.
	for _, m := range x.merges {
		value := ""
		if r := m.row0 - 1; r < len(s.rows) && m.col0-1 < len(s.rows[r]) {
			value = s.rows[r][m.col0-1].text
		}
		for r := max(m.row0, within.row0); r <= min(m.row1, within.row1); r++ {
			for _, c := range h.index {
				if c < 0 || c+1 < m.col0 || c+1 > m.col1 {
					continue
				}
				s.grow(r-1, c)
				if s.rows[r-1][c].text == "" {
					s.rows[r-1][c].text = value
				}
			}
		}
	}
	for at, formula := range x.formulas {
		r, c := at[0]-1, at[1]-1
		if !slices.Contains(h.index[:], c) {
			continue
		}
		if c < len(s.rows[r]) && s.rows[r][c].text != "" {
			continue
		}
		s.grow(r, c)
		s.rows[r][c].formula = cmp.Or(formula, "…")
	}
	return nil
}

// grow gives a row of the sheet cells up to column c (0-based).
func (s *sheet) grow(r, c int) {
	for len(s.rows[r]) <= c {
		s.rows[r] = append(s.rows[r], cell{at: s.missing(r, len(s.rows[r]))})
	}
}

// sheetRef writes a sheet's name as Excel does in a reference: in single
// quotes when it has anything but letters, digits and underscores.
func sheetRef(name string) string {
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return "'" + strings.ReplaceAll(name, "'", "''") + "'"
		}
	}
	return name
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

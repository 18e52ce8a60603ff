package spreadsheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
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
	r := csv.NewReader(bytes.NewReader(src))
	r.Comma = delimiter(src)
	r.FieldsPerRecord = -1
	s := &sheet{}
	ends := map[int]place{} // where each record's last field ends
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			at := place{pe.Line, pe.Column, fmt.Sprintf("%d:%d", pe.Line, pe.Column)}
			return nil, []Problem{{At: at.name, at: at, Message: csvMessage(pe)}}
		}
		if err != nil {
			return nil, []Problem{{Message: err.Error()}}
		}
		row := make([]cell, len(record))
		for i, text := range record {
			line, col := r.FieldPos(i)
			row[i] = cell{text: text, at: place{line, col, fmt.Sprintf("%d:%d", line, col)}}
		}
		line, col := r.FieldPos(len(record) - 1)
		ends[len(s.rows)] = place{row: line, col: col + len(record[len(record)-1])}
		s.rows = append(s.rows, row)
	}
	s.missing = func(row, _ int) place {
		p := ends[row]
		p.name = fmt.Sprintf("%d:%d", p.row, p.col)
		return p
	}
	return s, nil
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
const maxUnzipped = 256 << 20

// readWorkbook reads the sheet of a workbook that name picks, or the first
// that has a row of headers, as its cells hold them unformatted (a
// latitude shown with two decimals keeps all of them). A merged cell's
// value is in every cell it covers. A formula cell gives the value saved
// with it; one saved without a value keeps its formula, which the import
// cannot compute.
func readWorkbook(src []byte, name string, cols map[string]column) (*sheet, *header, []Problem) {
	f, err := excelize.OpenReader(bytes.NewReader(src), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
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
	for _, n := range names {
		s, err := workbookSheet(f, n)
		if err != nil {
			return nil, nil, []Problem{{Message: fmt.Sprintf("sheet %q cannot be read: %v", n, err)}}
		}
		if first == nil {
			first = s
		}
		if h := s.findHeader(cols); h != nil {
			s.noteFormulas(f, h)
			return s, h, nil
		}
	}
	if first == nil {
		return nil, nil, []Problem{{Message: "the workbook has no sheets"}}
	}
	return first, nil, nil
}

func workbookSheet(f *excelize.File, name string) (*sheet, error) {
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	addr := func(row, col int) place {
		cn, _ := excelize.CoordinatesToCellName(col, row)
		return place{row, col, sheetRef(name) + "!" + cn}
	}
	s := &sheet{name: name, missing: func(row, col int) place { return addr(row+1, col+1) }}
	for i, values := range rows {
		row := make([]cell, len(values))
		for j, v := range values {
			row[j] = cell{text: v, at: addr(i+1, j+1)}
		}
		s.rows = append(s.rows, row)
	}
	merged, err := f.GetMergeCells(name)
	if err != nil {
		return nil, err
	}
	for _, m := range merged {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		for r := r0; r <= r1 && r <= len(s.rows); r++ {
			for c := c0; c <= c1; c++ {
				for len(s.rows[r-1]) < c {
					s.rows[r-1] = append(s.rows[r-1], cell{at: addr(r, len(s.rows[r-1])+1)})
				}
				if s.rows[r-1][c-1].text == "" {
					s.rows[r-1][c-1].text = m.GetCellValue()
				}
			}
		}
	}
	return s, nil
}

// noteFormulas keeps the formula of each empty cell under a header: a
// formula saved without its value, which the import cannot compute.
func (s *sheet) noteFormulas(f *excelize.File, h *header) {
	for r := h.row + 1; r < len(s.rows); r++ {
		for _, c := range h.index {
			if c < 0 {
				continue
			}
			if c < len(s.rows[r]) && s.rows[r][c].text != "" {
				continue
			}
			cn, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula(s.name, cn); formula != "" {
				for len(s.rows[r]) <= c {
					s.rows[r] = append(s.rows[r], cell{at: s.missing(r, len(s.rows[r]))})
				}
				s.rows[r][c].formula = formula
			}
		}
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

package spreadsheet

import (
	"strconv"
	"strings"
)

// maxQuoted is how many characters of a cell's text name its cell; a
// longer text is cut short with an ellipsis.
const maxQuoted = 40

// nameColumns names the column of each problem at a CSV file's cell under
// its row of column names, by the header the file gives it and the
// cell's text: a line and byte column do not show a person which cell of
// their sheet it is.
func (im *importer) nameColumns(ps Problems) {
	s, h := im.csv, im.header
	if s == nil || h == nil {
		return
	}
	type at struct{ row, col int }
	cells := map[at]string{}
	for r := h.row + 1; r < len(s.rows); r++ {
		for i, c := range s.rows[r] {
			if i >= len(h.cells) {
				break
			}
			header := h.cells[i].text
			if header == "" {
				continue
			}
			if text := []rune(c.text); len(text) > maxQuoted {
				header += " " + strconv.Quote(string(text[:maxQuoted-1])+"…")
			} else if len(text) > 0 {
				header += " " + strconv.Quote(c.text)
			}
			cells[at{c.at.row, c.at.col}] = header
		}
	}
	for i := range ps {
		// A message that starts with the column's name and the text, as
		// the column headed in English gives them, names it already.
		if name, ok := cells[at{ps[i].at.row, ps[i].at.col}]; ok && !strings.HasPrefix(strings.ToLower(ps[i].Message), strings.ToLower(name)) {
			ps[i].Column = name
		}
	}
}

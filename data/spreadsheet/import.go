// Package spreadsheet turns the partner lists staff keep in spreadsheets
// into network data files, and networks back into such sheets. A sheet
// has a row per partner under a row of headers, which may be in any of
// the interface languages: partner, kind, role, city and country, and
// optionally website, latitude, longitude, local name, focus area,
// description and the slugs. Partners in one city become one city; a city
// without coordinates is looked up in the gazetteer.
package spreadsheet

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"partnermap/data"
	"partnermap/data/gazetteer"
)

// Options are what an import needs besides the file.
type Options struct {
	// Sheet names the workbook's sheet to read; "" reads the first sheet
	// that has a row of headers.
	Sheet string
	// Network holds the [network] fields given on the command line.
	Network Network
	// Gazetteer finds the coordinates of cities the sheet gives none for.
	Gazetteer *gazetteer.Gazetteer
	// Checks run on every city, as validate runs them: what they find is
	// reported at the cells it is about.
	Checks []data.Check
	// Atlas is the atlas the network will join, or nil: a city that is one
	// of its places (see data.Atlas.FindPlace, with PlaceOf) takes the
	// place's slug, and any other city a slug no place has.
	Atlas   *data.Atlas
	PlaceOf data.PlaceOf
	// Current is the network the sheet is a new version of, or nil. A
	// city of the sheet that is one of its cities, by the sheet's city
	// slug or else by name and country, keeps its slug unless the sheet
	// gives one, its coordinates unless the sheet gives them (the
	// gazetteer is not asked), and what the sheet has no column for: its
	// links, meetings and translations always, its local name, focus
	// area and description when the sheet has no such column. A partner
	// that is one of its partners, by the sheet's partner slug or else by
	// name and city, keeps its slug, and its website when the sheet has
	// no website column.
	Current *data.Network
}

// Network is the [network] table's fields that an import writes when it
// is given them; dates are written as 2008-04-21.
type Network struct {
	Slug, Name, FullName, Programme, Fund, Website, Start, End, Language string
}

// Result is a successful import.
type Result struct {
	// TOML is the network's data file, which validate accepts.
	TOML []byte
	// Warnings are what the checks found that may be meant.
	Warnings Problems
	// Notes are what the import chose for the person to check, each at
	// its city's cell: a name written as the gazetteer spells it, a city
	// placed at the most populous of several places of its name. The
	// data file says them in comments.
	Notes            Problems
	Cities, Partners int
	// Found counts the cities whose coordinates came from the gazetteer.
	Found int
}

// Import reads a spreadsheet of partners, a workbook (.xlsx) or a CSV
// file by its content, and writes the network's data file. file names the
// spreadsheet in messages. The error, if any, is Problems: the problems
// in the sheet, each at its cell, saying what to write; at most
// MaxProblems errors and as many warnings, in the sheet's order, then a
// line that counts the others.
func Import(file string, src []byte, opts Options) (*Result, error) {
	im := &importer{file: file, opts: opts, cols: headerColumns()}
	res := im.run(src)
	name := func(ps Problems) Problems {
		im.nameColumns(ps)
		for i := range ps {
			ps[i].File = file
			ps[i].At = ps[i].at.name
			ps[i].Sheet, ps[i].Cell, ps[i].Header = ps[i].at.sheet, ps[i].at.cell(), im.headerOf(ps[i].at)
		}
		return ps
	}
	errs, warnings := name(im.errs.list()), name(im.warnings.list())
	if im.errs.count > 0 {
		// What stopped the reading of the sheet, the first errors, and
		// the first warnings while the list is short.
		listed := name(im.stops)
		errs = errs[:min(len(errs), MaxProblems-len(listed))]
		listed = append(listed, errs...)
		listed = append(listed, warnings[:min(len(warnings), MaxProblems-len(listed))]...).sorted()
		if more := im.errs.count + im.warnings.count - len(listed); more > 0 {
			listed = append(listed, Problem{File: file, Message: fmt.Sprintf("and %s, not listed (%s in all): mend those above and import again", problemCount(more, "more "), thousands(im.errs.count+im.warnings.count))})
		}
		return nil, listed
	}
	if more := im.warnings.count - len(warnings); more > 0 {
		msg := fmt.Sprintf("and %s more warnings, not listed", thousands(more))
		if more == 1 {
			msg = "and 1 more warning, not listed"
		}
		warnings = append(warnings, Problem{File: file, Warning: true, Message: msg})
	}
	res.Warnings, res.Notes = warnings, name(res.Notes)
	return res, nil
}

// problemCount writes "1 more problem", "2,345 more problems".
func problemCount(n int, more string) string {
	if n == 1 {
		return "1 " + more + "problem"
	}
	return thousands(n) + " " + more + "problems"
}

// thousands writes a count with commas between the thousands: 1,048,576.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// importer holds an import's state while it runs.
type importer struct {
	file string
	opts Options
	cols map[string]column
	// errs and warnings are the first problems found, and their counts.
	errs, warnings firstProblems
	// stops are the problems that stopped the reading of the sheet, and
	// the cells far outside it (at most maxFarRows): always listed,
	// counted among errs.
	stops []Problem
	// The CSV file's cells and its row of column names, once read.
	csv    *sheet
	header *header
	// columns is the row of column names of the sheet read, CSV or
	// workbook, once found.
	columns *header
	// suggested counts the cities given suggestions (see maxSuggested).
	suggested int
}

// report notes a problem at a place.
func (im *importer) report(at place, format string, args ...any) {
	im.add(Problem{at: at, Message: fmt.Sprintf(format, args...)})
}

// say notes a problem whose words are the message id of data/messages,
// with its placeholders named: format and args write it in English, as
// the English message does (a test keeps the two the same).
func (im *importer) say(at place, id string, named []any, format string, args ...any) {
	im.add(Problem{at: at, Message: fmt.Sprintf(format, args...), ID: id, Args: named})
}

// add notes a problem, or a warning.
func (im *importer) add(p Problem) {
	if p.Warning {
		im.warnings.add(p)
	} else {
		im.errs.add(p)
	}
}

// headerOf is the header of a cell's column, as the sheet writes it, for
// a cell below the row of column names.
func (im *importer) headerOf(at place) string {
	h := im.columns
	if h == nil || len(h.cells) == 0 || at.cellCol <= 0 || at.cellCol > len(h.cells) || at.cellRow <= h.cells[0].at.cellRow {
		return ""
	}
	return strings.TrimSpace(h.cells[at.cellCol-1].text)
}

// isWorkbook tells an .xlsx file, a zip archive, from a CSV file.
func isWorkbook(src []byte) bool {
	return bytes.HasPrefix(src, []byte("PK\x03\x04"))
}

// run imports the sheet, reporting what is wrong with it; the result is
// nil if anything is.
func (im *importer) run(src []byte) *Result {
	var s *sheet
	var h *header
	var ps []Problem
	if isWorkbook(src) {
		s, h, ps = readWorkbook(src, im.opts.Sheet, im.cols)
	} else {
		if im.opts.Sheet != "" {
			im.add(Problem{Message: "--sheet is for workbooks (.xlsx): a CSV file has one sheet"})
			return nil
		}
		if s, ps = readCSV(src); s != nil {
			h = s.findHeader(im.cols)
		}
	}
	// Problems with a sheet are what made it stop reading: the rows read
	// are still checked, when there are any.
	for _, p := range ps {
		if p.stop || s == nil {
			im.stops = append(im.stops, p)
			im.errs.count++
		} else {
			im.add(p)
		}
	}
	if s == nil {
		return nil
	}
	if h == nil {
		at := s.missing(0, 0)
		if len(s.rows) > 0 && len(s.rows[0]) > 0 {
			at = s.rows[0][0].at
		}
		im.say(at, "import.noHeader", []any{"Columns", columnList(allColumns())}, "no row of column names: write them in the first row, such as %s", columnList(allColumns()))
		return nil
	}
	if s.name == "" {
		im.csv, im.header = s, h
	}
	im.columns = h
	if !im.checkHeader(s, h) {
		return nil
	}
	rows := im.readRows(s, h)
	n := im.network(s, h, rows)
	if im.errs.count > 0 || n == nil {
		return nil
	}
	out := n.write()
	// The file written must be one that validate accepts. What validate
	// finds is a problem of a cell that the import passed on as it was
	// (a name too long, a paragraph of Markdown too long), reported at
	// that cell.
	parsed, _, err := data.ParseChecked(im.outName(), out, im.opts.Checks...)
	if err != nil {
		im.written(n, out, err)
		return nil
	}
	if err := im.joins(parsed); err != nil {
		im.add(Problem{Message: "the network made from the sheet breaks a rule of the atlas, which its city slug column may cause: " + err.Error()})
		return nil
	}
	return &Result{TOML: out, Cities: len(n.cities), Partners: len(n.partners), Found: n.found, Notes: n.notes()}
}

// notes are what the import chose for each city that a person should
// check: see Result.Notes.
func (n *network) notes() Problems {
	var ps Problems
	for _, c := range n.cities {
		at := c.first.cells[colCity].at
		if c.typed != "" {
			ps = append(ps, Problem{at: at, Warning: true, ID: "import.spelt", Args: []any{"Typed", c.typed, "City", c.name},
				Message: fmt.Sprintf("the sheet writes %s: the name is written %s, as the gazetteer spells it", c.typed, c.name)})
		}
		if p := c.place; p != nil && c.places > 1 {
			place := gazetteer.Describe(gazetteer.Found{Place: *p})
			country := data.CountryName(c.country)
			ps = append(ps, Problem{at: at, Warning: true, ID: "import.mostPopulous", Args: []any{"City", c.name, "Place", place, "Number", c.places, "Country", country},
				Message: fmt.Sprintf("%s is placed at %s, the most populous of the places of that name in %s (%d): check that it is the one meant, or write its latitude and longitude", c.name, place, country, c.places)})
		}
	}
	return ps
}

// joins checks that the network joins the atlas the import is given, if
// any, in place of the atlas's network of its slug.
func (im *importer) joins(n *data.Network) error {
	a := im.opts.Atlas
	if a == nil {
		return nil
	}
	networks := []*data.Network{n}
	for _, other := range a.Networks {
		if other.Slug != n.Slug {
			networks = append(networks, other)
		}
	}
	_, err := data.ComposeAtlas(a.Info, networks)
	return err
}

// outName is the name the written file's problems would be reported under.
func (im *importer) outName() string {
	return strings.TrimSuffix(filepath.Base(im.file), filepath.Ext(im.file)) + ".toml"
}

// header is the row of column names: where it is and which cell holds
// each column's name.
type header struct {
	row   int
	index [columnCount]int // the column's cell in each row; -1 when absent
	cells []cell           // the row itself
	known []bool           // which of its cells name a column
}

// headerRows is how far down the sheet a row of column names is looked
// for, below titles and notes.
const headerRows = 10

// findHeader finds the first row, among the first few, that names the
// partner column and at least one other.
func (s *sheet) findHeader(cols map[string]column) *header {
	for r := 0; r < len(s.rows) && r < headerRows; r++ {
		h := &header{row: r, cells: s.rows[r], known: make([]bool, len(s.rows[r]))}
		for c := range h.index {
			h.index[c] = -1
		}
		found := 0
		for i, c := range s.rows[r] {
			col, ok := cols[headerKey(c.text)]
			if !ok {
				continue
			}
			h.known[i] = true
			if h.index[col] < 0 {
				h.index[col] = i
				found++
			}
		}
		if found >= 2 && (h.index[colPartner] >= 0 || h.index[colCity] >= 0) {
			return h
		}
	}
	return nil
}

// checkHeader reports required columns that are missing and columns
// named twice; it reports whether the rows can be read.
func (im *importer) checkHeader(s *sheet, h *header) bool {
	ok := true
	for i, c := range h.cells {
		col, known := im.cols[headerKey(c.text)]
		if known && h.index[col] != i {
			im.say(c.at, "import.secondColumn", []any{"Column", col.name(), "First", h.cells[h.index[col]].at.name}, "a second %s column (the first is %s): delete one of them, or rename it", col.name(), h.cells[h.index[col]].at.name)
			ok = false
		}
	}
	var unknown []string
	for i, c := range h.cells {
		if !h.known[i] && strings.TrimSpace(c.text) != "" {
			unknown = append(unknown, fmt.Sprintf("%s %q", c.at.name, c.text))
		}
	}
	first := h.cells[0].at
	for _, col := range required {
		if h.index[col] >= 0 {
			continue
		}
		msg := fmt.Sprintf("no %s column: add one headed %s (or %s)", col.name(), col.name(), strings.Join(headers[col][1:min(4, len(headers[col]))], ", "))
		if len(unknown) > 0 {
			msg += "; the columns not recognised are " + strings.Join(unknown, ", ")
		}
		im.report(first, "%s", msg)
		ok = false
	}
	return ok
}

func allColumns() []column {
	cols := make([]column, columnCount)
	for i := range cols {
		cols[i] = column(i)
	}
	return cols[:colDescription+1]
}

func columnList(cols []column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name()
	}
	return strings.Join(names, ", ")
}

// row is a partner's row: the cell of each column.
type row struct {
	cells [columnCount]cell
	has   [columnCount]bool // the sheet has the column
	line  int               // the row's number, or its line in a CSV file
}

// text is a cell's text without the spaces around it; a description,
// which is Markdown, keeps its own unless it is nothing but spaces.
func (r *row) text(c column) string {
	t := r.cells[c].text
	if c == colDescription && strings.TrimSpace(t) != "" {
		return t
	}
	return strings.TrimSpace(t)
}

// readRows reads the rows under the header, leaving out empty ones.
func (im *importer) readRows(s *sheet, h *header) []*row {
	var rows []*row
	for ri := h.row + 1; ri < len(s.rows); ri++ {
		r := &row{}
		empty := true
		for c, i := range h.index {
			if i < 0 {
				continue
			}
			r.has[c] = true
			if i < len(s.rows[ri]) {
				r.cells[c] = s.rows[ri][i]
			} else {
				r.cells[c] = cell{at: s.missing(ri, i)}
			}
			if strings.TrimSpace(r.cells[c].text) != "" || r.cells[c].formula != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		r.line = r.cells[colPartner].at.row
		if !r.has[colPartner] {
			r.line = r.cells[colCity].at.row
		}
		im.cellText(r, s.name == "")
		rows = append(rows, r)
	}
	return rows
}

// cellText reports formulas the import cannot use: in a workbook, one
// saved without its value; in a CSV file, text that starts with "=",
// which a spreadsheet wrote as it was typed. A leading quote that the CSV
// download puts before text a spreadsheet would run ('=...) is dropped.
func (im *importer) cellText(r *row, csv bool) {
	for c := range r.cells {
		cl := &r.cells[c]
		switch {
		case cl.formula != "":
			im.say(cl.at, "import.formula", []any{"Column", column(c).name(), "Formula", strings.TrimPrefix(cl.formula, "=")}, "the %s cell holds the formula =%s with no value saved: open the file in your spreadsheet program and save it, or replace the formula by its value (copy, then Paste Special > Values)", column(c).name(), strings.TrimPrefix(cl.formula, "="))
			cl.reported = true
		case csv && strings.HasPrefix(strings.TrimSpace(cl.text), "="):
			im.say(cl.at, "import.formulaCSV", []any{"Column", column(c).name(), "Formula", strings.TrimSpace(cl.text)}, "the %s cell holds the formula %s, which a CSV file has no value for: save the CSV from your spreadsheet program, which writes the values, or write the value here", column(c).name(), strings.TrimSpace(cl.text))
			cl.text, cl.reported = "", true
		case csv && len(cl.text) > 1 && cl.text[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(cl.text[1])):
			cl.text = cl.text[1:]
		}
	}
}

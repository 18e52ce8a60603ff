package geo

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"partnermap/data"
)

// csvHeader names the columns of the CSV: the GeoJSON's property names
// where there is one. The country is given both ways, as its ISO 3166-1
// alpha-2 code for joining with other data and by name for reading.
func csvHeader() []string {
	return []string{"network", "partner", "kind", "role", "city", "local_name", "country", "country_name", "latitude", "longitude", "page_url"}
}

// CSV writes the network's partners for spreadsheets, one row per partner
// in file order, with its city's name, country and position; cityURL
// gives the absolute address of a city's page. It is RFC 4180 with CRLF
// line ends, in UTF-8 without a byte order mark, which scripts and
// databases would read as part of the first column's name (spreadsheets
// ask for the encoding on import). No text is read as a formula, whatever
// list separator a spreadsheet reads it with (see csvText).
func CSV(n *data.Network, cityURL func(slug string) string) ([]byte, error) {
	var buf bytes.Buffer
	w := newCSVWriter(&buf)
	w.Write(csvHeader())
	csvPartners(w, n, cityURL)
	w.Flush()
	return buf.Bytes(), w.Error()
}

// csvPartners writes a row per partner of the network.
func csvPartners(w *csvWriter, n *data.Network, cityURL func(slug string) string) {
	for _, p := range n.Partners {
		c, ok := n.City(p.City)
		if !ok {
			continue
		}
		at := Point(*c)
		w.Write([]string{
			csvText(n.Name), csvText(p.Name), csvText(string(p.Kind)), csvText(string(p.Role)),
			csvText(c.Name), csvText(c.LocalName), csvText(c.Country), csvText(data.CountryName(c.Country)),
			strconv.FormatFloat(at.Lat(), 'f', -1, 64), strconv.FormatFloat(at.Lon(), 'f', -1, 64),
			csvText(cityURL(c.Slug)),
		})
	}
}

// csvText keeps a spreadsheet from running text as a formula, as OWASP
// advises against CSV injection, whichever list separator it splits the
// file's lines with: a comma, a semicolon (the default where the decimal
// separator is a comma, as in much of Europe) or a tab.
//   - Tabs and line breaks become spaces, and other control characters,
//     NUL among them, are dropped: they have no place in a name, and a tab
//     would start a cell for a spreadsheet that splits at tabs.
//   - Text that starts like a formula, with =, +, -, or @ (after spaces
//     and quotes), gets a single quote before it.
//   - So does text after a semicolon inside it, where a spreadsheet that
//     splits at semicolons starts a cell. A comma inside it is quoted (see
//     csvWriter), which keeps it in its cell where commas split.
//
// Coordinates are numbers and are written as they are.
func csvText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	var b strings.Builder
	for i, part := range strings.Split(s, ";") {
		if i > 0 {
			b.WriteByte(';')
		}
		if formulaLike(part) {
			b.WriteByte('\'')
		}
		b.WriteString(part)
	}
	return b.String()
}

// formulaLike reports whether a spreadsheet could read text as a formula:
// it starts with =, +, - or @, after any spaces and quotes.
func formulaLike(s string) bool {
	s = strings.TrimLeft(s, ` "`)
	return s != "" && strings.ContainsRune("=+-@", rune(s[0]))
}

// csvWriter writes RFC 4180 CSV with CRLF line ends, as encoding/csv
// does, but quotes every field that holds a separator a spreadsheet may
// split lines at (a comma, a semicolon or a tab), a quote or a line
// break, or starts with a space.
type csvWriter struct{ buf *bytes.Buffer }

func newCSVWriter(buf *bytes.Buffer) *csvWriter { return &csvWriter{buf} }

// Write writes a record.
func (w *csvWriter) Write(record []string) error {
	for i, field := range record {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if field == "" || !strings.ContainsAny(field, ",;\t\"\r\n") && field[0] != ' ' {
			w.buf.WriteString(field)
			continue
		}
		w.buf.WriteByte('"')
		w.buf.WriteString(strings.ReplaceAll(field, `"`, `""`))
		w.buf.WriteByte('"')
	}
	w.buf.WriteString("\r\n")
	return nil
}

// Flush does nothing: the records are in the buffer as they are written.
func (w *csvWriter) Flush() {}

// Error is nil: writing to a buffer does not fail.
func (w *csvWriter) Error() error { return nil }

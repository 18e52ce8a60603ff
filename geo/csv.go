package geo

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

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
// ask for the encoding on import).
func CSV(n *data.Network, cityURL func(slug string) string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write(csvHeader())
	csvPartners(w, n, cityURL)
	w.Flush()
	return buf.Bytes(), w.Error()
}

// csvPartners writes a row per partner of the network.
func csvPartners(w *csv.Writer, n *data.Network, cityURL func(slug string) string) {
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

// csvText keeps a spreadsheet from running a cell as a formula: text that
// starts like one gets a leading single quote, as OWASP advises against
// CSV injection. Coordinates are numbers and are written as they are.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

package spreadsheet

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"partnermap/data"
)

// written reports what validate finds in the data file made from the
// sheet at the cells its texts came from: a name longer than a name may
// be, a description whose Markdown breaks a rule. A problem that no cell
// explains is the import's own mistake, and says so.
func (im *importer) written(n *network, out []byte, err error) {
	var ps data.Problems
	if !errors.As(err, &ps) {
		im.add(Problem{Message: "the data file made from the sheet cannot be checked: " + err.Error()})
		return
	}
	keys := writtenKeys(out)
	for _, p := range ps {
		if p.Warning {
			continue
		}
		var k writtenKey
		if p.Line >= 1 && p.Line <= len(keys) {
			k = keys[p.Line-1]
		}
		if at, ok := n.cellOf(k); ok {
			im.add(Problem{at: at, Message: p.Message})
			continue
		}
		if k.table == "network" {
			im.add(Problem{Message: fmt.Sprintf("the network's %s (--%s): %s", k.key, strings.ReplaceAll(k.key, "_", "-"), p.Message)})
			continue
		}
		im.add(Problem{Message: "the data file made from the sheet is not valid, which is a fault of partnermap import: " + p.String()})
	}
}

// writtenKey is what a line of the data file written belongs to: a
// table (network, cities or partners), the entry of an array of tables,
// and the key whose value the line holds or continues.
type writtenKey struct {
	table string
	index int // of the entry, from 0
	key   string
}

var (
	tableLine = regexp.MustCompile(`^\[\[?([a-z_]+)\]\]?$`)
	keyLine   = regexp.MustCompile(`^([a-z_]+) = `)
)

// writtenKeys reads the data file written line by line: for each line,
// the key it is part of, as the data file's problems give lines.
func writtenKeys(out []byte) []writtenKey {
	var keys []writtenKey
	var k writtenKey
	k.index = -1
	count := map[string]int{}
	for line := range bytes.Lines(out) {
		line = bytes.TrimRight(line, "\r\n")
		if m := tableLine.FindSubmatch(line); m != nil {
			k = writtenKey{table: string(m[1]), index: count[string(m[1])]}
			count[k.table]++
		} else if m := keyLine.FindSubmatch(line); m != nil {
			k.key = string(m[1])
		}
		keys = append(keys, k)
	}
	return keys
}

// cellOf is the cell a key of the data file written was taken from, if
// the sheet gave it.
func (n *network) cellOf(k writtenKey) (place, bool) {
	var r *row
	var col column
	switch {
	case k.table == "cities" && k.index >= 0 && k.index < len(n.cities):
		c := n.cities[k.index]
		cols := map[string]column{"name": colCity, "local_name": colLocalName, "country": colCountry, "lat": colLat, "lon": colLon, "focus_area": colFocusArea, "description": colDescription, "slug": colCity}
		if c.slugGiven {
			cols["slug"] = colCitySlug
		}
		var ok bool
		if col, ok = cols[k.key]; !ok {
			return place{}, false
		}
		if r = c.given[col]; r == nil {
			r = c.first
		}
	case k.table == "partners" && k.index >= 0 && k.index < len(n.partners):
		p := n.partners[k.index]
		cols := map[string]column{"name": colPartner, "kind": colKind, "role": colRole, "city": colCity, "website": colWebsite, "slug": colPartner}
		if p.row.text(colPartnerSlug) != "" {
			cols["slug"] = colPartnerSlug
		}
		var ok bool
		if col, ok = cols[k.key]; !ok {
			return place{}, false
		}
		r = p.row
	default:
		return place{}, false
	}
	if r == nil || !r.has[col] {
		return place{}, false
	}
	return r.cells[col].at, true
}

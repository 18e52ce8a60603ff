package spreadsheet

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// errNotCoordinate is what a text that is no way of writing a coordinate
// gives.
var errNotCoordinate = errors.New("is not a coordinate")

// degrees reads a coordinate as spreadsheets hold it and people write it:
// decimal degrees with a point or, as in much of Europe, a comma (38.1157,
// 38,1157, 38.1157°), or degrees and minutes, with seconds or not, and
// the hemisphere (45°46'N, 4°50'E, 38°6'57"N, 38° 6′ 57.4″ N, N 38°6,95');
// south and west are negative. lat says which the cell should hold: a
// latitude (N or S) or a longitude (E or W).
func degrees(s string, lat bool) (float64, error) {
	t := strings.TrimSpace(s)
	hemisphere := byte(0)
	if n := len(t); n > 0 && strings.IndexByte("NSEWnsew", t[n-1]) >= 0 && (n == 1 || !isLetter(t[n-2])) {
		hemisphere, t = upper(t[n-1]), t[:n-1]
	} else if n > 1 && strings.IndexByte("NSEWnsew", t[0]) >= 0 && !isLetter(t[1]) {
		hemisphere, t = upper(t[0]), t[1:]
	}
	// Degrees, minutes and seconds are numbers separated by their marks
	// (the usual characters for each, and a double apostrophe for
	// seconds) or by spaces.
	marked := false
	fields := strings.FieldsFunc(strings.ReplaceAll(t, "''", `"`), func(r rune) bool {
		if strings.ContainsRune("°º˚'’′´`\"”″", r) {
			marked = true
			return true
		}
		return r == ' ' || r == '\u00a0'
	})
	if len(fields) == 0 || len(fields) > 3 || len(fields) > 1 && !marked && hemisphere == 0 {
		return 0, errNotCoordinate
	}
	var parts [3]float64
	for i, f := range fields {
		v, ok := decimal(f)
		if !ok || i > 0 && (v < 0 || v >= 60) || i < len(fields)-1 && v != math.Trunc(v) {
			if ok && i > 0 && v >= 60 {
				return 0, fmt.Errorf("has %s of 60 or more", []string{"", "minutes", "seconds"}[i])
			}
			return 0, errNotCoordinate
		}
		parts[i] = v
	}
	v := math.Abs(parts[0]) + parts[1]/60 + parts[2]/3600
	if parts[0] < 0 || strings.HasPrefix(fields[0], "-") {
		if hemisphere != 0 {
			return 0, fmt.Errorf("has both a minus and %c: write one of them", hemisphere)
		}
		v = -v
	}
	switch hemisphere {
	case 'S', 'W':
		v = -v
	}
	if hemisphere != 0 && lat != (hemisphere == 'N' || hemisphere == 'S') {
		if lat {
			return 0, fmt.Errorf("is a longitude (%c): write it in the longitude column, and the latitude (N or S) here", hemisphere)
		}
		return 0, fmt.Errorf("is a latitude (%c): write it in the latitude column, and the longitude (E or W) here", hemisphere)
	}
	return v, nil
}

// decimal reads a number with a decimal point or comma.
func decimal(s string) (float64, bool) {
	if !strings.Contains(s, ".") && strings.Count(s, ",") == 1 {
		s = strings.Replace(s, ",", ".", 1)
	}
	if s == "" || strings.Trim(s, "0123456789.+-") != "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func upper(b byte) byte {
	if b >= 'a' && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}

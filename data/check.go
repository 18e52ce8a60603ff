package data

import (
	"math"
	"strconv"
)

// A Check looks at a city that is otherwise valid and says what is wrong
// with it, such as a point that lies outside the city's country. This
// package knows no geography: whoever loads a file passes the checks that
// do (see ParseChecked).
type Check func(c *City) []Finding

// Finding is what a Check says about one key of a city.
type Finding struct {
	Key     string // the city's key it is about: "lat", "lon", "country" or "name"
	Message string // what is wrong and what to write instead
	// Warning marks a finding that leaves the file usable, such as a city
	// far from the place of its name, which may be meant.
	Warning bool
	// ID names the message of data/messages that says Message in each
	// interface language, with Args its placeholders, name then value;
	// "" for a finding in English only.
	ID   string
	Args []any
}

// ParseChecked is Parse with checks run on every city whose country and
// coordinates are valid, in order, until one finds an error. Their errors are problems of the file like any
// other, and come in the same error; their warnings are returned apart
// when the file is usable, and with the errors, in file order, when not.
func ParseChecked(name string, src []byte, checks ...Check) (*Network, Problems, error) {
	return parse(name, src, checks)
}

// checkCity runs the checks on the city at path, when its country and
// coordinates passed the file's own rules.
func (v *validator) checkCity(path string, c *City) {
	if len(v.checks) == 0 || !IsCountry(c.Country) || !v.at.has(path+".lat") || !v.at.has(path+".lon") ||
		!inRange(c.Lat, 90) || !inRange(c.Lon, 180) {
		return
	}
	for _, check := range v.checks {
		failed := false
		for _, f := range check(c) {
			v.reportAt(v.at.find(path+"."+f.Key), path+"."+f.Key, "%s", f.Message)
			v.problems[len(v.problems)-1].Warning = f.Warning
			failed = failed || !f.Warning
		}
		if failed {
			return // what the next checks say of a city in the wrong place is noise
		}
	}
}

func inRange(x, limit float64) bool {
	return !math.IsNaN(x) && x >= -limit && x <= limit
}

// split takes the warnings out of the problems.
func (ps Problems) split() (errs, warnings Problems) {
	for _, p := range ps {
		if p.Warning {
			warnings = append(warnings, p)
		} else {
			errs = append(errs, p)
		}
	}
	return errs, warnings
}

// FormatDegrees writes a coordinate as data files do, with at most four
// decimals (about 11 m), as precise as a city's point needs to be.
func FormatDegrees(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64)
}

// FormatKm writes a distance in whole kilometres, thousands separated by
// commas as in the rest of the messages: "1,234".
func FormatKm(km float64) string {
	s := strconv.FormatFloat(math.Round(km), 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// LinkProblem says what is wrong with a website's address, as the file's
// own rules would, or returns "" when there is nothing wrong with it.
func LinkProblem(raw string) string {
	return linkProblem(raw, false)
}

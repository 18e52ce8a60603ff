package components

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"partnermap/data"
)

// Every key the templates and the site ask for is in the catalog, and the
// catalog holds nothing else.
func TestEnglishHasEveryKey(t *testing.T) {
	sources, err := filepath.Glob("*.templ")
	if err != nil {
		t.Fatal(err)
	}
	sources = append(sources, "../web/routes.go")
	// Keys built from data ("kind." + kind) are listed below instead.
	literal := regexp.MustCompile(`\.T\("([^"]+[^."])"`)
	// Keys made in Go: dates, file sizes, and the skip link's target.
	used := map[string]bool{"date": true, "period": true, "period.until": true, "skip.cities": true,
		"size.bytes": true, "size.kb": true, "size.mb": true}
	for _, s := range sources {
		src, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
	}
	for _, k := range []data.Kind{data.KindCity, data.KindOrganisation} {
		used["kind."+string(k)] = true
	}
	for _, r := range []data.Role{data.RoleCoordinator, data.RolePartner} {
		used["role."+string(r)] = true
	}
	for m := 1; m <= 12; m++ {
		used["month."+strconv.Itoa(m)] = true
	}
	en := English()
	keys := en.Keys()
	for k := range used {
		if !slices.Contains(keys, k) {
			t.Errorf("key %q is used but not in the English catalog", k)
		}
	}
	for _, k := range keys {
		if !used[k] {
			t.Errorf("key %q is in the catalog but never used", k)
		}
	}
}

func TestPeriod(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"span", day(2008, 4, 21), day(2011, 5, 20), "21 April 2008 – 20 May 2011"},
		{"one day", day(2010, 11, 25), time.Time{}, "25 November 2010"},
		{"same day twice", day(2010, 11, 25), day(2010, 11, 25), "25 November 2010"},
		{"end only", time.Time{}, day(2011, 5, 20), "until 20 May 2011"},
		{"neither", time.Time{}, time.Time{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := English().Period(tc.start, tc.end); got != tc.want {
				t.Errorf("Period = %q, want %q", got, tc.want)
			}
		})
	}
}

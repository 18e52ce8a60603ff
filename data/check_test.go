package data_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"partnermap/data"
)

// A check's findings are placed at the key they name, errors among the
// file's problems and warnings apart; cities that break the file's own
// rules are not checked.
func TestParseChecked(t *testing.T) {
	var checked []string
	check := func(c *data.City) []data.Finding {
		checked = append(checked, c.Slug)
		switch c.Slug {
		case "palermo":
			return []data.Finding{{Key: "lat", Message: "far away", Warning: true}}
		case "berlin":
			return []data.Finding{{Key: "country", Message: "not there"}}
		}
		return nil
	}
	cases := []struct {
		name         string
		edit         lines
		wantChecked  []string
		wantErr      []string
		wantWarnings []string
	}{
		{
			name:         "an error and a warning",
			wantChecked:  []string{"palermo", "berlin"},
			wantErr:      []string{"net.toml:21:1: warning: far away", "net.toml:35:1: not there"},
			wantWarnings: nil,
		},
		{
			name:         "a warning alone",
			edit:         lines{33: `slug = "berlino"`, 44: `city = "berlino"`},
			wantChecked:  []string{"palermo", "berlino"},
			wantWarnings: []string{"net.toml:21:1: warning: far away"},
		},
		{
			name:        "coordinates out of range are not checked",
			edit:        lines{21: `lat = 138.1157`, 35: `country = "UK"`},
			wantChecked: nil,
			wantErr: []string{
				"net.toml:21:1: lat = 138.1157 is out of range: write decimal degrees between -90 and 90, such as lat = 38.1157",
				`net.toml:35:1: country "UK" is not an ISO 3166-1 alpha-2 code: write country = "GB"`,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checked = nil
			n, warnings, err := data.ParseChecked("net.toml", []byte(tc.edit.source()), check)
			if !reflect.DeepEqual(checked, tc.wantChecked) {
				t.Errorf("checked %q, want %q", checked, tc.wantChecked)
			}
			var ps data.Problems
			if errors.As(err, &ps) != (len(tc.wantErr) > 0) || (err == nil) != (n != nil) {
				t.Fatalf("err = %v, network %v", err, n != nil)
			}
			if got := problemStrings(ps); !reflect.DeepEqual(got, tc.wantErr) {
				t.Errorf("problems:\n%q\nwant\n%q", got, tc.wantErr)
			}
			if got := problemStrings(warnings); !reflect.DeepEqual(got, tc.wantWarnings) {
				t.Errorf("warnings:\n%q\nwant\n%q", got, tc.wantWarnings)
			}
		})
	}
}

func problemStrings(ps data.Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Malmö", "malmo"},
		{"MALMO", "malmo"},
		{"Vaulx-en-Velin", "vaulx en velin"},
		{"  Łódź ", "lodz"},
		{"Frankfurt (Oder)", "frankfurt oder"},
		{"L'Aquila", "l aquila"},
		{"София", "софия"},
		{"Straße", "strasse"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := data.Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatNumbers(t *testing.T) {
	for in, want := range map[float64]string{38.11573: "38.1157", 52.52: "52.52", -5.66171: "-5.6617", 13: "13"} {
		if got := data.FormatDegrees(in); got != want {
			t.Errorf("FormatDegrees(%v) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[float64]string{0.4: "0", 26.6: "27", 1234.4: "1,234", 1234567: "1,234,567"} {
		if got := data.FormatKm(in); got != want {
			t.Errorf("FormatKm(%v) = %q, want %q", in, got, want)
		}
	}
	if fmt.Sprint(len(data.CountryCodes())) != "250" {
		t.Errorf("%d country codes, want the 249 ISO assigns and XK", len(data.CountryCodes()))
	}
}

package spreadsheet

import (
	"math"
	"testing"
)

// Coordinates are read as spreadsheets hold them and people write them.
func TestDegrees(t *testing.T) {
	cases := []struct {
		in   string
		lat  bool
		want float64
		err  string // "" for none
	}{
		{"38.1157", true, 38.1157, ""},
		{"38,1157", true, 38.1157, ""},
		{" -5,6617 ", false, -5.6617, ""},
		{"38.1157°", true, 38.1157, ""},
		{"45°46'N", true, 45 + 46.0/60, ""},
		{"4°50'E", false, 4 + 50.0/60, ""},
		{"4°50'W", false, -(4 + 50.0/60), ""},
		{`38°6'57"N`, true, 38 + 6.0/60 + 57.0/3600, ""},
		{"38° 6′ 57.4″ N", true, 38 + 6.0/60 + 57.4/3600, ""},
		{"38º6’57”S", true, -(38 + 6.0/60 + 57.0/3600), ""},
		{"38°6'57''N", true, 38 + 6.0/60 + 57.0/3600, ""},
		{"N 38°6,95'", true, 38 + 6.95/60, ""},
		{"13 21 41 E", false, 13 + 21.0/60 + 41.0/3600, ""},
		{"45.764 n", true, 45.764, ""},
		{"45°46'E", true, 0, "is a longitude (E): write it in the longitude column, and the latitude (N or S) here"},
		{"45°46'N", false, 0, "is a latitude (N): write it in the latitude column, and the longitude (E or W) here"},
		{"45°61'N", true, 0, "has minutes of 60 or more"},
		{"-45°46'N", true, 0, "has both a minus and N: write one of them"},
		{"45 46", true, 0, "is not a coordinate"},
		{"45.5°46'N", true, 0, "is not a coordinate"},
		{"north", true, 0, "is not a coordinate"},
		{"NaN", true, 0, "is not a coordinate"},
		{"1e3", true, 0, "is not a coordinate"},
		{"", true, 0, "is not a coordinate"},
	}
	for _, tc := range cases {
		got, err := degrees(tc.in, tc.lat)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("degrees(%q) failed: %v", tc.in, err)
		case tc.err == "" && math.Abs(got-tc.want) > 1e-9:
			t.Errorf("degrees(%q) = %v, want %v", tc.in, got, tc.want)
		case tc.err != "" && (err == nil || len(err.Error()) < len(tc.err) || err.Error()[:len(tc.err)] != tc.err):
			t.Errorf("degrees(%q) = %v, %v; want the error %q", tc.in, got, err, tc.err)
		}
	}
}

package spreadsheet

import "testing"

// A header's remarks in brackets and its asterisk are set aside; a
// bracket that is never closed is punctuation like any other.
func TestHeaderKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Latitude (WGS84)", "latitude"},
		{"Partner*", "partner"},
		{"* City [required] (as on the map)", "city"},
		{"Local name (in the local language", "local name in the local language"},
		{"Kind [city or organisation", "kind city or organisation"},
		{"Role (a) (b)", "role"},
		{"Country (ISO [alpha-2])", "country"},
		{"Focus area [x)]", "focus area"},
		{"Stadt (Ort)*", "stadt"},
		{"local_name", "local name"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := headerKey(tc.in); got != tc.want {
			t.Errorf("headerKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

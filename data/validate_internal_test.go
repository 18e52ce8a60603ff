package data

import "testing"

func TestIsSlug(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"palermo", true},
		{"city-of-palermo-2", true},
		{"42", true},
		{"a-b-c", true},
		{"", false},
		{"-palermo", false},
		{"palermo-", false},
		{"city--of", false},
		{"-", false},
		{"Palermo", false},
		{"malmö", false},
		{"city_of", false},
		{"city of", false},
		{"a/b", false},
	}
	for _, tc := range cases {
		if got := isSlug(tc.in); got != tc.want {
			t.Errorf("isSlug(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// spellASCII spells each letter without a decomposition and leaves every
// other byte as it was, bytes that are not UTF-8 among them.
func TestSpellASCII(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ÆæŒœØøŁłĐđÐðÞþĦħıß", "AeaeOeoeOoLlDdDdThthHhiss"},
		{"Ærøskøbing, Łódź, Þórshöfn", "Aeroskobing, Lódź, Thórshöfn"},
		{"Straße\xff", "Strasse\xff"},
		{"Malmö", "Malmö"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := spellASCII(tc.in); got != tc.want {
			t.Errorf("spellASCII(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

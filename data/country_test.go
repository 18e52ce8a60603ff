package data_test

import (
	"testing"

	"partnermap/data"
)

// Country names follow the page's language; English ones stay those the
// site has always shown, and what x/text cannot name comes out in English.
func TestCountryNameIn(t *testing.T) {
	cases := []struct {
		name, code, lang, want string
	}{
		{"German", "DE", "de", "Deutschland"},
		{"Italian", "IT", "it", "Italia"},
		{"Italian, another country", "DE", "it", "Germania"},
		{"Bulgarian", "BG", "bg", "България"},
		{"English", "GB", "en", "United Kingdom"},
		{"English, another country", "DE", "en", "Germany"},
		{"language x/text does not know", "IT", "not a tag", "Italy"},
		{"code x/text does not know", "Q", "de", "Q"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := data.CountryNameIn(tc.code, tc.lang); got != tc.want {
				t.Errorf("CountryNameIn(%q, %q) = %q, want %q", tc.code, tc.lang, got, tc.want)
			}
		})
	}
}

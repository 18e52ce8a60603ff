package data

import "testing"

func TestSuggestLanguage(t *testing.T) {
	cases := []struct{ in, want string }{
		{"IT", "it"},
		{"en-GB", "en"},
		{"de_AT", "de"},
		{"ita", "it"},
		{"SE", "sv"},
		{"UK", "en"},
		{"Italian", "it"},
		{"français", "fr"},
		{"Български", "bg"},
		{" nl ", "nl"},
		{"pt", ""},
		{"xx", ""},
		{"", ""},
	}
	for _, tc := range cases {
		if got := suggestLanguage(tc.in); got != tc.want {
			t.Errorf("suggestLanguage(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

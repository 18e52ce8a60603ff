package data

import (
	"testing"

	"partnermap/data/messages"
)

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
		{"ja", ""},
		{"xx", ""},
		{"", ""},
	}
	for _, tc := range cases {
		if got := suggestLanguage(tc.in); got != tc.want {
			t.Errorf("suggestLanguage(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A data file may translate into exactly the languages that have a
// message file, the list the interface shows.
func TestIsLanguage(t *testing.T) {
	tags := messages.Tags()
	if len(tags) < 2 || tags[0] != DefaultLanguage {
		t.Fatalf("messages.Tags() = %v, want the default, %s, first", tags, DefaultLanguage)
	}
	for _, tag := range tags {
		if !isLanguage(tag) {
			t.Errorf("isLanguage(%q) = false for a language with a message file", tag)
		}
	}
	for _, tag := range []string{"", "ja", "EN", "en-GB", "e", "../en", "*", "en.toml"} {
		if isLanguage(tag) {
			t.Errorf("isLanguage(%q) = true", tag)
		}
	}
}

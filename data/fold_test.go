package data_test

import (
	"testing"

	"partnermap/data"
)

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"palermo", "palermo", 2, 0},
		{"palremo", "palermo", 2, 2}, // two letters swapped: two edits
		{"malmo", "malmö", 2, 1},     // letters, not bytes
		{"nantes", "nante", 2, 1},    // one left out
		{"berlin", "palermo", 2, 3},  // past the limit: limit+1
		{"a", "abcdefgh", 2, 3},      // lengths alone are too far apart
		{"kitten", "sitting", 10, 3}, // the textbook pair, unbounded
		{"", "abc", 5, 3},
	}
	for _, c := range cases {
		if got := data.EditDistance([]rune(c.a), []rune(c.b), c.limit); got != c.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

package diff_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"partnermap/data/diff"
)

func TestUnified(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"same", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nE\nf\ng\nh\n",
			"--- old\n+++ new\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"},
		{"added at the end", "a\n", "a\nb\n", "--- old\n+++ new\n@@ -1 +1,2 @@\n a\n+b\n"},
		{"removed at the start", "a\nb\n", "b\n", "--- old\n+++ new\n@@ -1,2 +1 @@\n-a\n b\n"},
		{"into an empty file", "", "a\n", "--- old\n+++ new\n@@ -0,0 +1 @@\n+a\n"},
		{"no newline at the end", "a\nb", "a\nc", "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny\n",
			"--- old\n+++ new\n@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+y\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(diff.Unified("old", "new", []byte(tc.old), []byte(tc.new))); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// Applying the diff to the old text gives the new one, whatever the
// change: lines repeated, moved, removed and added.
func TestUnifiedApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		var old []string
		for range r.IntN(40) {
			old = append(old, strconv.Itoa(r.IntN(8))) // many repeated lines
		}
		cur := append([]string(nil), old...)
		for range 1 + r.IntN(6) {
			switch i := r.IntN(len(cur) + 1); r.IntN(3) {
			case 0:
				cur = append(cur[:i], append([]string{"new" + strconv.Itoa(r.IntN(3))}, cur[i:]...)...)
			case 1:
				if i < len(cur) {
					cur = append(cur[:i], cur[i+1:]...)
				}
			default:
				if i < len(cur) {
					cur[i] = strconv.Itoa(r.IntN(8))
				}
			}
		}
		a, b := text(old), text(cur)
		d := diff.Unified("a", "b", a, b)
		if got, err := apply(a, d); err != nil || !bytes.Equal(got, b) {
			t.Fatalf("case %d: applying\n%s\nto\n%s\ngives\n%s (%v), want\n%s", n, d, a, got, err, b)
		}
	}
}

func text(lines []string) []byte {
	if len(lines) == 0 {
		return nil
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

// apply applies a unified diff of whole lines.
func apply(old, d []byte) ([]byte, error) {
	if len(d) == 0 {
		return old, nil
	}
	src := strings.SplitAfter(string(old), "\n")
	if len(src) > 0 && src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	var out []string
	at := 0
	for _, line := range strings.SplitAfter(string(d), "\n")[2:] {
		switch {
		case line == "":
		case strings.HasPrefix(line, "@@"):
			var a, b int
			fields := strings.Fields(line)
			a, _ = strconv.Atoi(strings.Split(strings.TrimPrefix(fields[1], "-"), ",")[0])
			_ = b
			if strings.HasSuffix(fields[1], ",0") {
				a++
			}
			for at < a-1 {
				out = append(out, src[at])
				at++
			}
		case line[0] == ' ':
			if src[at] != line[1:] {
				return nil, fmt.Errorf("context %q is not line %d, %q", line[1:], at+1, src[at])
			}
			out = append(out, src[at])
			at++
		case line[0] == '-':
			at++
		case line[0] == '+':
			out = append(out, line[1:])
		}
	}
	out = append(out, src[at:]...)
	return []byte(strings.Join(out, "")), nil
}

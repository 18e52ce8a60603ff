package geo

import (
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// regular is Go Regular, and a face of it size pixels high.
func regular(tb testing.TB, size float64) (*sfnt.Font, font.Face) {
	tb.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		tb.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		tb.Fatal(err)
	}
	return f, face
}

func TestTextClean(t *testing.T) {
	f, _ := regular(t, 28)
	for _, tc := range []struct {
		name, in, want string
		cut            bool
	}{
		{"runs of white space become one space, none at the ends", "  Vaulx-en-Velin \n\t Lyon  ", "Vaulx-en-Velin Lyon", false},
		{"composed, as the fonts have é but no combining accent", "Gijo\u0301n", "Gijón", false},
		{"control and format characters are left out", "Mal\x00mö\u200b\u202e", "Malmö", false},
		{"characters without a glyph are left out, not drawn as boxes", "Zabrze 🏭 ", "Zabrze", false},
		{"text past the limit is cut at a character, and says so", strings.Repeat("é", previewTextBytes), strings.Repeat("é", previewTextBytes/2), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, cut := textClean(tc.in, f)
			if string(got) != tc.want || cut != tc.cut {
				t.Errorf("textClean(%q) = %q, %v; want %q, %v", tc.in, string(got), cut, tc.want, tc.cut)
			}
		})
	}
}

func TestTextWrap(t *testing.T) {
	_, face := regular(t, 28)
	width := func(s string) fixed.Int26_6 { return textMeasure(face, []rune(s)) }
	for _, tc := range []struct {
		name  string
		text  string
		max   fixed.Int26_6
		lines int
		cut   bool
		want  []string // nil: only the rules below
	}{
		{name: "what fits stays one line", text: "Palermo", max: width("Palermo"), lines: 2, want: []string{"Palermo"}},
		{name: "a line breaks at the last space that fits", text: "Alba Iulia Romania", max: width("Alba Iulia") + 64, lines: 2, want: []string{"Alba Iulia", "Romania"}},
		{name: "or after a hyphen", text: "Vaulx-en-Velin", max: width("Vaulx-en-") + 32, lines: 2, want: []string{"Vaulx-en-", "Velin"}},
		{name: "cut text ends with an ellipsis though it fits", text: "Palermo", max: width("Palermo…") + 64, lines: 2, cut: true, want: []string{"Palermo…"}},
		{name: "a word wider than a line is ellipsized, not broken", text: strings.Repeat("W", 40), max: width("WWWWW"), lines: 2},
		{name: "more text than lines: the last is ellipsized", text: strings.Repeat("one two three ", 20), max: width("one two three"), lines: 2},
		{name: "not even an ellipsis fits", text: "Palermo", max: width("…") - 1, lines: 2, want: []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := textWrap(face, []rune(tc.text), tc.max, tc.lines, tc.cut)
			got := make([]string, len(lines))
			for i, l := range lines {
				got[i] = string(l)
				if w := textMeasure(face, l); w > tc.max {
					t.Errorf("line %q is %v wide, more than %v", l, w, tc.max)
				}
			}
			if len(got) > tc.lines {
				t.Errorf("%d lines, at most %d wanted", len(got), tc.lines)
			}
			if tc.want != nil {
				if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
					t.Errorf("lines %q, want %q", got, tc.want)
				}
				return
			}
			if len(got) == 0 || !strings.HasSuffix(got[len(got)-1], "…") {
				t.Errorf("lines %q: the last should end with an ellipsis", got)
			}
		})
	}
}

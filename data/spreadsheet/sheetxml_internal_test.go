package spreadsheet

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// A sheet is decoded again for its formulas and merged cells only when
// its bytes name one, wherever the name falls among the chunks read.
func TestMayHaveExtras(t *testing.T) {
	for _, tc := range []struct {
		name, tail string
		want       bool
	}{
		{"neither", `<c r="A2"><v>1</v></c>`, false},
		{"a formula", `<c r="A2"><f>1+1</f></c>`, true},
		{"a formula of a prefixed namespace", `<x:c r="A2"><x:f>1+1</x:f></x:c>`, true},
		{"a shared formula", `<c r="A2"><f t="shared" si="0"/></c>`, true},
		{"a merged range", `<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>`, true},
	} {
		src := strings.Repeat(" ", 70_000) + tc.tail
		for name, r := range map[string]io.Reader{
			"whole":         strings.NewReader(src),
			"byte by byte":  iotest.OneByteReader(strings.NewReader(src)),
			"half of reads": iotest.HalfReader(strings.NewReader(src)),
		} {
			if got, err := mayHaveExtras(r); got != tc.want || err != nil {
				t.Errorf("%s, read %s: %v, %v; want %v", tc.name, name, got, err, tc.want)
			}
		}
	}
}

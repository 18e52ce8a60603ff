package account

import (
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"
)

// Common is a list of common passwords, folded (FoldPassword), in sorted
// order: the package common embeds the one the users command checks
// against.
type Common struct{ folded []string }

// DecodeCommon reads a list as EncodeCommon wrote it.
func DecodeCommon(b []byte) (*Common, error) {
	text, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
	if err != nil {
		return nil, err
	}
	return &Common{folded: strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")}, nil
}

// EncodeCommon writes passwords, folding each, as DecodeCommon reads
// them: sorted, one a line, without repeats, compressed.
func EncodeCommon(w io.Writer, passwords []string) error {
	folded := make([]string, len(passwords))
	for i, p := range passwords {
		folded[i] = FoldPassword(p)
	}
	folded = slices.Compact(slices.Sorted(slices.Values(folded)))
	bw := brotli.NewWriterLevel(w, brotli.BestCompression)
	if _, err := io.WriteString(bw, strings.Join(folded, "\n")+"\n"); err != nil {
		return err
	}
	return bw.Close()
}

// Has reports whether a folded password is on the list.
func (c *Common) Has(folded string) bool {
	_, found := slices.BinarySearch(c.folded, folded)
	return found
}

// Len is how many folded passwords the list holds.
func (c *Common) Len() int { return len(c.folded) }

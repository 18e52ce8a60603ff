package geo

// Text shaping for the preview images, with the Go fonts: text cleaned of
// what the fonts cannot draw, measured, wrapped and ellipsized to a
// width, then drawn.

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// Text longer than this many bytes is cut before it is measured: no line
// shows more than a few dozen characters, and the cut bounds the work a
// hostile name can cause.
const previewTextBytes = 1024

// faces are the sizes of the Go fonts one image writes in. Each image
// makes its own, because a face keeps scratch space and is not safe for
// concurrent use; making one costs next to nothing.
type faces struct {
	titles     []font.Face // bold, from the largest title size down
	sub, label font.Face
}

func (pv *Preview) newFaces() (*faces, error) {
	face := func(f *sfnt.Font, size float64) (font.Face, error) {
		return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	}
	var fs faces
	for size := previewTitleMax; size >= previewTitleMin; size -= previewTitleStep {
		f, err := face(pv.bold, float64(size))
		if err != nil {
			return nil, fmt.Errorf("geo: preview: %w", err)
		}
		fs.titles = append(fs.titles, f)
	}
	var err error
	if fs.sub, err = face(pv.regular, previewSubSize); err != nil {
		return nil, fmt.Errorf("geo: preview: %w", err)
	}
	if fs.label, err = face(pv.bold, previewLabelSize); err != nil {
		return nil, fmt.Errorf("geo: preview: %w", err)
	}
	return &fs, nil
}

// textClean prepares s for drawing with f: composed to NFC (the Go fonts
// have "é" but no combining accent to put on an "e"), runs of white space
// made one space, control and format characters and anything f has no
// glyph for (emoji, most scripts beyond Latin, Greek and Cyrillic) left
// out, rather than drawn as boxes. cut reports that s was too long to
// look at whole, so whatever is drawn of it must end with an ellipsis.
func textClean(s string, f *sfnt.Font) (text []rune, cut bool) {
	if len(s) > previewTextBytes {
		i := previewTextBytes
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	s = norm.NFC.String(s)
	var buf sfnt.Buffer
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = len(text) > 0
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		if x, err := f.GlyphIndex(&buf, r); err != nil || x == 0 {
			continue
		}
		if space {
			text = append(text, ' ')
			space = false
		}
		text = append(text, r)
	}
	return text, cut
}

// textFit measures text with face as font.Drawer draws it (advances plus
// kerning) and returns how many runes of it fit in max, with their width.
// It stops at the first rune that does not fit, so that a huge text costs
// no more than a line of it.
func textFit(face font.Face, text []rune, max fixed.Int26_6) (int, fixed.Int26_6) {
	var w fixed.Int26_6
	for i, r := range text {
		a, _ := face.GlyphAdvance(r)
		if i > 0 {
			a += face.Kern(text[i-1], r)
		}
		if w+a > max {
			return i, w
		}
		w += a
	}
	return len(text), w
}

func textMeasure(face font.Face, text []rune) fixed.Int26_6 {
	_, w := textFit(face, text, fixed.Int26_6(math.MaxInt32))
	return w
}

// textEllipsize returns text if it fits in max (and is not cut), or else as
// much of it as fits followed by "…", broken after a word when a word
// ends near the cut. It returns nothing when not even the ellipsis fits.
func textEllipsize(face font.Face, text []rune, max fixed.Int26_6, cut bool) []rune {
	n, _ := textFit(face, text, max)
	if n == len(text) && !cut {
		return text
	}
	for n >= 0 {
		out := make([]rune, 0, n+1)
		out = append(out, textTrimSpace(text[:n])...)
		out = append(out, '…')
		// Kerning against the ellipsis can add a little; shorten
		// until the whole line, as drawn, fits.
		if textMeasure(face, out) <= max {
			return out
		}
		n--
	}
	return nil
}

// textWrap breaks text into at most lines lines that fit in max, at spaces
// where it can and anywhere when a word is wider than a line; the last
// line is ellipsized if text goes on.
func textWrap(face font.Face, text []rune, max fixed.Int26_6, lines int, cut bool) [][]rune {
	var out [][]rune
	for len(text) > 0 && len(out) < lines-1 {
		n, _ := textFit(face, text, max)
		if n == len(text) {
			break
		}
		// Break at the last space that fits, or after a hyphen
		// ("Vaulx-en-|Velin"); a single word wider than the line is
		// not broken but ellipsized on the last line.
		brk := 0
		for i := n; i > 0; i-- {
			if text[i] == ' ' || text[i-1] == '-' {
				brk = i
				break
			}
		}
		if brk == 0 {
			break
		}
		out = append(out, textTrimSpace(text[:brk]))
		text = text[brk:]
		for len(text) > 0 && text[0] == ' ' {
			text = text[1:]
		}
	}
	if len(text) > 0 || cut {
		if last := textEllipsize(face, text, max, cut); len(last) > 0 {
			out = append(out, last)
		}
	}
	return out
}

func textTrimSpace(text []rune) []rune {
	for len(text) > 0 && text[len(text)-1] == ' ' {
		text = text[:len(text)-1]
	}
	return text
}

// textDraw draws text with its baseline starting at (x, y).
func textDraw(dst draw.Image, face font.Face, text []rune, x, y float64, c color.Color) {
	if face == nil || len(text) == 0 {
		return
	}
	d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: face, Dot: fixed.Point26_6{X: toFixed(x), Y: toFixed(y)}}
	d.DrawString(string(text))
}

func toFixed(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * 64)) }

func fromFixed(v fixed.Int26_6) float64 { return float64(v) / 64 }

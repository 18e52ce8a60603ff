package geo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
	"golang.org/x/text/unicode/norm"

	"partnermap/data"
)

// PreviewWidth and PreviewHeight are the size Open Graph and Twitter cards use.
const PreviewWidth, PreviewHeight = 1200, 630

// The layout of a preview image, in pixels. The text panel covers the left
// of the canvas; the cities are fitted into the rest, with room around them
// for the highlight ring and a label beside it.
const (
	previewPanel    = 440 // width of the white text panel
	previewTextLeft = 48  // where text starts in the panel
	previewTextMax  = previewPanel - 2*previewTextLeft
	previewShadow   = 14 // width of the panel's shadow on the map

	previewFrameLeft   = previewPanel + 90
	previewFrameRight  = PreviewWidth - 70
	previewFrameTop    = 80
	previewFrameBottom = PreviewHeight - 80
)

// Type sizes, in pixels. The title shrinks in steps from the largest size
// until it fits, and is ellipsized at the smallest.
const (
	previewTitleMax  = 64
	previewTitleMin  = 36
	previewTitleStep = 4
	previewSubSize   = 28
	previewSubLine   = 38 // baseline to baseline
	previewSubLines  = 2
	previewLabelSize = 24
	previewLabelMax  = 360 // widest label text, so that it stays a label
)

// Markers, in pixels, sized like the interactive map's at its usual zoom.
const (
	previewDot       = 9.0 // partner dot radius
	previewDotBorder = 2.5 // white border around a marker
	previewHairline  = 1.0 // faint ink edge that keeps the white border visible on pale land
	previewDiamond   = 12.0
	previewLinkWidth = 2.5
	previewDash      = 8.0
	previewGap       = 6.0
	previewBorder    = 1.0 // country borders

	// The highlighted city: a bigger marker, a white halo, then an ink
	// ring, like .marker.is-selected on the site.
	previewBigDot     = 12.5
	previewBigDiamond = 16.0
	previewHalo       = 20.0                            // inner radius of the ink ring
	previewRing       = 23.0                            // outer radius of the ink ring
	previewRingMid    = (previewHalo + previewRing) / 2 // the middle of the ring, where the tests look for ink
	previewLabelGap   = 8.0                             // between the ring and the label box
	previewLabelPadX  = 10
	previewLabelPadY  = 9
	previewEdge       = 12 // the closest a label comes to the canvas edge or the panel
)

// The site's colours (static/site.css) as 0xRRGGBB.
const (
	previewSea       = 0xd7e4ee
	previewLand      = 0xf7f6f2
	previewTint      = 0xefe2c4
	previewBorderInk = 0x8a96a3
	previewPartner   = 0x0b57a4
	previewCoord     = 0xb3261e
	previewInk       = 0x1b1d21
	previewInkSoft   = 0x4a505a
	previewRule      = 0xd5d9df
	previewPaper     = 0xffffff
)

// Text longer than this many bytes is cut before it is measured: no line
// shows more than a few dozen characters, and the cut bounds the work a
// hostile name can cause.
const previewTextBytes = 1024

// previewCompression is the zlib effort for the PNGs. Measured on a CoNet
// city image (BenchmarkPreviewCompression): BestSpeed encodes in about
// 23 ms to 159 KB, the default in 33 ms to 153 KB and BestCompression in
// 190 ms to 150 KB. The flat colours of the map compress well at any level,
// so the slower levels buy 3 to 5 percent for 1.4 to 8 times the time.
const previewCompression = png.BestSpeed

// colorRGB is an opaque colour from 0xRRGGBB.
func colorRGB(c uint32) color.RGBA {
	return color.RGBA{R: uint8(c >> 16), G: uint8(c >> 8), B: uint8(c), A: 0xff}
}

// colorRGBA is a translucent colour from 0xRRGGBB and an alpha in 0..1.
func colorRGBA(c uint32, a float64) color.NRGBA {
	return color.NRGBA{R: uint8(c >> 16), G: uint8(c >> 8), B: uint8(c), A: uint8(math.Round(a * 0xff))}
}

// NewPreviewPicture draws the network for preview images: the cities fit
// into the right-hand part of the canvas, leaving the left for text.
func NewPreviewPicture(n *data.Network, countries []Country) *Picture {
	frame := orb.Bound{
		Min: orb.Point{previewFrameLeft, previewFrameTop},
		Max: orb.Point{previewFrameRight, previewFrameBottom},
	}
	return NewPicture(n, countries, PreviewWidth, PreviewHeight, frame)
}

// Preview paints preview images of one picture. The map is painted once;
// each image copies it and adds its highlight and text. Safe for concurrent use.
type Preview struct {
	pic           *Picture
	base          *image.RGBA
	regular, bold *sfnt.Font
	canvases      sync.Pool // *image.RGBA, so that each image does not allocate 3 MB
	enc           png.Encoder
}

// NewPreview paints the map of p, which must be PreviewWidth by
// PreviewHeight (see NewPreviewPicture) and must not change afterwards.
func NewPreview(p *Picture) (*Preview, error) {
	if p == nil {
		return nil, errors.New("geo: preview: no picture")
	}
	if p.Width != PreviewWidth || p.Height != PreviewHeight {
		return nil, fmt.Errorf("geo: preview: picture is %gx%g, want %dx%d", p.Width, p.Height, PreviewWidth, PreviewHeight)
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("geo: preview: Go Regular: %w", err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("geo: preview: Go Bold: %w", err)
	}
	pv := &Preview{
		pic:     p,
		base:    image.NewRGBA(image.Rect(0, 0, PreviewWidth, PreviewHeight)),
		regular: regular,
		bold:    bold,
		enc:     png.Encoder{CompressionLevel: previewCompression, BufferPool: &pngBuffers{}},
	}
	pv.paintMap()
	return pv, nil
}

// PNG paints the map with the city highlight ("" for none) and writes title
// (large, bold) and subtitle (smaller) in the text area. A highlight that
// names no city of the picture is an error; any text is drawn, with the
// characters the Go fonts lack left out and the rest cut to fit.
func (pv *Preview) PNG(highlight, title, subtitle string) ([]byte, error) {
	var city *PictureCity
	if highlight != "" {
		c, ok := pv.pic.City(highlight)
		if !ok {
			return nil, fmt.Errorf("geo: preview: no city %q on the map", highlight)
		}
		city = &c
	}
	img, _ := pv.canvases.Get().(*image.RGBA)
	if img == nil {
		img = image.NewRGBA(pv.base.Rect)
	}
	defer pv.canvases.Put(img)
	copy(img.Pix, pv.base.Pix)

	fs, err := pv.newFaces()
	if err != nil {
		return nil, err
	}
	pt := &painter{dst: img}
	if city != nil {
		pv.paintHighlight(pt, fs, *city)
	}
	pv.paintText(img, fs, title, subtitle)

	var buf bytes.Buffer
	if err := pv.enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("geo: preview: %w", err)
	}
	return buf.Bytes(), nil
}

// pngBuffers lets concurrent encodes reuse the encoder's zlib state, which
// is most of what an encode allocates.
type pngBuffers struct{ pool sync.Pool }

func (b *pngBuffers) Get() *png.EncoderBuffer {
	e, _ := b.pool.Get().(*png.EncoderBuffer)
	return e
}

func (b *pngBuffers) Put(e *png.EncoderBuffer) { b.pool.Put(e) }

// paintMap paints what every image shares: sea, land, borders, links,
// markers and the empty text panel.
func (pv *Preview) paintMap() {
	img := pv.base
	draw.Draw(img, img.Rect, image.NewUniform(colorRGB(previewSea)), image.Point{}, draw.Src)
	pt := &painter{dst: img}

	// All countries of a colour are one path, so the rasterizer passes
	// over the canvas three times rather than three times per country.
	// Holes wind the other way from their outer ring and stay holes; an
	// enclave (San Marino in Italy) is an outer ring of its own and fills
	// them again.
	for _, tinted := range []bool{false, true} {
		for _, c := range pv.pic.Countries {
			if c.Tinted != tinted {
				continue
			}
			for _, poly := range c.Shape {
				for _, r := range poly {
					pt.add(r)
				}
			}
		}
		if tinted {
			pt.fill(colorRGB(previewTint))
		} else {
			pt.fill(colorRGB(previewLand))
		}
	}
	for _, c := range pv.pic.Countries {
		for _, poly := range c.Shape {
			for _, r := range poly {
				for i := 1; i < len(r); i++ {
					pt.add(pathSegment(r[i-1], r[i], previewBorder))
				}
			}
		}
	}
	pt.fill(colorRGB(previewBorderInk))

	// Dashes start at the coordinator's end, so the pattern radiates from
	// it as on the interactive map. One path for all of them keeps the
	// translucent colour even where links cross near the coordinator.
	for _, l := range pv.pic.Links {
		for i := 1; i < len(l); i++ {
			pathDashes(pt, l[i-1], l[i])
		}
	}
	pt.fill(colorRGBA(previewPartner, 0.8))

	// The coordinator goes last, on top, as on the interactive map.
	for _, c := range pv.pic.Cities {
		if !c.Coordinator {
			pv.paintMarker(pt, c)
		}
	}
	for _, c := range pv.pic.Cities {
		if c.Coordinator {
			pv.paintMarker(pt, c)
		}
	}

	draw.Draw(img, image.Rect(0, 0, previewPanel, PreviewHeight), image.NewUniform(colorRGB(previewPaper)), image.Point{}, draw.Src)
	// A shadow fading into the map, then a rule: the panel reads as a
	// sheet lying on the map rather than a hole in it.
	for i := range previewShadow {
		a := 0.16 * math.Pow(1-float64(i)/previewShadow, 2)
		r := image.Rect(previewPanel+i, 0, previewPanel+i+1, PreviewHeight)
		draw.Draw(img, r, image.NewUniform(colorRGBA(previewInk, a)), image.Point{}, draw.Over)
	}
	draw.Draw(img, image.Rect(previewPanel, 0, previewPanel+1, PreviewHeight), image.NewUniform(colorRGB(previewRule)), image.Point{}, draw.Src)
}

// paintMarker paints a city's marker at its usual size: a blue dot, or a
// red diamond for the coordinator's city, in a white border.
func (pv *Preview) paintMarker(pt *painter, c PictureCity) {
	if c.Coordinator {
		h := previewDiamond + previewDotBorder*math.Sqrt2
		pt.add(pathDiamond(c.At, h+previewHairline*math.Sqrt2))
		pt.fill(colorRGBA(previewInk, 0.35))
		pt.add(pathDiamond(c.At, h))
		pt.fill(colorRGB(previewPaper))
		pt.add(pathDiamond(c.At, previewDiamond))
		pt.fill(colorRGB(previewCoord))
		return
	}
	pt.add(pathCircle(c.At, previewDot+previewDotBorder+previewHairline))
	pt.fill(colorRGBA(previewInk, 0.35))
	pt.add(pathCircle(c.At, previewDot+previewDotBorder))
	pt.fill(colorRGB(previewPaper))
	pt.add(pathCircle(c.At, previewDot))
	pt.fill(colorRGB(previewPartner))
}

// paintHighlight paints the city's marker larger, ringed in ink, with its
// name on a label beside it.
func (pv *Preview) paintHighlight(pt *painter, fs *faces, c PictureCity) {
	if math.IsNaN(c.At[0]+c.At[1]) || math.IsInf(c.At[0]+c.At[1], 0) {
		return // nowhere to draw it
	}
	pt.add(pathCircle(c.At, previewRing))
	pt.fill(colorRGB(previewInk))
	pt.add(pathCircle(c.At, previewHalo))
	pt.fill(colorRGB(previewPaper))
	if c.Coordinator {
		pt.add(pathDiamond(c.At, previewBigDiamond))
		pt.fill(colorRGB(previewCoord))
	} else {
		pt.add(pathCircle(c.At, previewBigDot))
		pt.fill(colorRGB(previewPartner))
	}
	pv.paintLabel(pt, fs.label, c)
}

// paintLabel writes the city's name in a white box beside its ring, on
// the side where it covers no other city and stays on the canvas.
func (pv *Preview) paintLabel(pt *painter, face font.Face, c PictureCity) {
	text, cut := textClean(c.Name, pv.bold)
	if len(text) == 0 {
		return
	}
	m := face.Metrics()
	h := float64(2*previewLabelPadY) + fromFixed(m.Ascent+m.Descent)
	line := textEllipsize(face, text, toFixed(previewLabelMax), cut)
	w := fromFixed(textMeasure(face, line)) + 2*previewLabelPadX
	box, ok := pv.labelBox(c, w, h)
	if !ok {
		// Nowhere holds the whole name: take the roomier side and cut
		// the name to it.
		right := PreviewWidth - previewEdge - (c.At[0] + previewRing + previewLabelGap)
		left := c.At[0] - previewRing - previewLabelGap - (previewPanel + previewEdge)
		room := math.Max(right, left) - 2*previewLabelPadX
		line = textEllipsize(face, text, toFixed(math.Max(room, 0)), true)
		w = fromFixed(textMeasure(face, line)) + 2*previewLabelPadX
		y := clampFloat(c.At[1]-h/2, previewEdge, PreviewHeight-previewEdge-h)
		if right >= left {
			box = orb.Bound{Min: orb.Point{c.At[0] + previewRing + previewLabelGap, y}}
		} else {
			box = orb.Bound{Min: orb.Point{c.At[0] - previewRing - previewLabelGap - w, y}}
		}
		box.Max = orb.Point{box.Min[0] + w, y + h}
	}
	if len(line) == 0 {
		return
	}
	shadow := box
	shadow.Min[1] += 2
	shadow.Max[1] += 2
	pt.add(pathRoundedRect(shadow, 6))
	pt.fill(colorRGBA(previewInk, 0.18))
	pt.add(pathRoundedRect(box, 6))
	pt.fill(colorRGBA(previewPaper, 0.96))
	// The text sits on the box's middle, ascent and descent included, so
	// that accents and descenders both stay inside.
	baseline := box.Min[1] + previewLabelPadY + fromFixed(m.Ascent)
	textDraw(pt.dst, face, line, box.Min[0]+previewLabelPadX, baseline, colorRGB(previewInk))
}

// labelBox finds where a w by h label goes: beside the city's ring on the
// right, the left, above or below, or at a corner, the first of these that
// stays off the panel and the canvas edges and clear of the other cities'
// markers (and of the room their highlight ring would take).
func (pv *Preview) labelBox(c PictureCity, w, h float64) (orb.Bound, bool) {
	g := previewRing + previewLabelGap
	d := g / math.Sqrt2
	x, y := c.At[0], c.At[1]
	candidates := []orb.Point{ // top-left corners
		{x + g, y - h/2},     // right
		{x - g - w, y - h/2}, // left
		{x - w/2, y - g - h}, // above
		{x - w/2, y + g},     // below
		{x + d, y - d - h},   // above right
		{x - d - w, y - d - h},
		{x + d, y + d},
		{x - d - w, y + d},
	}
	var fallback orb.Bound
	found := false
	for _, tl := range candidates {
		b := orb.Bound{Min: tl, Max: orb.Point{tl[0] + w, tl[1] + h}}
		if b.Min[0] < previewPanel+previewEdge || b.Max[0] > PreviewWidth-previewEdge ||
			b.Min[1] < previewEdge || b.Max[1] > PreviewHeight-previewEdge {
			continue
		}
		if !pv.coversCity(b, c.Slug) {
			return b, true
		}
		if !found {
			fallback, found = b, true
		}
	}
	return fallback, found
}

// coversCity reports whether b comes within a highlight ring of a city
// other than skip.
func (pv *Preview) coversCity(b orb.Bound, skip string) bool {
	for _, o := range pv.pic.Cities {
		if o.Slug == skip {
			continue
		}
		dx := math.Max(0, math.Max(b.Min[0]-o.At[0], o.At[0]-b.Max[0]))
		dy := math.Max(0, math.Max(b.Min[1]-o.At[1], o.At[1]-b.Max[1]))
		if math.Hypot(dx, dy) < previewRing+2 {
			return true
		}
	}
	return false
}

// paintText writes the title and subtitle in the panel, as a block
// centred on the canvas's height under a short accent bar.
func (pv *Preview) paintText(img *image.RGBA, fs *faces, title, subtitle string) {
	tface, tline := textFitTitle(fs.titles, pv.bold, title)
	sface := fs.sub
	stext, cut := textClean(subtitle, pv.regular)
	slines := textWrap(sface, stext, toFixed(previewTextMax), previewSubLines, cut)

	const bar, barGap = 6, 34
	tm := tface.Metrics()
	sm := sface.Metrics()
	height := bar + barGap + fromFixed(tm.CapHeight)
	if len(slines) > 0 {
		height += 18 + fromFixed(sm.Ascent) + float64(len(slines)-1)*previewSubLine + fromFixed(sm.Descent)
	}
	top := math.Round((PreviewHeight - height) / 2)

	draw.Draw(img, image.Rect(previewTextLeft, int(top), previewTextLeft+56, int(top)+bar), image.NewUniform(colorRGB(previewPartner)), image.Point{}, draw.Src)
	baseline := top + bar + barGap + fromFixed(tm.CapHeight)
	textDraw(img, tface, tline, previewTextLeft, baseline, colorRGB(previewInk))
	baseline += 18 + fromFixed(sm.Ascent)
	for _, l := range slines {
		textDraw(img, sface, l, previewTextLeft, baseline, colorRGB(previewInkSoft))
		baseline += previewSubLine
	}
}

// textFitTitle picks the largest of the title faces (largest first) at
// which the title fits on one line of the panel, and ellipsizes it in the
// smallest when none does.
func textFitTitle(titles []font.Face, f *sfnt.Font, title string) (font.Face, []rune) {
	text, cut := textClean(title, f)
	for _, face := range titles[:len(titles)-1] {
		if n, _ := textFit(face, text, toFixed(previewTextMax)); n == len(text) && !cut {
			return face, text
		}
	}
	face := titles[len(titles)-1]
	return face, textEllipsize(face, text, toFixed(previewTextMax), cut)
}

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

func clampFloat(v, lo, hi float64) float64 { return math.Max(lo, math.Min(v, hi)) }

// painter fills paths on an image with golang.org/x/image/vector. The
// rasterizer only fills, so lines are drawn as thin polygons; it adds up
// coverage with sign and clamps its magnitude, so shapes wound the same way
// merge and a ring wound the other way inside them cuts a hole.
type painter struct {
	dst   *image.RGBA
	z     vector.Rasterizer
	rings [][]orb.Point
}

// add adds a closed ring to the path being built; the last point may or
// may not repeat the first.
func (pt *painter) add(ring []orb.Point) {
	if len(ring) >= 3 {
		pt.rings = append(pt.rings, ring)
	}
}

// paintLimit is how far off the canvas a point may lie. The rasterizer
// walks every scanline between a segment's ends, visible or not, so points
// are clamped to a margin around the canvas, which changes nothing drawn
// on it as long as a shape only leaves the canvas in that margin.
const paintLimit = 256

// fill paints the rings added since the last fill in c, and starts a new
// path. Only the rows and columns the rings reach are rasterized, which
// keeps a marker as cheap as its size.
func (pt *painter) fill(c color.Color) {
	defer func() { pt.rings = pt.rings[:0] }()
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, r := range pt.rings {
		for _, p := range r {
			x, y := pt.limit(p)
			minX, minY = math.Min(minX, x), math.Min(minY, y)
			maxX, maxY = math.Max(maxX, x), math.Max(maxY, y)
		}
	}
	if minX > maxX {
		return
	}
	rect := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(pt.dst.Rect)
	if rect.Empty() {
		return
	}
	pt.z.Reset(rect.Dx(), rect.Dy())
	ox, oy := float64(rect.Min.X), float64(rect.Min.Y)
	for _, r := range pt.rings {
		x, y := pt.limit(r[0])
		pt.z.MoveTo(float32(x-ox), float32(y-oy))
		for _, p := range r[1:] {
			x, y := pt.limit(p)
			pt.z.LineTo(float32(x-ox), float32(y-oy))
		}
		pt.z.ClosePath()
	}
	pt.z.Draw(pt.dst, rect, image.NewUniform(c), image.Point{})
}

// limit clamps p to the canvas and its margin; NaN becomes the canvas's
// corner, where it draws nothing worse than a stray edge.
func (pt *painter) limit(p orb.Point) (float64, float64) {
	b := pt.dst.Rect
	x := clampFloat(p[0], float64(b.Min.X-paintLimit), float64(b.Max.X+paintLimit))
	y := clampFloat(p[1], float64(b.Min.Y-paintLimit), float64(b.Max.Y+paintLimit))
	if math.IsNaN(x) {
		x = 0
	}
	if math.IsNaN(y) {
		y = 0
	}
	return x, y
}

// pathSegment is the line from a to b, w wide, as a quad. Every quad winds the
// same way relative to its own direction, so the quads of one outline
// merge where they overlap instead of cancelling.
func pathSegment(a, b orb.Point, w float64) []orb.Point {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(dx, dy)
	if !(l > 0) || math.IsInf(l, 0) {
		return nil
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	return []orb.Point{{a[0] + nx, a[1] + ny}, {b[0] + nx, b[1] + ny}, {b[0] - nx, b[1] - ny}, {a[0] - nx, a[1] - ny}}
}

// pathDashes adds the dashes of the line from a to b to pt's path.
func pathDashes(pt *painter, a, b orb.Point) {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(dx, dy)
	if !(l > 0) || l > 1e5 {
		return
	}
	ux, uy := dx/l, dy/l
	for s := 0.0; s < l; s += previewDash + previewGap {
		e := math.Min(s+previewDash, l)
		pt.add(pathSegment(orb.Point{a[0] + ux*s, a[1] + uy*s}, orb.Point{a[0] + ux*e, a[1] + uy*e}, previewLinkWidth))
	}
}

// pathCircle is a polygon close enough to a circle of radius r that its edges
// are under a tenth of a pixel off.
func pathCircle(c orb.Point, r float64) []orb.Point {
	n := int(math.Ceil(math.Pi / math.Acos(1-0.1/r)))
	n = max(n, 12)
	pts := make([]orb.Point, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)}
	}
	return pts
}

// pathDiamond is a square standing on a corner, h from its centre to each
// corner.
func pathDiamond(c orb.Point, h float64) []orb.Point {
	return []orb.Point{{c[0], c[1] - h}, {c[0] + h, c[1]}, {c[0], c[1] + h}, {c[0] - h, c[1]}}
}

// pathRoundedRect is b with its corners rounded to radius r.
func pathRoundedRect(b orb.Bound, r float64) []orb.Point {
	r = math.Min(r, math.Min(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])/2)
	const steps = 6
	var pts []orb.Point
	corners := []struct {
		c     orb.Point
		start float64
	}{
		{orb.Point{b.Max[0] - r, b.Min[1] + r}, -math.Pi / 2},
		{orb.Point{b.Max[0] - r, b.Max[1] - r}, 0},
		{orb.Point{b.Min[0] + r, b.Max[1] - r}, math.Pi / 2},
		{orb.Point{b.Min[0] + r, b.Min[1] + r}, math.Pi},
	}
	for _, k := range corners {
		for i := 0; i <= steps; i++ {
			a := k.start + math.Pi/2*float64(i)/steps
			pts = append(pts, orb.Point{k.c[0] + r*math.Cos(a), k.c[1] + r*math.Sin(a)})
		}
	}
	return pts
}

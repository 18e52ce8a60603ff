package geo

// The layout of the preview images: where the map, the markers, the
// highlighted city and its label, and the title and subtitle go on the
// canvas, and in which colours of the style.

import (
	"image"
	"image/draw"
	"math"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
)

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

// The rest of the marks, in pixels: the markers themselves are the
// style's (Style.Dot, Diamond and Edge), sized like the live map's at its
// usual zoom.
const (
	previewHairline  = 1.0 // faint ink edge that keeps the paper edge visible on pale land
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

// paintMap paints what every image shares: sea, land, borders, links,
// markers and the empty text panel.
func (pv *Preview) paintMap() {
	img, st := pv.base, pv.style
	draw.Draw(img, img.Rect, image.NewUniform(opaque(st.Sea)), image.Point{}, draw.Src)
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
			pt.fill(opaque(st.LandPartner))
		} else {
			pt.fill(opaque(st.Land))
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
	pt.fill(opaque(st.BorderLand))

	// Dashes start at the coordinator's end, so the pattern radiates from
	// it as on the interactive map. One path for all of them keeps the
	// translucent colour even where links cross near the coordinator.
	for _, l := range pv.pic.Links {
		for i := 1; i < len(l); i++ {
			pathDashes(pt, l[i-1], l[i], previewDash, previewGap, previewLinkWidth)
		}
	}
	pt.fill(translucent(st.Partner, 0.8))

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

	draw.Draw(img, image.Rect(0, 0, previewPanel, PreviewHeight), image.NewUniform(opaque(st.Paper)), image.Point{}, draw.Src)
	// A shadow fading into the map, then a rule: the panel reads as a
	// sheet lying on the map rather than a hole in it.
	for i := range previewShadow {
		a := 0.16 * math.Pow(1-float64(i)/previewShadow, 2)
		r := image.Rect(previewPanel+i, 0, previewPanel+i+1, PreviewHeight)
		draw.Draw(img, r, image.NewUniform(translucent(st.Ink, a)), image.Point{}, draw.Over)
	}
	draw.Draw(img, image.Rect(previewPanel, 0, previewPanel+1, PreviewHeight), image.NewUniform(opaque(st.Rule)), image.Point{}, draw.Src)
}

// paintMarker paints a city's marker at its usual size: a partner's dot,
// or the coordinator's diamond, in a paper edge.
func (pv *Preview) paintMarker(pt *painter, c PictureCity) {
	st := pv.style
	if c.Coordinator {
		h := st.Diamond + st.Edge*math.Sqrt2
		pt.add(pathDiamond(c.At, h+previewHairline*math.Sqrt2))
		pt.fill(translucent(st.Ink, 0.35))
		pt.add(pathDiamond(c.At, h))
		pt.fill(opaque(st.Paper))
		pt.add(pathDiamond(c.At, st.Diamond))
		pt.fill(opaque(st.Coordinator))
		return
	}
	pt.add(pathCircle(c.At, st.Dot+st.Edge+previewHairline))
	pt.fill(translucent(st.Ink, 0.35))
	pt.add(pathCircle(c.At, st.Dot+st.Edge))
	pt.fill(opaque(st.Paper))
	pt.add(pathCircle(c.At, st.Dot))
	pt.fill(opaque(st.Partner))
}

// paintHighlight paints the city's marker larger, ringed in ink, with its
// name on a label beside it.
func (pv *Preview) paintHighlight(pt *painter, fs *faces, c PictureCity) {
	st := pv.style
	if math.IsNaN(c.At[0]+c.At[1]) || math.IsInf(c.At[0]+c.At[1], 0) {
		return // nowhere to draw it
	}
	pt.add(pathCircle(c.At, previewRing))
	pt.fill(opaque(st.Ink))
	pt.add(pathCircle(c.At, previewHalo))
	pt.fill(opaque(st.Paper))
	if c.Coordinator {
		pt.add(pathDiamond(c.At, previewBigDiamond))
		pt.fill(opaque(st.Coordinator))
	} else {
		pt.add(pathCircle(c.At, previewBigDot))
		pt.fill(opaque(st.Partner))
	}
	pv.paintLabel(pt, fs.label, c)
}

// paintLabel writes the city's name in a white box beside its ring, on
// the side where it covers no other city and stays on the canvas.
func (pv *Preview) paintLabel(pt *painter, face font.Face, c PictureCity) {
	st := pv.style
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
	pt.fill(translucent(st.Ink, 0.18))
	pt.add(pathRoundedRect(box, 6))
	pt.fill(translucent(st.Paper, 0.96))
	// The text sits on the box's middle, ascent and descent included, so
	// that accents and descenders both stay inside.
	baseline := box.Min[1] + previewLabelPadY + fromFixed(m.Ascent)
	textDraw(pt.dst, face, line, box.Min[0]+previewLabelPadX, baseline, opaque(st.Ink))
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
	st := pv.style
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

	draw.Draw(img, image.Rect(previewTextLeft, int(top), previewTextLeft+56, int(top)+bar), image.NewUniform(opaque(st.Partner)), image.Point{}, draw.Src)
	baseline := top + bar + barGap + fromFixed(tm.CapHeight)
	textDraw(img, tface, tline, previewTextLeft, baseline, opaque(st.Ink))
	baseline += 18 + fromFixed(sm.Ascent)
	for _, l := range slines {
		textDraw(img, sface, l, previewTextLeft, baseline, opaque(st.InkSoft))
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

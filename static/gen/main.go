// Command gen derives the site's icon as a PNG from static/favicon.svg, the
// icon's one source. Pages name the PNG: a browser fetches a page's icon
// through the page's own process, and an SVG icon costs that process's
// main thread a whole SVG document (5 to 8 ms of a phone's first screen,
// four times that on Lighthouse's), where a PNG is decoded in a fraction
// of one. make runs it before building the binary:
//
//	go run ./static/gen static/favicon.svg static/min/favicon.png
//
// It paints what the icon is drawn with, and refuses anything else: circles
// and paths of straight lines (M, L, H, V, Z, absolute or relative), filled
// and stroked in #rgb or #rrggbb colours, with stroke-width and
// stroke-dasharray.
package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"golang.org/x/image/vector"
)

// size is the side of the PNG in pixels: a tab's icon at three device
// pixels per CSS pixel, the densest phones', and a fine one shrunk to 16.
const size = 48

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run ./static/gen ICON.svg OUT.png")
		os.Exit(2)
	}
	if err := write(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "icon:", err)
		os.Exit(1)
	}
}

func write(from, to string) error {
	svg, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	img, err := paint(svg, size)
	if err != nil {
		return fmt.Errorf("%s:%w", from, err)
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, paletted(img)); err != nil {
		return err
	}
	return os.WriteFile(to, out.Bytes(), 0o644)
}

// paletted is img with a palette of its own colours, a third of the
// bytes of RGBA, when it has 256 or fewer, as an icon has; or else img.
func paletted(img *image.RGBA) image.Image {
	var palette color.Palette
	index := map[color.RGBA]uint8{}
	out := image.NewPaletted(img.Bounds(), nil)
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			c := img.RGBAAt(x, y)
			i, ok := index[c]
			if !ok {
				if len(palette) == 256 {
					return img
				}
				i = uint8(len(palette))
				index[c] = i
				palette = append(palette, c)
			}
			out.SetColorIndex(x, y, i)
		}
	}
	out.Palette = palette
	return out
}

// shape is an element of the icon: closed and open runs of points in the
// icon's own units, and how they are painted.
type shape struct {
	runs        []run
	fill        color.Color // nil for none
	stroke      color.Color // nil for none
	strokeWidth float64
	dashes      []float64
}

// run is a subpath: its points, and whether it is closed.
type run struct {
	points []point
	closed bool
}

type point struct{ x, y float64 }

// paint draws the icon svg on a side by side image, in the order of its
// elements, each filled and then stroked as SVG paints them. An error
// names the line of the element it is about.
func paint(svg []byte, side int) (*image.RGBA, error) {
	shapes, box, err := parse(svg)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	scale := float64(side) / math.Max(box[2], box[3])
	at := func(p point) point { return point{(p.x - box[0]) * scale, (p.y - box[1]) * scale} }
	for _, s := range shapes {
		if s.fill != nil {
			var polys [][]point
			for _, r := range s.runs {
				if len(r.points) >= 3 {
					polys = append(polys, r.points)
				}
			}
			fill(img, polys, at, s.fill)
		}
		if s.stroke != nil && s.strokeWidth > 0 {
			fill(img, strokes(s), at, s.stroke)
		}
	}
	return img, nil
}

// fill paints the polygons in c, as one coverage: each is wound the same
// way, so that where they overlap they merge.
func fill(img *image.RGBA, polys [][]point, at func(point) point, c color.Color) {
	if len(polys) == 0 {
		return
	}
	b := img.Bounds()
	z := vector.NewRasterizer(b.Dx(), b.Dy())
	for _, poly := range polys {
		if area(poly) < 0 {
			reversed := make([]point, len(poly))
			for i, p := range poly {
				reversed[len(poly)-1-i] = p
			}
			poly = reversed
		}
		first := at(poly[0])
		z.MoveTo(float32(first.x), float32(first.y))
		for _, p := range poly[1:] {
			q := at(p)
			z.LineTo(float32(q.x), float32(q.y))
		}
		z.ClosePath()
	}
	z.Draw(img, b, image.NewUniform(c), image.Point{})
}

// area is twice the signed area of a polygon.
func area(poly []point) float64 {
	a := 0.0
	for i, p := range poly {
		q := poly[(i+1)%len(poly)]
		a += p.x*q.y - q.x*p.y
	}
	return a
}

// strokes are the polygons a shape's stroke covers: a quad for each
// segment, or each dash of it, and round joins where a run turns.
func strokes(s shape) [][]point {
	var polys [][]point
	w := s.strokeWidth / 2
	for _, r := range s.runs {
		pts := r.points
		if r.closed && len(pts) > 1 {
			pts = append(append([]point{}, pts...), pts[0])
		}
		var dashes [][2]point
		if len(s.dashes) > 0 {
			dashes = dash(pts, s.dashes)
		} else {
			for i := 1; i < len(pts); i++ {
				dashes = append(dashes, [2]point{pts[i-1], pts[i]})
			}
			for i, p := range pts {
				if r.closed || (i > 0 && i < len(pts)-1) {
					polys = append(polys, circle(p, w))
				}
			}
		}
		for _, d := range dashes {
			polys = append(polys, quad(d[0], d[1], w))
		}
	}
	return polys
}

// dash cuts a run into the dashes of pattern, which starts afresh on
// each run.
func dash(pts []point, pattern []float64) [][2]point {
	var out [][2]point
	i, left, on := 0, pattern[0], true
	for k := 1; k < len(pts); k++ {
		a, b := pts[k-1], pts[k]
		length := math.Hypot(b.x-a.x, b.y-a.y)
		for pos := 0.0; pos < length; {
			step := math.Min(left, length-pos)
			if on && step > 0 {
				out = append(out, [2]point{lerp(a, b, pos/length), lerp(a, b, (pos+step)/length)})
			}
			pos += step
			left -= step
			if left <= 0 {
				i = (i + 1) % len(pattern)
				left, on = pattern[i], !on
			}
		}
	}
	return out
}

func lerp(a, b point, t float64) point { return point{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t} }

// quad is a segment drawn w to each side, with butt ends.
func quad(a, b point, w float64) []point {
	length := math.Hypot(b.x-a.x, b.y-a.y)
	if length == 0 {
		return nil
	}
	nx, ny := -(b.y-a.y)/length*w, (b.x-a.x)/length*w
	return []point{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}}
}

// circle is a polygon close enough to a circle at any size an icon is
// drawn.
func circle(c point, r float64) []point {
	const sides = 64
	pts := make([]point, sides)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / sides
		pts[i] = point{c.x + r*math.Cos(a), c.y + r*math.Sin(a)}
	}
	return pts
}

// parse reads the icon's elements and its view box (x, y, width, height).
func parse(svg []byte) ([]shape, [4]float64, error) {
	var shapes []shape
	var box [4]float64
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, box, fmt.Errorf("%d: %w", line, err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attrs := map[string]string{}
		for _, a := range start.Attr {
			attrs[a.Name.Local] = a.Value
		}
		where := func(err error) error { return fmt.Errorf("%d: <%s>: %w", line, start.Name.Local, err) }
		var s shape
		switch start.Name.Local {
		case "svg":
			f := strings.Fields(strings.ReplaceAll(attrs["viewBox"], ",", " "))
			if len(f) != 4 {
				return nil, box, where(fmt.Errorf("viewBox %q: write four numbers, x y width height", attrs["viewBox"]))
			}
			for i, v := range f {
				if box[i], err = strconv.ParseFloat(v, 64); err != nil {
					return nil, box, where(fmt.Errorf("viewBox %q: write four numbers, x y width height", attrs["viewBox"]))
				}
			}
			if box[2] <= 0 || box[3] <= 0 {
				return nil, box, where(fmt.Errorf("viewBox %q: the width and height must be above 0", attrs["viewBox"]))
			}
			continue
		case "circle":
			var c [3]float64
			for i, name := range []string{"cx", "cy", "r"} {
				if c[i], err = number(attrs, name, 0); err != nil {
					return nil, box, where(err)
				}
			}
			s.runs = []run{{points: circle(point{c[0], c[1]}, c[2]), closed: true}}
		case "path":
			if s.runs, err = pathData(attrs["d"]); err != nil {
				return nil, box, where(err)
			}
		default:
			return nil, box, where(fmt.Errorf("not drawn: write the icon with <circle> and <path> elements"))
		}
		if err := style(&s, attrs); err != nil {
			return nil, box, where(err)
		}
		shapes = append(shapes, s)
	}
	if box[2] == 0 {
		return nil, box, fmt.Errorf("1: no <svg viewBox=\"...\">")
	}
	return shapes, box, nil
}

// style reads how a shape is painted: black fill and no stroke unless it
// says otherwise, as in SVG.
func style(s *shape, attrs map[string]string) error {
	var err error
	if s.fill, err = paintColour(attrs, "fill", color.Black); err != nil {
		return err
	}
	if s.stroke, err = paintColour(attrs, "stroke", nil); err != nil {
		return err
	}
	if s.strokeWidth, err = number(attrs, "stroke-width", 1); err != nil {
		return err
	}
	if d, ok := attrs["stroke-dasharray"]; ok && d != "none" {
		for _, f := range strings.Fields(strings.ReplaceAll(d, ",", " ")) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil || v < 0 {
				return fmt.Errorf("stroke-dasharray %q: write lengths of 0 or more", d)
			}
			s.dashes = append(s.dashes, v)
		}
		if len(s.dashes)%2 == 1 {
			s.dashes = append(s.dashes, s.dashes...)
		}
		total := 0.0
		for _, v := range s.dashes {
			total += v
		}
		if total == 0 {
			s.dashes = nil
		}
	}
	return nil
}

func number(attrs map[string]string, name string, otherwise float64) (float64, error) {
	v, ok := attrs[name]
	if !ok {
		return otherwise, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q: write a number", name, v)
	}
	return f, nil
}

func paintColour(attrs map[string]string, name string, otherwise color.Color) (color.Color, error) {
	v, ok := attrs[name]
	if !ok {
		return otherwise, nil
	}
	if v == "none" {
		return nil, nil
	}
	hex := strings.TrimPrefix(v, "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	n, err := strconv.ParseUint(hex, 16, 32)
	if !strings.HasPrefix(v, "#") || len(hex) != 6 || err != nil {
		return nil, fmt.Errorf("%s %q: write none, #rgb or #rrggbb", name, v)
	}
	return color.RGBA{uint8(n >> 16), uint8(n >> 8), uint8(n), 0xff}, nil
}

// pathData reads the runs of a path of straight lines.
func pathData(d string) ([]run, error) {
	var runs []run
	var cur, start point
	var cmd byte
	tokens := pathTokens(d)
	num := func(i int) (float64, error) {
		if i >= len(tokens) || isCommand(tokens[i]) {
			return 0, fmt.Errorf("d %q: a number is missing after %c", d, cmd)
		}
		return strconv.ParseFloat(tokens[i], 64)
	}
	add := func(p point) error {
		if len(runs) == 0 {
			return fmt.Errorf("d %q: start with M", d)
		}
		cur = p
		runs[len(runs)-1].points = append(runs[len(runs)-1].points, p)
		return nil
	}
	for i := 0; i < len(tokens); {
		if isCommand(tokens[i]) {
			cmd = tokens[i][0]
			i++
			if cmd == 'Z' || cmd == 'z' {
				if len(runs) > 0 {
					runs[len(runs)-1].closed = true
				}
				cur = start
				continue
			}
		} else if cmd == 0 {
			return nil, fmt.Errorf("d %q: start with M", d)
		}
		rel := cmd >= 'a'
		base := cur
		if !rel {
			base = point{}
		}
		switch cmd | 0x20 {
		case 'm', 'l':
			x, err := num(i)
			if err != nil {
				return nil, err
			}
			y, err := num(i + 1)
			if err != nil {
				return nil, err
			}
			i += 2
			p := point{base.x + x, base.y + y}
			if cmd|0x20 == 'm' {
				runs = append(runs, run{})
				start = p
				// Pairs after a moveto are linetos.
				cmd = map[bool]byte{true: 'l', false: 'L'}[rel]
			}
			if err := add(p); err != nil {
				return nil, err
			}
		case 'h', 'v':
			v, err := num(i)
			if err != nil {
				return nil, err
			}
			i++
			p := cur
			if cmd|0x20 == 'h' {
				p.x = base.x + v
			} else {
				p.y = base.y + v
			}
			if err := add(p); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("d %q: %c is not drawn: write straight lines with M, L, H, V and Z", d, cmd)
		}
	}
	return runs, nil
}

func isCommand(t string) bool {
	return len(t) == 1 && strings.ContainsAny(t, "MmLlHhVvZzCcSsQqTtAa")
}

// pathTokens splits path data into commands and numbers.
func pathTokens(d string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r':
			flush()
		case strings.IndexByte("MmLlHhVvZzCcSsQqTtAa", c) >= 0:
			flush()
			out = append(out, string(c))
		case c == '-' && b.Len() > 0 && !strings.HasSuffix(b.String(), "e"):
			flush()
			b.WriteByte(c)
		case c == '.' && strings.Contains(b.String(), "."):
			flush()
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	flush()
	return out
}

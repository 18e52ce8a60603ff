package main

import (
	"image"
	"image/color"
	"os"
	"strings"
	"testing"
)

// The icon as pages show it: the coordinator's diamond in the middle, the
// partners' dots at the ends of the dashed lines, each edged in white, on
// nothing.
func TestPaintDrawsTheIcon(t *testing.T) {
	svg, err := os.ReadFile("../favicon.svg")
	if err != nil {
		t.Fatal(err)
	}
	img, err := paint(svg, 48)
	if err != nil {
		t.Fatal(err)
	}
	at := func(x, y float64) color.RGBA { return img.RGBAAt(int(x*1.5), int(y*1.5)) }
	for _, c := range []struct {
		name string
		x, y float64
		want color.RGBA
	}{
		{"the diamond", 16, 16, color.RGBA{0xb3, 0x26, 0x1e, 0xff}},
		{"a dot", 5, 8, color.RGBA{0x0b, 0x57, 0xa4, 0xff}},
		{"another dot", 25, 25, color.RGBA{0x0b, 0x57, 0xa4, 0xff}},
		{"a dot's white edge", 5, 12.2, color.RGBA{0xff, 0xff, 0xff, 0xff}},
		{"the diamond's white edge", 16, 9.7, color.RGBA{0xff, 0xff, 0xff, 0xff}},
		{"nothing", 0.5, 31, color.RGBA{}},
		{"nothing", 31, 0.5, color.RGBA{}},
	} {
		if got := at(c.x, c.y); got != c.want {
			t.Errorf("%s at (%g, %g): got %v, want %v", c.name, c.x, c.y, got, c.want)
		}
	}
}

// What the icon may not be drawn with is refused, with the line it is on
// and what to write instead.
func TestPaintRefusesWhatItCannotDraw(t *testing.T) {
	for _, c := range []struct{ svg, want string }{
		{"<svg viewBox=\"0 0 32 32\">\n<rect width=\"3\" height=\"3\"/></svg>", "2: <rect>: not drawn: write the icon with <circle> and <path> elements"},
		{"<svg viewBox=\"0 0 32 32\">\n\n<path d=\"M1 1C2 2 3 3 4 4\"/></svg>", "3: <path>: d \"M1 1C2 2 3 3 4 4\": C is not drawn: write straight lines with M, L, H, V and Z"},
		{"<svg viewBox=\"0 0 32 32\"><path d=\"L1 1\"/></svg>", "d \"L1 1\": start with M"},
		{"<svg viewBox=\"0 0 32 32\"><circle cx=\"1\" cy=\"1\" r=\"1\" fill=\"blue\"/></svg>", "fill \"blue\": write none, #rgb or #rrggbb"},
		{"<svg viewBox=\"0 0 32\"></svg>", "viewBox \"0 0 32\": write four numbers, x y width height"},
		{"<svg></svg>", "1: <svg>: viewBox \"\": write four numbers"},
		{"<circle r=\"1\"/>", "1: no <svg viewBox"},
	} {
		_, err := paint([]byte(c.svg), 16)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.svg, err, c.want)
		}
	}
}

// A dashed stroke is painted in its dashes and not in its gaps.
func TestPaintDashes(t *testing.T) {
	img, err := paint([]byte(`<svg viewBox="0 0 20 4"><path d="M0 2H20" stroke="#000" stroke-width="2" stroke-dasharray="3 2"/></svg>`), 20)
	if err != nil {
		t.Fatal(err)
	}
	for x, want := range []uint8{0xff, 0xff, 0xff, 0, 0, 0xff, 0xff, 0xff, 0, 0, 0xff} {
		if got := img.RGBAAt(x, 2).A; got != want {
			t.Errorf("x %d: alpha %#x, want %#x", x, got, want)
		}
	}
}

// Relative commands, and H and V, draw what their absolute forms draw.
func TestPathDataReadsRelativeCommands(t *testing.T) {
	abs, err := pathData("M2 2L10 2L10 10L2 10Z")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := pathData("m2 2h8v8H2z")
	if err != nil {
		t.Fatal(err)
	}
	if len(abs) != 1 || len(rel) != 1 || !rel[0].closed || len(rel[0].points) != len(abs[0].points) {
		t.Fatalf("got %v and %v", abs, rel)
	}
	for i := range abs[0].points {
		if abs[0].points[i] != rel[0].points[i] {
			t.Errorf("point %d: %v, want %v", i, rel[0].points[i], abs[0].points[i])
		}
	}
}

// The icon is written with a palette of its own colours, pixel for pixel
// the same.
func TestPalettedKeepsEveryPixel(t *testing.T) {
	svg, err := os.ReadFile("../favicon.svg")
	if err != nil {
		t.Fatal(err)
	}
	img, err := paint(svg, 48)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := paletted(img).(*image.Paletted)
	if !ok {
		t.Fatal("the icon was not given a palette")
	}
	for y := 0; y < 48; y++ {
		for x := 0; x < 48; x++ {
			if got, want := color.RGBAModel.Convert(p.At(x, y)), img.RGBAAt(x, y); got != want {
				t.Fatalf("(%d, %d): %v, want %v", x, y, got, want)
			}
		}
	}
}

package geo

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"
)

// Style is the colours and mark sizes the preview images are painted, and
// the KML file styled, in. The site passes them from its style table
// (static.SiteStyle), which its stylesheet is made from too, so that the
// images and the downloads look like the live map: the light scheme's
// colours, as images and files are seen on white. Colours are opaque.
type Style struct {
	Sea, Land   color.Color // the basemap
	LandPartner color.Color // countries with a city of the network
	BorderLand  color.Color // borders between countries
	Coordinator color.Color // the coordinator's city
	Partner     color.Color // the partners' cities and the links to them
	Ink         color.Color // text, rings and the edges of shapes
	InkSoft     color.Color // the subtitle
	Paper       color.Color // the text panel, labels and the edges of markers
	Rule        color.Color // the line between panel and map
	// Dot is the radius of a partner city's dot, Diamond the coordinator's
	// diamond from its centre to a corner, and Edge the width of the paper
	// edge around both, in pixels.
	Dot, Diamond, Edge float64
	// Link is the width of the lead-partner lines in the KML file.
	Link float64
}

// colours are the style's colours by name.
func (s Style) colours() []namedColour {
	return []namedColour{
		{"Sea", s.Sea}, {"Land", s.Land}, {"LandPartner", s.LandPartner}, {"BorderLand", s.BorderLand},
		{"Coordinator", s.Coordinator}, {"Partner", s.Partner},
		{"Ink", s.Ink}, {"InkSoft", s.InkSoft}, {"Paper", s.Paper}, {"Rule", s.Rule},
	}
}

type namedColour struct {
	name string
	c    color.Color
}

// check says what the style lacks: every colour, and sizes above zero.
func (s Style) check() error {
	var errs []error
	for _, c := range s.colours() {
		if c.c == nil {
			errs = append(errs, fmt.Errorf("style has no %s colour", c.name))
		}
	}
	for _, size := range []struct {
		name string
		v    float64
	}{{"Dot", s.Dot}, {"Diamond", s.Diamond}, {"Edge", s.Edge}, {"Link", s.Link}} {
		if !(size.v > 0) || math.IsInf(size.v, 0) {
			errs = append(errs, fmt.Errorf("style's %s is %v, want a size above 0", size.name, size.v))
		}
	}
	return errors.Join(errs...)
}

// String writes every value of the style, so that what is made with it,
// such as the address of an image painted in it, can change with it.
func (s Style) String() string {
	var b strings.Builder
	for _, c := range s.colours() {
		if c.c == nil {
			fmt.Fprintf(&b, "%s:none ", c.name)
			continue
		}
		o := opaque(c.c)
		fmt.Fprintf(&b, "%s:#%02x%02x%02x ", c.name, o.R, o.G, o.B)
	}
	fmt.Fprintf(&b, "Dot:%v Diamond:%v Edge:%v Link:%v", s.Dot, s.Diamond, s.Edge, s.Link)
	return b.String()
}

// opaque is c as the preview images paint it.
func opaque(c color.Color) color.RGBA {
	o := color.RGBAModel.Convert(c).(color.RGBA)
	o.A = 0xff
	return o
}

// translucent is c at an opacity from 0 to 1.
func translucent(c color.Color, a float64) color.NRGBA {
	o := opaque(c)
	return color.NRGBA{R: o.R, G: o.G, B: o.B, A: uint8(math.Round(a * 0xff))}
}

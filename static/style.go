package static

import (
	"strconv"
	"strings"
)

// Style is the site's look in numbers: the colours of its light and dark
// schemes and the sizes of the marks its maps draw. It is the one place
// they are written: the stylesheet's custom properties are made from it
// (CSS), and so are the drawn map on every page, the preview images and
// the KML file, so that the live map, the pictures and the downloads
// agree.
type Style struct {
	Light, Dark Palette
	Marks       Marks
}

// Palette is the colours of one scheme, by the role each plays.
type Palette struct {
	Ink, InkSoft     Colour // text, and text of less weight
	Paper, PaperSoft Colour // the page, and boxes on it
	Rule             Colour // lines between parts of the page
	Accent           Colour // links
	Coordinator      Colour // the coordinator's city
	Partner          Colour // the partners' cities and the links to them
	Sea, Land        Colour // the basemap
	LandPartner      Colour // countries with a city of the network
	BorderLand       Colour // borders between countries
	Focus            Colour // the keyboard focus ring
}

// Marks are the sizes of what the maps draw, in CSS pixels.
type Marks struct {
	// Coordinator and Partner are the sides of the live map's markers,
	// the coordinator's city's and the others': each marker is its own
	// target.
	Coordinator, Partner float64
	// ClusterSmall, ClusterMedium and ClusterLarge are the sides of a
	// large network's clusters of markers, by how many cities they hold.
	ClusterSmall, ClusterMedium, ClusterLarge float64
	// Dot is the radius of a partner city's dot on the drawn maps (the
	// picture every page carries, and the preview images), Diamond the
	// coordinator's diamond from its centre to a corner, and Edge the
	// width of the paper edge around both.
	Dot, Diamond, Edge float64
	// Ring is the radius of the ring around the chosen city on a page's
	// drawn map, and SmallDot the radius of a dot where dots are not
	// links (a large network's overview).
	Ring, SmallDot float64
	// Link is the width of the lead-partner lines, on the maps and in
	// the KML file.
	Link float64
}

// SiteStyle is the style the site is drawn in. The dark colours keep text
// at 4.5:1, and markers, lines and focus rings at 3:1, on the basemap.
func SiteStyle() Style {
	return Style{
		Light: Palette{
			Ink:         0x1b1d21,
			InkSoft:     0x4a505a,
			Paper:       0xffffff,
			PaperSoft:   0xf4f5f7,
			Rule:        0xd5d9df,
			Accent:      0x0b57a4,
			Coordinator: 0xb3261e,
			Partner:     0x0b57a4,
			Sea:         0xd7e4ee,
			Land:        0xf7f6f2,
			LandPartner: 0xefe2c4,
			Focus:       0x1b1d21,
			BorderLand:  0x8a96a3,
		},
		Dark: Palette{
			Ink:         0xe6e8eb,
			InkSoft:     0xb4bac3,
			Paper:       0x16181c,
			PaperSoft:   0x23272e,
			Rule:        0x434952,
			Accent:      0x8cb8ff,
			Coordinator: 0xff8a80,
			Partner:     0x7fb2ff,
			Sea:         0x14212e,
			Land:        0x2a2e34,
			LandPartner: 0x4a3f2b,
			Focus:       0xffffff,
			BorderLand:  0x5f6875,
		},
		Marks: Marks{
			Coordinator:   28,
			Partner:       24,
			ClusterSmall:  32,
			ClusterMedium: 38,
			ClusterLarge:  46,
			Dot:           9,
			Diamond:       12,
			Edge:          2.5,
			Ring:          17,
			SmallDot:      4,
			Link:          2,
		},
	}
}

// CSS writes the style as the custom properties site.css uses: the light
// colours and the sizes on :root, the dark colours for those who prefer
// them. It is written minified, as the stylesheet it goes before is.
func (s Style) CSS() []byte {
	var b strings.Builder
	write := func(properties []property) {
		for _, p := range properties {
			b.WriteString("--" + p.name + ":" + p.value + ";")
		}
	}
	b.WriteString(":root{")
	write(s.Light.properties())
	write(s.Marks.properties())
	b.WriteString("color-scheme:light}@media(prefers-color-scheme:dark){:root{")
	write(s.Dark.properties())
	b.WriteString("color-scheme:dark}}")
	return []byte(b.String())
}

// property is a custom property: its name, without the leading --, and
// its value as CSS writes it.
type property struct{ name, value string }

// properties names the palette's colours for the stylesheet.
func (p Palette) properties() []property {
	return []property{
		{"ink", p.Ink.String()},
		{"ink-soft", p.InkSoft.String()},
		{"paper", p.Paper.String()},
		{"paper-soft", p.PaperSoft.String()},
		{"rule", p.Rule.String()},
		{"accent", p.Accent.String()},
		{"coordinator", p.Coordinator.String()},
		{"partner", p.Partner.String()},
		{"sea", p.Sea.String()},
		{"land", p.Land.String()},
		{"land-partner", p.LandPartner.String()},
		{"focus", p.Focus.String()},
		{"border-land", p.BorderLand.String()},
	}
}

// properties names the sizes the stylesheet and the map script use; the
// drawn maps' dots are drawn by the server.
func (m Marks) properties() []property {
	px := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "px" }
	return []property{
		{"marker-coordinator", px(m.Coordinator)},
		{"marker-partner", px(m.Partner)},
		{"marker-cluster-small", px(m.ClusterSmall)},
		{"marker-cluster-medium", px(m.ClusterMedium)},
		{"marker-cluster-large", px(m.ClusterLarge)},
		{"marker-edge", px(m.Edge)},
		{"link-width", px(m.Link)},
	}
}

// Colour is an opaque sRGB colour, 0xRRGGBB. It is a color.Color, for
// painting.
type Colour uint32

// RGBA gives the colour as image/color does.
func (c Colour) RGBA() (r, g, b, a uint32) {
	r, g, b = uint32(c>>16&0xff), uint32(c>>8&0xff), uint32(c&0xff)
	return r | r<<8, g | g<<8, b | b<<8, 0xffff
}

// String writes the colour as CSS does: #1b1d21.
func (c Colour) String() string {
	s := strconv.FormatUint(uint64(c&0xffffff), 16)
	return "#" + strings.Repeat("0", 6-len(s)) + s
}

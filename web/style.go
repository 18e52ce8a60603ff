package web

import (
	"partnermap/components"
	"partnermap/geo"
	"partnermap/static"
)

// The style table (static.SiteStyle) reaches the stylesheet as custom
// properties (NewBuilder), and the other outputs from here: the map drawn
// on every page, and the preview images and KML file that geo makes.

// drawStyle is the style as geo paints the preview images and styles the
// KML file with it: the light scheme, as images and files are seen on
// white.
func drawStyle(s static.Style) geo.Style {
	p, m := s.Light, s.Marks
	return geo.Style{
		Sea: p.Sea, Land: p.Land, LandPartner: p.LandPartner, BorderLand: p.BorderLand,
		Coordinator: p.Coordinator, Partner: p.Partner,
		Ink: p.Ink, InkSoft: p.InkSoft, Paper: p.Paper, Rule: p.Rule,
		Dot: m.Dot, Diamond: m.Diamond, Edge: m.Edge, Link: m.Link,
	}
}

// pictureMarks are the sizes of the marks on the map drawn on every page.
// Its dots are links, each as large a target as the live map's largest
// marker.
func pictureMarks(m static.Marks) components.PictureMarks {
	return components.PictureMarks{Dot: m.Dot, Diamond: m.Diamond, Target: m.Coordinator / 2, Ring: m.Ring, SmallDot: m.SmallDot}
}

package geo

import (
	"encoding/xml"
	"fmt"
	"html"
	"image/color"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"partnermap/data"
)

// The icons' sizes in KML, where 1 is a viewer's usual icon: the
// coordinator's city stands out, as its marker does on the map.
const (
	kmlCoordinatorScale = 1.3
	kmlPartnerScale     = 1
)

// KML 2.2, as much of it as a map of places and lines needs. Fields are in
// the order the schema asks for.
type (
	kmlFile struct {
		XMLName  xml.Name    `xml:"http://www.opengis.net/kml/2.2 kml"`
		Document kmlDocument `xml:"Document"`
	}
	kmlDocument struct {
		Name       string         `xml:"name"`
		Styles     []kmlStyle     `xml:"Style"`
		Placemarks []kmlPlacemark `xml:"Placemark"`
	}
	kmlStyle struct {
		ID      string           `xml:"id,attr"`
		Icon    *kmlIconStyle    `xml:"IconStyle,omitempty"`
		Line    *kmlLineStyle    `xml:"LineStyle,omitempty"`
		Balloon *kmlBalloonStyle `xml:"BalloonStyle,omitempty"`
	}
	// kmlBalloonStyle chooses what a viewer's balloon shows.
	kmlBalloonStyle struct {
		Text string `xml:"text"`
	}
	kmlIconStyle struct {
		Color string  `xml:"color"` // aabbggrr
		Scale float64 `xml:"scale"`
	}
	kmlLineStyle struct {
		Color string  `xml:"color"`
		Width float64 `xml:"width"`
	}
	kmlPlacemark struct {
		Name        string         `xml:"name"`
		Description string         `xml:"description,omitempty"`
		StyleURL    string         `xml:"styleUrl"`
		Extended    *kmlExtended   `xml:"ExtendedData,omitempty"`
		Point       *kmlPoint      `xml:"Point,omitempty"`
		LineString  *kmlLineString `xml:"LineString,omitempty"`
		// Lines is a link cut at the antimeridian (linkGeometry).
		Lines *kmlMultiGeometry `xml:"MultiGeometry,omitempty"`
	}
	kmlMultiGeometry struct {
		LineStrings []kmlLineString `xml:"LineString"`
	}
	kmlExtended struct {
		Data []kmlData `xml:"Data"`
	}
	// kmlData is a field of a placemark as plain text, which GIS
	// programs show as a column of their attribute tables.
	kmlData struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value"`
	}
	kmlPoint struct {
		Coordinates string `xml:"coordinates"`
	}
	kmlLineString struct {
		Tessellate  int    `xml:"tessellate"`
		Coordinates string `xml:"coordinates"`
	}
)

// KML writes the network for Google Earth and desktop GIS: a Placemark per
// city, in the style's colours for the coordinator's city and the
// partners', described by its partners, then a line per lead-partner link
// (Links), two for a link across the antimeridian, cut there as the
// GeoJSON's is. about says what a partner is, in the file's language, such as
// "Organisation · Partner"; cityURL gives the absolute address of a city's
// page.
//
// encoding/xml escapes every name. Viewers show a description as HTML, so
// it is escaped for HTML too before going in: a partner's name stays text
// and never becomes markup. GIS programs show fields, not descriptions, in
// their attribute tables: each city's placemark also carries its fields as
// plain text in ExtendedData (see kmlFields), where 's-Hertogenbosch
// reads as written rather than as &#39;s-Hertogenbosch, and which the
// balloon leaves out (kmlBalloon).
func KML(n *data.Network, s Style, about func(p data.Partner) string, cityURL func(slug string) string) ([]byte, error) {
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("geo: kml: %w", err)
	}
	doc := kmlDocument{
		Name: n.Name,
		Styles: []kmlStyle{
			{ID: "coordinator", Icon: &kmlIconStyle{Color: kmlColour(s.Coordinator), Scale: kmlCoordinatorScale}, Balloon: kmlBalloon},
			{ID: "partner", Icon: &kmlIconStyle{Color: kmlColour(s.Partner), Scale: kmlPartnerScale}, Balloon: kmlBalloon},
			{ID: "link", Line: &kmlLineStyle{Color: kmlColour(s.Partner), Width: s.Link}},
		},
	}
	for i := range n.Cities {
		c := &n.Cities[i]
		var partners []string
		in := n.PartnersIn(c.Slug)
		for _, p := range in {
			partners = append(partners, html.EscapeString(p.Name+" ("+about(p)+")"))
		}
		style := "#partner"
		if n.IsCoordinatorCity(c.Slug) {
			style = "#coordinator"
		}
		doc.Placemarks = append(doc.Placemarks, kmlPlacemark{
			Name:        c.Name,
			Description: strings.Join(partners, "\n"),
			StyleURL:    style,
			Extended:    &kmlExtended{kmlFields(c, in, cityURL(c.Slug))},
			Point:       &kmlPoint{Coordinates: kmlCoordinates(Point(*c))},
		})
	}
	for _, l := range Links(n) {
		from, _ := n.City(l.From)
		to, _ := n.City(l.To)
		link := kmlPlacemark{Name: from.Name + " – " + to.Name, StyleURL: "#link"}
		switch g := linkGeometry(l.Line).(type) {
		case orb.MultiLineString:
			link.Lines = &kmlMultiGeometry{}
			for _, part := range g {
				link.Lines.LineStrings = append(link.Lines.LineStrings, kmlLineString{Tessellate: 1, Coordinates: kmlCoordinates(part...)})
			}
		default:
			link.LineString = &kmlLineString{Tessellate: 1, Coordinates: kmlCoordinates(l.Line...)}
		}
		doc.Placemarks = append(doc.Placemarks, link)
	}
	body, err := xml.Marshal(kmlFile{Document: doc})
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), body...), '\n'), nil
}

// kmlBalloon shows a city's description alone in a viewer's balloon, and
// not the table of its fields that Google Earth would add, which it
// would read as HTML: the fields are plain text, for GIS programs.
var kmlBalloon = &kmlBalloonStyle{Text: "$[description]"}

// kmlSeparator joins the partners of a city, and their kinds and roles in
// the same order, in one field each.
const kmlSeparator = "; "

// kmlFields are a city's fields, named as the CSV's columns are where they
// hold the same: its partners, their kinds and roles as the data file
// writes them, its local name, its country as a code and by name, and the
// address of its page.
func kmlFields(c *data.City, partners []data.Partner, page string) []kmlData {
	names := make([]string, len(partners))
	kinds := make([]string, len(partners))
	roles := make([]string, len(partners))
	for i, p := range partners {
		names[i], kinds[i], roles[i] = p.Name, string(p.Kind), string(p.Role)
	}
	return []kmlData{
		{"partners", strings.Join(names, kmlSeparator)},
		{"kinds", strings.Join(kinds, kmlSeparator)},
		{"roles", strings.Join(roles, kmlSeparator)},
		{"local_name", c.LocalName},
		{"country", c.Country},
		{"country_name", data.CountryName(c.Country)},
		{"page_url", page},
	}
}

// kmlColour writes an opaque colour as KML does: aabbggrr, in hex.
func kmlColour(c color.Color) string {
	o := opaque(c)
	return fmt.Sprintf("ff%02x%02x%02x", o.B, o.G, o.R)
}

// kmlCoordinates writes points as KML does: lon,lat, separated by spaces.
func kmlCoordinates(points ...orb.Point) string {
	s := make([]string, len(points))
	for i, p := range points {
		s[i] = strconv.FormatFloat(p[0], 'f', -1, 64) + "," + strconv.FormatFloat(p[1], 'f', -1, 64)
	}
	return strings.Join(s, " ")
}

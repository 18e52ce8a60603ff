package web

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"html"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/data/spreadsheet"
	"partnermap/geo"
)

const (
	// typeCSV says that the first row names the columns (RFC 4180).
	typeCSV = "text/csv; charset=utf-8; header=present"
	typeKML = "application/vnd.google-earth.kml+xml"
)

// downloads are the sizes of the open-data files, in bytes, which the
// details panels show beside their links.
type downloads struct {
	network  sizes
	measured chan struct{} // closed once network holds every size
	err      error         // from measuring
	city     func(c *data.City) int
}

// sizes are the network's files of open data.
type sizes struct {
	GeoJSON, CSV, XLSX, KML int
	// Places and Links are the GeoJSON's points and lines as files of
	// their own, for formats that take one geometry type per layer.
	Places, Links int
}

// measuredSizes are the sizes of the network's files, once measured.
func (d *downloads) measuredSizes() (sizes, error) {
	<-d.measured
	return d.network, d.err
}

// addDownloads registers the open data besides the GeoJSON: its cities and
// its links as GeoJSON of one geometry type each, for formats that hold one
// per layer (a Shapefile); the partners as CSV for spreadsheets and as a
// workbook that partnermap import reads back; the network as KML for
// Google Earth and desktop GIS; and each city's Feature alone. A small
// network's files are rendered and compressed with the pages. A large
// network's are megabytes each: they are rendered while the rest of the
// site is built, to be measured, and kept from then on, outside the cache,
// which they would empty (a request meanwhile waits for them). A city's
// Feature is a few hundred bytes, made on demand.
func (r *routeBuilder) addDownloads(geojsonSize int) *downloads {
	n := r.network
	full := r.paths
	cityURL := func(slug string) string { return r.abs(full.City(slug)) }
	d := &downloads{network: sizes{GeoJSON: geojsonSize}, measured: make(chan struct{})}
	files := []struct {
		path, contentType, ext string
		size                   *int
		render                 func() ([]byte, error)
	}{
		{full.Places(), typeGeoJSON, "", &d.network.Places, func() ([]byte, error) { return geo.Places(n, cityURL).MarshalJSON() }},
		{full.Links(), typeGeoJSON, "", &d.network.Links, func() ([]byte, error) { return geo.LinkFeatures(n).MarshalJSON() }},
		{full.CSV(), typeCSV, ".csv", &d.network.CSV, func() ([]byte, error) { return networkCSV(n, cityURL) }},
		{full.XLSX(), spreadsheet.ContentType, ".xlsx", &d.network.XLSX, func() ([]byte, error) { return spreadsheet.Workbook(n) }},
		{full.KML(), typeKML, ".kml", &d.network.KML, func() ([]byte, error) { return networkKML(n, r.locales[""].t) }},
	}
	var kept []*lazyResource // a large network's, in the order of files
	measure := func() {
		defer close(d.measured)
		for i, f := range files {
			res, err := kept[i].keep()
			if err == nil {
				*f.size = len(res.Body())
			}
			d.err = errors.Join(d.err, err)
		}
	}
	for _, f := range files {
		// Spreadsheets and GIS save the CSV and KML; browsers show GeoJSON
		// as JSON, and the panels' links ask to save it.
		resource := func(body []byte) *Resource {
			res := openData(newResource(f.contentType, cacheRevalidate, body))
			if f.ext != "" {
				res = attachment(res, n.Slug+f.ext)
			}
			return res
		}
		if r.compact {
			l := neutral(func() (*Resource, error) {
				body, err := f.render()
				if err != nil {
					return nil, err
				}
				return resource(body), nil
			})
			l.kept = true
			r.site.lazy[f.path] = l
			kept = append(kept, l)
			continue
		}
		if body, err := f.render(); err != nil {
			r.fail(err)
		} else {
			*f.size = len(body)
			r.site.routes[f.path] = resource(body)
		}
	}
	if r.compact {
		go measure()
	} else {
		close(d.measured)
	}

	cityGeoJSON := func(c *data.City) ([]byte, error) { return geo.City(n, c, cityURL).MarshalJSON() }
	for i := range n.Cities {
		c := &n.Cities[i]
		l := neutral(func() (*Resource, error) {
			body, err := cityGeoJSON(c)
			if err != nil {
				return nil, err
			}
			return openData(newResource(typeGeoJSON, cacheRevalidate, body)), nil
		})
		r.site.lazy[full.CityGeoJSON(c.Slug)] = l
		r.order = append(r.order, l)
	}
	// Panels are rendered after the build, possibly at once: a Feature
	// that would not marshal fails its own response, not the panel.
	d.city = func(c *data.City) int {
		body, _ := cityGeoJSON(c)
		return len(body)
	}
	return d
}

// fail keeps the first error of the build.
func (r *routeBuilder) fail(err error) {
	if err != nil && r.err == nil {
		r.err = err
	}
}

// attachment makes browsers save a response as a file of the given name
// rather than show it.
func attachment(res *Resource, filename string) *Resource {
	res.headers = append(res.headers, [2]string{"Content-Disposition", `attachment; filename="` + filename + `"`})
	return res
}

// csvHeader names the columns of the CSV: the GeoJSON's property names
// where there is one. The country is given both ways, as its ISO 3166-1
// alpha-2 code for joining with other data and by name for reading.
var csvHeader = []string{"network", "partner", "kind", "role", "city", "local_name", "country", "country_name", "latitude", "longitude", "page_url"}

// networkCSV writes one row per partner, in file order: RFC 4180 with CRLF
// line ends, in UTF-8 without a byte order mark, which scripts and
// databases would read as part of the first column's name (spreadsheets
// ask for the encoding on import).
func networkCSV(n *data.Network, cityURL func(slug string) string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write(csvHeader)
	for _, p := range n.Partners {
		c, ok := n.City(p.City)
		if !ok {
			continue
		}
		at := geo.Point(*c)
		w.Write([]string{
			csvText(n.Name), csvText(p.Name), csvText(string(p.Kind)), csvText(string(p.Role)),
			csvText(c.Name), csvText(c.LocalName), csvText(c.Country), csvText(data.CountryName(c.Country)),
			strconv.FormatFloat(at.Lat(), 'f', -1, 64), strconv.FormatFloat(at.Lon(), 'f', -1, 64),
			csvText(cityURL(c.Slug)),
		})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// csvText keeps a spreadsheet from running a cell as a formula: text that
// starts like one gets a leading single quote, as OWASP advises against
// CSV injection. Coordinates are numbers and are written as they are.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

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
		ID   string        `xml:"id,attr"`
		Icon *kmlIconStyle `xml:"IconStyle,omitempty"`
		Line *kmlLineStyle `xml:"LineStyle,omitempty"`
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
		Point       *kmlPoint      `xml:"Point,omitempty"`
		LineString  *kmlLineString `xml:"LineString,omitempty"`
	}
	kmlPoint struct {
		Coordinates string `xml:"coordinates"`
	}
	kmlLineString struct {
		Tessellate  int    `xml:"tessellate"`
		Coordinates string `xml:"coordinates"`
	}
)

// networkKML writes the network as KML: a Placemark per city, styled as
// the map styles the coordinator's and partners' cities, then a line per
// lead-partner link. encoding/xml escapes every name. Viewers show a
// description as HTML, so partner names are escaped for HTML too before
// going into it: a name stays text and never becomes markup.
func networkKML(n *data.Network, t messages.Messages) ([]byte, error) {
	doc := kmlDocument{
		Name: n.Name,
		Styles: []kmlStyle{
			{ID: "coordinator", Icon: &kmlIconStyle{Color: "ff1e26b3", Scale: 1.3}},
			{ID: "partner", Icon: &kmlIconStyle{Color: "ffa4570b", Scale: 1}},
			{ID: "link", Line: &kmlLineStyle{Color: "ffa4570b", Width: 2}},
		},
	}
	for i := range n.Cities {
		c := &n.Cities[i]
		var partners []string
		for _, p := range n.PartnersIn(c.Slug) {
			partners = append(partners, html.EscapeString(p.Name)+" ("+t.T("kind."+string(p.Kind))+" · "+t.T("role."+string(p.Role))+")")
		}
		style := "#partner"
		if n.IsCoordinatorCity(c.Slug) {
			style = "#coordinator"
		}
		doc.Placemarks = append(doc.Placemarks, kmlPlacemark{
			Name:        c.Name,
			Description: strings.Join(partners, "\n"),
			StyleURL:    style,
			Point:       &kmlPoint{Coordinates: kmlCoordinates(geo.Point(*c))},
		})
	}
	for _, l := range geo.Links(n) {
		from, _ := n.City(l.From)
		to, _ := n.City(l.To)
		doc.Placemarks = append(doc.Placemarks, kmlPlacemark{
			Name:       from.Name + " – " + to.Name,
			StyleURL:   "#link",
			LineString: &kmlLineString{Tessellate: 1, Coordinates: kmlCoordinates(l.Line...)},
		})
	}
	body, err := xml.Marshal(kmlFile{Document: doc})
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), body...), '\n'), nil
}

// kmlCoordinates writes points as KML does: lon,lat, separated by spaces.
func kmlCoordinates(points ...orb.Point) string {
	s := make([]string, len(points))
	for i, p := range points {
		s[i] = strconv.FormatFloat(p[0], 'f', -1, 64) + "," + strconv.FormatFloat(p[1], 'f', -1, 64)
	}
	return strings.Join(s, " ")
}

package geo

import (
	"encoding/xml"
	"html"
	"slices"
	"strings"
	"testing"

	"partnermap/data"
)

// kmlRead is what a KML reader sees of the file.
type kmlRead struct {
	XMLName  xml.Name
	Document struct {
		Name   string `xml:"name"`
		Styles []struct {
			ID        string  `xml:"id,attr"`
			Color     string  `xml:"IconStyle>color"`
			Scale     float64 `xml:"IconStyle>scale"`
			LineColor string  `xml:"LineStyle>color"`
			LineWidth float64 `xml:"LineStyle>width"`
		} `xml:"Style"`
		Placemarks []kmlReadPlacemark `xml:"Placemark"`
	}
}

type kmlReadPlacemark struct {
	Name        string `xml:"name"`
	Description string `xml:"description"`
	StyleURL    string `xml:"styleUrl"`
	Point       string `xml:"Point>coordinates"`
	Line        string `xml:"LineString>coordinates"`
}

// kmlReadData is a placemark's fields as a KML reader sees them.
type kmlReadData struct {
	Data []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value"`
	} `xml:"ExtendedData>Data"`
}

// kmlPage is the address of a city's page in the tests.
func kmlPage(slug string) string { return "https://map.example.org/cities/" + slug + "/" }

// kmlAbout says what a partner is, as web does in English.
func kmlAbout(p data.Partner) string { return string(p.Kind) + " · " + string(p.Role) }

func TestKML(t *testing.T) {
	markup := `<script>alert(1)</script> & "Sons", Ltd`
	for _, tc := range []struct {
		name       string
		network    *data.Network
		placemarks []kmlReadPlacemark
		raw        []string // parts of the file as written
		not        []string // and what must not be in it
	}{
		{
			name:    "a placemark per city, then a line from the coordinator's city to each other city",
			network: downloadNetwork("CoNet", data.Partner{Name: "CESIE"}, data.Partner{Name: "City of Porto", Kind: data.KindCity}),
			placemarks: []kmlReadPlacemark{
				{Name: "Berlin", Description: "City of Berlin (city · coordinator)", StyleURL: "#coordinator", Point: "13.405,52.52"},
				{Name: "Porto", Description: "CESIE (organisation · partner)\nCity of Porto (city · partner)", StyleURL: "#partner", Point: "-8.6291,41.1579"},
				{Name: "Berlin – Porto", StyleURL: "#link", Line: "13.405,52.52 -8.6291,41.1579"},
			},
			raw: []string{`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>CoNet</name>`, "<tessellate>1</tessellate>",
				`<Style id="partner"><IconStyle><color>ff377f1a</color><scale>1</scale></IconStyle><BalloonStyle><text>$[description]</text></BalloonStyle></Style>`},
		},
		{
			name:    "names are text: escaped for XML, and in descriptions, which viewers show as HTML, for HTML too",
			network: downloadNetwork(`A & <B>`, data.Partner{Name: markup}),
			placemarks: []kmlReadPlacemark{
				{Name: "Berlin", Description: "City of Berlin (city · coordinator)", StyleURL: "#coordinator", Point: "13.405,52.52"},
				{Name: "Porto", Description: html.EscapeString(markup + " (organisation · partner)"), StyleURL: "#partner", Point: "-8.6291,41.1579"},
				{Name: "Berlin – Porto", StyleURL: "#link", Line: "13.405,52.52 -8.6291,41.1579"},
			},
			raw: []string{"<name>A &amp; &lt;B&gt;</name>"},
			not: []string{"<script", "<description>&lt;script"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := KML(tc.network, testStyle(), kmlAbout, kmlPage)
			if err != nil {
				t.Fatal(err)
			}
			var doc kmlRead
			if err := xml.Unmarshal(body, &doc); err != nil {
				t.Fatalf("the KML does not read back: %v\n%s", err, body)
			}
			if doc.XMLName.Space != "http://www.opengis.net/kml/2.2" || doc.XMLName.Local != "kml" {
				t.Errorf("root %v, want KML 2.2", doc.XMLName)
			}
			if doc.Document.Name != tc.network.Name {
				t.Errorf("document named %q, want %q", doc.Document.Name, tc.network.Name)
			}
			if !slices.Equal(doc.Document.Placemarks, tc.placemarks) {
				t.Errorf("placemarks\n%q\nwant\n%q", doc.Document.Placemarks, tc.placemarks)
			}
			for _, s := range tc.raw {
				if !strings.Contains(string(body), s) {
					t.Errorf("no %q in\n%s", s, body)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(string(body), s) {
					t.Errorf("%q in\n%s", s, body)
				}
			}
		})
	}
}

// A link across the antimeridian is two lines, cut at 180° where the
// GeoJSON's is: a GIS reads it as one MultiLineString.
func TestKMLAcrossTheAntimeridian(t *testing.T) {
	n := downloadNetwork("Pacific", data.Partner{Name: "Apia Municipal Council", Kind: data.KindCity})
	n.Cities[0].Name, n.Cities[0].Lat, n.Cities[0].Lon = "Suva", -18.1368, 178.4253
	n.Cities[1].Name, n.Cities[1].Lat, n.Cities[1].Lon = "Apia", -13.8333, -171.7667
	body, err := KML(n, testStyle(), kmlAbout, kmlPage)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Placemarks []struct {
			Name  string   `xml:"name"`
			Line  string   `xml:"LineString>coordinates"`
			Parts []string `xml:"MultiGeometry>LineString>coordinates"`
		} `xml:"Document>Placemark"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	link := doc.Placemarks[len(doc.Placemarks)-1]
	want := []string{"178.4253,-18.1368 180,-17.452274", "-180,-17.452274 -171.7667,-13.8333"}
	if link.Name != "Suva – Apia" || link.Line != "" || !slices.Equal(link.Parts, want) {
		t.Errorf("the link %q: line %q, parts %q; want parts %q", link.Name, link.Line, link.Parts, want)
	}
}

// The cities and the links are styled in the colours and the line width
// of the style the file is written in.
func TestKMLStyles(t *testing.T) {
	n := downloadNetwork("CoNet", data.Partner{Name: "CESIE"})
	site := testStyle()
	site.Coordinator, site.Partner, site.Link = colour(0xb3261e), colour(0x0b57a4), 2
	swapped := site
	swapped.Coordinator, swapped.Partner, swapped.Link = site.Partner, site.Coordinator, 3.5
	type style struct {
		ID, Color string
		Scale     float64
		LineColor string
		LineWidth float64
	}
	for _, tc := range []struct {
		name  string
		style Style
		want  []style
	}{
		{"red coordinator, blue partners", site, []style{
			{ID: "coordinator", Color: "ff1e26b3", Scale: 1.3},
			{ID: "partner", Color: "ffa4570b", Scale: 1},
			{ID: "link", LineColor: "ffa4570b", LineWidth: 2},
		}},
		{"the other way round, wider lines", swapped, []style{
			{ID: "coordinator", Color: "ffa4570b", Scale: 1.3},
			{ID: "partner", Color: "ff1e26b3", Scale: 1},
			{ID: "link", LineColor: "ff1e26b3", LineWidth: 3.5},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := KML(n, tc.style, kmlAbout, kmlPage)
			if err != nil {
				t.Fatal(err)
			}
			var doc kmlRead
			if err := xml.Unmarshal(body, &doc); err != nil {
				t.Fatal(err)
			}
			var got []style
			for _, s := range doc.Document.Styles {
				got = append(got, style(s))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("styles %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestKMLIncompleteStyle(t *testing.T) {
	s := testStyle()
	s.Coordinator = nil
	_, err := KML(downloadNetwork("CoNet"), s, kmlAbout, kmlPage)
	if err == nil || !strings.Contains(err.Error(), "no Coordinator colour") {
		t.Errorf("a style without a coordinator colour: %v, want it named", err)
	}
}

// Each city's placemark carries its fields as plain text, for GIS
// attribute tables: what the description escapes for HTML reads there as
// written. Lines have no fields.
func TestKMLFields(t *testing.T) {
	name := `Gemeente 's-Hertogenbosch & <Sons>`
	n := downloadNetwork("CoNet", data.Partner{Name: name, Kind: data.KindCity}, data.Partner{Name: "CESIE"})
	body, err := KML(n, testStyle(), kmlAbout, kmlPage)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Placemarks []kmlReadData `xml:"Document>Placemark"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	type field struct{ Name, Value string }
	want := [][]field{
		{{"partners", "City of Berlin"}, {"kinds", "city"}, {"roles", "coordinator"}, {"local_name", ""},
			{"country", "DE"}, {"country_name", "Germany"}, {"page_url", "https://map.example.org/cities/berlin/"}},
		{{"partners", name + "; CESIE"}, {"kinds", "city; organisation"}, {"roles", "partner; partner"}, {"local_name", "Porto"},
			{"country", "PT"}, {"country_name", "Portugal"}, {"page_url", "https://map.example.org/cities/porto/"}},
		nil,
	}
	if len(doc.Placemarks) != len(want) {
		t.Fatalf("%d placemarks, want %d", len(doc.Placemarks), len(want))
	}
	for i, p := range doc.Placemarks {
		var got []field
		for _, d := range p.Data {
			got = append(got, field(d))
		}
		if !slices.Equal(got, want[i]) {
			t.Errorf("placemark %d: fields %q, want %q", i, got, want[i])
		}
	}
	if strings.Contains(string(body), "&amp;#39;s-Hertogenbosch") == false {
		t.Errorf("the description no longer escapes the name for HTML:\n%s", body)
	}
}

package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/geo"
	"partnermap/static"
)

// hostileNames is a network whose partner names a spreadsheet would run
// as formulas or a KML viewer would render as markup, with a city west of
// Greenwich.
const hostileNames = `
[network]
slug = "tricky"
name = "=Tricky"

[[cities]]
slug = "porto"
name = "Porto"
country = "PT"
lat = 41.1579
lon = -8.6291

[[cities]]
slug = "berlin"
name = "Berlin"
country = "DE"
lat = 52.52
lon = 13.405

[[partners]]
slug = "formula"
name = '=HYPERLINK("http://evil.example","x")'
kind = "city"
role = "coordinator"
city = "berlin"

[[partners]]
slug = "plus"
name = "+1+1"
kind = "organisation"
role = "partner"
city = "porto"

[[partners]]
slug = "minus"
name = "-2+3"
kind = "organisation"
role = "partner"
city = "porto"

[[partners]]
slug = "at"
name = "@SUM(A1:A2)"
kind = "organisation"
role = "partner"
city = "porto"

[[partners]]
slug = "tab"
name = "\tcmd"
kind = "organisation"
role = "partner"
city = "porto"

[[partners]]
slug = "markup"
name = '<script>alert(1)</script> & "Sons", Ltd'
kind = "organisation"
role = "partner"
city = "porto"
`

func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	return rows
}

// The CSV is geo's (geo.CSV, tested there) of the site's network, with
// the addresses of the site's city pages.
func TestCSV(t *testing.T) {
	r := get(t, testServer(t, ""), "/api/network.csv")
	if r.StatusCode != 200 {
		t.Fatalf("status %d", r.StatusCode)
	}
	n, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	want, err := geo.CSV(n, func(slug string) string { return testBaseURL + "/cities/" + slug + "/" })
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.body, want) {
		t.Errorf("the CSV served is not geo's:\n%s\nwant\n%s", r.body, want)
	}
	rows := readCSV(t, r.body)
	palermo := []string{"CoNet", "CESIE", "organisation", "partner", "Palermo", "Palermo", "IT", "Italy", "38.1157", "13.3613", testBaseURL + "/cities/palermo/"}
	if len(rows) != 1+12 || !slices.ContainsFunc(rows, func(row []string) bool { return slices.Equal(row, palermo) }) {
		t.Errorf("%d rows, want a header and 12 partners, among them %q:\n%s", len(rows), palermo, r.body)
	}
}

// The workbook has the partners in the import's layout, and text that a
// spreadsheet would run as a formula is text in it.
func TestXLSX(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		rows      int
		want      []string // a row
	}{
		{"conet", "", 12, []string{"CESIE", "organisation", "partner", "Palermo", "IT", "http://www.cesie.org", "38.1157", "13.3613", "Palermo", "Ballarò"}},
		{"formulas", hostileNames, 6, []string{`=HYPERLINK("http://evil.example","x")`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, testServer(t, tc.src), "/api/network.xlsx")
			f, err := excelize.OpenReader(bytes.NewReader(r.body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !slices.Equal(got, []string{"Partners"}) {
				t.Errorf("sheets %q", got)
			}
			rows, err := f.GetRows("Partners")
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"partner", "kind", "role", "city", "country", "website", "latitude", "longitude", "local name", "focus area", "description", "partner slug", "city slug"}; !slices.Equal(rows[0], want) {
				t.Errorf("header %q", rows[0])
			}
			if len(rows) != 1+tc.rows {
				t.Errorf("%d rows, want a header and %d partners", len(rows), tc.rows)
			}
			if !slices.ContainsFunc(rows, func(row []string) bool { return len(row) >= len(tc.want) && slices.Equal(row[:len(tc.want)], tc.want) }) {
				t.Errorf("no row starts %q in %q", tc.want, rows)
			}
			for i := range rows {
				for j := range rows[i] {
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					if formula, _ := f.GetCellFormula("Partners", cell); formula != "" {
						t.Errorf("%s is the formula %s", cell, formula)
					}
				}
			}
		})
	}
}

// The KML is geo's (geo.KML, tested there) of the site's network, in the
// style table's colours, its partners described in the default language.
func TestKML(t *testing.T) {
	r := get(t, testServer(t, ""), "/api/network.kml")
	n, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	want, err := geo.KML(n, drawStyle(static.SiteStyle()), partnerAbout(in(t, "en")), func(slug string) string { return testBaseURL + "/cities/" + slug + "/" })
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.body, want) {
		t.Errorf("the KML served is not geo's:\n%s\nwant\n%s", r.body, want)
	}
	for _, palermo := range []string{
		"<name>Palermo</name><description>City of Palermo (City · Partner)&#xA;CESIE (Organisation · Partner)</description>",
		`<Data name="partners"><value>City of Palermo; CESIE</value></Data>`,
		`<Data name="page_url"><value>` + testBaseURL + `/cities/palermo/</value></Data>`,
	} {
		if !bytes.Contains(r.body, []byte(palermo)) {
			t.Errorf("no %q in\n%s", palermo, r.body)
		}
	}
}

func TestCityGeoJSON(t *testing.T) {
	s := testServer(t, "")
	var network struct {
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(get(t, s, "/api/network.geojson").body, &network); err != nil {
		t.Fatal(err)
	}
	n, _ := data.Default()
	for i, c := range n.Cities {
		r := get(t, s, "/api/cities/"+c.Slug+".geojson")
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/geo+json" || r.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
			t.Errorf("%s: status %d, Content-Type %q, CORP %q", c.Slug, r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Cross-Origin-Resource-Policy"))
		}
		var alone, within any
		if err := json.Unmarshal(r.body, &alone); err != nil {
			t.Fatalf("%s: %v", c.Slug, err)
		}
		json.Unmarshal(network.Features[i], &within)
		if !reflect.DeepEqual(alone, within) {
			t.Errorf("%s alone:\n%s\nin the network:\n%s", c.Slug, r.body, network.Features[i])
		}
	}
	for _, path := range []string{"/api/cities/atlantis.geojson", "/api/cities/palermo/", "/api/cities/Palermo.geojson"} {
		if r := get(t, s, path); r.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", path, r.StatusCode)
		}
	}
}

func TestDownloadHeaders(t *testing.T) {
	for _, tc := range []struct{ name, src, slug string }{
		{"small network", "", "conet"},
		{"large network, rendered on demand", string(datatest.Generate(compactFrom, compactFrom)), "scale"},
	} {
		s := testServer(t, tc.src)
		for _, f := range []struct {
			path, contentType, disposition string
			zipped                         bool // compressed already, so not again
		}{
			{"/api/network.csv", "text/csv; charset=utf-8; header=present", `attachment; filename="` + tc.slug + `.csv"`, false},
			{"/api/network.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `attachment; filename="` + tc.slug + `.xlsx"`, true},
			{"/api/network.kml", "application/vnd.google-earth.kml+xml", `attachment; filename="` + tc.slug + `.kml"`, false},
			{"/api/cities/city-1.geojson", "application/geo+json", "", false},
		} {
			if tc.src == "" && strings.Contains(f.path, "city-1") {
				f.path = "/api/cities/palermo.geojson"
			}
			t.Run(tc.name+f.path, func(t *testing.T) {
				r := get(t, s, f.path)
				for header, want := range map[string]string{
					"Content-Type":                 f.contentType,
					"Content-Disposition":          f.disposition,
					"Cache-Control":                "no-cache",
					"Cross-Origin-Resource-Policy": "cross-origin",
					"X-Content-Type-Options":       "nosniff",
				} {
					if got := r.Header.Get(header); got != want {
						t.Errorf("%s %q, want %q", header, got, want)
					}
				}
				etag := r.Header.Get("ETag")
				req := httptest.NewRequest(http.MethodGet, f.path, nil)
				req.Header.Set("If-None-Match", etag)
				if again := do(t, s, req); etag == "" || again.StatusCode != http.StatusNotModified || len(again.body) != 0 {
					t.Errorf("If-None-Match %s: status %d, %d bytes, want 304", etag, again.StatusCode, len(again.body))
				}
				req = httptest.NewRequest(http.MethodGet, f.path, nil)
				req.Header.Set("Accept-Encoding", "br")
				br := do(t, s, req)
				switch {
				case f.zipped && br.Header.Get("Content-Encoding") != "":
					t.Errorf("a zip archive is sent with Content-Encoding %q", br.Header.Get("Content-Encoding"))
				case !f.zipped && (br.Header.Get("Content-Encoding") != "br" || br.Header.Get("ETag") == etag):
					t.Errorf("brotli: Content-Encoding %q, ETag %q beside %q", br.Header.Get("Content-Encoding"), br.Header.Get("ETag"), etag)
				}
			})
		}
	}
}

// A large network's CSV and KML are megabytes each, more than the cache
// of lazily rendered pages keeps at the ceiling: they are rendered once,
// while the site is built, and kept outside the cache, so that asking for
// one and then the other does not render them again.
func TestLargeDownloadsRenderedOnce(t *testing.T) {
	s := testServer(t, string(datatest.Generate(compactFrom, 2*compactFrom)))
	site := s.site.Load()
	site.cache.limit = 1 // room for nothing: every page rendered drops the others
	first := map[string]*Resource{}
	for i := range 3 {
		for _, path := range []string{"/api/network.csv", "/api/network.kml", "/cities/city-1/", "/cities/city-2/"} {
			r := lookup(t, site, path, "")
			if r.Status != 200 || len(r.Body()) == 0 {
				t.Fatalf("%s: %v", path, r)
			}
			if strings.HasPrefix(path, "/api/") {
				if i > 0 && r != first[path] {
					t.Errorf("%s was rendered again on visit %d", path, i+1)
				}
				first[path] = r
			}
		}
	}
	if site.cache.used > 60_000 {
		t.Errorf("the cache holds %d bytes: the downloads were counted in it", site.cache.used)
	}
	if better := atBest(t, site); better.lazy["/api/network.kml"] != site.lazy["/api/network.kml"] {
		t.Error("the site compressed at the best levels renders the KML again")
	}
}

// The details panels link to every download, each with the size of the
// body it leads to, and embeds leave them to the full page.
func TestDownloadLinks(t *testing.T) {
	en := in(t, "en")
	for _, tc := range []struct{ name, src, city string }{
		{"small network", "", "palermo"},
		{"large network", string(datatest.Generate(compactFrom, 2*compactFrom)), "city-7"},
	} {
		s := testServer(t, tc.src)
		for _, page := range []struct {
			path  string
			links []string
		}{
			{"/", []string{"/api/network.geojson", "/api/cities.geojson", "/api/links.geojson", "/api/network.csv", "/api/network.xlsx", "/api/network.kml"}},
			{"/cities/" + tc.city + "/", []string{"/api/cities/" + tc.city + ".geojson", "/api/network.geojson", "/api/cities.geojson", "/api/links.geojson", "/api/network.csv", "/api/network.xlsx", "/api/network.kml"}},
			{"/fragments/cities/" + tc.city + ".html", []string{"/api/cities/" + tc.city + ".geojson", "/api/network.geojson", "/api/cities.geojson", "/api/links.geojson", "/api/network.csv", "/api/network.xlsx", "/api/network.kml"}},
		} {
			t.Run(tc.name+page.path, func(t *testing.T) {
				doc := document(t, get(t, s, page.path))
				heading := doc.Find("#details h2, article.panel h2").FilterFunction(func(_ int, h *goquery.Selection) bool {
					return h.Text() == "Download the data"
				})
				if heading.Length() != 1 {
					t.Fatalf("%d headings Download the data", heading.Length())
				}
				links := heading.Next().Filter("ul").Find("li > a[download]")
				var hrefs []string
				links.Each(func(_ int, a *goquery.Selection) {
					href := a.AttrOr("href", "")
					hrefs = append(hrefs, href)
					body := get(t, s, href).body
					size := en.Size(len(body))
					if !strings.HasSuffix(a.Text(), ", "+size) {
						t.Errorf("%s is said to be %q, its body is %d bytes (%s)", href, a.Text(), len(body), size)
					}
					if name := a.AttrOr("download", ""); !strings.HasSuffix(href, name[strings.LastIndex(name, "."):]) {
						t.Errorf("%s is saved as %q", href, name)
					}
				})
				if !slices.Equal(hrefs, page.links) {
					t.Errorf("links %q, want %q", hrefs, page.links)
				}
			})
		}
	}
	s := testServer(t, "")
	for _, path := range []string{"/embed/", "/embed/cities/palermo/", "/fragments/embed/cities/palermo.html"} {
		if n := document(t, get(t, s, path)).Find("a[download]").Length(); n != 0 {
			t.Errorf("%s has %d download links: embeds leave them to the full page", path, n)
		}
	}
}

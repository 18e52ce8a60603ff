package geo

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"partnermap/data"
)

// downloadNetwork is a network made without parsing it: Berlin, the
// coordinator's city, and Porto, west of Greenwich, with the partners
// given, all based in Porto but the first, in Berlin.
func downloadNetwork(name string, partners ...data.Partner) *data.Network {
	n := &data.Network{
		Slug: "tricky",
		Name: name,
		Cities: []data.City{
			{Slug: "berlin", Name: "Berlin", Country: "DE", Lat: 52.52, Lon: 13.405},
			{Slug: "porto", Name: "Porto", LocalName: "Porto", Country: "PT", Lat: 41.1579, Lon: -8.6291},
		},
		Partners: []data.Partner{{Slug: "berlin", Name: "City of Berlin", Kind: data.KindCity, Role: data.RoleCoordinator, City: "berlin"}},
	}
	for _, p := range partners {
		if p.City == "" {
			p.City = "porto"
		}
		if p.Kind == "" {
			p.Kind = data.KindOrganisation
		}
		if p.Role == "" {
			p.Role = data.RolePartner
		}
		n.Partners = append(n.Partners, p)
	}
	return n
}

func TestCSV(t *testing.T) {
	berlin := []string{"CoNet", "City of Berlin", "city", "coordinator", "Berlin", "", "DE", "Germany", "52.52", "13.405", "https://map.example.org/cities/berlin"}
	for _, tc := range []struct {
		name    string
		network *data.Network
		rows    [][]string // after the header, as a CSV reader reads them back
		raw     string     // a part of the file as written, when it matters
	}{
		{
			name:    "a row per partner, in file order",
			network: downloadNetwork("CoNet", data.Partner{Name: "CESIE"}, data.Partner{Name: "City of Porto", Kind: data.KindCity}),
			rows: [][]string{
				berlin,
				{"CoNet", "CESIE", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"CoNet", "City of Porto", "city", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
			},
			raw: "41.1579,-8.6291,",
		},
		{
			name:    "text a spreadsheet would run as a formula is behind a single quote; coordinates are numbers",
			network: downloadNetwork("=Tricky", data.Partner{Name: `=HYPERLINK("http://evil.example","x")`}, data.Partner{Name: "+1+1"}, data.Partner{Name: "-2+3"}, data.Partner{Name: "@SUM(A1:A2)"}, data.Partner{Name: "\tcmd"}, data.Partner{Name: "\rcmd"}),
			rows: [][]string{
				append([]string{"'=Tricky"}, berlin[1:]...),
				{"'=Tricky", `'=HYPERLINK("http://evil.example","x")`, "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"'=Tricky", "'+1+1", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"'=Tricky", "'-2+3", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"'=Tricky", "'@SUM(A1:A2)", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				// A tab or a line break is a space: text after it is
				// text, and no cell starts there.
				{"'=Tricky", " cmd", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"'=Tricky", " cmd", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
			},
		},
		{
			name: "text after a semicolon, where a spreadsheet set to semicolons starts a cell, is behind a single quote too",
			network: downloadNetwork("CoNet", data.Partner{Name: ";=cmd|' /C calc'!A0;"}, data.Partner{Name: `a; "=1+1"`}, data.Partner{Name: "Smith, -ish; Jones"},
				data.Partner{Name: "tab\t=cmd"}, data.Partner{Name: "line\r\n@cmd"}),
			rows: [][]string{
				berlin,
				{"CoNet", ";'=cmd|' /C calc'!A0;", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"CoNet", `a;' "=1+1"`, "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"CoNet", "Smith, -ish; Jones", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"CoNet", "tab =cmd", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
				{"CoNet", "line  @cmd", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
			},
			raw: `,";'=cmd|' /C calc'!A0;",`,
		},
		{
			name:    "control characters are dropped",
			network: downloadNetwork("Co\x00Net\x1b[31m\x7f", data.Partner{Name: "NUL\x00here\u0085"}),
			rows: [][]string{
				append([]string{"CoNet[31m"}, berlin[1:]...),
				{"CoNet[31m", "NULhere", "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
			},
		},
		{
			name:    "quotes and commas are quoted, quotes doubled",
			network: downloadNetwork("CoNet", data.Partner{Name: `<script>alert(1)</script> & "Sons", Ltd`}),
			rows: [][]string{
				berlin,
				{"CoNet", `<script>alert(1)</script> & "Sons", Ltd`, "organisation", "partner", "Porto", "Porto", "PT", "Portugal", "41.1579", "-8.6291", "https://map.example.org/cities/porto"},
			},
			raw: `,"<script>alert(1)</script> & ""Sons"", Ltd",`,
		},
		{
			name:    "a partner in no city of the network is left out",
			network: downloadNetwork("CoNet", data.Partner{Name: "Nowhere", City: "atlantis"}),
			rows:    [][]string{berlin},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := CSV(tc.network, cityURL)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
				t.Error("the CSV starts with a byte order mark")
			}
			rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatalf("the CSV does not read back: %v\n%s", err, body)
			}
			if !slices.Equal(rows[0], csvHeader()) {
				t.Errorf("header %q", rows[0])
			}
			if got := rows[1:]; !slices.EqualFunc(got, tc.rows, slices.Equal) {
				t.Errorf("rows\n%q\nwant\n%q", got, tc.rows)
			}
			if lines := bytes.Count(body, []byte("\r\n")); lines != len(tc.rows)+1 || !bytes.HasSuffix(body, []byte("\r\n")) {
				t.Errorf("%d lines end with CRLF, want %d:\n%q", lines, len(tc.rows)+1, body)
			}
			if !bytes.Contains(body, []byte(tc.raw)) {
				t.Errorf("no %q in\n%s", tc.raw, body)
			}
			safeInAnySpreadsheet(t, body)
		})
	}
}

// safeInAnySpreadsheet checks a CSV file as a spreadsheet reads it with
// each of the list separators one may be set to: no cell starts like a
// formula (a number aside), and no control character is written but the
// line ends.
func safeInAnySpreadsheet(t *testing.T, body []byte) {
	t.Helper()
	if i := bytes.IndexFunc(body, func(r rune) bool { return unicode.IsControl(r) && r != '\r' && r != '\n' }); i >= 0 {
		t.Errorf("a control character %q at byte %d:\n%q", body[i], i, body)
	}
	for _, sep := range []rune{',', ';', '\t'} {
		r := csv.NewReader(bytes.NewReader(body))
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = sep, sep != ',', -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Errorf("read with %q: %v", sep, err)
			continue
		}
		for _, row := range rows {
			for _, cell := range row {
				if _, err := strconv.ParseFloat(cell, 64); err == nil {
					continue
				}
				if c := strings.TrimLeft(cell, " "); c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Errorf("read with %q, a cell starts like a formula: %q", sep, cell)
				}
			}
		}
	}
}

// The atlas's partners, every network's in one file, are as safe in any
// spreadsheet as a network's.
func TestAtlasCSVSafe(t *testing.T) {
	n := downloadNetwork(";=Tricky;", data.Partner{Name: "x;=cmd|' /C calc'!A0"}, data.Partner{Name: "NUL\x00"})
	a, err := data.ComposeAtlas(nil, []*data.Network{n})
	if err != nil {
		t.Fatal(err)
	}
	body, err := AtlasCSV(a, func(network, slug string) string {
		return "https://map.example.org/networks/" + network + "/cities/" + slug
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(body, []byte(`";'=Tricky;","x;'=cmd|' /C calc'!A0",`)) {
		t.Errorf("the names are not made safe:\n%s", body)
	}
	safeInAnySpreadsheet(t, body)
}

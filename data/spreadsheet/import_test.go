package spreadsheet_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"partnermap/data"
	"partnermap/data/gazetteer"
	"partnermap/data/gazetteer/geonames"
	"partnermap/data/spreadsheet"
	"partnermap/geo"
	"partnermap/static"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// options are the import's options as partnermap import sets them: the
// embedded gazetteer and the checks validate runs.
func options(tb testing.TB) spreadsheet.Options {
	tb.Helper()
	places, err := geonames.Open()
	if err != nil {
		tb.Fatal(err)
	}
	topo, err := fs.ReadFile(static.FS(), static.Countries)
	if err != nil {
		tb.Fatal(err)
	}
	countries, err := geo.DecodeCountries(topo)
	if err != nil {
		tb.Fatal(err)
	}
	return spreadsheet.Options{Gazetteer: places, Checks: []data.Check{geo.NewBorders(countries).CheckCity, places.CheckCity}}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./spreadsheet -update rewrites it):\n%s", name, got)
	}
}

// valid checks that an import's output is a data file validate accepts,
// and returns the network.
func valid(t *testing.T, opts spreadsheet.Options, toml []byte) *data.Network {
	t.Helper()
	n, warnings, err := data.ParseChecked("imported.toml", toml, opts.Checks...)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("the import's output does not validate: %v %v\n%s", err, warnings, toml)
	}
	return n
}

// problems runs an import that must fail and returns its messages.
func problems(t *testing.T, file string, src []byte, opts spreadsheet.Options) []string {
	t.Helper()
	res, err := spreadsheet.Import(file, src, opts)
	var ps spreadsheet.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("import succeeded (%v):\n%s", err, res.TOML)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	return got
}

// A CSV file as a German spreadsheet saves it: semicolons, decimal
// commas, headers in German, countries in five languages, two partners in
// Palermo, cities without coordinates (one in Cyrillic, two spelt without
// their accents) and an empty row.
func TestImportCSV(t *testing.T) {
	opts := options(t)
	opts.Network = spreadsheet.Network{Slug: "conet", Name: "CoNet", Programme: "URBACT II", Start: "2008-04-21"}
	src, err := os.ReadFile("testdata/partners.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err := spreadsheet.Import("partners.csv", src, opts)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "partners.toml", res.TOML)
	n := valid(t, opts, res.TOML)
	if res.Cities != 6 || res.Partners != 7 || res.Found != 4 || len(res.Warnings) != 0 {
		t.Errorf("%d cities, %d partners, %d found, warnings %v; want 6, 7, 4, none", res.Cities, res.Partners, res.Found, res.Warnings)
	}
	if got := n.PartnersIn("palermo"); len(got) != 2 || got[1].Slug != "cesie" {
		t.Errorf("Palermo's partners: %+v", got)
	}
	if c, _ := n.City("sofia"); c.Country != "BG" || n.PartnersIn("sofia")[0].Name != `Община "София"` {
		t.Errorf("Sofia: %+v", c)
	}
}

// Each mistake is reported at its cell, named by its column and text, all
// in one run, and says what to write: a city that names two places of a
// size, or none, lists the places it may mean.
func TestImportCSVMistakes(t *testing.T) {
	src, err := os.ReadFile("testdata/mistakes.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := problems(t, "mistakes.csv", src, options(t))
	want := []string{
		`mistakes.csv:2:39: latitude "4.8357": lat = 4.8357, lon = 45.764 lies 1,946 km outside France, in Somalia: did you swap lat and lon? Write lat = 45.764, lon = 4.8357`,
		`mistakes.csv:3:31: city "Atlantis": no place called "Atlantis" in Greece in the gazetteer: did you mean Atalánti (region of Lamía, 5,000)? Otherwise write Atlantis's latitude and longitude, in decimal degrees`,
		`mistakes.csv:4:1: partner is empty: write the partner's name, such as City of Palermo`,
		`mistakes.csv:5:29: city "=B2": the city cell holds the formula =B2, which a CSV file has no value for: save the CSV from your spreadsheet program, which writes the values, or write the value here`,
		`mistakes.csv:6:36: country "Itly" is not a country the import knows: did you mean Italy (IT)? Write its ISO code, such as IT, or its name`,
		`mistakes.csv:7:13: kind "town hall" is not one the import knows: write city or organisation`,
		`mistakes.csv:7:23: role "coordinator": a second coordinator (the first is in row 2): a network has one coordinator; write partner here`,
		`mistakes.csv:7:52: longitude is empty but latitude is not: write both in decimal degrees, such as 13.3613, or leave both empty to have them looked up`,
		`mistakes.csv:8:31: city "Reggio": "Reggio" is the name of 2 places in Italy of similar size: Reggio Calabria (region of Catanzaro, 180,000) or Reggio nell'Emilia (region of Bologna, 170,000). Write the one you mean by its full name, such as Reggio Calabria, or write its latitude and longitude, in decimal degrees`,
		`mistakes.csv:9:31: city "Turinn": no place called "Turinn" in Italy in the gazetteer: did you mean Turin (seat of its region, 850,000), Turi (region of Bari, 12,000) or Trino (region of Turin, 7,000)? Otherwise write Turinn's latitude and longitude, in decimal degrees`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A sheet from partners around the world names their countries in their
// own languages, and the import knows them; a city written in a script
// the gazetteer has no names in is told so, not offered names that keep
// none of its letters, and a country's code mistyped is not taken for
// another.
func TestImportCountriesInTheirOwnLanguages(t *testing.T) {
	sheet := "partner,kind,role,city,country\n" +
		"Thành phố Hồ Chí Minh,city,coordinator,Hồ Chí Minh,Việt Nam\n" +
		"Prefeitura de São Paulo,city,partner,São Paulo,Brasil\n" +
		"東京都,city,partner,東京,日本\n"
	// Two letters are a code or nothing: the codes one letter away (UA,
	// UY, US) are not suggested.
	got := problems(t, "world.csv", []byte(sheet+"Ville,city,partner,Lyon,Ux\n"), options(t))
	want := []string{
		`world.csv:4:24: city "東京": no place called "東京" in Japan in the gazetteer, which has names in the Latin, Cyrillic and Greek scripts: write the city's name in one of them, such as its English name, or write 東京's latitude and longitude, in decimal degrees, in columns headed latitude and longitude`,
		`world.csv:5:25: country "Ux" is not a country the import knows: write its ISO code, such as IT, or its name, such as Italy, Italia or Italien`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	opts := options(t)
	res, err := spreadsheet.Import("world.csv", []byte(strings.Replace(sheet, ",東京,", ",Tokyo,", 1)), opts)
	if err != nil {
		t.Fatal(err)
	}
	n := valid(t, opts, res.TOML)
	for slug, country := range map[string]string{"ho-chi-minh": "VN", "sao-paulo": "BR", "tokyo": "JP"} {
		if c, ok := n.City(slug); !ok || c.Country != country {
			t.Errorf("%s: %+v, want a city in %s", slug, c, country)
		}
	}
}

// A CSV file that is not UTF-8 is read as Windows-1252, as Excel saves it
// in western Europe.
func TestImportCSVWindows1252(t *testing.T) {
	src, err := charmap.Windows1252.NewEncoder().Bytes([]byte("partner,kind,role,city,country\r\nMalmö stad,city,coordinator,Malmö,SE\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	opts := options(t)
	res, err := spreadsheet.Import("malmo.csv", src, opts)
	if err != nil {
		t.Fatal(err)
	}
	n := valid(t, opts, res.TOML)
	if n.Partners[0].Name != "Malmö stad" || n.Cities[0].Name != "Malmö" {
		t.Errorf("read as %q in %q", n.Partners[0].Name, n.Cities[0].Name)
	}
}

// workbook writes a workbook whose sheet "Partners" holds rows, after a
// sheet of notes; edit may add formulas and merge cells.
func workbook(t *testing.T, rows [][]any, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "Notes: the partners are on the next sheet.")
	f.SetSheetName("Sheet1", "Notes")
	if _, err := f.NewSheet("Partners"); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Partners", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A workbook as staff keep it: a title above the headers, which are in
// Italian and English, coordinates as numbers for some cities, a city
// merged over its two partners' rows, and the partners on the second sheet.
func TestImportWorkbook(t *testing.T) {
	src := workbook(t, [][]any{
		{"Partner della rete CoNet"},
		{"Nome", "Tipo", "Ruolo", "Città", "Paese", "Sito web", "Latitudine", "Longitudine", "Nome locale", "Area di intervento"},
		{"City of Berlin", "city", "coordinator", "Berlin", "DE", "https://www.berlin.de", 52.52, 13.405},
		{"City of Palermo", "città", "partner", "Palermo", "Italia", nil, 38.1157, 13.3613, "Palermo", "Ballarò"},
		{"CESIE", "organizzazione", "partner", nil, "Italy", "https://www.cesie.org"},
		{"Gemeente Apeldoorn", "gemeente", "partner", "Apeldoorn", "Nederland"},
		{"City of Malmö", "city", "partner", "MALMO", "SWE"},
	}, func(f *excelize.File) {
		if err := f.MergeCell("Partners", "D4", "D5"); err != nil {
			t.Fatal(err)
		}
	})
	opts := options(t)
	res, err := spreadsheet.Import("partners.xlsx", src, opts)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "partners-xlsx.toml", res.TOML)
	n := valid(t, opts, res.TOML)
	if len(n.Cities) != 4 || len(n.PartnersIn("palermo")) != 2 || res.Found != 2 {
		t.Errorf("%d cities, Palermo's partners %v, %d found", len(n.Cities), n.PartnersIn("palermo"), res.Found)
	}
	c, _ := n.City("palermo")
	if c.Lat != 38.1157 || c.FocusArea != "Ballarò" {
		t.Errorf("Palermo: %+v", c)
	}
}

// The workbook's mistakes are reported as SHEET!CELL, all in one run.
func TestImportWorkbookMistakes(t *testing.T) {
	src := workbook(t, [][]any{
		{"partner", "kind", "role", "city", "country", "latitude", "longitude"},
		{"City of Lyon", "city", "coordinator", "Lyon", "France", 4.8357, 45.764},
		{"City of Atlantis", "city", "partner", "Atlantis", "GR"},
		{"City of Palermo", nil, "partner", "Palermo", "IT"},
		{"City of Malmö", "city", "partner", "Malmö", "SE"},
		{"City of Gijón", "city", "partner", "Gijón", "Spain", "43.5450", "-5.6617"},
	}, func(f *excelize.File) {
		// A formula saved without its value, as a program writes it.
		if err := f.SetCellFormula("Partners", "F5", "=38+0.1157"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula("Partners", "G5", "=13+0.3613"); err != nil {
			t.Fatal(err)
		}
	})
	got := problems(t, "partners.xlsx", src, options(t))
	want := []string{
		`partners.xlsx:Partners!F2: lat = 4.8357, lon = 45.764 lies 1,946 km outside France, in Somalia: did you swap lat and lon? Write lat = 45.764, lon = 4.8357`,
		`partners.xlsx:Partners!D3: no place called "Atlantis" in Greece in the gazetteer: did you mean Atalánti (region of Lamía, 5,000)? Otherwise write Atlantis's latitude and longitude, in decimal degrees`,
		`partners.xlsx:Partners!B4: kind is empty: write city or organisation`,
		`partners.xlsx:Partners!F5: the latitude cell holds the formula =38+0.1157 with no value saved: open the file in your spreadsheet program and save it, or replace the formula by its value (copy, then Paste Special > Values)`,
		`partners.xlsx:Partners!G5: the longitude cell holds the formula =13+0.3613 with no value saved: open the file in your spreadsheet program and save it, or replace the formula by its value (copy, then Paste Special > Values)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Problems with the whole file or its headers.
func TestImportFileProblems(t *testing.T) {
	opts := options(t)
	sheet := func(name string) spreadsheet.Options { o := opts; o.Sheet = name; return o }
	book := workbook(t, [][]any{{"partner", "kind", "role", "city", "country"}}, nil)
	cases := []struct {
		name, file string
		src        []byte
		opts       spreadsheet.Options
		want       []string
	}{
		{"no headers", "a.csv", []byte("Berlin,Germany\n"), opts,
			[]string{"a.csv:1:1: no row of column names: write them in the first row, such as partner, kind, role, city, country, website, latitude, longitude, local name, focus area, description"}},
		{"a missing column", "a.csv", []byte("partner,kind,role,city,contry\nX,city,coordinator,Berlin,DE\n"), opts,
			[]string{`a.csv:1:1: no country column: add one headed country (or land, staat, paese); the columns not recognised are 1:24 "contry"`}},
		{"a column twice", "a.csv", []byte("partner,kind,role,city,country,Stadt\nX,city,coordinator,Berlin,DE,Berlin\n"), opts,
			[]string{`a.csv:1:32: a second city column (the first is 1:19): delete one of them, or rename it`}},
		{"no partners", "a.xlsx", book, opts,
			[]string{"a.xlsx:Partners!A1: no partners under the column names: write one row per partner"}},
		{"a sheet that is not there", "a.xlsx", book, sheet("Partner list"),
			[]string{`a.xlsx: the workbook has no sheet "Partner list": its sheets are "Notes", "Partners"; give one of them to --sheet`}},
		{"not a workbook", "a.xlsx", []byte("PK\x03\x04 not really"), opts, nil},
		{"a quote in a cell", "a.csv", []byte("partner,kind,role,city,country\nCESIE \"Palermo\",organisation,coordinator,Palermo,IT\n"), opts,
			[]string{`a.csv:2:7: a double quote inside a cell that does not start with one: put the whole cell in double quotes and double the quotes inside it, such as "CESIE ""Palermo"""`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := problems(t, tc.file, tc.src, tc.opts)
			if tc.want == nil {
				if len(got) != 1 || !strings.Contains(got[0], "not an .xlsx workbook") {
					t.Errorf("got %q", got)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// The download round-trips: importing a network's workbook gives back its
// cities and partners, for every field the sheet carries.
func TestWorkbookRoundTrip(t *testing.T) {
	opts := options(t)
	sources := map[string][]byte{"conet": data.DefaultSource()}
	hostile, err := os.ReadFile("../../web/e2e/testdata/hostile.toml")
	if err != nil {
		t.Fatal(err)
	}
	sources["hostile"] = hostile
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			want, err := data.Parse(name+".toml", src)
			if err != nil {
				t.Fatal(err)
			}
			book, err := spreadsheet.Workbook(want)
			if err != nil {
				t.Fatal(err)
			}
			again, err := spreadsheet.Workbook(want)
			if err != nil || !bytes.Equal(book, again) {
				t.Fatal("the workbook's bytes differ from one writing to the next")
			}
			o := opts
			o.Network = spreadsheet.Network{Slug: want.Slug, Name: want.Name}
			res, err := spreadsheet.Import(name+".xlsx", book, o)
			if err != nil {
				t.Fatal(err)
			}
			got := valid(t, opts, res.TOML)
			if res.Found != 0 {
				t.Errorf("%d cities were looked up: the workbook has every city's coordinates", res.Found)
			}
			type cityFields struct {
				Slug, Name, LocalName, Country string
				Lat, Lon                       float64
				FocusArea                      string
				Description                    data.Markdown
			}
			fields := func(n *data.Network) (cs []cityFields) {
				for _, c := range n.Cities {
					cs = append(cs, cityFields{c.Slug, c.Name, c.LocalName, c.Country, c.Lat, c.Lon, c.FocusArea, c.Description})
				}
				return cs
			}
			if g, w := fields(got), fields(want); !reflect.DeepEqual(g, w) {
				t.Errorf("cities:\n%+v\nwant\n%+v", g, w)
			}
			if !reflect.DeepEqual(got.Partners, want.Partners) {
				t.Errorf("partners:\n%+v\nwant\n%+v", got.Partners, want.Partners)
			}
		})
	}
}

// A small gazetteer stands in for the real one where a test needs
// particular places.
func smallGazetteer(t *testing.T, records ...gazetteer.Record) *gazetteer.Gazetteer {
	t.Helper()
	table, err := gazetteer.Encode(records)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.Open(table)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A name of two places takes the most populous when the other is less than
// a tenth of its size, and says so in the file.
func TestImportTakesTheMostPopulous(t *testing.T) {
	g := smallGazetteer(t,
		gazetteer.Record{Place: gazetteer.Place{Name: "Frankfurt am Main", Country: "DE", Region: "Wiesbaden", Lat: 50.1155, Lon: 8.6842, Population: 650000}, Names: []string{"Frankfurt"}},
		gazetteer.Record{Place: gazetteer.Place{Name: "Frankfurt (Oder)", Country: "DE", Region: "Potsdam", Lat: 52.3471, Lon: 14.5506, Population: 58000}, Names: []string{"Frankfurt"}},
	)
	res, err := spreadsheet.Import("a.csv", []byte("partner,kind,role,city,country\nStadt Frankfurt,city,coordinator,Frankfurt,DE\n"), spreadsheet.Options{Gazetteer: g})
	if err != nil {
		t.Fatal(err)
	}
	want := "name = \"Frankfurt\"\ncountry = \"DE\"\n# From the gazetteer: Frankfurt am Main (region of Wiesbaden, 650,000), the most populous of 2 places of that name in Germany.\nlat = 50.1155\nlon = 8.6842\n"
	if !strings.Contains(string(res.TOML), want) {
		t.Errorf("the output lacks\n%s\n%s", want, res.TOML)
	}
}

// A city written for readers abroad, followed by its own country, is the
// city: found, named and given its slug without the country, and one city
// with the same name written alone. Another country after the comma stays
// part of the name, which no place has. A name the sheet writes with more
// accents than the gazetteer's keeps them.
func TestImportCityAsWritten(t *testing.T) {
	opts := options(t)
	sheet := "partner,kind,role,city,country\n" +
		"Comune di Torino,city,coordinator,\"Torino, Italia\",Italia\n" +
		"Circoscrizione,organisation,partner,Torino,IT\n" +
		"Comune di Milano,city,partner,Milano (IT),IT\n" +
		"Concello,city,partner,\"Coruña, España\",ES\n" +
		"Primăria,city,partner,Chişinău,Moldova\n" +
		"Primăria Iași,city,partner,IASI,RO\n"
	res, err := spreadsheet.Import("abroad.csv", []byte(sheet), opts)
	if err != nil {
		t.Fatal(err)
	}
	n := valid(t, opts, res.TOML)
	type city struct {
		slug, name string
		lat, lon   float64
	}
	var got []city
	for _, c := range n.Cities {
		got = append(got, city{c.Slug, c.Name, math.Round(c.Lat*10) / 10, math.Round(c.Lon*10) / 10})
	}
	want := []city{{"torino", "Torino", 45.1, 7.7}, {"milano", "Milano", 45.5, 9.2}, {"coruna", "Coruña", 43.4, -8.4},
		// The sheet's accents are kept where GeoNames' name has none, and
		// GeoNames' are taken where the sheet left them out.
		{"chisinau", "Chişinău", 47, 28.9}, {"iasi", "Iaşi", 47.2, 27.6}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cities = %v, want %v", got, want)
	}

	got2 := problems(t, "abroad.csv", []byte("partner,kind,role,city,country\nComune,city,coordinator,\"Torino, Austria\",IT\n"), opts)
	if len(got2) != 1 || !strings.Contains(got2[0], `abroad.csv:2:25: city "Torino, Austria": no place called "Torino, Austria" in Italy`) {
		t.Errorf("problems = %q", got2)
	}
}

// Sheets as spreadsheet programs save them: Excel's "Unicode Text"
// (UTF-16 with a byte order mark, tabs), UTF-16 CSV in the other byte
// order, and a CSV with old Mac line ends (CR alone) whose coordinates
// are in degrees, minutes and seconds, with N, S, E and W, and in decimal
// degrees with a comma.
func TestImportSavedAs(t *testing.T) {
	opts := options(t)
	type city struct {
		name     string
		lat, lon float64
	}
	cases := []struct {
		file   string
		cities []city
	}{
		{"unicode-text.txt", []city{{"Łódź", 51.7706, 19.4739}, {"София", 42.6975, 23.3242}, {"Αθήνα", 37.9838, 23.7278}, {"Helsinki", 60.1695, 24.9354}}},
		{"utf16be.csv", []city{{"Zagreb", 45.8144, 15.978}, {"Wien", 48.2082, 16.3738}, {"Brno", 49.1952, 16.608}}},
		{"mac.csv", []city{{"Lyon", 45.7667, 4.8333}, {"Palermo", 38.1158, 13.3614}, {"Wien", 48.2082, 16.3738}, {"Utrecht", 52.0907, 5.1213}, {"Vigo", 42.2406, -8.7206}}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := spreadsheet.Import(tc.file, src, opts)
			if err != nil {
				t.Fatal(err)
			}
			n := valid(t, opts, res.TOML)
			var got []city
			for _, c := range n.Cities {
				got = append(got, city{c.Name, c.Lat, c.Lon})
			}
			if len(got) != len(tc.cities) {
				t.Fatalf("cities %+v, want %+v", got, tc.cities)
			}
			for i, want := range tc.cities {
				if got[i].name != want.name || math.Abs(got[i].lat-want.lat) > 0.01 || math.Abs(got[i].lon-want.lon) > 0.01 {
					t.Errorf("city %d = %+v, want %+v", i, got[i], want)
				}
			}
		})
	}
	// A coordinate in the wrong column, in a file of CR line ends, is
	// reported at its line and column, named by its header.
	src := []byte("Partner;Art;Rolle;Stadt;Land;Breite;Länge\rStadt Wien;Stadt;Koordinator;Wien;AT;16°22'E;48°12'N\r")
	want := []string{
		`cr.csv:2:38: Breite "16°22'E": latitude "16°22'E" is a longitude (E): write it in the longitude column, and the latitude (N or S) here`,
		`cr.csv:2:47: Länge "48°12'N": longitude "48°12'N" is a latitude (N): write it in the latitude column, and the longitude (E or W) here`,
	}
	if got := problems(t, "cr.csv", src, opts); !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

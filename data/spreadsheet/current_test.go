package spreadsheet_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/data/spreadsheet"
)

// A sheet that updates a network keeps what it does not say: a sheet of
// the five required columns alone, with CoNet's cities, one renamed in
// case and one added, keeps every known city's slug, coordinates (no
// gazetteer asked), local name, description, links, meetings and
// translations, and every known partner's slug and website; the new city
// is looked up, and a new partner in Palermo takes a slug of its own.
func TestImportCurrent(t *testing.T) {
	conet, err := data.Parse("conet.toml", data.DefaultSource())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("partner,kind,role,city,country\n")
	for _, p := range conet.Partners {
		c, _ := conet.City(p.City)
		name := c.Name
		if c.Slug == "sofia" {
			name = "SOFIA"
		}
		b.WriteString(strings.Join([]string{p.Name, string(p.Kind), string(p.Role), name, c.Country}, ",") + "\n")
	}
	b.WriteString("Città di Torino,city,partner,Torino,IT\nTeatro Massimo,organisation,partner,Palermo,IT\n")
	opts := options(t)
	opts.Current = conet
	opts.Network = spreadsheet.Network{Slug: conet.Slug, Name: conet.Name}
	res, err := spreadsheet.Import("update.csv", []byte(b.String()), opts)
	if err != nil {
		t.Fatal(err)
	}
	got := valid(t, opts, res.TOML)
	if res.Found != 1 {
		t.Errorf("%d cities looked up in the gazetteer, want 1 (Torino)", res.Found)
	}
	if len(got.Cities) != len(conet.Cities)+1 || len(got.Partners) != len(conet.Partners)+2 {
		t.Fatalf("%d cities, %d partners", len(got.Cities), len(got.Partners))
	}
	for _, want := range conet.Cities {
		c, ok := got.City(want.Slug)
		if !ok {
			t.Errorf("city %s is gone", want.Slug)
			continue
		}
		if want.Slug == "sofia" {
			want.Name = "SOFIA"
		}
		if !reflect.DeepEqual(c.Links, want.Links) || !reflect.DeepEqual(c.Meetings, want.Meetings) || !reflect.DeepEqual(c.Translations, want.Translations) ||
			c.Name != want.Name || c.LocalName != want.LocalName || c.Description != want.Description || c.FocusArea != want.FocusArea || c.Lat != want.Lat || c.Lon != want.Lon {
			t.Errorf("city %s:\n%+v\nwant\n%+v", want.Slug, c, want)
		}
	}
	if torino, ok := got.City("torino"); !ok || torino.Country != "IT" || torino.Lat < 45 || torino.Lat > 45.2 {
		t.Errorf("Torino: %+v", torino)
	}
	for i, want := range conet.Partners {
		if !reflect.DeepEqual(got.Partners[i], want) {
			t.Errorf("partner %d: %+v, want %+v", i, got.Partners[i], want)
		}
	}
	if p := got.Partners[len(got.Partners)-1]; p.Slug != "teatro-massimo" || p.City != "palermo" {
		t.Errorf("the new partner in Palermo: %+v", p)
	}
}

// The network's own workbook imported as its new version changes
// nothing, and a city the gazetteer does not know keeps the coordinates
// the network gives it.
func TestImportCurrentRoundTrip(t *testing.T) {
	src := strings.Replace(string(data.DefaultSource()), `name = "Zabrze"`, `name = "Zabrze Nowhere"`, 1)
	conet, err := data.Parse("conet.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	book, err := spreadsheet.Workbook(conet)
	if err != nil {
		t.Fatal(err)
	}
	opts := options(t)
	opts.Current = conet
	opts.Network = spreadsheet.Network{Slug: conet.Slug, Name: conet.Name}
	res, err := spreadsheet.Import("conet.xlsx", book, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := valid(t, opts, res.TOML)
	if !reflect.DeepEqual(got.Cities, conet.Cities) || !reflect.DeepEqual(got.Partners, conet.Partners) {
		t.Errorf("the round trip changed the cities or partners:\n%s", res.TOML)
	}
	// Without its coordinates, the city the gazetteer does not know keeps
	// the network's.
	csv := "partner,kind,role,city,country\nZabrze City,city,coordinator,Zabrze Nowhere,PL\n"
	res, err = spreadsheet.Import("zabrze.csv", []byte(csv), opts)
	if err != nil {
		t.Fatal(err)
	}
	z, _ := valid(t, opts, res.TOML).City("zabrze")
	if want, _ := conet.City("zabrze"); z.Lat != want.Lat || z.Lon != want.Lon {
		t.Errorf("Zabrze at %v, %v; want %v, %v", z.Lat, z.Lon, want.Lat, want.Lon)
	}
}

// Each problem says where a spreadsheet program shows its cell: the
// sheet, the reference and the column's header; a CSV file's rows count
// as a spreadsheet program counts them, a cell of three lines one row.
func TestProblemCells(t *testing.T) {
	type at struct{ Sheet, Cell, Header string }
	cellsOf := func(t *testing.T, file string, src []byte) []at {
		t.Helper()
		_, err := spreadsheet.Import(file, src, options(t))
		var ps spreadsheet.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("the import succeeded: %v", err)
		}
		var got []at
		for _, p := range ps {
			got = append(got, at{p.Sheet, p.Cell, p.Header})
		}
		return got
	}
	csv := "Partner,Art,Rolle,Stadt,Land,Beschreibung\n" +
		"Stadt Köln,Stadt,Koordinator,Köln,DE,\"Eine Stadt\nam Rhein\nin NRW\"\n" +
		"Comune di Torino,tipo,partner,Torino,IT,\n"
	if got, want := cellsOf(t, "rows.csv", []byte(csv)), []at{{"", "B3", "Art"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("CSV: %+v, want %+v", got, want)
	}
	book := workbook(t, [][]any{
		{"Partner list"},
		{"partner", "kind", "role", "city", "country"},
		{"City of Berlin", "city", "coordinator", "Berlin", "DE"},
		{"City of Palermo", nil, "partner", "Palermo", "IT"},
	}, nil)
	if got, want := cellsOf(t, "a.xlsx", book), []at{{"Partners", "B4", "kind"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("workbook: %+v, want %+v", got, want)
	}
	// A problem with the file is at no cell; one in the row of column
	// names has no header.
	if got, want := cellsOf(t, "q.csv", []byte("partner,kind\nCESIE \"P\",x\n")), []at{{}}; !reflect.DeepEqual(got, want) {
		t.Errorf("quotes: %+v, want %+v", got, want)
	}
	if got, want := cellsOf(t, "h.csv", []byte("partner,kind,role,city\nX,city,coordinator,Berlin\n")), []at{{"", "A1", ""}}; !reflect.DeepEqual(got, want) {
		t.Errorf("header: %+v, want %+v", got, want)
	}
}

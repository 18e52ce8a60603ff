package spreadsheet_test

import (
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"partnermap/data/gazetteer"
	"partnermap/data/messages"
	"partnermap/data/spreadsheet"
)

// Every problem the import words itself names its message of
// data/messages, whose English is the problem's, so that the editing
// pages show it in the editor's language: the sheets below meet each
// message at least once.
func TestProblemMessages(t *testing.T) {
	set, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	en, _ := set.In("en")
	mistakes, err := os.ReadFile("testdata/mistakes.csv")
	if err != nil {
		t.Fatal(err)
	}
	withGazetteer := options(t)
	frankfurt := smallGazetteer(t,
		gazetteer.Record{Place: gazetteer.Place{Name: "Frankfurt am Main", Country: "DE", Region: "Wiesbaden", Lat: 50.1155, Lon: 8.6842, Population: 650000}, Names: []string{"Frankfurt"}},
		gazetteer.Record{Place: gazetteer.Place{Name: "Frankfurt (Oder)", Country: "DE", Region: "Potsdam", Lat: 52.3471, Lon: 14.5506, Population: 58000}, Names: []string{"Frankfurt"}},
		gazetteer.Record{Place: gazetteer.Place{Name: "Łódź", Country: "PL", Region: "Łódź", Lat: 51.7706, Lon: 19.4739, Population: 680000}},
	)
	sheets := []struct {
		name string
		src  string
		opts spreadsheet.Options
	}{
		{"mistakes.csv", string(mistakes), withGazetteer},
		{"headers.csv", "name,what\nx,y\n", withGazetteer},
		{"empty.csv", "partner,kind,role,city,country,partner\n", withGazetteer},
		{"rows.csv", "partner,kind,role,city,country,latitude,longitude,website\n" +
			"G,,,,,,,\n" +
			"H,city,boss,Graz,AT,,,\n" +
			"A,city,lead,Lyon,Frnce,,,example.org\n" +
			"B,city,partner,Lyon,FR,45.76,4.83,\n" +
			"B,city,partner,Lyon,FR,45.9,4.9,\n" +
			"C,city,partner,Wien,Atlantis,north,east,\n" +
			"D,city,partner,Graz,AT,95,15.4,\n" +
			"E,city,partner,Linz,AT,48.3,190,\n" +
			"F,city,partner,Wels,AT,,14.0,\n", withGazetteer},
		{"far.csv", "partner,kind,role,city,country,latitude,longitude\nStadt Köln,city,coordinator,Köln,DE,50.5,6.5\n", withGazetteer},
		{"frankfurt.csv", "partner,kind,role,city,country\nStadt Frankfurt,city,coordinator,Frankfurt,DE\nMiasto Łódź,city,partner,Lodz,PL\n", spreadsheet.Options{Gazetteer: frankfurt}},
		{"nopartners.csv", "partner,kind,role,city,country\n", withGazetteer},
		{"nocoordinator.csv", "partner,kind,role,city,country\nA,city,partner,Lyon,FR\n", withGazetteer},
		{"formula.xlsx", string(workbook(t, [][]any{
			{"partner", "kind", "role", "city", "country", "latitude", "longitude"},
			{"City of Palermo", "city", "coordinator", "Palermo", "IT"},
		}, func(f *excelize.File) {
			if err := f.SetCellFormula("Partners", "F2", "=38+0.1157"); err != nil {
				t.Fatal(err)
			}
		})), withGazetteer},
		{"nowhere.csv", "partner,kind,role,city,country\nA,city,coordinator,Lyon,FR\n", spreadsheet.Options{}},
	}
	seen := map[string]bool{}
	for _, s := range sheets {
		res, err := spreadsheet.Import(s.name, []byte(s.src), s.opts)
		var ps spreadsheet.Problems
		switch {
		case errors.As(err, &ps):
		case err != nil:
			t.Fatalf("%s: %v", s.name, err)
		default:
			ps = append(slices.Clone(res.Warnings), res.Notes...)
		}
		for _, p := range ps {
			if p.ID == "" {
				continue
			}
			seen[p.ID] = true
			if got := en.T(p.ID, p.Args...); got != p.Message {
				t.Errorf("%s: %s in English is\n%s\nbut the import says\n%s", s.name, p.ID, got, p.Message)
			}
		}
	}
	for _, id := range en.IDs() {
		if len(id) > len("import.") && id[:len("import.")] == "import." && !seen[id] {
			t.Errorf("no sheet met %s", id)
		}
	}
}

package spreadsheet_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"partnermap/data/spreadsheet"
)

// benchCities are real cities the gazetteer knows, around which the
// benchmark's sheet places its cities.
var benchCities = []struct {
	name, country string
	lat, lon      float64
}{
	{"Berlin", "DE", 52.52, 13.405}, {"Munich", "DE", 48.137, 11.575}, {"Köln", "DE", 50.938, 6.96},
	{"Palermo", "IT", 38.1157, 13.3613}, {"Milan", "IT", 45.46, 9.19}, {"Bologna", "IT", 44.49, 11.34},
	{"Lyon", "FR", 45.764, 4.836}, {"Toulouse", "FR", 43.6, 1.44}, {"Lille", "FR", 50.63, 3.06},
	{"Madrid", "ES", 40.417, -3.7}, {"Zaragoza", "ES", 41.65, -0.88}, {"Gijón", "ES", 43.545, -5.66},
	{"Kraków", "PL", 50.06, 19.94}, {"Łódź", "PL", 51.77, 19.46}, {"Cluj-Napoca", "RO", 46.77, 23.6},
	{"Utrecht", "NL", 52.09, 5.12}, {"Liège", "BE", 50.63, 5.57}, {"Malmö", "SE", 55.6058, 13.0358},
	{"Sofia", "BG", 42.6977, 23.3219}, {"Porto", "PT", 41.15, -8.61}, {"Brno", "CZ", 49.2, 16.61},
	{"Debrecen", "HU", 47.53, 21.63}, {"Graz", "AT", 47.07, 15.44}, {"Tampere", "FI", 61.5, 23.76},
}

// benchRows is a sheet of n partners, two to a city: the cities of every
// other pair have coordinates (near a real city, under a name of their
// own), the others are real cities without, which the gazetteer finds.
func benchRows(n int) [][]string {
	rows := [][]string{{"partner", "kind", "role", "city", "country", "website", "latitude", "longitude"}}
	for i := range n {
		b := benchCities[(i/2)%len(benchCities)]
		role := "partner"
		if i == 0 {
			role = "coordinator"
		}
		city, lat, lon := b.name, "", ""
		if (i/2)%2 == 0 {
			city = fmt.Sprintf("%s district %d", b.name, i/2)
			lat, lon = fmt.Sprintf("%.4f", b.lat+float64(i/2%7)*0.01), fmt.Sprintf("%.4f", b.lon+float64(i/2%5)*0.01)
		}
		rows = append(rows, []string{fmt.Sprintf("Partner %d", i), "organisation", role, city, b.country, "https://example.org/" + fmt.Sprint(i), lat, lon})
	}
	return rows
}

// BenchmarkImport measures an import of 5,000 partners, as CSV and as a
// workbook, gazetteer look-ups and checks included (the gazetteer is
// opened once, as the command does):
// go test ./spreadsheet -run '^$' -bench Import -benchtime 3x.
func BenchmarkImport(b *testing.B) {
	const n = 5000
	rows := benchRows(n)
	var csvFile bytes.Buffer
	w := csv.NewWriter(&csvFile)
	w.WriteAll(rows)
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		values := make([]any, len(r))
		for j, v := range r {
			values[j] = v
		}
		f.SetSheetRow("Sheet1", cell, &values)
	}
	book, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	opts := options(b)
	for _, tc := range []struct {
		name string
		src  []byte
	}{{"csv", csvFile.Bytes()}, {"xlsx", book.Bytes()}} {
		b.Run(fmt.Sprintf("%s-%d-rows", tc.name, n), func(b *testing.B) {
			for b.Loop() {
				res, err := spreadsheet.Import("bench."+tc.name, tc.src, opts)
				if err != nil {
					b.Fatal(err)
				}
				if res.Partners != n {
					b.Fatalf("%d partners, want %d", res.Partners, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/import")
		})
	}
}

package spreadsheet_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"partnermap/data/spreadsheet"
)

// rawWorkbook writes a workbook of one sheet, Partners, whose rows body
// writes as the sheet's XML (<row> elements), with the used range
// dimension claims ("" for none): a sheet of any shape, written in a
// moment, as no spreadsheet program would write it.
func rawWorkbook(t testing.TB, dimension string, body func(w io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	part := func(name, content string) io.Writer {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, content)
		return w
	}
	part("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	part("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	part("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Partners" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	part("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	dim := ""
	if dimension != "" {
		dim = `<dimension ref="` + dimension + `"/>`
	}
	w := part("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+dim+`<sheetData>`)
	body(w)
	io.WriteString(w, `</sheetData></worksheet>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// headerRow writes the row of column names, the sheet's first.
func headerRow(w io.Writer) {
	io.WriteString(w, `<row r="1">`)
	for i, name := range []string{"partner", "kind", "role", "city", "country"} {
		fmt.Fprintf(w, `<c r="%c1" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, name)
	}
	io.WriteString(w, `</row>`)
}

// A sheet of any shape is read within bounds: cells far outside the
// columns are problems at their cells, and reading stops after a few; a
// sheet whose used range claims more rows than a network's partners is
// refused before it is read; a sheet of more rows stops at the most a
// network has; a cell longer than any column takes is a problem at its
// cell.
func TestImportBounds(t *testing.T) {
	opts := options(t)
	far := rawWorkbook(t, "A1:XFD2001", func(w io.Writer) {
		headerRow(w)
		for r := 2; r <= 2001; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
		}
	})
	corner := rawWorkbook(t, "A1:XFD1048576", func(w io.Writer) {
		headerRow(w)
		io.WriteString(w, `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`)
	})
	cornerUnsaid := rawWorkbook(t, "", func(w io.Writer) {
		headerRow(w)
		io.WriteString(w, `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`)
	})
	long := rawWorkbook(t, "", func(w io.Writer) {
		headerRow(w)
		fmt.Fprintf(w, `<row r="2"><c r="A2" t="inlineStr"><is><t>%s</t></is></c><c r="B2" t="inlineStr"><is><t>city</t></is></c></row>`, strings.Repeat("n", 20_000))
	})
	var wide strings.Builder
	wide.WriteString("partner,kind,role,city,country\nCity of Berlin,city,coordinator,Berlin,DE")
	wide.WriteString(strings.Repeat(",", 400) + "x\n")
	var many strings.Builder
	many.WriteString("partner,kind,role,city,country\n")
	for range 60_000 {
		many.WriteString("x\n")
	}
	for _, tc := range []struct {
		name, file string
		src        []byte
		want       []string // the problems listed, in order; "..." ends a list cut short
	}{
		{"2,000 rows with a cell in column XFD", "far.xlsx", far, []string{
			"far.xlsx:Partners!A1: no partners under the column names: write one row per partner",
			"far.xlsx:Partners!XFD2: a cell far to the right of the column names: the import reads the first 256 columns (A to IV); move what it holds into the sheet's columns, or delete it",
			"far.xlsx:Partners!XFD3: a cell far to the right of the column names",
			"...",
			"far.xlsx:Partners!XFD11: a cell far to the right of the column names",
			"far.xlsx:Partners!XFD11: 10 rows with a cell beyond column IV: the import stops reading here",
		}},
		{"one cell at XFD1048576", "corner.xlsx", corner, []string{
			"corner.xlsx:Partners!XFD1048576: the sheet's used range, A1:XFD1048576, has 1,048,576 rows, more than the 50,010 a sheet of partners may have (a network has at most 50,000 partners): delete the rows below the partners (select them, then Delete Rows) and save, or split the network",
		}},
		{"one cell at XFD1048576, the used range not said", "corner.xlsx", cornerUnsaid, []string{
			"corner.xlsx:Partners!A1: no partners under the column names: write one row per partner",
			"corner.xlsx:Partners!XFD1048576: a cell far to the right of the column names: the import reads the first 256 columns (A to IV)",
		}},
		{"a cell of 20,000 characters", "long.xlsx", long, []string{
			"long.xlsx:Partners!C1: no partner is the coordinator",
			"long.xlsx:Partners!A2: the cell holds 20,000 characters, more than any column takes (a description, the longest, takes 10,000): shorten it",
			"long.xlsx:Partners!C2: role is empty",
			"...",
		}},
		{"a line of 400 cells", "wide.csv", []byte(wide.String()), []string{
			"wide.csv:2:294: a cell far to the right of the column names: the import reads the first 256 cells of a line; move what it holds into the sheet's columns, or delete it",
		}},
		{"a cell of 100,000 bytes", "long.csv", []byte("partner,kind,role,city,country\n" + strings.Repeat("n", 100_000) + ",city,coordinator,Berlin,DE\n"), []string{
			"long.csv:2:1: the cell is longer than 80,008 bytes, more than any column takes (a description, the longest, takes 10,000 characters): shorten it",
		}},
		{"60,000 bad lines", "many.csv", []byte(many.String()), []string{
			"many.csv:1:14: no partner is the coordinator: write coordinator in the role column of the lead partner",
			"many.csv:2:2: kind is empty: write city or organisation",
			"...",
			"many.csv:50011:1: more than 50,000 rows of partners: a network has at most 50,000 partners, so the import stops reading here; split the network into sheets of fewer partners, or delete the rows that are not partners",
			"many.csv: and 199,938 more problems, not listed (200,038 in all): mend those above and import again",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := problems(t, tc.file, tc.src, opts)
			if len(got) > spreadsheet.MaxProblems+1 {
				t.Errorf("%d problems listed, more than %d and their count", len(got), spreadsheet.MaxProblems)
			}
			// want's entries up to "..." are the first listed, those
			// after it the last.
			head, tail := tc.want, []string(nil)
			for i, w := range tc.want {
				if w == "..." {
					head, tail = tc.want[:i], tc.want[i+1:]
				}
			}
			if len(got) < len(head)+len(tail) || len(tail) == 0 && len(head) == len(tc.want) && len(got) != len(head) {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i, w := range head {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d is\n%s\nwant\n%s", i, got[i], w)
				}
			}
			for i, w := range tail {
				if g := got[len(got)-len(tail)+i]; !strings.HasPrefix(g, w) {
					t.Errorf("problem %d from the end is\n%s\nwant\n%s", len(tail)-i, g, w)
				}
			}
		})
	}
}

// A cell over its column's limit, which the import passes on as it is,
// is reported at its cell with validate's words, never as a fault of the
// import.
func TestImportFieldLimits(t *testing.T) {
	src := "partner,kind,role,city,country,focus area,description\n" +
		"City of Berlin,city,coordinator,Berlin,DE,,\n" +
		strings.Repeat("P", 201) + ",organisation,partner,Palermo,IT," + strings.Repeat("f", 501) + ",\n" +
		"CESIE,organisation,partner,Palermo,IT,,\"First.\n\n" + strings.Repeat("word ", 401) + "\"\n"
	got := problems(t, "limits.csv", []byte(src), options(t))
	want := []string{
		"limits.csv:3:1: partner \"" + strings.Repeat("P", 39) + "…\": name is 201 characters long, more than the 200 it may have: shorten it",
		"limits.csv:3:235: focus area \"" + strings.Repeat("f", 39) + "…\": focus_area is 501 characters long, more than the 500 it may have: shorten it",
		"limits.csv:4:",
	}
	if len(got) != len(want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) || strings.Contains(got[i], "fault") {
			t.Errorf("got %s\nwant %s", got[i], w)
		}
	}
	if !strings.Contains(got[2], "paragraph of 2,005 characters") {
		t.Errorf("the description's paragraph is not reported: %s", got[2])
	}
}

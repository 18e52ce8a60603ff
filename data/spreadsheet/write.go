package spreadsheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"partnermap/data"
)

// ContentType is an .xlsx workbook's media type.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Workbook writes the network's partners as a workbook in the import's
// layout: a sheet "Partners" with a row per partner, under a row of the
// columns' English names, and the city's fields on each of its partners'
// rows. Importing it gives back the cities and partners, slugs included;
// what a sheet has no column for (the [network] table, translations,
// links, meetings, results) stays in the data file. Text is written as
// text, never as a formula, and coordinates as numbers. The bytes depend
// on the network alone, so that they can be cached by their hash.
func Workbook(n *data.Network) ([]byte, error) {
	var sheet bytes.Buffer
	sheet.WriteString(xml.Header)
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	sheet.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	sheet.WriteString(`<cols>`)
	for i, w := range []int{30, 14, 13, 20, 9, 32, 11, 11, 20, 24, 40, 24, 18} {
		fmt.Fprintf(&sheet, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, w)
	}
	sheet.WriteString(`</cols><sheetData>`)
	header := make([]string, columnCount)
	for c := range header {
		header[c] = column(c).name()
	}
	writeRow(&sheet, 1, header, nil, 1)
	for i, p := range n.Partners {
		c, ok := n.City(p.City)
		if !ok {
			continue
		}
		values := [columnCount]string{
			colPartner: p.Name, colKind: string(p.Kind), colRole: string(p.Role),
			colCity: c.Name, colCountry: c.Country, colWebsite: p.Website,
			colLocalName: c.LocalName, colFocusArea: c.FocusArea, colDescription: string(c.Description),
			colPartnerSlug: p.Slug, colCitySlug: c.Slug,
		}
		numbers := map[column]float64{colLat: c.Lat, colLon: c.Lon}
		writeRow(&sheet, i+2, values[:], numbers, 0)
	}
	sheet.WriteString(`</sheetData>`)
	fmt.Fprintf(&sheet, `<autoFilter ref="A1:%s%d"/>`, columnLetter(int(columnCount)-1), len(n.Partners)+1)
	sheet.WriteString(`</worksheet>`)

	var out bytes.Buffer
	z := zip.NewWriter(&out)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Partners" sheetId="1" r:id="rId1"/></sheets>` +
			`<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Partners!$A$1:$` + columnLetter(int(columnCount)-1) + `$` + strconv.Itoa(len(n.Partners)+1) + `</definedName></definedNames>` +
			`</workbook>`},
		{"xl/_rels/workbook.xml.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`</Relationships>`},
		// Style 1 is the header row's bold.
		{"xl/styles.xml", xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
			`</styleSheet>`},
		{"xl/worksheets/sheet1.xml", sheet.String()},
	} {
		// A fixed time keeps the bytes the same from build to build.
		w, err := z.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// writeRow writes a row of cells: texts as inline strings, which a
// spreadsheet never runs as formulas, and numbers as numbers; empty cells
// are left out.
func writeRow(b *bytes.Buffer, r int, texts []string, numbers map[column]float64, style int) {
	fmt.Fprintf(b, `<row r="%d">`, r)
	for c := range texts {
		ref := columnLetter(c) + strconv.Itoa(r)
		if v, ok := numbers[column(c)]; ok {
			fmt.Fprintf(b, `<c r="%s"><v>%s</v></c>`, ref, strconv.FormatFloat(v, 'f', -1, 64))
			continue
		}
		if texts[c] == "" {
			continue
		}
		fmt.Fprintf(b, `<c r="%s" t="inlineStr"`, ref)
		if style > 0 {
			fmt.Fprintf(b, ` s="%d"`, style)
		}
		b.WriteString(`><is><t xml:space="preserve">`)
		xml.EscapeText(b, []byte(xmlText(texts[c])))
		b.WriteString(`</t></is></c>`)
	}
	b.WriteString(`</row>`)
}

// xmlText drops the characters XML 1.0 cannot hold (control characters
// other than tab and line ends), which a cell could not show anyway.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// columnLetter is the letter of the 0-based column c: A, B, ... Z, AA.
func columnLetter(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

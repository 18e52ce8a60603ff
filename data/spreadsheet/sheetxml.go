package spreadsheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A workbook's merged cells and its formulas saved without a value are
// read from the sheet's XML as it streams by, for the cells under the
// column names only: excelize would load the whole sheet for them, with a
// cell for every column up to the last of each row, which for a row with
// one cell in column XFD is 16,384 cells.

// sheetExtras are a sheet's merged cells and its formulas without a
// value, within a part of the sheet.
type sheetExtras struct {
	merges []cellRange
	// formulas are of cells with no value saved, by row and column.
	formulas map[[2]int]string
}

// cellRange is a range of cells, 1-based and inclusive.
type cellRange struct{ col0, row0, col1, row1 int }

// maxMerges is how many merged ranges are kept: many more than a sheet
// of partners merges, so that a sheet of millions costs little.
const maxMerges = 100_000

// readSheetExtras streams the XML of the workbook's sheet of the given
// name, keeping the merged ranges that meet within and the formulas of
// the cells within it.
func readSheetExtras(src []byte, name string, within cellRange) (*sheetExtras, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, err
	}
	part, err := sheetPart(zr, name)
	if err != nil {
		return nil, err
	}
	x := &sheetExtras{formulas: map[[2]int]string{}}
	f, err := zr.Open(part)
	if err != nil {
		return nil, err
	}
	found, err := mayHaveExtras(f)
	f.Close()
	if err != nil || !found {
		return x, err
	}
	if f, err = zr.Open(part); err != nil {
		return nil, err
	}
	defer f.Close()
	d := xml.NewDecoder(io.LimitReader(f, maxUnzipped))
	var row, col int    // of the cell being read
	var formula *string // of the cell being read, when it has one
	var hasValue bool   // the cell being read has a value
	inside := func(r, c int) bool {
		return r >= within.row0 && r <= within.row1 && c >= within.col0 && c <= within.col1
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return x, nil
		}
		if err != nil {
			return nil, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "row":
				row++
				if r, err := strconv.Atoi(attr(el, "r")); err == nil {
					row = r
				}
				col = 0
			case "c":
				col++
				if ref := attr(el, "r"); ref != "" {
					if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
						col, row = c, r
					}
				}
				formula, hasValue = nil, false
			case "f":
				if inside(row, col) {
					var text string
					if err := d.DecodeElement(&text, &el); err != nil {
						return nil, err
					}
					formula = &text
				}
			case "v", "is":
				hasValue = true
			case "mergeCell":
				var r cellRange
				if from, to, ok := strings.Cut(attr(el, "ref"), ":"); ok {
					c0, r0, err0 := excelize.CellNameToCoordinates(from)
					c1, r1, err1 := excelize.CellNameToCoordinates(to)
					r = cellRange{min(c0, c1), min(r0, r1), max(c0, c1), max(r0, r1)}
					if err0 == nil && err1 == nil && r.row0 <= within.row1 && r.row1 >= within.row0 && r.col0 <= within.col1 && r.col1 >= within.col0 && len(x.merges) < maxMerges {
						x.merges = append(x.merges, r)
					}
				}
			}
		case xml.EndElement:
			if el.Name.Local == "c" && formula != nil && !hasValue {
				x.formulas[[2]int{row, col}] = *formula
			}
		}
	}
}

// mayHaveExtras reports whether a part has a formula or a merged range in
// it, by its bytes: most sheets have neither, and are not decoded again.
func mayHaveExtras(f io.Reader) (bool, error) {
	markers := [][]byte{[]byte("<f>"), []byte("<f "), []byte("<f/"), []byte(":f>"), []byte(":f "), []byte(":f/"), []byte("mergeCell")}
	const keep = 8 // bytes of the last chunk, for a marker cut in two
	buf := make([]byte, keep+64<<10)
	have := 0
	for {
		n, err := f.Read(buf[have:])
		for _, m := range markers {
			if bytes.Contains(buf[:have+n], m) {
				return true, nil
			}
		}
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		total := have + n
		have = min(keep, total)
		copy(buf, buf[total-have:total])
	}
}

// attr is the value of an element's attribute, by its local name.
func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// relationships is a part's list of the parts it refers to.
type relationships struct {
	List []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// sheetPart finds the part that holds the workbook's sheet of a name: the
// package's relationships name the workbook's part, the workbook lists
// its sheets with a relationship each, and the workbook's relationships
// name each sheet's part.
func sheetPart(zr *zip.Reader, name string) (string, error) {
	var root relationships
	if err := readXML(zr, "_rels/.rels", &root); err != nil {
		return "", err
	}
	book := ""
	for _, r := range root.List {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			book = strings.TrimPrefix(r.Target, "/")
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXML(zr, book, &wb); err != nil {
		return "", err
	}
	var rels relationships
	if err := readXML(zr, path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), &rels); err != nil {
		return "", err
	}
	for _, s := range wb.Sheets {
		if s.Name != name {
			continue
		}
		for _, r := range rels.List {
			if r.ID == s.ID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join(path.Dir(book), r.Target), nil
			}
		}
	}
	return "", fmt.Errorf("the workbook does not say where sheet %q is", name)
}

// maxListPart bounds a part read whole: the workbook's list of sheets
// and the lists of relationships are a few kilobytes.
const maxListPart = 16 << 20

// readXML decodes a small part of the package.
func readXML(zr *zip.Reader, name string, v any) error {
	f, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(io.LimitReader(f, maxListPart)).Decode(v)
}

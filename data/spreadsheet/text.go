package spreadsheet

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// csvText is a CSV file's text as UTF-8 with lines ended by line feeds,
// however a spreadsheet program saved it: UTF-16 with a byte order mark
// (Excel's "Unicode Text", tab-separated, and LibreOffice's UTF-16 CSV),
// UTF-8 with or without a byte order mark, or else Windows-1252; lines
// ended by CR LF, LF, or CR alone, as on old Macs (and Excel's "CSV
// (Macintosh)").
func csvText(src []byte) []byte {
	switch {
	case bytes.HasPrefix(src, []byte{0xff, 0xfe}), bytes.HasPrefix(src, []byte{0xfe, 0xff}):
		if dec, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(src); err == nil {
			src = dec
		}
	case !utf8.Valid(src):
		if dec, err := charmap.Windows1252.NewDecoder().Bytes(src); err == nil {
			src = dec
		}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') >= 0 && bytes.IndexByte(src, '\n') < 0 {
		src = bytes.ReplaceAll(src, []byte{'\r'}, []byte{'\n'})
	}
	return src
}

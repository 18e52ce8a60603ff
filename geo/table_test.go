package geo

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// A table holds the countries of the TopoJSON it was made from, point for
// point, in a fraction of its size. (countries-10m.json takes 5 s to
// compress at the best level, and over a minute under the race detector:
// make derives its table, which the web package's tests of the tiles
// read.)
func TestTable(t *testing.T) {
	for _, name := range []string{"tiny-quantized.json", "countries-110m.json"} {
		t.Run(name, func(t *testing.T) {
			var topo []byte
			if strings.HasPrefix(name, "tiny") {
				topo = readTestdata(t, name)
			} else {
				topo = readAtlas(t, name)
			}
			want, err := DecodeCountries(topo)
			if err != nil {
				t.Fatal(err)
			}
			table, err := EncodeTable(topo)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeTable(table)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d bytes of TopoJSON, %d of table", len(topo), len(table))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the table's %d countries differ from the TopoJSON's %d", len(got), len(want))
			}
			if len(table) > len(topo)/3 {
				t.Errorf("the table is %d bytes, the TopoJSON %d", len(table), len(topo))
			}
		})
	}
}

// A table cut short, or of another kind, is an error, never a panic.
func TestTableDamaged(t *testing.T) {
	table, err := EncodeTable(readTestdata(t, "tiny-quantized.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeTable([]byte("not brotli")); err == nil {
		t.Error("not a table: no error")
	}
	if _, err := EncodeTable(readTestdata(t, "tiny-plain.json")); err == nil || !strings.Contains(err.Error(), "not quantized") {
		t.Errorf("a topology without a transform: %v", err)
	}
	raw, err := decompressed(table)
	if err != nil {
		t.Fatal(err)
	}
	for n := len(tableMagic); n < len(raw); n++ {
		if _, err := DecodeTable(compressed(raw[:n])); err == nil {
			t.Fatalf("cut at %d of %d bytes: no error", n, len(raw))
		}
	}
}

func compressed(raw []byte) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, 1)
	w.Write(raw)
	w.Close()
	return b.Bytes()
}

func decompressed(table []byte) ([]byte, error) {
	return io.ReadAll(brotli.NewReader(bytes.NewReader(table)))
}

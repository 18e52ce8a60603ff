package geo

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// A table holds the countries of the TopoJSON it was made from, point for
// point, in a fraction of its size: the fixture's, encoded here, and
// world-atlas's 1:110m outlines in the table make derived, which the
// binary embeds. (Natural Earth's tables take seconds to compress at the
// best level, and a minute under the race detector.)
func TestTable(t *testing.T) {
	for _, tc := range []struct{ name, topo, table string }{
		{name: "the fixture", topo: "tiny-quantized.json"},
		{name: "1:110m", topo: "countries-110m.json", table: "countries-110m.bin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var topo, table []byte
			var err error
			if tc.table == "" {
				topo = readTestdata(t, tc.topo)
				if table, err = EncodeTable(topo); err != nil {
					t.Fatal(err)
				}
			} else {
				topo = readAtlas(t, tc.topo)
				if table, err = os.ReadFile(filepath.Join("..", "static", "third_party", tc.table)); err != nil {
					t.Fatalf("the derived table (run make to derive it): %v", err)
				}
			}
			want, err := DecodeCountries(topo)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeTable(table)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d bytes of TopoJSON, %d of table", len(topo), len(table))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the table's %d countries differ from the TopoJSON's %d: run make to derive it again", len(got), len(want))
			}
			if len(table) > len(topo)/3 {
				t.Errorf("the table is %d bytes, the TopoJSON %d", len(table), len(topo))
			}
		})
	}
}

// What make derives is the same bytes from the same outlines, so that two
// builds of one commit embed the same tables (deploy's
// TestReproducibleBuild copies the checkout's rather than derive them
// again).
func TestTablesAreDeterministic(t *testing.T) {
	topo := readTestdata(t, "tiny-quantized.json")
	a, err := EncodeTable(topo)
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncodeTable(topo)
	if err != nil || !bytes.Equal(a, b) {
		t.Errorf("two tables of one topology differ: %v", err)
	}
	if x, y := tinyIndex(t, "tiny-plain.json").Encode(), tinyIndex(t, "tiny-plain.json").Encode(); !bytes.Equal(x, y) {
		t.Errorf("two indexes of the same outlines differ:\n%q\n%q", x, y)
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
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: 1, LGWin: 10})
	for n := len(tableMagic); n < len(raw); n++ {
		b.Reset()
		w.Reset(&b)
		w.Write(raw[:n])
		w.Close()
		if _, err := DecodeTable(b.Bytes()); err == nil {
			t.Fatalf("cut at %d of %d bytes: no error", n, len(raw))
		}
	}
}

func decompressed(table []byte) ([]byte, error) {
	return io.ReadAll(brotli.NewReader(bytes.NewReader(table)))
}

package geo

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"

	"github.com/andybalholm/brotli"
	"github.com/paulmach/orb"
)

// The binary embeds Natural Earth's outlines at 1:110m and 1:10m in a
// compact form that make derives from world-atlas's TopoJSON (go run
// ./geo/gen): the same topology, its arcs shared by the countries on both
// sides of a border and quantized as in the file, written as varints and
// compressed with brotli. countries-10m.json is 3.6 MB of JSON; its table
// is about a fifth of that, and decodes without a JSON parser.

// tableMagic starts every table, with the version of its layout.
const tableMagic = "partnermap outlines 1\n"

// EncodeTable writes a TopoJSON topology of countries, such as
// world-atlas's countries-10m.json, as a table (see DecodeTable). The
// topology must be quantized (have a transform), as world-atlas's are.
func EncodeTable(topo []byte) ([]byte, error) {
	var t topoTopology
	if err := json.Unmarshal(topo, &t); err != nil {
		return nil, fmt.Errorf("topojson: %w", err)
	}
	if t.Transform == nil || len(t.Transform.Scale) != 2 || len(t.Transform.Translate) != 2 {
		return nil, errors.New("topojson: the topology is not quantized: a table needs its transform")
	}
	var gc topoCollection
	if err := json.Unmarshal(t.Objects["countries"], &gc); err != nil {
		return nil, fmt.Errorf("topojson: objects.countries: %w", err)
	}
	var b []byte
	b = append(b, tableMagic...)
	for _, f := range append(t.Transform.Scale, t.Transform.Translate...) {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	b = binary.AppendUvarint(b, uint64(len(t.Arcs)))
	for i, arc := range t.Arcs {
		b = binary.AppendUvarint(b, uint64(len(arc)))
		for _, p := range arc {
			if len(p) < 2 || p[0] != math.Trunc(p[0]) || p[1] != math.Trunc(p[1]) {
				return nil, fmt.Errorf("topojson: arc %d holds %v, not a quantized position", i, p)
			}
			b = binary.AppendVarint(b, int64(p[0]))
			b = binary.AppendVarint(b, int64(p[1]))
		}
	}
	var countries []topoGeometry
	for _, g := range gc.Geometries {
		if g.Type == "Polygon" || g.Type == "MultiPolygon" {
			countries = append(countries, g)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(countries)))
	for i, g := range countries {
		var polys [][][]int
		if g.Type == "Polygon" {
			var rings [][]int
			if err := unmarshalArcs(g.Arcs, &rings); err != nil {
				return nil, fmt.Errorf("topojson: %s: %w", g.label(i), err)
			}
			polys = [][][]int{rings}
		} else if err := unmarshalArcs(g.Arcs, &polys); err != nil {
			return nil, fmt.Errorf("topojson: %s: %w", g.label(i), err)
		}
		code := alpha2(g.ID)
		b = binary.AppendUvarint(b, uint64(len(code)))
		b = append(b, code...)
		b = binary.AppendUvarint(b, uint64(len(g.Properties.Name)))
		b = append(b, g.Properties.Name...)
		b = binary.AppendUvarint(b, uint64(len(polys)))
		for _, rings := range polys {
			b = binary.AppendUvarint(b, uint64(len(rings)))
			for _, refs := range rings {
				b = binary.AppendUvarint(b, uint64(len(refs)))
				for _, ref := range refs {
					b = binary.AppendVarint(b, int64(ref))
				}
			}
		}
	}
	// The window holds the whole table (brotli's is 2^n - 16 bytes): a
	// larger one compresses no better and takes more memory.
	var out bytes.Buffer
	w := brotli.NewWriterOptions(&out, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: min(max(bits.Len(uint(len(b)+16)), 10), 24)})
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// DecodeTable reads the countries of a table that EncodeTable wrote, as
// DecodeCountries reads them from the TopoJSON it was made from.
func DecodeTable(table []byte) ([]Country, error) {
	raw, err := io.ReadAll(brotli.NewReader(bytes.NewReader(table)))
	if err != nil {
		return nil, fmt.Errorf("outline table: %w", err)
	}
	r := &tableReader{b: raw}
	if !bytes.HasPrefix(raw, []byte(tableMagic)) {
		return nil, errors.New("outline table: not one, or of another version: run make to derive it again")
	}
	r.b = r.b[len(tableMagic):]
	var tr [4]float64
	for i := range tr {
		tr[i] = math.Float64frombits(binary.LittleEndian.Uint64(r.bytes(8)))
	}
	arcs := make([]orb.LineString, r.count())
	for i := range arcs {
		arc := make(orb.LineString, r.count())
		if len(arc) == 0 && r.err == nil {
			return nil, fmt.Errorf("outline table: arc %d has no positions", i)
		}
		var x, y int64
		for j := range arc {
			x += r.varint()
			y += r.varint()
			arc[j] = orb.Point{float64(x)*tr[0] + tr[2], float64(y)*tr[1] + tr[3]}
		}
		arcs[i] = arc
	}
	countries := make([]Country, r.count())
	for i := range countries {
		c := &countries[i]
		c.Code = string(r.bytes(r.count()))
		c.Name = string(r.bytes(r.count()))
		polys := make([][][]int, r.count())
		for p := range polys {
			polys[p] = make([][]int, r.count())
			for q := range polys[p] {
				refs := make([]int, r.count())
				for k := range refs {
					refs[k] = int(r.varint())
				}
				polys[p][q] = refs
			}
		}
		if r.err != nil {
			break
		}
		if c.Shape, err = topoShape(arcs, polys); err != nil {
			return nil, fmt.Errorf("outline table: %s: %w", c.Name, err)
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("outline table: %w", r.err)
	}
	return countries, nil
}

// tableReader reads a table's varints, and remembers the first error.
type tableReader struct {
	b   []byte
	err error
}

// count reads a length, no larger than what is left to read.
func (r *tableReader) count() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *tableReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *tableReader) bytes(n int) []byte {
	if n > len(r.b) {
		r.fail()
		return make([]byte, n)
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

func (r *tableReader) fail() {
	if r.err == nil {
		r.err = errors.New("cut short")
	}
	r.b = nil
}

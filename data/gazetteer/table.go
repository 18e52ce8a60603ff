package gazetteer

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/andybalholm/brotli"

	"partnermap/data"
)

// magic starts every table, with the version of its layout.
const magic = "partnermap gazetteer 1\n"

// scale is the table's unit of degrees: 1e-4 degree is about 11 m, as
// precise as data files write a city's point.
const scale = 1e4

// Encode writes places as the table the binary embeds. They are sorted by
// country, folded name and population, largest first, which is the order
// Lookup searches in. The table is in columns (countries, names,
// populations, latitudes, longitudes) so that each compresses well, and
// compressed with brotli; coordinates are rounded to 1e-4 degree and
// written as differences from the place before.
func Encode(places []Place) ([]byte, error) {
	places = slices.Clone(places)
	keys := make(map[string]string, len(places))
	for _, p := range places {
		if len(p.Country) != 2 {
			return nil, fmt.Errorf("gazetteer: %s has country %q, want two letters", p.Name, p.Country)
		}
		keys[p.Name] = data.Fold(p.Name)
	}
	slices.SortStableFunc(places, func(a, b Place) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(keys[a.Name], keys[b.Name]), cmp.Compare(b.Population, a.Population))
	})
	var countries, names, pops, lats, lons []byte
	var lastLat, lastLon int64
	for i := 0; i < len(places); {
		run := i
		for run < len(places) && places[run].Country == places[i].Country {
			run++
		}
		countries = append(countries, places[i].Country...)
		countries = binary.AppendUvarint(countries, uint64(run-i))
		for _, p := range places[i:run] {
			names = binary.AppendUvarint(names, uint64(len(p.Name)))
			names = append(names, p.Name...)
			pops = binary.AppendUvarint(pops, roundPopulation(p.Population))
			lat, lon := int64(math.Round(p.Lat*scale)), int64(math.Round(p.Lon*scale))
			lats = binary.AppendVarint(lats, lat-lastLat)
			lons = binary.AppendVarint(lons, lon-lastLon)
			lastLat, lastLon = lat, lon
		}
		i = run
	}
	var raw bytes.Buffer
	raw.WriteString(magic)
	raw.Write(binary.AppendUvarint(nil, uint64(len(places))))
	for _, col := range [][]byte{countries, names, pops, lats, lons} {
		raw.Write(binary.AppendUvarint(nil, uint64(len(col))))
		raw.Write(col)
	}
	var out bytes.Buffer
	w := brotli.NewWriterOptions(&out, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	if _, err := w.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// roundPopulation keeps two significant digits, which is all a message
// needs and compresses to half the size; places are already in the order
// of their exact populations.
func roundPopulation(n int) uint64 {
	if n <= 0 {
		return 0
	}
	unit := 1
	for n/unit >= 100 {
		unit *= 10
	}
	return uint64((n + unit/2) / unit * unit)
}

// errTable is what a table that Encode did not write gives.
var errTable = errors.New("gazetteer: the table is damaged or of another version: run make to build it again")

// decode reads a table that Encode wrote.
func decode(table []byte) (*Gazetteer, error) {
	raw, err := io.ReadAll(brotli.NewReader(bytes.NewReader(table)))
	if err != nil || !bytes.HasPrefix(raw, []byte(magic)) {
		return nil, errTable
	}
	r := reader{buf: raw[len(magic):]}
	count := int(r.uvarint())
	var cols [5]reader
	for i := range cols {
		cols[i] = reader{buf: r.bytes(int(r.uvarint()))}
	}
	if r.err || count > len(raw) {
		return nil, errTable
	}
	countries, names, pops, lats, lons := &cols[0], &cols[1], &cols[2], &cols[3], &cols[4]
	text := string(names.buf) // one allocation for every name
	g := &Gazetteer{places: make([]Place, 0, count), countries: map[string][2]int{}}
	var lat, lon int64
	for len(countries.buf) > 0 && !countries.err {
		code := string(countries.bytes(2))
		n := int(countries.uvarint())
		start := len(g.places)
		if n > count-start {
			return nil, errTable
		}
		for range n {
			size := int(names.uvarint())
			at := len(text) - len(names.buf)
			names.bytes(size)
			lat += lats.varint()
			lon += lons.varint()
			g.places = append(g.places, Place{
				Name:       text[at : at+size],
				Country:    code,
				Population: int(pops.uvarint()),
				Lat:        float64(lat) / scale,
				Lon:        float64(lon) / scale,
			})
		}
		g.countries[code] = [2]int{start, len(g.places)}
	}
	for _, c := range cols {
		if c.err || len(c.buf) > 0 {
			return nil, errTable
		}
	}
	if len(g.places) != count {
		return nil, errTable
	}
	return g, nil
}

// reader reads a column; a read past its end sets err and gives zeros.
type reader struct {
	buf []byte
	err bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.err, r.buf = true, nil
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.err, r.buf = true, nil
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || n > len(r.buf) {
		r.err, r.buf = true, nil
		return nil
	}
	b := r.buf[:n]
	r.buf = r.buf[n:]
	return b
}

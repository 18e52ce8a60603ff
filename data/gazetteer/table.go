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
	"unicode"
	"unicode/utf8"

	"github.com/andybalholm/brotli"
)

// magic starts every table, with the version of its layout.
const magic = "partnermap gazetteer 2\n"

// scale is the table's unit of degrees: 1e-4 degree is about 11 m, as
// precise as data files write a city's point.
const scale = 1e4

// Encode writes records as the table the binary embeds. A place keeps its
// own name and one spelling of each other name's key (see Key): see
// betterSpelling. The table is in columns so that each compresses
// well (countries; regions; each place's region, population, latitude,
// longitude and number of other names; the names), and compressed with
// brotli. Places are sorted by country, then along a Z-order curve, so
// that neighbours follow each other: coordinates, rounded to 1e-4 degree,
// are written as differences from the place before. Populations keep two
// significant digits.
func Encode(records []Record) ([]byte, error) {
	records = slices.Clone(records)
	for _, r := range records {
		if len(r.Country) != 2 {
			return nil, fmt.Errorf("gazetteer: %s has country %q, want two letters", r.Name, r.Country)
		}
		if Key(r.Name) == "" {
			return nil, fmt.Errorf("gazetteer: %s (%s) has no letters in its name", r.Name, r.Country)
		}
	}
	slices.SortStableFunc(records, func(a, b Record) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(zOrder(a.Place), zOrder(b.Place)))
	})
	var countries, regions, placeRegions, pops, lats, lons, counts, names []byte
	var lastLat, lastLon int64
	for i := 0; i < len(records); {
		run := i
		for run < len(records) && records[run].Country == records[i].Country {
			run++
		}
		regionIndex := map[string]int{}
		var regionList []string
		count := 0
		for _, r := range records[i:run] {
			ri, ok := regionIndex[r.Region]
			if !ok {
				ri = len(regionList)
				regionIndex[r.Region] = ri
				regionList = append(regionList, r.Region)
			}
			placeRegions = binary.AppendUvarint(placeRegions, uint64(ri))
			pops = binary.AppendUvarint(pops, roundPopulation(r.Population))
			lat, lon := int64(math.Round(r.Lat*scale)), int64(math.Round(r.Lon*scale))
			lats = binary.AppendVarint(lats, lat-lastLat)
			lons = binary.AppendVarint(lons, lon-lastLon)
			lastLat, lastLon = lat, lon
			others := spellings(r)
			counts = binary.AppendUvarint(counts, uint64(len(others)))
			names = appendString(names, r.Name)
			for _, n := range others {
				names = appendString(names, n)
			}
			count += 1 + len(others)
		}
		countries = append(countries, records[i].Country...)
		for _, n := range []int{run - i, len(regionList), count} {
			countries = binary.AppendUvarint(countries, uint64(n))
		}
		for _, r := range regionList {
			regions = appendString(regions, r)
		}
		i = run
	}
	var raw bytes.Buffer
	raw.WriteString(magic)
	for _, col := range [][]byte{countries, regions, placeRegions, pops, lats, lons, counts, names} {
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

// spellings are a record's other names, one spelling of each key that
// is not its own name's, in the order they first come.
func spellings(r Record) []string {
	best := map[string]string{Key(r.Name): r.Name}
	var order []string
	for _, n := range r.Names {
		k := Key(n)
		switch b, ok := best[k]; {
		case k == "":
		case !ok:
			order = append(order, k)
			best[k] = n
		case b != r.Name && betterSpelling(n, b):
			best[k] = n
		}
	}
	out := make([]string, len(order))
	for i, k := range order {
		out[i] = best[k]
	}
	return out
}

// zOrder interleaves the bits of a place's coordinates (in 1e-3 degree),
// so that places near each other mostly sort near each other.
func zOrder(p Place) uint64 {
	x, y := uint64((p.Lon+180)*1000), uint64((p.Lat+90)*1000)
	var z uint64
	for i := range 20 {
		z |= (x>>i&1)<<(2*i) | (y>>i&1)<<(2*i+1)
	}
	return z
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// betterSpelling reports whether a is a better spelling than b of the
// same key: written in upper and lower case rather than in one, then with
// fewer letters outside ASCII (Torino rather than Tórínó, a spelling of
// another language), then first in alphabetical order.
func betterSpelling(a, b string) bool {
	score := func(s string) (mixed, accents int) {
		upper, lower := false, false
		for _, r := range s {
			upper = upper || unicode.IsUpper(r)
			lower = lower || unicode.IsLower(r)
			if r >= utf8.RuneSelf {
				accents++
			}
		}
		if upper && lower {
			mixed = 1
		}
		return mixed, accents
	}
	ma, aa := score(a)
	mb, ab := score(b)
	return cmp.Or(cmp.Compare(ma, mb), cmp.Compare(ab, aa), cmp.Compare(b, a)) > 0
}

// roundPopulation keeps two significant digits, which is all a message
// needs and compresses to half the size.
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

// decode reads a table that Encode wrote. The names are not keyed yet:
// each country's are when it is first searched (see index).
func decode(table []byte) (*Gazetteer, error) {
	raw, err := io.ReadAll(brotli.NewReader(bytes.NewReader(table)))
	if err != nil || !bytes.HasPrefix(raw, []byte(magic)) {
		return nil, errTable
	}
	r := reader{buf: raw[len(magic):]}
	var cols [8]reader
	for i := range cols {
		cols[i] = reader{buf: r.bytes(int(r.uvarint()))}
	}
	if r.err || len(r.buf) > 0 {
		return nil, errTable
	}
	countries, regions, placeRegions, pops, lats, lons, counts, names := &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7]
	// One string holds every name and region; each is a part of it.
	text := string(names.buf)
	regionText := string(regions.buf)
	str := func(r *reader, text string) string {
		size := int(r.uvarint())
		at := len(text) - len(r.buf)
		if r.bytes(size) == nil && size > 0 {
			return ""
		}
		return text[at : at+size]
	}
	g := &Gazetteer{countries: map[string]span{}, indexes: map[string]*index{}}
	var lat, lon int64
	for len(countries.buf) > 0 && !countries.err {
		code := string(countries.bytes(2))
		nPlaces, nRegions, nNames := countries.uvarint(), countries.uvarint(), countries.uvarint()
		if nPlaces > uint64(len(raw)) || nRegions > uint64(len(raw)) || nNames > uint64(len(raw)) {
			return nil, errTable
		}
		s := span{code: code, places: [2]int{len(g.places), len(g.places) + int(nPlaces)}, names: [2]int{len(g.names), len(g.names) + int(nNames)}}
		rs := make([]string, nRegions)
		for i := range rs {
			rs[i] = str(regions, regionText)
		}
		for range nPlaces {
			ri := placeRegions.uvarint()
			lat += lats.varint()
			lon += lons.varint()
			others := counts.uvarint()
			if ri >= uint64(len(rs)) || others > nNames {
				return nil, errTable
			}
			place := int32(len(g.places))
			g.places = append(g.places, Place{
				Name:       str(names, text),
				Country:    code,
				Region:     rs[ri],
				Population: int(pops.uvarint()),
				Lat:        float64(lat) / scale,
				Lon:        float64(lon) / scale,
			})
			g.names = append(g.names, name{g.places[place].Name, place})
			for range others {
				g.names = append(g.names, name{str(names, text), place})
			}
		}
		if len(g.names) != s.names[1] {
			return nil, errTable
		}
		g.countries[code] = s
	}
	for _, c := range cols {
		if c.err || len(c.buf) > 0 {
			return nil, errTable
		}
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

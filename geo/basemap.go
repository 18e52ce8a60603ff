package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// BasemapWidth is the width, in pixels, over which a basemap's view is
// projected: four times the map about 1000 pixels wide that outlines
// simplifies for, so rounding to whole pixels moves no vertex a browser
// could see at the zooms where the outlines still look unsimplified.
const BasemapWidth = 4000

// Basemap is the country outlines of a view projected on the server onto
// Web Mercator pixels, as the interactive map lays them under its marks: one
// drawing stretched over Bounds, which the map only scales as it zooms,
// where a path per country would be projected point by point in the
// browser at every zoom level.
type Basemap struct {
	Bounds    [2][2]float64    `json:"bounds"` // [[south, west], [north, east]], Leaflet's order
	Size      [2]int           `json:"size"`   // the drawing's width and height
	Countries []BasemapCountry `json:"countries"`
	// Tinted are the codes of the countries the tiles tint, as the
	// drawing tints its countries.
	Tinted []string `json:"tinted,omitempty"`
	// Tiles are what the map draws once zoomed in past the drawing's
	// detail (see TileIndex.ForView).
	Tiles *BasemapTiles `json:"tiles,omitempty"`
}

// BasemapCountry is a country's outline as SVG path data in the drawing's
// pixels, tinted when the network has a partner there.
type BasemapCountry struct {
	Path   string `json:"d"`
	Tinted bool   `json:"tinted,omitempty"`
}

// LeafletBounds turns a bound into Leaflet's [[south, west], [north, east]].
func LeafletBounds(b orb.Bound) [2][2]float64 {
	return [2][2]float64{{b.Min.Lat(), b.Min.Lon()}, {b.Max.Lat(), b.Max.Lon()}}
}

// NewBasemap cuts the outlines of countries to view (see outlines) and
// projects them onto a drawing BasemapWidth pixels wide whose edges are
// view's. A country is tinted when tinted says so of its code; a nil
// tinted, or a country without a code, is never tinted.
func NewBasemap(countries []Country, view orb.Bound, tinted func(code string) bool) *Basemap {
	b := &Basemap{
		Bounds:    LeafletBounds(view),
		Countries: []BasemapCountry{},
	}
	x := (view.Max[0] - view.Min[0]) * math.Pi / 180
	y := mercatorY(view.Max[1]) - mercatorY(view.Min[1])
	if !(x > 0 && y > 0) {
		return b
	}
	scale := BasemapWidth / x
	b.Size = [2]int{BasemapWidth, int(math.Round(y * scale))}
	proj := projection{
		scale:  scale,
		center: orb.Point{view.Min[0] * math.Pi / 180, mercatorY(view.Max[1])},
	}
	for _, c := range outlines(countries, view) {
		shape := make(orb.MultiPolygon, len(c.Shape))
		for i, poly := range c.Shape {
			shape[i] = make(orb.Polygon, len(poly))
			for j, ring := range poly {
				shape[i][j] = make(orb.Ring, len(ring))
				for k, pt := range ring {
					shape[i][j][k] = proj.project(pt)
				}
			}
		}
		b.Countries = append(b.Countries, BasemapCountry{Path: PathData(shape), Tinted: tinted != nil && c.Code != "" && tinted(c.Code)})
	}
	return b
}

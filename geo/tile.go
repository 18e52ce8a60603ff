package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"
)

// The basemap's tiles: the country outlines of one square of the Web
// Mercator grid, as SVG path data, at the detail the zooms it is drawn at
// need. The drawing of a map's whole view (Basemap) is what a first visit
// loads; it is simplified for the view as a whole, so zoomed in far enough
// it turns coarse, and from there the map draws tiles instead, loading
// only those in view. Tiles are the same for every network: they carry
// each country's code, and the map tints the partners' countries itself.

// TileExtent is the side of a tile in its own units, half a pixel at the
// deepest zoom its level is drawn for (see TileLevel): whole numbers, and
// short ones, in the path data.
const TileExtent = 4096

// TileLevel is a level of detail of the tiles: from zoom From, the map
// draws the squares of the grid at zoom Grid, each 2^(zoom-Grid) times 256
// pixels wide, until the next level begins. A level is drawn to be sharp
// (its vertices within half a pixel) up to zoom Grid+3; the last level is
// scaled beyond, where Natural Earth's 1:10m outlines, quantized to about
// 400 m, have no more detail to give.
type TileLevel struct {
	From   int        `json:"from"`
	Grid   int        `json:"grid"`
	Source TileSource `json:"-"`
}

// TileSource is the outlines a level is cut from.
type TileSource int

// The sources of the levels: Natural Earth at 1:50m and 1:10m.
const (
	Outlines50m TileSource = iota
	Outlines10m
)

// TileLevels are the tiles' levels of detail: the world in 16 squares
// from 1:50m up to zoom 5, in 256 from 1:10m at zooms 6 and 7, and in
// 4,096 from 1:10m from zoom 8 on. Each square is drawn at 512 to 2,048
// pixels, so a view of a thousand pixels takes four to six tiles.
var TileLevels = []TileLevel{
	{From: 0, Grid: 2, Source: Outlines50m},
	{From: 6, Grid: 4, Source: Outlines10m},
	{From: 8, Grid: 6, Source: Outlines10m},
}

// DeepestZoom is the deepest zoom the map goes to: where a city's streets
// would show, were there any to show.
const DeepestZoom = 18

// TileLevelOf is the level whose tiles are the squares of the grid at
// zoom grid.
func TileLevelOf(grid int) (TileLevel, bool) {
	for _, l := range TileLevels {
		if l.Grid == grid {
			return l, true
		}
	}
	return TileLevel{}, false
}

// TileKey names a tile: the square (X, Y) of the grid at zoom Grid.
type TileKey struct{ Grid, X, Y int }

// Tile is a tile's drawing: its countries' outlines as path data in tile
// units (0 to TileExtent, from the north-west corner), with their ISO
// 3166-1 alpha-2 codes ("" for those without).
type Tile struct {
	Countries []TileCountry `json:"countries"`
}

// TileCountry is one country's outline in a tile.
type TileCountry struct {
	Code string `json:"code,omitempty"`
	Path string `json:"d"`
}

// tileMargin is how far, in tile units, a tile's drawing reaches past its
// edges: the outline a country gets where the tile cuts it lies outside
// what is shown, so only real coasts and borders are stroked.
const tileMargin = 64

// tileTolerance is the Douglas-Peucker tolerance in tile units: half a
// pixel at the deepest zoom a level is drawn for.
const tileTolerance = 1

// Outlines are countries ready to be cut into tiles, with the bound of
// each country and each of its polygons found once: a tile is a small
// part of the world, and most of the world's points lie elsewhere.
type Outlines struct {
	countries []Country
	bounds    []orb.Bound   // each country's
	polygons  [][]orb.Bound // each polygon's
}

// NewOutlines prepares countries to be cut into tiles. They are not
// modified, then or later.
func NewOutlines(countries []Country) *Outlines {
	o := &Outlines{countries: countries, bounds: make([]orb.Bound, len(countries)), polygons: make([][]orb.Bound, len(countries))}
	for i, c := range countries {
		o.polygons[i] = make([]orb.Bound, len(c.Shape))
		for j, p := range c.Shape {
			o.polygons[i][j] = p.Bound()
			if j == 0 {
				o.bounds[i] = o.polygons[i][j]
			} else {
				o.bounds[i] = o.bounds[i].Union(o.polygons[i][j])
			}
		}
	}
	return o
}

// Tile draws the tile k: the countries in it, clipped to it (with a
// margin), projected onto it, simplified to its units and rounded,
// ordered by code then name.
func (o *Outlines) Tile(k TileKey) Tile {
	return o.draw(k, tileMargin)
}

// hasLand reports whether any country reaches into the tile k itself, not
// only into its margin.
func (o *Outlines) hasLand(k TileKey) bool {
	return len(o.draw(k, 0).Countries) > 0
}

// draw draws the tile k with a margin of so many units.
func (o *Outlines) draw(k TileKey, margin float64) Tile {
	t := Tile{Countries: []TileCountry{}}
	box := tileBound(k, margin)
	var drawn []Country
	for i, c := range o.countries {
		if len(c.Shape) == 0 || !box.Intersects(o.bounds[i]) {
			continue
		}
		var shape orb.MultiPolygon
		for j, p := range c.Shape {
			if len(p) == 0 || !box.Intersects(o.polygons[i][j]) {
				continue
			}
			// clip uses its input as scratch space; the outlines must
			// survive for the next tile.
			if p = clip.Polygon(box, p.Clone()); p == nil {
				continue
			}
			if p = tilePolygon(p, k); p != nil {
				shape = append(shape, p)
			}
		}
		if len(shape) > 0 {
			drawn = append(drawn, Country{c.Code, c.Name, shape})
		}
	}
	slices.SortStableFunc(drawn, func(a, b Country) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Name, b.Name))
	})
	for _, c := range drawn {
		t.Countries = append(t.Countries, TileCountry{Code: c.Code, Path: PathData(c.Shape)})
	}
	return t
}

// tilePolygon projects a clipped polygon onto tile k, simplifies and
// rounds it, and orients it as outlines are (outer ring counterclockwise
// on the map, holes clockwise); nil when the outer ring degenerates.
func tilePolygon(p orb.Polygon, k TileKey) orb.Polygon {
	dp := simplify.DouglasPeucker(tileTolerance)
	out := make(orb.Polygon, 0, len(p))
	for i, r := range p {
		projected := make(orb.Ring, len(r))
		for j, pt := range r {
			projected[j] = tilePoint(pt, k)
		}
		projected = dp.Ring(projected)
		for j := range projected {
			projected[j] = orb.Point{math.Round(projected[j][0]), math.Round(projected[j][1])}
		}
		projected = slices.Compact(projected)
		if len(projected) < 4 || projected[0] != projected[len(projected)-1] || ringArea(projected) == 0 {
			if i == 0 {
				return nil
			}
			continue
		}
		// Tile units run down the map: a ring counterclockwise on the map
		// has a negative area here.
		if (ringArea(projected) < 0) != (i == 0) {
			projected.Reverse()
		}
		out = append(out, projected)
	}
	return out
}

// tilePoint projects a point ([lon, lat]) onto tile k's units.
func tilePoint(pt orb.Point, k TileKey) orb.Point {
	world := TileExtent * math.Exp2(float64(k.Grid))
	x := (pt[0] + 180) / 360 * world
	y := (0.5 - mercatorY(clampLat(pt[1]))/(2*math.Pi)) * world
	return orb.Point{x - float64(k.X)*TileExtent, y - float64(k.Y)*TileExtent}
}

// tileBound is the box of tile k in [lon, lat], margin tile units wider on
// every side.
func tileBound(k TileKey, margin float64) orb.Bound {
	world := TileExtent * math.Exp2(float64(k.Grid))
	lon := func(x float64) float64 { return x/world*360 - 180 }
	lat := func(y float64) float64 { return latitude((0.5 - y/world) * 2 * math.Pi) }
	x0, y0 := float64(k.X)*TileExtent-margin, float64(k.Y)*TileExtent-margin
	x1, y1 := float64(k.X+1)*TileExtent+margin, float64(k.Y+1)*TileExtent+margin
	return orb.Bound{
		Min: orb.Point{math.Max(lon(x0), -180), math.Max(lat(y1), -mercatorMaxLat)},
		Max: orb.Point{math.Min(lon(x1), 180), math.Min(lat(y0), mercatorMaxLat)},
	}
}

// mercatorMaxLat is where Web Mercator's square world ends.
const mercatorMaxLat = 85.0511287798066

func clampLat(lat float64) float64 {
	return math.Max(-mercatorMaxLat, math.Min(mercatorMaxLat, lat))
}

// TileRange is the squares of the grid at zoom grid that a view (in [lon,
// lat]) touches, edges included: Min and Max are the first and last
// column and row. The columns of a view past 180° (see OnMap) run on
// past the grid's last, n of them to a world: column n is column 0 again
// (see wrapColumn).
func TileRange(view orb.Bound, grid int) (min, max [2]int) {
	n := 1 << grid
	col := func(lon float64) int { return int(math.Floor((lon + 180) / 360 * float64(n))) }
	row := func(lat float64) int {
		return clampInt(int(math.Floor((0.5-mercatorY(clampLat(lat))/(2*math.Pi))*float64(n))), 0, n-1)
	}
	west := clampInt(col(view.Min[0]), 0, n-1)
	east := clampInt(col(view.Max[0]), west, n-1)
	if view.Max[0] > 180 {
		east = clampInt(col(view.Max[0]), west, west+n-1)
	}
	return [2]int{west, row(view.Max[1])}, [2]int{east, row(view.Min[1])}
}

// wrapColumn is column x of a grid n squares wide, counted on past its
// last (TileRange), as the grid has it.
func wrapColumn(x, n int) int { return x % n }

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }

// FirstTileZoom is the zoom from which a map of view draws tiles rather
// than the drawing of the whole view (NewBasemap): the map draws them once
// its zoom, rounded as Leaflet rounds it to choose tiles, reaches it, and
// they begin where the drawing's simplification, outlineTolerance of the
// view's larger side, would move a vertex two pixels or more, judged at
// the view's middle latitude. The map's first zoom, which fits the
// network's cities, shows the drawing within a pixel or two: a network
// across Europe draws tiles from zoom 6 (its first zoom is about 5), one
// across Germany from 8, one in a single city from 10, and an atlas of
// the whole world from 4.
func FirstTileZoom(view orb.Bound) int {
	tol := OutlineTolerance(view)
	if !(tol > 0) {
		return 0
	}
	// A degree of latitude is longer on the map, by the secant of the
	// latitude, the farther from the equator.
	lat := math.Min(math.Abs(view.Min[1]+view.Max[1])/2, 70)
	perDegree := 256.0 / 360 / math.Cos(lat*math.Pi/180) // pixels at zoom 0
	// tol * perDegree * 2^z = 2 pixels, from zoom z - 0.5 on
	z := math.Log2(2 / (tol * perDegree))
	return clampInt(int(math.Ceil(z+0.5)), 0, DeepestZoom)
}

package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
	"golang.org/x/text/language"
)

// Country is one country's outline.
type Country struct {
	// Code is the ISO 3166-1 alpha-2 code, "" when the outline has none
	// (Kosovo, N. Cyprus, Somaliland in world-atlas). It is not unique:
	// Natural Earth gives some territories their sovereign's code
	// (Ashmore and Cartier Is. is AU).
	Code string
	// Name is the English name from the data.
	Name string
	// Shape is the outline in [lon, lat]. It is empty when quantization
	// collapsed every ring (Vatican in countries-10m.json).
	Shape orb.MultiPolygon
}

// DecodeCountries decodes the countries of a TopoJSON Topology such as
// world-atlas's countries-50m.json: the Polygon and MultiPolygon geometries
// of the GeometryCollection objects.countries, in data order. Other geometry
// types are skipped because an outline cannot be drawn from them.
//
// Arcs may be quantized and delta-encoded (when the topology has a transform)
// or absolute. Rings that quantization collapsed to fewer than four
// positions are dropped, and a polygon goes with its outer ring; this happens
// in the real data (Vatican and a few islets in countries-10m.json), so it is
// not an error. Everything else that breaks the specification is: bad JSON,
// a missing objects.countries, an arc index out of range, a malformed
// position or transform, a ring that does not close.
//
// The numeric id (ISO 3166-1 numeric, like "276") becomes Country.Code
// ("DE"); ids that are absent or name no country give "".
func DecodeCountries(topo []byte) ([]Country, error) {
	var t topoTopology
	if err := json.Unmarshal(topo, &t); err != nil {
		return nil, fmt.Errorf("topojson: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("topojson: type is %q, want \"Topology\"", t.Type)
	}
	raw, ok := t.Objects["countries"]
	if !ok || isJSONNull(raw) {
		return nil, errors.New("topojson: no objects.countries in the topology")
	}
	var gc topoCollection
	if err := json.Unmarshal(raw, &gc); err != nil {
		return nil, fmt.Errorf("topojson: objects.countries: %w", err)
	}
	if gc.Type != "GeometryCollection" {
		return nil, fmt.Errorf("topojson: objects.countries has type %q, want \"GeometryCollection\"", gc.Type)
	}
	arcs, err := topoArcs(t.Arcs, t.Transform)
	if err != nil {
		return nil, err
	}

	countries := make([]Country, 0, len(gc.Geometries))
	for i, g := range gc.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var rings [][]int
			if err := unmarshalArcs(g.Arcs, &rings); err != nil {
				return nil, fmt.Errorf("topojson: %s: Polygon arcs must be an array of rings of arc indexes: %w", g.label(i), err)
			}
			polys = [][][]int{rings}
		case "MultiPolygon":
			if err := unmarshalArcs(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("topojson: %s: MultiPolygon arcs must be an array of polygons of rings of arc indexes: %w", g.label(i), err)
			}
		default:
			continue
		}
		shape, err := topoShape(arcs, polys)
		if err != nil {
			return nil, fmt.Errorf("topojson: %s: %w", g.label(i), err)
		}
		countries = append(countries, Country{
			Code:  alpha2(g.ID),
			Name:  g.Properties.Name,
			Shape: shape,
		})
	}
	return countries, nil
}

// topoTopology is the part of a TopoJSON Topology that DecodeCountries reads.
// Objects stays raw so that only objects.countries is decoded.
type topoTopology struct {
	Type      string                     `json:"type"`
	Transform *topoTransform             `json:"transform"`
	Objects   map[string]json.RawMessage `json:"objects"`
	Arcs      [][][]float64              `json:"arcs"`
}

type topoTransform struct {
	Scale     []float64 `json:"scale"`
	Translate []float64 `json:"translate"`
}

type topoCollection struct {
	Type       string         `json:"type"`
	Geometries []topoGeometry `json:"geometries"`
}

// topoGeometry keeps arcs raw because their nesting depends on the type, and
// the id raw because the specification allows a string or a number.
type topoGeometry struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Arcs       json.RawMessage `json:"arcs"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

// label names a geometry in error messages so a broken file can be fixed.
func (g topoGeometry) label(i int) string {
	s := "geometry " + strconv.Itoa(i)
	if g.Properties.Name != "" {
		s += " (" + g.Properties.Name + ")"
	}
	return s
}

// unmarshalArcs decodes a geometry's arcs, which a Polygon or MultiPolygon
// must have: absent or null would otherwise pass as no polygons at all.
func unmarshalArcs(raw json.RawMessage, v any) error {
	if isJSONNull(raw) {
		return errors.New("missing")
	}
	return json.Unmarshal(raw, v)
}

func isJSONNull(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

// topoArcs turns every arc into absolute [lon, lat] positions once, so that
// arcs shared by neighbouring countries are decoded a single time.
func topoArcs(in [][][]float64, tr *topoTransform) ([]orb.LineString, error) {
	kx, ky, dx, dy := 1.0, 1.0, 0.0, 0.0
	if tr != nil {
		if len(tr.Scale) != 2 || len(tr.Translate) != 2 {
			return nil, fmt.Errorf("topojson: transform needs two scale and two translate numbers, got %d and %d", len(tr.Scale), len(tr.Translate))
		}
		kx, ky, dx, dy = tr.Scale[0], tr.Scale[1], tr.Translate[0], tr.Translate[1]
	}
	arcs := make([]orb.LineString, len(in))
	for i, arc := range in {
		if len(arc) == 0 {
			return nil, fmt.Errorf("topojson: arc %d has no positions", i)
		}
		ls := make(orb.LineString, len(arc))
		var x, y float64 // running sums of the quantized deltas
		for j, p := range arc {
			if len(p) < 2 {
				return nil, fmt.Errorf("topojson: arc %d position %d has %d coordinates, want at least 2", i, j, len(p))
			}
			if tr == nil {
				ls[j] = orb.Point{p[0], p[1]}
				continue
			}
			// Delta-decode in quantized integer space and scale each sum,
			// as topojson-client does, so that shared joints stay bit-identical.
			x += p[0]
			y += p[1]
			ls[j] = orb.Point{x*kx + dx, y*ky + dy}
		}
		arcs[i] = ls
	}
	return arcs, nil
}

// topoShape assembles a geometry's polygons from arc references, cut at
// the antimeridian for a flat map (see flatPolygons).
func topoShape(arcs []orb.LineString, polys [][][]int) (orb.MultiPolygon, error) {
	mp := make(orb.MultiPolygon, 0, len(polys))
	for pi, rings := range polys {
		if len(rings) == 0 {
			return nil, fmt.Errorf("polygon %d has no rings", pi)
		}
		var poly orb.Polygon
		for ri, refs := range rings {
			r, err := topoRing(arcs, refs)
			if err != nil {
				return nil, fmt.Errorf("polygon %d ring %d: %w", pi, ri, err)
			}
			if len(r) < 4 {
				if ri == 0 {
					break // the outer ring collapsed: holes alone are no polygon
				}
				continue
			}
			poly = append(poly, r)
		}
		if len(poly) > 0 {
			mp = append(mp, flatPolygons(poly)...)
		}
	}
	return mp, nil
}

// topoRing concatenates arcs into a ring. Arc ~i (negative) is arc i walked
// backwards; consecutive arcs share their joint, which is kept once.
func topoRing(arcs []orb.LineString, refs []int) (orb.Ring, error) {
	if len(refs) == 0 {
		return nil, errors.New("ring references no arcs")
	}
	n := 0
	for _, ref := range refs {
		i := ref
		if i < 0 {
			i = ^i
		}
		if i >= len(arcs) {
			return nil, fmt.Errorf("arc index %d (arc %d) out of range: the topology has %d arcs", ref, i, len(arcs))
		}
		n += len(arcs[i])
	}
	r := make(orb.Ring, 0, n)
	for k, ref := range refs {
		if k > 0 {
			r = r[:len(r)-1] // the joint comes again as this arc's first position
		}
		if ref >= 0 {
			r = append(r, arcs[ref]...)
			continue
		}
		arc := arcs[^ref]
		for j := len(arc) - 1; j >= 0; j-- {
			r = append(r, arc[j])
		}
	}
	if r[0] != r[len(r)-1] {
		return nil, fmt.Errorf("ring does not close: starts at %v, ends at %v", r[0], r[len(r)-1])
	}
	return r, nil
}

// alpha2 maps a geometry id holding an ISO 3166-1 numeric code ("276", or
// the number 276) to its alpha-2 code ("DE"). Absent ids, world-atlas's
// "-99" style placeholders, groupings like "150" (Europe) and "ZZ" (unknown)
// give "", so Code is only ever a real country's code.
func alpha2(id json.RawMessage) string {
	var s string
	if err := json.Unmarshal(id, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(id, &n); err != nil {
			return ""
		}
		s = n.String()
	}
	if _, err := strconv.ParseUint(s, 10, 16); err != nil || len(s) > 3 {
		return ""
	}
	for len(s) < 3 {
		s = "0" + s // ParseRegion wants three digits: 4 is "004", Afghanistan
	}
	r, err := language.ParseRegion(s)
	if err != nil {
		return ""
	}
	r = r.Canonicalize()
	if !r.IsCountry() {
		return ""
	}
	code := r.String()
	if len(code) != 2 {
		return ""
	}
	return code
}

package geo

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// europe is the view of a network from Gijón to Sofia to Malmö.
var europe = orb.Bound{Min: orb.Point{-12, 34}, Max: orb.Point{30, 60}}

// maxBasemapGzip is the budget for the gzipped Europe basemap from
// countries-50m: it is fetched on every first visit (about 9 KB now).
const maxBasemapGzip = 12 * 1024

func TestOutlines(t *testing.T) {
	tiny, err := DecodeCountries(readTestdata(t, "tiny-plain.json"))
	if err != nil {
		t.Fatal(err)
	}
	// square is counterclockwise from the south-west corner.
	square := func(x0, y0, x1, y1 float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	// clipped is the same square as the clipper leaves it, from the
	// north-west corner.
	clipped := func(x0, y0, x1, y1 float64) orb.Ring {
		return orb.Ring{{x0, y1}, {x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
	}
	tests := []struct {
		name      string
		countries []Country
		view      orb.Bound
		want      []Country
	}{
		{
			name:      "whole fixture, sorted by code then name, rings counterclockwise",
			countries: tiny,
			view:      orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{15, 15}},
			want: []Country{
				{Name: "Nowhere", Shape: orb.MultiPolygon{{
					{{10, 10}, {14, 10}, {14, 14}, {10, 14}, {10, 10}},
					{{11, 11}, {11, 12}, {12, 12}, {12, 11}, {11, 11}},
				}}},
				{Code: "DE", Name: "Germany", Shape: orb.MultiPolygon{
					{{{1, 0}, {1, 1}, {0, 1}, {0, 0}, {1, 0}}},
				}},
				// Reversed: the data has this ring clockwise.
				{Code: "GB", Name: "United Kingdom", Shape: orb.MultiPolygon{
					{{{5, 5}, {6, 5}, {6, 6}, {5, 5}}},
				}},
				{Code: "IT", Name: "Italy", Shape: orb.MultiPolygon{
					{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}},
					{{{5, 5}, {6, 5}, {6, 6}, {5, 5}}},
				}},
			},
		},
		{
			name:      "clipped, islands outside dropped",
			countries: tiny,
			view:      orb.Bound{Min: orb.Point{0.5, -1}, Max: orb.Point{3, 0.5}},
			want: []Country{
				{Code: "DE", Name: "Germany", Shape: orb.MultiPolygon{
					{{{1, 0}, {1, 0.5}, {0.5, 0.5}, {0.5, 0}, {1, 0}}},
				}},
				{Code: "IT", Name: "Italy", Shape: orb.MultiPolygon{
					{{{1, 0}, {2, 0}, {2, 0.5}, {1, 0.5}, {1, 0}}},
				}},
			},
		},
		{
			name:      "hole outside the view dropped",
			countries: tiny,
			view:      orb.Bound{Min: orb.Point{12.5, 9}, Max: orb.Point{15, 15}},
			want: []Country{
				{Name: "Nowhere", Shape: orb.MultiPolygon{
					{{{12.5, 10}, {14, 10}, {14, 14}, {12.5, 14}, {12.5, 10}}},
				}},
			},
		},
		{
			name:      "view inside a country gives the view",
			countries: tiny,
			view:      orb.Bound{Min: orb.Point{10.2, 10.2}, Max: orb.Point{10.8, 10.8}},
			want: []Country{
				{Name: "Nowhere", Shape: orb.MultiPolygon{
					{clipped(10.2, 10.2, 10.8, 10.8)},
				}},
			},
		},
		{
			name:      "view off the edge of the map's grid rounds inward",
			countries: tiny,
			view:      orb.Bound{Min: orb.Point{10.20049, 10.2001}, Max: orb.Point{10.79999, 10.8009}},
			want: []Country{
				{Name: "Nowhere", Shape: orb.MultiPolygon{
					{clipped(10.201, 10.201, 10.799, 10.8)},
				}},
			},
		},
		{
			name: "rounded to three decimals",
			countries: []Country{{Code: "FR", Name: "France", Shape: orb.MultiPolygon{{
				{{0.00049, 0.00051}, {1.23456, 0}, {1.23456, 1.00049}, {0, 1}, {0.00049, 0.00051}},
			}}}},
			view: orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{1.5, 1.5}},
			want: []Country{
				{Code: "FR", Name: "France", Shape: orb.MultiPolygon{
					{{{0, 0.001}, {1.235, 0}, {1.235, 1}, {0, 1}, {0, 0.001}}},
				}},
			},
		},
		{
			name: "simplified",
			countries: []Country{{Code: "ES", Name: "Spain", Shape: orb.MultiPolygon{{
				// 0.05 off the straight line: less than 1/1000 of the view.
				{{0, 0}, {50, 0.05}, {100, 0}, {100, 100}, {0, 100}, {0, 0}},
			}}}},
			view: orb.Bound{Min: orb.Point{-10, -10}, Max: orb.Point{110, 110}},
			want: []Country{
				{Code: "ES", Name: "Spain", Shape: orb.MultiPolygon{
					{square(0, 0, 100, 100)},
				}},
			},
		},
		{
			name: "degenerate rings and emptied countries dropped",
			countries: []Country{
				// A sliver thinner than the tolerance simplifies to three points.
				{Code: "NO", Name: "Sliver", Shape: orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 0.01}, {0, 0}}}}},
				// Zigzags only 0.0004 off a line: simplification keeps them
				// (view 0.3 wide), rounding flattens them to no area.
				{Code: "SE", Name: "Flat", Shape: orb.MultiPolygon{{{{0, 0}, {0.1, 0.0004}, {0.2, 0}, {0.1, -0.0004}, {0, 0}}}}},
				// A hole that rounds to nothing goes; the outer ring stays.
				{Code: "PL", Name: "Holed", Shape: orb.MultiPolygon{{
					square(0, 0, 0.2, 0.2),
					{{0.1, 0.1}, {0.1001, 0.1}, {0.1001, 0.1001}, {0.1, 0.1}},
				}}},
			},
			view: orb.Bound{Min: orb.Point{-0.05, -0.05}, Max: orb.Point{0.25, 0.25}},
			want: []Country{
				{Code: "PL", Name: "Holed", Shape: orb.MultiPolygon{
					{square(0, 0, 0.2, 0.2)},
				}},
			},
		},
		{
			name:      "view off every country",
			countries: tiny,
			view:      orb.Bound{Min: orb.Point{100, 10}, Max: orb.Point{120, 20}},
		},
		{
			name:      "empty view",
			countries: tiny,
			view:      orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{-1, -1}},
		},
		{
			name:      "view thinner than the grid",
			countries: tiny,
			view:      orb.Bound{Min: orb.Point{0.1001, 0}, Max: orb.Point{0.1009, 1}},
		},
		{
			name: "no countries",
			view: europe,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := cloneCountries(tt.countries)
			got := outlines(tt.countries, tt.view)
			if !reflect.DeepEqual(tt.countries, before) {
				t.Error("outlines modified its input")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("outlines:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func cloneCountries(cs []Country) []Country {
	if cs == nil {
		return nil
	}
	out := make([]Country, len(cs))
	for i, c := range cs {
		out[i] = Country{c.Code, c.Name, c.Shape.Clone()}
	}
	return out
}

// TestOutlinesEurope cuts the Europe basemap from the real data and checks
// what the map needs: the network's countries, nothing from far away, every
// coordinate inside the view on the 0.001° grid, valid rings; and that its
// drawing comes out the same twice, within its size.
func TestOutlinesEurope(t *testing.T) {
	countries, err := DecodeCountries(readAtlas(t, "countries-50m.json"))
	if err != nil {
		t.Fatal(err)
	}
	codes := make(map[string]bool)
	var keys []string
	for _, c := range outlines(countries, europe) {
		codes[c.Code] = true
		keys = append(keys, c.Code+"\x00"+c.Name)
		if len(c.Shape) == 0 {
			t.Errorf("%s: no parts", c.Name)
		}
		for _, p := range c.Shape {
			for i, r := range p {
				checkRing(t, c.Name, r, i == 0)
			}
		}
	}
	for _, code := range []string{"DE", "IT", "SE", "ES", "BG", "FR", "GB", "PL", "NO", "MA", "TR"} {
		if !codes[code] {
			t.Errorf("no outline for %s", code)
		}
	}
	for _, code := range []string{"JP", "US", "AU", "BR", "IS", "IN"} {
		if codes[code] {
			t.Errorf("outline for %s, which is outside the view", code)
		}
	}
	if !slices.IsSorted(keys) {
		t.Errorf("countries not ordered by code then name: %q", keys)
	}

	partners := func(code string) bool { return code == "ES" || code == "BG" || code == "SE" }
	raw, err := json.Marshal(NewBasemap(countries, europe, partners))
	if err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(NewBasemap(countries, europe, partners))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again) {
		t.Error("two runs encode differently")
	}
	if gz := gzipSize(t, raw); gz > maxBasemapGzip {
		t.Errorf("basemap is %d bytes gzipped, over the budget of %d", gz, maxBasemapGzip)
	}
}

// checkRing checks one ring of the Europe basemap.
func checkRing(t *testing.T, name string, r orb.Ring, outer bool) {
	t.Helper()
	checkRingIn(t, europe, name, r, outer)
}

// checkRingIn is checkRing for a ring of a view's outlines.
func checkRingIn(t *testing.T, view orb.Bound, name string, r orb.Ring, outer bool) {
	t.Helper()
	if len(r) < 4 || r[0] != r[len(r)-1] {
		t.Errorf("%s: ring of %d points, not closed or too short", name, len(r))
		return
	}
	for _, p := range r {
		if !view.Contains(p) {
			t.Errorf("%s: %v outside the view %v", name, p, view)
		}
		for _, v := range p {
			if v != math.Round(v*1000)/1000 {
				t.Errorf("%s: %v not rounded to 3 decimals", name, p)
			}
		}
	}
	if a := ringArea(r); a == 0 || (a > 0) != outer {
		t.Errorf("%s: ring with signed area %g, outer %v", name, a, outer)
	}
}

// TestBasemapSize reports the Europe basemap's size from each resolution of
// world-atlas, to choose which one to ship. See the figures with -v.
func TestBasemapSize(t *testing.T) {
	for _, file := range []string{"countries-50m.json", "countries-110m.json"} {
		t.Run(file, func(t *testing.T) {
			countries, err := DecodeCountries(readAtlas(t, file))
			if err != nil {
				t.Fatal(err)
			}
			in := 0
			for _, c := range countries {
				in += countPoints(c.Shape)
			}
			cut := outlines(countries, europe)
			out := 0
			for _, c := range cut {
				out += countPoints(c.Shape)
			}
			raw, err := json.Marshal(NewBasemap(countries, europe, nil))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s, Europe %v, tolerance %.3f°: %d countries, %d points (of %d worldwide), %d bytes raw, %d bytes gzipped",
				file, europe, outlineTolerance*math.Max(europe.Max[0]-europe.Min[0], europe.Max[1]-europe.Min[1]),
				len(cut), out, in, len(raw), gzipSize(t, raw))
		})
	}
}

func countPoints(mp orb.MultiPolygon) int {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

func gzipSize(tb testing.TB, b []byte) int {
	tb.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := zw.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Len()
}

func TestExpand(t *testing.T) {
	// Gijón, Sofia and Malmö.
	network := orb.Bound{Min: orb.Point{-5.66, 42.70}, Max: orb.Point{23.32, 55.60}}
	tests := []struct {
		name   string
		b      orb.Bound
		margin float64
		want   orb.Bound
	}{
		{"network, 10%", network, 0.1, orb.Bound{Min: orb.Point{-8.558, 40.70}, Max: orb.Point{26.218, 57.60}}},
		{"network, 50%", network, 0.5, orb.Bound{Min: orb.Point{-20.15, 36.25}, Max: orb.Point{37.81, 62.05}}},
		{"single city gets 2 degrees", orb.Bound{Min: orb.Point{13, 55.6}, Max: orb.Point{13, 55.6}}, 0.5, orb.Bound{Min: orb.Point{11, 53.6}, Max: orb.Point{15, 57.6}}},
		{"zero margin still 2 degrees", network, 0, orb.Bound{Min: orb.Point{-7.66, 40.70}, Max: orb.Point{25.32, 57.60}}},
		{"negative margin counts as zero", network, -1, orb.Bound{Min: orb.Point{-7.66, 40.70}, Max: orb.Point{25.32, 57.60}}},
		{"NaN margin counts as zero", network, math.NaN(), orb.Bound{Min: orb.Point{-7.66, 40.70}, Max: orb.Point{25.32, 57.60}}},
		{"clamped", orb.Bound{Min: orb.Point{-179, -84}, Max: orb.Point{170, 84}}, 0.1, orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}},
		{"past 180°, within the world centred on it", orb.Bound{Min: orb.Point{100, -40}, Max: orb.Point{350, 40}}, 0.1, orb.Bound{Min: orb.Point{75, -48}, Max: orb.Point{375, 48}}},
		{"empty bound as is", orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{-1, -1}}, 0.1, orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{-1, -1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Expand(tt.b, tt.margin)
			if !nearBound(got, tt.want, 1e-9) {
				t.Errorf("Expand(%v, %g) = %v, want %v", tt.b, tt.margin, got, tt.want)
			}
		})
	}
}

func BenchmarkNewBasemap(b *testing.B) {
	countries, err := DecodeCountries(readAtlas(b, "countries-50m.json"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		NewBasemap(countries, europe, nil)
	}
}

func TestSquare(t *testing.T) {
	cases := []struct {
		name string
		in   orb.Bound
	}{
		{"wide", orb.Bound{Min: orb.Point{-10, 40}, Max: orb.Point{30, 50}}},
		{"tall", orb.Bound{Min: orb.Point{10, 35}, Max: orb.Point{15, 65}}},
		{"conet", orb.Bound{Min: orb.Point{-5.6617, 38.1157}, Max: orb.Point{23.5731, 55.6058}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sq := Square(tc.in)
			if !sq.Contains(tc.in.Min) || !sq.Contains(tc.in.Max) {
				t.Fatalf("Square(%v) = %v does not hold the input", tc.in, sq)
			}
			w := (sq.Max[0] - sq.Min[0]) * math.Pi / 180
			h := mercatorY(sq.Max[1]) - mercatorY(sq.Min[1])
			if math.Abs(w-h) > 1e-9 {
				t.Errorf("Square(%v) = %v is %.4f wide and %.4f tall on the map", tc.in, sq, w, h)
			}
			if c, want := (sq.Min[0]+sq.Max[0])/2, (tc.in.Min[0]+tc.in.Max[0])/2; math.Abs(c-want) > 1e-9 {
				t.Errorf("centre moved from %v to %v", want, c)
			}
		})
	}
}

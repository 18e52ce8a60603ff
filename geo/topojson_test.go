package geo

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// atlasDir is where `npm ci` puts world-atlas, relative to this package.
const atlasDir = "../node_modules/world-atlas"

// readAtlas reads one of world-atlas's files. A missing file fails rather
// than skips: the basemap ships from it, so the tests must see it.
func readAtlas(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(atlasDir, name))
	if err != nil {
		tb.Fatalf("reading world-atlas (run `npm ci` in the repository root to install it): %v", err)
	}
	return b
}

func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestDecodeCountries(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []Country
	}{
		{
			name: "absolute arcs",
			file: "tiny-plain.json",
			want: []Country{
				{Code: "DE", Name: "Germany", Shape: orb.MultiPolygon{
					{{{1, 0}, {1, 1}, {0, 1}, {0, 0}, {1, 0}}},
				}},
				{Code: "IT", Name: "Italy", Shape: orb.MultiPolygon{
					{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}},
					{{{5, 5}, {6, 5}, {6, 6}, {5, 5}}},
				}},
				{Code: "", Name: "Nowhere", Shape: orb.MultiPolygon{
					{
						{{10, 10}, {14, 10}, {14, 14}, {10, 14}, {10, 10}},
						{{11, 11}, {11, 12}, {12, 12}, {12, 11}, {11, 11}},
					},
				}},
				{Code: "GB", Name: "United Kingdom", Shape: orb.MultiPolygon{
					{{{5, 5}, {6, 6}, {6, 5}, {5, 5}}},
				}},
			},
		},
		{
			name: "quantized delta-encoded arcs",
			file: "tiny-quantized.json",
			want: []Country{
				{Code: "DE", Name: "Germany", Shape: orb.MultiPolygon{
					{{{-9.5, 40}, {-9.5, 40.25}, {-10, 40.25}, {-10, 40}, {-9.5, 40}}},
				}},
				{Code: "IT", Name: "Italy", Shape: orb.MultiPolygon{
					{{{-9.5, 40}, {-9, 40}, {-9, 40.25}, {-9.5, 40.25}, {-9.5, 40}}},
					{{{-7.5, 41.25}, {-7, 41.25}, {-7, 41.5}, {-7.5, 41.25}}},
				}},
				{Code: "", Name: "Nowhere", Shape: orb.MultiPolygon{
					{
						{{-5, 42.5}, {-3, 42.5}, {-3, 43.5}, {-5, 43.5}, {-5, 42.5}},
						{{-4.5, 42.75}, {-4.5, 43}, {-4, 43}, {-4, 42.75}, {-4.5, 42.75}},
					},
				}},
				{Code: "GB", Name: "United Kingdom", Shape: orb.MultiPolygon{
					{{{-7.5, 41.25}, {-7, 41.5}, {-7, 41.25}, {-7.5, 41.25}}},
				}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeCountries(readTestdata(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DecodeCountries:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestDecodeCountriesCollapsed covers rings that quantization squashed to
// fewer than four positions, as in countries-10m.json: they are dropped, and
// a polygon goes with its outer ring, but the country stays.
func TestDecodeCountriesCollapsed(t *testing.T) {
	topo := `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
		{"type":"Polygon","id":"336","properties":{"name":"Vatican"},"arcs":[[0]]},
		{"type":"MultiPolygon","id":"380","properties":{"name":"Italy"},"arcs":[[[1],[0]],[[0],[1]]]}
	]}},"arcs":[
		[[0,0],[0,1],[0,0]],
		[[0,0],[4,0],[4,4],[0,0]]
	]}`
	want := []Country{
		{Code: "VA", Name: "Vatican", Shape: orb.MultiPolygon{}},
		{Code: "IT", Name: "Italy", Shape: orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}}}},
	}
	got, err := DecodeCountries([]byte(topo))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DecodeCountries:\n got %v\nwant %v", got, want)
	}
}

func TestDecodeCountriesIDs(t *testing.T) {
	tests := []struct {
		name string
		id   string // JSON, "" for no id
		want string
	}{
		{"string", `"276"`, "DE"},
		{"number", `276`, "DE"},
		{"short number", `4`, "AF"},
		{"United Kingdom", `"826"`, "GB"},
		{"deprecated code", `"736"`, "SD"},
		{"absent", ``, ""},
		{"null", `null`, ""},
		{"placeholder", `"-99"`, ""},
		{"grouping", `"150"`, ""},
		{"unknown", `"999"`, ""},
		{"alpha-2", `"DE"`, ""},
		{"fraction", `276.5`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := ""
			if tt.id != "" {
				id = `"id":` + tt.id + `,`
			}
			topo := `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
				{"type":"Polygon",` + id + `"arcs":[[0]]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`
			got, err := DecodeCountries([]byte(topo))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].Code != tt.want {
				t.Errorf("id %s: got %+v, want code %q", tt.id, got, tt.want)
			}
		})
	}
}

// malformedTopologies are inputs DecodeCountries must reject, each with a
// fragment of the error message that says what was wrong.
var malformedTopologies = []struct {
	name    string
	topo    string
	wantErr string
}{
	{"empty", ``, "unexpected end of JSON"},
	{"bad JSON", `{"type":"Topology",`, "unexpected end of JSON"},
	{"not an object", `[1,2]`, "cannot unmarshal array"},
	{"not a topology", `{"type":"FeatureCollection","features":[]}`, `type is "FeatureCollection"`},
	{"no objects", `{"type":"Topology","arcs":[]}`, "no objects.countries"},
	{"no countries", `{"type":"Topology","objects":{"land":{"type":"GeometryCollection","geometries":[]}},"arcs":[]}`, "no objects.countries"},
	{"null countries", `{"type":"Topology","objects":{"countries":null},"arcs":[]}`, "no objects.countries"},
	{"countries not a collection", `{"type":"Topology","objects":{"countries":{"type":"Polygon","arcs":[[0]]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, `objects.countries has type "Polygon"`},
	{"geometries not an array", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":{}}},"arcs":[]}`, "objects.countries"},
	{"arc index out of range", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","properties":{"name":"Far"},"arcs":[[0,7]]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "geometry 0 (Far): polygon 0 ring 0: arc index 7 (arc 7) out of range: the topology has 1 arcs"},
	{"reversed arc index out of range", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"MultiPolygon","arcs":[[[0]],[[-2]]]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "polygon 1 ring 0: arc index -2 (arc 1) out of range"},
	{"polygon arcs missing", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"276"}]}},"arcs":[]}`, "Polygon arcs must be an array of rings of arc indexes: missing"},
	{"polygon arcs too shallow", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[0]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "Polygon arcs must be an array of rings"},
	{"multipolygon arcs too shallow", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"MultiPolygon","arcs":[[0]]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "MultiPolygon arcs must be an array of polygons"},
	{"arc index not an integer", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0.5]]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "Polygon arcs must be an array of rings"},
	{"polygon without rings", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"MultiPolygon","arcs":[[]]}]}},"arcs":[]}`, "polygon 0 has no rings"},
	{"ring without arcs", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[]]}]}},"arcs":[]}`, "ring 0: ring references no arcs"},
	{"ring not closed", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,1]]]}`, "ring does not close: starts at [0 0], ends at [0 1]"},
	{"empty arc", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[]}},"arcs":[[]]}`, "arc 0 has no positions"},
	{"short position", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[]}},"arcs":[[[0,0],[1]]]}`, "arc 0 position 1 has 1 coordinates, want at least 2"},
	{"position not numbers", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[]}},"arcs":[[["a","b"]]]}`, "cannot unmarshal string"},
	{"short transform", `{"type":"Topology","transform":{"scale":[1],"translate":[0,0]},"objects":{"countries":{"type":"GeometryCollection","geometries":[]}},"arcs":[]}`, "transform needs two scale and two translate numbers, got 1 and 2"},
	{"name not a string", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","properties":{"name":7},"arcs":[[0]]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "properties.name"},
}

func TestDecodeCountriesMalformed(t *testing.T) {
	for _, tt := range malformedTopologies {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeCountries([]byte(tt.topo))
			if err == nil {
				t.Fatalf("DecodeCountries(%s) = %v, want an error", tt.topo, got)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not say %q", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "topojson: ") {
				t.Errorf("error %q does not start with \"topojson: \"", err)
			}
		})
	}
}

// TestDecodeCountriesTruncated feeds every prefix of a small topology: each
// must give an error (or, for the whole input, countries), never a panic.
func TestDecodeCountriesTruncated(t *testing.T) {
	topo := bytes.TrimSpace(readTestdata(t, "tiny-quantized.json"))
	for n := range len(topo) {
		if _, err := DecodeCountries(topo[:n]); err == nil {
			t.Errorf("DecodeCountries of the first %d bytes gave no error", n)
		}
	}
}

func TestDecodeCountriesWorldAtlas(t *testing.T) {
	for _, file := range []string{"countries-50m.json", "countries-110m.json"} {
		t.Run(file, func(t *testing.T) {
			countries, err := DecodeCountries(readAtlas(t, file))
			if err != nil {
				t.Fatal(err)
			}
			// Codes may repeat (Natural Earth gives Ashmore and Cartier Is.
			// Australia's), so only the checked ones must be unique.
			byCode := make(map[string][]Country)
			for _, c := range countries {
				if c.Name == "" {
					t.Errorf("country %q has no name", c.Code)
				}
				if len(c.Shape) == 0 {
					t.Errorf("%s (%s) has no shape", c.Name, c.Code)
				}
				if c.Code == "" {
					continue
				}
				if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code {
					t.Errorf("%s has code %q, want two capital letters", c.Name, c.Code)
				}
				byCode[c.Code] = append(byCode[c.Code], c)
			}
			if len(countries) < 170 {
				t.Errorf("decoded %d countries, want at least 170", len(countries))
			}
			for code, name := range map[string]string{"DE": "Germany", "IT": "Italy", "GB": "United Kingdom", "FR": "France", "SE": "Sweden", "BG": "Bulgaria"} {
				if got := byCode[code]; len(got) != 1 || got[0].Name != name {
					t.Errorf("code %s: countries %v, want one named %q", code, names(got), name)
				}
			}

			// Natural Earth's Germany: 5.87°E..15.04°E, 47.27°N..55.06°N;
			// 110m cuts corners by up to 0.2°.
			if len(byCode["DE"]) == 0 {
				t.Fatal("no DE")
			}
			de := byCode["DE"][0].Shape.Bound()
			want := orb.Bound{Min: orb.Point{5.8, 47.2}, Max: orb.Point{15.1, 55.1}}
			slack := 0.1
			if file == "countries-110m.json" {
				slack = 0.25
			}
			if !nearBound(de, want, slack) {
				t.Errorf("Germany's bound is %v, want %v within %g°", de, want, slack)
			}
		})
	}
}

func names(cs []Country) []string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Name)
	}
	return s
}

func nearBound(got, want orb.Bound, slack float64) bool {
	for i := range 2 {
		if d := got.Min[i] - want.Min[i]; d < -slack || d > slack {
			return false
		}
		if d := got.Max[i] - want.Max[i]; d < -slack || d > slack {
			return false
		}
	}
	return true
}

// FuzzDecodeCountries checks that no input panics and that what decodes is
// well formed. Its seeds run with every `go test`.
func FuzzDecodeCountries(f *testing.F) {
	f.Add(readTestdata(f, "tiny-plain.json"))
	f.Add(readTestdata(f, "tiny-quantized.json"))
	// An island across the antimeridian and a ring round the South Pole.
	f.Add([]byte(`{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
		{"type":"Polygon","id":"242","arcs":[[0]]},{"type":"Polygon","id":"010","arcs":[[1]]}]}},
		"arcs":[[[179,-1],[-179,-1],[-179,1],[179,1],[179,-1]],[[-120,-70],[0,-70],[120,-70],[-120,-70]]]}`))
	for _, tt := range malformedTopologies {
		f.Add([]byte(tt.topo))
	}
	f.Fuzz(func(t *testing.T, topo []byte) {
		countries, err := DecodeCountries(topo)
		if err != nil {
			return
		}
		for _, c := range countries {
			for _, p := range c.Shape {
				for _, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("%s: ring %v is not closed or too short", c.Name, r)
					}
				}
			}
		}
	})
}

func BenchmarkDecodeCountries(b *testing.B) {
	topo := readAtlas(b, "countries-50m.json")
	b.SetBytes(int64(len(topo)))
	for b.Loop() {
		if _, err := DecodeCountries(topo); err != nil {
			b.Fatal(err)
		}
	}
}

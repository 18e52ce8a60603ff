package geo

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"partnermap/data"
)

var update = flag.Bool("update", false, "rewrite golden files")

func cityURL(slug string) string { return "https://map.example.org/cities/" + slug }

func conet(t *testing.T) *data.Network {
	t.Helper()
	n, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The golden file pins the exact GeoJSON of the default network, indented
// so that a change reads as a diff.
func TestNetworkGolden(t *testing.T) {
	raw, err := Network(conet(t), cityURL).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := json.Indent(&got, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	got.WriteByte('\n')
	golden := filepath.Join("testdata", "conet.geojson")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./geo -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("GeoJSON differs from %s; if the change is meant, run go test ./geo -update and review the diff", golden)
	}
}

func TestNetworkFeatures(t *testing.T) {
	n := conet(t)
	raw, err := Network(n, cityURL).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatal(err)
	}
	var points, lines int
	for _, f := range fc.Features {
		switch g := f.Geometry.(type) {
		case orb.Point:
			points++
			slug := f.Properties.MustString("slug")
			c, ok := n.City(slug)
			if !ok {
				t.Fatalf("point for unknown city %q", slug)
			}
			if g.Lon() != c.Lon || g.Lat() != c.Lat {
				t.Errorf("%s at %v, want [lon %v, lat %v]", slug, g, c.Lon, c.Lat)
			}
			if f.Properties.MustBool("coordinator") != (slug == "berlin") {
				t.Errorf("%s: coordinator = %v", slug, f.Properties["coordinator"])
			}
			if f.Properties.MustString("url") != cityURL(slug) {
				t.Errorf("%s: url %v", slug, f.Properties["url"])
			}
		case orb.LineString:
			lines++
			if f.Properties.MustString("from") != "berlin" || len(g) != 2 || g[0] != (orb.Point{13.405, 52.52}) {
				t.Errorf("link %v does not start at Berlin: %v", f.ID, g)
			}
		default:
			t.Errorf("unexpected geometry %T", g)
		}
	}
	if points != 11 || lines != 10 {
		t.Errorf("%d points and %d lines, want 11 and 10", points, lines)
	}
	if !strings.Contains(string(raw), `"partners":[{"kind":"city","name":"City of Palermo","role":"partner"},{"kind":"organisation","name":"CESIE","role":"partner"}]`) {
		t.Errorf("Palermo's two partners are not in its properties")
	}
}

func TestPointRounds(t *testing.T) {
	cases := []struct {
		name     string
		lat, lon float64
		want     orb.Point
	}{
		{"six decimals kept", 52.123456, 13.654321, orb.Point{13.654321, 52.123456}},
		{"seventh decimal rounded", 52.1234567, -2.99999949, orb.Point{-2.999999, 52.123457}},
		{"negative", -33.8688197, 151.2092955, orb.Point{151.209296, -33.86882}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Point(data.City{Lat: tc.lat, Lon: tc.lon}); got != tc.want {
				t.Errorf("Point = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBounds(t *testing.T) {
	b := Bounds(conet(t))
	want := orb.Bound{Min: orb.Point{-5.6617, 38.1157}, Max: orb.Point{23.5731, 55.6058}}
	if b != want {
		t.Errorf("Bounds = %v, want %v", b, want)
	}
}

// A city's own Feature is byte for byte the one in the network's
// collection, so that either download says the same of it.
func TestCityMatchesNetwork(t *testing.T) {
	n := conet(t)
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	raw, err := Network(n, cityURL).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	for i := range n.Cities {
		alone, err := City(n, &n.Cities[i], cityURL).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(alone, fc.Features[i]) {
			t.Errorf("%s alone:\n%s\nin the network:\n%s", n.Cities[i].Slug, alone, fc.Features[i])
		}
	}
}

// Places and LinkFeatures each hold one geometry type, which a Shapefile
// needs, and together they are the network's collection, feature for
// feature.
func TestPlacesAndLinksSplitNetwork(t *testing.T) {
	n := conet(t)
	network := Network(n, cityURL)
	places, links := Places(n, cityURL), LinkFeatures(n)
	for name, c := range map[string]struct {
		fc   *geojson.FeatureCollection
		kind string
	}{"places": {places, "Point"}, "links": {links, "LineString"}} {
		if len(c.fc.Features) == 0 {
			t.Errorf("%s: no features", name)
		}
		for _, f := range c.fc.Features {
			if got := f.Geometry.GeoJSONType(); got != c.kind {
				t.Errorf("%s: feature %v is a %s, want only %ss", name, f.ID, got, c.kind)
			}
		}
	}
	joined := append(append([]*geojson.Feature{}, places.Features...), links.Features...)
	if len(joined) != len(network.Features) {
		t.Fatalf("places and links have %d features, the network %d", len(joined), len(network.Features))
	}
	for i, f := range joined {
		a, _ := f.MarshalJSON()
		b, _ := network.Features[i].MarshalJSON()
		if !bytes.Equal(a, b) {
			t.Errorf("feature %d differs:\n%s\n%s", i, a, b)
		}
	}
}

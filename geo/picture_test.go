package geo

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"partnermap/data"
)

func conetPicture(t *testing.T) (*data.Network, *Picture) {
	t.Helper()
	countries, err := DecodeCountries(readAtlas(t, "countries-50m.json"))
	if err != nil {
		t.Fatal(err)
	}
	n := conet(t)
	frame := orb.Bound{Min: orb.Point{28, 28}, Max: orb.Point{772, 572}}
	return n, NewPicture(n, countries, 800, 600, frame)
}

func TestPicture(t *testing.T) {
	n, pic := conetPicture(t)
	if len(pic.Cities) != len(n.Cities) || len(pic.Links) != len(n.Cities)-1 {
		t.Fatalf("%d cities and %d links", len(pic.Cities), len(pic.Links))
	}
	// Every city inside the frame, and where the projection puts it.
	for i, c := range pic.Cities {
		if c.At[0] < 28 || c.At[0] > 772 || c.At[1] < 28 || c.At[1] > 572 {
			t.Errorf("%s at %v, outside the frame", c.Slug, c.At)
		}
		if c.At != pic.Project(Point(n.Cities[i])) {
			t.Errorf("%s at %v, projected to %v", c.Slug, c.At, pic.Project(Point(n.Cities[i])))
		}
	}
	// North is up and east is right; Mercator keeps angles, so the gaps
	// east-west and north-south between two cities scale alike near them.
	berlin, _ := pic.City("berlin")
	palermo, _ := pic.City("palermo")
	gijon, _ := pic.City("gijon")
	if !(palermo.At[1] > berlin.At[1] && gijon.At[0] < berlin.At[0]) {
		t.Errorf("Berlin %v, Palermo %v, Gijón %v: the picture is not north up", berlin.At, palermo.At, gijon.At)
	}
	if !berlin.Coordinator || palermo.Coordinator {
		t.Errorf("coordinator flags: Berlin %v, Palermo %v", berlin.Coordinator, palermo.Coordinator)
	}
	// The network fills the frame in at least one direction.
	b := orb.MultiPoint{}
	for _, c := range pic.Cities {
		b = append(b, c.At)
	}
	bb := b.Bound()
	if bb.Max[0]-bb.Min[0] < 0.75*744 && bb.Max[1]-bb.Min[1] < 0.75*544 {
		t.Errorf("the cities take only %v of the frame", bb)
	}
	// The outlines cover the canvas, partner countries tinted.
	tinted := map[string]bool{}
	for _, c := range pic.Countries {
		tinted[c.Code] = c.Tinted
		for _, poly := range c.Shape {
			for _, r := range poly {
				for _, pt := range r {
					if pt[0] < -1 || pt[0] > 801 || pt[1] < -1 || pt[1] > 601 {
						t.Fatalf("%s has a point at %v, off the canvas", c.Code, pt)
					}
				}
			}
		}
	}
	for code, want := range map[string]bool{"DE": true, "IT": true, "GB": true, "SE": true, "AT": false, "CH": false} {
		if got, ok := tinted[code]; !ok || got != want {
			t.Errorf("%s: drawn %v, tinted %v, want tinted %v", code, ok, got, want)
		}
	}
}

func TestPathData(t *testing.T) {
	square := orb.MultiPolygon{{{{10.4, 10}, {20, 10}, {20, 20.6}, {10, 20}, {10.4, 10}}}}
	if got, want := PathData(square), "M10 10l10 0l0 11l-10 -1z"; got != want {
		t.Errorf("PathData = %q, want %q", got, want)
	}
	_, pic := conetPicture(t)
	var size int
	valid := regexp.MustCompile(`^(M-?\d+ -?\d+(l-?\d+ -?\d+)*z)+$`)
	for _, c := range pic.Countries {
		d := PathData(c.Shape)
		if !valid.MatchString(d) {
			t.Fatalf("%s: path data %.80q", c.Code, d)
		}
		size += len(d)
	}
	// Every page carries the picture; keep it light.
	t.Logf("path data for %d countries: %d bytes", len(pic.Countries), size)
	if size > 30000 {
		t.Errorf("path data is %d bytes", size)
	}
}

func TestProjectionRoundTrip(t *testing.T) {
	pr := fit(orb.Bound{Min: orb.Point{-10, 35}, Max: orb.Point{30, 60}}, orb.Bound{Max: orb.Point{800, 600}})
	for _, pt := range []orb.Point{{0, 40}, {13.4, 52.5}, {-5.66, 43.5}, {29.9, 59.9}} {
		back := pr.unproject(pr.project(pt))
		if math.Abs(back[0]-pt[0]) > 0.01 || math.Abs(back[1]-pt[1]) > 0.01 {
			t.Errorf("%v came back as %v", pt, back)
		}
	}
	if strings.Contains(PathData(nil), "M") {
		t.Errorf("empty outlines give path data")
	}
}

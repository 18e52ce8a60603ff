package geo

import (
	"image"
	"math"
	"path/filepath"
	"testing"

	"partnermap/data/datatest"
)

// An atlas's preview images show every place as a partner's dot, the
// countries of the places tinted, and the place an image is of ringed.
func TestAtlasPreview(t *testing.T) {
	a, err := datatest.Atlas(filepath.Join("..", "data", "testdata", "atlas"))
	if err != nil {
		t.Fatal(err)
	}
	pic := NewAtlasPreviewPicture(a, previewCountries(t))
	if len(pic.Cities) != len(a.Places) || len(pic.Links) != 0 {
		t.Fatalf("%d dots and %d links for %d places, want a dot each and no links", len(pic.Cities), len(pic.Links), len(a.Places))
	}
	tinted := map[string]bool{}
	for _, c := range pic.Countries {
		tinted[c.Code] = c.Tinted
	}
	for _, p := range a.Places {
		if !tinted[p.City.Country] {
			t.Errorf("%s's country %s is not tinted", p.Slug, p.City.Country)
		}
	}
	if tinted["CH"] {
		t.Error("Switzerland, where no place is, is tinted")
	}
	pv, err := NewPreview(pic, testStyle())
	if err != nil {
		t.Fatal(err)
	}
	_, home := paint(t, pv, previewCase{name: "atlas", title: "Test atlas", subtitle: "CoNet · Green Courtyards · Harbour Cities"})
	_, palermo := paint(t, pv, previewCase{name: "palermo", highlight: "palermo", title: "Palermo", subtitle: "CoNet · Green Courtyards · Harbour Cities"})
	for _, c := range pic.Cities {
		if c.At[0] < previewFrameLeft || c.At[0] > previewFrameRight || c.At[1] < previewFrameTop || c.At[1] > previewFrameBottom {
			t.Errorf("%s at %v is outside the frame", c.Slug, c.At)
		}
		at := image.Pt(int(math.Floor(c.At[0])), int(math.Floor(c.At[1])))
		if got := home.RGBAAt(at.X, at.Y); !near(got, testStyle().Partner) {
			t.Errorf("the pixel at %s, %v, is %v, want the partner colour", c.Slug, at, got)
		}
	}
	city, _ := pic.City("palermo")
	ring := ringPoint(pic, city)
	if !isInk(palermo.RGBAAt(ring.X, ring.Y)) || isInk(home.RGBAAt(ring.X, ring.Y)) {
		t.Errorf("the ring around Palermo at %v: %v with it highlighted, %v without", ring, palermo.RGBAAt(ring.X, ring.Y), home.RGBAAt(ring.X, ring.Y))
	}
	if dark, _ := panelText(home); dark < 500 {
		t.Errorf("%d dark pixels in the panel, want text", dark)
	}
}

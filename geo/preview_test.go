package geo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"partnermap/data"
)

// previewCountries reads the outlines the previews are drawn from. A
// missing atlas fails rather than skips, as the site cannot draw without it.
func previewCountries(tb testing.TB) []Country {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "node_modules", "world-atlas", "countries-50m.json"))
	if err != nil {
		tb.Fatalf("reading world-atlas (run `npm ci` in the repository root to install it): %v", err)
	}
	cs, err := DecodeCountries(b)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

func previewNetwork(tb testing.TB) *data.Network {
	tb.Helper()
	n, err := data.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// testStyle is a style the tests paint in: the site's own is web's to
// pass, and other colours show that the images follow the style they are
// given. Ink is dark and paper white, as the tests that look for text
// expect.
func testStyle() Style {
	return Style{
		Sea: colour(0xcce0ee), Land: colour(0xf5f5ef), LandPartner: colour(0xe8dcc0), BorderLand: colour(0x8f9aa5),
		Coordinator: colour(0x8250df), Partner: colour(0x1a7f37),
		Ink: colour(0x101820), InkSoft: colour(0x505862), Paper: colour(0xffffff), Rule: colour(0xd0d4da),
		Dot: 9, Diamond: 12, Edge: 2.5, Link: 2,
	}
}

// colour is 0xRRGGBB as an opaque colour.
func colour(c uint32) color.RGBA {
	return color.RGBA{R: uint8(c >> 16), G: uint8(c >> 8), B: uint8(c), A: 0xff}
}

// newTestPreview paints the preview of n in testStyle.
func newTestPreview(tb testing.TB, n *data.Network, countries []Country) (*Picture, *Preview) {
	tb.Helper()
	return newStyledPreview(tb, n, countries, testStyle())
}

// newStyledPreview paints the preview of n in s.
func newStyledPreview(tb testing.TB, n *data.Network, countries []Country, s Style) (*Picture, *Preview) {
	tb.Helper()
	pic := NewPreviewPicture(n, countries)
	pv, err := NewPreview(pic, s)
	if err != nil {
		tb.Fatal(err)
	}
	return pic, pv
}

// previewCase is one image: the highlighted city ("" for the network) and
// its text, as the site would write it.
type previewCase struct {
	name, highlight, title, subtitle string
}

// previewCases are the network's image and one per city.
func previewCases(n *data.Network) []previewCase {
	cases := []previewCase{{name: "network", title: n.Name, subtitle: fmt.Sprintf("%s · %d cities", n.FullName, len(n.Cities))}}
	for _, c := range n.Cities {
		role := "partner city"
		if n.IsCoordinatorCity(c.Slug) {
			role = "coordinator"
		}
		cases = append(cases, previewCase{
			name:      c.Slug,
			highlight: c.Slug,
			title:     c.Name,
			subtitle:  fmt.Sprintf("%s · %s %s", data.CountryName(c.Country), n.Name, role),
		})
	}
	return cases
}

// paint makes and decodes one image.
func paint(tb testing.TB, pv *Preview, c previewCase) ([]byte, *image.RGBA) {
	tb.Helper()
	b, err := pv.PNG(c.highlight, c.title, c.subtitle)
	if err != nil {
		tb.Fatalf("PNG(%q, %q, %q): %v", c.highlight, c.title, c.subtitle, err)
	}
	m, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("decoding the PNG: %v", err)
	}
	if got := m.Bounds(); got != image.Rect(0, 0, PreviewWidth, PreviewHeight) {
		tb.Fatalf("image is %v, want %dx%d", got, PreviewWidth, PreviewHeight)
	}
	rgba, ok := m.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(m.Bounds())
		draw.Draw(rgba, rgba.Rect, m, image.Point{}, draw.Src)
	}
	return b, rgba
}

// TestPreview paints the network's image and every city's, once in turn
// and once all at the same time, and checks what each shows.
func TestPreview(t *testing.T) {
	n := previewNetwork(t)
	pic, pv := newTestPreview(t, n, previewCountries(t))
	cases := previewCases(n)
	pngs := make([][]byte, len(cases))
	images := map[string]*image.RGBA{} // by highlight
	for i, c := range cases {
		pngs[i], images[c.highlight] = paint(t, pv, c)
	}

	t.Run("deterministic and safe for concurrent use", func(t *testing.T) {
		got := make([][]byte, len(cases))
		errs := make([]error, len(cases))
		var wg sync.WaitGroup
		for i, c := range cases {
			wg.Go(func() { got[i], errs[i] = pv.PNG(c.highlight, c.title, c.subtitle) })
		}
		wg.Wait()
		for i, c := range cases {
			if errs[i] != nil {
				t.Errorf("%s: %v", c.name, errs[i])
			} else if !bytes.Equal(got[i], pngs[i]) {
				t.Errorf("%s: painted again, concurrently, the image differs", c.name)
			}
		}
	})

	t.Run("all different", func(t *testing.T) {
		seen := map[string]string{}
		for i, c := range cases {
			if other, ok := seen[string(pngs[i])]; ok {
				t.Errorf("%s's image is the same as %s's", c.name, other)
			}
			seen[string(pngs[i])] = c.name
		}
	})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img := images[c.highlight]
			dark, margin := panelText(img)
			if dark < 500 {
				t.Errorf("%d dark pixels in the panel, want text", dark)
			}
			if len(margin) > 0 {
				t.Errorf("text in the panel's right margin at %v", margin)
			}
			if c.highlight == "" {
				return
			}

			city, ok := pic.City(c.highlight)
			if !ok {
				t.Fatalf("no city %q in the picture", c.highlight)
			}
			want, what := testStyle().Partner, "the partner colour"
			if city.Coordinator {
				want, what = testStyle().Coordinator, "the coordinator colour"
			}
			at := image.Pt(int(math.Floor(city.At[0])), int(math.Floor(city.At[1])))
			for h, img := range images {
				if got := img.RGBAAt(at.X, at.Y); !near(got, want) {
					t.Errorf("with highlight %q, the pixel at %v is %v, want %s", h, at, got, what)
				}
			}
			ring := ringPoint(pic, city)
			for h, img := range images {
				got := img.RGBAAt(ring.X, ring.Y)
				if ink := isInk(got); ink != (h == c.highlight) {
					t.Errorf("with highlight %q, the ring pixel at %v is %v: ink is %v, want %v", h, ring, got, ink, h == c.highlight)
				}
			}
		})
	}

	t.Run("panel text differs", func(t *testing.T) {
		panel := func(img *image.RGBA) []byte {
			var p []byte
			for y := range PreviewHeight {
				p = append(p, img.Pix[img.PixOffset(0, y):img.PixOffset(previewPanel, y)]...)
			}
			return p
		}
		if bytes.Equal(panel(images["palermo"]), panel(images["sofia"])) {
			t.Error("the panels of Palermo and Sofia are the same")
		}
	})
}

// isInk reports whether a pixel is the dark ink of text and rings, not
// the blue or red of markers, nor the grey of borders.
func isInk(c color.RGBA) bool { return c.R < 0x48 && c.G < 0x48 && c.B < 0x48 }

func near(c color.RGBA, want color.Color) bool {
	w := opaque(want)
	d := func(a, b uint8) bool { return math.Abs(float64(a)-float64(b)) <= 3 }
	return d(c.R, w.R) && d(c.G, w.G) && d(c.B, w.B)
}

// ringPoint is a point on the highlight ring of city c: in the middle of
// its width, in the direction away from the nearest other city, where no
// other city's marker or ring can be.
func ringPoint(pic *Picture, c PictureCity) image.Point { return awayFrom(pic, c, previewRingMid) }

// awayFrom is the pixel r from city c in the direction away from the
// nearest other city.
func awayFrom(pic *Picture, c PictureCity, r float64) image.Point {
	best := math.Inf(1)
	var dx, dy float64
	for _, o := range pic.Cities {
		if o.Slug == c.Slug {
			continue
		}
		if d := math.Hypot(c.At[0]-o.At[0], c.At[1]-o.At[1]); d < best {
			best, dx, dy = d, (c.At[0]-o.At[0])/d, (c.At[1]-o.At[1])/d
		}
	}
	return image.Pt(int(math.Floor(c.At[0]+dx*r)), int(math.Floor(c.At[1]+dy*r)))
}

// The images are painted in the style they are given: its colours and
// its markers' sizes.
func TestPreviewFollowsStyle(t *testing.T) {
	n := previewNetwork(t)
	countries := previewCountries(t)
	swapped := testStyle()
	swapped.Partner, swapped.Coordinator = swapped.Coordinator, swapped.Partner
	small := testStyle()
	small.Dot = 4
	for _, tc := range []struct {
		name  string
		style Style
		// the colours at a partner city's centre, and 5 pixels from it:
		// inside its dot, or on the paper edge around a smaller one
		centre, off color.Color
	}{
		{"colours", testStyle(), testStyle().Partner, testStyle().Partner},
		{"colours swapped", swapped, swapped.Partner, swapped.Partner},
		{"smaller dots", small, small.Partner, small.Paper},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pic, pv := newStyledPreview(t, n, countries, tc.style)
			_, img := paint(t, pv, previewCase{name: "network", title: "CoNet"})
			city, _ := pic.City("palermo")
			at := image.Pt(int(math.Floor(city.At[0])), int(math.Floor(city.At[1])))
			if got := img.RGBAAt(at.X, at.Y); !near(got, tc.centre) {
				t.Errorf("at Palermo's centre %v: %v, want %v", at, got, tc.centre)
			}
			off := awayFrom(pic, city, 5)
			if got := img.RGBAAt(off.X, off.Y); !near(got, tc.off) {
				t.Errorf("5 pixels from Palermo's centre, at %v: %v, want %v", off, got, tc.off)
			}
			coordinator, _ := pic.City("berlin")
			if got := img.RGBAAt(int(coordinator.At[0]), int(coordinator.At[1])); !near(got, tc.style.Coordinator) {
				t.Errorf("at Berlin's centre: %v, want %v", got, tc.style.Coordinator)
			}
		})
	}
}

// panelText counts the dark pixels of the text panel and says whether
// any lies in the last 40 pixels of it, a margin no text may enter.
func panelText(img *image.RGBA) (dark int, inMargin []image.Point) {
	for y := range PreviewHeight {
		for x := range previewPanel {
			c := img.RGBAAt(x, y)
			if c.R < 0xc0 || c.G < 0xc0 || c.B < 0xc0 {
				dark++
			}
			if x >= previewPanel-40 && c != opaque(testStyle().Paper) && len(inMargin) < 5 {
				inMargin = append(inMargin, image.Pt(x, y))
			}
		}
	}
	return dark, inMargin
}

// TestPreviewHostileText paints text no layout expects: it must not panic,
// and nothing may spill out of the panel's text column.
func TestPreviewHostileText(t *testing.T) {
	long := strings.Repeat("Vaulx-en-Velin ", 700)[:10000]
	word := strings.Repeat("W", 10000)
	emoji := "🏙️🇪🇺👩🏽‍🔬🌍"
	marks := "Zalgo Z\u0351\u0346\u0300a\u0308\u0301\u0327l\u0362\u0489g\u0336o\u0335\u0324\u0327"
	n := previewNetwork(t)
	countries := previewCountries(t)
	_, shared := newTestPreview(t, n, countries)
	tests := []struct {
		name            string
		city            string // renamed, and highlighted, when not ""
		title, subtitle string
		wantText        bool
	}{
		{name: "ten thousand characters", title: long, subtitle: long, wantText: true},
		{name: "one ten thousand character word", title: word, subtitle: word, wantText: true},
		{name: "emoji", title: emoji, subtitle: emoji + " " + emoji},
		{name: "combining marks", title: marks, subtitle: strings.Repeat(marks, 40), wantText: true},
		{name: "emoji in a name", title: "Zabrze 🏭", subtitle: "Poland 🇵🇱 · CoNet", wantText: true},
		{name: "invalid UTF-8", title: "Gij\xf3n", subtitle: "\xff\xfe\xfd", wantText: true},
		{name: "control characters and new lines", title: "Mal\x00mö\n\n", subtitle: "a\tb\r\nc\u200b\u202e", wantText: true},
		{name: "empty", title: "", subtitle: ""},
		{name: "white space", title: " \n\t ", subtitle: "\u3000"},
		{name: "long city name", city: "palermo", title: long, subtitle: long, wantText: true},
		{name: "emoji city name", city: "malmo", title: emoji, subtitle: marks, wantText: true},
		{name: "long name at the right edge", city: "alba-iulia", title: word, subtitle: "", wantText: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pv := shared
			if tt.city != "" {
				// A network is never changed once made: rename
				// the city in a copy.
				renamed := *n
				renamed.Cities = slices.Clone(n.Cities)
				i := slices.IndexFunc(renamed.Cities, func(c data.City) bool { return c.Slug == tt.city })
				if i < 0 {
					t.Fatalf("no city %q", tt.city)
				}
				renamed.Cities[i].Name = tt.title
				_, pv = newTestPreview(t, &renamed, countries)
			}
			b, img := paint(t, pv, previewCase{highlight: tt.city, title: tt.title, subtitle: tt.subtitle})
			previewOut(t, "hostile-"+strings.ReplaceAll(tt.name, " ", "-"), b)
			dark, margin := panelText(img)
			if len(margin) > 0 {
				t.Errorf("text in the panel's right margin at %v", margin)
			}
			if tt.wantText && dark < 200 {
				t.Errorf("%d dark pixels in the panel, want text", dark)
			}
		})
	}
}

func TestPreviewErrors(t *testing.T) {
	n := previewNetwork(t)
	countries := previewCountries(t)
	if _, err := NewPreview(nil, testStyle()); err == nil {
		t.Error("NewPreview(nil) succeeded")
	}
	small := NewPicture(n, countries, 600, 315, orb.Bound{Min: orb.Point{300, 20}, Max: orb.Point{580, 295}})
	if _, err := NewPreview(small, testStyle()); err == nil {
		t.Error("NewPreview of a 600x315 picture succeeded")
	}
	noPartner := testStyle()
	noPartner.Partner, noPartner.Dot = nil, 0
	if _, err := NewPreview(NewPreviewPicture(n, countries), noPartner); err == nil || !strings.Contains(err.Error(), "no Partner colour") || !strings.Contains(err.Error(), "Dot is 0") {
		t.Errorf("NewPreview in a style without a partner colour and dot size: %v, want both named", err)
	}
	_, pv := newTestPreview(t, n, countries)
	if _, err := pv.PNG("atlantis", "Atlantis", ""); err == nil {
		t.Error(`PNG("atlantis") succeeded`)
	}
}

// previewOut writes an image for people to look at, into the directory
// PREVIEW_OUT names (/tmp when it names none), and does nothing when
// PREVIEW_OUT is not set.
func previewOut(t *testing.T, name string, b []byte) {
	t.Helper()
	out := os.Getenv("PREVIEW_OUT")
	if out == "" {
		return
	}
	if fi, err := os.Stat(out); err != nil || !fi.IsDir() {
		out = os.TempDir()
	}
	file := filepath.Join(out, "preview-"+name+".png")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", file, len(b))
}

// TestPreviewOut writes the network's image and Palermo's (every city's
// with PREVIEW_OUT_ALL set) when PREVIEW_OUT is set:
//
//	PREVIEW_OUT=/tmp go test ./geo -run Preview
func TestPreviewOut(t *testing.T) {
	if os.Getenv("PREVIEW_OUT") == "" {
		t.Skip("PREVIEW_OUT is not set")
	}
	n := previewNetwork(t)
	_, pv := newTestPreview(t, n, previewCountries(t))
	for _, c := range previewCases(n) {
		if c.name != "network" && c.name != "palermo" && os.Getenv("PREVIEW_OUT_ALL") == "" {
			continue
		}
		b, _ := paint(t, pv, c)
		previewOut(t, c.name, b)
	}
}

func BenchmarkPreviewPNG(b *testing.B) {
	n := previewNetwork(b)
	_, pv := newTestPreview(b, n, previewCountries(b))
	var size int
	for b.Loop() {
		img, err := pv.PNG("palermo", "Palermo", "Italy · CoNet partner city")
		if err != nil {
			b.Fatal(err)
		}
		size = len(img)
	}
	b.ReportMetric(float64(size), "bytes/image")
}

func BenchmarkNewPreview(b *testing.B) {
	n := previewNetwork(b)
	pic := NewPreviewPicture(n, previewCountries(b))
	for b.Loop() {
		if _, err := NewPreview(pic, testStyle()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPreviewEncoding encodes one image as encodePNG does and as the
// standard encoder does at the same zlib level, filtering each row: the
// figures behind encodePNG's choice.
func BenchmarkPreviewEncoding(b *testing.B) {
	n := previewNetwork(b)
	_, pv := newTestPreview(b, n, previewCountries(b))
	_, img := paint(b, pv, previewCase{highlight: "palermo", title: "Palermo", subtitle: "Italy · CoNet partner city"})
	b.Run("unfiltered", func(b *testing.B) {
		var out []byte
		for b.Loop() {
			var err error
			if out, err = encodePNG(img); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(out)), "bytes/image")
	})
	b.Run("image/png", func(b *testing.B) {
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(&buf, img); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes/image")
	})
}

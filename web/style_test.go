package web

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/geo"
	"partnermap/static"
)

// The style table reaches every output: the stylesheet's custom
// properties, the map drawn on the pages, the KML's styles and the
// preview images are all made from it.
func TestStyleReachesEveryOutput(t *testing.T) {
	style := static.SiteStyle()
	light, marks := style.Light, style.Marks
	s := testServer(t, "")
	home := document(t, get(t, s, "/"))
	city := document(t, get(t, s, "/cities/palermo/"))

	t.Run("stylesheet", func(t *testing.T) {
		href, _ := home.Find(`link[rel="stylesheet"][href*="/site."]`).Attr("href")
		body := get(t, s, href).body
		min, err := fs.ReadFile(static.FS(), static.SiteCSS)
		if err != nil {
			t.Fatal(err)
		}
		if want := append(style.CSS(), min...); !bytes.Equal(body, want) {
			t.Errorf("%s is not the table's custom properties before site.css:\n%.300s", href, body)
		}
		if href != fingerprint("site.css", body) {
			t.Errorf("%s is not named by its content", href)
		}
	})

	t.Run("drawn map", func(t *testing.T) {
		px := func(v float64) string { return fmt.Sprint(v) }
		for _, tc := range []struct {
			selector, attr, want string
		}{
			{"svg.map-picture circle.map-dot--partner", "r", px(marks.Dot)},
			{"svg.map-picture circle.map-dot__target", "r", px(marks.Coordinator / 2)},
			{"svg.map-picture path.map-dot--coordinator", "d", fmt.Sprintf("l%g %gl%g %gl%g %gz", marks.Diamond, marks.Diamond, -marks.Diamond, marks.Diamond, -marks.Diamond, -marks.Diamond)},
		} {
			got := home.Find(tc.selector).First().AttrOr(tc.attr, "")
			if !strings.HasSuffix(got, tc.want) {
				t.Errorf("%s %s=%q, want it to end %q", tc.selector, tc.attr, got, tc.want)
			}
		}
		if got := city.Find("svg.map-picture circle.map-dot__ring").AttrOr("r", ""); got != px(marks.Ring) {
			t.Errorf("the chosen city's ring r=%q, want %v", got, marks.Ring)
		}
	})

	t.Run("KML", func(t *testing.T) {
		body := get(t, s, "/api/network.kml").body
		aabbggrr := func(c static.Colour) string {
			v := uint32(c)
			return fmt.Sprintf("ff%02x%02x%02x", v&0xff, v>>8&0xff, v>>16)
		}
		for _, want := range []string{
			`<Style id="coordinator"><IconStyle><color>` + aabbggrr(light.Coordinator) + `</color>`,
			`<Style id="partner"><IconStyle><color>` + aabbggrr(light.Partner) + `</color>`,
			`<Style id="link"><LineStyle><color>` + aabbggrr(light.Partner) + `</color><width>` + fmt.Sprint(marks.Link) + `</width>`,
		} {
			if !bytes.Contains(body, []byte(want)) {
				t.Errorf("no %s in the KML", want)
			}
		}
	})

	t.Run("preview image", func(t *testing.T) {
		src, _ := home.Find(`meta[property="og:image"]`).Attr("content")
		r := get(t, s, strings.TrimPrefix(src, testBaseURL))
		img, err := png.Decode(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		n, err := data.Default()
		if err != nil {
			t.Fatal(err)
		}
		pic := geo.NewPreviewPicture(n, testBuilder(t).countries)
		for slug, want := range map[string]static.Colour{"berlin": light.Coordinator, "palermo": light.Partner} {
			c, _ := pic.City(slug)
			at := image.Pt(int(c.At[0]), int(c.At[1]))
			if got, want := color.RGBAModel.Convert(img.At(at.X, at.Y)), color.RGBAModel.Convert(want); got != want {
				t.Errorf("%s on the preview, at %v, is %v, want %v", slug, at, got, want)
			}
		}
	})
}

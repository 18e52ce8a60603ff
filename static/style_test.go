package static

import (
	"image/color"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestColour(t *testing.T) {
	for _, tc := range []struct {
		c    Colour
		css  string
		rgba color.RGBA
	}{
		{0xb3261e, "#b3261e", color.RGBA{0xb3, 0x26, 0x1e, 0xff}},
		{0x000001, "#000001", color.RGBA{0, 0, 1, 0xff}},
		{0xffffff, "#ffffff", color.RGBA{0xff, 0xff, 0xff, 0xff}},
		{0, "#000000", color.RGBA{0, 0, 0, 0xff}},
	} {
		if got := tc.c.String(); got != tc.css {
			t.Errorf("Colour(%#06x).String() = %q, want %q", uint32(tc.c), got, tc.css)
		}
		if got := color.RGBAModel.Convert(tc.c); got != tc.rgba {
			t.Errorf("Colour(%#06x) paints as %v, want %v", uint32(tc.c), got, tc.rgba)
		}
	}
}

// definitions are the custom properties a stylesheet defines, by name:
// "--name: value" at the start of a declaration, not the "--" of a class
// such as .marker--partner:hover.
func definitions(css string) map[string]string {
	defs := map[string]string{}
	for _, m := range regexp.MustCompile(`[{;\s]--([a-z][a-z-]*)\s*:\s*([^;}]+)`).FindAllStringSubmatch(css, -1) {
		defs[m[1]] = strings.TrimSpace(m[2])
	}
	return defs
}

// The generated block holds every colour of the palette in both schemes,
// and every size, and nothing else.
func TestStyleCSS(t *testing.T) {
	s := SiteStyle()
	css := string(s.CSS())
	light, dark, ok := strings.Cut(css, "@media(prefers-color-scheme:dark){")
	if !ok || !strings.HasPrefix(light, ":root{") || !strings.HasSuffix(light, "color-scheme:light}") || !strings.HasSuffix(dark, "color-scheme:dark}}") {
		t.Fatalf("not a light :root and a dark one:\n%s", css)
	}
	for _, scheme := range []struct {
		name    string
		palette Palette
		css     string
	}{{"light", s.Light, light}, {"dark", s.Dark, dark}} {
		defs := definitions(scheme.css)
		// Every field of the palette, whatever its name, is written once.
		v := reflect.ValueOf(scheme.palette)
		want := map[string]bool{}
		for i := range v.NumField() {
			want[v.Field(i).Interface().(Colour).String()] = true
		}
		colours := map[string]bool{}
		for name, value := range defs {
			if strings.HasPrefix(value, "#") {
				colours[value] = true
				if !regexp.MustCompile(`^#[0-9a-f]{6}$`).MatchString(value) {
					t.Errorf("%s: --%s is %q", scheme.name, name, value)
				}
			}
		}
		if !reflect.DeepEqual(colours, want) {
			t.Errorf("%s: the colours written are %v, the palette's %v", scheme.name, colours, want)
		}
		if got := strings.Count(scheme.css, ":#"); got != v.NumField() {
			t.Errorf("%s: %d colours written, the palette has %d", scheme.name, got, v.NumField())
		}
	}
	defs := definitions(light)
	for name, want := range map[string]string{
		"coordinator": "#b3261e", "partner": "#0b57a4", "marker-coordinator": "28px", "marker-partner": "24px",
		"marker-cluster-small": "32px", "marker-cluster-medium": "38px", "marker-cluster-large": "46px",
		"marker-edge": "2.5px", "link-width": "2px",
	} {
		if defs[name] != want {
			t.Errorf("--%s is %q, want %q", name, defs[name], want)
		}
	}
	if got := definitions(dark)["coordinator"]; got != "#ff8a80" {
		t.Errorf("dark --coordinator is %q", got)
	}
}

// The stylesheet uses the style table's custom properties and defines
// none of them itself, so that the table is the one place they are
// written; every one it uses is defined.
func TestStylesheetTakesTheTable(t *testing.T) {
	src, err := os.ReadFile("site.css")
	if err != nil {
		t.Fatal(err)
	}
	sheet := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(src), "")
	table := definitions(string(SiteStyle().CSS()))
	own := definitions(sheet)
	for name := range own {
		if _, ok := table[name]; ok {
			t.Errorf("site.css defines --%s, which the style table writes", name)
		}
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`var\(--([a-z-]+)\)`).FindAllStringSubmatch(sheet, -1) {
		used[m[1]] = true
		_, inTable := table[m[1]]
		_, inSheet := own[m[1]]
		if !inTable && !inSheet {
			t.Errorf("site.css uses --%s, which nothing defines", m[1])
		}
	}
	// Every colour is used: a colour the stylesheet does not use has no
	// business in the table.
	for name, value := range table {
		if strings.HasPrefix(value, "#") && !used[name] {
			t.Errorf("the table's --%s is not used by site.css", name)
		}
	}
	if len(used) < 15 {
		t.Errorf("site.css uses %d custom properties: is the pattern wrong?", len(used))
	}
}

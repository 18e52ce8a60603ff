package web

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/datatest"
)

// withVisits is a builder whose networks have one kind of page more, a
// page for each city's visits at /cities/{slug}/visits/, declared in the
// table alone; one that the export leaves out, /cities/{slug}/draft/; a
// file of open data, /api/visits.json; and a file of each city's,
// /cities/{slug}/visits.json, one address for every language. Made once:
// a builder prepares every asset.
func withVisits(t *testing.T) *Builder {
	t.Helper()
	visitsOnce.Do(func() { visitsBuilder, visitsErr = newWithVisits() })
	if visitsErr != nil {
		t.Fatal(visitsErr)
	}
	return visitsBuilder
}

var (
	visitsOnce    sync.Once
	visitsBuilder *Builder
	visitsErr     error
)

func newWithVisits() (*Builder, error) {
	b, err := NewBuilder(Options{BaseURL: testBaseURL})
	if err != nil {
		return nil, err
	}
	kind := func(page string, export bool) pageKind[*routeBuilder] {
		return pageKind[*routeBuilder]{
			at:   func(p components.Paths, slug string) string { return p.City(slug) + page + "/" },
			each: eachCity, when: soon, sitemap: listed, export: export,
			render: func(r *routeBuilder, slug string) renderer {
				return func(_ components.EmbedOptions, l locale) (*Resource, error) {
					body := page + " of " + slug + " in " + r.network.Name + ", " + l.t.Lang
					return newResource(typeHTML, cacheRevalidate, []byte(body)), nil
				}
			},
		}
	}
	visits := pageKind[*routeBuilder]{
		at:      func(p components.Paths, _ string) string { return p.Root + p.Network + "/api/visits.json" },
		neutral: true, when: measured, export: true,
		file: &openFile{typeJSON, "-visits.json", true, named("JSON")},
		data: func(r *routeBuilder) ([]byte, error) { return []byte(`{"network":"` + r.network.Slug + `"}`), nil },
	}
	cityVisits := pageKind[*routeBuilder]{
		at: func(p components.Paths, slug string) string {
			return p.City(slug) + "visits.json"
		},
		each: eachCity, neutral: true, when: soon, export: true,
		file: &openFile{typeJSON, "-visits.json", true, named("JSON")},
		render: func(r *routeBuilder, slug string) renderer {
			return func(components.EmbedOptions, locale) (*Resource, error) {
				return newResource(typeJSON, cacheRevalidate, []byte(`{"city":"`+slug+`"}`)), nil
			}
		},
	}
	b.networkPages = append(slices.Clone(b.networkPages), kind("visits", true), kind("draft", false), visits, cityVisits)
	return b, nil
}

// A kind of page added to the table is in the routes, in every language,
// in the sitemaps and in the export; one the table does not export is
// served and listed but not exported; a file of open data is served,
// offered with its size by the overview, and exported; so is a file of
// each city, at its one address, by the city's panel in any language.
func TestPageKindInOnePlace(t *testing.T) {
	b := withVisits(t)
	n, err := data.Parse("two.toml", []byte(datatest.TwoCities()))
	if err != nil {
		t.Fatal(err)
	}
	site, err := b.Build(n)
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(site, slog.New(slog.DiscardHandler))
	city := n.Cities[0].Slug
	visits := "/cities/" + city + "/visits/"
	for path, want := range map[string]string{
		visits:         "visits of " + city + " in " + n.Name + ", en",
		"/it" + visits: "visits of " + city + " in " + n.Name + ", it",
	} {
		r := get(t, s, path)
		if r.StatusCode != 200 || string(r.body) != want {
			t.Errorf("%s: %d %q, want %q", path, r.StatusCode, r.body, want)
		}
	}
	if !slices.Contains(site.Paths(), "/de"+visits) {
		t.Errorf("the site's addresses lack /de%s", visits)
	}
	file := `{"network":"` + n.Slug + `"}`
	if r := get(t, s, "/api/visits.json"); r.StatusCode != 200 || string(r.body) != file || r.Header.Get("Content-Disposition") != `attachment; filename="`+n.Slug+`-visits.json"` {
		t.Errorf("/api/visits.json: %d %q, %q", r.StatusCode, r.body, r.Header.Get("Content-Disposition"))
	}
	link := document(t, get(t, s, "/it/")).Find(`a[href="/api/visits.json"]`)
	if name, _ := link.Attr("download"); name != n.Slug+"-visits.json" || !strings.Contains(link.Text(), "JSON") || !strings.HasSuffix(link.Text(), in(t, "it").Size(len(file))) {
		t.Errorf("the overview offers the file as %q, saved as %q", link.Text(), name)
	}
	cityFile, at := `{"city":"`+city+`"}`, "/cities/"+city+"/visits.json"
	if r := get(t, s, at); r.StatusCode != 200 || string(r.body) != cityFile {
		t.Errorf("%s: %d %q", at, r.StatusCode, r.body)
	}
	if r := get(t, s, "/it"+at); r.StatusCode != 404 {
		t.Errorf("/it%s: %d, want 404: a file has one address", at, r.StatusCode)
	}
	link = document(t, get(t, s, components.Paths{}.In("it").CityPanel(city))).Find(`a[href="` + at + `"]`)
	if name, _ := link.Attr("download"); name != n.Slug+"-"+city+"-visits.json" || !strings.Contains(link.Text(), "JSON") || !strings.HasSuffix(link.Text(), in(t, "it").Size(len(cityFile))) {
		t.Errorf("the city's panel offers its file as %q, saved as %q", link.Text(), name)
	}
	for _, lang := range []string{"en", "fr"} {
		sitemap := string(get(t, s, "/sitemaps/"+lang+".xml").body)
		in := components.Paths{}.In(lang).City(city)
		for _, page := range []string{"visits", "draft"} {
			if want := "<loc>" + testBaseURL + in + page + "/</loc>"; !strings.Contains(sitemap, want) {
				t.Errorf("the %s sitemap lacks %s", lang, want)
			}
		}
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := site.Export(context.Background(), dir, ExportOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]bool{
		"cities/" + city + "/visits/index.html":    true,
		"it/cities/" + city + "/visits/index.html": true,
		"cities/" + city + "/draft/index.html":     false,
		"it/cities/" + city + "/draft/index.html":  false,
		"cities/" + city + "/index.html":           true,
		"api/visits.json":                          true,
		"cities/" + city + "/visits.json":          true,
		"it/cities/" + city + "/visits.json":       false,
	} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(file))); (err == nil) != want {
			t.Errorf("the export has %s: %v, want %v", file, err == nil, want)
		}
	}
}

// In an atlas, the kind added to a network's table is an address of each
// network's site before it is built, and in the atlas's sitemaps.
func TestPageKindInAnAtlas(t *testing.T) {
	b := withVisits(t)
	a, err := datatest.Atlas(filepath.Join("..", "data", "testdata", "atlas"))
	if err != nil {
		t.Fatal(err)
	}
	site, err := b.BuildAtlas(a)
	if err != nil {
		t.Fatal(err)
	}
	n := a.Networks[0]
	city := n.Cities[0].Slug
	visits := components.NetworkAt(n.Slug) + "/cities/" + city + "/visits/"
	p := site.networks.bySlug[n.Slug]
	if !p.has(visits, "") || !p.has("/it"+visits, "") || p.has(components.NetworkAt(n.Slug)+"/cities/nowhere/visits/", "") {
		t.Errorf("the atlas does not know %s for an address of %s before building it", visits, n.Slug)
	}
	if p.site.Load() != nil {
		t.Fatal("asking built the network's site")
	}
	s := NewServer(site, slog.New(slog.DiscardHandler))
	if r := get(t, s, "/it"+visits); r.StatusCode != 200 || !strings.HasSuffix(string(r.body), ", it") {
		t.Errorf("/it%s: %d %q", visits, r.StatusCode, r.body)
	}
	if sitemap := string(get(t, s, "/sitemaps/en.xml").body); !strings.Contains(sitemap, "<loc>"+testBaseURL+visits+"</loc>") {
		t.Errorf("the atlas's sitemap lacks %s", visits)
	}
}

// The table's flags say what the network's and the atlas's routes do:
// what is rendered at load is in the routes already, embeddable pages may
// be framed and are oEmbed targets, oEmbed pages have files of their own.
func TestPageKindsFlags(t *testing.T) {
	for _, c := range []struct {
		name string
		site *Site
	}{
		{"network", testServer(t, "").site.Load()},
		{"atlas", atlasServer(t).site.Load()},
	} {
		for path, slug := range map[string]string{"/": "", "/embed/": ""} {
			if got, ok := c.site.targets[path]; !ok || got != slug {
				t.Errorf("%s: %s is no oEmbed target", c.name, path)
			}
		}
		if _, ok := c.site.routes["/"]; !ok {
			t.Errorf("%s: the home is not rendered at load", c.name)
		}
		embed := lookup(t, c.site, "/embed/", "")
		if !slices.ContainsFunc(c.site.Headers(embed), func(h [2]string) bool {
			return h[0] == "Content-Security-Policy" && !strings.Contains(h[1], "frame-ancestors 'none'")
		}) {
			t.Errorf("%s: the embed may not be framed", c.name)
		}
		if len(c.site.oembedPages) == 0 || c.site.oembedPages[0] != (oembedPage{"/", ""}) {
			t.Errorf("%s: oEmbed pages %v, want the home first", c.name, c.site.oembedPages)
		}
	}
}

// A map page's scripts hold its first frame until they have made the map
// (blocking="render"); the embed builder's, which wait for what a person
// does, hold nothing.
func TestOnlyMapPagesHoldTheFirstFrame(t *testing.T) {
	for _, c := range []struct {
		server *Server
		paths  map[string]bool
	}{
		{testServer(t, ""), map[string]bool{"/": true, "/cities/palermo/": true, "/embed/": true, "/de/embed-builder/": false, "/embed-builder/": false}},
		{atlasServer(t), map[string]bool{"/": true, "/networks/harbours/": true, "/embed/": true, "/embed-builder/": false}},
	} {
		for path, hold := range c.paths {
			scripts := document(t, get(t, c.server, path)).Find("script[src]")
			if scripts.Length() == 0 {
				t.Errorf("%s: no scripts", path)
			}
			if held := scripts.Filter(`[blocking="render"]`).Length(); held != map[bool]int{true: scripts.Length()}[hold] {
				t.Errorf("%s: %d of %d scripts hold the first frame, want them all %v", path, held, scripts.Length(), hold)
			}
		}
	}
}

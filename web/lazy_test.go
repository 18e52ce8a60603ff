package web

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"partnermap/data/datatest"
)

// TestCacheDropsTheLeastRecentlyUsed: past its limit, the cache forgets
// the response asked for least recently, however early it was rendered,
// and asking again renders the same bytes.
func TestCacheDropsTheLeastRecentlyUsed(t *testing.T) {
	site := build(t, string(datatest.Generate(12, 12)))
	page := func(slug string) *lazyResource { return site.pages["/cities/"+slug+"/"] }
	first := lookup(t, site, "/cities/city-1/", "")
	if page("city-1").done.Load() != first {
		t.Fatal("a rendered page is not kept")
	}
	second := lookup(t, site, "/cities/city-2/", "")
	// Room for the two and a little more (pages differ by a few bytes),
	// not for a third: city-1, rendered first but asked for again since,
	// stays; city-2 goes.
	site.cache.limit = site.cache.used * 5 / 4
	lookup(t, site, "/cities/city-1/", "")
	lookup(t, site, "/cities/city-3/", "")
	if page("city-1").done.Load() != first {
		t.Error("the page asked for most recently before the newest is dropped")
	}
	if page("city-2").done.Load() != nil {
		t.Error("the least recently used page is kept past the limit")
	}
	if page("city-3").done.Load() == nil {
		t.Error("the newest page is dropped")
	}
	site.cache.limit = 1 // room for nothing: the cache still keeps the newest
	again := lookup(t, site, "/cities/city-2/", "")
	if again == second || !bytes.Equal(again.Body(), second.Body()) || again.identity.etag != second.identity.etag {
		t.Error("a dropped page is not rendered again to the same bytes")
	}
	if len(site.cache.held) != 1 || site.cache.used != again.size() {
		t.Errorf("cache counts %d bytes in %d responses, holds %d", site.cache.used, len(site.cache.held), again.size())
	}
}

// TestRenderErrors: a response that fails to render is an error for the
// server to log, not a 200, and is tried again next time.
func TestRenderErrors(t *testing.T) {
	site := build(t, string(datatest.Generate(12, 12)))
	broken := errors.New("broken template")
	page := site.pages["/cities/city-1/"]
	works := page.render
	page.render = func(string) (*Resource, error) { return nil, broken }
	if _, err := site.Lookup("/cities/city-1/", ""); !errors.Is(err, broken) {
		t.Fatalf("a failed render gives %v", err)
	}
	var logged bytes.Buffer
	r := get(t, NewServer(site, slog.New(slog.NewTextHandler(&logged, nil))), "/cities/city-1/")
	if r.StatusCode != 500 || !strings.Contains(string(r.body), "Something went wrong") {
		t.Errorf("a failed render answers %d: %.200s", r.StatusCode, r.body)
	}
	if !strings.Contains(logged.String(), "broken template") || !strings.Contains(logged.String(), "/cities/city-1/") {
		t.Errorf("a failed render is not logged with its address: %q", logged.String())
	}
	page.render = works
	if r := lookup(t, site, "/cities/city-1/", ""); r.Status != 200 {
		t.Errorf("once it renders, the page answers %d", r.Status)
	}
	if _, err := site.Lookup("/no/such/page/", ""); !errors.Is(err, ErrNoAddress) {
		t.Errorf("an unknown address gives %v", err)
	}
}

// TestLargeNetworksRenderOnDemand: a large network's pages, which no one
// may ever visit, are not rendered ahead (a small network's are: see
// TestImprove), nor are their embeds' variants made before they are asked
// for.
func TestLargeNetworksRenderOnDemand(t *testing.T) {
	large := build(t, string(datatest.Generate(compactFrom, compactFrom)))
	if len(large.order) != 0 {
		t.Errorf("a large network renders %d responses ahead", len(large.order))
	}
	for path, v := range large.embeds {
		for i := range v.made {
			if v.made[i].Load() != nil {
				t.Errorf("a large network made variant %d of %s before it was asked for", i, path)
			}
		}
	}
	r := lookup(t, large, "/cities/city-3/", "")
	if r.Status != 200 || large.pages["/cities/city-3/"].done.Load() != r {
		t.Error("a large network's city page is not rendered and kept on demand")
	}
}

// TestShed: a site about to be replaced drops what it rendered on demand,
// its large network's downloads among it, and serves the same bytes again
// when asked; an atlas drops its networks' sites.
func TestShed(t *testing.T) {
	large := build(t, string(datatest.Generate(compactFrom, compactFrom)))
	rendered := map[string]*Resource{"/cities/city-3/": lookup(t, large, "/cities/city-3/", "")}
	for path, l := range large.lazy {
		if l.kept {
			rendered[path] = lookup(t, large, path, "")
		}
	}
	if len(rendered) < 5 {
		t.Fatalf("%d responses rendered on demand, want a page and the downloads", len(rendered))
	}
	large.Shed()
	for path := range rendered {
		l := large.lazy[path]
		if l == nil {
			l = large.pages[path]
		}
		if l.done.Load() != nil {
			t.Errorf("%s is kept after Shed", path)
		}
	}
	if large.cache.used != 0 || len(large.cache.held) != 0 {
		t.Errorf("the cache counts %d bytes in %d responses after Shed", large.cache.used, len(large.cache.held))
	}
	for path, r := range rendered {
		if again := lookup(t, large, path, ""); !bytes.Equal(again.Body(), r.Body()) {
			t.Errorf("%s is not rendered again to the same bytes", path)
		}
	}

	atlas := atlasServer(t).site.Load()
	lookup(t, atlas, "/networks/courtyards/", "")
	atlas.Shed()
	if used, n := atlas.cache.holds(); atlas.networks.bySlug["courtyards"].site.Load() != nil || used != 0 || n != 0 {
		t.Error("an atlas keeps its networks' sites after Shed")
	}
}

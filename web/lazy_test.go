package web

import (
	"bytes"
	"testing"

	"partnermap/data/datatest"
)

// TestCacheDropsTheOldest: past its limit, the cache forgets the responses
// rendered first, and asking again renders the same bytes.
func TestCacheDropsTheOldest(t *testing.T) {
	site := build(t, string(datatest.Generate(12, 12)))
	site.cache = &cache{limit: 1}
	first, _ := site.Lookup("/cities/city-1/", "")
	if site.pages["/cities/city-1/"].done.Load() != first {
		t.Fatal("a rendered page is not kept")
	}
	site.Lookup("/cities/city-2/", "")
	if site.pages["/cities/city-1/"].done.Load() != nil {
		t.Error("the oldest page is kept past the limit")
	}
	if site.pages["/cities/city-2/"].done.Load() == nil {
		t.Error("the newest page is dropped: the cache keeps at least one")
	}
	again, _ := site.Lookup("/cities/city-1/", "")
	if again == first || !bytes.Equal(again.Body(), first.Body()) || again.identity.etag != first.identity.etag {
		t.Error("a dropped page is not rendered again to the same bytes")
	}
	if site.cache.used != again.size() {
		t.Errorf("cache counts %d bytes, holds %d", site.cache.used, again.size())
	}
}

// TestLargeNetworksRenderOnDemand: a large network's pages, which no one
// may ever visit, are not rendered ahead (a small network's are: see
// TestImprove).
func TestLargeNetworksRenderOnDemand(t *testing.T) {
	large := build(t, string(datatest.Generate(compactFrom, compactFrom)))
	if len(large.order) != 0 {
		t.Errorf("a large network renders %d responses ahead", len(large.order))
	}
	r, ok := large.Lookup("/cities/city-3/", "")
	if !ok || r.Status != 200 || large.pages["/cities/city-3/"].done.Load() != r {
		t.Error("a large network's city page is not rendered and kept on demand")
	}
}

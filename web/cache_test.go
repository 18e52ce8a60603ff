package web

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"partnermap/data"
	"partnermap/data/datatest"
)

// generatedAtlas is the atlas datatest generates with the given numbers
// of networks, places and partners.
func generatedAtlas(tb testing.TB, networks, places, partners int) *data.Atlas {
	tb.Helper()
	files := datatest.GenerateAtlas(networks, places, partners)
	var info *data.AtlasInfo
	var ns []*data.Network
	for _, name := range slices.Sorted(maps.Keys(files)) {
		var err error
		if name == "atlas.toml" {
			info, err = data.ParseAtlasInfo(name, files[name])
		} else {
			var n *data.Network
			n, err = data.Parse(name, files[name])
			ns = append(ns, n)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	a, err := data.ComposeAtlas(info, ns)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// liveHeap is the heap in use once the garbage is collected.
func liveHeap() int {
	runtime.GC()
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	return int(sample[0].Value.Uint64())
}

// TestPartWeight: what the cache counts for a network's site is what it
// holds, within a fifth, on the networks of the generated atlas (5 to 20
// cities each): the budget is one of memory, not of guesses.
func TestPartWeight(t *testing.T) {
	a := generatedAtlas(t, 10, 60, 120)
	b := testBuilder(t)
	// What buildPart takes of the atlas's site, without its pages.
	atlas := &Site{cache: newCache(DefaultMaxMemory), notFound: map[string]*Resource{"": newResource(typeHTML, cacheRevalidate, []byte("not found"))}}
	var sites []*Site
	counted := 0
	before := liveHeap()
	for _, n := range a.Networks {
		s, err := b.buildPart(n, atlas, nil, func(string) string { return "Atlas" })
		if err != nil {
			t.Fatal(err)
		}
		sites = append(sites, s)
		counted += s.weight()
	}
	held := liveHeap() - before
	runtime.KeepAlive(sites)
	t.Logf("%d networks' sites: %d KB counted, %d KB held", len(sites), counted>>10, held>>10)
	if ratio := float64(counted) / float64(held); ratio < 0.8 || ratio > 1.2 {
		t.Errorf("the cache counts %.2f times what the networks' sites hold (%d bytes for %d)", ratio, counted, held)
	}
}

// Every address a network's site in an atlas answers is one the atlas
// knows it has before building it, and the near misses are none: a
// request for one of those builds nothing.
func TestPartAddresses(t *testing.T) {
	large, err := data.Parse("large.toml", datatest.Generate(compactFrom, compactFrom))
	if err != nil {
		t.Fatal(err)
	}
	a, err := datatest.Atlas("../data/testdata/atlas")
	if err != nil {
		t.Fatal(err)
	}
	if a, err = data.ComposeAtlas(a.Info, append(a.Networks, large)); err != nil {
		t.Fatal(err)
	}
	site, err := testBuilder(t).BuildAtlas(a)
	if err != nil {
		t.Fatal(err)
	}
	for slug, p := range site.networks.bySlug {
		built, err := site.networks.built(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range built.Paths() {
			path, query, _ := strings.Cut(path, "?")
			if !p.has(path, query) {
				t.Errorf("%s: %s?%s is an address, which the atlas does not know before building", slug, path, query)
			}
		}
		at := "/networks/" + slug
		city := p.network.Cities[0].Slug
		for _, miss := range []string{
			at, at + "/index.html", at + "/cities/" + city, at + "/cities/" + city + "/index.html",
			at + "/cities/nowhere/", at + "/cities/" + city + "/more/", at + "/cities//", at + "/embed", at + "/embed/cities/nowhere/",
			at + "/fragments/cities/nowhere.html", at + "/fragments/cities/" + city + ".json", at + "/fragments/embed/network.html?details=0",
			at + "/fragments/embed/cities/" + city + ".html?details=0", at + "/oembed/cities/nowhere.json", at + "/oembed/network.txt",
			"/it" + at + "/api/network.csv", "/it" + at + "/api/cities/" + city + ".geojson", at + "/api/cities/nowhere.geojson", at + "/api/network.pdf",
			at + "/static/basemap.0123456789.json", at + "/previews/preview-" + city + ".0123456789.png", at + "/sitemap.xml", at + "/robots.txt",
			at + "/embed.js", "/networks/" + slug + "x/", at + "/fragments/suggestion.html",
		} {
			path, query, _ := strings.Cut(miss, "?")
			if p.has(path, query) {
				t.Errorf("%s: the atlas takes %s for an address", slug, miss)
			}
			if built.Has(path, query) {
				t.Errorf("%s: the network's site answers %s: the near miss is an address after all", slug, miss)
			}
		}
		compact := len(p.network.Cities) >= compactFrom
		for _, list := range []string{at + "/fragments/cities.html", "/it" + at + "/fragments/embed/cities.html"} {
			if p.has(list, "") != compact || built.Has(list, "") != compact {
				t.Errorf("%s: %s is an address: %v, %v; the network is large: %v", slug, list, p.has(list, ""), built.Has(list, ""), compact)
			}
		}
	}
}

// A request under /networks/{slug}/ that its site would answer 404, or
// with a redirect, builds nothing; an address it has builds that network
// alone.
func TestNotFoundBuildsNothing(t *testing.T) {
	s := atlasServer(t)
	site := s.site.Load()
	var builds atomic.Int32
	for _, p := range site.networks.bySlug {
		build := p.build
		p.build = func() (*Site, error) {
			builds.Add(1)
			return build()
		}
	}
	for path, status := range map[string]int{
		"/networks/conet/cities/nowhere/":                  404,
		"/it/networks/harbours/api/network.csv":            404,
		"/networks/courtyards/static/basemap.0.json":       404,
		"/networks/conet/fragments/cities/rome.html":       404,
		"/networks/harbours/no/such/page/":                 404,
		"/networks/conet/cities/palermo":                   301,
		"/networks/harbours/index.html":                    301,
		"/de/networks/courtyards/cities/berlin/index.html": 301,
	} {
		if r := get(t, s, path); r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, r.StatusCode, status)
		}
	}
	if n := builds.Load(); n != 0 {
		t.Errorf("404s and redirects built %d networks' sites", n)
	}
	if used, n := site.cache.holds(); used != 0 || n != 0 {
		t.Errorf("the cache holds %d entries, %d bytes", n, used)
	}
	if r := get(t, s, "/networks/harbours/cities/palermo/"); r.StatusCode != 200 || builds.Load() != 1 {
		t.Errorf("a city page answers %d after %d builds, want 200 after one", r.StatusCode, builds.Load())
	}
	basemap := ""
	for path := range site.networks.bySlug["courtyards"].fingerprints() {
		if strings.Contains(path, "/static/basemap.") {
			basemap = path
		}
	}
	if r := get(t, s, basemap); r.StatusCode != 200 || builds.Load() != 2 {
		t.Errorf("%s answers %d after %d builds, want 200 after two", basemap, r.StatusCode, builds.Load())
	}
}

// Builds of networks' sites wait their turn: at most as many at once as
// the atlas has tokens (a core each), the others waiting until a
// deadline, then answered 503 with Retry-After, having built nothing;
// pages already built are answered meanwhile; and several requests for
// one network wait for one build.
func TestBuildsWaitTheirTurn(t *testing.T) {
	a := generatedAtlas(t, 8, 60, 120)
	site, err := testBuilder(t).BuildAtlas(a)
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(site, slog.New(slog.DiscardHandler))
	ns := site.networks
	const slots = 2
	ns.builds = make(chan struct{}, slots)
	served := a.Networks[0].Slug
	if r := get(t, s, "/networks/"+served+"/"); r.StatusCode != 200 {
		t.Fatalf("the first network answers %d", r.StatusCode)
	}

	// Builds that start, then wait for release.
	var running, most, builds atomic.Int32
	started := make(chan string, len(a.Networks))
	release := make(chan struct{})
	for slug, p := range ns.bySlug {
		build := p.build
		p.build = func() (*Site, error) {
			builds.Add(1)
			now := running.Add(1)
			for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
			}
			started <- slug
			<-release
			defer running.Add(-1)
			return build()
		}
	}
	type answer struct {
		slug   string
		status int
		retry  string
	}
	answers := make(chan answer, 16)
	request := func(slug string) {
		req := httptest.NewRequest(http.MethodGet, "/networks/"+slug+"/", nil)
		r, err := s.App().Test(req, -1)
		if err != nil {
			t.Error(err)
			answers <- answer{slug: slug}
			return
		}
		r.Body.Close()
		answers <- answer{slug, r.StatusCode, r.Header.Get("Retry-After")}
	}
	// The deadline is as short as can be: a request that finds a token
	// free builds at once, any other gives up.
	ns.wait = 1
	cold := a.Networks[1:]
	go request(cold[0].Slug)
	go request(cold[1].Slug)
	first := map[string]bool{<-started: true, <-started: true}
	// Every request past these, for another network or for one being
	// built, waits for what does not come before its deadline: it is
	// answered 503, builds nothing, and the builds under way go on.
	var wg sync.WaitGroup
	for _, n := range append(cold[2:6:6], cold[0]) {
		wg.Go(func() { request(n.Slug) })
	}
	wg.Wait()
	for range 5 {
		got := <-answers
		if got.status != http.StatusServiceUnavailable || got.retry != retryAfter {
			t.Errorf("%s, asked for while every token is taken: status %d, Retry-After %q; want 503 and %s", got.slug, got.status, got.retry, retryAfter)
		}
	}
	// The page built already is answered while the builds wait.
	if r := get(t, s, "/networks/"+served+"/"); r.StatusCode != 200 {
		t.Errorf("a network built already answers %d while others are built", r.StatusCode)
	}
	if n := running.Load(); n != slots {
		t.Fatalf("%d builds running, want %d", n, slots)
	}
	close(release)
	for range 2 {
		if got := <-answers; got.status != 200 || !first[got.slug] {
			t.Errorf("%s: status %d once built", got.slug, got.status)
		}
	}
	if m, n := most.Load(), builds.Load(); m != slots || n != slots {
		t.Errorf("%d builds at most at once, %d in all; want %d and %d: one per token, and none for the requests answered 503", m, n, slots, slots)
	}

	// With time to wait, two requests for one network are answered from
	// one build.
	ns.wait = 1 << 40
	last := cold[len(cold)-1].Slug
	go request(last)
	go request(last)
	for range 2 {
		if got := <-answers; got.status != 200 {
			t.Errorf("%s: status %d", got.slug, got.status)
		}
	}
	if n := builds.Load(); n != slots+1 {
		t.Errorf("two requests for one network built it %d times", n-slots)
	}
}

// After a reload, only the responses whose bytes changed are compressed
// again at the best levels: the others take the variants the site before
// compressed, the same bytes. A pass stopped half-way, as for a site
// swapped out, leaves what it compressed and what the site before it
// had to the next.
func TestRecompressionFollowsTheWork(t *testing.T) {
	// The shared builder, with its assets, and a record of what was
	// compressed of its own.
	shared := *testBuilder(t)
	b := &shared
	b.best = newBestLevels(b.compressor)
	siteOf := func(src string) *Site {
		n, err := data.Parse("pair.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		site, err := b.Build(n)
		if err != nil {
			t.Fatal(err)
		}
		return site
	}
	bestOf := func(src string) (*Site, map[bestKey]*variant) {
		site := atBest(t, siteOf(src))
		compressed := map[bestKey]*variant{}
		add := func(r *Resource) {
			if r != nil && r.level == best && compressible(r.ContentType) {
				compressed[bestKey{r.ContentType, r.identity.etag}] = r.brotli
			}
		}
		for p, r := range site.routes {
			if _, asset := site.assets.quick[p]; !asset {
				add(r)
			}
		}
		for _, l := range site.order {
			add(l.done.Load())
		}
		add(site.notFound[""])
		for _, pages := range site.statusPages {
			add(pages[""])
		}
		return site, compressed
	}
	first, before := bestOf(datatest.TwoCities())
	// Responses of the same bytes, within one site, are compressed once.
	if first.compressed < len(before) || len(before) < 10 {
		t.Fatalf("the first site compressed %d responses of %d bodies", first.compressed, len(before))
	}
	// Palermo gets a focus area: its pages change, the rest does not.
	// The first pass for the edit is stopped once it has compressed a
	// response.
	edited := strings.Replace(datatest.TwoCities(), "lon = 13.3613\n", "lon = 13.3613\nfocus_area = \"The harbour\"\n", 1)
	compressed := func() int {
		b.best.mu.Lock()
		defer b.best.mu.Unlock()
		return b.best.compressed
	}
	if _, err := siteOf(edited).Best(stopWhen{context.Background(), func() bool { return compressed() > 0 }}); !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped pass: %v", err)
	}
	b.best.mu.Lock()
	kept := maps.Clone(b.best.next)
	b.best.mu.Unlock()
	stopped := 0 // responses the stopped pass compressed
	for key := range kept {
		if _, ok := before[key]; !ok {
			stopped++
		}
	}
	for key := range before {
		if _, ok := kept[key]; !ok {
			t.Errorf("%s %s: the stopped pass dropped what the first site compressed", key.contentType, key.etag)
		}
	}
	second, after := bestOf(edited)
	changed := 0
	for key, v := range after {
		if old, ok := before[key]; !ok {
			changed++
		} else if old != v {
			t.Errorf("%s %s: the same bytes compressed again", key.contentType, key.etag)
		}
		if k, ok := kept[key]; ok && k.brotli != v {
			t.Errorf("%s %s: compressed again after the stopped pass", key.contentType, key.etag)
		}
	}
	if changed == 0 || changed == len(after) {
		t.Fatalf("%d of %d responses changed: the edit should change some", changed, len(after))
	}
	if stopped == 0 || stopped >= changed {
		t.Fatalf("the stopped pass compressed %d responses of the %d changed", stopped, changed)
	}
	if second.compressed > changed-stopped || second.reused < len(after)-changed+stopped {
		t.Errorf("after the edit and a pass stopped after %d, %d responses compressed and %d taken; %d of %d changed", stopped, second.compressed, second.reused, changed, len(after))
	}
	// What each pass kept is the bytes it stands for.
	for key, v := range after {
		if v == nil {
			continue // not smaller than the body
		}
		body := decoded(t, ".br", string(v.body))
		if sum := sha256.Sum256([]byte(body)); `"`+base64.RawURLEncoding.EncodeToString(sum[:18])+`"` != key.etag {
			t.Errorf("%s %s: the brotli variant does not decode to the body", key.contentType, key.etag)
		}
	}
	t.Logf("%d responses compressed at first, %d after an edit that changed %d and a pass stopped after %d, %d taken as they were", first.compressed, second.compressed, changed, stopped, second.reused)
}

// stopWhen is a context that has ended once stop says so.
type stopWhen struct {
	context.Context
	stop func() bool
}

func (c stopWhen) Err() error {
	if c.stop() {
		return context.Canceled
	}
	return c.Context.Err()
}

// FuzzPartAddresses: whatever the path under a network of an atlas, the
// atlas's answer from the network's data, before building, is the built
// site's.
func FuzzPartAddresses(f *testing.F) {
	for _, seed := range [][3]string{
		{"", "/", ""}, {"/it", "/cities/palermo/", ""}, {"", "/cities/palermo", ""}, {"", "/embed/cities/valencia/", "details=0&list=0"},
		{"/de", "/fragments/embed/network.html", "details=0"}, {"", "/fragments/embed/cities/marseille.html", "lines=0"},
		{"", "/api/cities/palermo.geojson", ""}, {"/fr", "/api/network.kml", ""}, {"", "/oembed/cities/berlin.xml", ""},
		{"", "/static/basemap.json", ""}, {"", "/previews/preview-harbours.png", ""}, {"", "/embed-builder/", "city=palermo"},
		{"/sv", "/fragments/cities.html", ""}, {"", "/cities/palermo/index.html", ""}, {"", "//cities/palermo/", ""},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	site := atlasServer(f).site.Load()
	p := site.networks.bySlug["harbours"]
	built, err := site.networks.built(p, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lang, rest, query string) {
		path := lang + "/networks/harbours" + rest
		if has, answers := p.has(path, query), built.Has(path, query); has != answers {
			t.Errorf("%s?%s: the atlas says %v before building, the built site %v", path, query, has, answers)
		}
	})
}

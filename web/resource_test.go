package web

import (
	"strings"
	"sync"
	"testing"
)

// Accept-Encoding as RFC 9110 reads it (12.5.3).
func TestQuality(t *testing.T) {
	cases := []struct {
		header   string
		br, gzip float64
		reason   string
	}{
		{"gzip, deflate, br", 1, 1, "listed"},
		{"", 0, 0, "nothing accepted"},
		{"identity", 0, 0, "only identity"},
		{"*", 1, 1, "any coding"},
		{"*, br;q=0", 0, 1, "q=0 refuses brotli though * allows any"},
		{"br;q=0, *", 0, 1, "in either order"},
		{"br;Q=0", 0, 0, "Q is q"},
		{"br;q=0;x=1", 0, 0, "q before another parameter"},
		{"br;level=1;q=0", 0, 0, "q after another parameter"},
		{"BR ; q = 0", 0, 0, "spaces and case"},
		{"br;q=0.000, gzip;q=0.5", 0, 0.5, "zero written out"},
		{"br;q=0.001", 0.001, 0, "the least weight still accepts"},
		{"gzip;q=1.0, br;q=0.8", 0.8, 1, "weights"},
		{"x-gzip", 0, 1, "x-gzip is gzip"},
		{"*;q=0", 0, 0, "nothing"},
		{"*;q=0.5, gzip", 0.5, 1, "the coding's own entry before *"},
		{"br;q=2", 0, 0, "a weight out of range"},
		{"br;q=abc", 0, 0, "a weight that does not parse"},
		{"br;q=1e0", 0, 0, "not a qvalue"},
		{"br, br;q=0", 0, 0, "listed twice: the lower"},
		{"brotli, gzipped", 0, 0, "other codings"},
	}
	for _, tc := range cases {
		if br, gz := quality(tc.header, "br"), quality(tc.header, "gzip"); br != tc.br || gz != tc.gzip {
			t.Errorf("%s: Accept-Encoding %q gives br %g and gzip %g, want %g and %g", tc.reason, tc.header, br, gz, tc.br, tc.gzip)
		}
	}
}

// If-None-Match as RFC 9110 reads it (13.1.2): weak comparison, "*" only
// alone.
func TestMatches(t *testing.T) {
	const etag = `"abc"`
	cases := []struct {
		header string
		want   bool
	}{
		{`"abc"`, true},
		{`W/"abc"`, true},
		{`"other", "abc"`, true},
		{` "other" ,W/"abc" `, true},
		{"*", true},
		{" * ", true},
		{"W/*", false},
		{`"other", *`, false},
		{`"other"`, false},
		{`abc`, false},
		{"", false},
	}
	for _, tc := range cases {
		if got := matches(tc.header, etag); got != tc.want {
			t.Errorf("If-None-Match %q: %v, want %v", tc.header, got, tc.want)
		}
	}
}

// Writers kept for reuse compress to the same bytes as new ones, whatever
// they compressed before, at either level: the ETags of the variants do not
// depend on which writer a response met.
func TestReusedWritersCompressTheSame(t *testing.T) {
	site := testServer(t, "").site.Load()
	var bodies []*Resource
	for _, path := range []string{"/", "/cities/palermo/", "/api/network.geojson", "/fragments/cities/berlin.html"} {
		r := *lookup(t, site, path, "")
		r.brotli, r.gzip = nil, nil
		bodies = append(bodies, &r)
	}
	for _, l := range []level{quick, best} {
		reused := &compressor{}
		for round := range 2 {
			for _, r := range bodies {
				fresh, again := (&compressor{}).compress(r, l), reused.compress(r, l)
				if fresh.brotli.etag != again.brotli.etag || fresh.gzip.etag != again.gzip.etag {
					t.Errorf("level %d, round %d, %d bytes: a writer reused compresses otherwise", l, round, len(r.Body()))
				}
			}
		}
	}
}

// BenchmarkCompressQuick is what compressing a page for a request costs,
// with writers kept for reuse: the allocations are the variants alone.
func BenchmarkCompressQuick(b *testing.B) {
	r := *lookup(b, testServer(b, "").site.Load(), "/cities/palermo/", "")
	r.brotli, r.gzip = nil, nil
	z := &compressor{}
	b.ReportAllocs()
	for b.Loop() {
		z.compress(&r, quick)
	}
}

// Responses of the same bytes compressed at once, as a site's workers
// meet them (a page and its alias, an error page in two places), are
// compressed once: the others wait and take the same variants.
func TestSameBytesCompressedOnce(t *testing.T) {
	body := []byte(strings.Repeat("<p>the same page, twice over</p>\n", 200))
	b := newBestLevels(&compressor{})
	const n = 8
	got := make([]*Resource, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i] = b.compress(newResource("text/html; charset=utf-8", "", body)) })
	}
	wg.Wait()
	if b.compressed != 1 || b.reused != n-1 {
		t.Errorf("%d compressed and %d taken, want 1 and %d", b.compressed, b.reused, n-1)
	}
	for i, r := range got {
		if r.brotli == nil || r.brotli != got[0].brotli || r.gzip != got[0].gzip || r.level != best {
			t.Errorf("response %d has variants of its own", i)
		}
	}
	if len(b.pending) != 0 {
		t.Errorf("%d compressions left pending", len(b.pending))
	}
}

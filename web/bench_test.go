package web

import (
	"log/slog"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"partnermap/data"
	"partnermap/data/datatest"
)

// BenchmarkServe measures what a request costs inside the server, without
// the network: the route lookup, the middleware and the choice of variant,
// for the responses a visit asks for most. A regression here shows up in
// every request the server answers:
// go test ./web -run '^$' -bench Serve -benchmem.
func BenchmarkServe(b *testing.B) {
	s := testServer(b, "")
	handler := s.App().Handler()
	leaflet := leafletPath(b, s.site.Load())

	cases := []struct {
		name, path, ifNoneMatch string
		status                  int
	}{
		{"home", "/", "", fiber.StatusOK},
		{"city", "/cities/palermo/", "", fiber.StatusOK},
		{"city-it", "/it/cities/palermo/", "", fiber.StatusOK},
		{"panel", "/fragments/cities/palermo.html", "", fiber.StatusOK},
		{"geojson", "/api/network.geojson", "", fiber.StatusOK},
		{"leaflet", leaflet, "", fiber.StatusOK},
		{"home-304", "/", etagOf(b, handler, "/"), fiber.StatusNotModified},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			// One context for every iteration, as fasthttp reuses them
			// between requests on a connection.
			var ctx fasthttp.RequestCtx
			prepare := func() {
				ctx.Request.Reset()
				ctx.Response.Reset()
				ctx.Request.Header.SetMethod(fiber.MethodGet)
				ctx.Request.SetRequestURI(c.path)
				ctx.Request.Header.Set(fiber.HeaderAcceptEncoding, "br")
				if c.ifNoneMatch != "" {
					ctx.Request.Header.Set(fiber.HeaderIfNoneMatch, c.ifNoneMatch)
				}
			}
			prepare()
			handler(&ctx)
			if got := ctx.Response.StatusCode(); got != c.status {
				b.Fatalf("GET %s: status %d, want %d", c.path, got, c.status)
			}
			if c.status == fiber.StatusOK && len(ctx.Response.Body()) == 0 {
				b.Fatalf("GET %s: empty body", c.path)
			}
			if c.status == fiber.StatusOK && string(ctx.Response.Header.Peek(fiber.HeaderContentEncoding)) != "br" {
				b.Fatalf("GET %s: not brotli: Content-Encoding %q", c.path, ctx.Response.Header.Peek(fiber.HeaderContentEncoding))
			}
			b.ReportAllocs()
			for b.Loop() {
				prepare()
				handler(&ctx)
			}
		})
	}
}

// leafletPath finds the fingerprinted address of Leaflet's script, which
// changes with its content.
func leafletPath(tb testing.TB, site *Site) string {
	tb.Helper()
	for _, p := range site.Paths() {
		if strings.HasPrefix(p, "/static/leaflet.") && strings.HasSuffix(p, ".js") {
			return p
		}
	}
	tb.Fatal("the site has no /static/leaflet.*.js")
	return ""
}

// etagOf is the ETag of the brotli variant of a path, as a browser would
// send it back in If-None-Match.
func etagOf(tb testing.TB, handler fasthttp.RequestHandler, path string) string {
	tb.Helper()
	var ctx fasthttp.RequestCtx
	ctx.Request.Header.SetMethod(fiber.MethodGet)
	ctx.Request.SetRequestURI(path)
	ctx.Request.Header.Set(fiber.HeaderAcceptEncoding, "br")
	handler(&ctx)
	etag := string(ctx.Response.Header.Peek(fiber.HeaderETag))
	if etag == "" {
		tb.Fatalf("GET %s: no ETag", path)
	}
	return etag
}

// BenchmarkAtlasTour requests addresses of the generated atlas
// (data/datatest.AtlasSize) through the handler, as a crowd of visitors
// would: 3,000 of its places', networks' and cities' pages in ten
// languages, in random order, the same every run. It reports the CPU time
// per request and the heap in use at the end, which the cache's budget
// bounds (web/bench/bench.sh measures the same over the network):
// go test ./web -run '^$' -bench AtlasTour -benchtime 1x.
func BenchmarkAtlasTour(b *testing.B) {
	size := datatest.AtlasSize
	a := generatedAtlas(b, size.Networks, size.Places, size.Partners)
	site, err := testBuilder(b).BuildAtlas(a)
	if err != nil {
		b.Fatal(err)
	}
	handler := NewServer(site, slog.New(slog.DiscardHandler)).App().Handler()
	tour := atlasTour(a, 3000)
	var ctx fasthttp.RequestCtx
	cpu := cpuTime()
	for b.Loop() {
		for _, path := range tour {
			ctx.Request.Reset()
			ctx.Response.Reset()
			ctx.Request.Header.SetMethod(fiber.MethodGet)
			ctx.Request.SetRequestURI(path)
			ctx.Request.Header.Set(fiber.HeaderAcceptEncoding, "br, gzip")
			handler(&ctx)
			if got := ctx.Response.StatusCode(); got != fiber.StatusOK {
				b.Fatalf("GET %s: status %d", path, got)
			}
		}
	}
	requests := float64(b.N * len(tour))
	b.ReportMetric((cpuTime()-cpu).Seconds()*1000/requests, "CPU-ms/req")
	b.ReportMetric(float64(liveHeap())/1e6, "live-MB")
	used, _ := site.cache.holds()
	b.ReportMetric(float64(used)/1e6, "cached-MB")
}

// atlasTour is n addresses of an atlas's pages, places' and networks' and
// their cities', each in one of the ten languages, drawn at random with a
// fixed seed.
func atlasTour(a *data.Atlas, n int) []string {
	var pages []string
	for _, p := range a.Places {
		pages = append(pages, "/places/"+p.Slug+"/")
	}
	for _, nw := range a.Networks {
		pages = append(pages, "/networks/"+nw.Slug+"/")
		for _, c := range nw.Cities {
			pages = append(pages, "/networks/"+nw.Slug+"/cities/"+c.Slug+"/")
		}
	}
	langs := []string{"", "/bg", "/de", "/es", "/fr", "/it", "/nl", "/pl", "/ro", "/sv"}
	r := rand.New(rand.NewPCG(1, 2))
	tour := make([]string, n)
	for i := range tour {
		tour[i] = langs[r.IntN(len(langs))] + pages[r.IntN(len(pages))]
	}
	return tour
}

// cpuTime is the processor time the process has used, in user and
// system mode.
func cpuTime() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

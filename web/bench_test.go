package web

import (
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
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

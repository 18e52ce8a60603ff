package web

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/valyala/fasthttp"
)

// listen serves s on a loopback port, for requests written byte by byte.
func listen(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Shutdown(5 * time.Second) })
	return ln.Addr().String()
}

// rawRequest writes a request as it is and reads the response.
func rawRequest(t *testing.T, addr, req string) (int, http.Header, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no HTTP response: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// Bad requests get a 4xx, never a 500, a stack trace or a file from disk:
// the site answers from its rendered paths only. Those refused before any
// handler runs (a request that does not parse, too large, a method no one
// knows) carry the site's security headers all the same, and an error
// page that says what happened, not that something went wrong.
func TestBadRequests(t *testing.T) {
	addr := listen(t, testServer(t, ""))
	get := func(target string) string {
		return "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	}
	cases := []struct {
		name, req string
		status    int
		heading   string // of the error page; "" for none
	}{
		{"traversal", get("/static/../go.mod"), 404, "Page not found"},
		{"traversal to the source", get("/static/../../web/site.go"), 404, "Page not found"},
		{"encoded traversal", get("/static/%2e%2e/%2e%2e/etc/passwd"), 404, "Page not found"},
		{"double-encoded traversal", get("/static/%252e%252e/go.mod"), 404, "Page not found"},
		{"backslashes", get(`/static/..\..\go.mod`), 404, "Page not found"},
		{"encoded backslashes", get("/static/..%5c..%5cgo.mod"), 404, "Page not found"},
		{"NUL", get("/cities/berlin%00.html"), 404, "Page not found"},
		{"invalid UTF-8 in a slug", get("/cities/%ff%fe"), 404, "Page not found"},
		{"raw invalid UTF-8 in a slug", get("/cities/\xff\xfe"), 404, "Page not found"},
		{"10 KB URL", get("/cities/" + strings.Repeat("a", 10*1024)), 431, "Request too large"},
		{"10 KB query", get("/embed/?list=" + strings.Repeat("0", 10*1024)), 431, "Request too large"},
		{"huge headers", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("b", 9000) + "\r\n\r\n", 431, "Request too large"},
		{"unknown method", "FOO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, "Not allowed"},
		{"POST", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nx=1", 405, "Not allowed"},
		{"DELETE", "DELETE /cities/berlin/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, "Not allowed"},
		{"TRACE", "TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, "Not allowed"},
		{"Content-Length and Transfer-Encoding", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", 400, "Bad request"},
		{"Transfer-Encoding and Content-Length", "POST / HTTP/1.1\r\nHost: x\r\ntransfer-encoding: chunked\r\ncontent-length: 4\r\nConnection: close\r\n\r\n0\r\n\r\n", 400, "Bad request"},
		{"body too large", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n" + strings.Repeat("x", 1024), 413, "Request too large"},
		{"no Host", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400, "Bad request"},
		{"not HTTP", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400, "Bad request"},
		{"good request", get("/cities/berlin/"), 200, ""},
		{"HTTP/1.0", "GET /cities/berlin/ HTTP/1.0\r\n\r\n", 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, header, body := rawRequest(t, addr, tc.req)
			if status != tc.status {
				t.Errorf("status %d, want %d", status, tc.status)
			}
			for name, want := range map[string]string{
				"Content-Security-Policy":      "frame-ancestors 'none'",
				"X-Content-Type-Options":       "nosniff",
				"Cross-Origin-Opener-Policy":   "same-origin",
				"Cross-Origin-Resource-Policy": "same-origin",
				"Referrer-Policy":              "strict-origin-when-cross-origin",
			} {
				if got := header.Get(name); !strings.Contains(got, want) {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
			if tc.heading != "" {
				doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if got := doc.Find("h1").Text(); got != tc.heading {
					t.Errorf("heading %q, want %q", got, tc.heading)
				}
				if strings.Contains(body, "Something went wrong") {
					t.Error("a 4xx shows the 500 page's words")
				}
			}
			if status == 405 && header.Get("Allow") != "GET, HEAD" {
				t.Errorf("405 with Allow %q, want GET, HEAD", header.Get("Allow"))
			}
			for _, leak := range []string{"goroutine ", "panic", "module partnermap", "package web", "root:"} {
				if strings.Contains(body, leak) {
					t.Errorf("the response shows %q", leak)
				}
			}
		})
	}
}

// Whatever the method and address, the site answers without a 5xx, from
// its rendered paths only.
func FuzzRoute(f *testing.F) {
	for _, seed := range [][2]string{
		{"GET", "/cities/palermo/"},
		{"HEAD", "/embed/cities/sofia/?list=0&details=no"},
		{"GET", "/static/../go.mod"},
		{"POST", "/oembed?url=https%3A%2F%2Fmap.example.org%2F"},
		{"GET", "/fragments/embed/cities/%ff.html?details=%ZZ"},
		{"BREW", "//cities//berlin/"},
		{"GET", "/bg/embed/cities/sofia/?lines=0"},
		{"GET", "/it/"},
		{"HEAD", "/de/fragments/embed/network.html?list=off"},
	} {
		f.Add(seed[0], seed[1])
	}
	handler := testServer(f, "").App().Handler()
	f.Fuzz(func(t *testing.T, method, target string) {
		var ctx fasthttp.RequestCtx
		ctx.Request.Header.SetMethod(method)
		ctx.Request.SetRequestURI(target)
		ctx.Request.Header.SetHost("map.example.org")
		handler(&ctx)
		status := ctx.Response.StatusCode()
		if status >= 500 {
			t.Errorf("%s %q: status %d", method, target, status)
		}
		if status == 200 && method == "GET" && len(ctx.Response.Body()) == 0 {
			t.Errorf("%s %q: 200 without a body", method, target)
		}
		if body := string(ctx.Response.Body()); strings.Contains(body, "goroutine ") || strings.Contains(body, "module partnermap") {
			t.Errorf("%s %q: the response leaks the server's insides", method, target)
		}
	})
}

package web

import (
	"strings"
	"testing"
)

// Check says what is wrong with the options in the words of the flag
// that sets them, the first of them in the order the flags are listed,
// and NewBuilder refuses what Check refuses.
func TestOptionsCheck(t *testing.T) {
	tiles := Tiles{URL: "https://tile.example.org/{z}/{x}/{y}.png", Attribution: "© Tiles & Co"}
	cases := []struct {
		name string
		opts Options
		want string // in the error; "" for none
	}{
		{"nothing set", Options{}, ""},
		{"all set", Options{BaseURL: testBaseURL, Tiles: tiles, EmbedOrigins: []string{"https://www.example.org", "http://127.0.0.1:8000/"}}, ""},
		{"a base URL with a path", Options{BaseURL: "https://example.org/map"}, ""},
		{"a base URL with a deeper path", Options{BaseURL: "https://example.org/org/partners.map/"}, ""},
		{"a base URL with a query", Options{BaseURL: "https://example.org/map/?x=1"}, `base URL "https://example.org/map/?x=1" must be an origin and a path only, without a user, query or fragment: write it as https://example.org/map/`},
		{"a base URL with a fragment", Options{BaseURL: "https://example.org/map/#top"}, "without a user, query or fragment"},
		{"a base URL with an empty query", Options{BaseURL: "https://example.org/?"}, "without a user, query or fragment"},
		{"a base URL with a user", Options{BaseURL: "https://me@example.org/map/"}, "without a user, query or fragment"},
		{"a base URL with an empty folder", Options{BaseURL: "https://example.org/map//"}, `base URL "https://example.org/map//" has a path that is not plain folders: write each with letters, digits and . - _ ~ only, such as https://example.org/map/`},
		{"a base URL with a folder ..", Options{BaseURL: "https://example.org/map/../x/"}, "not plain folders"},
		{"a base URL with a space", Options{BaseURL: "https://example.org/our%20map/"}, "not plain folders"},
		{"a base URL with an escape", Options{BaseURL: "https://example.org/ma%70/"}, "not plain folders"},
		{"a base URL with markup", Options{BaseURL: `https://example.org/"><script>/`}, "not"},
		{"a base URL without a scheme", Options{BaseURL: "example.org"}, "must start with http:// or https://"},
		{"tiles without attribution", Options{Tiles: Tiles{URL: tiles.URL}}, "--tile-url needs --tile-attribution"},
		{"attribution without tiles", Options{Tiles: Tiles{Attribution: "x"}}, "--tile-attribution is set without --tile-url: give both, or neither"},
		{"tiles without placeholders", Options{Tiles: Tiles{URL: "https://t.example.org/tile.png", Attribution: "x"}}, "lacks {z}"},
		{"an embed origin with a path", Options{EmbedOrigins: []string{"https://www.example.org/news"}}, `--embed-origins: "https://www.example.org/news" is not an origin`},
		{"an embed origin without a scheme", Options{EmbedOrigins: []string{"https://a.example.org", "www.example.org"}}, `"www.example.org" is not an origin`},
		{"an embed origin with a query", Options{EmbedOrigins: []string{"https://www.example.org/?x=1"}}, "is not an origin"},
		{"an embed origin with a directive", Options{EmbedOrigins: []string{"https://www.example.org;script-src"}}, "is not an origin"},
		{"the base URL before the tiles", Options{BaseURL: "ftp://map.example.org", Tiles: Tiles{Attribution: "x"}}, "base URL"},
		{"the tiles before the origins", Options{Tiles: Tiles{Attribution: "x"}, EmbedOrigins: []string{"www.example.org"}}, "--tile-attribution"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.opts.Check()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check: %v, want an error with %q", err, tc.want)
			}
			// A whole message is compared whole: its suggestion must be
			// what to write, not merely begin with it.
			if strings.HasPrefix(tc.want, "base URL ") && err.Error() != tc.want {
				t.Fatalf("Check: %v, want %s", err, tc.want)
			}
			if tc.opts.BaseURL == "" {
				tc.opts.BaseURL = testBaseURL
			}
			if _, err := NewBuilder(tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewBuilder: %v, want an error with %q", err, tc.want)
			}
		})
	}
	if _, err := NewBuilder(Options{}); err == nil || !strings.Contains(err.Error(), "base URL") {
		t.Errorf("NewBuilder without a base URL: %v", err)
	}
}

// A base URL is an origin and the path the site is under, kept without
// the slash at its end, to which the site's addresses are joined.
func TestParseBaseURL(t *testing.T) {
	cases := []struct {
		raw string
		ok  bool
		url string // what the addresses are joined to
	}{
		{"https://map.example.org", true, "https://map.example.org"},
		{"https://map.example.org/", true, "https://map.example.org"},
		{"http://127.0.0.1:8080", true, "http://127.0.0.1:8080"},
		{"map.example.org", false, ""},
		{"ftp://map.example.org", false, ""},
		{"https://map.example.org/maps", true, "https://map.example.org/maps"},
		{"https://map.example.org/maps/", true, "https://map.example.org/maps"},
		{"https://USER.github.io/REPO/", true, "https://USER.github.io/REPO"},
		{"https://map.example.org?x=1", false, ""},
		{"https://map.example.org/maps/./", false, ""},
		{"https://", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.raw, func(t *testing.T) {
			u, err := parseBaseURL(tc.raw)
			if (err == nil) != tc.ok {
				t.Fatalf("err %v, want ok=%v", err, tc.ok)
			}
			if err == nil && u.String() != tc.url {
				t.Errorf("%s, want %s", u, tc.url)
			}
		})
	}
}

func TestTileOrigin(t *testing.T) {
	cases := []struct{ template, want string }{
		{"https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org"},
		{"https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"},
		{"http://127.0.0.1:9000/{z}/{x}/{y}.png", "http://127.0.0.1:9000"},
		{"https://{s}.tiles.example.org:8443/styles/{z}/{x}/{y}{r}.png", "https://*.tiles.example.org:8443"},
	}
	for _, tc := range cases {
		if got, err := tileOrigin(tc.template); got != tc.want || err != nil {
			t.Errorf("tileOrigin(%q) = %q, %v; want %q", tc.template, got, err, tc.want)
		}
	}
	r := get(t, serverWith(t, Options{BaseURL: testBaseURL, Tiles: Tiles{URL: cases[1].template, Attribution: "© Tiles & Co"}}), "/")
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https://*.tile.example.org;") {
		t.Errorf("CSP %q does not allow the tiles", csp)
	}
	doc := document(t, r)
	if credits := doc.Find(".map-area__credits").Text(); !strings.Contains(credits, "Tiles: © Tiles & Co") {
		t.Errorf("credits %q lack the tile attribution", credits)
	}
	if cfg := doc.Find("#map-config").Text(); !strings.Contains(cfg, `"tiles":{"url":"https://{s}.tile.example.org/{z}/{x}/{y}.png"`) {
		t.Errorf("map config lacks the tiles: %s", cfg)
	}
}

// No --tile-url can add to the Content-Security-Policy: the source is made
// of the parsed scheme, host and port, and a template with anything that
// could reach the header otherwise is refused.
func TestHostileTileURLs(t *testing.T) {
	cases := []struct{ name, template, want string }{
		{"a directive after the query", "https://tile.example.org?z={z}&x={x}&y={y};script-src 'unsafe-inline' *;", "has a query or a fragment"},
		{"a directive after the fragment", "https://tile.example.org/{z}/{x}/{y}.png#{z}{x}{y};frame-ancestors *", "has a query or a fragment"},
		{"a directive in the host", "https://t.example.org;script-src */{z}/{x}/{y}.png", "does not name a host"},
		{"a space in the host", "https://t.example.org script-src/{z}/{x}/{y}.png", "does not name a host"},
		{"a user", "https://user:secret@tile.example.org/{z}/{x}/{y}.png", "names a user"},
		{"an API key in the query", "https://tile.example.org/{z}/{x}/{y}.png?key=abc", "has a query or a fragment"},
		{"a placeholder inside the host", "https://tile-{s}.example.org/{z}/{x}/{y}.png", "placeholder in its host"},
		{"another placeholder as the host", "https://{z}.example.org/{x}/{y}.png", "placeholder in its host"},
		{"a quote", "https://tile.example.org'/{z}/{x}/{y}.png", "does not name a host"},
		{"another scheme", "javascript://tile.example.org/{z}/{x}/{y}.png", "must start with https://"},
		{"no host", "https:///{z}/{x}/{y}.png", "does not name a host"},
		{"a wildcard written out", "https://*.tile.example.org/{z}/{x}/{y}.png", "does not name a host"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if origin, err := tileOrigin(tc.template); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("tileOrigin(%q) = %q, %v; want an error that %s", tc.template, origin, err, tc.want)
			}
			if _, err := NewBuilder(Options{BaseURL: testBaseURL, Tiles: Tiles{URL: tc.template, Attribution: "x"}}); err == nil {
				t.Errorf("NewBuilder took the tile URL %q", tc.template)
			}
		})
	}
}

// The embed origins go into the embeds' frame-ancestors as origins, a
// trailing slash left out.
func TestEmbedOrigins(t *testing.T) {
	s := serverWith(t, Options{BaseURL: testBaseURL, EmbedOrigins: []string{"https://www.example.org", "https://city.example.net/"}})
	for path, want := range map[string]string{
		"/embed/":                        "frame-ancestors 'self' https://www.example.org https://city.example.net",
		"/embed/cities/palermo/?lines=0": "frame-ancestors 'self' https://www.example.org https://city.example.net",
		"/":                              "frame-ancestors 'none'",
		"/cities/palermo/":               "frame-ancestors 'none'",
		"/embed-builder/":                "frame-ancestors 'none'",
		"/it/embed/cities/palermo/":      "frame-ancestors 'self' https://www.example.org https://city.example.net",
		"/fragments/embed/network.html":  "frame-ancestors 'none'", // fetched, never framed
		"/embed/cities/atlantis/":        "frame-ancestors 'none'",
	} {
		if csp := get(t, s, path).Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, want) {
			t.Errorf("%s: CSP %q, want it to end in %q", path, csp, want)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"partnermap/data"
)

func noEnv(string) string { return "" }

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// exitCode is the status main would exit with for err.
func exitCode(err error) int {
	var exit exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return int(exit)
	}
	return 1
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// commandCase is a run of a command: its arguments, the exit status, a
// part of what it prints on stdout and the parts it prints on stderr.
type commandCase struct {
	name   string
	args   []string
	code   int
	stdout string
	stderr []string
}

// runCommand runs each case of a command as a subtest.
func runCommand(t *testing.T, command string, cases []commandCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{command}, tc.args...), noEnv, &stdout, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d (err %v, stderr %s)", got, tc.code, err, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout %q lacks %q", stdout.String(), tc.stdout)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	good := writeFile(t, "good.toml", string(data.DefaultSource()))
	badSrc := strings.Replace(strings.Replace(string(data.DefaultSource()),
		`country = "GB"`, `country = "UK"`, 1),
		`lat = 38.1157`, `lat = 138.1157`, 1)
	bad := writeFile(t, "bad.toml", badSrc)
	// The test atlas, and a copy of two of its networks that put Berlin
	// in Hamburg in one of them.
	atlas := filepath.Join("..", "..", "data", "testdata", "atlas")
	clash := t.TempDir()
	conet := string(data.DefaultSource())
	original, err := os.ReadFile(filepath.Join(atlas, "harbours.toml"))
	if err != nil {
		t.Fatal(err)
	}
	harbours := strings.Replace(string(original), "lat = 52.5200\nlon = 13.4050", "lat = 52.5200\nlon = 9.9937", 1)
	for name, src := range map[string]string{"conet.toml": conet, "harbours.toml": harbours} {
		if err := os.WriteFile(filepath.Join(clash, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	latLine, countryLine := lineOf(t, badSrc, "lat = 138.1157"), lineOf(t, badSrc, `country = "UK"`)
	cases := []commandCase{
		{"good file", []string{good}, 0, "good.toml: ok: CoNet, 11 cities, 12 partners", nil},
		{"bad file", []string{bad}, 1, "", []string{
			bad + ":" + latLine + `:1: lat = 138.1157 is out of range`,
			bad + ":" + countryLine + `:1: country "UK" is not an ISO 3166-1 alpha-2 code: write country = "GB"`,
		}},
		{"good and bad", []string{good, bad}, 1, "good.toml: ok", []string{bad + ":" + latLine + ":1:"}},
		{"missing file", []string{filepath.Join(t.TempDir(), "none.toml")}, 1, "", []string{"none.toml", "no such file"}},
		{"no file", nil, 2, "", []string{"Usage: partnermap validate [flags] FILE|DIR..."}},
		{"an unknown flag", []string{"--strcit", good}, 2, "", []string{"flag provided but not defined: -strcit", "Usage: partnermap validate"}},
		{"an atlas's folder", []string{atlas}, 0, atlas + ": ok: atlas Test atlas, 3 networks, 15 places, 2 of them in more than one network", nil},
		{"a folder whose files disagree", []string{clash}, 1, "", []string{
			filepath.Join(clash, "harbours.toml") + ":" + lineOf(t, harbours, "lat = 52.5200") + `:1: city "berlin" lies 231 km from the city of the same slug at ` + filepath.Join(clash, "conet.toml"),
			filepath.Join(clash, "conet.toml") + ":" + lineOf(t, conet, "lat = 52.5200") + `:1: city "berlin" lies 231 km from the city of the same slug at ` + filepath.Join(clash, "harbours.toml"),
		}},
	}
	runCommand(t, "validate", cases)
}

// validate checks where cities lie: outside their country's outline is an
// error, with the distance and the country the point is in, and a hint when
// lat and lon were swapped; far from the place of their name in the
// gazetteer is a warning, which fails only with --strict.
func TestValidateCoordinates(t *testing.T) {
	t.Parallel()
	conet := string(data.DefaultSource())
	edit := func(name string, pairs ...string) (string, string) {
		t.Helper()
		src := strings.NewReplacer(pairs...).Replace(conet)
		if src == conet {
			t.Fatalf("%s: the edit changed nothing", name)
		}
		return writeFile(t, name, src), src
	}
	outside, outsideSrc := edit("outside.toml", "country = \"FR\"\nlat = 45.7778", "country = \"IT\"\nlat = 45.7778")
	swapped, swappedSrc := edit("swapped.toml", "lat = 38.1157\nlon = 13.3613", "lat = 13.3613\nlon = 38.1157")
	far, farSrc := edit("far.toml", "lat = 52.5200\nlon = 13.4050", "lat = 51.3397\nlon = 12.3731")
	cases := []commandCase{
		{"outside the country", []string{outside}, 1, "", []string{
			outside + ":" + lineOf(t, outsideSrc, "lat = 45.7778") + ":1: lat = 45.7778, lon = 4.9225 lies ",
			" km outside Italy, in France: correct lat and lon to a point in Italy, or write country = \"FR\" if the city is in France",
		}},
		{"swapped", []string{swapped}, 1, "", []string{
			swapped + ":" + lineOf(t, swappedSrc, "lat = 13.3613") + ":1: lat = 13.3613, lon = 38.1157 lies ",
			"did you swap lat and lon? Write lat = 38.1157, lon = 13.3613",
		}},
		{"far from the gazetteer", []string{far}, 0, "far.toml: ok: CoNet, 11 cities, 12 partners (1 warning)", []string{
			far + ":" + lineOf(t, farSrc, "lat = 51.3397") + ":1: warning: the gazetteer puts Berlin (Germany) at lat = 52.5244, lon = 13.4105, 150 km from lat = 51.3397, lon = 12.3731",
		}},
		{"far from the gazetteer, strict", []string{"--strict", far}, 1, "", []string{
			":1: warning: the gazetteer puts Berlin",
			far + ": 1 warning, which --strict makes fail",
		}},
	}
	runCommand(t, "validate", cases)
}

// One city under two slugs in two networks of an atlas is a warning at
// both files' lines, naming the slug to write in both: Derry and
// Londonderry 0.2 km apart, Frankfurt and Frankfurt am Main, one place in
// the gazetteer 5 km apart. --strict fails on it.
func TestValidateOneCityOnePlace(t *testing.T) {
	dir := t.TempDir()
	network := func(file, slug, city, name string, lat, lon float64, country string) string {
		src := fmt.Sprintf("[network]\nslug = %q\nname = %q\n\n[[cities]]\nslug = %q\nname = %q\ncountry = %q\nlat = %v\nlon = %v\n\n"+
			"[[partners]]\nslug = \"p\"\nname = \"P\"\nkind = \"city\"\nrole = \"coordinator\"\ncity = %q\n", slug, slug, city, name, country, lat, lon, city)
		path := filepath.Join(dir, file)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path + ":6:1: warning: "
	}
	derry := network("a.toml", "one", "derry", "Derry", 54.9981, -7.3093, "GB")
	londonderry := network("b.toml", "two", "londonderry", "Londonderry", 54.9966, -7.3086, "GB")
	main := network("c.toml", "three", "frankfurt-am-main", "Frankfurt am Main", 50.1109, 8.6821, "DE")
	frankfurt := network("d.toml", "four", "frankfurt", "Frankfurt", 50.0709, 8.6421, "DE")
	warnings := []string{
		derry + `city "derry" (Derry) and city "londonderry" (Londonderry) at ` + strings.TrimSuffix(londonderry, ": warning: ") + ` lie 0.2 km apart`,
		londonderry + `city "londonderry" (Londonderry) and city "derry" (Derry) at ` + strings.TrimSuffix(derry, ": warning: "),
		`give them one, "derry": write slug = "derry" for the city "londonderry", and city = "derry" for its partners, unless they are two places`,
		main + `city "frankfurt-am-main" (Frankfurt am Main) and city "frankfurt" (Frankfurt) at ` + strings.TrimSuffix(frankfurt, ": warning: ") + ` lie 5.3 km apart, and the gazetteer takes both for Frankfurt am Main (lat = `,
		frankfurt + `city "frankfurt" (Frankfurt) and city "frankfurt-am-main" (Frankfurt am Main) at ` + strings.TrimSuffix(main, ": warning: "),
		`give them one, "frankfurt": write slug = "frankfurt" for the city "frankfurt-am-main"`,
	}
	runCommand(t, "validate", []commandCase{
		{"warned of", []string{dir}, 0, dir + ": ok: an atlas without atlas.toml, 4 networks, 4 places, 0 of them in more than one network (4 warnings)", warnings},
		{"strict", []string{"--strict", dir}, 1, "", append(warnings, dir+": 4 warnings, which --strict makes fail")},
	})
}

// The networks the project ships and tests with lie in their countries and
// where GeoNames has their cities: they pass a strict validation.
func TestShippedNetworksValidate(t *testing.T) {
	t.Parallel()
	files := []string{writeFile(t, "conet.toml", string(data.DefaultSource()))}
	e2e, err := filepath.Glob("../../web/e2e/testdata/*.toml")
	if err != nil || len(e2e) == 0 {
		t.Fatalf("no browser-test networks: %v", err)
	}
	files = append(files, e2e...)
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), append([]string{"validate", "--strict"}, files...), noEnv, &stdout, &stderr)
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("validate --strict: %v\n%s", err, stderr.String())
	}
	if got := strings.Count(stdout.String(), ": ok: "); got != len(files) {
		t.Errorf("%d files ok, want %d:\n%s", got, len(files), stdout.String())
	}
}

// lineOf is the 1-based number of the line of src that starts with prefix.
func lineOf(t *testing.T, src, prefix string) string {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, prefix) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return ""
}

func TestHelp(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		code int
		out  []string
	}{
		{"--help", []string{"--help"}, 0, []string{"partnermap serve [flags]", "partnermap validate [flags] FILE|DIR...", "partnermap import [flags] FILE"}},
		{"help serve", []string{"help", "serve"}, 0, []string{"-addr", "PARTNERMAP_ADDR", "-data", "PARTNERMAP_DATA", "-base-url", "PARTNERMAP_BASE_URL", "-tile-url", "-tile-attribution", "-embed-origins", "PARTNERMAP_EMBED_ORIGINS", "-watch", "PARTNERMAP_WATCH", "-best-compression", "PARTNERMAP_BEST_COMPRESSION"}},
		{"serve --help", []string{"serve", "--help"}, 0, []string{"127.0.0.1:8080", "embedded CoNet network"}},
		{"validate --help", []string{"validate", "--help"}, 0, []string{"FILE:LINE:COL"}},
		{"help validate", []string{"help", "validate"}, 0, []string{"partnermap validate [flags] FILE|DIR...", "-strict", "-max-data-size"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, noEnv, &stdout, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d", got, tc.code)
			}
			if stderr.Len() > 0 {
				t.Errorf("help also went to stderr:\n%s", stderr.String())
			}
			for _, want := range tc.out {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("help lacks %q:\n%s", want, stdout.String())
				}
			}
		})
	}
}

func TestBadStart(t *testing.T) {
	t.Parallel()
	badData := writeFile(t, "bad.toml", "[network]\nslug = \"x\"\n")
	swapped := writeFile(t, "swapped.toml", strings.Replace(string(data.DefaultSource()), "lat = 38.1157\nlon = 13.3613", "lat = 13.3613\nlon = 38.1157", 1))
	cases := []struct {
		name string
		args []string
		env  map[string]string
		code int
		msg  string
	}{
		{"no command", nil, nil, 2, "Usage:"},
		{"unknown command", []string{"serv"}, nil, 2, `unknown command "serv"`},
		{"unknown flag", []string{"serve", "--adr", "x"}, nil, 2, "flag provided but not defined: -adr"},
		{"stray argument", []string{"serve", "conet.toml"}, nil, 2, `unexpected argument "conet.toml"`},
		{"base URL with a query", []string{"serve", "--base-url", "https://example.org/map/?lang=it"}, nil, 1, "must be an origin and a path only"},
		{"base URL from the environment", []string{"serve"}, map[string]string{"PARTNERMAP_BASE_URL": "example.org"}, 1, "must start with http:// or https://"},
		{"bad data file", []string{"serve", "--data", badData}, nil, 1, badData + ":1:2: missing name"},
		{"bad data file from the environment", []string{"serve"}, map[string]string{"PARTNERMAP_DATA": badData}, 1, "no cities"},
		{"missing data file", []string{"serve", "--data", "/nonexistent/net.toml"}, nil, 1, "no such file"},
		{"a city outside its country", []string{"serve", "--data", swapped}, nil, 1, "did you swap lat and lon?"},
		{"export of a city outside its country", []string{"export", "--data", swapped, "--base-url", "https://map.example.org", t.TempDir()}, nil, 1, "did you swap lat and lon?"},
		{"tiles without attribution", []string{"serve", "--tile-url", "https://t.example.org/{z}/{x}/{y}.png"}, nil, 1, "needs --tile-attribution"},
		{"attribution without tiles", []string{"serve", "--tile-attribution", "x"}, nil, 1, "without --tile-url"},
		{"tiles without placeholders", []string{"serve", "--tile-url", "https://t.example.org/tile.png", "--tile-attribution", "x"}, nil, 1, "lacks {z}"},
		{"tiles on another scheme", []string{"serve", "--tile-url", "ftp://t.example.org/{z}/{x}/{y}.png", "--tile-attribution", "x"}, nil, 1, "must start with https://"},
		{"tiles on a strange host", []string{"serve", "--tile-url", "https://t.example.org;script-src */{z}/{x}/{y}.png", "--tile-attribution", "x"}, nil, 1, "does not name a host"},
		{"tiles with a directive in the query", []string{"serve", "--tile-url", "https://tile.example.org?z={z}&x={x}&y={y};script-src 'unsafe-inline' *;", "--tile-attribution", "x"}, nil, 1, "has a query or a fragment"},
		{"tiles with a directive in the fragment", []string{"serve", "--tile-url", "https://tile.example.org/{z}/{x}/{y}.png#{z}{x}{y};frame-ancestors *", "--tile-attribution", "x"}, nil, 1, "has a query or a fragment"},
		{"tiles with a user", []string{"serve"}, map[string]string{"PARTNERMAP_TILE_URL": "https://u:p@tile.example.org/{z}/{x}/{y}.png", "PARTNERMAP_TILE_ATTRIBUTION": "x"}, 1, "names a user"},
		{"embed origin with a path", []string{"serve", "--embed-origins", "https://www.example.org/news"}, nil, 1, `"https://www.example.org/news" is not an origin`},
		{"embed origin without a scheme", []string{"serve"}, map[string]string{"PARTNERMAP_EMBED_ORIGINS": "https://a.example.org, www.example.org"}, 1, `"www.example.org" is not an origin`},
		{"watch without a data file", []string{"serve", "--watch"}, nil, 1, "--watch needs --data"},
		{"watch from the environment, malformed", []string{"serve"}, map[string]string{"PARTNERMAP_WATCH": "sometimes"}, 2, `PARTNERMAP_WATCH="sometimes"`},
		{"best compression from the environment, malformed", []string{"serve"}, map[string]string{"PARTNERMAP_BEST_COMPRESSION": "later"}, 2, `partnermap serve: PARTNERMAP_BEST_COMPRESSION="later": write true or false`},
		{"address in use or invalid", []string{"serve", "--addr", "256.0.0.1:80"}, nil, 1, "256.0.0.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), tc.args, envOf(tc.env), io.Discard, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d (err %v)", got, tc.code, err)
			}
			msg := stderr.String()
			if err != nil {
				msg += err.Error()
			}
			if !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q lacks %q", msg, tc.msg)
			}
		})
	}
}

// The pass at the best levels after each build is on unless the flag or
// its environment twin turns it off; the flag wins.
func TestBestCompressionFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want bool
	}{
		{nil, nil, true},
		{[]string{"--best-compression=false"}, nil, false},
		{nil, map[string]string{"PARTNERMAP_BEST_COMPRESSION": "false"}, false},
		{[]string{"--best-compression"}, map[string]string{"PARTNERMAP_BEST_COMPRESSION": "0"}, true},
	} {
		cfg, err := parseServe(tc.args, envOf(tc.env), io.Discard, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.best != tc.want {
			t.Errorf("%v %v: best %v, want %v", tc.args, tc.env, cfg.best, tc.want)
		}
	}
}

// syncBuffer is written by the server's logger while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServe(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	env := envOf(map[string]string{
		"PARTNERMAP_ADDR":          addr,
		"PARTNERMAP_BASE_URL":      "https://map.example.org",
		"PARTNERMAP_EMBED_ORIGINS": "https://www.example.org,https://city.example.net",
	})
	go func() { done <- run(ctx, []string{"serve"}, env, io.Discard, &logs) }()

	var body []byte
	for deadline := time.Now().Add(waitLimit); ; {
		resp, err := http.Get("http://" + addr + "/cities/palermo/")
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !bytes.Contains(body, []byte(`<link rel="canonical" href="https://map.example.org/cities/palermo/">`)) {
		t.Errorf("canonical link is not made from PARTNERMAP_BASE_URL")
	}
	resp, err := http.Get("http://" + addr + "/embed/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors 'self' https://www.example.org https://city.example.net") {
		t.Errorf("embed CSP %q does not come from PARTNERMAP_EMBED_ORIGINS", csp)
	}
	resp, err = http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health struct{ Status, Build, Network, File, Version string }
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health.Status != "ok" || health.Build != readBuild().String() || health.Network != "CoNet" || health.File != "conet.toml" || len(health.Version) != 12 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/healthz: %+v, %v", health, resp.Header)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v after shutdown", err)
	}
	for _, want := range []string{"msg=serving", fmt.Sprintf("build=%q", readBuild().String()), "network=CoNet", "data=conet.toml", "url=http://" + addr} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

// check-messages checks a folder of message files: the repository's own
// pass, and a language added with a plural form missing and a placeholder
// misspelt fails with FILE:LINE: message for each.
func TestCheckMessages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sources, err := filepath.Glob("../../data/messages/*.toml")
	if err != nil || len(sources) == 0 {
		t.Fatalf("no message files: %v", err)
	}
	for _, name := range sources {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pl, err := os.ReadFile(filepath.Join(dir, "pl.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// Czech, started as a copy of Polish, which has the same four plural
	// forms: a placeholder is misspelt, and a form is left out.
	cs := strings.Replace(string(pl), `{{.City}} – mapa partnerów {{.Network}}`, `{{.Cty}} – mapa partnerů {{.Network}}`, 1)
	cs = strings.Replace(cs, "[map.cluster]\none = \"{{.Count}} miasto\"\nfew = \"{{.Count}} miasta\"\n", "[map.cluster]\none = \"{{.Count}} město\"\n", 1)
	cases := []commandCase{
		{"the repository's", []string{"../../data/messages"}, 0, fmt.Sprintf("../../data/messages: ok: %d languages", len(sources)), nil},
		{"a language added", []string{dir}, 1, "", []string{
			filepath.Join(dir, "cs.toml") + ":" + lineOf(t, cs, `city = "{{.Cty}}`) + `: "title.city" has {{.Cty}}, which en.toml does not: use only {{.City}}, {{.Network}}`,
			filepath.Join(dir, "cs.toml") + ":" + lineOf(t, cs, "[map.cluster]") + `: "map.cluster" lacks the few form, which Czech uses for 2, 3, 4: add few = "..."`,
		}},
		{"no files", []string{t.TempDir()}, 1, "", []string{"holds no message files"}},
		{"no folder", nil, 2, "", []string{"Usage: partnermap check-messages DIR"}},
	}
	if err := os.WriteFile(filepath.Join(dir, "cs.toml"), []byte(cs), 0o644); err != nil {
		t.Fatal(err)
	}
	runCommand(t, "check-messages", cases)
}

// A network's name with a terminal's escape sequences, a bell, NUL and a
// bidirectional override, as TOML writes it and as it is printed.
const (
	hostileName    = `Net\u001b]0;owned\u0007\u001b[2J\u0000\u202eevil`
	hostileEscaped = `Net\x1b]0;owned\a\x1b[2J\x00\u202eevil`
)

// rawControl reports a character that must not reach a terminal as it is.
func rawControl(r rune) bool { return r == 0x1b || r == 0x07 || r == 0 || r == 0x202e }

// What validate prints from a data file reaches a terminal: escape
// sequences, bells, NUL and bidirectional overrides in it are printed as
// escapes, in the network's name and in problems alike (export: see
// TestExportIntoLink).
func TestPrintedFromDataIsEscaped(t *testing.T) {
	t.Parallel()
	good := writeFile(t, "good.toml", strings.Replace(networkVersion(1), `name = "Net 1"`, `name = "`+hostileName+`"`, 1))
	bad := writeFile(t, "bad.toml", strings.Replace(networkVersion(1), `name = "Net 1"`, `name = "Net 1"`+"\n"+`"k\u001b[31m\u202e" = 1`, 1))
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"validate", good, bad}, noEnv, &stdout, &stderr); exitCode(err) != 1 {
		t.Fatalf("validate: %v", err)
	}
	if strings.ContainsFunc(stdout.String()+stderr.String(), rawControl) {
		t.Errorf("validate prints a control character raw: %q %q", stdout.String(), stderr.String())
	}
	if want := "good.toml: ok: " + hostileEscaped + ", 2 cities, 2 partners"; !strings.Contains(stdout.String(), want) {
		t.Errorf("validate printed %q, want %q", stdout.String(), want)
	}
	if want := `unknown key "network.k\x1b[31m\u202e"`; !strings.Contains(stderr.String(), want) {
		t.Errorf("validate printed %q, want %q", stderr.String(), want)
	}
}

package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"

	"partnermap/components"
	"partnermap/data/datatest"
)

// bestSite serves the two-city network at the best levels, as export
// writes it; small, so that the best levels are quick.
func bestSite(t *testing.T) (*Server, *Site) {
	t.Helper()
	s := testServer(t, datatest.TwoCities())
	site := atBest(t, s.site.Load())
	s.Swap(site)
	return s, site
}

// atBest is the site compressed at the best levels.
func atBest(tb testing.TB, site *Site) *Site {
	tb.Helper()
	better, err := site.Best(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return better
}

// The export of bestSite that tests read, and copy where they need an
// earlier export, precompressed as for nginx: writing ten languages at the
// best levels takes a while.
var (
	exportOnce      sync.Once
	exportedServer  *Server
	exportedSite    *Site
	exportedDir     string
	exportedSummary ExportSummary
	exportedErr     error
)

// precompressed is how the tests export: with .br and .gz twins.
var precompressed = ExportOptions{Version: "test", Precompress: true}

// exported is the shared export, its server and site; read it, do not
// change it.
func exported(t *testing.T) (*Server, *Site, string, ExportSummary) {
	t.Helper()
	exportOnce.Do(func() {
		exportedServer, exportedSite = bestSite(t)
		parent, err := os.MkdirTemp("", "partnermap-export-test-")
		if err != nil {
			exportedErr = err
			return
		}
		exportedDir = filepath.Join(parent, "site")
		exportedSummary, exportedErr = exportedSite.Export(context.Background(), exportedDir, precompressed)
	})
	if exportedErr != nil {
		t.Fatal(exportedErr)
	}
	return exportedServer, exportedSite, exportedDir, exportedSummary
}

// copyExport puts a copy of the shared export at dir, as an earlier export.
func copyExport(t *testing.T, dir string) {
	t.Helper()
	_, _, shared, _ := exported(t)
	if err := os.CopyFS(dir, os.DirFS(shared)); err != nil {
		t.Fatal(err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if exportedDir != "" {
		os.RemoveAll(filepath.Dir(exportedDir))
	}
	os.Exit(code)
}

// listing is every file under dir with its content.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(body)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// entries are the names in a folder.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestExportName(t *testing.T) {
	for p, want := range map[string]string{
		"/":                                "index.html",
		"/cities/palermo/":                 "cities/palermo/index.html",
		"/embed/":                          "embed/index.html",
		"/embed/cities/palermo/":           "embed/cities/palermo/index.html",
		"/embed-builder/":                  "embed-builder/index.html",
		"/fragments/cities/palermo.html":   "fragments/cities/palermo.html",
		"/api/network.geojson":             "api/network.geojson",
		"/static/map.1a2b3c4d5e.js":        "static/map.1a2b3c4d5e.js",
		"/embed.js":                        "embed.js",
		"/favicon.ico":                     "favicon.ico",
		"/oembed/cities/palermo.json":      "oembed/cities/palermo.json",
		"/embed/cities/palermo/?list=0":    "",
		"/fragments/embed/network.html?x=": "",
		"/it/":                             "it/index.html",
		"/cities/palermo":                  "",
	} {
		got, ok := ExportName(p)
		if got != want || ok != (want != "") {
			t.Errorf("ExportName(%q) = %q, %v; want %q", p, got, ok, want)
		}
	}
}

// Every file is the bytes the site answers for its address, in each
// coding; nothing else is written but the 404 page, _headers and the
// marker.
func TestExportWritesTheSitesBytes(t *testing.T) {
	s, site, dir, summary := exported(t)
	files := listing(t, dir)
	var total int64
	for _, body := range files {
		total += int64(len(body))
	}
	if summary.Files != len(files) || summary.Bytes != total || summary.Dir != dir {
		t.Errorf("summary %+v; %d files, %d bytes in %s", summary, len(files), total, dir)
	}
	// Other languages are rendered when asked for, and compressed quickly
	// for the visitor waiting; the export compresses them at the best
	// levels, so their codings are checked by what they decode to.
	check := func(name string, r *Resource, exact bool) {
		if files[name] != string(r.Body()) {
			t.Errorf("%s differs from the site's body", name)
		}
		for ext, v := range map[string]*variant{".br": r.brotli, ".gz": r.gzip} {
			body, ok := files[name+ext]
			switch {
			case (v != nil) != ok:
				t.Errorf("%s%s: written %v, the site has it %v", name, ext, ok, v != nil)
			case v != nil && exact && body != string(v.body):
				t.Errorf("%s%s differs from the site's", name, ext)
			case v != nil && !exact && decoded(t, ext, body) != files[name]:
				t.Errorf("%s%s does not decode to the body", name, ext)
			}
			delete(files, name+ext)
		}
		delete(files, name)
	}
	defaults, localized, translations := 0, 0, 0
	for _, p := range site.Paths() {
		name, ok := ExportName(p)
		if !ok {
			continue
		}
		lang, _ := components.SplitLanguage(p)
		if l, _ := site.find(p, ""); lang == "" && l != nil {
			localized++
		}
		if lang == "" {
			defaults++
		} else {
			translations++
		}
		r := lookup(t, site, p, "")
		// Tiles are drawn when asked for, as other languages are.
		check(name, r, lang == "" && !isTile(p))
	}
	if others := len(site.languages.Languages()) - 1; defaults < 2*6 || translations != others*localized {
		t.Fatalf("%d addresses exported in the default language, %d in the others", defaults, translations)
	}
	check("404.html", site.notFound[""], true)
	if !strings.HasPrefix(files[ExportMarker], "partnermap export\nversion test") {
		t.Errorf("marker %q", files[ExportMarker])
	}
	delete(files, ExportMarker)
	delete(files, HeadersFile)
	if len(files) != 0 {
		t.Errorf("files for no address: %v", slices.Sorted(func(yield func(string) bool) {
			for f := range files {
				if !yield(f) {
					return
				}
			}
		}))
	}

	// The oEmbed files are what the endpoint answers.
	for file, page := range map[string]string{"oembed/network.json": "/", "oembed/cities/palermo.json": "/cities/palermo/"} {
		body, err := os.ReadFile(filepath.Join(dir, file))
		r := oembedGet(t, s, url.Values{"url": {testBaseURL + page}, "format": {"json"}})
		if err != nil || r.StatusCode != 200 || !bytes.Equal(body, r.body) {
			t.Errorf("%s: %v, %s; the endpoint answers %s", file, err, body, r.body)
		}
	}
}

// By default each response is written once, without the .br and .gz
// twins that only a host configured for them uses: the same files as a
// precompressed export, less the twins, with the same bytes.
func TestExportWithoutTwins(t *testing.T) {
	_, site, shared, twinned := exported(t)
	dir := filepath.Join(t.TempDir(), "site")
	plain, err := site.Export(context.Background(), dir, ExportOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	want := listing(t, shared)
	twins := 0
	for name := range want {
		if strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			delete(want, name)
			twins++
		}
	}
	got := listing(t, dir)
	t.Logf("%d files precompressed, %d without twins", twinned.Files, plain.Files)
	if twins == 0 || plain.Files != len(got) || plain.Files != twinned.Files-twins || !maps.Equal(got, want) {
		t.Errorf("%d files written (%d listed), %d precompressed with %d twins; the files differ: %v", plain.Files, len(got), twinned.Files, twins, !maps.Equal(got, want))
	}
	var total int64
	for _, body := range got {
		total += int64(len(body))
	}
	if plain.Bytes != total {
		t.Errorf("%d bytes said, %d written", plain.Bytes, total)
	}
}

// An export says when it passes a common host's limits.
func TestExportWarnings(t *testing.T) {
	for _, tc := range []struct {
		summary ExportSummary
		want    []string
	}{
		{ExportSummary{Files: 20000, Bytes: 1_000_000_000}, nil},
		{ExportSummary{Files: 20001, Bytes: 10}, []string{"20,001 files, more than the 20,000 that Cloudflare Pages takes"}},
		{ExportSummary{Files: 10, Bytes: 1_000_000_001}, []string{"1,000,000,001 bytes, more than the 1 GB that GitHub Pages allows"}},
		{ExportSummary{Files: 381204, Bytes: 2_500_000_000}, []string{"381,204 files", "2,500,000,000 bytes"}},
	} {
		got := tc.summary.Warnings()
		if len(got) != len(tc.want) {
			t.Errorf("%+v: %q, want %d warnings", tc.summary, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("%+v: %q, want it to start %q", tc.summary, got[i], w)
			}
		}
	}
}

// _headers gives every address the headers the server sends, with no
// header set by two rules that match one address (hosts would join them).
// The rules of _headers come in one order: a folder's before its page's.
func TestByPattern(t *testing.T) {
	patterns := []string{"/it/", "/static/*", "/", "/it/*", "/*", "/404.html", "/cities/*"}
	slices.SortFunc(patterns, byPattern)
	if want := []string{"/*", "/", "/404.html", "/cities/*", "/it/*", "/it/", "/static/*"}; !slices.Equal(patterns, want) {
		t.Errorf("%q, want %q", patterns, want)
	}
}

func TestExportHeadersFile(t *testing.T) {
	s, site, dir, _ := exported(t)
	raw, err := os.ReadFile(filepath.Join(dir, HeadersFile))
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]map[string]string{}
	var pattern string
	for line := range strings.SplitSeq(string(raw), "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "  "):
			name, value, _ := strings.Cut(strings.TrimSpace(line), ": ")
			rules[pattern][name] = value
		default:
			pattern = line
			rules[pattern] = map[string]string{}
		}
	}
	headersFor := func(address string) map[string]string {
		h := map[string]string{}
		for p, set := range rules {
			prefix, wild := strings.CutSuffix(p, "*")
			if address != p && !(wild && strings.HasPrefix(address, prefix)) {
				continue
			}
			for name, value := range set {
				if _, twice := h[name]; twice {
					t.Errorf("%s: %s set by two rules", address, name)
				}
				h[name] = value
			}
		}
		return h
	}
	addresses := map[string]string{"/404.html": "/nowhere"}
	for _, p := range site.Paths() {
		if _, ok := ExportName(p); ok {
			addresses[p] = p
		}
	}
	for address, p := range addresses {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		r := do(t, s, req)
		got := headersFor(address)
		want := http.Header{}
		for name := range got {
			want[http.CanonicalHeaderKey(name)] = r.Header[http.CanonicalHeaderKey(name)]
		}
		for _, name := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Resource-Policy",
			"Cross-Origin-Opener-Policy", "Permissions-Policy", "Cache-Control", "Access-Control-Allow-Origin"} {
			if r.Header.Get(name) != got[name] {
				t.Errorf("%s: %s %q in _headers, %q from the server", address, name, got[name], r.Header.Get(name))
			}
		}
	}
	if !strings.Contains(string(raw), "/static/*\n") || !strings.Contains(string(raw), "/embed/*\n") || !strings.Contains(string(raw), "/previews/*\n") {
		t.Errorf("folders without rules of their own:\n%s", raw)
	}
	// Rules go by folder, so their number does not grow with the network:
	// Cloudflare Pages takes 100 at most.
	for p := range rules {
		if strings.Contains(p, "palermo") {
			t.Errorf("a rule of one city's own: %s", p)
		}
	}
	if len(rules) >= 100 {
		t.Errorf("%d rules", len(rules))
	}
}

func TestExportRefusesAForeignFolder(t *testing.T) {
	_, site, _, _ := exported(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "documents")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "thesis.txt"), []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := site.Export(context.Background(), dir, precompressed)
	if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), ExportMarker) {
		t.Fatalf("error %v", err)
	}
	if got := listing(t, dir); len(got) != 1 || got["thesis.txt"] != "years of work" {
		t.Errorf("the folder changed: %v", got)
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"documents"}) {
		t.Errorf("left beside it: %v", got)
	}
	file := filepath.Join(parent, "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := site.Export(context.Background(), file, precompressed); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("exporting into a file: %v", err)
	}
}

// An export replaces an earlier one whole: a precompressed export, and a
// file added to it, replaced by an export without twins leave no file
// behind, and the folder holds what the new export wrote alone. (It is
// the shared export without its twins: TestExportWithoutTwins.)
func TestExportReplacesAnEarlierExport(t *testing.T) {
	_, site, shared, _ := exported(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	copyExport(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "cities", "gone.html"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	second, err := site.Export(context.Background(), dir, ExportOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "cities", "gone.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file of the earlier export is left: %v", err)
	}
	want := listing(t, shared)
	for name := range want {
		if strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			delete(want, name)
		}
	}
	if got := listing(t, dir); second.Files != len(want) || !maps.Equal(got, want) {
		var left []string
		for name := range got {
			if _, ok := want[name]; !ok {
				left = append(left, name)
			}
		}
		t.Errorf("%d files written, %d in the folder, want %d; left of the earlier export: %v", second.Files, len(got), len(want), left)
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"site"}) {
		t.Errorf("left beside it: %v", got)
	}
	// An empty folder is taken too.
	empty := filepath.Join(parent, "empty")
	os.Mkdir(empty, 0o755)
	if replace, err := CheckExportTarget(empty); !replace || err != nil {
		t.Errorf("an empty folder: replace %v, %v", replace, err)
	}
}

// A write that fails half-way leaves no temporary folder, and the target
// as it was: an earlier export, or nothing.
func TestExportFailureLeavesTheTargetAsItWas(t *testing.T) {
	_, site, _, _ := exported(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	copyExport(t, dir)
	before := listing(t, dir)

	var mu sync.Mutex
	writes := 0
	diskFull := func(name string, body []byte, perm os.FileMode) error {
		mu.Lock()
		defer mu.Unlock()
		if writes++; writes > 20 {
			return errors.New("disk full")
		}
		return os.WriteFile(name, body, perm)
	}

	if _, err := site.export(context.Background(), dir, precompressed, diskFull); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v", err)
	}
	if after := listing(t, dir); len(after) != len(before) {
		t.Errorf("%d files after the failure, %d before", len(after), len(before))
	} else {
		for name, body := range before {
			if after[name] != body {
				t.Errorf("%s changed", name)
			}
		}
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"site"}) {
		t.Errorf("left beside it: %v", got)
	}
	writes = 0
	fresh := filepath.Join(parent, "fresh")
	if _, err := site.export(context.Background(), fresh, precompressed, diskFull); err == nil {
		t.Fatal("no error")
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"site"}) {
		t.Errorf("after a failed first export: %v", got)
	}

	// Interrupted, the same.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := site.Export(ctx, dir, precompressed); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
	if after := listing(t, dir); len(after) != len(before) {
		t.Errorf("%d files after the interruption, %d before", len(after), len(before))
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"site"}) {
		t.Errorf("after an interrupted export: %v", got)
	}
}

// The nginx configuration of docs/running.md sends the headers the server
// sends with the default options.
func TestNginxConfigHeaders(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("export", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := string(raw)
	value := `("([^"]*)"|([^\s;]+))`
	vars := map[string]string{}
	var embedAncestors string
	for _, m := range regexp.MustCompile(`(?m)^\s*(location ~ \S+/embed/ \{\n\s*)?set \$(\w+) `+value+`;`).FindAllStringSubmatch(conf, -1) {
		v := m[4] + m[5]
		if _, seen := vars[m[2]]; !seen {
			vars[m[2]] = v
		}
		if m[1] != "" && m[2] == "partnermap_frame_ancestors" {
			embedAncestors = v
		}
	}
	sent := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^add_header (\S+) `+value+` always;`).FindAllStringSubmatch(conf, -1) {
		sent[m[1]] = m[3] + m[4]
	}
	expand := func(s string, vars map[string]string) string {
		return regexp.MustCompile(`\$\w+`).ReplaceAllStringFunc(s, func(name string) string { return vars[name[1:]] })
	}
	site := testServer(t, "").site.Load()
	for _, h := range site.headers {
		if h[0] == "Strict-Transport-Security" {
			continue // added beside the include on https, as the comment says
		}
		if got := expand(sent[h[0]], vars); got != h[1] {
			t.Errorf("%s: nginx sends %q, the server %q", h[0], got, h[1])
		}
	}
	embedVars := maps.Clone(vars)
	embedVars["partnermap_frame_ancestors"] = embedAncestors
	if got, want := expand(sent["Content-Security-Policy"], embedVars), testBuilder(t).embedHeaders[0][1]; got != want {
		t.Errorf("embeds: nginx sends %q, the server %q", got, want)
	}
}

// decoded is a file's body decoded from its coding, .br or .gz.
func decoded(t *testing.T, ext, body string) string {
	t.Helper()
	var r io.Reader = brotli.NewReader(strings.NewReader(body))
	if ext == ".gz" {
		var err error
		if r, err = gzip.NewReader(strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

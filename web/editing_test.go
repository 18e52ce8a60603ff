package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/store"
	"partnermap/web/admin"
)

// openStore opens a data folder's store, as serve does.
func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir, store.Options{Mode: store.LastGood})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// editingServer serves the default network with editing on, its data
// file, users file and state in a temporary folder.
func editingServer(t *testing.T) *Server {
	t.Helper()
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	os.Mkdir(dataDir, 0o755)
	os.WriteFile(filepath.Join(dataDir, "conet.toml"), data.DefaultSource(), 0o644)
	cheap := account.Params{Memory: 64, Time: 1, Threads: 1}
	hash, _ := cheap.Hash("violet kettle under the bridge")
	us := &account.Users{}
	us.Put(account.User{Name: "anna", Role: account.Admin, Password: hash})
	users := filepath.Join(dir, "users.toml")
	if err := account.SaveUsers(users, us); err != nil {
		t.Fatal(err)
	}
	assets := testBuilder(t).Assets()
	a, err := admin.New(admin.Config{
		Users: users, State: filepath.Join(dir, "state"),
		Store: openStore(t, dataDir), MaxSize: data.DefaultMaxSize,
		BaseURL: testBaseURL, Stylesheets: []string{assets.SiteCSS, assets.AdminCSS}, Favicon: assets.Favicon,
		Log: slog.New(slog.DiscardHandler), Hasher: cheap,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	defaultOnce.Do(func() { defaultSite = build(t, string(data.DefaultSource())) })
	return NewServer(defaultSite, slog.New(slog.DiscardHandler), Editing(a))
}

// Without editing no /admin address exists: each is the site's 404, as
// any unknown address; with it, they are the admin's, under the site's
// security headers, while the public site answers as before.
func TestEditingIsOffUnlessAsked(t *testing.T) {
	off := testServer(t, "")
	for _, path := range []string{"/admin", "/admin/", "/admin/sign-in", "/admin/networks/conet/"} {
		if r := get(t, off, path); r.StatusCode != http.StatusNotFound {
			t.Errorf("without editing, GET %s: %d, want 404", path, r.StatusCode)
		}
	}
	if r := do(t, off, httptest.NewRequest(http.MethodPost, "/admin/sign-in", strings.NewReader("name=anna"))); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("without editing, POST /admin/sign-in: %d, want 405 as every POST", r.StatusCode)
	}
	if off.App().Config().BodyLimit != 16*1024 {
		t.Errorf("without editing, requests may carry %d bytes", off.App().Config().BodyLimit)
	}

	on := editingServer(t)
	r := get(t, on, "/admin/sign-in")
	if r.StatusCode != http.StatusOK || !strings.Contains(string(r.body), `<button type="submit">Sign in</button>`) {
		t.Fatalf("with editing, the sign-in page: %d", r.StatusCode)
	}
	public := get(t, off, "/")
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Strict-Transport-Security", "Cross-Origin-Opener-Policy"} {
		if got, want := r.Header.Get(h), public.Header.Get(h); got != want || got == "" {
			t.Errorf("%s on the sign-in page: %q, on the public pages %q", h, got, want)
		}
	}
	if !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("X-Robots-Tag") != "noindex, nofollow" {
		t.Errorf("the sign-in page may be framed, cached or indexed: %v", r.Header)
	}
	doc := document(t, r)
	if n := doc.Find(`link[rel=stylesheet]`).Length(); n != 2 {
		t.Errorf("the sign-in page loads %d stylesheets, want the site's and the admin's", n)
	}
	doc.Find(`link[rel=stylesheet], link[rel=icon]`).Each(func(_ int, l *goquery.Selection) {
		if href := l.AttrOr("href", ""); get(t, on, href).StatusCode != http.StatusOK {
			t.Errorf("%s is not served", href)
		}
	})
	for _, page := range []string{"/", "/cities/palermo/"} {
		if strings.Contains(string(get(t, off, page).body), "admin.") {
			t.Errorf("%s loads the editing pages' stylesheet", page)
		}
	}
	if r := get(t, on, "/"); r.StatusCode != http.StatusOK || !strings.Contains(string(r.body), "CoNet") {
		t.Errorf("with editing, the network page: %d", r.StatusCode)
	}
	if r := do(t, on, httptest.NewRequest(http.MethodPost, "/", nil)); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("with editing, POST /: %d, want 405", r.StatusCode)
	}
	if r := get(t, on, "/administrator"); r.StatusCode != http.StatusNotFound {
		t.Errorf("with editing, /administrator: %d, want the site's 404", r.StatusCode)
	}
}

// The export writes the site: nothing of /admin.
func TestExportHasNoAdmin(t *testing.T) {
	_, site, dir, _ := exported(t)
	for p := range listing(t, dir) {
		if strings.HasPrefix(p, "admin") {
			t.Errorf("the export wrote %s", p)
		}
	}
	for _, p := range site.Paths() {
		if strings.HasPrefix(p, "/admin") {
			t.Errorf("the site lists %s", p)
		}
	}
}

// An upload over the body limit is refused before it is read, with the
// editing pages' words for it, how large a file may be, under the site's
// security headers; the public site's words for a body too large stay
// its own.
func TestUploadOverTheLimit(t *testing.T) {
	addr := listen(t, editingServer(t))
	post := func(path string) string {
		return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n" + strings.Repeat("x", 1024)
	}
	status, header, body := rawRequest(t, addr, post("/admin/networks/conet/upload"))
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "<h1>Too large</h1>") || !strings.Contains(body, "The file is larger than 4 MB, the most an upload takes.") {
		t.Errorf("%d:\n%s", status, body)
	}
	if !strings.Contains(header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || header.Get("Cache-Control") != "no-store" || header.Get("X-Robots-Tag") == "" {
		t.Errorf("headers: %v", header)
	}
	if status, _, body := rawRequest(t, addr, post("/")); status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "Request too large") {
		t.Errorf("the public site: %d:\n%s", status, body)
	}
}

package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/data"
	"partnermap/data/account"
	"partnermap/web/admin"
)

// previewing is a server with editing on and previews, over a data folder
// of the files given, and a browser signed in as anna, an admin.
type previewing struct {
	t       *testing.T
	server  *Server
	dataDir string
	cookies map[string]string
}

func newPreviewing(t *testing.T, files map[string]string, dataFile string) *previewing {
	t.Helper()
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	os.Mkdir(dataDir, 0o755)
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dataDir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cheap := account.Params{Memory: 64, Time: 1, Threads: 1}
	hash, _ := cheap.Hash("violet kettle under the bridge")
	us := &account.Users{}
	us.Put(account.User{Name: "anna", Role: account.Admin, Password: hash})
	users := filepath.Join(dir, "users.toml")
	if err := account.SaveUsers(users, us); err != nil {
		t.Fatal(err)
	}
	path := dataDir
	if dataFile != "" {
		path = filepath.Join(dataDir, dataFile)
	}
	st := openStore(t, path)
	b := testBuilder(t)
	assets := b.Assets()
	a, err := admin.New(admin.Config{
		Users: users, State: filepath.Join(dir, "state"),
		Store: st, Previews: Previews(b, st), MaxSize: data.DefaultMaxSize,
		BaseURL: testBaseURL, Stylesheets: []string{assets.SiteCSS, assets.AdminCSS}, Favicon: assets.Favicon,
		Log: slog.New(slog.DiscardHandler), Hasher: cheap,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	snap := st.Snapshot()
	var site *Site
	if snap.Atlas != nil {
		site, err = b.BuildAtlas(snap.Atlas)
	} else {
		site, err = b.Build(snap.Network)
	}
	if err != nil {
		t.Fatal(err)
	}
	p := &previewing{t: t, server: NewServer(site, slog.New(slog.DiscardHandler), Editing(a)), dataDir: dataDir, cookies: map[string]string{}}
	page := p.get("/admin/sign-in")
	token := document(t, page).Find("input[name=token]").AttrOr("value", "")
	if r := p.post("/admin/sign-in", url.Values{"token": {token}, "name": {"anna"}, "password": {"violet kettle under the bridge"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in: %d", r.StatusCode)
	}
	return p
}

func (p *previewing) do(req *http.Request) response {
	p.t.Helper()
	for k, v := range p.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	r := do(p.t, p.server, req)
	for _, c := range r.Cookies() {
		p.cookies[c.Name] = c.Value
	}
	return r
}

func (p *previewing) get(path string) response {
	return p.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (p *previewing) post(path string, form url.Values) response {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return p.do(req)
}

// saveDraft saves a draft of a network with its text changed, and returns
// the draft's page.
func (p *previewing) saveDraft(network string, change func(string) string) string {
	p.t.Helper()
	editor := document(p.t, p.get("/admin/networks/"+network+"/"))
	form := url.Values{
		"csrf": {editor.Find("input[name=csrf]").First().AttrOr("value", "")},
		"base": {editor.Find("input[name=base]").AttrOr("value", "")},
		"text": {change(editor.Find("textarea[name=text]").Text())},
	}
	r := p.post("/admin/networks/"+network+"/drafts", form)
	if r.StatusCode != http.StatusSeeOther {
		p.t.Fatalf("saving a draft: %d\n%s", r.StatusCode, r.body)
	}
	return strings.TrimSuffix(r.Header.Get("Location"), "?saved=1")
}

// otherLanguage reports whether a path is in a language other than the
// default and Italian, which a crawl reads for them all.
func otherLanguage(path string) bool {
	lang, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return len(lang) == 2 && lang != "it"
}

// A draft's preview is its network's site as publishing would make it,
// built by the public site's builder with every address under the
// preview's: each page says noindex, no answer may be kept by a shared
// cache, none is a sitemap, and the security headers are the public
// pages'. The public site does not change; a stranger is sent to sign in.
func TestDraftPreview(t *testing.T) {
	p := newPreviewing(t, map[string]string{"conet.toml": string(data.DefaultSource())}, "conet.toml")
	draft := p.saveDraft("conet", func(s string) string {
		return strings.Replace(s, `focus_area = "Ballarò"`, `focus_area = "Ballarò and the Kalsa"`, 1)
	})
	page := document(t, p.get(draft))
	root := draft + "preview"
	if href := page.Find(`a[href^="`+root+`"]`).AttrOr("href", ""); href != root+"/" {
		t.Errorf("the draft's page leads to the preview at %q, want %s/", href, root)
	}
	if got := page.Find(".admin-table td").Text(); !strings.Contains(got, "Ballarò and the Kalsa") {
		t.Errorf("the changes by field: %q", got)
	}
	if got := page.Find(".admin-diff__line--add").Text(); got != `+focus_area = "Ballarò and the Kalsa"` {
		t.Errorf("the line added: %q", got)
	}
	if got := page.Find(".admin-diff__line--remove").Text(); got != `-focus_area = "Ballarò"` {
		t.Errorf("the line removed: %q", got)
	}
	public := get(t, p.server, "/cities/palermo/")
	// Crawl the preview from its root: every address it links to under
	// the preview's path answers, privately.
	seen := map[string]bool{root + "/": true}
	queue := []string{root + "/"}
	pages := 0
	for len(queue) > 0 && len(seen) < 400 {
		path := queue[0]
		queue = queue[1:]
		r := p.get(path)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, r.StatusCode)
			continue
		}
		if got := r.Header.Get("Cache-Control"); got != "private, no-store" {
			t.Errorf("%s: Cache-Control %q", path, got)
		}
		if got := r.Header.Get("X-Robots-Tag"); !strings.Contains(got, "noindex") {
			t.Errorf("%s: X-Robots-Tag %q", path, got)
		}
		if got, want := r.Header.Get("Content-Security-Policy"), public.Header.Get("Content-Security-Policy"); got != want {
			t.Errorf("%s: CSP %q, the public pages' %q", path, got, want)
		}
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages++
		doc := document(t, r)
		if doc.Find(`head meta[name=robots][content=noindex]`).Length() != 1 {
			t.Errorf("%s does not say noindex", path)
		}
		for _, attr := range []string{"href", "src"} {
			doc.Find("[" + attr + "]").Each(func(_ int, s *goquery.Selection) {
				u, err := url.Parse(s.AttrOr(attr, ""))
				if err != nil || u.Host != "" || u.Path == "" {
					return
				}
				switch {
				case strings.HasPrefix(u.Path, "/static/") && !strings.HasPrefix(u.Path, "/static/tiles/"):
					// The public site's fingerprinted assets, the same bytes.
				case !strings.HasPrefix(u.Path, root+"/"):
					if s.Is("link[rel=canonical], link[rel=alternate]") {
						return
					}
					t.Errorf("%s leads out of the preview, to %s", path, u.Path)
				case otherLanguage(strings.TrimPrefix(u.Path, root)):
					// The same pages in the other languages: one is read.
				case !seen[u.Path]:
					seen[u.Path] = true
					queue = append(queue, u.Path)
				}
			})
		}
	}
	if pages < 15 {
		t.Errorf("the crawl reached %d pages", pages)
	}
	t.Logf("the crawl of the preview read %d addresses, %d of them pages", len(seen), pages)
	palermo := p.get(root + "/cities/palermo/")
	if !strings.Contains(string(palermo.body), "Ballarò and the Kalsa") {
		t.Error("the preview does not show the draft")
	}
	if strings.Contains(string(public.body), "Ballarò and the Kalsa") {
		t.Error("the public site shows the draft")
	}
	for _, path := range []string{"/sitemap.xml", "/sitemaps/en.xml", "/robots.txt"} {
		if r := p.get(root + path); r.StatusCode != http.StatusNotFound {
			t.Errorf("the preview's %s: %d, want 404", path, r.StatusCode)
		}
	}
	if strings.Contains(string(get(t, p.server, "/sitemaps/en.xml").body), "/admin") {
		t.Error("the public sitemap lists an editing page")
	}
	if r := get(t, p.server, root+"/cities/palermo/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/sign-in") {
		t.Errorf("a stranger asking for the preview: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := p.get(root + "/cities/palermo"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != root+"/cities/palermo/" {
		t.Errorf("an address of the preview without its slash: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	// A draft with problems has no site to show: its problems instead.
	broken := p.saveDraft("conet", func(s string) string { return strings.Replace(s, `country = "IT"`, `country = "Italy"`, 1) })
	if r := p.get(broken + "preview/"); r.StatusCode != http.StatusConflict || !strings.Contains(document(t, r).Find("main").Text(), "country") {
		t.Errorf("the preview of a draft with problems: %d", r.StatusCode)
	}
}

// In an atlas, a draft's preview is the whole atlas with the draft's
// network as publishing would make it; the draft's page leads to the
// network's section.
func TestAtlasDraftPreview(t *testing.T) {
	other := strings.NewReplacer(`slug = "conet"`, `slug = "other"`, `name = "CoNet"`, `name = "Other"`).Replace(string(data.DefaultSource()))
	p := newPreviewing(t, map[string]string{"conet.toml": string(data.DefaultSource()), "other.toml": other}, "")
	draft := p.saveDraft("other", func(s string) string { return strings.Replace(s, `name = "Other"`, `name = "Another"`, 1) })
	href := document(t, p.get(draft)).Find(`a[href*="/preview/"]`).AttrOr("href", "")
	if href != draft+"preview/networks/other/" {
		t.Fatalf("the preview's link: %q", href)
	}
	r := p.get(href)
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(document(t, r).Find("h1").First().Text(), "Another") {
		t.Errorf("the network's page in the preview: %d, %q", r.StatusCode, document(t, r).Find("h1").First().Text())
	}
	home := document(t, p.get(draft+"preview/"))
	if home.Find(`a[href="`+draft+`preview/networks/other/"]`).Length() == 0 {
		t.Error("the atlas's home in the preview does not lead to the network")
	}
	if strings.Contains(string(get(t, p.server, "/networks/other/").body), "Another") {
		t.Error("the public site shows the draft")
	}
}

// A version of a network in its history has a preview too: the network
// as in that version.
func TestVersionPreview(t *testing.T) {
	p := newPreviewing(t, map[string]string{"conet.toml": string(data.DefaultSource())}, "conet.toml")
	for _, name := range []string{"Berlin (DE)", "Berlin, Germany"} {
		draft := p.saveDraft("conet", func(s string) string {
			return strings.Replace(strings.Replace(s, `name = "Berlin (DE)"`, `name = "Berlin"`, 1), `name = "Berlin"`, `name = "`+name+`"`, 1)
		})
		page := document(t, p.get(draft))
		r := p.post(draft+"publish", url.Values{"csrf": {page.Find("input[name=csrf]").First().AttrOr("value", "")}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("publishing %s: %d\n%s", name, r.StatusCode, r.body)
		}
	}
	history := document(t, p.get("/admin/networks/conet/history/"))
	href := history.Find(".admin-version").Eq(1).Find(`a[href$="/preview/"]`).AttrOr("href", "")
	if href == "" {
		t.Fatal("the older version has no preview")
	}
	r := p.get(href + "cities/berlin/")
	if r.StatusCode != http.StatusOK || !strings.Contains(document(t, r).Find("h1, h2").Text(), "Berlin (DE)") || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("the older version's preview of Berlin: %d, %q", r.StatusCode, document(t, r).Find("h1, h2").Text())
	}
}

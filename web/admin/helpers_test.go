package admin

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/store"
)

// cheap are argon2id's costs in tests: the same algorithm, less memory.
var cheap = account.Params{Memory: 64, Time: 1, Threads: 1}

// clock is a clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// password is every test account's.
const password = "violet kettle under the bridge"

// fixture is an admin serving a data folder with CoNet and a second
// network, with accounts anna (admin), ben (editor of conet), carla
// (maintainer of conet) and dino (editor of other).
type fixture struct {
	t        *testing.T
	admin    *Admin
	app      *fiber.App
	clock    *clock
	cfg      Config
	dataDir  string
	usersLog *lockedLog
}

func newFixture(t *testing.T, edit ...func(*Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	os.Mkdir(dataDir, 0o755)
	if err := os.WriteFile(filepath.Join(dataDir, "conet.toml"), data.DefaultSource(), 0o644); err != nil {
		t.Fatal(err)
	}
	other := strings.Replace(string(data.DefaultSource()), `slug = "conet"`, `slug = "other"`, 1)
	other = strings.Replace(other, `name = "CoNet"`, `name = "Other"`, 1)
	if err := os.WriteFile(filepath.Join(dataDir, "other.toml"), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	hash, err := cheap.Hash(password)
	if err != nil {
		t.Fatal(err)
	}
	us := &account.Users{}
	for _, u := range []account.User{
		{Name: "anna", Role: account.Admin, Password: hash},
		{Name: "ben", Role: account.Editor, Networks: []string{"conet"}, Password: hash},
		{Name: "carla", Role: account.Maintainer, Networks: []string{"conet"}, Password: hash},
		{Name: "dino", Role: account.Editor, Networks: []string{"other"}, Password: hash},
	} {
		if err := us.Put(u); err != nil {
			t.Fatal(err)
		}
	}
	usersPath := filepath.Join(dir, "users.toml")
	if err := account.SaveUsers(usersPath, us); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dataDir, store.Options{Mode: store.LastGood})
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	logs := &lockedLog{}
	cfg := Config{
		Users:       usersPath,
		State:       filepath.Join(dir, "state"),
		Store:       st,
		Networks:    &DataFiles{Path: dataDir, MaxSize: data.DefaultMaxSize},
		MaxSize:     data.DefaultMaxSize,
		BaseURL:     "http://127.0.0.1:8080",
		Stylesheets: []string{"/static/site.css", "/static/admin.css"},
		Favicon:     "/static/favicon.svg",
		Log:         slog.New(slog.NewTextHandler(logs, nil)),
		Now:         c.Now,
		Hasher:      cheap,
	}
	for _, e := range edit {
		e(&cfg)
	}
	f := &fixture{t: t, clock: c, cfg: cfg, dataDir: dataDir, usersLog: logs}
	f.open()
	t.Cleanup(func() { f.admin.Close() })
	return f
}

// open makes the admin anew from the same folders, as a restart does.
func (f *fixture) open() {
	f.t.Helper()
	a, err := New(f.cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	f.admin = a
	// Errors no handler of the admin answers, such as a body over the
	// limit, are the admin's, as the server makes them.
	f.app = fiber.New(fiber.Config{StrictRouting: true, CaseSensitive: true, BodyLimit: a.BodyLimit(),
		ErrorHandler: func(c *fiber.Ctx, err error) error { return a.Error(c, err) }})
	a.Mount(f.app)
}

// restart closes the admin and opens it again.
func (f *fixture) restart() {
	f.t.Helper()
	if err := f.admin.Close(); err != nil {
		f.t.Fatal(err)
	}
	f.open()
}

// saveUsers rewrites the users file with change applied, and reloads it.
func (f *fixture) saveUsers(change func(*account.Users)) {
	f.t.Helper()
	us, err := account.LoadUsers(f.cfg.Users)
	if err != nil {
		f.t.Fatal(err)
	}
	change(us)
	if err := account.SaveUsers(f.cfg.Users, us); err != nil {
		f.t.Fatal(err)
	}
	f.admin.ReloadUsers()
}

// lockedLog is the admin's log as the tests read it, while the watcher of
// the users file may write to it.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// browser is a client with a cookie jar, as a browser sends requests.
type browser struct {
	f       *fixture
	cookies map[string]*http.Cookie
	headers map[string]string
}

func (f *fixture) browser() *browser {
	return &browser{f: f, cookies: map[string]*http.Cookie{}, headers: map[string]string{}}
}

// response is an answer read whole.
type response struct {
	status int
	header http.Header
	body   string
	doc    *goquery.Document
}

func (r response) location() string { return r.header.Get("Location") }

func (b *browser) do(method, target string, form url.Values) response {
	b.f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return b.send(req)
}

// send sends a request with the browser's headers and cookies, and keeps
// the cookies of the answer.
func (b *browser) send(req *http.Request) response {
	b.f.t.Helper()
	for k, v := range b.headers {
		req.Header.Set(k, v)
	}
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := b.f.app.Test(req, -1)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 || c.Value == "" || (!c.Expires.IsZero() && c.Expires.Before(time.Now())) {
			delete(b.cookies, c.Name)
			continue
		}
		b.cookies[c.Name] = c
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(raw)))
	return response{status: res.StatusCode, header: res.Header, body: string(raw), doc: doc}
}

func (b *browser) get(target string) response { return b.do(http.MethodGet, target, nil) }

// submit sends a page's form, found by its action, with its hidden fields
// and the values given.
func (b *browser) submit(page response, action string, values map[string]string) response {
	b.f.t.Helper()
	form := page.doc.Find(`form[action="` + action + `"]`)
	if form.Length() == 0 {
		b.f.t.Fatalf("no form posts to %s on the page:\n%s", action, page.body)
	}
	v := url.Values{}
	form.Find("input[name]:not([type=password]), textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		value, _ := s.Attr("value")
		if goquery.NodeName(s) == "textarea" {
			value = s.Text()
		}
		v.Set(name, value)
	})
	for k, x := range values {
		v.Set(k, x)
	}
	return b.do(http.MethodPost, action, v)
}

// signIn signs in by the form, as a person does.
func (b *browser) signIn(name, pw string) response {
	b.f.t.Helper()
	page := b.get("/admin/sign-in")
	return b.submit(page, "/admin/sign-in", map[string]string{"name": name, "password": pw})
}

// mustSignIn signs in and fails the test unless it worked.
func (b *browser) mustSignIn(name string) {
	b.f.t.Helper()
	if r := b.signIn(name, password); r.status != http.StatusSeeOther || r.location() != "/admin/" {
		b.f.t.Fatalf("signing in as %s: %d to %q\n%s", name, r.status, r.location(), r.body)
	}
}

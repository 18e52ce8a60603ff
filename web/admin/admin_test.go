package admin

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"partnermap/data/account"
)

// crawl follows every link and form of the admin pages an admin sees,
// from /admin/, and returns each address once with the method it is
// reached by.
func crawl(t *testing.T, b *browser) map[string]string {
	t.Helper()
	seen := map[string]string{"/admin/": http.MethodGet}
	queue := []string{"/admin/"}
	for len(queue) > 0 {
		page := b.get(queue[0])
		queue = queue[1:]
		if page.status != http.StatusOK {
			t.Fatalf("crawling: %d", page.status)
		}
		page.doc.Find("a[href], form[action]").Each(func(_ int, s *goquery.Selection) {
			href, isLink := s.Attr("href")
			method := http.MethodGet
			if !isLink {
				href, _ = s.Attr("action")
				method = http.MethodPost
			}
			u, err := url.Parse(href)
			if err != nil || !strings.HasPrefix(u.Path, "/admin") || u.Path == "/admin/sign-in" {
				return
			}
			if _, ok := seen[u.Path]; ok {
				return
			}
			seen[u.Path] = method
			if method == http.MethodGet {
				queue = append(queue, u.Path)
			}
		})
	}
	return seen
}

// Every address of the admin, reached by crawling its pages and beside
// them some that exist for nobody, sends a request without a session to
// sign-in, and shows nothing.
func TestEveryAddressNeedsASession(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("anna")
	draft := b.submit(b.get("/admin/networks/conet/"), "/admin/networks/conet/drafts", map[string]string{"message": "A draft to crawl"})
	if draft.status != http.StatusSeeOther {
		t.Fatalf("saving a draft: %d", draft.status)
	}
	found := crawl(t, b)
	for _, want := range []string{"/admin/", "/admin/networks/conet/", "/admin/networks/other/", "/admin/networks/conet/drafts", "/admin/drafts/1/", "/admin/sign-out", "/admin/language",
		"/admin/drafts/1/submit", "/admin/drafts/1/publish", "/admin/networks/conet/history/", "/admin/networks/new", "/admin/networks/conet/remove"} {
		if _, ok := found[want]; !ok {
			t.Errorf("the crawl did not reach %s; it found %v", want, found)
		}
	}
	found["/admin/no-such-page"] = http.MethodGet
	found["/admin/drafts/999/"] = http.MethodGet
	found["/admin/networks/none/"] = http.MethodGet
	found["/admin/drafts/1/"] = http.MethodPost
	found["/admin/drafts/1/send-back"] = http.MethodPost
	found["/admin/drafts/1/preview/"] = http.MethodGet
	found["/admin/drafts/1/preview/cities/palermo/"] = http.MethodGet
	found["/admin/networks/conet/history/0123456789abcdef0123456789abcdef01234567/preview/"] = http.MethodGet
	found["/admin/networks/conet/history/0123456789abcdef0123456789abcdef01234567/restore"] = http.MethodPost
	stranger := f.browser()
	for path, method := range found {
		for _, m := range slices.Compact([]string{method, http.MethodGet, http.MethodHead}) {
			var form url.Values
			if m == http.MethodPost {
				form = url.Values{"text": {"x"}}
			}
			r := stranger.do(m, path, form)
			loc, _ := url.Parse(r.location())
			if r.status != http.StatusSeeOther || loc == nil || loc.Path != "/admin/sign-in" {
				t.Errorf("%s %s without a session: %d to %q, want 303 to /admin/sign-in", m, path, r.status, r.location())
			}
			if strings.Contains(r.body, "CoNet") || strings.Contains(r.body, "draft") {
				t.Errorf("%s %s without a session shows the page", m, path)
			}
		}
	}
	if r := stranger.get("/admin"); r.status != http.StatusMovedPermanently || r.location() != "/admin/" {
		t.Errorf("/admin: %d to %q, want 301 to /admin/", r.status, r.location())
	}
	// The page asked for is where sign-in leads back to.
	r := stranger.get("/admin/networks/conet/")
	if loc := r.location(); loc != "/admin/sign-in?next=%2Fadmin%2Fnetworks%2Fconet%2F" {
		t.Errorf("sign-in is asked to lead back with %q", loc)
	}
	page := stranger.get(loc(r))
	back := stranger.submit(page, "/admin/sign-in", map[string]string{"name": "ben", "password": password})
	if back.location() != "/admin/networks/conet/" {
		t.Errorf("after sign-in, sent to %q, want the page asked for", back.location())
	}
}

func loc(r response) string { return r.location() }

// wrong returns a token that differs from t in its first character only.
func wrong(t string) string {
	if t[0] == 'x' {
		return "y" + t[1:]
	}
	return "x" + t[1:]
}

// Every form that changes something must carry the session's token: one
// without it, with another session's, or sent from another site, gets
// 403 and changes nothing.
func TestFormsNeedTheSessionsToken(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("ben")
	other := f.browser()
	other.mustSignIn("carla")
	theirs := other.get("/admin/").doc.Find(`input[name=csrf]`).First().AttrOr("value", "")
	mine := b.get("/admin/").doc.Find(`input[name=csrf]`).First().AttrOr("value", "")
	if mine == "" || theirs == "" || mine == theirs {
		t.Fatalf("tokens %q and %q: want two, different", mine, theirs)
	}
	forms := map[string]url.Values{
		"/admin/networks/conet/drafts": {"text": {"x"}, "message": {"m"}},
		"/admin/language":              {"lang": {"it"}},
		"/admin/sign-out":              {},
	}
	for path, form := range forms {
		for name, token := range map[string]string{"no token": "", "a wrong token": wrong(mine), "another session's token": theirs} {
			v := url.Values{}
			for k, x := range form {
				v[k] = x
			}
			if token != "" {
				v.Set("csrf", token)
			}
			if r := b.do(http.MethodPost, path, v); r.status != http.StatusForbidden {
				t.Errorf("POST %s with %s: %d, want 403", path, name, r.status)
			}
		}
	}
	// With the right token but from another site.
	b.headers["Origin"] = "https://evil.example"
	if r := b.do(http.MethodPost, "/admin/sign-out", url.Values{"csrf": {mine}}); r.status != http.StatusForbidden {
		t.Errorf("a form sent from another origin: %d, want 403", r.status)
	}
	delete(b.headers, "Origin")
	b.headers["Sec-Fetch-Site"] = "cross-site"
	if r := b.do(http.MethodPost, "/admin/sign-out", url.Values{"csrf": {mine}}); r.status != http.StatusForbidden {
		t.Errorf("a form a browser says is cross-site: %d, want 403", r.status)
	}
	delete(b.headers, "Sec-Fetch-Site")
	if drafts, _ := f.admin.drafts.List(""); len(drafts) != 0 {
		t.Errorf("refused forms saved %d drafts", len(drafts))
	}
	if r := b.get("/admin/"); r.status != http.StatusOK {
		t.Errorf("a refused sign-out ended the session: %d", r.status)
	}
	// The sign-in form has a token of its own, in a cookie.
	stranger := f.browser()
	r := stranger.do(http.MethodPost, "/admin/sign-in", url.Values{"name": {"ben"}, "password": {password}})
	if r.status != http.StatusForbidden || len(stranger.cookies) != 1 {
		t.Errorf("sign-in without the form's token: %d with cookies %v, want 403 and no session", r.status, stranger.cookies)
	}
}

// The session cookie is HttpOnly, SameSite=Strict and for the whole
// host; behind https it is also Secure, named __Host-.
func TestCookieAttributes(t *testing.T) {
	for _, tc := range []struct{ base, name string }{
		{"http://127.0.0.1:8080", "partnermap-session"},
		{"https://map.example.org", "__Host-partnermap-session"},
	} {
		f := newFixture(t, func(c *Config) { c.BaseURL = tc.base })
		b := f.browser()
		page := b.get("/admin/sign-in")
		r := b.submit(page, "/admin/sign-in", map[string]string{"name": "anna", "password": password})
		var set string
		for _, h := range r.header.Values("Set-Cookie") {
			if strings.HasPrefix(h, tc.name+"=") {
				set = h
			}
		}
		if set == "" {
			t.Fatalf("%s: no %s cookie set at sign-in: %v", tc.base, tc.name, r.header.Values("Set-Cookie"))
		}
		attrs := strings.ToLower(set)
		for _, want := range []string{"httponly", "samesite=strict", "path=/", "max-age=28800"} {
			if !strings.Contains(attrs, want) {
				t.Errorf("%s: cookie %q lacks %s", tc.base, set, want)
			}
		}
		if secure := strings.Contains(attrs, "secure"); secure != strings.HasPrefix(tc.base, "https") {
			t.Errorf("%s: cookie %q: Secure is %v", tc.base, set, secure)
		}
		if strings.Contains(attrs, "domain=") {
			t.Errorf("%s: cookie %q names a domain", tc.base, set)
		}
	}
}

// Signing in makes a new session: an id the browser had before is
// worth nothing after, and signing out ends the session for good.
func TestSessionRotationAndSignOut(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("ben")
	first := b.cookies["partnermap-session"].Value
	b.mustSignIn("carla")
	second := b.cookies["partnermap-session"].Value
	if first == second {
		t.Fatal("signing in again kept the session id")
	}
	old := f.browser()
	old.cookies["partnermap-session"] = &http.Cookie{Name: "partnermap-session", Value: first}
	if r := old.get("/admin/"); r.status != http.StatusSeeOther {
		t.Errorf("the id from before sign-in still works: %d", r.status)
	}
	if r := b.get("/admin/"); !strings.Contains(r.body, "carla") {
		t.Error("the new session is not carla's")
	}
	copyOf := f.browser()
	copyOf.cookies["partnermap-session"] = &http.Cookie{Name: "partnermap-session", Value: second}
	out := b.submit(b.get("/admin/"), "/admin/sign-out", nil)
	if out.status != http.StatusSeeOther || out.location() != "/admin/sign-in?signed-out=1" {
		t.Errorf("sign-out: %d to %q", out.status, out.location())
	}
	if _, kept := b.cookies["partnermap-session"]; kept {
		t.Error("sign-out left the cookie")
	}
	if r := copyOf.get("/admin/"); r.status != http.StatusSeeOther {
		t.Errorf("a copy of the signed-out session still works: %d", r.status)
	}
	if f.admin.storage.Len() != 0 {
		t.Errorf("%d sessions kept after sign-out, want none", f.admin.storage.Len())
	}
	if !strings.Contains(f.usersLog.String(), `msg="signed out" name=carla`) {
		t.Errorf("sign-out was not logged:\n%s", f.usersLog)
	}
}

// A session ends after 8 hours without a request, and 7 days after
// sign-in however busy; until then it holds, across restarts too.
func TestSessionExpiry(t *testing.T) {
	f := newFixture(t)
	idle := f.browser()
	idle.mustSignIn("ben")
	f.clock.Add(IdleTimeout - time.Minute)
	if r := idle.get("/admin/"); r.status != http.StatusOK {
		t.Fatalf("a session idle for under 8 hours ended: %d", r.status)
	}
	f.restart()
	if r := idle.get("/admin/"); r.status != http.StatusOK {
		t.Fatalf("a restart ended a session: %d", r.status)
	}
	f.clock.Add(IdleTimeout)
	if r := idle.get("/admin/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/admin/sign-in") {
		t.Errorf("a session idle for 8 hours: %d to %q, want sign-in", r.status, r.location())
	}

	busy := f.browser()
	busy.mustSignIn("carla")
	for elapsed := time.Duration(0); elapsed < AbsoluteTimeout; elapsed += 7 * time.Hour {
		if r := busy.get("/admin/"); r.status != http.StatusOK {
			t.Fatalf("a busy session ended after %v: %d", elapsed, r.status)
		}
		f.clock.Add(min(7*time.Hour, AbsoluteTimeout-elapsed))
	}
	r := busy.get("/admin/")
	if r.status != http.StatusSeeOther || r.location() != "/admin/sign-in?ended=1" {
		t.Errorf("a session 7 days old: %d to %q, want sign-in", r.status, r.location())
	}
	if page := busy.get(r.location()); !strings.Contains(page.body, "Your session has ended") {
		t.Error("sign-in does not say the session ended")
	}
	if !strings.Contains(f.usersLog.String(), `msg="session ended" name=carla why="signed in too long ago"`) {
		t.Errorf("the end is not logged:\n%s", f.usersLog)
	}
}

// A removed account's sessions end at once, and so do those of an
// account whose password changed; a changed role applies at the next
// request.
func TestAccountChangesApplyAtOnce(t *testing.T) {
	f := newFixture(t)
	ben, carla, anna := f.browser(), f.browser(), f.browser()
	ben.mustSignIn("ben")
	carla.mustSignIn("carla")
	anna.mustSignIn("anna")
	if r := anna.get("/admin/networks/other/"); r.status != http.StatusOK {
		t.Fatalf("an admin opening a network: %d", r.status)
	}
	before := f.admin.storage.Len()
	f.saveUsers(func(us *account.Users) {
		us.Remove("ben")
		c, _ := us.Find("carla")
		c.Password, _ = cheap.Hash("a new password for carla")
		us.Put(c)
		a, _ := us.Find("anna")
		a.Role, a.Networks = account.Editor, []string{"conet"}
		us.Put(a)
	})
	if after := f.admin.storage.Len(); after != before-2 {
		t.Errorf("sessions kept: %d before, %d after; want ben's and carla's gone at reload", before, after)
	}
	for name, b := range map[string]*browser{"removed": ben, "new password": carla} {
		if r := b.get("/admin/"); r.status != http.StatusSeeOther {
			t.Errorf("%s: the session still works: %d", name, r.status)
		}
	}
	if r := anna.get("/admin/networks/other/"); r.status != http.StatusForbidden {
		t.Errorf("a demoted admin opening another network: %d, want 403", r.status)
	}
	if r := anna.get("/admin/networks/conet/"); r.status != http.StatusOK {
		t.Errorf("a demoted admin opening her network: %d", r.status)
	}
	for _, want := range []string{`msg="account removed" name=ben`, `msg="password changed" name=carla`, `msg="account changed" name=anna role=editor`} {
		if !strings.Contains(f.usersLog.String(), want) {
			t.Errorf("the log does not say %s:\n%s", want, f.usersLog)
		}
	}
	// A users file that does not parse, or one without accounts (as a
	// file being written is for a moment), leaves the accounts as they
	// were.
	for _, bad := range []string{"[[user]]\nname = 1\n", ""} {
		if err := os.WriteFile(f.cfg.Users, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		f.admin.ReloadUsers()
		if _, ok := f.admin.Users().Find("carla"); !ok {
			t.Errorf("a users file of %q took the accounts away", bad)
		}
	}
	if !strings.Contains(f.usersLog.String(), `msg="the users file has no accounts and was not reloaded: the accounts stay as they were"`) {
		t.Errorf("the empty file is not logged:\n%s", f.usersLog)
	}
}

// A users file read as it is rewritten in place, cut off after a whole
// account, takes no account away: a change that ends sessions applies
// only when the file reads the same a moment later.
func TestUsersFileReadHalfWrittenKeepsTheAccounts(t *testing.T) {
	f := newFixture(t)
	// The file is reloaded here, not by the watcher.
	f.admin.stop()
	f.admin.done.Wait()
	carla := f.browser()
	carla.mustSignIn("carla")
	whole, err := os.ReadFile(f.cfg.Users)
	if err != nil {
		t.Fatal(err)
	}
	// The file as far as the account before carla's, which parses.
	at := bytes.Index(whole, []byte("name = 'carla'"))
	if at < 0 {
		t.Fatalf("no carla in the users file:\n%s", whole)
	}
	cut := whole[:bytes.LastIndex(whole[:at], []byte("[[user]]"))]
	if _, err := account.ParseUsers(f.cfg.Users, cut); err != nil {
		t.Fatalf("the cut file does not parse, so it tests nothing: %v", err)
	}
	if err := os.WriteFile(f.cfg.Users, cut, 0o600); err != nil {
		t.Fatal(err)
	}
	// The writer finishes while the file is read again.
	f.admin.confirmWait = func() {
		if err := os.WriteFile(f.cfg.Users, whole, 0o600); err != nil {
			t.Error(err)
		}
	}
	f.admin.ReloadUsers()
	if _, ok := f.admin.Users().Find("carla"); !ok {
		t.Error("a users file read half-written took carla's account away")
	}
	if r := carla.get("/admin/"); r.status != http.StatusOK {
		t.Errorf("carla's session ended: %d", r.status)
	}
	if !strings.Contains(f.usersLog.String(), `msg="the users file changed as it was read, and is read again once written: the accounts stay as they were"`) {
		t.Errorf("the log does not say the file changed as it was read:\n%s", f.usersLog)
	}
	// The same file, left as it is, is a change meant: it applies.
	if err := os.WriteFile(f.cfg.Users, cut, 0o600); err != nil {
		t.Fatal(err)
	}
	waited := false
	f.admin.confirmWait = func() { waited = true }
	f.admin.ReloadUsers()
	if _, ok := f.admin.Users().Find("carla"); ok || !waited {
		t.Errorf("a users file without carla, read twice alike: carla found %v, read again %v", ok, waited)
	}
	// A change that ends no session applies without waiting.
	if err := os.WriteFile(f.cfg.Users, whole, 0o600); err != nil {
		t.Fatal(err)
	}
	waited = false
	f.admin.ReloadUsers()
	if _, ok := f.admin.Users().Find("carla"); !ok || waited {
		t.Errorf("carla's account added back: found %v, read again %v", ok, waited)
	}
}

// The server notices a changed users file by itself.
func TestUsersFileIsWatched(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("ben")
	us, _ := account.LoadUsers(f.cfg.Users)
	us.Remove("ben")
	if err := account.SaveUsers(f.cfg.Users, us); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, ok := f.admin.Users().Find("ben"); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the users file was saved 5 s ago and not reloaded")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if r := b.get("/admin/"); r.status != http.StatusSeeOther {
		t.Errorf("a removed account's session still works: %d", r.status)
	}
}

// After 5 failures for an account, or from an address, each attempt
// waits longer, whether the name exists or not.
func TestSignInThrottle(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	for i := 1; i <= freeFailures; i++ {
		if r := b.signIn("ben", "wrong password number"); r.status != http.StatusOK || !strings.Contains(r.body, "is not right") {
			t.Fatalf("failure %d: %d", i, r.status)
		}
	}
	r := b.signIn("ben", password)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "1" || !strings.Contains(r.body, "Try again in 1 minute") {
		t.Fatalf("the 6th attempt, right password: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	// Another account from the same address waits too.
	if r := b.signIn("carla", password); r.status != http.StatusTooManyRequests {
		t.Errorf("another name from the same address: %d, want 429", r.status)
	}
	f.clock.Add(time.Second)
	if r := b.signIn("ben", "wrong again"); r.status != http.StatusOK {
		t.Fatalf("after the wait: %d", r.status)
	}
	if wait := f.admin.throttle.wait("name:ben"); wait != 2*time.Second {
		t.Errorf("after the 6th failure the wait is %v, want 2s", wait)
	}
	for i := 0; i < 20; i++ {
		f.clock.Add(maxWait)
		b.signIn("ben", "wrong again")
	}
	if wait := f.admin.throttle.wait("name:ben"); wait != maxWait {
		t.Errorf("after many failures the wait is %v, want %v at most", wait, maxWait)
	}
	f.clock.Add(maxWait)
	if r := b.signIn("ben", password); r.status != http.StatusSeeOther {
		t.Errorf("the right password after the wait: %d", r.status)
	}
	// Unknown names are throttled as known ones.
	f.clock.Add(forgetAfter + time.Hour)
	for i := 0; i < freeFailures; i++ {
		b.signIn("nobody", "wrong password number")
	}
	if r := b.signIn("nobody", "wrong password number"); r.status != http.StatusTooManyRequests {
		t.Errorf("an unknown name's 6th attempt: %d, want 429", r.status)
	}
	if !strings.Contains(f.usersLog.String(), `msg="sign-in failed" name=nobody`) || !strings.Contains(f.usersLog.String(), `msg="signed in" name=ben`) {
		t.Errorf("sign-ins and failures are not logged:\n%s", f.usersLog)
	}
}

// An unknown name gets the answer a wrong password gets, after the same
// work: argon2id with the same costs, against a dummy hash.
func TestUnknownNameAnswersAsAWrongPassword(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Hasher = account.OWASP() })
	var costs []string
	verify := f.admin.verify
	f.admin.verify = func(hashed, pw string) (bool, error) {
		costs = append(costs, strings.Split(hashed, "$")[3])
		return verify(hashed, pw)
	}
	// ben's hash has OWASP's costs too, as the users command writes it.
	f.saveUsers(func(us *account.Users) {
		ben, _ := us.Find("ben")
		ben.Password, _ = account.OWASP().Hash(password)
		us.Put(ben)
	})
	answer := func(name string) (int, string, time.Duration) {
		b := f.browser()
		page := b.get("/admin/sign-in")
		start := time.Now()
		r := b.submit(page, "/admin/sign-in", map[string]string{"name": name, "password": "a wrong password"})
		took := time.Since(start)
		form := r.doc.Find("main")
		form.Find("input[name=token]").Remove()
		html, _ := form.Html()
		return r.status, strings.ReplaceAll(html, name, "NAME"), took
	}
	wrongStatus, wrongBody, wrongTook := answer("ben")
	unknownStatus, unknownBody, unknownTook := answer("nobody")
	if wrongStatus != unknownStatus || wrongBody != unknownBody {
		t.Errorf("unknown name: %d\n%s\nwrong password: %d\n%s", unknownStatus, unknownBody, wrongStatus, wrongBody)
	}
	if len(costs) != 2 || costs[0] != costs[1] || costs[0] != "m=19456,t=2,p=1" {
		t.Errorf("argon2 ran with costs %v, want OWASP's for both", costs)
	}
	t.Logf("a wrong password took %v, an unknown name %v", wrongTook.Round(time.Millisecond), unknownTook.Round(time.Millisecond))
}

// Under a path (--base-url https://example.org/map/) the editing pages
// are under it: every link and form leads within /map/admin/, sign-in
// leads back there, forms from the site's origin are taken, and /admin
// at the host's root is not the admin's.
func TestUnderAPath(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.BaseURL = "https://example.org/map/"
		c.Stylesheets, c.Favicon = []string{"/map/static/site.css", "/map/static/admin.css"}, "/map/static/favicon.svg"
	})
	b := f.browser()
	b.headers["Origin"] = "https://example.org"
	r := b.get("/map/admin/networks/conet/")
	if r.status != http.StatusSeeOther || r.location() != "/map/admin/sign-in?next=%2Fmap%2Fadmin%2Fnetworks%2Fconet%2F" {
		t.Fatalf("without a session: %d to %q", r.status, r.location())
	}
	page := b.get(r.location())
	back := b.submit(page, "/map/admin/sign-in", map[string]string{"name": "anna", "password": password})
	if back.status != http.StatusSeeOther || back.location() != "/map/admin/networks/conet/" {
		t.Fatalf("sign-in: %d to %q\n%s", back.status, back.location(), back.body)
	}
	draft := b.submit(b.get("/map/admin/networks/conet/"), "/map/admin/networks/conet/drafts", map[string]string{"message": "Under a path"})
	if draft.status != http.StatusSeeOther || draft.location() != "/map/admin/drafts/1/?saved=1" {
		t.Fatalf("saving a draft: %d to %q\n%s", draft.status, draft.location(), draft.body)
	}
	var addresses int
	for _, p := range []string{"/map/admin/", "/map/admin/networks/conet/", "/map/admin/drafts/1/"} {
		page := b.get(p)
		if page.status != http.StatusOK {
			t.Fatalf("%s: %d", p, page.status)
		}
		page.doc.Find("a[href], form[action], link[href]").Each(func(_ int, s *goquery.Selection) {
			a := s.AttrOr("href", s.AttrOr("action", ""))
			addresses++
			if !strings.HasPrefix(a, "/map/") && !strings.HasPrefix(a, "#") {
				t.Errorf("%s links to %q, outside /map/", p, a)
			}
		})
	}
	if addresses < 10 {
		t.Errorf("only %d addresses on the pages", addresses)
	}
	if r := b.get("/map/admin"); r.status != http.StatusMovedPermanently || r.location() != "/map/admin/" {
		t.Errorf("/map/admin: %d to %q", r.status, r.location())
	}
	if r := f.browser().get("/admin/"); r.status != http.StatusNotFound {
		t.Errorf("/admin/ at the host's root: %d, want 404", r.status)
	}
	b.headers["Origin"] = "https://example.org.evil.test"
	if r := b.submit(b.get("/map/admin/networks/conet/"), "/map/admin/networks/conet/drafts", map[string]string{"message": "x"}); r.status != http.StatusForbidden {
		t.Errorf("a form from another origin: %d, want 403", r.status)
	}
}

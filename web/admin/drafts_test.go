package admin

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"partnermap/data"
	"partnermap/data/messages"
)

// An editor opens a network's data file, saves a draft with a message,
// sees its problems, and goes on with it; the draft keeps the version it
// began from, and outlives a restart.
func TestDraftFlow(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("ben")
	home := b.get("/admin/")
	if links := home.doc.Find(`main a[href^="/admin/networks/"]:not([href$="/history/"])`); links.Length() != 1 || links.AttrOr("href", "") != "/admin/networks/conet/" {
		t.Errorf("ben's home lists %d networks, want conet alone", links.Length())
	}
	editor := b.get("/admin/networks/conet/")
	if editor.status != http.StatusOK {
		t.Fatalf("the editor: %d", editor.status)
	}
	text := editor.doc.Find("textarea[name=text]").Text()
	if text != string(data.DefaultSource()) {
		t.Error("the editor's text area does not hold the data file as it is")
	}
	version := Version(data.DefaultSource())
	if got := editor.doc.Find("input[name=base]").AttrOr("value", ""); got != version {
		t.Errorf("the editor's base version is %q, want %q", got, version)
	}
	if editor.doc.Find(`button[type=submit]:contains("Save draft")`).Length() != 1 {
		t.Error("the editor has no Save draft button")
	}
	changed := strings.Replace(text, "Palermo", "Palermo (Sicily)", 1)
	r := b.submit(editor, "/admin/networks/conet/drafts", map[string]string{"text": strings.ReplaceAll(changed, "\n", "\r\n"), "message": "  Palermo's\nname  "})
	if r.status != http.StatusSeeOther || r.location() != "/admin/drafts/1/?saved=1" {
		t.Fatalf("saving: %d to %q", r.status, r.location())
	}
	d, err := f.admin.drafts.Get("1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Author != "ben" || d.Network != "conet" || d.Base != version || d.Message != "Palermo's name" || d.Text != changed || d.Status != StatusDraft || !d.Created.Equal(f.clock.Now()) {
		t.Errorf("the draft kept is %+v", d)
	}
	page := b.get(r.location())
	for _, want := range []string{"The draft is saved.", "Palermo's name", "The data file is valid.", version} {
		if !strings.Contains(page.doc.Text(), want) {
			t.Errorf("the draft's page does not say %q", want)
		}
	}
	// Going on with the draft: a mistake is listed at its line.
	f.clock.Add(time.Hour)
	broken := strings.Replace(changed, `country = "IT"`, `country = "Italy"`, 1)
	r = b.submit(page, "/admin/drafts/1/", map[string]string{"text": broken, "message": "Palermo's name, and a mistake"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("saving again: %d", r.status)
	}
	page = b.get("/admin/drafts/1/")
	line := strings.Count(broken[:strings.Index(broken, `country = "Italy"`)], "\n") + 1
	problem := page.doc.Find(".admin-problems li").First().Text()
	if !strings.HasPrefix(problem, "Line "+strconv.Itoa(line)+", column ") || !strings.Contains(problem, "country") {
		t.Errorf("the problem listed is %q, want one at line %d about the country", problem, line)
	}
	if d, _ := f.admin.drafts.Get("1"); !d.Updated.Equal(f.clock.Now()) || d.Created.Equal(d.Updated) {
		t.Errorf("the draft's times are %v and %v", d.Created, d.Updated)
	}
	// The network changes on disk meanwhile: the draft says so.
	path := filepath.Join(f.dataDir, "conet.toml")
	now := strings.Replace(string(data.DefaultSource()), "Berlin", "Berlin (Germany)", 1)
	if err := os.WriteFile(path, []byte(now), 0o644); err != nil {
		t.Fatal(err)
	}
	if page := b.get("/admin/drafts/1/"); !strings.Contains(page.body, "it is at version "+Version([]byte(now))) {
		t.Error("the draft does not say the network changed since it began")
	}
	// A restart keeps drafts and sessions.
	f.restart()
	if page := b.get("/admin/"); page.status != http.StatusOK || page.doc.Find(`a[href="/admin/drafts/1/"]`).Length() != 1 {
		t.Errorf("after a restart: %d, and the draft is not listed", page.status)
	}
}

// An editor opens only the networks listed for the account, and changes
// only their own drafts; others with the network may read them.
func TestDraftRights(t *testing.T) {
	f := newFixture(t)
	ben, carla, dino := f.browser(), f.browser(), f.browser()
	ben.mustSignIn("ben")
	carla.mustSignIn("carla")
	dino.mustSignIn("dino")
	if r := ben.get("/admin/networks/other/"); r.status != http.StatusForbidden {
		t.Errorf("an editor opening another network: %d, want 403", r.status)
	}
	if r := ben.get("/admin/networks/none/"); r.status != http.StatusForbidden {
		t.Errorf("an editor opening a network that does not exist: %d, want 403", r.status)
	}
	anna := f.browser()
	anna.mustSignIn("anna")
	if r := anna.get("/admin/networks/none/"); r.status != http.StatusNotFound || !strings.Contains(r.body, "There is nothing at this address.") {
		t.Errorf("an admin opening a network that does not exist: %d", r.status)
	}
	r := ben.submit(ben.get("/admin/networks/conet/"), "/admin/networks/conet/drafts", map[string]string{"message": "ben's"})
	if r.status != http.StatusSeeOther {
		t.Fatal(r.status)
	}
	page := carla.get("/admin/drafts/1/")
	if page.status != http.StatusOK || page.doc.Find(`form[action="/admin/drafts/1/"]`).Length() != 0 || !strings.Contains(page.doc.Text(), "Only the draft's author changes it.") {
		t.Errorf("carla reading ben's draft: %d, and the page offers to change it", page.status)
	}
	if r := carla.submit(carla.get("/admin/networks/conet/"), "/admin/networks/conet/drafts", nil); r.status != http.StatusSeeOther {
		t.Errorf("carla saving her own draft: %d", r.status)
	}
	csrf := page.doc.Find("input[name=csrf]").First().AttrOr("value", "")
	if r := carla.do(http.MethodPost, "/admin/drafts/1/", map[string][]string{"csrf": {csrf}, "text": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("carla changing ben's draft: %d, want 403", r.status)
	}
	if r := dino.get("/admin/drafts/1/"); r.status != http.StatusForbidden {
		t.Errorf("an editor of another network reading the draft: %d, want 403", r.status)
	}
	if r := ben.get("/admin/drafts/99/"); r.status != http.StatusNotFound {
		t.Errorf("a draft nobody made: %d, want 404", r.status)
	}
	if d, _ := f.admin.drafts.Get("1"); d.Text != string(data.DefaultSource()) {
		t.Error("a refused change changed the draft")
	}
}

// A text larger than the editor takes, or a message longer than 500
// characters, is refused with a page that says so, and nothing is saved.
func TestDraftLimits(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxSize = 20_000 })
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	r := b.submit(editor, "/admin/networks/conet/drafts", map[string]string{"text": strings.Repeat("#", 20_001)})
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "larger than 20 KB") {
		t.Errorf("a text too large: %d", r.status)
	}
	r = b.submit(editor, "/admin/networks/conet/drafts", map[string]string{"message": strings.Repeat("é", MaxMessage+1)})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "at most 500 characters") {
		t.Errorf("a message too long: %d", r.status)
	}
	if r.header.Get("Cache-Control") != "no-store" || r.header.Get("X-Robots-Tag") == "" {
		t.Errorf("an error page's headers: %v", r.header)
	}
	if drafts, _ := f.admin.drafts.List(""); len(drafts) != 0 {
		t.Errorf("%d drafts saved, want none", len(drafts))
	}
}

// The hostile texts of the hardening tests, typed as a name, a draft's
// message and its text, come back as text: no element is made of them.
func TestHostileTexts(t *testing.T) {
	hostile := "<script>window.pwned=1</script>\"><img src=x onerror=\"window.pwned=2\">{{ .Name }}</script>\u202Eevil\u202C 😀 é̃ a̶b"
	f := newFixture(t)
	b := f.browser()
	r := b.signIn(hostile, "a wrong password")
	if got := r.doc.Find("#sign-in-name").AttrOr("value", ""); got != hostile {
		t.Errorf("the name typed comes back as %q", got)
	}
	noMarkup := func(where string, r response) {
		t.Helper()
		if n := r.doc.Find("script, img, [onerror]").Length(); n != 0 {
			t.Errorf("%s: %d elements made of the hostile text", where, n)
		}
		if strings.Contains(r.body, "<script>window") {
			t.Errorf("%s: the hostile text is in the page unescaped", where)
		}
	}
	noMarkup("sign-in", r)
	b.mustSignIn("ben")
	r = b.submit(b.get("/admin/networks/conet/"), "/admin/networks/conet/drafts", map[string]string{"text": hostile + "\n" + string(data.DefaultSource()), "message": hostile})
	if r.status != http.StatusSeeOther {
		t.Fatalf("saving: %d", r.status)
	}
	page := b.get("/admin/drafts/1/")
	noMarkup("draft", page)
	if got := page.doc.Find("#draft-message").AttrOr("value", ""); got != strings.Join(strings.Fields(hostile), " ") {
		t.Errorf("the message comes back as %q", got)
	}
	if got := page.doc.Find("#draft-text").Text(); !strings.HasPrefix(got, hostile) {
		t.Errorf("the text comes back as %q", got[:min(len(got), 200)])
	}
	noMarkup("home", b.get("/admin/"))
	noMarkup("editor", b.get("/admin/networks/conet/"))
}

// Every page of the admin is in each interface language, its words from
// the message files: none is left as a message id.
func TestLanguages(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("anna")
	b.submit(b.get("/admin/networks/conet/"), "/admin/networks/conet/drafts", map[string]string{"text": "x = ", "message": "m"})
	b.publishOwn("conet", "Berlin", func(s string) string { return strings.Replace(s, `name = "Berlin"`, `name = "Berlin (DE)"`, 1) })
	for _, tag := range messages.Tags() {
		r := b.submit(b.get("/admin/"), "/admin/language", map[string]string{"lang": tag})
		if r.status != http.StatusSeeOther || r.location() != "/admin/" {
			t.Fatalf("choosing %s: %d to %q", tag, r.status, r.location())
		}
		for _, path := range []string{"/admin/", "/admin/networks/conet/", "/admin/drafts/1/", "/admin/nothing", "/admin/networks/conet/history/", "/admin/networks/new", "/admin/networks/other/remove", "/admin/drafts/2/"} {
			page := b.get(path)
			if got := page.doc.Find("html").AttrOr("lang", ""); got != tag {
				t.Errorf("%s in %s: lang=%q", path, tag, got)
			}
			if strings.Contains(page.doc.Find("body").Text(), "admin.") {
				t.Errorf("%s in %s shows a message id", path, tag)
			}
		}
		stranger := f.browser()
		page := stranger.get("/admin/sign-in?lang=" + tag)
		if got := page.doc.Find("html").AttrOr("lang", ""); got != tag || strings.Contains(page.body, ">admin.") {
			t.Errorf("sign-in in %s: lang=%q", tag, got)
		}
	}
	stranger := f.browser()
	stranger.headers["Accept-Language"] = "it-CH, de;q=0.5"
	if got := stranger.get("/admin/sign-in").doc.Find("html").AttrOr("lang", ""); got != "it" {
		t.Errorf("sign-in for a browser that prefers Italian is in %q", got)
	}
}

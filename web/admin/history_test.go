package admin

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/data/store"
)

// publishOwn saves a draft of a network as a maintainer or admin and
// publishes it at once.
func (b *browser) publishOwn(network, message string, change func(string) string) {
	b.f.t.Helper()
	draft := b.saveDraft(network, message, change)
	if r := b.press(b.get(draft), "Publish", nil); r.status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "done=published") {
		b.f.t.Fatalf("publishing %s: %d to %q\n%s", network, r.status, r.location(), r.body)
	}
}

// A network's history lists its versions, the newest first, with their
// authors, approvers and messages and a preview of each; Restore, which
// a maintainer has and an editor has not, writes an older version back as
// a new one.
func TestHistoryAndRestore(t *testing.T) {
	f := newFixture(t)
	ben, carla := f.browser(), f.browser()
	ben.mustSignIn("ben")
	carla.mustSignIn("carla")
	carla.publishOwn("conet", "Berlin, with its country", func(s string) string { return strings.Replace(s, `name = "Berlin"`, `name = "Berlin (DE)"`, 1) })
	first, _ := os.ReadFile(filepath.Join(f.dataDir, "conet.toml"))
	draft := ben.saveDraft("conet", "Berlin in words", func(s string) string {
		return strings.Replace(s, `name = "Berlin (DE)"`, `name = "Berlin, Germany"`, 1)
	})
	ben.press(ben.get(draft), "Submit for review", nil)
	carla.press(carla.get(draft), "Publish", nil)

	page := carla.get("/admin/networks/conet/history/")
	if page.status != http.StatusOK {
		t.Fatalf("the history: %d", page.status)
	}
	versions := page.doc.Find(".admin-version")
	if versions.Length() != 2 {
		t.Fatalf("%d versions listed, want 2:\n%s", versions.Length(), page.doc.Find("main").Text())
	}
	newest, older := versions.Eq(0), versions.Eq(1)
	if got := newest.Find("h2").Text(); got != "Berlin in words" {
		t.Errorf("the newest version says %q", got)
	}
	if got := newest.Text(); !strings.Contains(got, "changed by ben") || !strings.Contains(got, "approved by carla") || !strings.Contains(got, "This is the version published now.") {
		t.Errorf("the newest version: %q", got)
	}
	if !strings.Contains(older.Text(), "added by carla") {
		t.Errorf("the older version: %q", older.Text())
	}
	if newest.Find("button").Length() != 0 || older.Find(`button:contains("Restore")`).Length() != 1 {
		t.Error("Restore is offered for the version of now, or not for the older one")
	}
	if href := older.Find(`a:contains("Preview")`).AttrOr("href", ""); !strings.HasPrefix(href, "/admin/networks/conet/history/") || !strings.HasSuffix(href, "/preview/networks/conet/") {
		t.Errorf("the older version's preview is at %q", href)
	}
	if p := ben.get("/admin/networks/conet/history/"); p.status != http.StatusOK || p.doc.Find("button:contains(\"Restore\")").Length() != 0 {
		t.Errorf("an editor's history: %d, with Restore offered", p.status)
	}
	restore := older.Find("form").AttrOr("action", "")
	csrf := ben.get("/admin/").doc.Find("input[name=csrf]").First().AttrOr("value", "")
	if r := ben.do(http.MethodPost, restore, url.Values{"csrf": {csrf}}); r.status != http.StatusForbidden {
		t.Errorf("an editor restoring: %d, want 403", r.status)
	}
	if r := f.browser().get("/admin/networks/conet/history/"); r.status != http.StatusSeeOther {
		t.Errorf("a stranger reading the history: %d, want to be sent to sign in", r.status)
	}
	r := carla.press(page, "Restore", nil)
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "done=restored") {
		t.Fatalf("restoring: %d to %q", r.status, r.location())
	}
	if now, _ := os.ReadFile(filepath.Join(f.dataDir, "conet.toml")); string(now) != string(first) {
		t.Error("the restore did not bring the older text back")
	}
	page = carla.get(r.location())
	if page.doc.Find(".admin-version").Length() != 3 || !strings.Contains(page.doc.Find(".admin-version h2").First().Text(), "Restore conet.toml as in version") {
		t.Errorf("after the restore the history lists:\n%s", page.doc.Find("main").Text())
	}
	if got := git(t, f.dataDir, "log", "-1", "--format=%an|%s"); !strings.HasPrefix(got, "carla|Restore conet.toml as in version ") {
		t.Errorf("git log: %q", got)
	}
	// Restoring the version of now changes nothing, and says so.
	older = page.doc.Find(".admin-version").Eq(2)
	r = carla.submit(page, older.Find("form").AttrOr("action", ""), nil)
	if r.status != http.StatusConflict || !strings.Contains(r.doc.Text(), "already as in this version") {
		t.Errorf("restoring the text of now: %d", r.status)
	}
	if r := carla.get("/admin/networks/conet/history/nothex/preview/"); r.status != http.StatusNotFound {
		t.Errorf("a version that is no commit: %d", r.status)
	}
}

// An admin begins a network of the atlas from its slug and name, as a
// draft, and publishes it; removes one, which its history then brings
// back. Nobody else may; a file whose changes history does not hold is
// not removed.
func TestCreateAndRemoveNetwork(t *testing.T) {
	f := newFixture(t)
	anna, carla := f.browser(), f.browser()
	anna.mustSignIn("anna")
	carla.mustSignIn("carla")
	home := anna.get("/admin/")
	if home.doc.Find(`a[href="/admin/networks/new"]`).Length() != 1 {
		t.Error("an admin's home does not offer a new network")
	}
	if carla.get("/admin/").doc.Find(`a[href="/admin/networks/new"]`).Length() != 0 {
		t.Error("a maintainer's home offers a new network")
	}
	if r := carla.get("/admin/networks/new"); r.status != http.StatusForbidden {
		t.Errorf("a maintainer asking for a new network: %d, want 403", r.status)
	}
	form := anna.get("/admin/networks/new")
	for _, tc := range []struct{ slug, name, says string }{
		{"Bad Slug", "Bad", "lower-case letters"},
		{"conet", "CoNet again", "has this slug already"},
		{"fresh", "  ", "Give the network a name"},
	} {
		r := anna.submit(form, "/admin/networks/new", map[string]string{"slug": tc.slug, "name": tc.name})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("main").Text(), tc.says) {
			t.Errorf("slug %q, name %q: %d, the page says %q", tc.slug, tc.name, r.status, r.doc.Find(".admin-field__problem").Text())
		}
	}
	r := anna.submit(form, "/admin/networks/new", map[string]string{"slug": "fresh", "name": "Fresh <Start>"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("beginning a network: %d", r.status)
	}
	draft := anna.get(r.location())
	text := draft.doc.Find("#draft-text").Text()
	if !strings.Contains(text, `slug = "fresh"`) || !strings.Contains(text, `name = "Fresh <Start>"`) || !strings.Contains(draft.doc.Find(".admin-problems").Text(), "no cities") {
		t.Errorf("the new network's draft:\n%s", draft.doc.Find("main").Text())
	}
	if hasButton(draft, "Publish") && draft.doc.Find(".admin-problems li").Length() == 0 {
		t.Error("a new network without cities may be published")
	}
	text += "\n[[cities]]\nslug = \"bari\"\nname = \"Bari\"\ncountry = \"IT\"\nlat = 41.1171\nlon = 16.8719\n\n[[partners]]\nslug = \"bari\"\nname = \"City of Bari\"\nkind = \"city\"\nrole = \"coordinator\"\ncity = \"bari\"\n"
	anna.press(draft, "Save draft", map[string]string{"text": text})
	if r := anna.press(anna.get(strings.TrimSuffix(r.location(), "?saved=1")), "Publish", nil); !strings.HasSuffix(r.location(), "done=published") {
		t.Fatalf("publishing the new network: %d to %q", r.status, r.location())
	}
	if got, _ := os.ReadFile(filepath.Join(f.dataDir, "fresh.toml")); string(got) != text {
		t.Error("fresh.toml does not hold the new network")
	}
	if got := git(t, f.dataDir, "log", "-1", "--format=%an|%s", "--name-status"); !strings.HasPrefix(got, "anna|New network Fresh <Start>") || !strings.Contains(got, "A\tfresh.toml") {
		t.Errorf("git log: %q", got)
	}

	// other.toml was never committed: removing it would lose it.
	remove := anna.get("/admin/networks/other/remove")
	if remove.status != http.StatusOK || !hasButton(remove, "Remove Other") {
		t.Fatalf("the removal's page: %d", remove.status)
	}
	if r := carla.get("/admin/networks/other/remove"); r.status != http.StatusForbidden {
		t.Errorf("a maintainer asking to remove a network: %d, want 403", r.status)
	}
	r = anna.press(remove, "Remove Other", nil)
	if r.status != http.StatusConflict || !strings.Contains(r.doc.Find("[role=alert]").Text(), "could not be removed") || !strings.Contains(r.doc.Find("[role=alert]").Text(), "other.toml") {
		t.Errorf("removing a file history does not hold: %d, %q", r.status, r.doc.Find("[role=alert]").Text())
	}
	if _, err := os.Stat(filepath.Join(f.dataDir, "other.toml")); err != nil {
		t.Fatal("a file history does not hold was removed")
	}
	git(t, f.dataDir, "add", "other.toml")
	git(t, f.dataDir, "-c", "user.name=Grace", "-c", "user.email=grace@example.org", "commit", "-q", "-m", "Other, by hand")
	r = anna.press(anna.get("/admin/networks/other/remove"), "Remove Other", nil)
	if r.status != http.StatusSeeOther || r.location() != "/admin/networks/other/history/?done=removed" {
		t.Fatalf("removing: %d to %q", r.status, r.location())
	}
	if _, err := os.Stat(filepath.Join(f.dataDir, "other.toml")); err == nil {
		t.Fatal("other.toml is still there")
	}
	history := anna.get(r.location())
	if !strings.Contains(history.doc.Text(), "Other is removed.") || history.doc.Find(".admin-version").Length() != 2 {
		t.Errorf("the removed network's history:\n%s", history.doc.Find("main").Text())
	}
	if removal := history.doc.Find(".admin-version").First(); !strings.Contains(removal.Text(), "removed by anna") || removal.Find("a, button").Length() != 0 {
		t.Errorf("the removal: %q, with a preview or Restore", removal.Text())
	}
	home = anna.get("/admin/")
	if home.doc.Find(`#removed-heading ~ ul a[href="/admin/networks/other/history/"]`).Length() != 1 {
		t.Errorf("the home does not list the removed network:\n%s", home.doc.Find("main").Text())
	}
	if r := anna.press(history, "Restore", nil); r.status != http.StatusSeeOther {
		t.Fatalf("restoring the removed network: %d\n%s", r.status, r.doc.Find("main").Text())
	}
	if _, err := os.Stat(filepath.Join(f.dataDir, "other.toml")); err != nil {
		t.Error("the restore did not bring other.toml back")
	}
	if anna.get("/admin/").doc.Find(`a[href="/admin/networks/other/"]`).Length() != 1 {
		t.Error("the restored network is not listed again")
	}
	if !strings.Contains(f.usersLog.String(), `msg="network removed" name=anna network=other`) || !strings.Contains(f.usersLog.String(), `msg=restored name=anna network=other`) {
		t.Error("the removal and the restore are not logged")
	}
}

// On the data file of one network there is no network to begin or
// remove; its history is the file's.
func TestNoNetworksToManageInAFile(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		file := filepath.Join(c.Networks.(*DataFiles).Path, "conet.toml")
		st, err := store.Open(file, store.Options{Mode: store.LastGood})
		if err != nil {
			t.Fatal(err)
		}
		c.Store, c.Networks = st, &DataFiles{Path: file, MaxSize: data.DefaultMaxSize}
	})
	anna := f.browser()
	anna.mustSignIn("anna")
	if anna.get("/admin/").doc.Find(`a[href="/admin/networks/new"]`).Length() != 0 || anna.get("/admin/networks/conet/").doc.Find(`a[href$="/remove"]`).Length() != 0 {
		t.Error("a network may be begun or removed in the data file of one")
	}
	for _, path := range []string{"/admin/networks/new", "/admin/networks/conet/remove"} {
		if r := anna.get(path); r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, r.status)
		}
	}
	anna.publishOwn("conet", "One file", func(s string) string { return strings.Replace(s, `name = "Berlin"`, `name = "Berlin (DE)"`, 1) })
	if page := anna.get("/admin/networks/conet/history/"); page.doc.Find(".admin-version").Length() != 1 {
		t.Errorf("the file's history:\n%s", page.doc.Find("main").Text())
	}
}

package admin

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"partnermap/data"
)

// git runs the git program in dir, with no configuration but its own:
// the repository the store writes is an ordinary one.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed; this test reads the repository with it")
	}
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// saveDraft saves a new draft of a network from its editor, with the
// text changed by change, and returns the draft's address.
func (b *browser) saveDraft(network, message string, change func(string) string) string {
	b.f.t.Helper()
	editor := b.get("/admin/networks/" + network + "/")
	text := editor.doc.Find("textarea[name=text]").Text()
	r := b.submit(editor, "/admin/networks/"+network+"/drafts", map[string]string{"text": change(text), "message": message})
	if r.status != http.StatusSeeOther {
		b.f.t.Fatalf("saving a draft of %s: %d\n%s", network, r.status, r.body)
	}
	return strings.TrimSuffix(r.location(), "?saved=1")
}

// press sends the form of a page's button by its words, with values.
func (b *browser) press(page response, button string, values map[string]string) response {
	b.f.t.Helper()
	form := page.doc.Find(`form:has(button:contains("` + button + `"))`)
	if form.Length() == 0 {
		b.f.t.Fatalf("no %q button on the page:\n%s", button, page.doc.Find("main").Text())
	}
	return b.submit(page, form.AttrOr("action", ""), values)
}

// hasButton reports whether a page has a button with the words.
func hasButton(page response, words string) bool {
	return page.doc.Find(`button:contains("`+words+`")`).Length() > 0
}

// An editor submits a draft; a maintainer sends it back with a comment,
// and publishes it once changed. Publishing writes the file as one
// commit that the git program reads as by the author and approved by the
// maintainer. An editor cannot publish, nor a maintainer of another
// network.
func TestReviewAndPublish(t *testing.T) {
	f := newFixture(t)
	ben, carla, dino := f.browser(), f.browser(), f.browser()
	ben.mustSignIn("ben")
	carla.mustSignIn("carla")
	dino.mustSignIn("dino")
	draft := ben.saveDraft("conet", "Palermo's name", func(s string) string {
		return strings.Replace(s, `name = "Palermo"`, `name = "Palermo, Sicily"`, 1)
	})
	page := ben.get(draft)
	if hasButton(page, "Publish") || hasButton(page, "Send back") {
		t.Error("an editor is offered to publish or send back")
	}
	r := ben.press(page, "Submit for review", nil)
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "?done=submitted") {
		t.Fatalf("submitting: %d to %q", r.status, r.location())
	}
	page = ben.get(r.location())
	if !strings.Contains(page.doc.Text(), "The draft is submitted for review.") || !strings.Contains(page.doc.Find(".admin-status").Text(), "submitted for review") {
		t.Errorf("after submitting, the page says: %s", page.doc.Find(".admin-notice, .admin-status").Text())
	}
	// An editor may not publish, however the request is made.
	csrf := page.doc.Find("input[name=csrf]").First().AttrOr("value", "")
	if r := ben.do(http.MethodPost, draft+"publish", url.Values{"csrf": {csrf}}); r.status != http.StatusForbidden {
		t.Errorf("an editor publishing: %d, want 403", r.status)
	}
	if r := ben.do(http.MethodPost, draft+"send-back", url.Values{"csrf": {csrf}, "comment": {"no"}}); r.status != http.StatusForbidden {
		t.Errorf("an editor sending back: %d, want 403", r.status)
	}
	if r := dino.get(draft); r.status != http.StatusForbidden {
		t.Errorf("an editor of another network reading the draft: %d, want 403", r.status)
	}
	review := carla.get(draft)
	if r := carla.do(http.MethodPost, draft+"publish", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("publishing without the form's token: %d, want 403", r.status)
	}
	// Sent back: a comment is needed.
	if r := carla.press(review, "Send back", map[string]string{"comment": "  "}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Text(), "Say what the author should change") {
		t.Errorf("sending back without a comment: %d", r.status)
	}
	r = carla.press(review, "Send back", map[string]string{"comment": "Say which island."})
	if r.status != http.StatusSeeOther {
		t.Fatalf("sending back: %d", r.status)
	}
	page = ben.get(draft)
	if !strings.Contains(page.doc.Find(".admin-comment").Text(), "Say which island.") || !strings.Contains(page.doc.Text(), "Comment of carla") || !hasButton(page, "Submit for review") {
		t.Errorf("the author does not see the comment, or cannot submit again:\n%s", page.doc.Find("main").Text())
	}
	r = ben.press(page, "Save draft", map[string]string{"text": strings.Replace(page.doc.Find("#draft-text").Text(), "Palermo, Sicily", "Palermo, Sicily (an island)", 1)})
	if r.status != http.StatusSeeOther {
		t.Fatalf("saving again: %d", r.status)
	}
	ben.press(ben.get(draft), "Submit for review", nil)
	// Published by the maintainer.
	review = carla.get(draft)
	if got := review.doc.Find(".admin-diff__line--add").Text(); !strings.Contains(got, `+name = "Palermo, Sicily (an island)"`) {
		t.Errorf("the reviewer does not see the line the draft adds: %q", got)
	}
	r = carla.press(review, "Publish", nil)
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "?done=published") {
		t.Fatalf("publishing: %d to %q\n%s", r.status, r.location(), r.body)
	}
	path := filepath.Join(f.dataDir, "conet.toml")
	onDisk, _ := os.ReadFile(path)
	if !strings.Contains(string(onDisk), `name = "Palermo, Sicily (an island)"`) {
		t.Error("the data file does not hold the draft")
	}
	d, _ := f.admin.drafts.Get("1")
	if d.Status != StatusPublished || d.Reviewer != "carla" || len(d.Version) != 40 {
		t.Errorf("the draft kept is %+v", d)
	}
	log := git(t, f.dataDir, "log", "-1", "--format=author %an%ncommitter %cn%n%B", "--", "conet.toml")
	for _, want := range []string{"author ben\n", "committer carla\n", "Palermo's name\n", "Approved-by: carla"} {
		if !strings.Contains(log, want) {
			t.Errorf("git log lacks %q:\n%s", want, log)
		}
	}
	if out := git(t, f.dataDir, "log", "--", "conet.toml"); !strings.Contains(out, "Author: ben") || !strings.Contains(out, "Approved-by: carla") {
		t.Errorf("git log names not both the author and the approver:\n%s", out)
	}
	if got := git(t, f.dataDir, "rev-parse", "HEAD"); strings.TrimSpace(got) != d.Version {
		t.Errorf("the draft names version %s, HEAD is %s", d.Version, got)
	}
	if status := git(t, f.dataDir, "status", "--porcelain", "conet.toml"); status != "" {
		t.Errorf("git status after publishing: %q", status)
	}
	page = ben.get(draft)
	if !strings.Contains(page.doc.Text(), "The draft is published.") && !strings.Contains(page.doc.Find(".admin-status").Text(), "published") {
		t.Error("the draft does not say it is published")
	}
	if page.doc.Find(`form[action="`+draft+`"]`).Length() != 0 || hasButton(page, "Publish") || hasButton(page, "Submit for review") {
		t.Error("a published draft can still be changed or published")
	}
	if r := ben.do(http.MethodPost, draft, url.Values{"csrf": {csrf}, "text": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("changing a published draft: %d, want 403", r.status)
	}
	if !strings.Contains(f.usersLog.String(), `msg=published name=carla network=conet draft=1 author=ben`) {
		t.Errorf("the publish is not logged:\n%s", f.usersLog.String())
	}
}

// A maintainer may publish a draft of their own without submitting it;
// a draft with problems is not published, and says why.
func TestPublishOwnDraft(t *testing.T) {
	f := newFixture(t)
	carla := f.browser()
	carla.mustSignIn("carla")
	broken := carla.saveDraft("conet", "", func(s string) string { return strings.Replace(s, `country = "IT"`, `country = "Italy"`, 1) })
	r := carla.press(carla.get(broken), "Publish", nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Text(), "problems are mended") {
		t.Errorf("publishing a draft with problems: %d", r.status)
	}
	if onDisk, _ := os.ReadFile(filepath.Join(f.dataDir, "conet.toml")); string(onDisk) != string(data.DefaultSource()) {
		t.Error("a draft with problems was written")
	}
	draft := carla.saveDraft("conet", "Berlin's focus", func(s string) string { return strings.Replace(s, "Berlin", "Berlin (DE)", 1) })
	if r := carla.press(carla.get(draft), "Publish", nil); r.status != http.StatusSeeOther {
		t.Fatalf("a maintainer publishing her own draft: %d\n%s", r.status, r.body)
	}
	log := git(t, f.dataDir, "log", "-1", "--format=%an|%cn|%B")
	if !strings.HasPrefix(log, "carla|carla|Berlin's focus") || !strings.Contains(log, "Approved-by: carla") {
		t.Errorf("git log: %q", log)
	}
}

// Two drafts begun from one version: when they change different fields,
// both publish, the second merged with the first; when they change the
// same field, the second is in conflict, keeps its text, shows both
// versions side by side, and publishes once its author saves it from the
// version of now.
func TestTwoDraftsFromOneBase(t *testing.T) {
	f := newFixture(t)
	ben, carla := f.browser(), f.browser()
	ben.mustSignIn("ben")
	carla.mustSignIn("carla")
	path := filepath.Join(f.dataDir, "conet.toml")
	berlin := `name = "Berlin"` + "\n" + `local_name = "Berlin"`
	// Different fields, on lines side by side.
	first := ben.saveDraft("conet", "Berlin's name", func(s string) string {
		return strings.Replace(s, berlin, `name = "Berlin (DE)"`+"\n"+`local_name = "Berlin"`, 1)
	})
	second := carla.saveDraft("conet", "Berlin's local name", func(s string) string {
		return strings.Replace(s, berlin, `name = "Berlin"`+"\n"+`local_name = "Bärlin"`, 1)
	})
	ben.press(ben.get(first), "Submit for review", nil)
	if r := carla.press(carla.get(first), "Publish", nil); r.status != http.StatusSeeOther {
		t.Fatalf("publishing the first: %d", r.status)
	}
	page := carla.get(second)
	if !strings.Contains(page.doc.Text(), "publishing merges the draft with them") {
		t.Error("the second draft does not say it merges with the first")
	}
	if got := page.doc.Find(".admin-table td").Text(); !strings.Contains(got, "Bärlin") || strings.Contains(got, "Berlin (DE)") {
		t.Errorf("what publishing the second changes, by field: %q", got)
	}
	if r := carla.press(page, "Publish", nil); r.status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "done=published") {
		t.Fatalf("publishing the second: %d to %q", r.status, r.location())
	}
	onDisk, _ := os.ReadFile(path)
	if !strings.Contains(string(onDisk), `name = "Berlin (DE)"`+"\n"+`local_name = "Bärlin"`) || !strings.HasPrefix(string(onDisk), "# CoNet, the URBACT II") {
		t.Errorf("the file does not hold both drafts, with its comments:\n%s", onDisk)
	}
	if n := strings.Count(git(t, f.dataDir, "log", "--format=%s"), "\n"); n != 2 {
		t.Errorf("%d commits, want one a draft", n)
	}

	// The same field.
	third := ben.saveDraft("conet", "Sofia", func(s string) string { return strings.Replace(s, `name = "Sofia"`, `name = "Sofia (BG)"`, 1) })
	fourth := carla.saveDraft("conet", "Sofia too", func(s string) string { return strings.Replace(s, `name = "Sofia"`, `name = "Sofia, Bulgaria"`, 1) })
	ben.press(ben.get(third), "Submit for review", nil)
	stale := carla.get(fourth) // open in a tab while the third is published
	carla.press(carla.get(third), "Publish", nil)
	if hasButton(carla.get(fourth), "Publish") {
		t.Error("a draft whose field changed meanwhile may be published")
	}
	before, _ := os.ReadFile(path)
	r := carla.press(stale, "Publish", nil)
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "done=conflict") {
		t.Fatalf("publishing the fourth: %d to %q", r.status, r.location())
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a draft in conflict was written")
	}
	d, _ := f.admin.drafts.Get(strings.Trim(strings.TrimPrefix(fourth, "/admin/drafts/"), "/"))
	if d.Status != StatusConflict || !strings.Contains(d.Text, `name = "Sofia, Bulgaria"`) || len(d.Conflicts) != 1 || d.Conflicts[0] != "cities.sofia.name" {
		t.Errorf("the draft in conflict: %s, %v", d.Status, d.Conflicts)
	}
	page = carla.get(r.location())
	main := page.doc.Find("main")
	if !strings.Contains(main.Text(), "The draft could not be published") || !strings.Contains(main.Find(".admin-conflict th code").Text(), "cities.sofia.name") {
		t.Errorf("the page does not say which field is in conflict:\n%s", main.Text())
	}
	if cells := main.Find(".admin-conflict td").Text(); !strings.Contains(cells, "Sofia, Bulgaria") || !strings.Contains(cells, "Sofia (BG)") {
		t.Errorf("the conflict does not show both values: %q", cells)
	}
	if !strings.Contains(main.Find("#conflict-draft").Text(), "Sofia, Bulgaria") || !strings.Contains(main.Find("#conflict-current").Text(), "Sofia (BG)") {
		t.Error("the two files are not side by side")
	}
	if hasButton(page, "Publish") || hasButton(page, "Submit for review") {
		t.Error("a draft in conflict may be published or submitted")
	}
	// Resolved: saved from this page, the draft begins from the version
	// of now, and publishes.
	text := strings.Replace(main.Find("#conflict-current").Text(), `name = "Sofia (BG)"`, `name = "Sofia, Bulgaria"`, 1)
	if r := carla.press(page, "Save draft", map[string]string{"text": text}); r.status != http.StatusSeeOther {
		t.Fatalf("saving the resolution: %d", r.status)
	}
	if r := carla.press(carla.get(fourth), "Publish", nil); !strings.HasSuffix(r.location(), "done=published") {
		t.Fatalf("publishing the resolution: %d to %q", r.status, r.location())
	}
	if onDisk, _ := os.ReadFile(path); !strings.Contains(string(onDisk), `name = "Sofia, Bulgaria"`) {
		t.Error("the resolution is not published")
	}
	// A conflict the page shows before anyone tried to publish is
	// resolved the same way.
	fifth := ben.saveDraft("conet", "Zabrze", func(s string) string { return strings.Replace(s, `name = "Zabrze"`, `name = "Zabrze (PL)"`, 1) })
	carla.publishOwn("conet", "Zabrze too", func(s string) string { return strings.Replace(s, `name = "Zabrze"`, `name = "Zabrze, Poland"`, 1) })
	page = ben.get(fifth)
	if page.doc.Find(".admin-conflict").Length() == 0 || page.doc.Find("input[name=rebase]").Length() != 1 {
		t.Fatal("a draft whose field changed meanwhile does not show the conflict, or cannot be saved from the version of now")
	}
	ben.press(page, "Save draft", map[string]string{"text": page.doc.Find("#conflict-current").Text()})
	if page = ben.get(fifth); page.doc.Find(".admin-conflict").Length() != 0 || !hasButton(page, "Submit for review") {
		t.Error("the draft saved from the version of now is still in conflict")
	}
}

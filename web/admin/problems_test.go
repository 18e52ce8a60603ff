package admin

import (
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"partnermap/data"
)

// editorJS is the draft page's script in these tests.
const editorJS = "/static/editor.0123abcd.js"

// Each problem of a draft's file links to the text area, with its line
// and column as validate counts them, in bytes: a line with München,
// Cyrillic and an emoji before the problem has a column larger than its
// characters'. Only a page with problems loads the script that takes the
// caret there, and the text area holds the text as saved, a first empty
// line too.
func TestProblemLinks(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.EditorJS = editorJS })
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	source := string(data.DefaultSource())
	link := `{ title = "Quartiersmanagement Berlin", url = "https://www.quartiersmanagement-berlin.de/" }`
	bad := `{ title = "Quartiersmanagement München Берлин 😀", url = "ftp://www.example.org/" }`
	if !strings.Contains(source, link) || !strings.Contains(source, "lat = 52.5200\n") {
		t.Fatal("CoNet's file no longer has Berlin's link and latitude as this test changes them")
	}
	text := "\n" + strings.NewReplacer(link, bad, "lat = 52.5200\n", "lat = 152.52\n").Replace(source)
	r := b.submit(editor, "/admin/networks/conet/drafts", map[string]string{"text": text, "message": "Two mistakes"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("saving: %d", r.status)
	}
	page := b.get(r.location())
	if got := page.doc.Find("#draft-text").Text(); got != text {
		t.Errorf("the text area holds %q…, want the text as saved, its first empty line too", got[:min(len(got), 40)])
	}
	lineOf := func(s string) (int, string) {
		i := strings.Index(text, s)
		start := strings.LastIndexByte(text[:i], '\n') + 1
		end := start + strings.IndexByte(text[start:], '\n')
		return strings.Count(text[:i], "\n") + 1, text[start:end]
	}
	latLine, _ := lineOf("lat = 152.52")
	urlLine, urlText := lineOf(bad)
	urlColumn := strings.Index(urlText, "url =") + 1 // bytes, as Go counts
	if utf8.RuneCountInString(urlText[:urlColumn-1])+1 == urlColumn {
		t.Fatal("the line has no letter of more than a byte before the problem")
	}
	links := page.doc.Find(".admin-problems li a")
	if links.Length() != 2 || page.doc.Find(".admin-problems li").Length() != 2 {
		t.Fatalf("%d links among %d problems, want 2 of 2:\n%s", links.Length(), page.doc.Find(".admin-problems li").Length(), page.doc.Find(".admin-problems").Text())
	}
	for i, want := range []struct{ line, column int }{{latLine, 1}, {urlLine, urlColumn}} {
		a := links.Eq(i)
		href, line, column := a.AttrOr("href", ""), a.AttrOr("data-line", ""), a.AttrOr("data-column", "")
		if href != "#draft-text" || line != strconv.Itoa(want.line) || column != strconv.Itoa(want.column) {
			t.Errorf("problem %d links to %q at line %s, column %s; want #draft-text at line %d, column %d", i, href, line, column, want.line, want.column)
		}
		if prefix := "Line " + line + ", column " + column + ": "; !strings.HasPrefix(a.Text(), prefix) {
			t.Errorf("problem %d reads %q, want it to begin %q", i, a.Text(), prefix)
		}
	}
	if s := page.doc.Find(`head script[src="` + editorJS + `"][defer]`); s.Length() != 1 || page.doc.Find("script").Length() != 1 {
		t.Errorf("the page with problems has %d scripts, want the editor's alone, deferred", page.doc.Find("script").Length())
	}

	// Mended, the draft has no problem, and its page no script.
	r = b.submit(page, "/admin/drafts/1/", map[string]string{"text": source, "message": "Mended"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("saving again: %d", r.status)
	}
	page = b.get("/admin/drafts/1/")
	if page.doc.Find(".admin-problems").Length() != 0 || page.doc.Find("script").Length() != 0 {
		t.Errorf("a draft without problems lists %d and has %d scripts", page.doc.Find(".admin-problems li").Length(), page.doc.Find("script").Length())
	}
}

// In an atlas a rule across files puts a problem in each file: the one
// in the draft's file links to its place, the other names its file and
// links nowhere, as its line is not one of the draft's.
func TestProblemInAnotherFile(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.EditorJS = editorJS })
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	source := string(data.DefaultSource())
	if !strings.Contains(source, "lat = 38.1157\n") {
		t.Fatal("CoNet's file no longer has Palermo's latitude as this test changes it")
	}
	text := strings.Replace(source, "lat = 38.1157\n", "lat = 39.1157\n", 1) // 111 km north of the other network's Palermo
	r := b.submit(editor, "/admin/networks/conet/drafts", map[string]string{"text": text, "message": "Palermo moves"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("saving: %d", r.status)
	}
	page := b.get(r.location())
	items := page.doc.Find(".admin-problems li")
	if items.Length() != 2 {
		t.Fatalf("%d problems, want one in each file:\n%s", items.Length(), items.Text())
	}
	line := strings.Count(text[:strings.Index(text, "lat = 39.1157")], "\n") + 1
	own, other := items.Eq(0), items.Eq(1)
	if strings.HasPrefix(strings.TrimSpace(own.Text()), "In ") {
		own, other = other, own
	}
	if a := own.Find("a"); a.Length() != 1 || a.AttrOr("data-line", "") != strconv.Itoa(line) || !strings.Contains(a.Text(), "km") {
		t.Errorf("the problem of the draft's file: %q, want a link to line %d", own.Text(), line)
	}
	if other.Find("a").Length() != 0 || !strings.HasPrefix(strings.TrimSpace(other.Text()), "In other.toml, line ") {
		t.Errorf("the problem of the other file reads %q, want it named, with no link", strings.TrimSpace(other.Text()))
	}
}

// A rule across an atlas's files names the other file by its name, never
// by where the server keeps it: a clash of two networks' slugs.
func TestProblemNamesNoServerPath(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	text := strings.Replace(string(data.DefaultSource()), `slug = "conet"`, `slug = "other"`, 1)
	r := b.submit(editor, "/admin/networks/conet/drafts", map[string]string{"text": text, "message": "A slug taken"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("saving: %d", r.status)
	}
	page := b.get(r.location())
	for name, p := range map[string]response{"draft": page} {
		problems := p.doc.Find(".admin-problems").Text()
		if !strings.Contains(problems, "is also the slug of the network at other.toml:") {
			t.Errorf("the %s's page does not name the other file: %q", name, problems)
		}
		if strings.Contains(p.body, f.dataDir) || strings.Contains(p.body, filepath.Dir(f.dataDir)) {
			t.Errorf("the %s's page shows the server's path %s:\n%s", name, f.dataDir, problems)
		}
	}
}

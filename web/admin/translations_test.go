package admin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnermap/data"
)

// A network's texts are translated side by side: each text as written
// beside its translation's field, what is missing listed and linked; the
// translations go into the account's draft through the writer that keeps
// the rest of the file, a hostile text stays text, and a form shown
// before the draft changed writes nothing over what changed since.
func TestTranslateSideBySide(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	if editor.doc.Find(`a[href="/admin/networks/conet/translations/"]`).Length() != 1 {
		t.Fatal("the editor does not lead to the translations")
	}
	list := b.get("/admin/networks/conet/translations/")
	if n := list.doc.Find(`a[href^="/admin/networks/conet/translations/"]`).Length(); n != 9 {
		t.Errorf("%d languages to translate into, want the 9 besides English", n)
	}
	if r := b.get("/admin/networks/conet/translations/en"); r.status != http.StatusNotFound {
		t.Errorf("translating into the network's own language: %d, want 404", r.status)
	}

	const action = "/admin/networks/conet/translations/it"
	page := b.get(action)
	if page.status != http.StatusOK {
		t.Fatalf("%d", page.status)
	}
	// Palermo's description has an Italian translation, its focus area
	// none: the first is shown, the second listed as missing.
	desc := page.doc.Find(`textarea[name="t.cities.palermo.description"]`)
	if desc.Length() != 1 || desc.AttrOr("lang", "") != "it" || !strings.Contains(desc.Text(), "Palermo") {
		t.Fatalf("Palermo's description in Italian: %q", desc.Text())
	}
	original := page.doc.Find("#" + strings.Fields(desc.AttrOr("aria-describedby", ""))[0])
	if original.AttrOr("lang", "") != "en" || !strings.Contains(original.Text(), "Ballarò") && !strings.Contains(original.Text(), "Palermo") {
		t.Errorf("the text as written beside it: %q", original.Text())
	}
	missing := page.doc.Find(`section[aria-labelledby="missing-heading"] a[href="#t-cities-palermo-focus_area"]`)
	if missing.Length() != 1 || page.doc.Find("#t-cities-palermo-focus_area").Length() != 1 {
		t.Errorf("Palermo's focus area is not listed as missing, with a link to its field")
	}

	if r := b.do(http.MethodPost, action, url.Values{"t.cities.palermo.focus_area": {"Ballarò"}}); r.status != http.StatusForbidden {
		t.Errorf("a form without the session's token: %d, want 403", r.status)
	}
	hostile := `<script>alert(1)</script>"><img src=x onerror=alert(2)>`
	r := b.submit(page, action, map[string]string{"t.cities.palermo.focus_area": "Ballarò " + hostile, "message": ""})
	if r.status != http.StatusSeeOther || r.location() != action+"?saved=1" {
		t.Fatalf("saving: %d to %q\n%s", r.status, r.location(), r.body)
	}
	drafts, _ := f.admin.drafts.List("conet")
	if len(drafts) != 1 {
		t.Fatalf("%d drafts, want 1", len(drafts))
	}
	d := drafts[0]
	n, err := data.Decode("conet.toml", []byte(d.Text))
	if err != nil {
		t.Fatal(err)
	}
	palermo, _ := n.City("palermo")
	if got := palermo.Translations["it"].FocusArea; !strings.HasPrefix(got, "Ballarò <script>") {
		t.Errorf("the focus area in Italian is %q", got)
	}
	if !strings.Contains(d.Text, "# The texts are in English.") || strings.Count(d.Text, "\n") < strings.Count(string(data.DefaultSource()), "\n") {
		t.Error("the draft lost the file's comments or lines")
	}
	saved := b.get(action + "?saved=1")
	if strings.Contains(saved.body, "<script>alert") || strings.Contains(saved.body, "<img src=x") {
		t.Error("the hostile text reaches the page as markup")
	}
	if saved.doc.Find(`input[name="t.cities.palermo.focus_area"]`).AttrOr("value", "") != "Ballarò "+hostile {
		t.Error("the saved translation is not shown in its field")
	}
	if saved.doc.Find(`[role=status]`).Length() == 0 || saved.doc.Find(`a[href="/admin/drafts/`+d.ID+`/"]`).Length() == 0 {
		t.Error("the page does not say the translations went into the draft")
	}

	// The form of before the draft changed writes only what it changed:
	// another field goes in beside the translation saved since, and the
	// same field comes back with both, written over by nobody.
	if r = b.submit(page, action, map[string]string{"t.cities.sofia.focus_area": "Fakulteta"}); r.status != http.StatusSeeOther {
		t.Fatalf("a form of before, changing another field: %d, want 303", r.status)
	}
	after, _ := f.admin.drafts.Get(d.ID)
	n, _ = data.Decode("conet.toml", []byte(after.Text))
	if sofia, _ := n.City("sofia"); sofia.Translations["it"].FocusArea != "Fakulteta" {
		t.Errorf("Sofia's focus area in Italian: %q", sofia.Translations["it"].FocusArea)
	}
	if palermo, _ := n.City("palermo"); !strings.HasPrefix(palermo.Translations["it"].FocusArea, "Ballarò <script>") {
		t.Error("a form of before wrote over a translation it did not change")
	}
	r = b.submit(page, action, map[string]string{"t.cities.palermo.focus_area": "Albergheria"})
	if r.status != http.StatusConflict {
		t.Fatalf("a form of before, changing the same field: %d, want 409", r.status)
	}
	if again, _ := f.admin.drafts.Get(d.ID); again.Text != after.Text {
		t.Error("a form of before wrote over the same field")
	}
	if alert := r.doc.Find(`[role=alert]`).Text(); !strings.Contains(alert, "Someone else changed the fields you changed") {
		t.Errorf("the refused form says %q, not that someone else changed the fields changed on it", alert)
	}
	field := r.doc.Find(`input[name="t.cities.palermo.focus_area"]`)
	if field.AttrOr("value", "") != "Albergheria" || !strings.Contains(r.doc.Find("#"+field.AttrOr("id", "")+"-now").Text(), "Ballarò <script>") {
		t.Error("the refused form does not show what was typed beside what the field holds now")
	}
	if r = b.submit(r, action, nil); r.status != http.StatusSeeOther {
		t.Errorf("saving again from the refused form: %d", r.status)
	}
	last, _ := f.admin.drafts.Get(d.ID)
	n, _ = data.Decode("conet.toml", []byte(last.Text))
	if palermo, _ := n.City("palermo"); palermo.Translations["it"].FocusArea != "Albergheria" {
		t.Errorf("saved again, Palermo's focus area in Italian is %q", palermo.Translations["it"].FocusArea)
	}
}

// The translator's view lists, per language, every text of every network
// the account may edit that is not translated, each leading to its field.
func TestTranslator(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("anna")
	home := b.get("/admin/")
	if home.doc.Find(`a[href="/admin/translations/"]`).Length() != 1 {
		t.Fatal("the home page does not lead to what is left to translate")
	}
	all := b.get("/admin/translations/")
	if all.doc.Find(`a[href="/admin/translations/?lang=de"]`).Length() != 1 {
		t.Fatal("no language to choose")
	}
	de := b.get("/admin/translations/?lang=de")
	if h1 := de.doc.Find("h1").Text(); h1 != "To translate into Deutsch" {
		t.Errorf("the view of what to translate into German says %q, not in the account's language", h1)
	}
	for _, network := range []string{"conet", "other"} {
		link := de.doc.Find(`a[href="/admin/networks/` + network + `/translations/de#t-cities-palermo-focus_area"]`)
		if link.Length() != 1 {
			t.Errorf("%s: Palermo's focus area in German is not listed", network)
		}
	}
	// Brussels has its German translation: its name is not listed.
	if de.doc.Find(`a[href$="#t-cities-brussels-name"]`).Length() != 0 {
		t.Error("a city's name, which needs no translation, is listed")
	}
	target := b.get("/admin/networks/conet/translations/de")
	if target.doc.Find("#t-cities-palermo-focus_area").Length() != 1 {
		t.Error("the link leads to no field")
	}
	if r := b.get("/admin/translations/?lang=xx"); r.status != http.StatusNotFound {
		t.Errorf("an unknown language: %d, want 404", r.status)
	}
}

package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/data"
)

// formOf is what a browser sends from the form of a page that posts to
// action, as shown: its fields, a radio button or option as checked or
// selected, and no button; act names the button pressed.
func formOf(t *testing.T, page response, action, act string) url.Values {
	t.Helper()
	form := page.doc.Find(`form[action="` + action + `"]`)
	if form.Length() == 0 {
		t.Fatalf("no form posts to %s on the page:\n%s", action, page.body)
	}
	v := url.Values{}
	form.Find("input[name], select[name], textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch {
		case goquery.NodeName(s) == "textarea":
			v.Set(name, s.Text())
		case goquery.NodeName(s) == "select":
			chosen := s.Find("option[selected]")
			if chosen.Length() == 0 {
				chosen = s.Find("option").First()
			}
			v.Set(name, chosen.AttrOr("value", ""))
		case s.AttrOr("type", "") == "radio":
			if _, checked := s.Attr("checked"); checked {
				v.Set(name, s.AttrOr("value", ""))
			}
		default:
			v.Set(name, s.AttrOr("value", ""))
		}
	})
	if act != "" {
		v.Set("act", act)
	}
	return v
}

// partnerNames are the names of a partners page's rows, in order, the
// coordinator's marked with a star.
func partnerNames(page response) []string {
	var out []string
	page.doc.Find("fieldset.admin-row").Each(func(_ int, s *goquery.Selection) {
		name := s.Find(`input[name^="name."]`).AttrOr("value", "")
		if _, lead := s.Find(`input[name="coordinator"]`).Attr("checked"); lead {
			name += "*"
		}
		out = append(out, name)
	})
	return out
}

// A network's partners are rows of a form: added, removed and moved by
// buttons that post it, so that it works without a script, each with its
// city chosen among the network's and one coordinator among them; saving
// writes them into the account's draft with the writer that keeps the
// file's comments, and nothing is saved while a row has a problem or the
// draft changed since the form was shown.
func TestPartnersAsRows(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("ben")
	const action = "/admin/networks/conet/partners"
	if b.get("/admin/networks/conet/").doc.Find(`a[href="`+action+`"]`).Length() != 1 {
		t.Fatal("the editor does not lead to the partners")
	}
	page := b.get(action)
	published, _ := data.Decode("conet.toml", data.DefaultSource())
	names := partnerNames(page)
	if page.status != http.StatusOK || len(names) != len(published.Partners) || names[0] != "City of Berlin*" || names[2] != "CESIE" {
		t.Fatalf("%d, the rows: %q", page.status, names)
	}
	cesie := page.doc.Find(`select[name="city.2"]`)
	if n := cesie.Find("option").Length(); n != len(published.Cities)+1 {
		t.Errorf("a partner's city is chosen among %d options, want the %d cities and none", n, len(published.Cities))
	}
	if got := cesie.Find("option[selected]").AttrOr("value", ""); got != "palermo" {
		t.Errorf("CESIE's city is %q", got)
	}
	other := f.browser()
	other.mustSignIn("dino")
	if r := other.get(action); r.status == http.StatusOK {
		t.Error("an editor of another network sees the partners of conet")
	}

	// The buttons change the rows as typed, and save nothing.
	v := formOf(t, page, action, "add")
	v.Set("name.3", "City of Liverpool (Merseyside)")
	r := b.do(http.MethodPost, action, v)
	names = partnerNames(r)
	if r.status != http.StatusOK || len(names) != len(published.Partners)+1 || names[3] != "City of Liverpool (Merseyside)" || names[len(names)-1] != "" {
		t.Fatalf("adding a row: %d, %q", r.status, names)
	}
	r = b.do(http.MethodPost, action, formOf(t, r, action, "down.0"))
	r = b.do(http.MethodPost, action, formOf(t, r, action, "remove.2"))
	names = partnerNames(r)
	if names[0] != "City of Palermo" || names[1] != "City of Berlin*" || names[2] != "City of Liverpool (Merseyside)" {
		t.Errorf("Berlin moved down, CESIE removed: %q", names)
	}
	if ds, _ := f.admin.drafts.List("conet"); len(ds) != 0 {
		t.Fatal("a button that changes the rows saved a draft")
	}

	// A new row without a name or city comes back with a problem beside
	// each, the typed text as text; and nothing is saved.
	last := strconv.Itoa(len(names) - 1)
	hostile := `<script>alert(1)</script>`
	v = formOf(t, r, action, "save")
	v.Set("website."+last, hostile)
	refused := b.do(http.MethodPost, action, v)
	row := refused.doc.Find("#partner-" + last)
	if refused.status != http.StatusUnprocessableEntity || row.Find("#partner-"+last+"-name-problem").Length() != 1 || row.Find("#partner-"+last+"-city-problem").Length() != 1 {
		t.Fatalf("a row without name or city: %d\n%s", refused.status, row.Text())
	}
	if strings.Contains(refused.body, hostile) || row.Find(`input[name="website.`+last+`"]`).AttrOr("value", "") != hostile {
		t.Error("the typed text is not kept as text")
	}
	if ds, _ := f.admin.drafts.List("conet"); len(ds) != 0 {
		t.Fatal("a form with problems saved a draft")
	}

	// Choosing the new partner as coordinator moves the role.
	v = formOf(t, refused, action, "save")
	v.Set("name."+last, "Città di Palermo")
	v.Set("city."+last, "palermo")
	v.Set("website."+last, "")
	v.Set("coordinator", last)
	saved := b.do(http.MethodPost, action, v)
	if saved.status != http.StatusSeeOther || saved.location() != action+"?saved=1" {
		t.Fatalf("saving: %d to %q\n%s", saved.status, saved.location(), saved.body)
	}
	ds, _ := f.admin.drafts.List("conet")
	if len(ds) != 1 {
		t.Fatalf("%d drafts, want 1", len(ds))
	}
	n, err := data.Decode("conet.toml", []byte(ds[0].Text))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range n.Partners {
		got = append(got, p.Slug+" "+string(p.Role)+" "+p.City)
	}
	want := []string{"city-of-palermo partner palermo", "city-of-berlin partner berlin", "city-of-liverpool partner liverpool"}
	if len(got) != len(published.Partners) || strings.Join(got[:3], "|") != strings.Join(want, "|") || got[len(got)-1] != "citta-di-palermo coordinator palermo" {
		t.Errorf("the draft's partners: %q", got)
	}
	if name := n.Partners[2].Name; name != "City of Liverpool (Merseyside)" {
		t.Errorf("Liverpool's name in the draft: %q", name)
	}
	if !strings.Contains(ds[0].Text, "# Partners: the member organisations.") {
		t.Error("the draft lost the file's comments")
	}
	again := b.get(action + "?saved=1")
	if again.doc.Find(`[role=status]`).Length() != 1 || again.doc.Find(`a[href="/admin/drafts/`+ds[0].ID+`/"]`).Length() == 0 {
		t.Error("the page does not say the partners went into the draft")
	}

	// A form shown before the draft changed saves nothing, and comes back
	// as typed.
	v = formOf(t, page, action, "save")
	v.Set("name.0", "Land Berlin")
	stale := b.do(http.MethodPost, action, v)
	if stale.status != http.StatusConflict || partnerNames(stale)[0] != "Land Berlin*" {
		t.Errorf("a form of before: %d, %q", stale.status, partnerNames(stale))
	}
	if now, _ := f.admin.drafts.Get(ds[0].ID); now.Text != ds[0].Text {
		t.Error("a form of before wrote over the draft")
	}
	// Beside it, what the draft holds now, for the writer to see what
	// saving again would write over.
	held, _ := data.Decode("draft.toml", []byte(ds[0].Text))
	if items := stale.doc.Find(`section[aria-labelledby=partners-now] li`); items.Length() != len(held.Partners) || !strings.Contains(items.First().Text(), held.Partners[0].Name) {
		t.Errorf("a form of before shows the draft's partners as %q, want %d starting with %q", items.Text(), len(held.Partners), held.Partners[0].Name)
	}
	// Saved again from the page that said so, it is written.
	if r := b.do(http.MethodPost, action, formOf(t, stale, action, "save")); r.status != http.StatusSeeOther {
		t.Errorf("saving again the form of before: %d", r.status)
	}
	now, _ := f.admin.drafts.Get(ds[0].ID)
	if n, _ := data.Decode("conet.toml", []byte(now.Text)); n.Partners[0].Name != "Land Berlin" || n.Partners[0].Role != data.RoleCoordinator || len(n.Partners) != len(published.Partners) {
		t.Errorf("saved again: %+v", n.Partners[0])
	}

	// A website validate refuses comes back beside its field.
	v = formOf(t, b.get(action), action, "save")
	v.Set("website.1", "javascript:alert(1)")
	if r := b.do(http.MethodPost, action, v); r.status != http.StatusUnprocessableEntity || r.doc.Find("#partner-1-website-problem").Length() != 1 {
		t.Errorf("a website of javascript: %d\n%s", r.status, r.doc.Find("#partner-1").Text())
	}

	// No coordinator: the form says to choose one.
	v = formOf(t, b.get(action), action, "save")
	v.Del("coordinator")
	if r := b.do(http.MethodPost, action, v); r.status != http.StatusUnprocessableEntity || r.doc.Find("#partner-0-problem").Length() != 1 {
		t.Errorf("no coordinator: %d", r.status)
	}
}

// A partner's city may be a new one, named on its row in any language:
// the gazetteer's place of that name joins the network's cities and is
// the partner's; a name no place has is a problem beside the field, and
// nothing is saved.
func TestPartnersNewCityOnTheSpot(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	const action = "/admin/networks/conet/partners"
	page := b.get(action)
	if page.doc.Find(`input[name="newcity.0"]`).Length() != 1 {
		t.Fatal("the rows have no field for a new city")
	}
	r := b.do(http.MethodPost, action, formOf(t, page, action, "add"))
	last := strconv.Itoa(len(partnerNames(r)) - 1)
	v := formOf(t, r, action, "save")
	v.Set("name."+last, "Landeshauptstadt München")
	v.Set("kind."+last, "city")
	v.Set("city."+last, "")
	v.Set("newcity."+last, "Nowhere at all, surely")
	refused := b.do(http.MethodPost, action, v)
	if refused.status != http.StatusUnprocessableEntity || !strings.Contains(refused.doc.Find("#partner-"+last+"-city-problem").Text(), "No place is known") {
		t.Fatalf("a new city no place has: %d\n%s", refused.status, refused.doc.Find("#partner-"+last).Text())
	}
	if ds, _ := f.admin.drafts.List("conet"); len(ds) != 0 {
		t.Fatal("a form with problems saved a draft")
	}
	v.Set("newcity."+last, "München")
	if saved := b.do(http.MethodPost, action, v); saved.status != http.StatusSeeOther {
		t.Fatalf("saving: %d\n%s", saved.status, saved.doc.Find("#partner-"+last).Text())
	}
	ds, _ := f.admin.drafts.List("conet")
	n, err := data.Decode("conet.toml", []byte(ds[0].Text))
	if err != nil {
		t.Fatal(err)
	}
	munich, ok := n.City("munich")
	if !ok || munich.Country != "DE" || munich.LocalName != "München" || munich.Lat < 48 || munich.Lat > 48.3 || n.Partners[len(n.Partners)-1].City != "munich" {
		t.Errorf("Munich in the draft: %+v, the partner's city %q", munich, n.Partners[len(n.Partners)-1].City)
	}
	if _, _, err := data.ParseChecked("conet.toml", []byte(ds[0].Text)); err != nil {
		t.Errorf("the draft does not validate: %v", err)
	}
}

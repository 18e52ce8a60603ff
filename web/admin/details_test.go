package admin

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/data"
)

// valuesOf are the values of a form's fields named by prefix, in order.
func valuesOf(page response, prefix string) []string {
	var out []string
	page.doc.Find(`[name^="` + prefix + `"]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("value", ""))
	})
	return out
}

// The network's own fields are a form made from the file's description:
// a field for each key, required ones marked, lists as rows that buttons
// add, remove and move, Markdown texts previewed as the site renders
// them, problems beside their fields; saving writes only what changed
// into the account's draft, comments and the translations of a moved
// result kept; a form of before saves nothing and shows what the draft
// now has.
func TestAboutTheNetworkForm(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.mustSignIn("ben")
	const action = "/admin/networks/conet/about"
	editor := b.get("/admin/networks/conet/")
	if editor.doc.Find(`a[href="`+action+`"]`).Length() != 1 || editor.doc.Find(`a[href="/admin/networks/conet/cities/palermo/edit"]`).Length() != 1 {
		t.Fatal("the editor does not lead to the network's and the cities' forms")
	}
	if editor.doc.Find(`#network-file-heading`).Text() != "Edit the file" || editor.doc.Find(`section textarea[name=text]`).Length() != 1 {
		t.Error("the data file is not under Edit the file")
	}
	page := b.get(action)
	if page.status != http.StatusOK {
		t.Fatalf("%d\n%s", page.status, page.body)
	}
	name := page.doc.Find(`input[name="network.name"]`)
	if name.AttrOr("value", "") != "CoNet" || !strings.Contains(page.doc.Find(`label[for="f-network-name"]`).Text(), "(required)") {
		t.Errorf("the name: %q, label %q", name.AttrOr("value", ""), page.doc.Find(`label[for="f-network-name"]`).Text())
	}
	if strings.Contains(page.doc.Find(`label[for="f-network-fund"]`).Text(), "(required)") {
		t.Error("the fund is marked required")
	}
	for _, field := range []string{`textarea[name="network.summary"]`, `input[name="network.start"][type=date]`, `input[name="network.contact.email"][type=email]`,
		`input[name="network.objectives[1]"]`, `select[name="network.results[0].city"]`, `textarea[name="network.results[1].description"]`} {
		if page.doc.Find(field).Length() != 1 {
			t.Errorf("no %s", field)
		}
	}
	if got := page.doc.Find(`select[name="network.results[0].city"] option[selected]`).AttrOr("value", ""); got != "palermo" {
		t.Errorf("the first result's city: %q", got)
	}

	// The buttons change the rows as typed, and save nothing.
	v := formOf(t, page, action, "add:network.results")
	v.Set("network.name", "CoNet II")
	r := b.do(http.MethodPost, action, v)
	titles := valuesOf(r, "network.results[")
	if r.status != http.StatusOK || r.doc.Find(`input[name="network.name"]`).AttrOr("value", "") != "CoNet II" || r.doc.Find(`input[name="network.results[2].title"]`).Length() != 1 {
		t.Fatalf("adding a result: %d, %q", r.status, titles)
	}
	r = b.do(http.MethodPost, action, formOf(t, r, action, "up:network.results[1]"))
	if got := r.doc.Find(`input[name="network.results[0].title"]`).AttrOr("value", ""); got != "CoNet's Guide to Social Cohesion" {
		t.Errorf("the guide moved up: the first result is %q", got)
	}
	if ds, _ := f.admin.drafts.List("conet"); len(ds) != 0 {
		t.Fatal("a button that changes the rows saved a draft")
	}

	// A new result without a title, and a day that is no day, come back
	// with a problem beside each; the typed text stays text.
	hostile := `<script>alert(1)</script>`
	v = formOf(t, r, action, "save")
	v.Set("network.results[2].url", hostile)
	v.Set("network.end", "2011-13-45")
	refused := b.do(http.MethodPost, action, v)
	if refused.status != http.StatusUnprocessableEntity || refused.doc.Find("#f-network-results-2-title-problem").Length() != 1 || refused.doc.Find("#f-network-end-problem").Length() != 1 {
		t.Fatalf("a result without a title: %d\n%s", refused.status, refused.doc.Find("form").Text())
	}
	if strings.Contains(refused.body, hostile) || refused.doc.Find(`input[name="network.results[2].url"]`).AttrOr("value", "") != hostile {
		t.Error("the typed text is not kept as text")
	}

	// Preview renders the Markdown as the site does, raw HTML left out,
	// and saves nothing.
	v = formOf(t, refused, action, "preview")
	v.Set("network.summary", "**Cohesion** in "+hostile+" cities")
	previewed := b.do(http.MethodPost, action, v)
	shown := previewed.doc.Find(`[role=region].admin-preview`)
	if shown.Find("strong").Text() != "Cohesion" || shown.Find("script").Length() != 0 || strings.Contains(previewed.body, hostile) {
		t.Errorf("the preview: %q", shown.Text())
	}
	if ds, _ := f.admin.drafts.List("conet"); len(ds) != 0 {
		t.Fatal("a preview saved a draft")
	}

	// Mended, it is saved: only what changed, with the file's comments,
	// the moved result keeping its city.
	v = formOf(t, previewed, action, "save")
	v.Set("network.summary", "**Cohesion** in eleven cities.")
	v.Set("network.end", "2011-05-20")
	v.Set("network.results[2].title", "A third result")
	v.Set("network.results[2].url", "")
	v.Set("network.objectives[0]", "")
	saved := b.do(http.MethodPost, action, v)
	if saved.status != http.StatusSeeOther || saved.location() != action+"?saved=1" {
		t.Fatalf("saving: %d to %q\n%s", saved.status, saved.location(), saved.doc.Find("form").Text())
	}
	ds, _ := f.admin.drafts.List("conet")
	if len(ds) != 1 {
		t.Fatalf("%d drafts, want 1", len(ds))
	}
	n, err := data.Decode("conet.toml", []byte(ds[0].Text))
	if err != nil {
		t.Fatal(err)
	}
	if n.Name != "CoNet II" || n.Summary != "**Cohesion** in eleven cities." || len(n.Objectives) != 1 || len(n.Results) != 3 ||
		n.Results[1].Title != "Local Action Plan of Palermo" || n.Results[1].City != "palermo" || n.Results[2].Title != "A third result" {
		t.Errorf("the draft: %q, %q, %q, %+v", n.Name, n.Summary, n.Objectives, n.Results)
	}
	if !strings.Contains(ds[0].Text, "# Cities: one place on the map each.") || !strings.Contains(ds[0].Text, "start = 2008-04-21\nend = 2011-05-20\n") {
		t.Error("the draft lost the file's comments or its dates")
	}

	// A form of before saves nothing, and lists what the draft now has.
	v = formOf(t, page, action, "save")
	v.Set("network.fund", "ERDF")
	stale := b.do(http.MethodPost, action, v)
	if stale.status != http.StatusConflict || !strings.Contains(stale.doc.Find(`[role=alert]`).Text(), "Name: CoNet II") {
		t.Errorf("a form of before: %d\n%s", stale.status, stale.doc.Find(`[role=alert]`).Text())
	}
	if now, _ := f.admin.drafts.Get(ds[0].ID); now.Text != ds[0].Text {
		t.Error("a form of before wrote over the draft")
	}

	// What validation refuses comes back beside its field.
	v = formOf(t, b.get(action), action, "save")
	v.Set("network.website", "javascript:alert(1)")
	if r := b.do(http.MethodPost, action, v); r.status != http.StatusUnprocessableEntity || r.doc.Find("#f-network-website-problem").Text() != "Write a full address, such as https://example.org/page." {
		t.Errorf("a website of javascript: %d\n%s", r.status, r.doc.Find("form").Text())
	}
}

// A city's form edits its names, point and texts, and its links and
// meetings as rows; its translations stay as they are.
func TestCityForm(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	const action = "/admin/networks/conet/cities/palermo/edit"
	page := b.get(action)
	if page.status != http.StatusOK || page.doc.Find(`input[name="cities.palermo.lat"]`).AttrOr("value", "") != "38.1157" ||
		page.doc.Find(`input[name="cities.palermo.links[0].url"]`).Length() != 1 || page.doc.Find(`input[name="cities.palermo.meetings[0].start"]`).AttrOr("value", "") != "2010-11-25" {
		t.Fatalf("%d\n%s", page.status, page.doc.Find("form").Text())
	}
	if r := b.get("/admin/networks/conet/cities/atlantis/edit"); r.status != http.StatusNotFound {
		t.Errorf("a city the network does not have: %d", r.status)
	}
	// A point moved out of the city's country is checked against its
	// outline, as adding a city does.
	v := formOf(t, page, action, "save")
	v.Set("cities.palermo.lat", "48.2082")
	v.Set("cities.palermo.lon", "16.3738")
	if r := b.do(http.MethodPost, action, v); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#f-cities-palermo-lat-problem").Text(), "outside Italy, in Austria") {
		t.Errorf("Palermo put in Vienna: %d, %q", r.status, r.doc.Find("#f-cities-palermo-lat-problem").Text())
	}
	// A latitude out of range is said as such, not as a point at sea.
	v.Set("cities.palermo.lat", "138.1157")
	if r := b.do(http.MethodPost, action, v); r.doc.Find("#f-cities-palermo-lat-problem").Text() != "A latitude lies between -90 and 90." {
		t.Errorf("a latitude of 138: %q", r.doc.Find("#f-cities-palermo-lat-problem").Text())
	}
	r := b.do(http.MethodPost, action, formOf(t, page, action, "add:cities.palermo.links"))
	v = formOf(t, r, action, "save")
	v.Set("cities.palermo.links[1].title", "Ballarò")
	v.Set("cities.palermo.lat", "38,12")
	refused := b.do(http.MethodPost, action, v)
	if refused.status != http.StatusUnprocessableEntity || refused.doc.Find("#f-cities-palermo-links-1-url-problem").Length() != 1 {
		t.Fatalf("a link without its address: %d\n%s", refused.status, refused.doc.Find("form").Text())
	}
	v = formOf(t, refused, action, "save")
	v.Set("cities.palermo.links[1].url", "https://example.org/ballaro")
	v.Set("cities.palermo.meetings[0].topic", "Cooperation")
	if saved := b.do(http.MethodPost, action, v); saved.status != http.StatusSeeOther {
		t.Fatalf("saving: %d\n%s", saved.status, saved.doc.Find("form").Text())
	}
	ds, _ := f.admin.drafts.List("conet")
	n, err := data.Decode("conet.toml", []byte(ds[0].Text))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := n.City("palermo")
	if c.Lat != 38.12 || len(c.Links) != 2 || c.Links[1].URL != "https://example.org/ballaro" || c.Meetings[0].Topic != "Cooperation" || c.Translations["bg"].Name != "Палермо" {
		t.Errorf("Palermo in the draft: %+v", c)
	}
	if ds[0].Message != "Changed Palermo" {
		t.Errorf("the draft's message: %q", ds[0].Message)
	}
}

package admin

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/spreadsheet"
)

// upload sends a page's upload form, found by its action, with its hidden
// fields and checked radio buttons, the values given, and a file (none
// when name is "").
func (b *browser) upload(page response, action, name string, content []byte, values map[string]string) response {
	b.f.t.Helper()
	form := page.doc.Find(`form[action="` + action + `"]`)
	if form.Length() == 0 {
		b.f.t.Fatalf("no form posts to %s on the page:\n%s", action, page.body)
	}
	if enc := form.AttrOr("enctype", ""); enc != "multipart/form-data" {
		b.f.t.Fatalf("the upload form is sent as %q", enc)
	}
	v := url.Values{}
	form.Find("input[type=hidden], input[type=radio]:checked").Each(func(_ int, s *goquery.Selection) {
		v.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	for k, x := range values {
		v.Set(k, x)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, xs := range v {
		for _, x := range xs {
			w.WriteField(k, x)
		}
	}
	if name != "" {
		part, err := w.CreateFormFile("file", name)
		if err != nil {
			b.f.t.Fatal(err)
		}
		part.Write(content)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, action, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.send(req)
}

// problemRows are the rows of an upload's table of problems, a cell a
// column, as the page shows them.
func problemRows(r response) [][]string {
	var rows [][]string
	r.doc.Find(".admin-upload table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var row []string
		tr.Children().Each(func(_ int, td *goquery.Selection) { row = append(row, strings.TrimSpace(td.Text())) })
		rows = append(rows, row)
	})
	return rows
}

// summaryOfPage is the draft page's list of cities and partners changed,
// by what happened to them.
func summaryOfPage(r response) map[string][]string {
	got := map[string][]string{}
	var label string
	r.doc.Find(".admin-summary").Children().Each(func(_ int, s *goquery.Selection) {
		if goquery.NodeName(s) == "dt" {
			label = s.Text()
			return
		}
		s.Find("li").Each(func(_ int, li *goquery.Selection) { got[label] = append(got[label], li.Text()) })
	})
	return got
}

const uploadAction = "/admin/networks/conet/upload"

// Each spreadsheet of the import's tests, uploaded to CoNet's editor,
// gives its problems in a table by cell, and nothing is saved; or it
// becomes a draft, whose page lists the cities and partners it changes.
func TestUploadFixtures(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	dir := "../../data/spreadsheet/testdata"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	bad := workbookWith(t, [][]any{
		{"partner", "kind", "role", "city", "country"},
		{"City of Berlin", "city", "coordinator", "Berlin", "DE"},
		{"City of Palermo", nil, "partner", "Palermo", "IT"},
	})
	type sheet struct {
		name    string
		content []byte
	}
	sheets := []sheet{{"conet-changed.xlsx", changedWorkbook(t)}, {"bad.xlsx", bad}}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); ext == ".toml" {
			continue // the import's golden output
		}
		content, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sheets = append(sheets, sheet{e.Name(), content})
	}
	drafts := 0
	for _, s := range sheets {
		t.Run(s.name, func(t *testing.T) {
			editor := b.get("/admin/networks/conet/")
			r := b.upload(editor, uploadAction, s.name, s.content, nil)
			switch s.name {
			case "mistakes.csv":
				if r.status != http.StatusUnprocessableEntity {
					t.Fatalf("%d, want 422", r.status)
				}
				rows := problemRows(r)
				want := [][]string{
					{"F2", "latitude", "lat = 4.8357, lon = 45.764 lies 1,946 km outside France, in Somalia", "Did you swap lat and lon? Write lat = 45.764, lon = 4.8357"},
					{"D3", "city", `no place called "Atlantis" in Greece in the gazetteer`, "Did you mean Atalánti (region of Lamía, 5,000)? Otherwise write Atlantis's latitude and longitude, in decimal degrees"},
					{"A4", "partner", "partner is empty", "Write the partner's name, such as City of Palermo"},
				}
				if len(rows) != 10 || !reflect.DeepEqual(rows[:3], want) {
					t.Errorf("%d problems, the first:\n%q\nwant 10, the first:\n%q", len(rows), rows[:min(3, len(rows))], want)
				}
				if !strings.Contains(r.doc.Find(".admin-upload [role=alert]").Text(), "Nothing is saved: mistakes.csv has the problems below.") {
					t.Errorf("the notice: %q", r.doc.Find(".admin-upload [role=alert]").Text())
				}
			case "bad.xlsx":
				rows := problemRows(r)
				if want := [][]string{{"Partners", "B3", "kind", "kind is empty", "Write city or organisation"}}; r.status != http.StatusUnprocessableEntity || !reflect.DeepEqual(rows, want) {
					t.Errorf("%d: %q, want 422: %q", r.status, rows, want)
				}
			default:
				if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "/?done=uploaded") {
					t.Fatalf("%d to %q, want a draft:\n%s", r.status, r.location(), r.body)
				}
				drafts++
				page := b.get(r.location())
				if !strings.Contains(page.body, "The spreadsheet is in the draft.") {
					t.Error("the draft page does not say where the spreadsheet went")
				}
				sum := summaryOfPage(page)
				if len(sum) == 0 {
					t.Errorf("the draft page lists no city nor partner changed")
				}
				if s.name == "conet-changed.xlsx" {
					want := map[string][]string{"Cities added": {"Torino"}, "Cities changed": {"Palermo, Sicily"}, "Partners added": {"Città di Torino"}, "Partners removed": {"CESIE"}}
					if !reflect.DeepEqual(sum, want) {
						t.Errorf("summary %q, want %q", sum, want)
					}
				}
				if page.doc.Find(`form[action$="/submit"]`).Length() == 0 {
					t.Error("the draft cannot be submitted for review")
				}
			}
			if got, _ := f.admin.drafts.List(""); len(got) != drafts {
				t.Errorf("%d drafts saved, want %d", len(got), drafts)
			}
		})
	}
	if src, _ := os.ReadFile(filepath.Join(f.dataDir, "conet.toml")); !bytes.Equal(src, data.DefaultSource()) {
		t.Error("an upload changed the published network")
	}
}

// workbookWith writes a workbook whose sheet "Partners" holds rows.
func workbookWith(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Partners")
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Partners", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// changedWorkbook is CoNet's partners in the columns of its own workbook,
// with Palermo renamed, CESIE gone and a partner in Torino added, as a
// person edits the workbook.
func changedWorkbook(t *testing.T) []byte {
	t.Helper()
	n, err := data.Parse("conet.toml", data.DefaultSource())
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{"partner", "kind", "role", "city", "country", "website", "latitude", "longitude", "local name", "focus area", "description", "partner slug", "city slug"}}
	for _, p := range n.Partners {
		c, _ := n.City(p.City)
		if p.Slug == "cesie" {
			continue
		}
		if c.Slug == "palermo" {
			c.Name = "Palermo, Sicily"
		}
		rows = append(rows, []any{p.Name, string(p.Kind), string(p.Role), c.Name, c.Country, p.Website, c.Lat, c.Lon, c.LocalName, c.FocusArea, string(c.Description), p.Slug, c.Slug})
	}
	rows = append(rows, []any{"Città di Torino", "city", "partner", "Torino", "IT", "", 45.0705, 7.6868})
	return workbookWith(t, rows)
}

// A file larger than an upload takes is refused with the editor again,
// saying how large one may be (a body over the server's limit, refused
// before it is read, is web's TestUploadOverTheLimit); so is a form
// without a file. Nothing is saved.
func TestUploadLimits(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxSize = 20_000 })
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	if hint := editor.doc.Find("#upload-file-hint").Text(); !strings.Contains(hint, "at most 20 KB") {
		t.Errorf("the form does not say how large a file may be: %q", hint)
	}
	if href := editor.doc.Find(".admin-upload a").First().AttrOr("href", ""); href != "/networks/conet/api/network.xlsx" {
		t.Errorf("the template offered is %q, want the network's own workbook in the atlas", href)
	}
	r := b.upload(editor, uploadAction, "big.csv", bytes.Repeat([]byte("x"), 20_001), nil)
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.doc.Find("#upload-notice").Text(), "larger than 20 KB, the most an upload takes") {
		t.Errorf("a file too large: %d %q", r.status, r.doc.Find("#upload-notice").Text())
	}
	if r.doc.Find(`form[action="`+uploadAction+`"]`).Length() != 1 {
		t.Error("the page of a file too large has no form to upload another")
	}
	r = b.upload(editor, uploadAction, "", nil, nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#upload-notice").Text(), "Choose a spreadsheet to upload.") {
		t.Errorf("no file: %d %q", r.status, r.doc.Find("#upload-notice").Text())
	}
	if drafts, _ := f.admin.drafts.List(""); len(drafts) != 0 {
		t.Errorf("%d drafts saved, want none", len(drafts))
	}
}

// An upload is a write like any other: refused (403) without the
// session's token or with another, from an editor of another network,
// and sent to sign in without a session.
func TestUploadRefused(t *testing.T) {
	f := newFixture(t)
	ben := f.browser()
	ben.mustSignIn("ben")
	editor := ben.get("/admin/networks/conet/")
	csv := []byte("partner,kind,role,city,country,latitude,longitude\nCity of Berlin,city,coordinator,Berlin,DE,52.52,13.405\n")
	if r := ben.upload(editor, uploadAction, "a.csv", csv, map[string]string{"csrf": ""}); r.status != http.StatusForbidden || !strings.Contains(r.body, "The form was refused") {
		t.Errorf("without the token: %d", r.status)
	}
	if r := ben.upload(editor, uploadAction, "a.csv", csv, map[string]string{"csrf": "x" + editor.doc.Find("input[name=csrf]").First().AttrOr("value", "")}); r.status != http.StatusForbidden {
		t.Errorf("with another token: %d", r.status)
	}
	dino := f.browser()
	dino.mustSignIn("dino")
	page := dino.get("/admin/networks/other/")
	mine := page.doc.Find("input[name=csrf]").First().AttrOr("value", "")
	if r := dino.upload(editor, uploadAction, "a.csv", csv, map[string]string{"csrf": mine}); r.status != http.StatusForbidden {
		t.Errorf("an editor of another network: %d, want 403", r.status)
	}
	if r := dino.get("/admin/networks/conet/upload"); r.status != http.StatusForbidden {
		t.Errorf("an editor of another network asking for the form's address: %d, want 403", r.status)
	}
	nobody := f.browser()
	if r := nobody.upload(editor, uploadAction, "a.csv", csv, nil); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/admin/sign-in") {
		t.Errorf("without a session: %d to %q", r.status, r.location())
	}
	if drafts, _ := f.admin.drafts.List(""); len(drafts) != 0 {
		t.Errorf("%d drafts saved, want none", len(drafts))
	}
	if r := ben.get("/admin/networks/conet/upload"); r.status != http.StatusSeeOther || r.location() != "/admin/networks/conet/" {
		t.Errorf("the form's address asked for: %d to %q, want the editor", r.status, r.location())
	}
}

// An account with a draft of the network chooses where the spreadsheet
// goes: a new draft, the choice made unless it says otherwise, or its
// draft, whose cities and partners the sheet's replace and whose other
// changes stay; not a draft saved since the form was shown. A sheet that
// changes nothing saves nothing.
func TestUploadIntoDraft(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	if editor.doc.Find(`input[name=into]`).Length() != 0 {
		t.Error("the form offers a draft to an account that has none")
	}
	n, err := data.Parse("conet.toml", data.DefaultSource())
	if err != nil {
		t.Fatal(err)
	}
	own, err := spreadsheet.Workbook(n)
	if err != nil {
		t.Fatal(err)
	}
	r := b.upload(editor, uploadAction, "conet.xlsx", own, nil)
	if r.status != http.StatusOK || !strings.Contains(r.doc.Find("#upload-notice").Text(), "are the network's as they are") {
		t.Errorf("the network's own workbook: %d %q", r.status, r.doc.Find("#upload-notice").Text())
	}
	text := strings.Replace(string(data.DefaultSource()), `full_name = "Cohesion Network"`, `full_name = "Cohesion Network, in a draft"`, 1)
	if r := b.submit(editor, "/admin/networks/conet/drafts", map[string]string{"text": text, "message": "Full name"}); r.status != http.StatusSeeOther {
		t.Fatalf("saving a draft: %d", r.status)
	}
	editor = b.get("/admin/networks/conet/")
	choices := editor.doc.Find(`input[name=into]`)
	if choices.Length() != 2 || editor.doc.Find(`input[name=into]:checked`).AttrOr("value", "") != "new" || !strings.Contains(editor.doc.Find("fieldset").Text(), "Into your draft 1, saved") {
		t.Fatalf("the choice of drafts: %d, %q", choices.Length(), editor.doc.Find("fieldset").Text())
	}
	sheet := changedWorkbook(t)
	stale := editor
	f.clock.Add(time.Minute)
	if r := b.submit(b.get("/admin/drafts/1/"), "/admin/drafts/1/", map[string]string{"text": text + "\n# Saved again.\n"}); r.status != http.StatusSeeOther {
		t.Fatalf("saving the draft again: %d", r.status)
	}
	r = b.upload(stale, uploadAction, "conet.xlsx", sheet, map[string]string{"into": "1"})
	if r.status != http.StatusConflict || !strings.Contains(r.doc.Find("#upload-notice").Text(), "Your draft 1 has been saved since this page was shown.") {
		t.Errorf("into a draft saved since: %d %q", r.status, r.doc.Find("#upload-notice").Text())
	}
	if d, _ := f.admin.drafts.Get("1"); d.Text != text+"\n# Saved again.\n" {
		t.Error("the draft saved since was written over")
	}
	if r := b.upload(stale, uploadAction, "conet.xlsx", sheet, map[string]string{"into": "7", "stamp": ""}); r.status != http.StatusConflict {
		t.Errorf("into a draft that is not the account's to write: %d", r.status)
	}
	r = b.upload(b.get("/admin/networks/conet/"), uploadAction, "conet.xlsx", sheet, map[string]string{"into": "1"})
	if r.status != http.StatusSeeOther || r.location() != "/admin/drafts/1/?done=uploaded" {
		t.Fatalf("into the draft: %d to %q", r.status, r.location())
	}
	d, _ := f.admin.drafts.Get("1")
	for _, want := range []string{`full_name = "Cohesion Network, in a draft"`, "# Saved again.", `name = "Palermo, Sicily"`, `name = "Torino"`} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("the draft lacks %s:\n%s", want, d.Text)
		}
	}
	if strings.Contains(d.Text, `slug = "cesie"`) {
		t.Error("the draft keeps the partner the sheet removed")
	}
	if d.Message != "Full name" || d.Base != Version(data.DefaultSource()) {
		t.Errorf("the draft's message %q and base %q changed", d.Message, d.Base)
	}
	if drafts, _ := f.admin.drafts.List(""); len(drafts) != 1 {
		t.Errorf("%d drafts, want the one", len(drafts))
	}
	// Into a new draft, begun from the version published now: the
	// account's draft is as it was.
	r = b.upload(b.get("/admin/networks/conet/"), uploadAction, "conet.xlsx", sheet, nil)
	if r.status != http.StatusSeeOther || r.location() != "/admin/drafts/2/?done=uploaded" {
		t.Fatalf("into a new draft: %d to %q", r.status, r.location())
	}
	d2, _ := f.admin.drafts.Get("2")
	if strings.Contains(d2.Text, "in a draft") || !strings.Contains(d2.Text, `name = "Torino"`) || d2.Message != "From the spreadsheet conet.xlsx" {
		t.Errorf("the new draft %q:\n%s", d2.Message, d2.Text)
	}
	if again, _ := f.admin.drafts.Get("1"); again.Text != d.Text {
		t.Error("a new draft changed the other")
	}
}

// The hostile texts of the hardening tests in a spreadsheet's cells are
// text on every page: in the table of problems, the draft's summary and
// its changes.
func TestUploadHostile(t *testing.T) {
	payload := `<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">{{ .Name }}</script>` + "\u202eevil\u202c 😀 é̃ a̶b"
	quoted := `"` + strings.ReplaceAll(payload, `"`, `""`) + `"`
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	bad := "partner,kind,role,city,country,latitude,longitude\n" + quoted + "," + quoted + ",coordinator,Berlin,DE,52.52,13.405\n"
	r := b.upload(editor, uploadAction, payload+".csv", []byte(bad), nil)
	if r.status != http.StatusUnprocessableEntity || len(problemRows(r)) == 0 {
		t.Fatalf("%d, %q", r.status, problemRows(r))
	}
	good := "partner,kind,role,city,country,latitude,longitude,focus area\nCity of Berlin,city,coordinator,Berlin,DE,52.52,13.405," + quoted + "\n" + quoted + ",city,partner,Palermo,IT,38.1157,13.3613,\n"
	r = b.upload(editor, uploadAction, "hostile.csv", []byte(good), nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("%d:\n%s", r.status, r.body)
	}
	draft := b.get(r.location())
	if got := summaryOfPage(draft)["Partners added"]; !reflect.DeepEqual(got, []string{payload}) {
		t.Errorf("the partners added: %q", got)
	}
	for _, page := range []response{r, draft} {
		if strings.Contains(page.body, "<script>window") || strings.Contains(page.body, "<img src=x") || page.doc.Find("script, img, [onerror]").Length() != 0 {
			t.Errorf("markup of a cell reached the page:\n%s", page.body)
		}
	}
}

func TestSplitFix(t *testing.T) {
	cases := []struct{ msg, problem, write string }{
		{"kind is empty: write city or organisation", "kind is empty", "Write city or organisation"},
		{`kind "a: write b" is not one the import knows: write city or organisation`, `kind "a: write b" is not one the import knows`, "Write city or organisation"},
		{`kind "a \": write b" is odd: write city`, `kind "a \": write b" is odd`, "Write city"},
		{"lies outside France, in Somalia: did you swap lat and lon? Write lat = 45.764", "lies outside France, in Somalia", "Did you swap lat and lon? Write lat = 45.764"},
		{"a second coordinator (the first is in row 2): a network has one coordinator; write partner here", "a second coordinator (the first is in row 2): a network has one coordinator", "Write partner here"},
		{"the workbook has no sheets", "the workbook has no sheets", ""},
	}
	for _, tc := range cases {
		if p, w := splitFix(tc.msg); p != tc.problem || w != tc.write {
			t.Errorf("splitFix(%q) = %q, %q; want %q, %q", tc.msg, p, w, tc.problem, tc.write)
		}
	}
}

func TestFileName(t *testing.T) {
	cases := map[string]string{
		`C:\Users\anna\Partners 2024.xlsx`: "Partners 2024.xlsx",
		"../../etc/passwd":                 "passwd",
		"a\nb\u202ec.csv":                  "a bc.csv",
		"\xff.csv":                         "�.csv",
		"":                                 "spreadsheet",
		strings.Repeat("é", 200):           strings.Repeat("é", maxFileName-1) + "…",
	}
	for in, want := range cases {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The summary names the cities and partners added, changed and removed,
// by slug: a city renamed is changed, not removed and added.
func TestSummaryOf(t *testing.T) {
	before := data.DefaultSource()
	after := strings.Replace(string(before), `name = "Zabrze"`, `name = "Zabrze (Silesia)"`, 1)
	after = strings.Replace(after, "[[partners]]\nslug = \"cesie\"", "[[partners]]\nslug = \"cesie-palermo\"", 1)
	got := summaryOf(before, []byte(after))
	want := view.Summary{CitiesChanged: []string{"Zabrze (Silesia)"}, PartnersAdded: []string{"CESIE"}, PartnersRemoved: []string{"CESIE"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summary %+v, want %+v", got, want)
	}
	if s := summaryOf(nil, before); len(s.CitiesAdded) != 11 || s.CitiesChanged != nil || s.CitiesRemoved != nil {
		t.Errorf("a new network's summary: %+v", s)
	}
	if s := summaryOf(before, []byte("not [toml")); s.Any() {
		t.Errorf("a file that does not decode: %+v", s)
	}
}

// Two uploads into one draft at once, from the same page: one lands, the
// other finds the draft saved since, and nothing is lost in between.
func TestUploadsAtOnce(t *testing.T) {
	f := newFixture(t)
	one, two := f.browser(), f.browser()
	one.mustSignIn("ben")
	two.mustSignIn("ben")
	editor := one.get("/admin/networks/conet/")
	if r := one.submit(editor, "/admin/networks/conet/drafts", map[string]string{"message": "A draft"}); r.status != http.StatusSeeOther {
		t.Fatalf("saving a draft: %d", r.status)
	}
	sheet := []byte("partner,kind,role,city,country,latitude,longitude\nCity of Berlin,city,coordinator,Berlin,DE,52.52,13.405\n")
	pages := []response{one.get("/admin/networks/conet/"), two.get("/admin/networks/conet/")}
	statuses := make(chan int, 2)
	for i, b := range []*browser{one, two} {
		go func() {
			statuses <- b.upload(pages[i], uploadAction, "berlin.csv", sheet, map[string]string{"into": "1"}).status
		}()
	}
	got := []int{<-statuses, <-statuses}
	slices.Sort(got)
	if want := []int{http.StatusSeeOther, http.StatusConflict}; !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}

// An upload's problems are in the editor's language where the import
// words them itself, and a problem it has no words of its own for is
// marked English; a clean sheet's warnings and the names and places the
// import chose are shown with the draft, in that language too.
func TestUploadInTheEditorsLanguage(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	home := b.get("/admin/")
	if r := b.submit(home, "/admin/language", map[string]string{"lang": "de", "next": "/admin/"}); r.status != http.StatusSeeOther {
		t.Fatalf("choosing German: %d", r.status)
	}
	mistakes, err := os.ReadFile("../../data/spreadsheet/testdata/mistakes.csv")
	if err != nil {
		t.Fatal(err)
	}
	r := b.upload(b.get("/admin/networks/conet/"), uploadAction, "mistakes.csv", mistakes, nil)
	rows := problemRows(r)
	if len(rows) != 10 {
		t.Fatalf("%d problems, want 10: %q", len(rows), rows)
	}
	if want := []string{"A4", "partner", "Partner ist leer", "Schreiben Sie den Namen des Partners, etwa Stadt Köln"}; !reflect.DeepEqual(rows[2], want) {
		t.Errorf("the empty partner: %q, want %q", rows[2], want)
	}
	if want := `das Land "Itly" kennt der Import nicht`; rows[4][2] != want {
		t.Errorf("the unknown country: %q, want %q", rows[4][2], want)
	}
	english := r.doc.Find(`.admin-upload tbody [lang="en"]`)
	if english.Length() == 0 || !strings.Contains(english.First().Text(), "lies 1,946 km outside France") {
		t.Errorf("the problem in English only is not marked so: %q", english.First().Text())
	}
	if r.doc.Find(`.admin-upload tbody tr`).Eq(2).Find(`[lang]`).Length() != 0 {
		t.Error("a translated problem is marked English")
	}

	clean := "partner,kind,role,city,country,latitude,longitude\n" +
		"Stadt Köln,city,coordinator,Köln,DE,50.5,6.5\n" +
		"Miasto Łódź,city,partner,Lodz,PL,,\n"
	r = b.upload(b.get("/admin/networks/conet/"), uploadAction, "partners.csv", []byte(clean), nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("%d, want a draft:\n%s", r.status, r.body)
	}
	page := b.get(r.location())
	section := page.doc.Find(`section[aria-labelledby="sheet-notes-heading"]`)
	if section.Length() == 0 {
		t.Fatalf("the draft's page shows no warnings of the upload:\n%s", page.body)
	}
	var got [][]string
	section.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var row []string
		tr.Children().Each(func(_ int, td *goquery.Selection) { row = append(row, strings.Join(strings.Fields(td.Text()), " ")) })
		got = append(got, row)
	})
	want := [][]string{
		{"F2", "latitude", "Warnung: das Ortsverzeichnis setzt Köln (Germany) auf lat = 50.9333, lon = 6.95, 58 km von lat = 50.5, lon = 6.5", "Prüfen Sie die Koordinaten, es sei denn, die Stadt ist ein anderer Ort dieses Namens"},
		{"D3", "city", "Warnung: die Tabelle schreibt Lodz", "Der Name wird Łódź geschrieben, wie das Ortsverzeichnis ihn schreibt"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the upload's warnings:\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(section.Text(), "partners.csv") {
		t.Error("the warnings do not name the spreadsheet")
	}
}

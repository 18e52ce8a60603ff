package admin

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/data/gazetteer"
	"partnermap/data/gazetteer/geonames"
	"partnermap/data/messages"
	"partnermap/geo"
	"partnermap/static"
)

// testBorders are the outlines validate checks points against, decoded
// once for every test.
var testBorders = sync.OnceValues(func() (*geo.Borders, error) {
	topo, err := fs.ReadFile(static.FS(), static.Countries)
	if err != nil {
		return nil, err
	}
	countries, err := geo.DecodeCountries(topo)
	if err != nil {
		return nil, err
	}
	return geo.NewBorders(countries), nil
})

// mapServed is what the test map's handler answers.
const mapServed = "the map"

// withPlaces gives the admin the gazetteer the binary embeds, the
// outlines and a map whose handler answers mapServed.
func withPlaces(t testing.TB) func(*Config) {
	borders, err := testBorders()
	if err != nil {
		t.Fatal(err)
	}
	return func(c *Config) {
		c.Places = geonames.Open
		c.Borders = borders
		c.Map = func(prefix string) (Map, error) {
			return Map{
				LeafletCSS: "/static/leaflet.css", LeafletJS: "/static/leaflet.js", Script: "/static/city.js", Stylesheet: "/static/city.css",
				Basemap: prefix + "/basemap.json",
				Handler: func(c *fiber.Ctx) error { return c.SendString(mapServed) },
			}, nil
		}
	}
}

// getJSON asks for JSON, as the script does, and decodes the answer.
func (b *browser) getJSON(target string, into any) response {
	b.f.t.Helper()
	b.headers["Accept"] = "application/json"
	defer delete(b.headers, "Accept")
	r := b.get(target)
	if r.status == http.StatusOK {
		if err := json.Unmarshal([]byte(r.body), into); err != nil {
			b.f.t.Fatalf("%s: %v\n%s", target, err, r.body)
		}
	}
	return r
}

func suggest(b *browser, q string) (view.Places, response) {
	var v view.Places
	r := b.getJSON("/admin/places?q="+url.QueryEscape(q), &v)
	return v, r
}

// Every address of the pages that add a city sends a request without a
// session to sign-in, and shows nothing; one the account may not edit
// is refused.
func TestPlacesNeedASession(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	stranger := f.browser()
	for _, target := range []string{"/admin/places?q=M%C3%BCnchen", "/admin/places/check?country=DE&lat=48&lon=11", "/admin/networks/conet/cities/new", "/admin/networks/conet/cities/new?city=Torino", "/admin/map/basemap.json"} {
		r := stranger.get(target)
		if loc, _ := url.Parse(r.location()); r.status != http.StatusSeeOther || loc.Path != "/admin/sign-in" {
			t.Errorf("GET %s without a session: %d to %q, want 303 to sign-in", target, r.status, r.location())
		}
		if strings.Contains(r.body, "Munich") || strings.Contains(r.body, mapServed) {
			t.Errorf("GET %s without a session answers: %s", target, r.body)
		}
	}
	r := stranger.do(http.MethodPost, "/admin/networks/conet/cities", url.Values{"name": {"Munich"}, "country": {"DE"}, "lat": {"48.1374"}, "lon": {"11.5755"}})
	if r.status != http.StatusSeeOther {
		t.Errorf("POST without a session: %d, want 303 to sign-in", r.status)
	}
	b := f.browser()
	b.mustSignIn("dino") // an editor of other
	if r := b.get("/admin/networks/conet/cities/new"); r.status != http.StatusForbidden {
		t.Errorf("another network's page: %d, want 403", r.status)
	}
	if r := b.get("/admin/map/basemap.json"); r.body != mapServed {
		t.Errorf("the map with a session: %d %q", r.status, r.body)
	}
	token := b.get("/admin/networks/other/cities/new").doc.Find(`#city-form input[name=csrf]`).AttrOr("value", "")
	if r := b.do(http.MethodPost, "/admin/networks/conet/cities", url.Values{"csrf": {token}, "name": {"Munich"}}); token == "" || r.status != http.StatusForbidden {
		t.Errorf("adding to another network: %d, want 403", r.status)
	}
	if r := b.do(http.MethodPost, "/admin/networks/other/cities", url.Values{"name": {"Munich"}}); r.status != http.StatusForbidden {
		t.Errorf("a form without its token: %d, want 403", r.status)
	}
	if drafts, _ := f.admin.drafts.List(""); len(drafts) != 0 {
		t.Errorf("refused requests saved %d drafts", len(drafts))
	}
}

// What an editor types in City, in any language and script, finds the
// place they mean first, with what the fields take and what tells it
// from others, in the editor's language.
func TestSuggestPlaces(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	cases := []struct {
		typed, name, local, country, countryName string
		lat, lon                                 float64
	}{
		{"München", "Munich", "München", "DE", "Germany", 48.1374, 11.5755},
		{"Torino", "Turin", "Torino", "IT", "Italy", 45.0705, 7.6868},
		{"Den Haag", "The Hague", "Den Haag", "NL", "Netherlands", 52.0767, 4.2986},
		{"Warszawa", "Warsaw", "Warszawa", "PL", "Poland", 52.2298, 21.0118},
		{"Мюнхен", "Munich", "Мюнхен", "DE", "Germany", 48.1374, 11.5755},
		{"palermo", "Palermo", "", "IT", "Italy", 38.1157, 13.3613},
	}
	for _, tc := range cases {
		v, r := suggest(b, tc.typed)
		if r.status != http.StatusOK || len(v.Places) == 0 {
			t.Errorf("%q: %d, %d places", tc.typed, r.status, len(v.Places))
			continue
		}
		p := v.Places[0]
		if p.Name != tc.name || p.LocalName != tc.local || p.Country != tc.country || p.CountryName != tc.countryName {
			t.Errorf("%q: first %+v, want %s (%q) in %s", tc.typed, p, tc.name, tc.local, tc.country)
		}
		if gazetteer.Distance([2]float64{tc.lon, tc.lat}, gazetteer.Place{Lat: p.Lat, Lon: p.Lon}) > 10 || p.Population < 100_000 {
			t.Errorf("%q: at %v, %v with %d people", tc.typed, p.Lat, p.Lon, p.Population)
		}
		if !strings.Contains(p.Detail, tc.countryName) || !strings.Contains(p.Detail, "inhabitants") || !strings.Contains(p.Label, tc.name) {
			t.Errorf("%q: label %q, detail %q", tc.typed, p.Label, p.Detail)
		}
		if len(v.Places) > suggestions || v.Query != tc.typed {
			t.Errorf("%q: %d places for %q", tc.typed, len(v.Places), v.Query)
		}
	}
	if v, _ := suggest(b, "Den"); len(v.Places) != suggestions {
		t.Errorf("a start of many names finds %d places, want %d", len(v.Places), suggestions)
	}
	var some view.Places
	if b.getJSON("/admin/places?q=Ber&n=3", &some); len(some.Places) != 3 {
		t.Errorf("n=3: %d places", len(some.Places))
	}
	if v, r := suggest(b, "  "); r.status != http.StatusOK || v.Places == nil || len(v.Places) != 0 {
		t.Errorf("nothing typed: %d, %v", r.status, v.Places)
	}
	if _, r := suggest(b, strings.Repeat("a", maxQuery+1)); r.status != http.StatusBadRequest || !strings.Contains(r.body, "at most 100 characters") {
		t.Errorf("a text too long: %d %s, want 400", r.status, r.body)
	}
	if r := b.get("/admin/networks/conet/cities/new?city=" + strings.Repeat("a", maxQuery+1)); r.status != http.StatusBadRequest || r.doc.Find("h1").Text() != "Too long" {
		t.Errorf("a text too long for the page: %d %q", r.status, r.doc.Find("h1").Text())
	}
	// In the editor's language; and a page without the script.
	b.submit(b.get("/admin/"), "/admin/language", map[string]string{"lang": "de"})
	v, _ := suggest(b, "Torino")
	if p := v.Places[0]; p.CountryName != "Italien" || !strings.Contains(p.Detail, "Einwohner") {
		t.Errorf("in German: %+v", p)
	}
	page := b.get("/admin/places?q=Torino")
	if page.status != http.StatusOK || page.doc.Find(".admin-places li").Length() == 0 || !strings.Contains(page.doc.Find(".admin-places li").First().Text(), "Turin") {
		t.Errorf("the page without the script: %d\n%s", page.status, page.body)
	}
	if got := page.doc.Find("#places-q").AttrOr("value", ""); got != "Torino" {
		t.Errorf("the page's field has %q", got)
	}
}

// Suggestions are throttled per session: a burst, then a few a second.
func TestSuggestThrottle(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	for i := range suggestBurst {
		if _, r := suggest(b, "Ber"); r.status != http.StatusOK {
			t.Fatalf("request %d of the burst: %d", i+1, r.status)
		}
	}
	_, r := suggest(b, "Ber")
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "1" || !strings.Contains(r.body, "Wait a moment") {
		t.Errorf("past the burst: %d, Retry-After %q: %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	if page := b.get("/admin/places?q=Ber"); page.status != http.StatusTooManyRequests || page.doc.Find("h1").Text() != "Too many requests" {
		t.Errorf("the page past the burst: %d %q", page.status, page.doc.Find("h1").Text())
	}
	other := f.browser()
	other.mustSignIn("carla")
	if _, r := suggest(other, "Ber"); r.status != http.StatusOK {
		t.Errorf("another session: %d", r.status)
	}
	f.clock.Add(time.Second)
	for i := range suggestRate {
		if _, r := suggest(b, "Ber"); r.status != http.StatusOK {
			t.Errorf("a second later, request %d: %d", i+1, r.status)
		}
	}
	if _, r := suggest(b, "Ber"); r.status != http.StatusTooManyRequests {
		t.Errorf("past the second's tokens: %d", r.status)
	}
}

// The hostile texts typed in City come back as text, in JSON and on the
// pages.
func TestSuggestEscapes(t *testing.T) {
	hostile := "<script>window.pwned=1</script>\"><img src=x onerror=\"x()\">{{ .Name }}\u202Eevil"
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	v, r := suggest(b, hostile)
	if r.status != http.StatusOK || v.Query != hostile || strings.Contains(r.body, "<script>") || strings.Contains(r.body, "<img") {
		t.Errorf("JSON: %d %s", r.status, r.body)
	}
	for _, target := range []string{"/admin/places?q=", "/admin/networks/conet/cities/new?city="} {
		page := b.get(target + url.QueryEscape(hostile))
		if page.status != http.StatusOK || page.doc.Find(`main script:not([type="application/json"]), main img, [onerror]`).Length() != 0 || strings.Contains(page.body, "<script>window") {
			t.Errorf("%s: %d, the hostile text made elements", target, page.status)
		}
		if !strings.Contains(page.doc.Find("main").Text(), hostile) {
			t.Errorf("%s: the text typed is not shown as text", target)
		}
	}
}

// The script asks whether a point lies in its country as it moves, and
// is told in the editor's words.
func TestCheckPoint(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	cases := []struct {
		query  string
		inside bool
		words  string
	}{
		{"country=DE&lat=48.1374&lon=11.5755", true, "The point is in Germany."},
		{"country=de&lat=48,1374&lon=11,5755", true, "The point is in Germany."},
		{"country=Deutschland&lat=48.1374&lon=11.5755", true, "The point is in Germany."},
		{"country=DE&lat=48.2082&lon=16.3738", false, "km outside Germany, in Austria."},
		{"country=DE&lat=11.5755&lon=48.1374", false, "Did you swap the latitude and the longitude?"},
		{"country=IT&lat=39.5&lon=5.5", false, "km outside Italy, at sea."},
		{"country=GI&lat=36.14&lon=-5.35", true, "There is no outline of Gibraltar"},
		{"country=DE&lat=north&lon=11", false, "Write a number of decimal degrees"},
		{"country=DE&lat=95&lon=11", false, "A latitude lies between -90 and 90."},
		{"country=XX&lat=48&lon=11", false, "is not a country"},
		{"country=&lat=48&lon=11", false, "Fill in this field."},
	}
	for _, tc := range cases {
		var got view.PointCheck
		r := b.getJSON("/admin/places/check?"+tc.query, &got)
		if r.status != http.StatusOK || got.Inside != tc.inside || !strings.Contains(got.Message, tc.words) {
			t.Errorf("%s: %d %+v, want inside %v saying %q", tc.query, r.status, got, tc.inside, tc.words)
		}
	}
}

// addCityForm is what an editor sends to add a city.
func addCityForm(name, local, country, lat, lon string) map[string]string {
	return map[string]string{"name": name, "local_name": local, "country": country, "lat": lat, "lon": lon}
}

// Adding a city makes a draft of the network with a [[cities]] table for
// it, the rest of the file as it was, comments and all; the next city
// goes into the same draft.
func TestAddCity(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	editor := b.get("/admin/networks/conet/")
	link := editor.doc.Find(`a[href="/admin/networks/conet/cities/new"]`)
	if link.Text() != "Add a city" {
		t.Fatalf("the editor has no link Add a city:\n%s", editor.body)
	}
	page := b.get("/admin/networks/conet/cities/new")
	if page.doc.Find(`label[for=city-search]`).Text() != "City" || page.doc.Find(`#city-search[name=city]`).Length() != 1 {
		t.Fatalf("no field City:\n%s", page.body)
	}
	if page.doc.Find(`script[src="/static/city.js"]`).Length() != 1 || page.doc.Find(`link[href="/static/city.css"]`).Length() != 1 || page.doc.Find("#city-config").Length() != 1 {
		t.Errorf("the page lacks its script, stylesheet or configuration")
	}
	var config view.CityMap
	if err := json.Unmarshal([]byte(page.doc.Find("#city-config").Text()), &config); err != nil || len(config.Cities) != 11 || config.Basemap != "/admin/map/basemap.json" || config.Labels.Found["other"] == "" {
		t.Errorf("the map's configuration: %v %+v", err, config)
	}
	r := b.submit(page, "/admin/networks/conet/cities", addCityForm("Munich", "München", "DE", "48.13743", "11.57549"))
	if r.status != http.StatusSeeOther || r.location() != "/admin/networks/conet/cities/new?added=munich" {
		t.Fatalf("adding Munich: %d to %q\n%s", r.status, r.location(), r.body)
	}
	drafts, _ := f.admin.drafts.List("conet")
	if len(drafts) != 1 || drafts[0].Author != "ben" || drafts[0].Message != "Added Munich" || drafts[0].Status != StatusDraft {
		t.Fatalf("drafts: %+v", drafts)
	}
	published := string(data.DefaultSource())
	block := "[[cities]]\nslug = \"munich\"\nname = \"Munich\"\nlocal_name = \"München\"\ncountry = \"DE\"\nlat = 48.1374\nlon = 11.5755\n"
	text := drafts[0].Text
	if !strings.Contains(text, block) {
		t.Fatalf("the draft has no table for Munich:\n%s", text)
	}
	if without := strings.Replace(text, block+"\n", "", 1); without != published {
		t.Errorf("besides the city, the file changed:\n%s", without)
	}
	n, err := data.Decode("conet.toml", []byte(text))
	if err != nil || len(n.Cities) != 12 {
		t.Errorf("the draft decodes to %d cities: %v", len(n.Cities), err)
	}
	// The page says where the city went; the next goes into the same draft.
	page = b.get(r.location())
	if got := page.doc.Find("#city-added").Text(); !strings.Contains(got, "Munich is added to your draft.") || page.doc.Find(`#city-added a[href="/admin/drafts/1/"]`).Length() != 1 {
		t.Errorf("after adding: %q", got)
	}
	r = b.submit(page, "/admin/networks/conet/cities", addCityForm("Turin", "Torino", "it", "45,07049", "7,68682"))
	if r.status != http.StatusSeeOther {
		t.Fatalf("adding Turin: %d\n%s", r.status, r.body)
	}
	drafts, _ = f.admin.drafts.List("conet")
	if len(drafts) != 1 || !strings.Contains(drafts[0].Text, block) || !strings.Contains(drafts[0].Text, "slug = \"turin\"\nname = \"Turin\"\nlocal_name = \"Torino\"\ncountry = \"IT\"\nlat = 45.0705\nlon = 7.6868\n") {
		t.Errorf("after Turin: %d drafts:\n%s", len(drafts), drafts[0].Text)
	}
	// What validate still says is the partners the cities need.
	draft := b.get("/admin/drafts/1/")
	if got := draft.doc.Find(".admin-problems").Text(); !strings.Contains(got, `no partner is based in city "munich"`) || !strings.Contains(got, `"turin"`) {
		t.Errorf("the draft's problems: %q", got)
	}
	if strings.Contains(f.usersLog.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", f.usersLog)
	}
}

// A field that is wrong shows the form again with its problem beside it,
// in the editor's language, the fields as typed, and saves nothing.
func TestAddCityProblems(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	cases := []struct {
		name   string
		form   map[string]string
		field  string
		words  string
		german string
	}{
		{"a latitude that is not a number", addCityForm("Munich", "", "DE", "north", "11.5755"), "lat", "Write a number of decimal degrees, such as 48.1374.", "Schreiben Sie eine Zahl in Dezimalgrad"},
		{"a latitude past the pole", addCityForm("Munich", "", "DE", "148.1", "11.5755"), "lat", "A latitude lies between -90 and 90.", "zwischen -90 und 90"},
		{"a longitude left out", addCityForm("Munich", "", "DE", "48.1374", ""), "lon", "Fill in this field.", "Füllen Sie dieses Feld aus."},
		{"a point in another country", addCityForm("Munich", "", "IT", "48.1374", "11.5755"), "lat", "km outside Italy, in Germany. Move it into Italy, or correct the country.", "außerhalb des Landes Italien, im Land Deutschland"},
		{"lat and lon swapped", addCityForm("Munich", "", "DE", "11.5755", "48.1374"), "lat", "Did you swap the latitude and the longitude?", "außerhalb des Landes Deutschland"},
		{"no such country", addCityForm("Munich", "", "Bavaria", "48.1374", "11.5755"), "country", "“Bavaria” is not a country", "„Bavaria“ ist kein Land"},
		{"no name", addCityForm("", "München", "DE", "48.1374", "11.5755"), "name", "Fill in this field.", "Füllen Sie dieses Feld aus."},
		{"a name without Latin letters", addCityForm("Мюнхен", "", "DE", "48.1374", "11.5755"), "name", "write the name in Latin letters", "in lateinischen Buchstaben"},
		{"a city the network has", addCityForm("Palermo", "", "IT", "38.1157", "13.3613"), "name", "CoNet already has Palermo at the address palermo", "CoNet hat Palermo schon"},
		{"a name too long for validate", addCityForm(strings.Repeat("Munich ", 30), "", "DE", "48.1374", "11.5755"), "name", "Shorten it to at most 200 characters.", "Kürzen Sie ihn auf höchstens 200 Zeichen."},
	}
	ids := map[string]string{"name": "city-name", "local_name": "city-local-name", "country": "city-country", "lat": "city-lat", "lon": "city-lon"}
	for _, lang := range []string{"en", "de"} {
		b.submit(b.get("/admin/"), "/admin/language", map[string]string{"lang": lang})
		for _, tc := range cases {
			t.Run(lang+"/"+tc.name, func(t *testing.T) {
				r := b.submit(b.get("/admin/networks/conet/cities/new"), "/admin/networks/conet/cities", tc.form)
				if r.status != http.StatusOK || r.doc.Find("#city-form").Length() != 1 {
					t.Fatalf("%d, want the form again\n%s", r.status, r.body)
				}
				id := ids[tc.field]
				want := tc.words
				if lang == "de" {
					want = tc.german
				}
				if got := r.doc.Find("#" + id + "-problem").Text(); !strings.Contains(got, want) {
					t.Errorf("beside %s: %q, want %q", tc.field, got, want)
				}
				field := r.doc.Find("#" + id)
				if field.AttrOr("aria-invalid", "") != "true" || !strings.Contains(field.AttrOr("aria-describedby", ""), id+"-problem") {
					t.Errorf("the field is not marked: %v", field.Nodes[0].Attr)
				}
				for name, value := range tc.form {
					if got := r.doc.Find(`#city-form [name="`+name+`"]`).AttrOr("value", ""); got != strings.Join(strings.Fields(value), " ") {
						t.Errorf("%s comes back as %q, want %q", name, got, value)
					}
				}
				if n := r.doc.Find(".admin-problem").Length(); n != 1 {
					t.Errorf("%d problems shown, want 1", n)
				}
			})
		}
	}
	if drafts, _ := f.admin.drafts.List(""); len(drafts) != 0 {
		t.Errorf("forms with problems saved %d drafts", len(drafts))
	}
}

// Without the script, City searches by its form: the places come back as
// radio buttons, the one chosen fills the fields, and the form adds it.
func TestAddCityWithoutScript(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	page := b.get("/admin/networks/conet/cities/new?city=" + url.QueryEscape("Den Haag"))
	radios := page.doc.Find(`input[type=radio][name=place]`)
	if radios.Length() == 0 || !strings.Contains(page.doc.Find("legend").Text(), "Den Haag") {
		t.Fatalf("no places to choose:\n%s", page.body)
	}
	first := radios.First()
	id := first.AttrOr("value", "")
	label := page.doc.Find(`label[for="` + first.AttrOr("id", "") + `"]`).Text()
	if _, checked := first.Attr("checked"); !checked || !strings.Contains(label, "Den Haag (The Hague)") || !strings.Contains(label, "Netherlands") {
		t.Errorf("the first place: checked %v, %q", checked, label)
	}
	chosen := b.get("/admin/networks/conet/cities/new?city=" + url.QueryEscape("Den Haag") + "&place=" + id)
	fields := map[string]string{}
	for _, name := range []string{"name", "local_name", "country", "lat", "lon"} {
		fields[name] = chosen.doc.Find(`#city-form [name="`+name+`"]`).AttrOr("value", "")
	}
	if fields["name"] != "The Hague" || fields["local_name"] != "Den Haag" || fields["country"] != "NL" || !strings.HasPrefix(fields["lat"], "52.0") || !strings.HasPrefix(fields["lon"], "4.") {
		t.Errorf("the fields of the place chosen: %v", fields)
	}
	r := b.submit(chosen, "/admin/networks/conet/cities", nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("adding: %d\n%s", r.status, r.body)
	}
	drafts, _ := f.admin.drafts.List("conet")
	if len(drafts) != 1 || !strings.Contains(drafts[0].Text, "slug = \"the-hague\"\nname = \"The Hague\"\nlocal_name = \"Den Haag\"\ncountry = \"NL\"\n") {
		t.Errorf("drafts: %+v", drafts)
	}
	none := b.get("/admin/networks/conet/cities/new?city=Qwxzvbn")
	if got := none.doc.Find("#city-none").Text(); !strings.Contains(got, "No place is known by “Qwxzvbn”") {
		t.Errorf("a name nobody has: %q", got)
	}
}

// The pages that add a city are in every interface language.
func TestAddCityLanguages(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	b := f.browser()
	b.mustSignIn("ben")
	for _, tag := range messages.Tags() {
		b.submit(b.get("/admin/"), "/admin/language", map[string]string{"lang": tag})
		for _, path := range []string{"/admin/networks/conet/cities/new?city=Torino", "/admin/places?q=Torino"} {
			page := b.get(path)
			if page.status != http.StatusOK || strings.Contains(page.doc.Find("body").Text(), "admin.") || strings.Contains(page.doc.Find("#city-config").Text(), "admin.") {
				t.Errorf("%s in %s: %d, or a message id shown", path, tag, page.status)
			}
		}
		var v view.Places
		if b.getJSON("/admin/places?q=Torino", &v); len(v.Places) == 0 || strings.Contains(v.Places[0].Detail, "admin.") {
			t.Errorf("suggestions in %s: %+v", tag, v.Places)
		}
		f.clock.Add(time.Minute) // the throttle's tokens come back
	}
}

// The rate limit gives a burst, then tokens at its rate, and forgets the
// keys that hold nobody back.
func TestRateLimit(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	l := newRateLimit(c.Now, 3, 2)
	for i := range 3 {
		if w := l.take("a"); w != 0 {
			t.Fatalf("take %d of the burst: wait %v", i+1, w)
		}
	}
	if w := l.take("a"); w != 500*time.Millisecond {
		t.Errorf("past the burst: wait %v, want 500ms", w)
	}
	if w := l.take("b"); w != 0 {
		t.Errorf("another key: wait %v", w)
	}
	c.Add(500 * time.Millisecond)
	if w := l.take("a"); w != 0 {
		t.Errorf("half a second later: wait %v", w)
	}
	c.Add(time.Hour)
	l.forget(c.Now())
	if len(l.buckets) != 0 {
		t.Errorf("%d buckets kept, full by now", len(l.buckets))
	}
	for i := range maxBuckets + 1 {
		l.take(strconv.Itoa(i))
	}
	if len(l.buckets) > maxBuckets {
		t.Errorf("%d buckets, more than %d", len(l.buckets), maxBuckets)
	}
}

// The map of a network of thousands marks a few hundred of its cities,
// and opens on all of them.
func TestAddCityMapOfALargeNetwork(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	if err := os.WriteFile(filepath.Join(f.dataDir, "scale.toml"), datatest.Generate(2000, 2000), 0o644); err != nil {
		t.Fatal(err)
	}
	b := f.browser()
	b.mustSignIn("anna")
	page := b.get("/admin/networks/scale/cities/new")
	var config view.CityMap
	if err := json.Unmarshal([]byte(page.doc.Find("#city-config").Text()), &config); err != nil || len(config.Cities) != maxMapCities {
		t.Fatalf("%d cities marked: %v", len(config.Cities), err)
	}
	if bounds := config.Bounds; bounds[1][0]-bounds[0][0] < 10 || bounds[1][1]-bounds[0][1] < 20 {
		t.Errorf("the map opens on %v, not on the whole network", bounds)
	}
	if len(page.body) > 64*1024 {
		t.Errorf("the page is %d bytes", len(page.body))
	}
}

// The map of a network across the antimeridian opens on it as the public
// map does, its box past 180°, not on the whole world.
func TestAddCityMapAcrossTheAntimeridian(t *testing.T) {
	f := newFixture(t, withPlaces(t))
	pacific, err := os.ReadFile(filepath.Join("..", "e2e", "testdata", "pacific.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.dataDir, "pacific.toml"), pacific, 0o644); err != nil {
		t.Fatal(err)
	}
	b := f.browser()
	b.mustSignIn("anna")
	var config view.CityMap
	if err := json.Unmarshal([]byte(b.get("/admin/networks/pacific/cities/new").doc.Find("#city-config").Text()), &config); err != nil {
		t.Fatal(err)
	}
	// Auckland to Apia, 360° on.
	if want := [2][2]float64{{-36.8485, 174.7635}, {-13.8333, 188.2333}}; config.Bounds != want || len(config.Cities) != 3 {
		t.Errorf("the map opens on %v with %d cities, want %v and 3", config.Bounds, len(config.Cities), want)
	}
}

// Under a path, the page that adds a city and everything its script asks
// for are under it too, and adding works there.
func TestAddCityUnderAPath(t *testing.T) {
	f := newFixture(t, withPlaces(t), func(c *Config) { c.BaseURL = "https://example.org/map/" })
	b := f.browser()
	b.headers["Origin"] = "https://example.org"
	page := b.get("/map/admin/sign-in")
	b.submit(page, "/map/admin/sign-in", map[string]string{"name": "ben", "password": password})
	editor := b.get("/map/admin/networks/conet/")
	if editor.doc.Find(`a[href="/map/admin/networks/conet/cities/new"]`).Length() != 1 {
		t.Fatalf("no link Add a city under the path:\n%s", editor.body)
	}
	page = b.get("/map/admin/networks/conet/cities/new?city=Torino")
	var config view.CityMap
	json.Unmarshal([]byte(page.doc.Find("#city-config").Text()), &config)
	for _, a := range []string{config.Suggest, config.Check, config.Basemap, page.doc.Find("#city-search-form").AttrOr("action", ""), page.doc.Find("#city-form").AttrOr("action", "")} {
		if !strings.HasPrefix(a, "/map/admin/") {
			t.Errorf("the page asks for %q, outside /map/admin/", a)
		}
	}
	var v view.Places
	if r := b.getJSON(config.Suggest+"?q=Torino", &v); r.status != http.StatusOK || len(v.Places) == 0 {
		t.Errorf("suggestions under the path: %d", r.status)
	}
	if r := b.get(config.Basemap); r.body != mapServed {
		t.Errorf("the map under the path: %d %q", r.status, r.body)
	}
	id := page.doc.Find(`input[name=place]`).First().AttrOr("value", "")
	chosen := b.get("/map/admin/networks/conet/cities/new?city=Torino&place=" + id)
	if r := b.submit(chosen, "/map/admin/networks/conet/cities", nil); r.status != http.StatusSeeOther || r.location() != "/map/admin/networks/conet/cities/new?added=turin" {
		t.Errorf("adding under the path: %d to %q\n%s", r.status, r.location(), r.body)
	}
}

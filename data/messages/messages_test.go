package messages

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
)

// The embedded files are the languages: English first, each named in
// itself, each with its messages.
func TestLoad(t *testing.T) {
	set := loaded(t)
	languages := set.Languages()
	if languages[0].Tag != Default {
		t.Errorf("first language is %q, want the default, %s", languages[0].Tag, Default)
	}
	names := map[string]bool{}
	var tags []string
	for _, l := range languages {
		tags = append(tags, l.Tag)
		if l.Name == "" || l.Name == "language.name" || names[l.Name] {
			t.Errorf("%s is named %q", l.Tag, l.Name)
		}
		names[l.Name] = true
		if m, ok := set.In(l.Tag); !ok || m.Lang != l.Tag {
			t.Errorf("In(%q) = %q, %v", l.Tag, m.Lang, ok)
		}
	}
	if !slices.Equal(tags, Tags()) {
		t.Errorf("languages %v, Tags() %v", tags, Tags())
	}
	for _, name := range []string{"English", "Deutsch", "Italiano", "Français", "Български", "Română", "Nederlands", "Polski", "Svenska", "Español"} {
		if !names[name] {
			t.Errorf("no language is named %q", name)
		}
	}
	if _, ok := set.In("xx"); ok {
		t.Error(`In("xx") is found`)
	}
	// The list is the caller's own.
	languages[0].Tag = "xx"
	if set.Languages()[0].Tag != Default {
		t.Error("changing the list changed the set's")
	}
}

// A tag is a language when it names a file, and only then.
func TestTags(t *testing.T) {
	names, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var onDisk []string
	for _, e := range names {
		if tag, ok := strings.CutSuffix(e.Name(), ".toml"); ok {
			onDisk = append(onDisk, tag)
		}
	}
	tags := Tags()
	if tags[0] != Default || !slices.Equal(slices.Sorted(slices.Values(tags)), onDisk) {
		t.Errorf("Tags() = %v, files %v", tags, onDisk)
	}
	for _, tag := range tags {
		if !Has(tag) {
			t.Errorf("Has(%q) = false", tag)
		}
	}
	for _, tag := range []string{"", "xx", "EN", "en.toml", "../messages/en", "*", "e"} {
		if Has(tag) {
			t.Errorf("Has(%q) = true", tag)
		}
	}
	tags[0] = "xx"
	if Tags()[0] != Default {
		t.Error("changing the list changed the next one")
	}
}

// Placeholders are filled by name, so a translation may reorder them; a
// placeholder left unfilled, or an unknown message, comes out as the id.
func TestNamedPlaceholders(t *testing.T) {
	set, err := load(fstest.MapFS{
		"en.toml": {Data: []byte("[language]\nname = \"English\"\n[matches]\none = \"{{.Count}} city of {{.Total}}\"\nother = \"{{.Count}} cities of {{.Total}}\"\n[title]\ncity = \"{{.City}} – {{.Network}}\"\n")},
		"fr.toml": {Data: []byte("[language]\nname = \"Français\"\n[matches]\none = \"{{.Total}} villes, dont {{.Count}} trouvée\"\nmany = \"{{.Total}} villes, dont {{.Count}} de trouvées\"\nother = \"{{.Total}} villes, dont {{.Count}} trouvées\"\n[title]\ncity = \"{{.Network}} : {{.City}}\"\n")},
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	fr, _ := set.In("fr")
	en, _ := set.In("en")
	for _, c := range []struct{ got, want string }{
		{fr.T("title.city", "City", "Palerme", "Network", "CoNet"), "CoNet : Palerme"},
		{en.T("title.city", "Network", "CoNet", "City", "Palermo"), "Palermo – CoNet"},
		{fr.N("matches", 0, "Total", "25"), "25 villes, dont 0 trouvée"},
		{fr.N("matches", 3, "Total", "25"), "25 villes, dont 3 trouvées"},
		{en.N("matches", 1, "Total", "25"), "1 city of 25"},
		{en.N("matches", 2000, "Total", "25"), "2,000 cities of 25"},
		{fr.T("title.city", "City", "Palerme"), "title.city"},
		{fr.T("title.town"), "title.town"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if got := set.Languages(); !slices.Equal(got, []Language{{"en", "English"}, {"fr", "Français"}}) {
		t.Errorf("languages %v", got)
	}
}

// The map script gets messages as written, to fill by name.
func TestTextAndForms(t *testing.T) {
	pl, _ := loaded(t).In("pl")
	if got := pl.Text("live.showing"); got != "Wyświetlono: {{.City}}" {
		t.Errorf("Text = %q", got)
	}
	forms := pl.Forms("map.cluster")
	if got := slices.Sorted(maps.Keys(forms)); !slices.Equal(got, []string{"few", "many", "one", "other"}) || forms["few"] != "{{.Count}} miasta" {
		t.Errorf("Forms = %v", forms)
	}
	forms["few"] = "changed"
	if pl.Forms("map.cluster")["few"] == "changed" {
		t.Error("Forms gave away the catalog's own map")
	}
	if pl.Text("no.such") != "" || len(pl.Forms("no.such")) != 0 {
		t.Error("an unknown message has text")
	}
}

// go-i18n itself reads each file into the same messages, with the same
// forms, so that tools made for its format read them as the site does.
func TestGoI18nReadsTheFilesAlike(t *testing.T) {
	set := loaded(t)
	for _, tag := range Tags() {
		src, err := files.ReadFile(tag + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		file, err := i18n.ParseMessageFileBytes(src, tag+".toml", map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			t.Fatalf("%s: %v", tag, err)
		}
		if file.Tag.String() != tag {
			t.Errorf("go-i18n reads %s.toml as %s", tag, file.Tag)
		}
		ours, _ := set.In(tag)
		if len(file.Messages) != len(ours.c.messages) {
			t.Errorf("%s: go-i18n reads %d messages, the site %d", tag, len(file.Messages), len(ours.c.messages))
		}
		for _, m := range file.Messages {
			e, ok := ours.c.messages[m.ID]
			if !ok {
				t.Errorf("%s: go-i18n reads %q, the site does not", tag, m.ID)
				continue
			}
			if got := *e.i18n(); got != *m {
				t.Errorf("%s: %q is %+v to go-i18n, %+v to the site", tag, m.ID, *m, got)
			}
		}
	}
}

// sameAsEnglish lists the messages that may read as in English: formats
// without words, and words each language writes as English does.
var sameAsEnglish = map[string][]string{
	"": {"date.day", "date.span", "downloads.file", "size.bytes", "size.kb", "size.mb", "place.title", "atlas.networkTitle", "admin.title", "admin.draft.by",
		"admin.place.detail", "admin.place.detailNoRegion"},
	// "In", "Links", "Website", "Organisation", "Partner" and "Problem"
	// are German words, and so are four month names.
	"de": {"result.city", "city.links", "network.website", "kind.organisation", "role.partner",
		"month.4", "month.8", "month.9", "month.11", "place.cityPage", "admin.signIn.name", "admin.city.name", "admin.networks.name", "admin.upload.problem", "admin.translate.field.name_text",
		"admin.partners.row", "admin.partners.name", "admin.partners.website", "admin.field.name_label", "admin.field.website_label", "admin.field.links_label", "admin.field.item.links"},
	// Italian uses the loanword "partner" for network members, "in"
	// and "password" as English does.
	"it": {"role.partner", "place.cityPage", "admin.signIn.password", "admin.translate.translated", "admin.translate.languageHeading", "admin.partners.row", "admin.field.item.links"},
	// "Programme", "Contact", "Organisation", "Message", "version",
	// "Latitude" and "Longitude" are French words.
	"fr": {"network.programme", "network.contact", "kind.organisation", "atlas.programme", "admin.draft.message", "admin.version", "admin.city.lat", "admin.city.lon", "admin.translate.field.description_text", "admin.field.programme_label", "admin.field.contact_label", "admin.field.description_label", "admin.field.lat_label", "admin.field.lon_label"},
	// "Contact", "editor" and "administrator" are Romanian words.
	"ro": {"network.contact", "admin.role.editor", "admin.role.admin", "admin.field.contact_label"},
	// "In", "Links", "Partner", "Partners", "Website", "Contact" and
	// "Spreadsheet" are Dutch words, and "slug" is how Dutch web editors
	// say it.
	"nl": {"result.city", "city.links", "role.partner", "city.partners", "network.website", "network.contact", "place.cityPage", "admin.networks.slug", "admin.upload.file", "admin.partners.row", "admin.partners.website", "admin.field.contact_label", "admin.field.website_label", "admin.field.links_label", "admin.field.item.links"},
	"pl": {"role.partner", "admin.upload.problem", "admin.partners.row", "admin.field.item.links"},
	"sv": {"role.partner", "kind.organisation", "admin.version", "admin.upload.cell", "admin.upload.problem", "admin.partners.row"},
}

// A message still in English is one nobody translated.
func TestTranslated(t *testing.T) {
	set := loaded(t)
	en, _ := set.In(Default)
	for _, l := range set.Languages()[1:] {
		m, _ := set.In(l.Tag)
		for id, e := range m.c.messages {
			if e.forms["other"] == en.Text(id) && !slices.Contains(sameAsEnglish[""], id) && !slices.Contains(sameAsEnglish[l.Tag], id) {
				t.Errorf("%s: %q is still the English %q", l.Tag, id, en.Text(id))
			}
		}
	}
}

func TestPeriod(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	en, _ := loaded(t).In("en")
	cases := []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"span", day(2008, 4, 21), day(2011, 5, 20), "21 April 2008 – 20 May 2011"},
		{"one day", day(2010, 11, 25), time.Time{}, "25 November 2010"},
		{"same day twice", day(2010, 11, 25), day(2010, 11, 25), "25 November 2010"},
		{"end only", time.Time{}, day(2011, 5, 20), "until 20 May 2011"},
		{"neither", time.Time{}, time.Time{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := en.Period(tc.start, tc.end); got != tc.want {
				t.Errorf("Period = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	start := time.Date(2008, time.April, 21, 0, 0, 0, 0, time.UTC)
	end := time.Date(2011, time.May, 20, 0, 0, 0, 0, time.UTC)
	set := loaded(t)
	for _, tc := range []struct{ tag, period, until string }{
		{"en", "21 April 2008 – 20 May 2011", "until 20 May 2011"},
		{"de", "21. April 2008 – 20. Mai 2011", "bis 20. Mai 2011"},
		{"it", "21 aprile 2008 – 20 maggio 2011", "fino al 20 maggio 2011"},
		{"fr", "21 avril 2008 – 20 mai 2011", "jusqu'au 20 mai 2011"},
		{"bg", "21 април 2008 г. – 20 май 2011 г.", "до 20 май 2011 г."},
		{"ro", "21 aprilie 2008 – 20 mai 2011", "până la 20 mai 2011"},
		{"nl", "21 april 2008 – 20 mei 2011", "tot 20 mei 2011"},
		{"pl", "21 kwietnia 2008 – 20 maja 2011", "do 20 maja 2011"},
		{"sv", "21 april 2008 – 20 maj 2011", "till och med 20 maj 2011"},
		{"es", "21 de abril de 2008 – 20 de mayo de 2011", "hasta el 20 de mayo de 2011"},
	} {
		t.Run(tc.tag, func(t *testing.T) {
			m, _ := set.In(tc.tag)
			if got := m.Period(start, end); got != tc.period {
				t.Errorf("Period = %q, want %q", got, tc.period)
			}
			if got := m.Period(time.Time{}, end); got != tc.until {
				t.Errorf("Period until = %q, want %q", got, tc.until)
			}
		})
	}
}

// Sizes take each language's decimal mark and units.
func TestSizes(t *testing.T) {
	set := loaded(t)
	for lang, want := range map[string][3]string{
		"en": {"512 B", "2.1 KB", "1.5 MB"},
		"de": {"512 B", "2,1 KB", "1,5 MB"},
		"fr": {"512 o", "2,1 Ko", "1,5 Mo"},
		"bg": {"512 Б", "2,1 КБ", "1,5 МБ"},
		"sv": {"512 B", "2,1 kB", "1,5 MB"},
	} {
		m, _ := set.In(lang)
		for i, bytes := range []int{512, 2150, 1572864} {
			if got := m.Size(bytes); got != want[i] {
				t.Errorf("%s: Size(%d) = %q, want %q", lang, bytes, got, want[i])
			}
		}
	}
}

// Loading the files takes a few milliseconds of every start.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// A message is filled on every page's rendering.
func BenchmarkT(b *testing.B) {
	pl, _ := loaded(b).In("pl")
	for b.Loop() {
		pl.N("cities.matches", 22, "Total", "25")
	}
}

package components

import (
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"partnermap/data"
)

// translations returns every catalog but English, by tag.
func translations(t *testing.T) map[string]Messages {
	t.Helper()
	catalogs := map[string]Messages{}
	for _, l := range Languages() {
		if l.Tag == "en" {
			continue
		}
		m, ok := Catalog(l.Tag)
		if !ok {
			t.Fatalf("Catalog(%q) is missing", l.Tag)
		}
		catalogs[l.Tag] = m
	}
	return catalogs
}

// A key missing from a translation would show as the key itself; an extra
// key is one English dropped, or a typo.
func TestCatalogsHaveEnglishKeys(t *testing.T) {
	en := English()
	for tag, m := range translations(t) {
		for _, k := range en.Keys() {
			if _, ok := m.text[k]; !ok {
				t.Errorf("%s: key %q is missing", tag, k)
			}
		}
		for _, k := range m.Keys() {
			if _, ok := en.text[k]; !ok {
				t.Errorf("%s: key %q is not in English", tag, k)
			}
		}
	}
}

// sameAsEnglish lists the entries that may stay as in English: formats
// without words, and words each language writes as English does.
var sameAsEnglish = map[string][]string{
	"": {"date", "period", "downloads.file", "size.bytes", "size.kb", "size.mb"},
	// "In", "Links", "Website", "Organisation" and "Partner" are German
	// words, and so are four month names.
	"de": {"result.city", "city.links", "network.website", "kind.organisation", "role.partner",
		"month.4", "month.8", "month.9", "month.11"},
	// Italian uses the loanword "partner" for network members.
	"it": {"role.partner"},
	// "Programme", "Contact" and "Organisation" are French words.
	"fr": {"network.programme", "network.contact", "kind.organisation"},
	"ro": {"network.contact"},
	// "In", "Links", "Partner", "Partners", "Website" and "Contact" are
	// Dutch words.
	"nl": {"result.city", "city.links", "role.partner", "city.partners", "network.website", "network.contact"},
	"pl": {"role.partner"},
	"sv": {"role.partner", "kind.organisation"},
}

// An entry still in English is one nobody translated.
func TestCatalogsAreTranslated(t *testing.T) {
	en := English()
	for tag, m := range translations(t) {
		for k, s := range m.text {
			if s == en.text[k] && !slices.Contains(sameAsEnglish[""], k) && !slices.Contains(sameAsEnglish[tag], k) {
				t.Errorf("%s: %q is still the English %q", tag, k, s)
			}
		}
	}
}

var printfVerb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[sdfvq]`)

// verbs lists each argument position a format uses with its verb, as
// "1:%s", so that a reordered translation with explicit indexes compares
// equal to the English one.
func verbs(format string) []string {
	var used []string
	next := 1
	for _, m := range printfVerb.FindAllStringSubmatch(format, -1) {
		verb := m[0]
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1][1 : len(m[1])-1])
			verb = "%" + verb[len(m[1])+1:]
		}
		used = append(used, strconv.Itoa(next)+":"+verb)
		next++
	}
	slices.Sort(used)
	return used
}

// A translation must take the same arguments as English, or Sprintf
// prints %!s(MISSING) and the like.
func TestCatalogsKeepPrintfVerbs(t *testing.T) {
	en := English()
	for tag, m := range translations(t) {
		for k, s := range m.text {
			if want, got := verbs(en.text[k]), verbs(s); !slices.Equal(got, want) {
				t.Errorf("%s: %q has verbs %v, English has %v", tag, k, got, want)
			}
		}
	}
}

// The map's script fills these in by replacing each %s in turn, so they
// cannot reorder their arguments.
func TestScriptLabelsKeepOrder(t *testing.T) {
	for tag, m := range translations(t) {
		for _, k := range []string{"live.showing", "map.cluster", "cities.matches"} {
			if s := m.text[k]; regexp.MustCompile(`%\[`).MatchString(s) {
				t.Errorf("%s: %q = %q uses an argument index the script cannot follow", tag, k, s)
			}
		}
	}
}

func TestLanguages(t *testing.T) {
	languages := Languages()
	if len(languages) != 10 {
		t.Errorf("%d languages, want 10", len(languages))
	}
	if languages[0].Tag != "en" {
		t.Errorf("first language is %q, want the default, en", languages[0].Tag)
	}
	seen := map[string]bool{}
	for _, l := range languages {
		if seen[l.Tag] {
			t.Errorf("tag %q is listed twice", l.Tag)
		}
		seen[l.Tag] = true
		if l.Name == "" {
			t.Errorf("%s has no name", l.Tag)
		}
		if m, ok := Catalog(l.Tag); !ok || m.Lang != l.Tag {
			t.Errorf("Catalog(%q) = %q, %v", l.Tag, m.Lang, ok)
		}
	}
	if _, ok := Catalog("xx"); ok {
		t.Error(`Catalog("xx") is found`)
	}
	if m, _ := Catalog("en"); !slices.Equal(sorted(m.Keys()), sorted(English().Keys())) {
		t.Error(`Catalog("en") is not English`)
	}
}

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

func TestCatalogDates(t *testing.T) {
	start := time.Date(2008, time.April, 21, 0, 0, 0, 0, time.UTC)
	end := time.Date(2011, time.May, 20, 0, 0, 0, 0, time.UTC)
	cases := []struct{ tag, period, until string }{
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
	}
	for _, tc := range cases {
		t.Run(tc.tag, func(t *testing.T) {
			m, ok := Catalog(tc.tag)
			if !ok {
				t.Fatalf("no catalog for %q", tc.tag)
			}
			if got := m.Period(start, end); got != tc.period {
				t.Errorf("Period = %q, want %q", got, tc.period)
			}
			if got := m.Period(time.Time{}, end); got != tc.until {
				t.Errorf("Period until = %q, want %q", got, tc.until)
			}
		})
	}
}

// The verb check itself: explicit indexes count by position, so a
// reordered format matches and a changed verb or a dropped one does not.
func TestVerbs(t *testing.T) {
	if got, want := verbs("%[2]s de %[1]s"), verbs("%s of %s"); !slices.Equal(got, want) {
		t.Errorf("reordered: %v, want %v", got, want)
	}
	if got, want := verbs("%[2]d · %[1]s"), verbs("%s · %s"); slices.Equal(got, want) {
		t.Errorf("changed verb %v matches %v", got, want)
	}
	if got, want := verbs("%s"), verbs("%s, %s"); slices.Equal(got, want) {
		t.Errorf("dropped verb %v matches %v", got, want)
	}
	if got := verbs("%.1f KB"); !slices.Equal(got, []string{"1:%.1f"}) {
		t.Errorf("verbs(%%.1f KB) = %v", got)
	}
}

// A data file may translate its texts into exactly the interface's
// languages.
func TestDataLanguagesAreTheInterfaces(t *testing.T) {
	var tags []string
	for _, l := range Languages() {
		tags = append(tags, l.Tag)
	}
	if !slices.Equal(tags, data.Languages) {
		t.Errorf("interface languages %v, data file languages %v", tags, data.Languages)
	}
}

// Sizes take each language's decimal mark and units.
func TestSizes(t *testing.T) {
	for lang, want := range map[string][3]string{
		"en": {"512 B", "2.1 KB", "1.5 MB"},
		"de": {"512 B", "2,1 KB", "1,5 MB"},
		"fr": {"512 o", "2,1 Ko", "1,5 Mo"},
		"bg": {"512 Б", "2,1 КБ", "1,5 МБ"},
		"sv": {"512 B", "2,1 kB", "1,5 MB"},
	} {
		m, _ := Catalog(lang)
		for i, bytes := range []int{512, 2150, 1572864} {
			if got := m.Size(bytes); got != want[i] {
				t.Errorf("%s: Size(%d) = %q, want %q", lang, bytes, got, want[i])
			}
		}
	}
}

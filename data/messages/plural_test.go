package messages

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

var update = flag.Bool("update", false, "rewrite golden files")

// counts are the numbers every language's counts are tested with: they
// meet each plural form of the ten languages, Polish's few (2, 22) and
// many (0, 5, 21, 25), Romanian's few (0, 2, 5) and other (21, 22, 25),
// and English's "1 city".
var counts = []int{0, 1, 2, 5, 21, 22, 25}

func loaded(t testing.TB) Set {
	t.Helper()
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// The cluster's name, "N cities", in every language, written out by hand.
// A language added since has its counts in testdata/plurals.txt.
func TestCountsInEveryLanguage(t *testing.T) {
	want := map[string][]string{
		"en": {"0 cities", "1 city", "2 cities", "5 cities", "21 cities", "22 cities", "25 cities"},
		"bg": {"0 града", "1 град", "2 града", "5 града", "21 града", "22 града", "25 града"},
		"de": {"0 Städte", "1 Stadt", "2 Städte", "5 Städte", "21 Städte", "22 Städte", "25 Städte"},
		"es": {"0 ciudades", "1 ciudad", "2 ciudades", "5 ciudades", "21 ciudades", "22 ciudades", "25 ciudades"},
		"fr": {"0 ville", "1 ville", "2 villes", "5 villes", "21 villes", "22 villes", "25 villes"},
		"it": {"0 città", "1 città", "2 città", "5 città", "21 città", "22 città", "25 città"},
		"nl": {"0 steden", "1 stad", "2 steden", "5 steden", "21 steden", "22 steden", "25 steden"},
		"pl": {"0 miast", "1 miasto", "2 miasta", "5 miast", "21 miast", "22 miasta", "25 miast"},
		"ro": {"0 orașe", "1 oraș", "2 orașe", "5 orașe", "21 de orașe", "22 de orașe", "25 de orașe"},
		"sv": {"0 städer", "1 stad", "2 städer", "5 städer", "21 städer", "22 städer", "25 städer"},
	}
	set := loaded(t)
	for tag, forms := range want {
		m, ok := set.In(tag)
		if !ok {
			t.Errorf("no messages in %s", tag)
			continue
		}
		for i, n := range counts {
			if got := m.N("map.cluster", n); got != forms[i] {
				t.Errorf("%s: %d is %q, want %q", tag, n, got, forms[i])
			}
		}
	}
	// A million takes "de" in French and Spanish, "di" in Italian.
	for tag, want := range map[string]string{"fr": "de villes", "es": "de ciudades", "it": "di città", "en": "cities"} {
		m, _ := set.In(tag)
		if got := m.N("map.cluster", 1000000); !strings.HasSuffix(got, " "+want) {
			t.Errorf("%s: a million is %q, want it to end in %q", tag, got, want)
		}
	}
}

// sampleValues fill the placeholders of the golden file's messages.
var sampleValues = []any{"Network", "CoNet", "FullName", "Cohesion Network", "City", "Palermo", "Country", "Italia", "Total", "25", "Atlas", "URBACT", "Place", "Palermo"}

// Every message that counts, in every language, with each of counts:
// testdata/plurals.txt, one line each, for a native speaker to read
// through. The map script's counts are checked against it in the
// browser. go test ./messages -update rewrites it; a language that is not
// in it yet is only named, so that a new language's file passes make
// check before its counts are read.
func TestPluralGolden(t *testing.T) {
	const golden = "testdata/plurals.txt"
	set := loaded(t)
	old, err := os.ReadFile(golden)
	if err != nil && !*update {
		t.Fatalf("%v (go test ./messages -update writes it)", err)
	}
	var b, compared strings.Builder
	header := "# Every message that counts, in every language: LANGUAGE\tMESSAGE\tCOUNT\tTEXT.\n" +
		"# Written by go test ./messages -update; the other placeholders are samples.\n"
	b.WriteString(header)
	compared.WriteString(header)
	for _, lang := range set.Languages() {
		known := strings.Contains(string(old), "\n"+lang.Tag+"\t")
		if !known && !*update {
			t.Logf("%s is not in %s yet: go test ./messages -update adds its counts, for a speaker of it to read", lang.Tag, golden)
		}
		m, _ := set.In(lang.Tag)
		for _, id := range slices.Sorted(maps.Keys(m.c.messages)) {
			if !m.c.messages[id].plural {
				continue
			}
			for _, n := range counts {
				got := m.N(id, n, sampleValues...)
				if got == id || strings.Contains(got, "{{") {
					t.Errorf("%s %s %d: %q", lang.Tag, id, n, got)
				}
				line := fmt.Sprintf("%s\t%s\t%d\t%s\n", lang.Tag, id, n, got)
				b.WriteString(line)
				if known {
					compared.WriteString(line)
				}
			}
		}
	}
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if compared.String() != string(old) {
		t.Errorf("the counts differ from %s: read the difference, and run go test ./messages -update if it is right\n%s", golden, diff(string(old), compared.String()))
	}
}

// diff lists the lines that differ between two texts of the same lines.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, "- "+a, "+ "+b)
		}
	}
	return strings.Join(out, "\n")
}

// The forms a language needs come from go-i18n's own rules.
func TestPluralForms(t *testing.T) {
	bundle := i18n.NewBundle(language.English)
	for tag, want := range map[string]map[string][]string{
		"en": {"one": {"1"}, "other": {"0", "2", "3", "4", "5", "6", "..."}},
		"pl": {"one": {"1"}, "few": {"2", "3", "4", "22", "23", "24", "..."}, "many": {"0", "5", "6", "7", "8", "9", "..."}, "other": {"0.5", "1.5", "2.5", "21.5"}},
		"ro": {"one": {"1"}, "few": {"0", "2", "3", "4", "5", "6", "..."}, "other": {"20", "21", "22", "23", "24", "25", "..."}},
		"fr": {"one": {"0", "1", "0.5", "1.5"}, "many": {"1000000"}, "other": {"2", "3", "4", "5", "6", "7", "..."}},
	} {
		got := pluralForms(bundle, language.Make(tag))
		if !maps.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s: %v, want %v", tag, got, want)
		}
	}
	if got := pluralForms(bundle, language.Make("tlh")); got != nil {
		t.Errorf("Klingon has forms %v: go-i18n has no rule for it", got)
	}
}

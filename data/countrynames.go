package data

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"partnermap/data/messages"
)

// officialLanguages are the languages official in each country of Europe
// and of its neighbours, as CLDR tags: a sheet from there may name
// countries in them ("Suomi", "Hrvatska", "Magyarország", "Éire").
var officialLanguages = map[string][]string{
	"AD": {"ca"}, "AL": {"sq"}, "AT": {"de"}, "AX": {"sv"}, "BA": {"bs", "hr", "sr", "sr-Latn"},
	"BE": {"nl", "fr", "de"}, "BG": {"bg"}, "BY": {"be", "ru"}, "CH": {"de", "fr", "it", "rm"},
	"CY": {"el", "tr"}, "CZ": {"cs"}, "DE": {"de"}, "DK": {"da"}, "EE": {"et"},
	"ES": {"es", "ca", "eu", "gl"}, "FI": {"fi", "sv"}, "FO": {"fo"}, "FR": {"fr"},
	"GB": {"en", "cy", "gd"}, "GG": {"en"}, "GI": {"en"}, "GR": {"el"}, "HR": {"hr"}, "HU": {"hu"},
	"IE": {"ga", "en"}, "IM": {"en", "gv"}, "IS": {"is"}, "IT": {"it"}, "JE": {"en"}, "LI": {"de"},
	"LT": {"lt"}, "LU": {"lb", "fr", "de"}, "LV": {"lv"}, "MC": {"fr"}, "MD": {"ro"},
	"ME": {"sr-Latn", "sr"}, "MK": {"mk", "sq"}, "MT": {"mt", "en"}, "NL": {"nl", "fy"},
	"NO": {"nb", "nn"}, "PL": {"pl"}, "PT": {"pt"}, "RO": {"ro"}, "RS": {"sr", "sr-Latn"},
	"RU": {"ru"}, "SE": {"sv"}, "SI": {"sl"}, "SJ": {"nb"}, "SK": {"sk"}, "SM": {"it"},
	"UA": {"uk"}, "VA": {"it"}, "XK": {"sq", "sr", "sr-Latn"},
	// Neighbours.
	"AM": {"hy"}, "AZ": {"az"}, "DZ": {"ar", "fr"}, "EG": {"ar"}, "GE": {"ka"}, "IL": {"he", "ar"},
	"IQ": {"ar", "ckb"}, "IR": {"fa"}, "JO": {"ar"}, "KZ": {"kk", "ru"}, "LB": {"ar", "fr"},
	"LY": {"ar"}, "MA": {"ar", "fr"}, "PS": {"ar"}, "SA": {"ar"}, "SY": {"ar"}, "TN": {"ar", "fr"},
	"TR": {"tr"},
}

// countryAliases are names people write for countries besides those CLDR
// gives: the nations of the United Kingdom, older and newer names, and
// the names in their own languages that x/text's CLDR does not have yet.
var countryAliases = map[string]string{
	"UK": "GB", "U.K.": "GB", "Great Britain": "GB", "Britain": "GB", "England": "GB", "Scotland": "GB",
	"Wales": "GB", "Northern Ireland": "GB", "Cymru": "GB", "Alba": "GB",
	"Holland": "NL", "The Netherlands": "NL",
	"Czech Republic": "CZ", "Česká republika": "CZ", "Česko": "CZ",
	"Éire": "IE", "Republic of Ireland": "IE",
	"Türkiye": "TR", "Turkey": "TR", "Kıbrıs": "CY",
	"Kosovo": "XK", "Kosova": "XK", "Kosovë": "XK", "Република Косово": "XK",
	"North Macedonia": "MK", "Republic of North Macedonia": "MK", "Северна Македонија": "MK",
	"Maqedonia e Veriut": "MK", "Macedonia": "MK", "FYROM": "MK", "Nordmazedonien": "MK",
	"Macédoine du Nord": "MK", "Macedonia del Nord": "MK", "Macedonia del Norte": "MK",
	"Noord-Macedonië": "MK", "Macedonia Północna": "MK", "Macedonia de Nord": "MK",
	"Nordmakedonien": "MK", "Северна Македония": "MK",
	"Bosnia": "BA", "Bosnia-Herzegovina": "BA", "Crna Gora": "ME", "Србија": "RS",
	"Moldova": "MD", "Republic of Moldova": "MD", "Russia": "RU", "Vatican": "VA",
	"Vatican City": "VA", "Holy See": "VA", "Città del Vaticano": "VA", "Lëtzebuerg": "LU",
	"Svizra": "CH", "Noreg": "NO", "Shqipëria": "AL",
}

// countryIndex maps every name of a country that CountryByName knows,
// folded, to the country's code. It is made once, when first asked.
var countryIndex = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(name, code string) {
		for _, n := range []string{name, trimArticle(name)} {
			if k := Fold(n); k != "" {
				if _, taken := m[k]; !taken {
					m[k] = code
				}
			}
		}
	}
	codes := CountryCodes()
	for _, code := range codes {
		add(code, code)
		if r, err := language.ParseRegion(code); err == nil && r.ISO3() != "" {
			add(r.ISO3(), code)
		}
	}
	for name, code := range countryAliases {
		add(name, code)
	}
	// English first, then the interface languages, then the languages of
	// Europe and its neighbours: where two languages give one name to two
	// countries, the earlier wins.
	langs := append([]string{"en"}, messages.Tags()...)
	for _, code := range CountryCodes() {
		langs = append(langs, officialLanguages[code]...)
	}
	seen := map[string]bool{}
	for _, lang := range langs {
		if seen[lang] {
			continue
		}
		seen[lang] = true
		namer := display.Regions(language.Make(lang))
		if namer == nil {
			continue
		}
		for _, code := range codes {
			if r, err := language.ParseRegion(code); err == nil {
				add(namer.Name(r), code)
			}
		}
	}
	// Then every country by its own name, in its main language as CLDR
	// has it (日本, Việt Nam, México, Pilipinas): the name a partner
	// there writes.
	for _, code := range codes {
		r, err := language.ParseRegion(code)
		if err != nil {
			continue
		}
		likely := language.Make("und-" + code)
		base, _ := likely.Base()
		script, _ := likely.Script()
		if tag, err := language.Compose(base, script); err == nil {
			if namer := display.Regions(tag); namer != nil {
				add(namer.Name(r), code)
			}
		}
	}
	return m
})

// CountryByName returns the ISO 3166-1 alpha-2 code of the country a
// person means by name: an alpha-2 or alpha-3 code (IT, ITA), its name in
// English, in an interface language or in an official language of a
// country of Europe or its neighbours (Italy, Italia, Italien, Suomi,
// Éire), any country's name in its own main language (日本, Việt Nam,
// México), or a usual alias (UK, England, Holland, Czech Republic,
// Türkiye, Kosovo), with case, accents and punctuation aside.
func CountryByName(name string) (string, bool) {
	code, ok := countryIndex()[Fold(name)]
	return code, ok
}

// WithoutCountry is a city's name without a last part, after a comma or
// in brackets, that names its country ("Torino, Italia", "Milano (IT)"),
// as people write a city for readers abroad.
func WithoutCountry(name, country string) string {
	cut := strings.LastIndexAny(name, ",(")
	if cut <= 0 {
		return name
	}
	if code, ok := CountryByName(strings.Trim(name[cut:], ",() ")); ok && code == country {
		return strings.TrimSpace(name[:cut])
	}
	return name
}

// CountryNames returns every name CountryByName knows, folded, with its
// code, for suggesting one: the map is shared, and must not be changed.
func CountryNames() map[string]string {
	return countryIndex()
}

// trimArticle is a name without the article some languages put before a
// country's name ("an Ghearmáin", "il-Ġermanja"), which people drop.
func trimArticle(name string) string {
	for _, a := range []string{"an ", "An ", "il-", "l-", "ir-", "it-", "is-", "id-", "in-", "iż-", "ix-", "iċ-", "A’ ", "Yr ", "y "} {
		if rest, ok := strings.CutPrefix(name, a); ok && rest != "" {
			return rest
		}
	}
	return name
}

package data

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// isoCountries is every officially assigned ISO 3166-1 alpha-2 code, and
// XK, which ISO leaves to users and the EU and GeoNames give Kosovo.
// Codes that x/text also knows but ISO has withdrawn (SU, YU, ...) are
// not countries a new data file should use.
const isoCountries = "" +
	" AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG " +
	" BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI " +
	" CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH " +
	" ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ " +
	" GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT " +
	" JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS " +
	" LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU " +
	" MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG " +
	" PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG " +
	" SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK " +
	" TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU " +
	" WF WS XK YE YT ZA ZM ZW "

// IsCountry reports whether code is an officially assigned ISO 3166-1
// alpha-2 code, or XK, written in capitals.
func IsCountry(code string) bool {
	return len(code) == 2 && strings.Contains(isoCountries, " "+code+" ")
}

// CountryName is the English name of a country code, for instance "Italy"
// for IT.
func CountryName(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	return display.English.Regions().Name(r)
}

// CountryNameIn is the name of a country code in the language lang, for
// instance "Italia" for IT in Italian. English names are CountryName's, so
// that they read the same everywhere; a language or code that x/text does
// not know gets the English name.
func CountryNameIn(code, lang string) string {
	if lang == "en" {
		return CountryName(code)
	}
	key := code + "\x00" + lang
	if name, ok := countryNames.Load(key); ok {
		return name.(string)
	}
	name := countryNameIn(code, lang)
	if IsCountry(code) {
		countryNames.Store(key, name)
	}
	return name
}

// countryNames holds the names CountryNameIn found, by code and language:
// finding one takes x/text microseconds, and a page of thousands of cities
// names their countries over and over. Only assigned codes are kept, so
// it holds a few thousand names at the most.
var countryNames sync.Map

func countryNameIn(code, lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return CountryName(code)
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return CountryName(code)
	}
	if namer := display.Regions(tag); namer != nil {
		if name := namer.Name(r); name != "" {
			return name
		}
	}
	return CountryName(code)
}

// suggestCountry finds the assigned code meant by a near miss: a lowercase
// code, or a common or withdrawn one such as UK for GB.
func suggestCountry(code string) string {
	r, err := language.ParseRegion(strings.TrimSpace(code))
	if err != nil {
		return ""
	}
	if c := r.Canonicalize().String(); IsCountry(c) {
		return c
	}
	return ""
}

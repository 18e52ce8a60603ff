package data_test

import (
	"testing"

	"partnermap/data"
)

// Every country of Europe and its neighbours is known by its name in its
// own languages, and every other by its name in its main language,
// besides its codes, its English name and the usual aliases.
func TestCountryByName(t *testing.T) {
	cases := map[string]string{
		// In their own languages.
		"Deutschland": "DE", "Österreich": "AT", "België": "BE", "Belgique": "BE", "Belgien": "BE",
		"България": "BG", "Hrvatska": "HR", "Κύπρος": "CY", "Kıbrıs": "CY", "Česko": "CZ",
		"Danmark": "DK", "Eesti": "EE", "Suomi": "FI", "Finland": "FI", "France": "FR", "Ελλάδα": "GR",
		"Magyarország": "HU", "Éire": "IE", "Ireland": "IE", "Italia": "IT", "Latvija": "LV",
		"Lietuva": "LT", "Lëtzebuerg": "LU", "Luxembourg": "LU", "Luxemburg": "LU", "Malta": "MT",
		"Nederland": "NL", "Polska": "PL", "Portugal": "PT", "România": "RO", "Slovensko": "SK",
		"Slovenija": "SI", "España": "ES", "Espanya": "ES", "Espainia": "ES", "Sverige": "SE",
		"Ísland": "IS", "Liechtenstein": "LI", "Norge": "NO", "Noreg": "NO", "Schweiz": "CH",
		"Suisse": "CH", "Svizzera": "CH", "Svizra": "CH", "United Kingdom": "GB", "Shqipëria": "AL",
		"Bosna i Hercegovina": "BA", "Crna Gora": "ME", "Црна Гора": "ME", "Северна Македонија": "MK",
		"Srbija": "RS", "Србија": "RS", "Kosovë": "XK", "Moldova": "MD", "Україна": "UA",
		"Беларусь": "BY", "Россия": "RU", "Türkiye": "TR", "Andorra": "AD", "Monaco": "MC",
		"San Marino": "SM", "Città del Vaticano": "VA", "Føroyar": "FO", "საქართველო": "GE",
		"Հայաստան": "AM", "Azərbaycan": "AZ", "Қазақстан": "KZ", "المغرب": "MA", "ישראל": "IL",
		"Tunisie": "TN", "Algérie": "DZ", "مصر": "EG", "Liban": "LB",
		// Elsewhere, in their main language.
		"日本": "JP", "Việt Nam": "VN", "中国": "CN", "台灣": "TW", "대한민국": "KR", "Brasil": "BR",
		"México": "MX", "Pilipinas": "PH", "ไทย": "TH", "भारत": "IN", "ኢትዮጵያ": "ET", "Perú": "PE",
		// Codes, English and the interface languages, without accents.
		"IT": "IT", "ita": "IT", "fi": "FI", "Italy": "IT", "Italien": "IT", "Włochy": "IT",
		"Италия": "IT", "Romania": "RO", "Czechia": "CZ", "Niemcy": "DE", "Tyskland": "DE",
		"Magyarorszag": "HU", "Eire": "IE", "Turkiye": "TR",
		// Aliases.
		"UK": "GB", "Great Britain": "GB", "England": "GB", "Scotland": "GB", "Wales": "GB",
		"Northern Ireland": "GB", "Holland": "NL", "Czech Republic": "CZ", "Kosovo": "XK",
		"XK": "XK", "North Macedonia": "MK", "Macedonia": "MK",
	}
	for name, want := range cases {
		if got, ok := data.CountryByName(name); !ok || got != want {
			t.Errorf("CountryByName(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "Atlantis", "Europe"} {
		if got, ok := data.CountryByName(name); ok {
			t.Errorf("CountryByName(%q) = %q, want none", name, got)
		}
	}
}

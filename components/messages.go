package components

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Messages is the interface text in one language. Every string the
// interface shows, as opposed to the network's own data, goes through T, so
// that a new language is a new catalog and not a change to every template.
type Messages struct {
	Lang string
	text map[string]string
}

// T returns the text for key, with args filled in as by fmt.Sprintf. An
// unknown key comes out as itself, which tests catch.
func (m Messages) T(key string, args ...any) string {
	s, ok := m.text[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Date writes a day in the language's own form, such as "21 April 2008".
func (m Messages) Date(t time.Time) string {
	return m.T("date", t.Day(), m.T(fmt.Sprintf("month.%d", t.Month())), t.Year())
}

// Period writes a span of days, such as "21 April 2008 – 20 May 2011". A
// zero end, or an end on the start day, makes it a single day.
func (m Messages) Period(start, end time.Time) string {
	switch {
	case start.IsZero() && end.IsZero():
		return ""
	case end.IsZero() || end.Equal(start):
		return m.Date(start)
	case start.IsZero():
		return m.T("period.until", m.Date(end))
	}
	return m.T("period", m.Date(start), m.Date(end))
}

// Size writes a file size as visitors read it, with the language's
// decimal mark: "2.1 KB", "2,1 KB".
func (m Messages) Size(bytes int) string {
	switch {
	case bytes < 1024:
		return m.T("size.bytes", bytes)
	case bytes < 1024*1024:
		return m.T("size.kb", m.decimal(float64(bytes)/1024))
	}
	return m.T("size.mb", m.decimal(float64(bytes)/(1024*1024)))
}

// decimal writes a number with one decimal as the language does.
func (m Messages) decimal(v float64) string {
	return message.NewPrinter(language.Make(m.Lang)).Sprintf("%.1f", v)
}

// Keys lists the catalog's keys, for checking catalogs against each other.
func (m Messages) Keys() []string {
	keys := make([]string, 0, len(m.text))
	for k := range m.text {
		keys = append(keys, k)
	}
	return keys
}

// English is the interface in English, the default language.
func English() Messages {
	return Messages{Lang: "en", text: map[string]string{
		"title.network":        "%s: partner map",
		"title.city":           "%s – %s partner map",
		"title.notFound":       "Page not found – %s partner map",
		"title.error":          "%s – %s partner map",
		"description.network":  "%s (%s): an interactive map of its %d partner cities, with what each did in the network.",
		"description.city":     "%s, %s, in the %s network: its partners and what it did.",
		"skip.cities":          "Skip to the list of cities",
		"languages.label":      "Language",
		"suggestion.link":      "Read this page in English",
		"suggestion.dismiss":   "No, thanks",
		"builder.language":     "Language of the map",
		"header.home":          "%s: network overview",
		"map.label":            "Map of the %s network",
		"map.pictureTitle":     "Map of the %s network: its cities and the links to the lead partner",
		"preview.network":      "Map of the %s network",
		"preview.city":         "Map of the %s network with %s highlighted",
		"site.name":            "%s partner map",
		"map.basemap":          "Country outlines: Natural Earth",
		"map.library":          "Map: Leaflet",
		"map.tiles":            "Tiles: %s",
		"map.live":             "Interactive map of the %s network: arrow keys move it, plus and minus zoom",
		"map.keys":             "Keyboard: Tab reaches the cities on the map; the arrow keys move between them, Enter opens one and Escape closes it.",
		"live.showing":         "Showing %s",
		"live.overview":        "Showing the network overview",
		"legend.label":         "Legend",
		"legend.coordinator":   "Coordinator city",
		"legend.partner":       "Partner city",
		"legend.link":          "Link to the lead partner",
		"cities.heading":       "Cities",
		"cities.coordinator":   "coordinator",
		"cities.all":           "All %d cities of the network",
		"cities.filter":        "Find a city or country",
		"cities.matches":       "%s of %s cities",
		"map.cluster":          "%s cities",
		"city.back":            "Back to the network overview",
		"city.country":         "Country",
		"city.partners":        "Partners",
		"city.focusArea":       "Focus area",
		"city.meetings":        "Meetings hosted",
		"city.results":         "Results",
		"city.links":           "Links",
		"city.unknown":         "Nothing has been published about %s's own work in the network beyond its membership.",
		"city.coordinatorCity": "Coordinator city",
		"kind.city":            "City",
		"kind.organisation":    "Organisation",
		"role.coordinator":     "Coordinator",
		"role.partner":         "Partner",
		"network.programme":    "Programme",
		"network.fund":         "Fund",
		"network.dates":        "Dates",
		"network.website":      "Website",
		"network.objectives":   "Objectives",
		"network.activities":   "Activities",
		"network.results":      "Results",
		"network.contact":      "Contact",
		"network.about":        "About the network",
		"result.city":          "In %s",
		"notFound.heading":     "Page not found",
		"notFound.text":        "There is no page at this address. These are the cities of the network:",
		"error.heading":        "Something went wrong",
		"error.text":           "The page could not be shown. Please try again later.",
		"error.405":            "This address only answers requests to read it.",
		"error.400.heading":    "Bad request",
		"error.400":            "This request could not be read. Check the address and try again.",
		"error.405.heading":    "Not allowed",
		"error.413.heading":    "Request too large",
		"error.413":            "This site takes no uploads: send the request without a body.",
		"error.431":            "The address or the headers of this request are too long.",
		"footer.embed":         "Embed this map on your website",
		"city.embed":           "Embed the map of %s on your website",
		"embed.fullNetwork":    "Open the full map",
		"embed.fullCity":       "More about %s on the full map",
		"embed.wheelHint":      "Use Ctrl + scroll to zoom the map",
		"embed.wheelHintMac":   "Use ⌘ + scroll to zoom the map",
		"embed.touchHint":      "Use two fingers to move the map",
		"snippet.link":         "%s on the %s partner map",
		"snippet.networkLink":  "The %s partner map",
		"builder.title":        "Embed the map – %s partner map",
		"builder.heading":      "Embed the map on your website",
		"builder.intro":        "Choose the network or one city, what to show and how tall the map should be, then copy the snippet into your page. Links in the map open in a new tab.",
		"builder.target":       "What to embed",
		"builder.network":      "The whole network",
		"builder.show":         "Show",
		"builder.list":         "The list of cities",
		"builder.lines":        "Links to the lead partner",
		"builder.details":      "The details panel (without it, cities link to their pages)",
		"builder.height":       "Height",
		"builder.auto":         "Automatic: the frame grows and shrinks with its content (adds a small script)",
		"builder.fixed":        "Fixed",
		"builder.pixels":       "Height in pixels",
		"builder.snippet":      "Snippet",
		"builder.snippetLabel": "Copy this into the HTML of your page:",
		"builder.copy":         "Copy the snippet",
		"builder.copied":       "Copied.",
		"builder.selected":     "Selected: press Ctrl+C (⌘+C on a Mac) to copy.",
		"builder.noscript":     "Without JavaScript this is the snippet for the whole network with all options.",
		"builder.preview":      "Preview",
		"downloads.heading":    "Download the data",
		"downloads.file":       "%s, %s",
		"downloads.city":       "%s alone: %s",
		"downloads.network":    "All of %s: %s",
		"size.bytes":           "%d B",
		"size.kb":              "%s KB",
		"size.mb":              "%s MB",
		"footer.made":          "Country outlines from Natural Earth, in the public domain.",
		"date":                 "%d %s %d",
		"period":               "%s – %s",
		"period.until":         "until %s",
		"month.1":              "January",
		"month.2":              "February",
		"month.3":              "March",
		"month.4":              "April",
		"month.5":              "May",
		"month.6":              "June",
		"month.7":              "July",
		"month.8":              "August",
		"month.9":              "September",
		"month.10":             "October",
		"month.11":             "November",
		"month.12":             "December",
	}}
}

// Language is one interface language: its tag, as in Accept-Language and
// lang attributes, and its name as its own speakers write it, so that a
// language menu is readable whichever language the page is in.
type Language struct{ Tag, Name string }

// interfaceLanguages are the languages of the network's partner countries
// and of its working language, English first because it is the default.
var interfaceLanguages = []struct {
	Language
	text func() map[string]string
}{
	{Language{"en", "English"}, func() map[string]string { return English().text }},
	{Language{"de", "Deutsch"}, german},
	{Language{"it", "Italiano"}, italian},
	{Language{"fr", "Français"}, french},
	{Language{"bg", "Български"}, bulgarian},
	{Language{"ro", "Română"}, romanian},
	{Language{"nl", "Nederlands"}, dutch},
	{Language{"pl", "Polski"}, polish},
	{Language{"sv", "Svenska"}, swedish},
	{Language{"es", "Español"}, spanish},
}

// Languages lists the interface languages in the order a menu shows them.
func Languages() []Language {
	list := make([]Language, len(interfaceLanguages))
	for i, l := range interfaceLanguages {
		list[i] = l.Language
	}
	return list
}

// Catalog returns the interface text for a language tag from Languages;
// false for any other tag, so that callers choose the fallback themselves.
func Catalog(tag string) (Messages, bool) {
	for _, l := range interfaceLanguages {
		if l.Tag == tag {
			return Messages{Lang: l.Tag, text: l.text()}, true
		}
	}
	return Messages{}, false
}

// languageMatcher knows which regional and related languages each interface
// language serves (de-AT by de); its first tag, English, is the fallback.
var languageMatcher = func() language.Matcher {
	tags := make([]language.Tag, len(interfaceLanguages))
	for i, l := range interfaceLanguages {
		tags[i] = language.MustParse(l.Tag)
	}
	return language.NewMatcher(tags)
}()

// Match returns the interface language that best suits a browser's
// Accept-Language header, or "en" when none of them does.
func Match(acceptLanguage string) string {
	_, index := language.MatchStrings(languageMatcher, acceptLanguage)
	return interfaceLanguages[index].Tag
}

// joinNonEmpty joins the parts that are not empty, for lines such as
// "URBACT II · ERDF" where either may be missing.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

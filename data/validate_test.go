package data_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/data/messages"
)

// base is a small valid data file, one line per index, so that a case can
// change a line by its number and a problem's line can be read off here.
var base = []string{
	1:  `[network]`,
	2:  `slug = "net"`,
	3:  `name = "Net"`,
	4:  `start = 2008-04-21`,
	5:  `end = 2011-05-20`,
	6:  `website = "https://example.org/"`,
	7:  `summary = "See [Palermo](/cities/palermo/)."`,
	8:  ``,
	9:  `[network.contact]`,
	10: `email = "info@example.org"`,
	11: ``,
	12: `[[network.results]]`,
	13: `title = "Plan"`,
	14: `city = "palermo"`,
	15: `url = "https://example.org/plan"`,
	16: ``,
	17: `[[cities]]`,
	18: `slug = "palermo"`,
	19: `name = "Palermo"`,
	20: `country = "IT"`,
	21: `lat = 38.1157`,
	22: `lon = 13.3613`,
	23: `description = "See [the plan](https://example.org/plan)."`,
	24: `links = [`,
	25: `  { title = "Home", url = "https://example.org/palermo" },`,
	26: `]`,
	27: ``,
	28: `[[cities.meetings]]`,
	29: `start = 2010-11-25`,
	30: `end = 2010-11-26`,
	31: ``,
	32: `[[cities]]`,
	33: `slug = "berlin"`,
	34: `name = "Berlin"`,
	35: `country = "DE"`,
	36: `lat = 52.52`,
	37: `lon = 13.405`,
	38: ``,
	39: `[[partners]]`,
	40: `slug = "city-of-berlin"`,
	41: `name = "City of Berlin"`,
	42: `kind = "city"`,
	43: `role = "coordinator"`,
	44: `city = "berlin"`,
	45: ``,
	46: `[[partners]]`,
	47: `slug = "city-of-palermo"`,
	48: `name = "City of Palermo"`,
	49: `kind = "city"`,
	50: `role = "partner"`,
	51: `city = "palermo"`,
	52: `website = "https://example.org/"`,
}

// lines replaces lines of base by number; "" blanks a line out, which keeps
// the numbers of the lines after it. A number past the end adds a line.
type lines map[int]string

func (l lines) source() string {
	out := append([]string(nil), base...)
	for n, text := range l {
		for len(out) <= n {
			out = append(out, "")
		}
		out[n] = text
	}
	return strings.Join(out[1:], "\n") + "\n"
}

// want is one expected problem: where it is, a part of its message that
// shows which rule fired, and the path of the field it is about.
type want struct {
	line, column int
	message      string
	path         string // the field's path, "" for a syntax error
}

// hints are the phrases with which a message tells the editor what to write
// instead.
var hints = []string{
	"write ", "add ", "did you mean", "keep only", "give each", "use only",
	"move its keys", "the keys allowed here are", "expected '", "closing quote",
	"shorten it", "split it", "flatten them",
}

// nestedList is Markdown of depth lists, each inside the one before.
func nestedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

func TestProblems(t *testing.T) {
	// interfaceLanguages are the tags messages name, as problems list them.
	interfaceLanguages := strings.Join(messages.Tags(), ", ")
	cases := []struct {
		name  string
		edit  lines  // a change to base
		whole string // or a whole file, when set
		want  []want
	}{
		{name: "base is valid"},

		// TOML syntax and decoding
		{
			name: "unclosed table header",
			edit: lines{9: `[network.contact`},
			want: []want{{9, 17, `TOML syntax: expected ']' to close table name`, ""}},
		},
		{
			name: "unterminated string",
			edit: lines{3: `name = "Net`},
			want: []want{{3, 12, "TOML syntax: basic strings cannot have new lines: end the text with its closing quote", ""}},
		},
		{
			name: "unknown key in network",
			edit: lines{3: `nmae = "Net"`},
			want: []want{{3, 1, `unknown key "network.nmae": did you mean "name"?`, "network.nmae"}},
		},
		{
			name: "unknown key in cities",
			edit: lines{19: `nmae = "Palermo"`},
			want: []want{{19, 1, `unknown key "cities.nmae": did you mean "name"?`, "cities.palermo.nmae"}},
		},
		{
			name: "unknown key in inline links table",
			edit: lines{25: `  { title = "Home", urll = "https://example.org/palermo" },`},
			want: []want{{25, 21, `unknown key "cities.links.urll": did you mean "url"?`, "cities.palermo.links[0].urll"}},
		},
		{
			name: "unknown key in inline contact table",
			edit: lines{9: ``, 10: `contact = { emial = "info@example.org" }`},
			want: []want{{10, 13, `unknown key "network.contact.emial": did you mean "email"?`, "network.contact.emial"}},
		},
		{
			name: "unknown key in meetings",
			edit: lines{30: `ned = 2010-11-26`},
			want: []want{{30, 1, `unknown key "cities.meetings.ned": did you mean "end"?`, "cities.palermo.meetings[0].ned"}},
		},
		{
			name: "unknown key far from any lists the allowed keys",
			edit: lines{8: `colour = "red"`},
			want: []want{{8, 1, `unknown key "network.colour": the keys allowed here are slug, name, full_name`, "network.colour"}},
		},
		{
			name: "unknown dotted key names its first unknown part",
			edit: lines{8: `colour.dark = "red"`},
			want: []want{{8, 1, `unknown key "network.colour": the keys allowed here are slug, name`, "network.colour"}},
		},
		{
			name: "unknown table",
			edit: lines{9: `[network.contacts]`},
			want: []want{{9, 2, `unknown key "network.contacts": did you mean "contact"?`, "network.contacts"}},
		},
		{
			name: "every unknown key",
			edit: lines{3: `nmae = "Net"`, 42: `knid = "city"`},
			want: []want{
				{3, 1, `did you mean "name"?`, "network.nmae"},
				{42, 1, `did you mean "kind"?`, "partners.city-of-berlin.knid"},
			},
		},
		{
			name: "unknown key beside other problems",
			edit: lines{3: `nmae = "Net"`, 21: `lat = 91`},
			want: []want{
				{3, 1, `did you mean "name"?`, "network.nmae"},
				{21, 1, "lat = 91 is out of range", "cities.palermo.lat"},
			},
		},
		{
			name: "key written twice",
			edit: lines{8: `name = "Network"`},
			want: []want{{8, 1, "network.name is written twice: keep only one", "network.name"}},
		},
		{
			name: "key written twice in an inline table",
			edit: lines{25: `  { title = "Home", title = "Start" },`},
			want: []want{{25, 21, "cities.links.title is written twice: keep only one", "cities.palermo.links[0].title"}},
		},
		{
			name: "table written twice",
			edit: lines{11: `[network]`},
			want: []want{{11, 2, "the [network] table is written twice: move its keys into the first [network]", "network"}},
		},
		{
			name: "quoted date",
			edit: lines{4: `start = "2008-04-21"`},
			want: []want{{4, 9, "network.start has the wrong kind of value: write a date without quotes, such as start = 2008-04-21", "network.start"}},
		},
		{
			name: "quoted latitude",
			edit: lines{21: `lat = "38.1157"`},
			want: []want{{21, 7, "cities.lat has the wrong kind of value: write a number in decimal degrees", "cities.palermo.lat"}},
		},
		{
			name: "number for a text in an inline table",
			edit: lines{25: `  { title = 1, url = "https://example.org/palermo" },`},
			want: []want{{25, 13, `cities.links.title has the wrong kind of value: write text in double quotes, such as title = "..."`, "cities.palermo.links[0].title"}},
		},
		{
			name: "text for a list",
			edit: lines{8: `objectives = "Learn"`},
			want: []want{{8, 14, `network.objectives has the wrong kind of value: write a list of texts`, "network.objectives"}},
		},

		// Required keys. A missing key is reported at its table's header.
		{
			name: "missing network slug",
			edit: lines{2: ``},
			want: []want{{1, 2, `missing slug: add slug = "conet"`, "network.slug"}},
		},
		{
			name: "missing network name",
			edit: lines{3: ``},
			want: []want{{1, 2, `missing name: add name = "CoNet"`, "network.name"}},
		},
		{
			name: "missing network table",
			whole: `[[cities]]
slug = "palermo"
name = "Palermo"
country = "IT"
lat = 38.1157
lon = 13.3613

[[partners]]
slug = "city-of-palermo"
name = "City of Palermo"
kind = "city"
role = "coordinator"
city = "palermo"
`,
			want: []want{
				{1, 1, "missing slug", "network.slug"},
				{1, 1, "missing name", "network.name"},
			},
		},
		{
			name: "missing city slug",
			edit: lines{33: ``},
			want: []want{
				{32, 3, `missing slug: add slug = "palermo"`, "cities[1].slug"},
				{44, 1, `city "berlin" is not in this file: write the slug of one of the [[cities]]`, "partners.city-of-berlin.city"},
			},
		},
		{
			name: "missing city name",
			edit: lines{19: ``},
			want: []want{{17, 3, `missing name: add name = "Palermo"`, "cities.palermo.name"}},
		},
		{
			name: "missing city country",
			edit: lines{20: ``},
			want: []want{{17, 3, `missing country: add country = "IT"`, "cities.palermo.country"}},
		},
		{
			name: "missing latitude",
			edit: lines{36: ``},
			want: []want{{32, 3, "missing lat: add lat = 38.1157, in decimal degrees", "cities.berlin.lat"}},
		},
		{
			name: "missing longitude",
			edit: lines{22: ``},
			want: []want{{17, 3, "missing lon: add lon = 13.3613", "cities.palermo.lon"}},
		},
		{
			name: "missing partner slug",
			edit: lines{47: ``},
			want: []want{{46, 3, `missing slug: add slug = "city-of-palermo"`, "partners[1].slug"}},
		},
		{
			name: "missing partner name",
			edit: lines{41: ``},
			want: []want{{39, 3, `missing name: add name = "City of Palermo"`, "partners.city-of-berlin.name"}},
		},
		{
			name: "missing partner kind",
			edit: lines{49: ``},
			want: []want{{46, 3, `missing kind: add kind = "city"`, "partners.city-of-palermo.kind"}},
		},
		{
			name: "missing partner role",
			edit: lines{50: ``},
			want: []want{{46, 3, `missing role: add role = "partner"`, "partners.city-of-palermo.role"}},
		},
		{
			name: "missing partner city",
			edit: lines{51: ``},
			want: []want{
				{18, 1, `no partner is based in city "palermo"`, "cities.palermo.slug"},
				{46, 3, `missing city: add city = "palermo"`, "partners.city-of-palermo.city"},
			},
		},
		{
			name: "missing result title",
			edit: lines{13: ``},
			want: []want{{12, 3, "missing title", "network.results[0].title"}},
		},
		{
			name: "missing link url",
			edit: lines{25: `  { title = "Home" },`},
			want: []want{{25, 3, `missing url: add url = "https://example.org/"`, "cities.palermo.links[0].url"}},
		},

		// Empty texts
		{
			name: "empty name",
			edit: lines{3: `name = ""`},
			want: []want{{3, 1, `name is empty: write it, such as name = "CoNet"`, "network.name"}},
		},
		{
			name: "blank name",
			edit: lines{19: `name = "  	 "`},
			want: []want{{19, 1, `name is empty: write it, such as name = "Palermo"`, "cities.palermo.name"}},
		},
		{
			name: "empty slug",
			edit: lines{47: `slug = ""`},
			want: []want{{47, 1, "slug is empty", "partners[1].slug"}},
		},

		// Coordinates
		{
			name: "latitude above 90",
			edit: lines{21: `lat = 91`},
			want: []want{{21, 1, "lat = 91 is out of range: write decimal degrees between -90 and 90", "cities.palermo.lat"}},
		},
		{
			name: "latitude below -90",
			edit: lines{36: `lat = -90.5`},
			want: []want{{36, 1, "lat = -90.5 is out of range", "cities.berlin.lat"}},
		},
		{
			name: "longitude above 180",
			edit: lines{22: `lon = 180.1`},
			want: []want{{22, 1, "lon = 180.1 is out of range: write decimal degrees between -180 and 180", "cities.palermo.lon"}},
		},
		{
			name: "latitude nan",
			edit: lines{21: `lat = nan`},
			want: []want{{21, 1, "lat must be a finite number", "cities.palermo.lat"}},
		},
		{
			name: "longitude inf",
			edit: lines{22: `lon = inf`},
			want: []want{{22, 1, "lon must be a finite number", "cities.palermo.lon"}},
		},
		{
			name: "latitude -inf",
			edit: lines{36: `lat = -inf`},
			want: []want{{36, 1, "lat must be a finite number", "cities.berlin.lat"}},
		},
		{
			name: "coordinates at the limits",
			edit: lines{21: `lat = -90`, 22: `lon = 180`, 36: `lat = 90`, 37: `lon = -180`},
		},

		// Slugs
		{
			name: "capital letter in slug",
			edit: lines{2: `slug = "Palermo"`},
			want: []want{{2, 1, `slug "Palermo" is not lowercase and URL-safe: use only a-z, 0-9 and single hyphens, at most 64 characters, such as "palermo"`, "network.slug"}},
		},
		{
			name: "space and accent in slug",
			edit: lines{47: `slug = "san sebastián"`},
			want: []want{{47, 1, `such as "san-sebastian"`, "partners[1].slug"}},
		},
		{
			name: "double hyphen in slug",
			edit: lines{47: `slug = "a--b"`},
			want: []want{{47, 1, `slug "a--b" is not lowercase and URL-safe: use only a-z, 0-9 and single hyphens, at most 64 characters, such as "a-b"`, "partners[1].slug"}},
		},
		{
			name: "leading hyphen in slug",
			edit: lines{40: `slug = "-a"`},
			want: []want{{40, 1, `such as "a"`, "partners[0].slug"}},
		},
		{
			name: "slug of 65 characters",
			edit: lines{2: `slug = "` + strings.Repeat("a", 65) + `"`},
			want: []want{{2, 1, `at most 64 characters, such as "` + strings.Repeat("a", 64) + `"`, "network.slug"}},
		},
		{
			name: "slug of 64 characters",
			edit: lines{2: `slug = "` + strings.Repeat("a", 64) + `"`},
		},
		{
			// Only the slug is reported, not also the city nobody is in.
			name: "city slug with an umlaut",
			edit: lines{33: `slug = "malmö"`, 44: `city = "palermo"`},
			want: []want{{33, 1, `slug "malmö" is not lowercase and URL-safe: use only a-z, 0-9 and single hyphens, at most 64 characters, such as "malmo"`, "cities[1].slug"}},
		},

		// Duplicates and references
		{
			name: "duplicate city slug",
			edit: lines{33: `slug = "palermo"`, 44: `city = "palermo"`},
			want: []want{{33, 1, `city slug "palermo" is already used at line 18: give each city its own slug`, "cities[1].slug"}},
		},
		{
			name: "duplicate partner slug",
			edit: lines{47: `slug = "city-of-berlin"`},
			want: []want{{47, 1, `partner slug "city-of-berlin" is already used at line 40: give each partner its own slug`, "partners[1].slug"}},
		},
		{
			name: "partner in a misspelt city",
			edit: lines{51: `city = "palremo"`},
			want: []want{
				{18, 1, `no partner is based in city "palermo"`, "cities.palermo.slug"},
				{51, 1, `city "palremo" is not in this file: did you mean "palermo"?`, "partners.city-of-palermo.city"},
			},
		},
		{
			name: "partner in an unknown city",
			edit: lines{44: `city = "rome"`},
			want: []want{
				{33, 1, `no partner is based in city "berlin"`, "cities.berlin.slug"},
				{44, 1, `city "rome" is not in this file: write the slug of one of the [[cities]], or add that city`, "partners.city-of-berlin.city"},
			},
		},
		{
			name: "no coordinator",
			edit: lines{43: `role = "partner"`},
			want: []want{{39, 3, `no partner is the coordinator: write role = "coordinator" in the [[partners]] table of the lead partner`, "partners.city-of-berlin"}},
		},
		{
			name: "two coordinators",
			edit: lines{50: `role = "coordinator"`},
			want: []want{{50, 1, `a second coordinator (the first is at line 43): a network has one coordinator; write role = "partner" here`, "partners.city-of-palermo.role"}},
		},
		{
			name: "city without partners",
			edit: lines{51: `city = "berlin"`},
			want: []want{{18, 1, `no partner is based in city "palermo": add a [[partners]] table with city = "palermo", or remove the city`, "cities.palermo.slug"}},
		},
		{
			name: "result in an unknown city",
			edit: lines{14: `city = "palerm"`},
			want: []want{{14, 1, `city "palerm" is not in this file: did you mean "palermo"?`, "network.results[0].city"}},
		},

		// Countries
		{
			name: "country UK",
			edit: lines{20: `country = "UK"`},
			want: []want{{20, 1, `country "UK" is not an ISO 3166-1 alpha-2 code: write country = "GB"`, "cities.palermo.country"}},
		},
		{
			name: "country in lowercase",
			edit: lines{35: `country = "de"`},
			want: []want{{35, 1, `country "de" is not an ISO 3166-1 alpha-2 code: write country = "DE"`, "cities.berlin.country"}},
		},
		{
			name: "country XX",
			edit: lines{35: `country = "XX"`},
			want: []want{{35, 1, `country "XX" is not an ISO 3166-1 alpha-2 code: write two capital letters, such as country = "IT"`, "cities.berlin.country"}},
		},
		{
			name: "country of three letters",
			edit: lines{35: `country = "DEU"`},
			want: []want{{35, 1, `country "DEU" is not an ISO 3166-1 alpha-2 code: write country = "DE"`, "cities.berlin.country"}},
		},
		{
			name: "country EU",
			edit: lines{20: `country = "EU"`},
			want: []want{{20, 1, `country "EU" is not an ISO 3166-1 alpha-2 code: write two capital letters`, "cities.palermo.country"}},
		},

		// Links
		{
			name: "javascript in a city link",
			edit: lines{25: `  { title = "Home", url = "javascript:alert(1)" },`},
			want: []want{{25, 21, `address "javascript:alert(1)" must start with http://, https:// or mailto: (write a full address such as https://example.org/page)`, "cities.palermo.links[0].url"}},
		},
		{
			name: "data in a partner website",
			edit: lines{52: `website = "data:text/html,<b>hi</b>"`},
			want: []want{{52, 1, `address "data:text/html,<b>hi</b>" must start with http://, https:// or mailto:`, "partners.city-of-palermo.website"}},
		},
		{
			name: "ftp in the network website",
			edit: lines{6: `website = "ftp://example.org/"`},
			want: []want{{6, 1, `address "ftp://example.org/" must start with http://, https:// or mailto:`, "network.website"}},
		},
		{
			name: "file in a result url",
			edit: lines{15: `url = "file:///etc/passwd"`},
			want: []want{{15, 1, `address "file:///etc/passwd" must start with http://, https:// or mailto:`, "network.results[0].url"}},
		},
		{
			name: "javascript in the contact website",
			edit: lines{11: `website = "JavaScript:alert(1)"`},
			want: []want{{11, 1, `address "JavaScript:alert(1)" must start with http://, https:// or mailto:`, "network.contact.website"}},
		},
		{
			name: "mailto without an address",
			edit: lines{25: `  { title = "Mail", url = "mailto:info" },`},
			want: []want{{25, 21, `address "mailto:info" is not an email address: write mailto:name@example.org`, "cities.palermo.links[0].url"}},
		},
		{
			name: "mailto link is accepted",
			edit: lines{25: `  { title = "Mail", url = "mailto:info@example.org" },`},
		},
		{
			name: "http without a host",
			edit: lines{6: `website = "http:///page"`},
			want: []want{{6, 1, `address "http:///page" has no host: write a full address such as https://example.org/page`, "network.website"}},
		},
		{
			name: "relative address outside Markdown",
			edit: lines{52: `website = "/cities/palermo/"`},
			want: []want{{52, 1, `address "/cities/palermo/" must start with http://, https:// or mailto:`, "partners.city-of-palermo.website"}},
		},
		{
			name: "address with a space",
			edit: lines{52: `website = "https://example.org/a page"`},
			want: []want{{52, 1, `contains spaces or control characters: write a full address`, "partners.city-of-palermo.website"}},
		},
		{
			name: "address with a quotation mark",
			edit: lines{52: `website = "https://example.org/?q=\"><b>"`},
			want: []want{{52, 1, `address "https://example.org/?q=\"><b>" must write " as %22: write https://example.org/?q=%22%3E%3Cb%3E`, "partners.city-of-palermo.website"}},
		},
		{
			name: "javascript in Markdown in a city description",
			edit: lines{23: `description = "See [x](javascript:alert(1))."`},
			want: []want{{23, 1, `in the Markdown text: address "javascript:alert(1)" must start with http://, https:// or mailto: (write a full address`, "cities.palermo.description"}},
		},
		{
			name: "javascript in Markdown in the network summary",
			edit: lines{7: `summary = "[x](javascript:alert(1))"`},
			want: []want{{7, 1, `in the Markdown text: address "javascript:alert(1)"`, "network.summary"}},
		},
		{
			// The renderer resolves the character reference to a colon.
			name: "javascript behind a character reference in Markdown",
			edit: lines{7: `summary = "[x](javascript&#58;alert(1))"`},
			want: []want{{7, 1, `in the Markdown text: address "javascript:alert(1)"`, "network.summary"}},
		},
		{
			name: "data in a Markdown image",
			edit: lines{16: `description = "![x](data:image/svg+xml,x)"`},
			want: []want{{16, 1, `in the Markdown text: address "data:image/svg+xml,x"`, "network.results[0].description"}},
		},
		{
			name: "ftp in a Markdown reference link",
			edit: lines{23: `description = """See [x][1].`, 24: ``, 25: `[1]: ftp://example.org/"""`, 26: ``},
			want: []want{{23, 1, `in the Markdown text: address "ftp://example.org/"`, "cities.palermo.description"}},
		},
		{
			name: "other host without a scheme in Markdown",
			edit: lines{23: `description = "[x](//example.org/page)"`},
			want: []want{{23, 1, `in the Markdown text: address "//example.org/page" must start with http://, https:// or mailto:`, "cities.palermo.description"}},
		},
		{
			name: "relative link in Markdown is accepted",
			edit: lines{23: `description = "See [x](/cities/palermo/) and <https://example.org/>."`},
		},

		// Translations
		{
			name: "translations as dotted keys are accepted",
			edit: lines{
				8:  `translations.de.summary = "Siehe [Palermo](/cities/palermo/)."`,
				16: `translations.fr.title = "Plan d'action"`,
				27: `translations.it = { name = "Palermo", description = "Vedi [il piano](https://example.org/plan)." }`,
			},
		},
		{
			name: "translations as tables are accepted",
			edit: lines{
				8:  `objectives = ["Learn"]`,
				53: `[network.translations.de]`,
				54: `summary = "Siehe [Palermo](/cities/palermo/)."`,
				55: `objectives = ["Lernen"]`,
				56: `[network.results.translations.fr]`,
				57: `title = "Plan d'action"`,
				58: `[cities.translations.de]`,
				59: `name = "Berlin"`,
			},
		},
		{
			name: "language name as a translation's language",
			edit: lines{27: `translations.italian.description = "Vedi il piano."`},
			want: []want{{27, 14, `unknown language "italian": write [cities.translations.it]`, "cities.palermo.translations.italian"}},
		},
		{
			name: "language tag in capitals",
			edit: lines{53: `[cities.translations.IT]`, 54: `name = "Berlino"`},
			want: []want{{53, 2, `unknown language "IT": write [cities.translations.it]`, "cities.berlin.translations.IT"}},
		},
		{
			name: "language tag with a region",
			edit: lines{16: `translations.fr-BE.title = "Plan"`},
			want: []want{{16, 14, `unknown language "fr-BE": write [network.results.translations.fr]`, "network.results[0].translations.fr-BE"}},
		},
		{
			name: "own language with a region",
			edit: lines{8: `translations.en-GB.summary = "Colour."`},
			want: []want{{8, 14, `unknown language "en-GB": "en" is the network's own language, so write the text in the [network] table itself and delete [network.translations.en-GB]`, "network.translations.en-GB"}},
		},
		{
			name: "language the interface does not have",
			edit: lines{27: `translations.ja.description = "計画を参照。"`},
			want: []want{{27, 14, `unknown language "ja": write one of the interface languages ` + interfaceLanguages + `, such as [cities.translations.de]`, "cities.palermo.translations.ja"}},
		},
		{
			// A number is a language key here, not the index of an array.
			name: "number as a translation's language",
			edit: lines{27: `translations.12.description = "x"`},
			want: []want{{27, 14, `unknown language "12": write one of the interface languages ` + interfaceLanguages + `, such as [cities.translations.de]`, "cities.palermo.translations.12"}},
		},
		{
			name: "network language in capitals",
			edit: lines{8: `language = "IT"`},
			want: []want{{8, 1, `language "IT" is not one of the interface languages: write language = "it"`, "network.language"}},
		},
		{
			name: "network language by name",
			edit: lines{8: `language = "Deutsch"`},
			want: []want{{8, 1, `language "Deutsch" is not one of the interface languages: write language = "de"`, "network.language"}},
		},
		{
			name: "network language the interface does not have",
			edit: lines{8: `language = "ja"`},
			want: []want{{8, 1, `language "ja" is not one of the interface languages: write one of ` + interfaceLanguages + `, such as language = "en"`, "network.language"}},
		},
		{
			name: "empty network language",
			edit: lines{8: `language = ""`},
			want: []want{{8, 1, `language is empty: write it, such as language = "en"`, "network.language"}},
		},
		{
			name: "translation into the network's default language",
			edit: lines{53: `[network.translations.en]`, 54: `summary = "Again."`},
			want: []want{{53, 2, `translation into "en", the network's own language: write the text in the [network] table itself and delete [network.translations.en]`, "network.translations.en"}},
		},
		{
			name: "translation into the language the file names",
			edit: lines{8: `language = "it"`, 16: `translations.it.title = "Piano"`},
			want: []want{{16, 14, `translation into "it", the network's own language: write the text in the [[network.results]] table itself and delete [network.results.translations.it]`, "network.results[0].translations.it"}},
		},
		{
			name: "translation into English when the file is in Italian",
			edit: lines{8: `language = "it"`, 16: `translations.en.title = "Plan"`},
		},
		{
			name: "key that is not translated",
			edit: lines{27: `translations.it.country = "IT"`},
			want: []want{{27, 17, `unknown key "cities.translations.it.country": country is the same in every language, so write it only once, outside translations; the keys allowed here are name, focus_area, description`, "cities.palermo.translations.it.country"}},
		},
		{
			name: "misspelt key in a translation",
			edit: lines{53: `[network.translations.de]`, 54: `sumary = "Zusammenfassung."`},
			want: []want{{54, 1, `unknown key "network.translations.de.sumary": did you mean "summary"?`, "network.translations.de.sumary"}},
		},
		{
			name: "misspelt key in a result's translation",
			edit: lines{16: `translations.fr.titel = "Plan"`},
			want: []want{{16, 17, `unknown key "network.results.translations.fr.titel": did you mean "title"?`, "network.results[0].translations.fr.titel"}},
		},
		{
			name: "empty translated text",
			edit: lines{27: `translations.it.name = " "`},
			want: []want{{27, 17, `name in the "it" translation is empty: write it, or delete the key to show the text as written`, "cities.palermo.translations.it.name"}},
		},
		{
			name: "empty translated list",
			edit: lines{8: `objectives = ["Learn"]`, 53: `[network.translations.de]`, 54: `objectives = []`},
			want: []want{{54, 1, `objectives in the "de" translation is empty: write its items`, "network.translations.de.objectives"}},
		},
		{
			name: "empty item in a translated list",
			edit: lines{8: `activities = ["Meet"]`, 53: `[network.translations.de]`, 54: `activities = ["Treffen", ""]`},
			want: []want{{54, 26, `an item of activities in the "de" translation is empty: write it, or remove it`, "network.translations.de.activities[1]"}},
		},
		{
			name: "empty translation table",
			edit: lines{53: `[cities.translations.sv]`},
			want: []want{{53, 2, `the "sv" translation is empty: add name, focus_area, description, or delete it`, "cities.berlin.translations.sv"}},
		},
		{
			name: "empty inline translation",
			edit: lines{16: `translations = { pl = {} }`},
			want: []want{{16, 18, `the "pl" translation is empty: add title, description, or delete it`, "network.results[0].translations.pl"}},
		},
		{
			name: "translation of a text the table does not have",
			edit: lines{27: `translations.it.focus_area = "Ballarò"`},
			want: []want{{27, 17, `focus_area is translated but not written in the [[cities]] table: add focus_area there too, in "en", the network's own language`, "cities.palermo.translations.it.focus_area"}},
		},
		{
			name: "javascript in Markdown in a translated description",
			edit: lines{27: `translations.it.description = "[x](javascript:alert(1))"`},
			want: []want{{27, 17, `in the Markdown text: address "javascript:alert(1)" must start with http://, https:// or mailto:`, "cities.palermo.translations.it.description"}},
		},
		{
			name: "data in a Markdown image in a translated summary",
			edit: lines{53: `[network.translations.fr]`, 54: `summary = "![x](data:image/svg+xml,x)"`},
			want: []want{{54, 1, `in the Markdown text: address "data:image/svg+xml,x"`, "network.translations.fr.summary"}},
		},
		{
			name: "number for a translated text",
			edit: lines{27: `translations.it.name = 1`},
			want: []want{{27, 24, `cities.translations.it.name has the wrong kind of value: write text in double quotes, such as name = "..."`, "cities.palermo.translations.it.name"}},
		},
		{
			name: "text for a translation",
			edit: lines{27: `translations.it = "Palermo"`},
			want: []want{{27, 19, `cities.translations.it has the wrong kind of value: write a [cities.translations.it] table`, "cities.palermo.translations.it"}},
		},
		{
			name: "text for the translations",
			edit: lines{27: `translations = "Palermo"`},
			want: []want{{27, 16, `cities.translations has the wrong kind of value: write one [cities.translations.LANG] table per language, such as [cities.translations.de]`, "cities.palermo.translations"}},
		},

		// The rest
		{
			name: "no cities",
			whole: `[network]
slug = "net"
name = "Net"
`,
			want: []want{
				{1, 1, "the network has no cities: add a [[cities]] table for each city", "cities"},
				{1, 1, "no partner is the coordinator", "partners"},
			},
		},
		{
			name: "kind misspelt",
			edit: lines{49: `kind = "organization"`},
			want: []want{{49, 1, `kind "organization" is not one of "city", "organisation": write kind = "organisation"`, "partners.city-of-palermo.kind"}},
		},
		{
			name: "role not close to any",
			edit: lines{50: `role = "member"`},
			want: []want{{50, 1, `role "member" is not one of "partner", "coordinator": write role = "partner" or role = "coordinator"`, "partners.city-of-palermo.role"}},
		},
		{
			name: "meeting without start",
			edit: lines{29: ``},
			want: []want{{28, 3, "missing start: add start = 2010-11-25", "cities.palermo.meetings[0].start"}},
		},
		{
			name: "network ends before it starts",
			edit: lines{5: `end = 2008-04-20`},
			want: []want{{5, 1, "end 2008-04-20 is before start 2008-04-21: write the last day on or after the first", "network.end"}},
		},
		{
			name: "meeting ends before it starts",
			edit: lines{30: `end = 2010-11-24`},
			want: []want{{30, 1, "end 2010-11-24 is before start 2010-11-25", "cities.palermo.meetings[0].end"}},
		},
		{
			name: "one-day meeting",
			edit: lines{30: `end = 2010-11-25`},
		},
		{
			name: "contact email with mailto",
			edit: lines{10: `email = "mailto:info@example.org"`},
			want: []want{{10, 1, `email "mailto:info@example.org" is not an email address: write it as name@example.org, without mailto:`, "network.contact.email"}},
		},
		{
			name: "contact email without @",
			edit: lines{10: `email = "info"`},
			want: []want{{10, 1, `email "info" is not an email address`, "network.contact.email"}},
		},
		{
			// Reported out of file order; the problems come back sorted,
			// and on line 25 the url (column 5) before the title.
			name: "several problems",
			edit: lines{
				3:  `name = ""`,
				14: `city = "rome"`,
				21: `lat = 91`,
				25: `  { url = "ftp://example.org/", title = "" },`,
				49: `kind = "town"`,
				51: `city = "berlin"`,
			},
			want: []want{
				{3, 1, "name is empty", "network.name"},
				{14, 1, `city "rome" is not in this file`, "network.results[0].city"},
				{18, 1, `no partner is based in city "palermo"`, "cities.palermo.slug"},
				{21, 1, "lat = 91 is out of range", "cities.palermo.lat"},
				{25, 5, `address "ftp://example.org/" must start with`, "cities.palermo.links[0].url"},
				{25, 33, "title is empty", "cities.palermo.links[0].title"},
				{49, 1, `kind "town" is not one of "city", "organisation"`, "partners.city-of-palermo.kind"},
			},
		},

		// Limits on texts: one problem for a text that is too long, which
		// the others would quote whole.
		{
			name: "city name of 10 MB",
			edit: lines{19: `name = "` + strings.Repeat("a", 10_000_000) + `"`},
			want: []want{{19, 1, "name is 10000000 characters long, more than the 200 it may have: shorten it", "cities.palermo.name"}},
		},
		{
			name: "name at its limit, in letters of two bytes",
			edit: lines{19: `name = "` + strings.Repeat("ж", 200) + `"`},
		},
		{
			name: "name one letter past its limit",
			edit: lines{19: `name = "` + strings.Repeat("ж", 201) + `"`},
			want: []want{{19, 1, "name is 201 characters long, more than the 200", "cities.palermo.name"}},
		},
		{
			name: "kind too long, without the choice quoting it",
			edit: lines{42: `kind = "` + strings.Repeat("x", 5000) + `"`},
			want: []want{{42, 1, "kind is 5000 characters long, more than the 100", "partners.city-of-berlin.kind"}},
		},
		{
			name: "partner name, focus area, meeting topic, link title, URL and objective",
			edit: lines{
				41: `name = "` + strings.Repeat("p", 201) + `"`,
				22: "lon = 13.3613\n" + `focus_area = "` + strings.Repeat("f", 501) + `"`,
				30: `topic = "` + strings.Repeat("t", 501) + `"`,
				25: `  { title = "` + strings.Repeat("h", 201) + `", url = "https://example.org/` + strings.Repeat("u", 2000) + `" },`,
				8:  `objectives = ["Short.", "` + strings.Repeat("o", 1001) + `"]`,
			},
			want: []want{
				{8, 25, "an item of objectives is 1001 characters long, more than the 1000", "network.objectives[1]"},
				{23, 1, "focus_area is 501 characters long, more than the 500", "cities.palermo.focus_area"},
				{26, 5, "title is 201 characters long, more than the 200", "cities.palermo.links[0].title"},
				{26, 218, "url is 2020 characters long, more than the 2000", "cities.palermo.links[0].url"},
				{31, 1, "topic is 501 characters long, more than the 500", "cities.palermo.meetings[0].topic"},
				{42, 1, "name is 201 characters long, more than the 200", "partners.city-of-berlin.name"},
			},
		},
		{
			name: "translated name too long",
			edit: lines{37: "lon = 13.405\n[cities.translations.it]\nname = \"" + strings.Repeat("b", 201) + `"`},
			want: []want{{39, 1, "name is 201 characters long, more than the 200", "cities.berlin.translations.it.name"}},
		},

		// Limits on Markdown, which keep its parsing in proportion to its
		// length.
		{
			name: "Markdown text too long",
			edit: lines{7: `summary = "` + strings.Repeat("word ", 2001) + `"`},
			want: []want{{7, 12, "in the Markdown text: the text is 10,005 characters long, more than the 10,000 a Markdown text may have: shorten it", "network.summary"}},
		},
		{
			name: "paragraph too long, on its line of a text over several lines",
			edit: lines{23: "description = \"\"\"\nA first paragraph.\n\n" + strings.Repeat("[a](", 501) + "\n\"\"\""},
			want: []want{{26, 1, "in the Markdown text: a paragraph of 2,004 characters, more than the 2,000 a paragraph may have: split it with a blank line", "cities.palermo.description"}},
		},
		{
			name: "paragraph too long in a text of one line",
			edit: lines{23: `description = "` + strings.Repeat("*a_ ", 501) + `"`},
			want: []want{{23, 16, "a paragraph of 2,004 characters", "cities.palermo.description"}},
		},
		{
			name: "paragraph too long in a text whose line breaks are escaped",
			edit: lines{23: `description = "A first paragraph.\n\n` + strings.Repeat("a", 2001) + `"`},
			want: []want{{23, 1, "a paragraph of 2,001 characters", "cities.palermo.description"}},
		},
		{
			name: "paragraph at its limit",
			edit: lines{23: `description = "` + strings.Repeat("a", 2000) + `"`},
		},
		{
			name: "heading too long",
			edit: lines{23: "description = '''\n# " + strings.Repeat("h", 2001) + "'''"},
			want: []want{{24, 3, "a heading of 2,001 characters, more than the 2,000 a heading may have: shorten it", "cities.palermo.description"}},
		},
		{
			name: "quotes nested too deep",
			edit: lines{23: `description = "` + strings.Repeat("> ", 17) + `a"`},
			want: []want{{23, 48, "quotes and lists are nested more than 16 deep: flatten them", "cities.palermo.description"}},
		},
		{
			name: "lists nested too deep",
			edit: lines{23: "description = '''\n" + nestedList(17) + "'''"},
			want: []want{{40, 33, "quotes and lists are nested more than 16 deep", "cities.palermo.description"}},
		},
		{
			name: "quotes and lists nested as deep as they may be",
			edit: lines{23: "description = '''\n" + strings.Repeat("> ", 8) + "\n" + nestedList(8) + "'''"},
		},
		{
			name: "translated Markdown too long",
			edit: lines{27: "[cities.translations.it]\ndescription = \"" + strings.Repeat("a", 10_001) + `"`},
			want: []want{{28, 16, "the text is 10,001 characters long", "cities.palermo.translations.it.description"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.whole
			if src == "" {
				src = tc.edit.source()
			}
			n, err := data.Parse("test.toml", []byte(src))
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if n == nil {
					t.Fatal("Parse returned no network and no error")
				}
				return
			}
			var ps data.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse error = %v (%T), want data.Problems", err, err)
			}
			if n != nil {
				t.Errorf("Parse returned a network with problems")
			}
			var got, wanted []string
			for _, p := range ps {
				got = append(got, position(p.Line, p.Column))
			}
			for _, w := range tc.want {
				wanted = append(wanted, position(w.line, w.column))
			}
			if strings.Join(got, " ") != strings.Join(wanted, " ") {
				t.Fatalf("problems at %v, want %v:\n%v", got, wanted, err)
			}
			for i, p := range ps {
				if p.File != "test.toml" {
					t.Errorf("problem %d: file %q, want test.toml", i, p.File)
				}
				if !strings.Contains(p.Message, tc.want[i].message) {
					t.Errorf("problem at %s:\n got  %s\n want it to contain %s", got[i], p.Message, tc.want[i].message)
				}
				if p.Path != tc.want[i].path {
					t.Errorf("problem at %s is about field %q, want %q: %s", got[i], p.Path, tc.want[i].path, p.Message)
				}
				if p.Path == "" && !strings.HasPrefix(p.Message, "TOML syntax") {
					t.Errorf("problem at %s names no field: %s", got[i], p.Message)
				}
				if !hasHint(p.Message) {
					t.Errorf("problem at %s does not say what to write: %s", got[i], p.Message)
				}
			}
		})
	}
}

func position(line, column int) string {
	return fmt.Sprintf("%d:%d", line, column)
}

func hasHint(msg string) bool {
	for _, h := range hints {
		if strings.Contains(msg, h) {
			return true
		}
	}
	return false
}

func TestSlugify(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"lowercase", "Palermo", "palermo"},
		{"umlaut", "Malmö", "malmo"},
		{"acute", "Gijón", "gijon"},
		{"tilde and space", "São Paulo", "sao-paulo"},
		{"letters without accents to drop", "Łódź", "lodz"},
		{"sharp s", "Straße", "strasse"},
		{"slashed o", "Øresund", "oresund"},
		{"spaces", "Alba  Iulia", "alba-iulia"},
		{"hyphens kept single", "Vaulx--en--Velin", "vaulx-en-velin"},
		{"punctuation", "Bruxelles / Brussel", "bruxelles-brussel"},
		{"brackets and digits", "City of Palermo (IT) 2", "city-of-palermo-it-2"},
		{"leading and trailing junk", "  --a--  ", "a"},
		{"full-width letters", "ＡＢＣ", "abc"},
		{"no Latin letters", "北京", ""},
		{"empty", "", ""},
		{"capped at 64", strings.Repeat("a", 100), strings.Repeat("a", 64)},
		{"no hyphen left at the cap", strings.Repeat("a", 63) + " b", strings.Repeat("a", 63)},
		{"words cut at the cap", strings.Repeat("ab ", 30), strings.Repeat("ab-", 21) + "a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := data.Slugify(tc.in); got != tc.want {
				t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

package data

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"

	"partnermap/data/messages"
)

// isSlug reports whether s looks as a slug must: it becomes part of a URL
// that partners share, so only lowercase ASCII letters and digits, in runs
// joined by single hyphens.
func isSlug(s string) bool {
	for run := range strings.SplitSeq(s, "-") {
		if run == "" || strings.ContainsFunc(run, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') }) {
			return false
		}
	}
	return true
}

// maxSlug keeps addresses short enough to read aloud and paste.
const maxSlug = 64

// validator collects every problem in a decoded file, with positions.
type validator struct {
	file      string
	at        positions
	misspelt  map[string]bool        // keys an unknown key was taken for
	unknownIn map[string]bool        // tables that hold an unknown key
	tooLong   map[string]bool        // texts reported as too long, and nothing else
	texts     map[string]writtenText // where the Markdown texts are written
	md        *markdown
	html      map[Markdown]string // each good Markdown text, rendered
	checks    []Check             // run on each city, see ParseChecked
	owner     string              // whose the file's texts are, "the atlas's"; "" for a network's
	schema    schema              // the kind of file, for the paths of fields
	names     names               // the names of its cities and partners, for the paths of fields
	problems  Problems
}

// whose names the owner of the file's texts in messages.
func (v *validator) whose() string { return cmp.Or(v.owner, "the network's") }

// unknownKeys reports the keys the format does not have, from the index
// rather than from go-toml's strict mode, whose cost grows with the square
// of their number. They are reported with every other problem, so one run
// shows all there is to fix, and a key taken for a misspelling is not also
// reported missing.
func (v *validator) unknownKeys(ix *indexer) {
	for _, path := range ix.unknown() {
		key := keyOf(path)
		v.report(path, "%s", ix.schema.unknownKey(key))
		v.unknownIn[path[:max(strings.LastIndexByte(path, '.'), 0)]] = true
		if s := closest(key[len(key)-1], ix.schema.knownKeys(key[:len(key)-1])); s != "" {
			v.misspelt[join(path[:max(strings.LastIndexByte(path, '.'), 0)], s)] = true
		}
	}
}

func (v *validator) report(path, format string, args ...any) {
	if v.tooLong[path] {
		return
	}
	v.reportAt(v.at.find(path), path, format, args...)
}

// reportAt reports a problem of the field at path, at a place in it.
func (v *validator) reportAt(p position, path, format string, args ...any) {
	v.problems = append(v.problems, Problem{File: v.file, Line: p.line, Column: p.column, Message: fmt.Sprintf(format, args...), Path: v.schema.fieldPath(path, v.names)})
}

// broke reports a problem that breaks a rule a form names (see
// Problem.Rule), with what r says of it.
func (v *validator) broke(r Problem, path, format string, args ...any) {
	n := len(v.problems)
	v.report(path, format, args...)
	v.ruled(n, r)
}

// ruled marks the problems reported since the n-th with the rule of r.
func (v *validator) ruled(n int, r Problem) {
	for i := n; i < len(v.problems); i++ {
		v.problems[i].Rule, v.problems[i].Limit, v.problems[i].Suggestion = r.Rule, r.Limit, r.Suggestion
	}
}

// missing reports a required key that was not written, unless an unknown
// key nearby was already reported as a misspelling of it.
func (v *validator) missing(path, format string, args ...any) {
	if !v.misspelt[path] {
		v.report(path, format, args...)
	}
}

func (v *validator) check(f *file) {
	v.checkNetwork(&f.Network, f.Cities)
	cities := v.checkCities(f.Cities, cmp.Or(f.Network.Language, DefaultLanguage))
	v.checkPartners(f.Partners, f.Cities, cities)
	for i, r := range f.Network.Results {
		if r.City != "" && !cities[r.City] {
			v.unknownCity(fmt.Sprintf("network.results.%d.city", i), r.City, f.Cities)
		}
	}
}

func (v *validator) checkNetwork(n *Network, cities []City) {
	v.fit("network", "slug", n.Slug, "name", n.Name, "full_name", n.FullName, "programme", n.Programme, "fund", n.Fund, "website", n.Website, "language", n.Language)
	for i, o := range n.Objectives {
		v.fitText(fmt.Sprintf("network.objectives.%d", i), "objectives", o)
	}
	for i, a := range n.Activities {
		v.fitText(fmt.Sprintf("network.activities.%d", i), "activities", a)
	}
	c := n.Contact
	v.fit("network.contact", "name", c.Name, "email", c.Email, "address", c.Address, "website", c.Website)
	v.slug("network.slug", n.Slug, "conet")
	v.text("network.name", n.Name, "CoNet")
	v.dates("network", n.Start, n.End)
	v.link("network.website", n.Website)
	v.markdown("network.summary", n.Summary)
	if v.at.has("network.language") {
		v.language("network.language", n.Language)
	}
	own := cmp.Or(n.Language, DefaultLanguage)
	checkTranslations(v, "network", "[network]", own, *n, n.Translations)
	for i, r := range n.Results {
		path := fmt.Sprintf("network.results.%d", i)
		v.fit(path, "title", r.Title, "city", r.City, "url", r.URL)
		v.text(path+".title", r.Title, "Local Action Plan")
		v.markdown(path+".description", r.Description)
		v.link(path+".url", r.URL)
		checkTranslations(v, path, "[[network.results]]", own, r, r.Translations)
	}
	v.link("network.contact.website", n.Contact.Website)
	if e := n.Contact.Email; e != "" && !isEmail(e) {
		v.broke(Problem{Rule: "email"}, "network.contact.email", "email %q is not an email address: write it as name@example.org, without mailto:", e)
	}
	if len(cities) == 0 {
		v.report("cities", "the network has no cities: add a [[cities]] table for each city, with slug, name, country, lat and lon")
	}
}

// checkCities returns the set of city slugs.
func (v *validator) checkCities(cs []City, own string) map[string]bool {
	slugs := map[string]bool{}
	first := map[string]string{}
	for i, c := range cs {
		path := fmt.Sprintf("cities.%d", i)
		v.fit(path, "slug", c.Slug, "name", c.Name, "local_name", c.LocalName, "country", c.Country, "focus_area", c.FocusArea)
		v.uniqueSlug(first, path+".slug", c.Slug, "city", "palermo")
		slugs[c.Slug] = true
		v.text(path+".name", c.Name, "Palermo")
		v.country(path+".country", c.Country)
		v.coordinate(path+".lat", c.Lat, 90, "38.1157")
		v.coordinate(path+".lon", c.Lon, 180, "13.3613")
		v.markdown(path+".description", c.Description)
		for j, l := range c.Links {
			lp := fmt.Sprintf("%s.links.%d", path, j)
			v.fit(lp, "title", l.Title, "url", l.URL)
			v.text(lp+".title", l.Title, "Local Action Plan")
			if v.text(lp+".url", l.URL, "https://example.org/") {
				v.link(lp+".url", l.URL)
			}
		}
		for j, m := range c.Meetings {
			mp := fmt.Sprintf("%s.meetings.%d", path, j)
			v.fit(mp, "topic", m.Topic)
			if !v.at.has(mp + ".start") {
				n := len(v.problems)
				v.missing(mp+".start", "missing start: add start = 2010-11-25, the day the meeting began")
				v.ruled(n, Problem{Rule: "required"})
			}
			v.dates(mp, m.Start, m.End)
		}
		checkTranslations(v, path, "[[cities]]", own, c, c.Translations)
		v.checkCity(path, &cs[i])
	}
	return slugs
}

func (v *validator) checkPartners(ps []Partner, cs []City, cities map[string]bool) {
	first := map[string]string{}
	coordinator := ""
	hosted := map[string]bool{}
	for i, p := range ps {
		path := fmt.Sprintf("partners.%d", i)
		v.fit(path, "slug", p.Slug, "name", p.Name, "kind", string(p.Kind), "role", string(p.Role), "city", p.City, "website", p.Website)
		v.uniqueSlug(first, path+".slug", p.Slug, "partner", "city-of-palermo")
		v.text(path+".name", p.Name, "City of Palermo")
		choice(v, path+".kind", p.Kind, KindCity, KindOrganisation)
		if choice(v, path+".role", p.Role, RolePartner, RoleCoordinator) && p.Role == RoleCoordinator {
			if coordinator != "" {
				pos := v.at.find(coordinator)
				v.report(path+".role", "a second coordinator (the first is at line %d): a network has one coordinator; write role = \"partner\" here", pos.line)
			} else {
				coordinator = path + ".role"
			}
		}
		if v.text(path+".city", p.City, "palermo") {
			if cities[p.City] {
				hosted[p.City] = true
			} else {
				v.unknownCity(path+".city", p.City, cs)
			}
		}
		v.link(path+".website", p.Website)
	}
	if coordinator == "" {
		at := "partners"
		if len(ps) > 0 {
			at = "partners.0"
		}
		v.report(at, "no partner is the coordinator: write role = \"coordinator\" in the [[partners]] table of the lead partner")
	}
	for i, c := range cs {
		if isSlug(c.Slug) && !hosted[c.Slug] {
			v.report(fmt.Sprintf("cities.%d.slug", i), "no partner is based in city %q: add a [[partners]] table with city = %q, or remove the city", c.Slug, c.Slug)
		}
	}
}

// uniqueSlug checks a required slug and that no earlier city or partner
// (what) has it; first maps each slug to where it was first written.
func (v *validator) uniqueSlug(first map[string]string, path, slug, what, example string) {
	if !v.slug(path, slug, example) {
		return
	}
	if at, dup := first[slug]; dup {
		v.report(path, "%s slug %q is already used at line %d: give each %s its own slug", what, slug, v.at.find(at).line, what)
		return
	}
	first[slug] = path
}

// text checks that a required text was written and is not blank.
func (v *validator) text(path, s, example string) bool {
	key := path[strings.LastIndexByte(path, '.')+1:]
	n := len(v.problems)
	defer v.ruled(n, Problem{Rule: "required"})
	switch {
	case !v.at.has(path):
		v.missing(path, "missing %s: add %s = %q", key, key, example)
	case strings.TrimSpace(s) == "":
		v.report(path, "%s is empty: write it, such as %s = %q", key, key, example)
	default:
		return true
	}
	return false
}

// slug checks a required slug; it reports whether the slug is usable.
func (v *validator) slug(path, s, example string) bool {
	if !v.text(path, s, example) {
		return false
	}
	if len(s) <= maxSlug && isSlug(s) {
		return true
	}
	msg := fmt.Sprintf("slug %q is not lowercase and URL-safe: use only a-z, 0-9 and single hyphens, at most %d characters", s, maxSlug)
	if suggestion := Slugify(s); suggestion != "" {
		msg += fmt.Sprintf(", such as %q", suggestion)
	}
	v.report(path, "%s", msg)
	return false
}

// Slugify makes a slug from a name: accents dropped, letters such as ł and ß
// spelt in ASCII, lowercase, other characters turned into single hyphens
// ("Malmö" -> "malmo", "Łódź" -> "lodz").
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(spellASCII(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	return strings.TrimRight(b.String()[:min(b.Len(), maxSlug)], "-")
}

// spellASCII spells the letters that have no decomposition into an ASCII
// letter and an accent, so that Slugify and Fold do not drop them.
func spellASCII(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return asciiSpelling(r) != "" }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if a := asciiSpelling(r); a != "" {
			b.WriteString(a)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// asciiSpelling is how a letter without a decomposition is spelt in
// ASCII, "" for every other character.
func asciiSpelling(r rune) string {
	switch r {
	case 'Æ':
		return "Ae"
	case 'æ':
		return "ae"
	case 'Œ':
		return "Oe"
	case 'œ':
		return "oe"
	case 'Ø':
		return "O"
	case 'ø':
		return "o"
	case 'Ł':
		return "L"
	case 'ł':
		return "l"
	case 'Đ', 'Ð':
		return "D"
	case 'đ', 'ð':
		return "d"
	case 'Þ':
		return "Th"
	case 'þ':
		return "th"
	case 'Ħ':
		return "H"
	case 'ħ':
		return "h"
	case 'ı':
		return "i"
	case 'ß':
		return "ss"
	}
	return ""
}

// choice checks a required key that takes one of a few words.
func choice[T ~string](v *validator, path string, s T, allowed ...T) bool {
	if !v.text(path, string(s), string(allowed[0])) {
		return false
	}
	if slices.Contains(allowed, s) {
		return true
	}
	key := path[strings.LastIndexByte(path, '.')+1:]
	words, quoted, written := make([]string, len(allowed)), make([]string, len(allowed)), make([]string, len(allowed))
	for i, a := range allowed {
		words[i], quoted[i] = string(a), strconv.Quote(string(a))
		written[i] = fmt.Sprintf("%s = %q", key, a)
	}
	msg := fmt.Sprintf("%s %q is not one of %s", key, s, strings.Join(quoted, ", "))
	if c := closest(string(s), words); c != "" {
		msg += fmt.Sprintf(": write %s = %q", key, c)
	} else {
		msg += ": write " + strings.Join(written, " or ")
	}
	v.report(path, "%s", msg)
	return false
}

func (v *validator) coordinate(path string, x, limit float64, example string) {
	key := path[strings.LastIndexByte(path, '.')+1:]
	switch {
	case !v.at.has(path):
		n := len(v.problems)
		v.missing(path, "missing %s: add %s = %s, in decimal degrees", key, key, example)
		v.ruled(n, Problem{Rule: "required"})
	case math.IsNaN(x) || math.IsInf(x, 0):
		v.broke(Problem{Rule: key + "Range"}, path, "%s must be a finite number: write decimal degrees between %g and %g, such as %s = %s", key, -limit, limit, key, example)
	case x < -limit || x > limit:
		v.broke(Problem{Rule: key + "Range"}, path, "%s = %s is out of range: write decimal degrees between %g and %g, such as %s = %s", key, strconv.FormatFloat(x, 'f', -1, 64), -limit, limit, key, example)
	}
}

func (v *validator) country(path, code string) {
	if !v.text(path, code, "IT") || IsCountry(code) {
		return
	}
	msg := fmt.Sprintf("country %q is not an ISO 3166-1 alpha-2 code", code)
	s := suggestCountry(code)
	if s != "" {
		msg += fmt.Sprintf(": write country = %q", s)
	} else {
		msg += ": write two capital letters, such as country = \"IT\" for Italy"
	}
	v.broke(Problem{Rule: "country", Suggestion: s}, path, "%s", msg)
}

// dates checks that a period does not end before it starts.
func (v *validator) dates(path string, start, end time.Time) {
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		v.broke(Problem{Rule: "dates"}, path+".end", "end %s is before start %s: write the last day on or after the first", end.Format(time.DateOnly), start.Format(time.DateOnly))
	}
}

// allowedSchemes are the link schemes a data file may use: nothing that
// runs script or embeds content when clicked.
var allowedSchemes = []string{"http", "https", "mailto"}

// link checks an optional address.
func (v *validator) link(path, raw string) {
	if raw == "" {
		return
	}
	msg := linkProblem(raw, false)
	if i := strings.IndexAny(raw, unescaped); msg == "" && i >= 0 {
		msg = fmt.Sprintf("address %q must write %c as %%%02X: write %s", raw, raw[i], raw[i], escapeUnsafe(raw))
	}
	if msg != "" {
		v.broke(Problem{Rule: "link"}, path, "%s", msg)
	}
}

// unescaped are the characters an address must percent-encode (the URL
// Standard's), which browsers would encode when following it and HTML
// checkers refuse in an href. Markdown's renderer encodes them itself.
const unescaped = "\"<>\\^`{|}"

// escapeUnsafe percent-encodes the characters of unescaped.
func escapeUnsafe(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		if strings.IndexByte(unescaped, raw[i]) >= 0 {
			fmt.Fprintf(&b, "%%%02X", raw[i])
		} else {
			b.WriteByte(raw[i])
		}
	}
	return b.String()
}

// linkProblem explains what is wrong with an address, or returns "". A
// relative address is allowed only inside Markdown, where it points within
// the site.
func linkProblem(raw string, relativeOK bool) string {
	if strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return fmt.Sprintf("address %q contains spaces or control characters: write a full address such as https://example.org/page", raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("address %q is not valid: write a full address such as https://example.org/page", raw)
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "" && u.Host == "" && relativeOK:
		return ""
	case !slices.Contains(allowedSchemes, scheme):
		return fmt.Sprintf("address %q must start with http://, https:// or mailto: (write a full address such as https://example.org/page)", raw)
	case scheme != "mailto" && u.Host == "":
		return fmt.Sprintf("address %q has no host: write a full address such as https://example.org/page", raw)
	case scheme == "mailto" && !strings.Contains(u.Opaque, "@"):
		return fmt.Sprintf("address %q is not an email address: write mailto:name@example.org", raw)
	}
	return ""
}

// markdown checks a Markdown text against the limits on its size and
// every link and image address in it, and renders a good one once, for
// every page that shows it.
func (v *validator) markdown(path string, md Markdown) {
	if _, done := v.html[md]; done || md == "" {
		return
	}
	src := []byte(md)
	doc, problem, at := v.md.parse(src)
	if problem != "" {
		n := len(v.problems)
		v.reportAt(v.textAt(path, src, at), path, "in the Markdown text: %s", problem)
		v.ruled(n, Problem{Rule: "markdownLimit"})
		return
	}
	bad := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		switch n := n.(type) {
		case *ast.Link:
			dest = destination(n.Destination)
		case *ast.Image:
			dest = destination(n.Destination)
		case *ast.AutoLink:
			dest = string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail {
				dest = "mailto:" + dest
			}
		default:
			return ast.WalkContinue, nil
		}
		if msg := linkProblem(dest, true); msg != "" {
			v.broke(Problem{Rule: "markdownLink"}, path, "in the Markdown text: %s", msg)
			bad = true
		}
		return ast.WalkContinue, nil
	})
	if bad {
		return
	}
	html, err := v.md.render(src, doc)
	if err != nil {
		v.report(path, "in the Markdown text: %v", err)
		return
	}
	v.html[md] = html
}

// destination is a link destination as the renderer writes it, with
// backslash escapes and character references resolved, so that
// "javascript&#58;..." is seen for what it is.
func destination(raw []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(raw))))
}

// language checks the network's own language, which must be one of the
// interface's so that pages can mark text that was not translated.
func (v *validator) language(path, tag string) {
	if !v.text(path, tag, DefaultLanguage) || isLanguage(tag) {
		return
	}
	msg := fmt.Sprintf("language %q is not one of the interface languages", tag)
	if s := suggestLanguage(tag); s != "" {
		msg += fmt.Sprintf(": write language = %q", s)
	} else {
		msg += fmt.Sprintf(": write one of %s, such as language = %q", strings.Join(messages.Tags(), ", "), DefaultLanguage)
	}
	v.report(path, "%s", msg)
}

// checkTranslations checks the translations of the table at path (header
// is how the file writes it, such as [[cities]]) whose untranslated text,
// written in the language own, is original. A translation is held to the
// rules of the text it translates, and must have that text to translate.
func checkTranslations[T, X any](v *validator, path, header, own string, original T, translations map[string]X) {
	orig := reflect.ValueOf(original)
	table := strings.Join(append(keyOf(path), "translations"), ".")
	for _, lang := range slices.Sorted(maps.Keys(translations)) {
		at := path + ".translations." + lang
		switch {
		case lang == own:
			v.report(at, "translation into %q, %s own language: write the text in the %s table itself and delete [%s.%s]", lang, v.whose(), header, table, lang)
			continue
		case !isLanguage(lang):
			msg := fmt.Sprintf("unknown language %q", clip(lang))
			switch s := suggestLanguage(lang); {
			case s == own:
				msg += fmt.Sprintf(": %q is %s own language, so write the text in the %s table itself and delete [%s.%s]", s, v.whose(), header, table, lang)
			case s != "":
				msg += fmt.Sprintf(": write [%s.%s]", table, s)
			default:
				msg += fmt.Sprintf(": write one of the interface languages %s, such as [%s.de]", strings.Join(messages.Tags(), ", "), table)
			}
			v.report(at, "%s", msg)
		}
		t := reflect.ValueOf(translations[lang])
		var keys []string
		written := false
		for f := range t.Type().Fields() {
			key := f.Tag.Get("toml")
			keys = append(keys, key)
			fp := at + "." + key
			if !v.at.has(fp) {
				continue
			}
			written = true
			if of, ok := fieldByKey(orig.Type(), key); ok && orig.FieldByIndex(of.Index).Len() == 0 {
				v.report(fp, "%s is translated but not written in the %s table: add %s there too, in %q, %s own language", key, header, key, own, v.whose())
				continue
			}
			switch value := t.FieldByIndex(f.Index).Interface().(type) {
			case string:
				v.fitText(fp, key, value)
				v.translated(fp, key, lang, value)
			case Markdown:
				if v.translated(fp, key, lang, string(value)) {
					v.markdown(fp, value)
				}
			case []string:
				if len(value) == 0 {
					v.report(fp, "%s in the %q translation is empty: write its items, or delete the key to show the text as written", key, lang)
				}
				for j, item := range value {
					v.fitText(fmt.Sprintf("%s.%d", fp, j), key, item)
					if strings.TrimSpace(item) == "" {
						v.report(fmt.Sprintf("%s.%d", fp, j), "an item of %s in the %q translation is empty: write it, or remove it", key, lang)
					}
				}
			}
		}
		if !written && !v.unknownIn[at] {
			v.report(at, "the %q translation is empty: add %s, or delete it", lang, strings.Join(keys, ", "))
		}
	}
}

// translated checks one translated text; it reports whether there is text.
func (v *validator) translated(path, key, lang, s string) bool {
	if strings.TrimSpace(s) == "" {
		v.report(path, "%s in the %q translation is empty: write it, or delete the key to show the text as written", key, lang)
		return false
	}
	return true
}

func (v *validator) unknownCity(path, slug string, cs []City) {
	var slugs []string
	for _, c := range cs {
		if isSlug(c.Slug) {
			slugs = append(slugs, c.Slug)
		}
	}
	msg := fmt.Sprintf("city %q is not in this file", slug)
	if s := closest(slug, slugs); s != "" {
		msg += fmt.Sprintf(": did you mean %q?", s)
	} else {
		msg += ": write the slug of one of the [[cities]], or add that city"
	}
	v.report(path, "%s", msg)
}

// isEmail is a plain check that catches a URL or a name written where an
// address belongs: one @ with something on either side, no spaces or
// slashes.
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " :/") && !strings.Contains(domain, "@")
}

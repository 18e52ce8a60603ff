// Package messages is the interface's text in every language: one message
// file per language (en.toml, de.toml, ...), in go-i18n's TOML format with
// named placeholders and CLDR plural forms, embedded in the binary and
// read once a process. The files themselves are the list of languages,
// for the interface and for the data files' translations alike: a new
// language is a new file.
package messages

import (
	"embed"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Default is the language of the site's unprefixed addresses, and of the
// file every other file is checked against.
const Default = "en"

// files are the message files, named by their language's tag.
//
//go:embed *.toml
var files embed.FS

// Tags lists the languages that have a message file, the default first and
// the others in the order of their tags.
func Tags() []string {
	return tagsIn(files)
}

func tagsIn(fsys fs.FS) []string {
	names, _ := fs.Glob(fsys, "*.toml")
	tags := []string{Default}
	for _, name := range names {
		if tag := strings.TrimSuffix(name, ".toml"); tag != Default {
			tags = append(tags, tag)
		}
	}
	return tags
}

// Has reports whether tag is one of Tags, for addresses that start with
// one: it looks the file up rather than building the list.
func Has(tag string) bool {
	_, err := fs.Stat(files, tag+".toml")
	return tag != "" && err == nil
}

// Language is one interface language: its tag, as in addresses and lang
// attributes, and its name as its own speakers write it, so that a
// language menu is readable whichever language the page is in.
type Language struct{ Tag, Name string }

// Set is every language's messages, checked against English.
type Set struct {
	languages []Language
	byTag     map[string]Messages
}

// Load reads the embedded message files. It fails, naming every problem
// as FILE:LINE: message, when a file does not match English, which make
// check would have reported. The files are part of the binary, so they are
// read once: every site built after that, and the editing pages, share the
// set, which nothing changes.
func Load() (Set, error) { return loadEmbedded() }

var loadEmbedded = sync.OnceValues(func() (Set, error) { return load(files, "data/messages/") })

func load(fsys fs.FS, dir string) (Set, error) {
	parsed, problems := check(fsys)
	if len(problems) > 0 {
		return Set{}, problemsError{problems, dir}
	}
	bundle := i18n.NewBundle(language.English)
	// A placeholder the caller did not fill is an error, never "<no value>".
	parser := &template.TextParser{Option: "missingkey=error"}
	set := Set{byTag: map[string]Messages{}}
	for _, tag := range tagsIn(fsys) {
		f := parsed[tag]
		t := language.Make(tag)
		list := make([]*i18n.Message, 0, len(f.messages))
		for _, m := range f.messages {
			list = append(list, m.i18n())
		}
		if err := bundle.AddMessages(t, list...); err != nil {
			return Set{}, err
		}
		m := Messages{Lang: tag, c: &catalog{
			localizer: i18n.NewLocalizer(bundle, tag),
			parser:    parser,
			messages:  f.messages,
			tag:       t,
		}}
		set.byTag[tag] = m
		set.languages = append(set.languages, Language{tag, m.T("language.name")})
	}
	return set, nil
}

// Languages lists the languages in the order a menu shows them.
func (s Set) Languages() []Language { return slices.Clone(s.languages) }

// In returns the messages of a language from Languages; false for any
// other tag, so that callers choose the fallback themselves.
func (s Set) In(tag string) (Messages, bool) {
	m, ok := s.byTag[tag]
	return m, ok
}

// Messages is the interface text in one language. Every word the
// interface shows, as opposed to the network's own data, comes through T
// or N.
type Messages struct {
	Lang string
	c    *catalog
}

// catalog is what Messages of one language share.
type catalog struct {
	localizer *i18n.Localizer
	parser    template.Parser
	messages  map[string]*entry
	tag       language.Tag
}

// T returns the message id with its placeholders filled from args, which
// name each value before giving it: T("title.city", "City", "Palermo",
// "Network", "CoNet"). An unknown id, or a placeholder left unfilled,
// comes out as the id itself, which tests catch.
func (m Messages) T(id string, args ...any) string {
	return m.localize(id, nil, args)
}

// N returns a message that counts something, in the plural form the
// language uses for count, which also fills its {{.Count}}, written as the
// language writes numbers: N("map.cluster", 12) is "12 cities".
func (m Messages) N(id string, count int, args ...any) string {
	return m.localize(id, &count, args)
}

func (m Messages) localize(id string, count *int, args []any) string {
	values := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		values[name] = args[i+1]
	}
	config := &i18n.LocalizeConfig{MessageID: id, TemplateData: values, TemplateParser: m.c.parser}
	if count != nil {
		values["Count"] = m.Number(*count)
		config.PluralCount = *count
	}
	s, err := m.c.localizer.Localize(config)
	if err != nil {
		return id
	}
	return s
}

// Text returns a message as written, its placeholders unfilled, for the
// map script to fill by name; "" for an unknown id.
func (m Messages) Text(id string) string {
	if e, ok := m.c.messages[id]; ok {
		return e.forms["other"]
	}
	return ""
}

// Forms returns a message that counts as written, by plural category
// ("one", "few", ...), for the map script to choose from with the
// browser's plural rules and fill by name.
func (m Messages) Forms(id string) map[string]string {
	forms := map[string]string{}
	if e, ok := m.c.messages[id]; ok {
		for form, text := range e.forms {
			forms[form] = text
		}
	}
	return forms
}

// IDs lists the ids of the messages, for tests of where they are used.
func (m Messages) IDs() []string {
	return slices.Sorted(maps.Keys(m.c.messages))
}

// Number writes a whole number as the language does: "5,000", "5.000".
func (m Messages) Number(n int) string {
	return message.NewPrinter(m.c.tag).Sprintf("%d", n)
}

// Date writes a day in the language's own form, such as "21 April 2008".
func (m Messages) Date(t time.Time) string {
	return m.T("date.day", "Day", t.Day(), "Month", m.T("month."+strconv.Itoa(int(t.Month()))), "Year", t.Year())
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
		return m.T("date.until", "End", m.Date(end))
	}
	return m.T("date.span", "Start", m.Date(start), "End", m.Date(end))
}

// Size writes a file size as visitors read it, with the language's
// decimal mark: "2.1 KB", "2,1 KB".
func (m Messages) Size(bytes int) string {
	switch {
	case bytes < 1024:
		return m.T("size.bytes", "Size", bytes)
	case bytes < 1024*1024:
		return m.T("size.kb", "Size", m.decimal(float64(bytes)/1024))
	}
	return m.T("size.mb", "Size", m.decimal(float64(bytes)/(1024*1024)))
}

// decimal writes a number with one decimal as the language does.
func (m Messages) decimal(v float64) string {
	return message.NewPrinter(m.c.tag).Sprintf("%.1f", v)
}

package admin

import (
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// Fields is a form made from the data file's description of a table
// (the network, or one city): a field for each of its keys, in the
// order of the file's types, named by its field path. Rows are added,
// removed and moved by buttons that post the form, which comes back as
// typed with nothing saved; Preview renders its Markdown texts as the
// site would; Save writes it into the account's draft.
type Fields struct {
	Heading, Intro, Action, Back, BackLabel string
	// Was identifies the text the form was shown with: a form of before
	// is not written over a draft changed since.
	Was    string
	Fields []Field
	// Cities are the network's cities, for a field that names one.
	Cities []PartnerCity
	// Draft is the account's draft the form goes into, at DraftHref; ""
	// for a new one.
	Draft, DraftHref string
	Notice           string
	Problem          bool
	// Problems are those of the form that no one field has.
	Problems []string
}

// Field is one key of a table. Its Kind says how it is typed: "text",
// "url", "email", "country", "city" (one of the network's), "date",
// "number", "markdown"; or it holds others: "group" (a table, in
// Fields), "texts" and "rows" (a list, in Rows).
type Field struct {
	// Key is the key in the file, which names its label; Name is its
	// field path, the name it is posted by and the path of its problems.
	Key, Name, Kind, Value string
	Required               bool
	Problem                string
	// Preview is a Markdown text as the site renders it, when asked for.
	Preview string
	Fields  []Field
	Rows    []Row
}

// Row is one item of a list. From is the index of the item it was in
// the file, "" for one added on the form: what the form does not show
// of it (its translations) stays with it as it moves.
type Row struct {
	From   string
	Fields []Field
}

// ID is the field's element id, made from its name.
func (f Field) ID() string {
	return "f-" + strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(f.Name)
}

// Any reports whether a field or one it holds has a problem.
func (f Field) Any() bool {
	if f.Problem != "" {
		return true
	}
	for _, g := range f.Fields {
		if g.Any() {
			return true
		}
	}
	for _, r := range f.Rows {
		for _, g := range r.Fields {
			if g.Any() {
				return true
			}
		}
	}
	return false
}

// fieldHint is what a field says of how to write it, "" for nothing.
func fieldHint(p Page, f Field) string {
	switch {
	case f.Key == "lat":
		return p.T.T("admin.city.latHint")
	case f.Key == "lon":
		return p.T.T("admin.city.lonHint")
	}
	switch f.Kind {
	case "country":
		return p.T.T("admin.city.countryHint")
	case "markdown":
		return p.T.T("admin.form.markdownHint")
	case "date":
		return p.T.T("admin.form.dateHint")
	case "url":
		return p.T.T("admin.form.urlHint")
	case "email":
		return p.T.T("admin.form.emailHint")
	}
	return ""
}

// inputType is the type of a field's input: a date only when its value
// is a day, so that a time of day written in the file shows.
func inputType(f Field) string {
	switch {
	case f.Kind == "date" && (f.Value == "" || len(f.Value) == len("2006-01-02")):
		return "date"
	case f.Kind == "url", f.Kind == "email":
		return f.Kind
	}
	return "text"
}

// describedBy says which elements describe a field: its problem, then
// its hint.
func describedBy(f Field, hint string) templ.Attributes {
	var by []string
	if f.Problem != "" {
		by = append(by, f.ID()+"-problem")
	}
	if hint != "" {
		by = append(by, f.ID()+"-hint")
	}
	if len(by) == 0 {
		return templ.Attributes{}
	}
	return templ.Attributes{"aria-describedby": strings.Join(by, " ")}
}

// inputAttrs are an input's attributes that depend on its kind: what
// describes it, how long it may be, the keyboard a phone shows.
func inputAttrs(f Field, hint string) templ.Attributes {
	a := describedBy(f, hint)
	switch f.Kind {
	case "number":
		a["inputmode"] = "decimal"
	case "country":
		a["maxlength"] = "60"
		a["autocapitalize"] = "characters"
	case "date":
	default:
		a["maxlength"] = "2000"
		a["spellcheck"] = strconv.FormatBool(f.Kind == "text")
	}
	return a
}

// fieldLabel is the label of a key of the data file.
func fieldLabel(p Page, key string) string { return p.T.T(FieldLabelID(key)) }

// FieldLabelID is the message that labels a key of the data file.
func FieldLabelID(key string) string { return "admin.field." + key + "_label" }

package data

import (
	"reflect"
	"strings"
	"time"
)

// FormField describes one key of a table of the data file for a form,
// from the Go type of the table: the key in its toml tag, the kind of
// value in its type and field:"required" where validation requires the
// key (TestRequiredFieldsAreValidations keeps the two in step).
type FormField struct {
	Key string
	// Kind is how the value is typed: "text", "url", "email", "country",
	// "city" (a slug of the network's cities), "date", "number",
	// "markdown"; or "group" (a table, of Fields), "texts" (a list of
	// texts) or "rows" (a list of tables, each of Fields).
	Kind     string
	Required bool
	Index    int // of the struct field
	Fields   []FormField
}

// apart are the keys that forms of their own edit: slugs name pages,
// and translations and the language have the translation pages.
var apart = map[string]bool{"slug": true, "language": true, "translations": true}

// textKinds are the kinds of the texts that are more than text.
var textKinds = map[string]string{"website": "url", "url": "url", "email": "email", "country": "country", "city": "city"}

// FormFields describes the keys of a table's type t for a form, in the
// type's order; the cities and partners of a network, tables of their
// own, are not among the network's.
func FormFields(t reflect.Type) []FormField {
	var out []FormField
	for i := range t.NumField() {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if !f.IsExported() || key == "" || key == "-" || apart[key] {
			continue
		}
		ff := FormField{Key: key, Index: i, Required: f.Tag.Get("field") == "required"}
		ft := f.Type
		switch {
		case ft == reflect.TypeFor[Markdown]():
			ff.Kind = "markdown"
		case ft == reflect.TypeFor[time.Time]():
			ff.Kind = "date"
		case ft.Kind() == reflect.Float64:
			ff.Kind = "number"
		case ft.Kind() == reflect.String:
			ff.Kind = textKinds[key]
			if ff.Kind == "" {
				ff.Kind = "text"
			}
		case ft.Kind() == reflect.Struct:
			ff.Kind, ff.Fields = "group", FormFields(ft)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
			ff.Kind = "texts"
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			ff.Kind, ff.Fields = "rows", FormFields(ft.Elem())
		default:
			panic("data: no form field for " + t.String() + "." + f.Name)
		}
		out = append(out, ff)
	}
	return out
}

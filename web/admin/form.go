package admin

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/messages"
)

// Forms made from the data file's description of its fields
// (data.FormFields). A field is posted under its field path, the path
// its problems carry, so each problem finds its field.

// The forms' tables.
var (
	networkSpecs = data.FormFields(reflect.TypeFor[data.Network]())
	citySpecs    = data.FormFields(reflect.TypeFor[data.City]())
)

// maxFormRows is the most items a list of a form is read with.
const maxFormRows = 1000

// values are a form's fields as posted: by name, with "count:NAME" for
// the items of a list and "from:NAME[i]" for where an item was.
type values func(name string) string

// encode writes the table v as a form would post it.
func encode(prefix string, specs []data.FormField, v reflect.Value, into map[string]string) {
	for _, s := range specs {
		name, fv := prefix+"."+s.Key, v.Field(s.Index)
		switch s.Kind {
		case "group":
			encode(name, s.Fields, fv, into)
		case "texts", "rows":
			into["count:"+name] = strconv.Itoa(fv.Len())
			for i := range fv.Len() {
				item := name + "[" + strconv.Itoa(i) + "]"
				into["from:"+item] = strconv.Itoa(i)
				if s.Kind == "texts" {
					into[item] = fv.Index(i).String()
				} else {
					encode(item, s.Fields, fv.Index(i), into)
				}
			}
		default:
			into[name] = formatValue(fv, s.Kind)
		}
	}
}

func formatValue(v reflect.Value, kind string) string {
	switch kind {
	case "date":
		t := v.Interface().(time.Time)
		switch {
		case t.IsZero():
			return ""
		case t.Location() == time.Local && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
			return t.Format(time.DateOnly)
		}
		return t.Format(time.RFC3339Nano)
	case "number":
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	}
	return v.String()
}

// build lays out the fields of specs from what a form posted.
func build(prefix string, specs []data.FormField, get values) []view.Field {
	out := make([]view.Field, 0, len(specs))
	for _, s := range specs {
		f := view.Field{Key: s.Key, Name: prefix + "." + s.Key, Kind: s.Kind, Required: s.Required}
		switch s.Kind {
		case "group":
			f.Fields = build(f.Name, s.Fields, get)
		case "texts", "rows":
			n, _ := strconv.Atoi(get("count:" + f.Name))
			for i := range min(max(n, 0), maxFormRows) {
				item := f.Name + "[" + strconv.Itoa(i) + "]"
				r := view.Row{From: get("from:" + item)}
				if s.Kind == "texts" {
					r.Fields = []view.Field{{Name: item, Kind: "text", Value: oneLine(get(item))}}
				} else {
					r.Fields = build(item, s.Fields, get)
				}
				f.Rows = append(f.Rows, r)
			}
		case "markdown":
			f.Value = strings.ReplaceAll(get(f.Name), "\r\n", "\n")
		default:
			f.Value = oneLine(get(f.Name))
		}
		out = append(out, f)
	}
	return out
}

// rename names the fields again after their items moved.
func rename(fields []view.Field, prefix string) {
	for i := range fields {
		f := &fields[i]
		if f.Key != "" {
			f.Name = prefix + "." + f.Key
		}
		rename(f.Fields, f.Name)
		for j := range f.Rows {
			item := f.Name + "[" + strconv.Itoa(j) + "]"
			if f.Kind == "texts" {
				f.Rows[j].Fields[0].Name = item
			} else {
				rename(f.Rows[j].Fields, item)
			}
		}
	}
}

// find is the field named name among fields, or nil.
func find(fields []view.Field, name string) *view.Field {
	for i := range fields {
		f := &fields[i]
		if f.Name == name {
			return f
		}
		if g := find(f.Fields, name); g != nil {
			return g
		}
		for _, r := range f.Rows {
			if g := find(r.Fields, name); g != nil {
				return g
			}
		}
	}
	return nil
}

// rearrangeFields applies a row button (act) to the lists of fields:
// "add:NAME", "remove:NAME[i]", "up:NAME[i]", "down:NAME[i]". It reports
// whether act was one.
func rearrangeFields(fields []view.Field, prefix string, specs []data.FormField, act string) bool {
	what, name, ok := strings.Cut(act, ":")
	if !ok {
		return false
	}
	i := -1
	if what != "add" {
		open := strings.LastIndexByte(name, '[')
		if open < 0 || !strings.HasSuffix(name, "]") {
			return false
		}
		var err error
		if i, err = strconv.Atoi(name[open+1 : len(name)-1]); err != nil {
			return false
		}
		name = name[:open]
	}
	list := find(fields, name)
	if list == nil || (list.Kind != "texts" && list.Kind != "rows") || (what != "add" && (i < 0 || i >= len(list.Rows))) {
		return false
	}
	switch what {
	case "add":
		r := view.Row{Fields: []view.Field{{Kind: "text"}}}
		if list.Kind == "rows" {
			r.Fields = build(name+"[new]", specOf(specs, prefix, name).Fields, func(string) string { return "" })
		}
		list.Rows = append(list.Rows, r)
	case "remove":
		list.Rows = slices.Delete(list.Rows, i, i+1)
	case "up":
		if i > 0 {
			list.Rows[i-1], list.Rows[i] = list.Rows[i], list.Rows[i-1]
		}
	case "down":
		if i < len(list.Rows)-1 {
			list.Rows[i], list.Rows[i+1] = list.Rows[i+1], list.Rows[i]
		}
	default:
		return false
	}
	rename(fields, prefix)
	return true
}

// specOf is the description of the list named name, whose items have no index
// in their specs' keys.
func specOf(specs []data.FormField, prefix, name string) data.FormField {
	rest := strings.TrimPrefix(name, prefix+".")
	var s data.FormField
	for part := range strings.SplitSeq(rest, ".") {
		part, _, _ = strings.Cut(part, "[")
		for _, c := range specs {
			if c.Key == part {
				s, specs = c, c.Fields
				break
			}
		}
	}
	return s
}

// apply writes the fields into v, a copy of the table they were shown
// from (was), items moved with what the form does not show of them. A
// value that cannot be read, or a required one left empty, gets its
// problem, and apply reports false.
func apply(t messages.Messages, fields []view.Field, specs []data.FormField, v, was reflect.Value) bool {
	ok := true
	for i, s := range specs {
		f, fv := &fields[i], v.Field(s.Index)
		switch s.Kind {
		case "group":
			ok = apply(t, f.Fields, s.Fields, fv, was.Field(s.Index)) && ok
		case "texts", "rows":
			old := was.Field(s.Index)
			items := reflect.MakeSlice(fv.Type(), 0, len(f.Rows))
			for _, r := range f.Rows {
				item := reflect.New(fv.Type().Elem()).Elem()
				if j, err := strconv.Atoi(r.From); err == nil && j >= 0 && j < old.Len() {
					item.Set(old.Index(j))
				}
				if s.Kind == "texts" {
					if r.Fields[0].Value == "" {
						continue // an empty item is left out
					}
					item.SetString(r.Fields[0].Value)
				} else {
					was := reflect.New(item.Type()).Elem()
					was.Set(item)
					ok = apply(t, r.Fields, s.Fields, item, was) && ok
				}
				items = reflect.Append(items, item)
			}
			fv.Set(items)
		default:
			ok = setValue(t, f, s, fv) && ok
		}
	}
	return ok
}

// setValue reads one field's value into fv.
func setValue(t messages.Messages, f *view.Field, s data.FormField, fv reflect.Value) bool {
	if f.Value == "" && s.Required {
		f.Problem = t.T("admin.city.required")
		return false
	}
	switch s.Kind {
	case "date":
		if f.Value == "" {
			fv.Set(reflect.ValueOf(time.Time{}))
			return true
		}
		if formatValue(fv, "date") == f.Value {
			return true // as it was, to the nanosecond and zone
		}
		d, err := time.ParseInLocation(time.DateOnly, f.Value, time.Local)
		if err != nil {
			f.Problem = t.T("admin.form.badDate")
			return false
		}
		fv.Set(reflect.ValueOf(d))
	case "number":
		x, err := strconv.ParseFloat(strings.Replace(f.Value, ",", ".", 1), 64)
		if err != nil {
			f.Problem = t.T("admin.city.badNumber")
			return false
		}
		fv.SetFloat(x)
	default:
		fv.SetString(f.Value)
	}
	return true
}

// placeProblems puts each error validation finds under prefix beside its
// field; those no field has are returned. Problems elsewhere in the
// file (a city left without partners) stay for the draft to show, as
// any draft's do, and are not counted.
func placeProblems(t messages.Messages, fields []view.Field, prefix string, all data.Problems) (rest []string, any bool) {
	for _, p := range all {
		if p.Warning || (p.Path != prefix && !strings.HasPrefix(p.Path, prefix+".") && !strings.HasPrefix(p.Path, prefix+"[")) {
			continue
		}
		any = true
		if f := find(fields, p.Path); f != nil && f.Kind != "group" && f.Kind != "texts" && f.Kind != "rows" {
			if f.Problem == "" {
				f.Problem = problemText(t, p)
			}
			continue
		}
		rest = append(rest, problemText(t, p))
	}
	return rest, any
}

// previews renders the Markdown fields as the site would, or gives the
// problem that keeps one from it.
func previews(fields []view.Field) {
	for i := range fields {
		f := &fields[i]
		if f.Kind == "markdown" && f.Value != "" {
			html, problem := data.Preview(data.Markdown(f.Value))
			f.Preview = html
			if f.Problem == "" {
				f.Problem = problem
			}
		}
		previews(f.Fields)
		for _, r := range f.Rows {
			previews(r.Fields)
		}
	}
}

// differences are the fields whose values in now differ from the form's
// as typed, each as "label: value", for a writer whose draft changed
// since the form was shown.
func differences(t messages.Messages, typed, now []view.Field) []string {
	var out []string
	var walk func(fields []view.Field, label string)
	walk = func(fields []view.Field, label string) {
		for _, f := range fields {
			l := label
			if f.Key != "" {
				l = strings.TrimPrefix(label+" › "+t.T(view.FieldLabelID(f.Key)), " › ")
			}
			switch f.Kind {
			case "group":
				walk(f.Fields, l)
			case "texts", "rows":
				for i, r := range f.Rows {
					walk(r.Fields, l+" "+strconv.Itoa(i+1))
				}
			default:
				if g := find(typed, f.Name); g == nil || g.Value != f.Value {
					out = append(out, l+": "+f.Value)
				}
			}
		}
	}
	walk(now, "")
	return out
}

// problemText says a problem validation found in the reader's language
// where its rule has words there, in the file's terms otherwise.
func problemText(t messages.Messages, p data.Problem) string {
	switch p.Rule {
	case "required":
		return t.T("admin.city.required")
	case "latRange":
		return t.T("admin.city.latRange")
	case "lonRange":
		return t.T("admin.city.lonRange")
	case "link":
		return t.T("admin.problem.link")
	case "email":
		return t.T("admin.problem.email")
	case "country":
		if p.Suggestion != "" {
			return t.T("admin.problem.countryLike", "Suggestion", p.Suggestion)
		}
		return t.T("admin.problem.country")
	case "dates":
		return t.T("admin.problem.dates")
	case "tooLong":
		return t.N("admin.problem.tooLong", p.Limit)
	case "markdownLimit":
		return t.T("admin.problem.markdownLimit")
	case "markdownLink":
		return t.T("admin.problem.markdownLink")
	}
	return p.Message
}

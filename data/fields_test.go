package data_test

import (
	"reflect"
	"strings"
	"testing"

	"partnermap/data"
)

// everyKey is a network with one of each table and every key a form
// edits, each on a line of its own.
const everyKey = `[network]
slug = "every"
name = "Every"
full_name = "Every key"
programme = "URBACT II"
fund = "ERDF"
start = 2008-09-01
end = 2011-08-31
website = "https://example.org/"
summary = "What it is."
objectives = ["One"]
activities = ["Two"]

[network.contact]
name = "CESIE"
email = "info@example.org"
address = "Via Roma 1, Palermo"
website = "https://example.org/contact"

[[network.results]]
title = "Plan"
description = "A plan."
city = "lisboa"
url = "https://example.org/plan"

[[cities]]
slug = "lisboa"
name = "Lisbon"
local_name = "Lisboa"
country = "PT"
lat = 38.7223
lon = -9.1393
focus_area = "Housing"
description = "By the river."

[[cities.links]]
title = "Plan"
url = "https://example.org/lisboa"

[[cities.meetings]]
start = 2010-11-25
end = 2010-11-26
topic = "Kick-off"

[[partners]]
slug = "city-of-lisbon"
name = "City of Lisbon"
kind = "city"
role = "coordinator"
city = "lisboa"
website = "https://example.org/cml"
`

// tableTypes are the Go types of everyKey's tables.
var tableTypes = map[string]reflect.Type{
	"network":         reflect.TypeFor[data.Network](),
	"network.contact": reflect.TypeFor[data.Contact](),
	"network.results": reflect.TypeFor[data.Result](),
	"cities":          reflect.TypeFor[data.City](),
	"cities.links":    reflect.TypeFor[data.Link](),
	"cities.meetings": reflect.TypeFor[data.Meeting](),
	"partners":        reflect.TypeFor[data.Partner](),
}

// fieldPaths are the field paths of everyKey's tables; a slug left out
// leaves its city or partner named by its index.
func fieldPath(table, key string) string {
	named := map[string]string{
		"network": "network", "network.contact": "network.contact", "network.results": "network.results[0]",
		"cities": "cities.lisboa", "cities.links": "cities.lisboa.links[0]", "cities.meetings": "cities.lisboa.meetings[0]",
		"partners": "partners.city-of-lisbon",
	}[table]
	if key == "slug" {
		named = map[string]string{"cities": "cities[0]", "partners": "partners[0]"}[table]
		if named == "" {
			named = table
		}
	}
	return named + "." + key
}

// The data types' field:"required" tags, which mark the fields a form
// requires, say what validation requires: leaving out a key so tagged is
// reported missing at its field, and leaving out any other key is not.
func TestRequiredFieldsAreValidations(t *testing.T) {
	if _, _, err := data.ParseChecked("every.toml", []byte(everyKey)); err != nil {
		t.Fatal(err)
	}
	table, tried := "", 0
	lines := strings.Split(everyKey, "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "[") {
			table = strings.Trim(line, "[]")
			continue
		}
		key, _, ok := strings.Cut(line, " = ")
		if !ok {
			continue
		}
		f, found := tableTypes[table].FieldByNameFunc(func(name string) bool {
			sf, _ := tableTypes[table].FieldByName(name)
			return strings.Split(sf.Tag.Get("toml"), ",")[0] == key
		})
		if !found {
			t.Fatalf("%s has no key %s", tableTypes[table], key)
		}
		required := f.Tag.Get("field") == "required"
		without := strings.Join(append(append([]string{}, lines[:i]...), lines[i+1:]...), "\n")
		_, _, err := data.ParseChecked("every.toml", []byte(without))
		path := fieldPath(table, key)
		missing := false
		if ps, ok := err.(data.Problems); ok {
			for _, p := range ps {
				missing = missing || (p.Path == path && strings.HasPrefix(p.Message, "missing"))
			}
		}
		if missing != required {
			t.Errorf("%s: required %v, but without it validation says: %v", path, required, err)
		}
		tried++
	}
	if want := countKeys(); tried != want {
		t.Errorf("tried %d keys, the types have %d", tried, want)
	}
}

// countKeys counts the keys of the tables' types that everyKey must
// have: all but translations, language and the tables written apart.
func countKeys() int {
	n := 0
	for _, typ := range tableTypes {
		for i := range typ.NumField() {
			f := typ.Field(i)
			key := strings.Split(f.Tag.Get("toml"), ",")[0]
			switch {
			case !f.IsExported(), key == "", key == "-", key == "translations", key == "language":
			case f.Type.Kind() == reflect.Struct && f.Type.Name() != "Time", f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			default:
				n++
			}
		}
	}
	return n
}

// The problems a form says in the reader's language name the rule they
// break, with what a form needs to say it.
func TestProblemsNameTheirRule(t *testing.T) {
	long := strings.Repeat("x", 2000)
	broken := strings.NewReplacer(
		`name = "Every"`, `name = "`+long+`"`,
		`end = 2011-08-31`, `end = 2001-08-31`,
		`website = "https://example.org/"`, `website = "javascript:alert(1)"`,
		`summary = "What it is."`, `summary = "[a](javascript:alert(1))"`,
		`email = "info@example.org"`, `email = "info"`,
		`country = "PT"`, `country = "pt"`,
		`lat = 38.7223`, `lat = 95`,
		`title = "Plan"`+"\n"+`description = "A plan."`, `title = ""`+"\n"+`description = "A plan."`,
	).Replace(everyKey)
	_, _, err := data.ParseChecked("every.toml", []byte(broken))
	ps, ok := err.(data.Problems)
	if !ok {
		t.Fatalf("no problems: %v", err)
	}
	got := map[string]data.Problem{}
	for _, p := range ps {
		got[p.Path] = p
	}
	for path, want := range map[string]data.Problem{
		"network.name":             {Rule: "tooLong", Limit: 200},
		"network.end":              {Rule: "dates"},
		"network.website":          {Rule: "link"},
		"network.summary":          {Rule: "markdownLink"},
		"network.contact.email":    {Rule: "email"},
		"cities.lisboa.country":    {Rule: "country", Suggestion: "PT"},
		"cities.lisboa.lat":        {Rule: "latRange"},
		"network.results[0].title": {Rule: "required"},
	} {
		p := got[path]
		if p.Rule != want.Rule || p.Limit != want.Limit && want.Limit != 0 || p.Suggestion != want.Suggestion {
			t.Errorf("%s: %q %d %q (%s), want %q %d %q", path, p.Rule, p.Limit, p.Suggestion, p.Message, want.Rule, want.Limit, want.Suggestion)
		}
	}
}

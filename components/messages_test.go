package components

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/data/messages"
)

// Every message the templates and the site ask for is in English, asked
// for with the placeholders it has, as a count (N, Forms) exactly when it
// counts; and every message of English is asked for. The calls are read
// from the Go sources, the templates' generated code among them.
func TestMessagesInUse(t *testing.T) {
	en := in(t, "en")
	placeholder := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	placeholders := func(id string) []string {
		set := map[string]bool{}
		for _, form := range en.Forms(id) {
			for _, m := range placeholder.FindAllStringSubmatch(form, -1) {
				set[m[1]] = true
			}
		}
		return slices.Sorted(maps.Keys(set))
	}
	// Messages whose ids are made from data: "kind." + partner.Kind.
	used := map[string]bool{}
	for _, k := range []data.Kind{data.KindCity, data.KindOrganisation} {
		used["kind."+string(k)] = true
	}
	for _, r := range []data.Role{data.RoleCoordinator, data.RolePartner} {
		used["role."+string(r)] = true
	}
	for m := 1; m <= 12; m++ {
		used["month."+strconv.Itoa(m)] = true
	}
	for _, key := range embedKeys() {
		used["builder."+key] = true // the builder's box for each embed option
	}
	for _, r := range []string{"editor", "maintainer", "admin"} {
		used["admin.role."+r] = true // account.Role
	}
	for _, s := range []string{"draft", "submitted", "returned", "conflict", "published"} {
		used["admin.status."+s] = true // admin.Status
	}
	for _, a := range []string{"added", "changed", "removed"} {
		used["admin.action."+a] = true // store.Action
	}
	// The translation page names each translatable field by its key.
	for _, v := range []any{data.NetworkText{}, data.ResultText{}, data.CityText{}} {
		for f := range reflect.TypeOf(v).Fields() {
			used["admin.translate.field."+f.Tag.Get("toml")+"_text"] = true
		}
	}
	// The forms label each key of the file, and each list's items and
	// button, by its key.
	var label func(fields []data.FormField)
	label = func(fields []data.FormField) {
		for _, f := range fields {
			used["admin.field."+f.Key+"_label"] = true
			if f.Kind == "texts" || f.Kind == "rows" {
				used["admin.field.item."+f.Key], used["admin.field.add."+f.Key] = true, true
			}
			label(f.Fields)
		}
	}
	label(data.FormFields(reflect.TypeFor[data.Network]()))
	label(data.FormFields(reflect.TypeFor[data.City]()))
	// The import's messages are said in data/spreadsheet, whose own test
	// meets every one of them.
	for _, id := range en.IDs() {
		if strings.HasPrefix(id, "import.") {
			used[id] = true
		}
	}
	var sources []string
	for _, pattern := range []string{"*.go", "admin/*.go", "../web/*.go", "../web/admin/*.go", "../data/messages/*.go"} {
		found, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, found...)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, name := range sources {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !slices.Contains([]string{"T", "N", "Text", "Forms"}, sel.Sel.Name) {
				return true
			}
			id, ok := literal(call.Args[0])
			if !ok {
				return true // an id made from data, listed above
			}
			calls++
			at := fset.Position(call.Pos())
			used[id] = true
			if !slices.Contains(en.IDs(), id) {
				t.Errorf("%s: %q is not in data/messages/en.toml", at, id)
				return true
			}
			counts := sel.Sel.Name == "N" || sel.Sel.Name == "Forms"
			if plural := len(en.Forms(id)) > 1; plural != counts {
				t.Errorf("%s: %s(%q), but the message counts: %v", at, sel.Sel.Name, id, plural)
			}
			if sel.Sel.Name == "Text" || sel.Sel.Name == "Forms" {
				return true // the map script fills these
			}
			names := map[string]bool{}
			first := 1
			if counts {
				first = 2
				names["Count"] = true
			}
			for i := first; i < len(call.Args); i += 2 {
				name, ok := literal(call.Args[i])
				if !ok {
					t.Errorf("%s: %q: name each placeholder with a string literal", at, id)
				}
				names[name] = true
			}
			// N fills {{.Count}} whether or not the message writes it.
			want := placeholders(id)
			if counts && !slices.Contains(want, "Count") {
				want = slices.Sorted(slices.Values(append(want, "Count")))
			}
			if got := slices.Sorted(maps.Keys(names)); !slices.Equal(got, want) {
				t.Errorf("%s: %q is given %v, its placeholders are %v", at, id, got, want)
			}
			return true
		})
	}
	if calls < 50 {
		t.Fatalf("found %d calls: the sources were not read", calls)
	}
	for _, id := range en.IDs() {
		if !used[id] {
			t.Errorf("%q is in data/messages/en.toml but never used", id)
		}
	}
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// in is the interface text in a language, from the message files.
func in(t testing.TB, tag string) messages.Messages {
	t.Helper()
	set, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := set.In(tag)
	if !ok {
		t.Fatalf("no messages in %q", tag)
	}
	return m
}

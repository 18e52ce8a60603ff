package messages

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Problem is a place where a message file is not what the site needs.
type Problem struct {
	File    string // the file's name, such as pl.toml
	Line    int
	Message string // what is wrong and what to write instead
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message) }

type problemsError struct {
	problems []Problem
	dir      string
}

func (e problemsError) Error() string {
	lines := make([]string, len(e.problems))
	for i, p := range e.problems {
		lines[i] = e.dir + p.String()
	}
	return "message files:\n" + strings.Join(lines, "\n")
}

// Check reads the message files at the top of fsys and compares each with
// English: a message missing or extra, a placeholder English does not
// have or one it lacks, a plural form the language needs but lacks or
// does not have, and anything go-i18n would read otherwise. Problems come
// in the order of files and lines.
func Check(fsys fs.FS) []Problem {
	_, problems := check(fsys)
	return problems
}

// entry is one message as written in a file.
type entry struct {
	id     string
	line   int               // where the message, or its table, is written
	forms  map[string]string // by plural category; plain text is "other" alone
	lines  map[string]int    // where each form is written
	plural bool              // written as a table of plural forms
	// placeholders are those of all its forms, in English: every
	// translation of the message fills the same.
	placeholders map[string]bool
}

// i18n is the message for go-i18n's bundle.
func (e *entry) i18n() *i18n.Message {
	return &i18n.Message{ID: e.id, Zero: e.forms["zero"], One: e.forms["one"], Two: e.forms["two"],
		Few: e.forms["few"], Many: e.forms["many"], Other: e.forms["other"]}
}

// file is one message file as written.
type file struct {
	name     string
	tag      string
	messages map[string]*entry
	at       map[string]int // the line of each key and table, by path
	end      int            // its last line
	forms    map[string][]string
}

// categories are CLDR's plural categories, in CLDR's order.
var categories = []string{"zero", "one", "two", "few", "many", "other"}

// reserved are the other keys go-i18n reads as part of a message.
var reserved = []string{"id", "description", "hash", "leftdelim", "rightdelim", "translation"}

// isTag reports whether s is what addresses take as a language, two
// lowercase letters: /it/cities/palermo.
func isTag(s string) bool {
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
}

func check(fsys fs.FS) (map[string]*file, []Problem) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, []Problem{{".", 0, err.Error()}}
	}
	files := map[string]*file{}
	probe := i18n.NewBundle(language.English)
	var problems []Problem
	report := func(f *file, line int, format string, args ...any) {
		problems = append(problems, Problem{f.name, line, fmt.Sprintf(format, args...)})
	}
	for _, name := range names {
		f := &file{name: name, tag: strings.TrimSuffix(name, ".toml")}
		if !isTag(f.tag) {
			report(f, 1, "%q is not a language's two-letter tag: %s", f.tag, renameTo(f.tag))
			continue
		}
		tag, err := language.ParseBase(f.tag)
		if err != nil {
			report(f, 1, "%q is not a language's tag: name the file by the language's ISO 639-1 code, such as pt.toml", f.tag)
			continue
		}
		if f.forms = pluralForms(probe, language.Make(tag.String())); f.forms == nil {
			report(f, 1, "go-i18n knows no plural rule for %q: the site cannot count in it", f.tag)
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			report(f, 1, "%v", err)
			continue
		}
		before := len(problems)
		read(f, src, func(line int, format string, args ...any) { report(f, line, format, args...) })
		if len(problems) == before {
			files[f.tag] = f
		}
	}
	en := files[Default]
	if en == nil {
		if !slices.Contains(names, Default+".toml") {
			problems = append(problems, Problem{Default + ".toml", 1, "the English file is missing: every other file is checked against it"})
		}
		return nil, sortProblems(problems)
	}
	for _, e := range en.messages {
		e.placeholders = map[string]bool{}
		for _, text := range e.forms {
			used, _ := placeholdersOf(text)
			for _, p := range used {
				e.placeholders[p] = true
			}
		}
	}
	for _, f := range files {
		compare(f, en, func(line int, format string, args ...any) { report(f, line, format, args...) })
	}
	return files, sortProblems(problems)
}

func sortProblems(problems []Problem) []Problem {
	slices.SortStableFunc(problems, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return problems
}

// read parses a file into its messages as go-i18n reads them: a table
// whose keys are plural categories is a message that counts, any other
// table holds messages, and a key with text is a message of its own.
func read(f *file, src []byte, report func(line int, format string, args ...any)) {
	f.end = 1 + strings.Count(strings.TrimSuffix(string(src), "\n"), "\n")
	var doc map[string]any
	if err := toml.Unmarshal(src, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			report(line, "TOML syntax: %s", strings.TrimPrefix(de.Error(), "toml: "))
		} else {
			report(1, "TOML syntax: %v", err)
		}
		return
	}
	f.at = lines(src)
	f.messages = map[string]*entry{}
	var walk func(table map[string]any, prefix string)
	walk = func(table map[string]any, prefix string) {
		for _, key := range slices.Sorted(maps.Keys(table)) {
			path := join(prefix, key)
			line := f.at[path]
			switch v := table[key].(type) {
			case string:
				if slices.Contains(categories, key) && prefix != "" {
					e := f.messages[prefix]
					if e == nil {
						e = &entry{id: prefix, line: f.at[prefix], forms: map[string]string{}, lines: map[string]int{}, plural: true}
						f.messages[prefix] = e
					}
					e.forms[key], e.lines[key] = v, line
					continue
				}
				if slices.Contains(categories, key) || slices.Contains(reserved, strings.ToLower(key)) {
					report(line, "%q is a word go-i18n reads as part of a message, not a message: put plural forms under their message's [table], and notes to translators in # comments", key)
					continue
				}
				f.messages[path] = &entry{id: path, line: line, forms: map[string]string{"other": v}, lines: map[string]int{"other": line}}
			case map[string]any:
				walk(v, path)
			default:
				report(line, "%s = %v is not text: write the message in quotes", key, v)
			}
		}
	}
	walk(doc, "")
	for id, e := range f.messages {
		if !e.plural {
			continue
		}
		for other := range f.messages {
			if strings.HasPrefix(other, id+".") {
				report(f.messages[other].line, "%q is inside %q, which is a message that counts: a table holds either plural forms or messages", other, id)
			}
		}
		for form, text := range e.forms {
			if text == "" {
				report(e.lines[form], "%s %s is empty: write the text", id, form)
			}
		}
	}
	for id, e := range f.messages {
		if !e.plural && e.forms["other"] == "" {
			report(e.line, "%q is empty: write the text", id)
		}
	}
}

// lines finds the line of every key and table header in a document that
// decoded without error.
func lines(src []byte) map[string]int {
	at := map[string]int{}
	starts := []int{0} // the offset each line starts at
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	var p unstable.Parser
	p.Reset(src)
	line := func(n *unstable.Node) int {
		l, _ := slices.BinarySearch(starts, int(n.Raw.Offset)+1)
		return l
	}
	var keyValue func(table string, kv *unstable.Node)
	keyValue = func(table string, kv *unstable.Node) {
		path := table
		for key := kv.Key(); key.Next(); {
			path = join(path, string(key.Node().Data))
			if _, ok := at[path]; !ok {
				at[path] = line(key.Node())
			}
		}
		if v := kv.Value(); v.Kind == unstable.InlineTable {
			for children := v.Children(); children.Next(); {
				if c := children.Node(); c.Kind == unstable.KeyValue {
					keyValue(path, c)
				}
			}
		}
	}
	var table string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = ""
			for key := e.Key(); key.Next(); {
				table = join(table, string(key.Node().Data))
				if _, ok := at[table]; !ok {
					at[table] = line(key.Node())
				}
			}
		case unstable.KeyValue:
			keyValue(table, e)
		}
	}
	return at
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// compare checks a file against English, and English against itself:
// the same messages, the same placeholders in each of their forms, and
// the plural forms of the file's language.
func compare(f, en *file, report func(line int, format string, args ...any)) {
	name := languageName(f.tag)
	for _, id := range slices.Sorted(maps.Keys(en.messages)) {
		want := en.messages[id]
		e, ok := f.messages[id]
		if !ok {
			report(f.missingAt(id), "%q is missing: translate %s:%d, %q", id, en.name, want.line, want.forms["other"])
			continue
		}
		switch {
		case want.plural && !e.plural:
			report(e.line, "%q counts something: write it as a table [%s] of the plural forms %s uses, %s", id, id, name, formList(f.forms))
			continue
		case !want.plural && e.plural:
			report(e.line, "%q counts nothing in %s: write it as plain text, %s = \"...\"", id, en.name, lastKey(id))
			continue
		}
		placeholders := want.placeholders
		for _, form := range categories {
			text, ok := e.forms[form]
			if !ok {
				continue
			}
			line := e.lines[form]
			used, err := placeholdersOf(text)
			if err != nil {
				report(line, "%s: %v", describe(e, form), err)
				continue
			}
			for _, p := range used {
				if !placeholders[p] {
					report(line, "%s has {{.%s}}, which %s does not: use only %s", describe(e, form), p, en.name, placeholderList(placeholders))
				}
			}
			for _, p := range slices.Sorted(maps.Keys(placeholders)) {
				// The form for 1 may spell the number out or leave it to
				// the noun: "The only city of the network".
				if !slices.Contains(used, p) && !(p == "Count" && form == "one") {
					report(line, "%s lacks {{.%s}}, which %s has: put it where the sentence needs it", describe(e, form), p, en.name)
				}
			}
		}
		if !e.plural {
			continue
		}
		for _, form := range categories {
			_, has := e.forms[form]
			numbers, needed := f.forms[form]
			switch {
			case needed && !has:
				report(e.line, "%q lacks the %s form, which %s uses for %s: add %s = \"...\"", id, form, name, strings.Join(numbers, ", "), form)
			case has && !needed:
				report(e.lines[form], "%s has no %s form: remove %s from %q (%s uses %s)", name, form, form, id, name, formList(f.forms))
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(f.messages)) {
		if _, ok := en.messages[id]; !ok {
			msg := fmt.Sprintf("%q is not in %s: remove it", id, en.name)
			if near := nearest(id, slices.Collect(maps.Keys(en.messages))); near != "" {
				msg += fmt.Sprintf(", or write %q", near)
			}
			report(f.messages[id].line, "%s", msg)
		}
	}
}

// missingAt is where a missing message belongs: its table, if the file
// has it, or the end of the file.
func (f *file) missingAt(id string) int {
	for {
		i := strings.LastIndexByte(id, '.')
		if i < 0 {
			return f.end
		}
		id = id[:i]
		if line, ok := f.at[id]; ok {
			return line
		}
	}
}

func describe(e *entry, form string) string {
	if e.plural {
		return fmt.Sprintf("%q (%s)", e.id, form)
	}
	return fmt.Sprintf("%q", e.id)
}

func lastKey(id string) string {
	return id[strings.LastIndexByte(id, '.')+1:]
}

// placeholdersOf lists the placeholders a text fills, in order. Only
// plain placeholders may stand in braces: the map script fills the same
// texts by name and knows nothing of templates.
func placeholdersOf(text string) ([]string, error) {
	tree := parse.New("message")
	tree.Mode = parse.SkipFuncCheck
	if _, err := tree.Parse(text, "{{", "}}", map[string]*parse.Tree{}); err != nil {
		return nil, fmt.Errorf("%s: write placeholders as {{.Name}}", strings.TrimPrefix(err.Error(), "template: message:1: "))
	}
	var used []string
	for _, n := range tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
		case *parse.ActionNode:
			if p := n.Pipe; len(p.Decl) == 0 && len(p.Cmds) == 1 && len(p.Cmds[0].Args) == 1 {
				if f, ok := p.Cmds[0].Args[0].(*parse.FieldNode); ok && len(f.Ident) == 1 {
					used = append(used, f.Ident[0])
					continue
				}
			}
			return nil, fmt.Errorf("%s is not a placeholder: write placeholders as {{.Name}}, and nothing else in double braces", n)
		default:
			return nil, fmt.Errorf("%s is not a placeholder: write placeholders as {{.Name}}, and nothing else in double braces", n)
		}
	}
	return used, nil
}

func placeholderList(set map[string]bool) string {
	if len(set) == 0 {
		return "no placeholders"
	}
	var list []string
	for _, p := range slices.Sorted(maps.Keys(set)) {
		list = append(list, "{{."+p+"}}")
	}
	return strings.Join(list, ", ")
}

// formList names the plural categories a language uses, in CLDR's order.
func formList(forms map[string][]string) string {
	var list []string
	for _, c := range categories {
		if _, ok := forms[c]; ok {
			list = append(list, c)
		}
	}
	return strings.Join(list, ", ")
}

// languageName is a language's name in English, for messages.
func languageName(tag string) string {
	if name := display.English.Languages().Name(language.Make(tag)); name != "" {
		return name
	}
	return tag
}

// renameTo says what to name a file whose name is not a tag of two
// lowercase letters: PT.toml, pt-BR.toml and por.toml are pt.toml, as the
// site serves languages, not their regional variants.
func renameTo(s string) string {
	if tag, err := language.Parse(s); err == nil {
		if base, conf := tag.Base(); conf != language.No && isTag(base.String()) {
			return "rename the file " + base.String() + ".toml"
		}
	}
	return "name the file by the language's ISO 639-1 code in lowercase, such as pt.toml"
}

// nearest is the id among ids closest to id, if it is a likely typo.
func nearest(id string, ids []string) string {
	best, bestDistance := "", 3
	for _, candidate := range slices.Sorted(slices.Values(ids)) {
		if d := distance(id, candidate); d < bestDistance {
			best, bestDistance = candidate, d
		}
	}
	return best
}

// distance is the Levenshtein distance between two strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

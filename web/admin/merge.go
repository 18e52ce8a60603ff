package admin

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"partnermap/data"
	"partnermap/data/diff"
)

// A draft begins from a version of its network's data file. When the file
// changed meanwhile (another draft published, a hand edit on disk), the
// draft is merged with it rather than written over it:
//
//  1. by lines, as git merges: when the two changed different lines, both
//     changes are taken, comments and layout with them;
//  2. else by field: when the two changed different fields (a city's
//     name here, its description there, even on lines side by side), the
//     draft's fields are written into the file as it is now by the
//     writer (data.Edit), which keeps what it does not change.
//
// Either way the result is checked: it must differ from the file of now
// only in the draft's fields, and from the draft only in the fields that
// changed meanwhile. Otherwise the two are in conflict, and nothing is
// written.

// Conflict is a field both the draft and the file of now changed, each in
// its own way, with its value in each; a value is "" where it is absent.
type Conflict struct {
	Path                 string
	Base, Draft, Current string
}

// merged is what merging found.
type merged struct {
	// Text is the file to write; nil when there are conflicts.
	Text []byte
	// Conflicts are the fields changed on both sides; a conflict without
	// a path is one of the whole file.
	Conflicts []Conflict
}

// errNoBase is the conflict of a draft whose first version is unknown:
// nothing can be merged against it.
var errNoBase = errors.New("the version the draft began from is not known")

// merge merges a draft (ours) and the data file as it is now (theirs)
// against the version the draft began from (base). name is the file's,
// for the messages of problems.
func merge(name string, base, ours, theirs []byte) merged {
	switch {
	case bytes.Equal(base, theirs):
		return merged{Text: ours}
	case bytes.Equal(ours, theirs), bytes.Equal(base, ours):
		return merged{Text: theirs}
	}
	b, errB := data.Parse(name, base)
	o, errO := data.Parse(name, ours)
	t, errT := data.Parse(name, theirs)
	if errB != nil || errO != nil || errT != nil {
		// A file with problems has no fields to compare: only its lines
		// can be merged, and only as they are.
		if text, ok := mergeLines(base, ours, theirs); ok {
			return merged{Text: text}
		}
		return merged{Conflicts: []Conflict{{}}}
	}
	ourFields, theirFields := data.Changed(b, o), data.Changed(b, t)
	// faithful checks a merge: it differs from theirs only in our fields,
	// and from ours only in theirs.
	faithful := func(text []byte) bool {
		m, err := data.Parse(name, text)
		return err == nil && covered(data.Changed(t, m), ourFields) && covered(data.Changed(o, m), theirFields)
	}
	if text, ok := mergeLines(base, ours, theirs); ok && faithful(text) {
		return merged{Text: text}
	}
	if !sameComments(base, ours) {
		// The draft changed comments, which have no field: merging by
		// field would drop them.
		return merged{Conflicts: []Conflict{{}}}
	}
	tree, conflicts, err := mergeTrees(base, ours, theirs)
	if err != nil {
		return merged{Conflicts: []Conflict{{}}}
	}
	if len(conflicts) > 0 {
		return merged{Conflicts: conflicts}
	}
	encoded, err := toml.Marshal(tree)
	if err != nil {
		return merged{Conflicts: []Conflict{{}}}
	}
	m, err := data.Parse(name, encoded)
	if err != nil {
		return merged{Conflicts: []Conflict{{}}}
	}
	text, err := data.Edit(theirs, m)
	if err != nil || !faithful(text) {
		return merged{Conflicts: []Conflict{{}}}
	}
	return merged{Text: text}
}

// covered reports whether every path of changed is one of fields, or lies
// inside one, or holds one: a city added whole covers its name.
func covered(changed, fields []string) bool {
	for _, c := range changed {
		if !slices.ContainsFunc(fields, func(f string) bool { return within(c, f) || within(f, c) }) {
			return false
		}
	}
	return true
}

// within reports whether the field path p is q or lies inside it:
// cities.palermo.name is within cities.palermo and cities, not within
// cities.pal.
func within(p, q string) bool {
	if !strings.HasPrefix(p, q) {
		return false
	}
	rest := p[len(q):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// sameComments reports whether two files have the same comment lines.
func sameComments(a, b []byte) bool {
	comments := func(src []byte) []string {
		var out []string
		for line := range strings.SplitSeq(string(src), "\n") {
			if l := strings.TrimSpace(line); strings.HasPrefix(l, "#") {
				out = append(out, l)
			}
		}
		return out
	}
	return slices.Equal(comments(a), comments(b))
}

// edit is a change a diff makes to base: lines [start, end) of base
// replaced by lines.
type edit struct {
	start, end int
	lines      [][]byte
}

// mergeLines merges two changes of base by lines, as git merges: it fails
// when they change the same lines, or lines next to each other.
func mergeLines(base, ours, theirs []byte) ([]byte, bool) {
	a, b := edits(base, ours), edits(base, theirs)
	all := append(slices.Clone(a), b...)
	slices.SortStableFunc(all, func(x, y edit) int { return x.start - y.start })
	var kept []edit
	for _, e := range all {
		if n := len(kept); n > 0 {
			last := kept[n-1]
			if e.start == last.start && e.end == last.end && slices.EqualFunc(e.lines, last.lines, bytes.Equal) {
				continue // the same change on both sides
			}
			if e.start <= last.end {
				return nil, false
			}
		}
		kept = append(kept, e)
	}
	lines := splitLines(base)
	var out bytes.Buffer
	at := 0
	for _, e := range kept {
		for _, l := range lines[at:e.start] {
			out.Write(l)
		}
		for _, l := range e.lines {
			out.Write(l)
		}
		at = e.end
	}
	for _, l := range lines[at:] {
		out.Write(l)
	}
	return out.Bytes(), true
}

// edits are the changes from base to other, read from their unified diff
// (package diff), whose comparison stays near linear on long files.
func edits(base, other []byte) []edit {
	u := diff.Unified("a", "b", base, other)
	if u == nil {
		return nil
	}
	rows := strings.SplitAfter(string(u), "\n")
	var out []edit
	var cur *edit
	at := 0
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for i := 0; i < len(rows); i++ {
		row := rows[i]
		if row == "" || strings.HasPrefix(row, "--- ") && i < 2 || strings.HasPrefix(row, "+++ ") && i < 2 {
			continue
		}
		if strings.HasPrefix(row, "@@ ") {
			flush()
			at = hunkStart(row)
			continue
		}
		kind, line := row[0], []byte(row[1:])
		if i+1 < len(rows) && strings.HasPrefix(rows[i+1], `\ `) {
			line = bytes.TrimSuffix(line, []byte("\n")) // no line break at the end of the file
			i++
		}
		switch kind {
		case ' ':
			flush()
			at++
		case '-':
			if cur == nil {
				cur = &edit{start: at, end: at}
			}
			cur.end++
			at++
		case '+':
			if cur == nil {
				cur = &edit{start: at, end: at}
			}
			cur.lines = append(cur.lines, line)
		}
	}
	flush()
	return out
}

// hunkStart is the index in the old file of a hunk's first line, from
// its header: "@@ -3,4 +3,5 @@" starts at index 2; an empty range names
// the line before it, "@@ -3,0 +4 @@" inserts at index 3.
func hunkStart(header string) int {
	old, _, _ := strings.Cut(strings.TrimPrefix(header, "@@ -"), " ")
	start, length, found := strings.Cut(old, ",")
	n, _ := strconv.Atoi(start)
	if found && length == "0" {
		return n
	}
	return n - 1
}

// splitLines splits text after each line break, as package diff does.
func splitLines(text []byte) [][]byte {
	var out [][]byte
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			i = len(text) - 1
		}
		out = append(out, text[:i+1])
		text = text[i+1:]
	}
	return out
}

// absent stands for a key a table does not have, or an item a list does
// not have.
type absent struct{}

// mergeTrees merges three versions of a data file as TOML values without
// their types: tables by key, cities and partners by slug, other lists of
// tables item by item, and any other value whole. It returns the merged
// tree and the fields changed on both sides in different ways.
func mergeTrees(base, ours, theirs []byte) (map[string]any, []Conflict, error) {
	var trees [3]map[string]any
	for i, src := range [][]byte{base, ours, theirs} {
		if err := toml.Unmarshal(src, &trees[i]); err != nil {
			return nil, nil, err
		}
	}
	m := &treeMerge{}
	v := m.value("", trees[0], trees[1], trees[2])
	tree, _ := v.(map[string]any)
	return tree, m.conflicts, nil
}

// treeMerge collects the conflicts of a merge of trees.
type treeMerge struct {
	conflicts []Conflict
}

func (m *treeMerge) conflict(path string, base, ours, theirs any) any {
	m.conflicts = append(m.conflicts, Conflict{Path: path, Base: show(base), Draft: show(ours), Current: show(theirs)})
	return theirs
}

// value merges one value, at path.
func (m *treeMerge) value(path string, base, ours, theirs any) any {
	switch {
	case reflect.DeepEqual(ours, base):
		return theirs
	case reflect.DeepEqual(theirs, base), reflect.DeepEqual(ours, theirs):
		return ours
	}
	bt, okB := base.(map[string]any)
	ot, okO := ours.(map[string]any)
	tt, okT := theirs.(map[string]any)
	if okB && okO && okT {
		return m.table(path, bt, ot, tt)
	}
	bl, okB := tables(base)
	ol, okO := tables(ours)
	tl, okT := tables(theirs)
	if okB && okO && okT {
		if slugs(bl) != nil && slugs(ol) != nil && slugs(tl) != nil {
			return m.bySlug(path, bl, ol, tl)
		}
		if len(bl) == len(ol) && len(ol) == len(tl) {
			out := make([]any, len(bl))
			for i := range bl {
				out[i] = m.value(fmt.Sprintf("%s[%d]", path, i), bl[i], ol[i], tl[i])
			}
			return out
		}
	}
	return m.conflict(path, base, ours, theirs)
}

// table merges a table key by key.
func (m *treeMerge) table(path string, base, ours, theirs map[string]any) map[string]any {
	keys := map[string]bool{}
	for _, t := range []map[string]any{base, ours, theirs} {
		for k := range t {
			keys[k] = true
		}
	}
	out := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		v := m.value(join(path, k), get(base, k), get(ours, k), get(theirs, k))
		if _, gone := v.(absent); !gone {
			out[k] = v
		}
	}
	return out
}

// get is a table's value at a key, or absent.
func get(t map[string]any, k string) any {
	if v, ok := t[k]; ok {
		return v
	}
	return absent{}
}

// join writes a field path's next key as data's field paths do: bare
// when it is a plain word, quoted otherwise.
func join(path, k string) string {
	if !plainKey(k) {
		k = strconv.Quote(k)
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

func plainKey(k string) bool {
	return k != "" && strings.Trim(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == ""
}

// tables is a value as a list of tables, if it is one; absent is an
// empty list.
func tables(v any) ([]map[string]any, bool) {
	if _, ok := v.(absent); ok {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]map[string]any, len(list))
	for i, x := range list {
		if out[i], ok = x.(map[string]any); !ok {
			return nil, false
		}
	}
	return out, true
}

// slugs are the slugs of a list's tables in order, or nil when one has
// none or two share one: then the list's items are told apart by their
// place alone.
func slugs(list []map[string]any) []string {
	out := make([]string, 0, len(list))
	for _, t := range list {
		s, ok := t["slug"].(string)
		if !ok || s == "" || slices.Contains(out, s) {
			return nil
		}
		out = append(out, s)
	}
	return out
}

// bySlug merges a list of tables told apart by their slugs (cities,
// partners): each item as a table, items added on either side are taken,
// items removed on one side go unless the other changed them, and an
// order changed on one side is kept.
func (m *treeMerge) bySlug(path string, base, ours, theirs []map[string]any) any {
	index := func(list []map[string]any) map[string]map[string]any {
		out := map[string]map[string]any{}
		for _, t := range list {
			out[t["slug"].(string)] = t
		}
		return out
	}
	bs, os, ts := slugs(base), slugs(ours), slugs(theirs)
	bi, oi, ti := index(base), index(ours), index(theirs)
	order, ok := mergeOrder(bs, os, ts)
	if !ok {
		m.conflict(path, orderOf(bs), orderOf(os), orderOf(ts))
		order = ts
	}
	var out []any
	for _, slug := range order {
		item := func(ix map[string]map[string]any) any {
			if t, ok := ix[slug]; ok {
				return t
			}
			return absent{}
		}
		v := m.value(path+"."+slug, item(bi), item(oi), item(ti))
		if _, gone := v.(absent); !gone {
			out = append(out, v)
		}
	}
	return out
}

// orderOf shows an order of slugs.
func orderOf(slugs []string) string { return strings.Join(slugs, ", ") }

// mergeOrder is the order of slugs after both sides' changes: the side
// that reordered what it kept gives the order (both doing so is a
// conflict), and each item added on the other side follows the item it
// follows there. Items removed stay in the order, for their tables'
// merge to decide.
func mergeOrder(base, ours, theirs []string) ([]string, bool) {
	reordered := func(side []string) bool {
		var kept []string
		for _, s := range side {
			if slices.Contains(base, s) {
				kept = append(kept, s)
			}
		}
		var was []string
		for _, s := range base {
			if slices.Contains(side, s) {
				was = append(was, s)
			}
		}
		return !slices.Equal(kept, was)
	}
	first, second := theirs, ours
	switch ro, rt := reordered(ours), reordered(theirs); {
	case ro && rt && !slices.Equal(ours, theirs):
		return nil, false
	case ro:
		first, second = ours, theirs
	}
	order := slices.Clone(first)
	// Items the first side removed come back at their place in base, for
	// the merge of their tables to see that they were removed.
	for i, s := range base {
		if !slices.Contains(order, s) {
			order = insertAfter(order, s, base[:i])
		}
	}
	for i, s := range second {
		if !slices.Contains(order, s) {
			order = insertAfter(order, s, second[:i])
		}
	}
	return order, true
}

// insertAfter inserts s into order after the last of before that order
// holds, or first.
func insertAfter(order []string, s string, before []string) []string {
	for j := len(before) - 1; j >= 0; j-- {
		if k := slices.Index(order, before[j]); k >= 0 {
			return slices.Insert(order, k+1, s)
		}
	}
	return slices.Insert(order, 0, s)
}

// show writes a value of a data file as TOML writes it, or "" for absent.
func show(v any) string {
	switch x := v.(type) {
	case absent:
		return ""
	case string:
		return x
	case map[string]any:
		b, err := toml.Marshal(x)
		if err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	b, err := toml.Marshal(map[string]any{"v": v})
	if err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(strings.TrimPrefix(string(b), "v = "))
}

// FieldChange is a field at which two versions of a data file differ,
// with its value in each; a value is "" where it is absent.
type FieldChange struct {
	Path, Before, After string
}

// fieldChanges lists the fields at which two versions of a data file
// differ, as the merge tells fields apart: tables key by key, cities and
// partners by slug, other lists of tables item by item, and any other
// value whole. nil when either does not decode.
func fieldChanges(before, after []byte) []FieldChange {
	var a, b map[string]any
	if toml.Unmarshal(before, &a) != nil || toml.Unmarshal(after, &b) != nil {
		return nil
	}
	var out []FieldChange
	diffTrees("", a, b, &out)
	return out
}

func diffTrees(path string, a, b any, out *[]FieldChange) {
	if reflect.DeepEqual(a, b) {
		return
	}
	am, okA := a.(map[string]any)
	bm, okB := b.(map[string]any)
	if okA && okB {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			diffTrees(join(path, k), get(am, k), get(bm, k), out)
		}
		return
	}
	al, okA := tables(a)
	bl, okB := tables(b)
	if okA && okB && path != "" {
		sa, sb := slugs(al), slugs(bl)
		switch {
		case sa != nil && sb != nil:
			item := func(list []map[string]any, slug string) any {
				for _, t := range list {
					if t["slug"] == slug {
						return t
					}
				}
				return absent{}
			}
			var kept, was []string
			for _, s := range sb {
				if slices.Contains(sa, s) {
					kept = append(kept, s)
				}
			}
			for _, s := range sa {
				if slices.Contains(sb, s) {
					was = append(was, s)
				}
			}
			if !slices.Equal(kept, was) {
				*out = append(*out, FieldChange{path, orderOf(sa), orderOf(sb)})
			}
			for _, s := range sb {
				diffTrees(path+"."+s, item(al, s), item(bl, s), out)
			}
			for _, s := range sa {
				if !slices.Contains(sb, s) {
					diffTrees(path+"."+s, item(al, s), absent{}, out)
				}
			}
			return
		case len(al) == len(bl):
			for i := range al {
				diffTrees(fmt.Sprintf("%s[%d]", path, i), al[i], bl[i], out)
			}
			return
		}
	}
	*out = append(*out, FieldChange{path, show(a), show(b)})
}

package data

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// Edit writes the network next as a change to the data file src, the way
// a person would make it: only the lines of the values that changed are
// rewritten, and everything else, comments, blank lines, the order of
// keys and tables and how each value is written, stays as it was.
//
//   - A changed value is written in place, in the canonical form; a list
//     written one item a line keeps the lines of the items that did not
//     change, and a list or inline table written on one line stays on one.
//   - A new key goes after the keys that come before it in the canonical
//     order, or with the file's dotted keys where the table is written so.
//   - A new table (a city, a partner, a result, a meeting, a translation)
//     goes after the last table of its kind, in the canonical form.
//   - A removed key or table goes with the comment lines right above it.
//   - Cities and partners are told apart by their slugs, so a city moved
//     in next's order moves in the file with its comments and tables.
//     Other lists are matched item by item.
//
// The file must decode (it may have problems validate reports); keys the
// format does not know are left as they are. Edit checks its work: the
// file it returns decodes to next, or it returns an error and no file.
func Edit(src []byte, next *Network) ([]byte, error) {
	var old file
	if err := toml.NewDecoder(bytes.NewReader(src)).Decode(&old); err != nil {
		return nil, fmt.Errorf("the file to edit does not decode: %w", err)
	}
	d, err := parseDoc(src)
	if err != nil {
		return nil, fmt.Errorf("the file to edit does not decode: %w", err)
	}
	want := fileOf(next)
	if cmp.Or(old.Network.Language, DefaultLanguage) == cmp.Or(want.Network.Language, DefaultLanguage) {
		want.Network.Language = old.Network.Language
	}
	e := &editor{d: d}
	e.table("", reflect.ValueOf(old), reflect.ValueOf(want))
	out := e.render()
	var got file
	if err := toml.NewDecoder(bytes.NewReader(out)).Decode(&got); err != nil {
		return nil, fmt.Errorf("data: the edited file does not decode, which is a fault of the writer: %w", err)
	}
	var wrong string
	if differs(reflect.ValueOf(got), reflect.ValueOf(want), "", func(path string) bool { wrong = path; return false }) {
		return nil, fmt.Errorf("data: the edited file does not hold the change at %s, which is a fault of the writer", networkSchema().fieldPath(wrong, networkNames(want.Cities, want.Partners)))
	}
	return out, nil
}

// editor plans the edits of a doc.
type editor struct {
	d *doc
}

// Changed lists the fields at which two networks differ, as field paths,
// in the canonical order: a key whose value changed, an item of a list or
// a translation added or removed as a whole ("cities.sofia",
// "network.results[2]"), or "cities" or "partners" when the same ones are
// in another order. Cities and partners are matched by slug where their
// slugs tell them apart, so that one removed is one change; a path is in
// b's names, or in a's for what b no longer has. A network is compared as
// its file writes it: the default language written or left out is no
// change, nor nil against empty lists.
func Changed(a, b *Network) []string {
	fa, fb := fileOf(a), fileOf(b)
	if cmp.Or(fa.Network.Language, DefaultLanguage) == cmp.Or(fb.Network.Language, DefaultLanguage) {
		fa.Network.Language = fb.Network.Language
	}
	s := networkSchema()
	na, nb := networkNames(fa.Cities, fa.Partners), networkNames(fb.Cities, fb.Partners)
	var paths []string
	collect := func(va, vb reflect.Value, path string, ns names) {
		differs(va, vb, path, func(p string) bool {
			paths = append(paths, s.fieldPath(p, ns))
			return true
		})
	}
	collect(reflect.ValueOf(fa.Network), reflect.ValueOf(fb.Network), "network", nb)
	for _, list := range []struct {
		name   string
		va, vb reflect.Value
	}{{"cities", reflect.ValueOf(fa.Cities), reflect.ValueOf(fb.Cities)}, {"partners", reflect.ValueOf(fa.Partners), reflect.ValueOf(fb.Partners)}} {
		named := func(ns names, n int) bool {
			return len(ns[list.name]) == n && !slices.Contains(ns[list.name], "")
		}
		if !named(na, list.va.Len()) || !named(nb, list.vb.Len()) {
			collect(list.va, list.vb, list.name, nb)
			continue
		}
		at := map[string]int{}
		for i, slug := range na[list.name] {
			at[slug] = i
		}
		var kept []int // the old index of each new item that was there before
		for j, slug := range nb[list.name] {
			i, ok := at[slug]
			if !ok {
				paths = append(paths, s.fieldPath(join(list.name, strconv.Itoa(j)), nb))
				continue
			}
			kept = append(kept, i)
			delete(at, slug)
			collect(list.va.Index(i), list.vb.Index(j), join(list.name, strconv.Itoa(j)), nb)
		}
		for i, slug := range na[list.name] {
			if _, gone := at[slug]; gone {
				paths = append(paths, s.fieldPath(join(list.name, strconv.Itoa(i)), na))
			}
		}
		if !slices.IsSorted(kept) {
			paths = append(paths, list.name)
		}
	}
	return paths
}

// same reports whether two values are written the same: nil and empty
// lists are alike, and times are compared as times.
func same(a, b reflect.Value) bool {
	return !differs(a, b, "", func(string) bool { return false })
}

// differs calls found with each path at which two values of the format
// differ, and reports whether there was one; found returns false to stop.
func differs(a, b reflect.Value, path string, found func(string) bool) bool {
	c := comparison{found: found}
	c.walk(a, b, path)
	return c.any
}

// comparison walks two values of the format side by side.
type comparison struct {
	found   func(string) bool
	any     bool
	stopped bool
}

func (c *comparison) report(path string) {
	c.any = true
	c.stopped = c.stopped || !c.found(path)
}

func (c *comparison) walk(a, b reflect.Value, path string) {
	switch {
	case c.stopped:
	case a.Type() == reflect.TypeFor[time.Time]():
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !ta.Equal(tb) || formatTime(ta) != formatTime(tb) {
			c.report(path)
		}
	case a.CanFloat():
		x, y := a.Float(), b.Float()
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) || x == y && math.Signbit(x) != math.Signbit(y) {
			c.report(path)
		}
	case a.Kind() == reflect.Slice && formOf(a.Type()) == formTables:
		// Tables of a list, item by item; those past the shorter list are
		// added or removed.
		for i := 0; i < max(a.Len(), b.Len()) && !c.stopped; i++ {
			p := join(path, strconv.Itoa(i))
			if i >= a.Len() || i >= b.Len() {
				c.report(p)
			} else {
				c.walk(a.Index(i), b.Index(i), p)
			}
		}
	case a.Kind() == reflect.Slice:
		if a.Len() != b.Len() {
			c.report(path)
			return
		}
		for i := range a.Len() {
			if !same(a.Index(i), b.Index(i)) {
				c.report(path)
				return
			}
		}
	case a.Kind() == reflect.Map:
		keys := sortedKeys(a)
		for _, k := range sortedKeys(b) {
			if !a.MapIndex(reflect.ValueOf(k).Convert(a.Type().Key())).IsValid() {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			mk := reflect.ValueOf(k).Convert(a.Type().Key())
			if av, bv := a.MapIndex(mk), b.MapIndex(mk); !av.IsValid() || !bv.IsValid() {
				c.report(join(path, k))
			} else {
				c.walk(av, bv, join(path, k))
			}
		}
	case a.Kind() == reflect.Struct:
		for i, k := range fieldsOf(a.Type()) {
			if k != "" {
				c.walk(a.Field(i), b.Field(i), join(path, k))
			}
		}
	case a.Kind() == reflect.String:
		if a.String() != b.String() {
			c.report(path)
		}
	default:
		if !a.Equal(b) {
			c.report(path)
		}
	}
}

// table edits the table at path, which the file writes with a header, by
// dotted keys or through the tables inside it, from old to new.
func (e *editor) table(path string, old, new reflect.Value) {
	t := new.Type()
	if isMap(t) {
		keys := sortedKeys(old)
		for _, k := range sortedKeys(new) {
			if !old.MapIndex(reflect.ValueOf(k).Convert(t.Key())).IsValid() {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			mk := reflect.ValueOf(k).Convert(t.Key())
			ov, nv := old.MapIndex(mk), new.MapIndex(mk)
			kept := nv.IsValid()
			if !ov.IsValid() {
				ov = reflect.Zero(t.Elem())
			}
			if !kept {
				nv = reflect.Zero(t.Elem())
			} else if old.MapIndex(mk).IsValid() && same(ov, nv) {
				continue
			}
			if p := join(path, k); kept && isEmpty(nv) && e.d.dotted[p] != nil && e.d.tables[p] == nil {
				// A table written by dotted keys alone is gone with its
				// last key: the empty one kept is written anew.
				e.remove(p)
				e.add(path, k, nv)
				continue
			}
			e.key(path, k, ov, nv, kept)
		}
		return
	}
	keys := fieldsOf(t)
	order := valueOrder(t)
	for i, k := range keys {
		if k != "" && !slices.Contains(order, i) {
			order = append(order, i)
		}
	}
	for _, i := range order {
		if ov, nv := old.Field(i), new.Field(i); !same(ov, nv) {
			e.key(path, keys[i], ov, nv, !isEmpty(nv))
		}
	}
}

// key edits the value at key k of the table at path, from ov to nv; kept
// is false when nv is to be removed.
func (e *editor) key(table, k string, ov, nv reflect.Value, kept bool) {
	path := join(table, k)
	if kv := e.d.kvs[path]; kv != nil {
		if kept {
			e.value(kv, nv)
		} else {
			e.deleteKV(kv)
		}
		return
	}
	_, isList := e.d.arrays[path]
	switch {
	case isList && formOf(nv.Type()) == formTables:
		e.list(path, ov, nv)
	case e.d.has[path] && !kept:
		e.remove(path)
	case e.d.has[path]:
		e.table(path, ov, nv)
	case kept:
		e.add(table, k, nv)
	}
}

// formatValue writes a value as the canonical form does, inline or not.
func formatValue(v reflect.Value, inline bool) []byte {
	p := printer{notes: &notes{}}
	p.value("", v, inline)
	return p.b.Bytes()
}

// value rewrites the value of a key = value.
func (e *editor) value(k *kv, nv reflect.Value) {
	if k.items != nil && nv.Kind() == reflect.Slice {
		e.items(k, nv)
		return
	}
	oneLine := bytes.IndexByte(e.d.src[k.valStart:k.valEnd], '\n') < 0
	inline := oneLine && nv.Kind() == reflect.Slice || formOf(nv.Type()) != formValue
	e.splice(k.sec, k.valStart, k.valEnd, formatValue(nv, inline))
}

// items edits a list written one item a line: the lines of the items that
// did not change stay.
func (e *editor) items(k *kv, nv reflect.Value) {
	src := e.d.src
	old := make([]reflect.Value, len(k.items))
	for i, it := range k.items {
		old[i] = e.itemValue(it, nv.Type().Elem())
	}
	indent := "  "
	if len(k.items) > 0 {
		first := k.items[0]
		indent = string(src[lineStart(src, first.start):first.start])
	}
	at := lineEnd(src, k.valStart) // where the next new item goes
	comma := -1                    // where a comma is missing before it
	for _, o := range align(len(old), nv.Len(), func(i, j int) bool { return old[i].IsValid() && same(old[i], nv.Index(j)) }) {
		switch {
		case o.old >= 0 && o.new >= 0:
			it := k.items[o.old]
			if !old[o.old].IsValid() || !same(old[o.old], nv.Index(o.new)) {
				e.splice(k.sec, it.start, it.end, formatValue(nv.Index(o.new), true))
			}
			at, comma = it.lineEnd, -1
			if !it.comma {
				comma = it.end
			}
		case o.old >= 0:
			it := k.items[o.old]
			e.splice(k.sec, it.line, it.lineEnd, nil)
		default:
			if comma >= 0 {
				e.splice(k.sec, comma, comma, []byte(","))
				comma = -1
			}
			line := append([]byte(indent), formatValue(nv.Index(o.new), true)...)
			e.splice(k.sec, at, at, append(line, ",\n"...))
		}
	}
}

// itemValue decodes an item of a list as written, into a value of type t;
// the zero Value when it does not decode so.
func (e *editor) itemValue(it item, t reflect.Type) reflect.Value {
	src := append([]byte("v = "), e.d.src[it.start:it.end]...)
	v := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "V", Type: t, Tag: `toml:"v"`}}))
	if err := toml.Unmarshal(src, v.Interface()); err != nil {
		return reflect.Value{}
	}
	return v.Elem().Field(0)
}

// op pairs an item of an old list with one of the new list: old or new
// is -1 for an item removed or added.
type op struct{ old, new int }

// align pairs the items of two lists: the longest run of items alike in
// both stays, and between them the items are paired in order as
// changed, the rest removed or added.
func align(n, m int, alike func(i, j int) bool) []op {
	var anchors []op
	if n*m <= 1<<20 {
		// The longest common subsequence, by dynamic programming.
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if alike(i, j) {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		for i, j := 0, 0; i < n && j < m; {
			switch {
			case alike(i, j) && lcs[i][j] == lcs[i+1][j+1]+1:
				anchors = append(anchors, op{i, j})
				i++
				j++
			case lcs[i+1][j] >= lcs[i][j+1]:
				i++
			default:
				j++
			}
		}
	}
	anchors = append(anchors, op{n, m})
	var ops []op
	i, j := 0, 0
	for _, a := range anchors {
		for i < a.old && j < a.new {
			ops = append(ops, op{i, j})
			i++
			j++
		}
		for ; i < a.old; i++ {
			ops = append(ops, op{i, -1})
		}
		for ; j < a.new; j++ {
			ops = append(ops, op{-1, j})
		}
		if a.old < n {
			ops = append(ops, a)
			i, j = a.old+1, a.new+1
		}
	}
	return ops
}

// splice records an edit of a section's bytes.
func (e *editor) splice(s *section, start, end int, text []byte) {
	if e.d.newline != "\n" {
		text = bytes.ReplaceAll(text, []byte("\n"), []byte(e.d.newline))
	}
	s.splices = append(s.splices, splice{start, end, text})
	s.slot.changed = true
}

// deleteKV removes a key = value with the comment lines right above it.
func (e *editor) deleteKV(k *kv) {
	e.splice(k.sec, k.start, k.end, nil)
}

// remove removes the table at path: its sections, and its keys written
// inside another table's section.
func (e *editor) remove(path string) {
	for _, s := range e.d.sections {
		if s.path == path || strings.HasPrefix(s.path, path+".") {
			e.take(s)
		}
	}
	for p, k := range e.d.kvs {
		if strings.HasPrefix(p, path+".") && (k.sec.path == "" || !strings.HasPrefix(k.sec.path, path)) {
			e.deleteKV(k)
		}
	}
}

// take removes a section from where it is written.
func (e *editor) take(s *section) {
	if sl, list, i := e.locate(s); list != nil {
		*list = slices.Delete(*list, i, i+1)
		sl.changed = true
	}
}

// locate finds where a section is written now: in a slot's pieces, or in
// a group moved there.
func (e *editor) locate(s *section) (*slot, *[]piece, int) {
	var find func(list *[]piece) (*[]piece, int)
	find = func(list *[]piece) (*[]piece, int) {
		for i := range *list {
			p := &(*list)[i]
			if p.sec == s {
				return list, i
			}
			if p.group != nil {
				if l, j := find(&p.group); l != nil {
					return l, j
				}
			}
		}
		return nil, 0
	}
	if l, i := find(&s.slot.pieces); l != nil {
		return s.slot, l, i
	}
	for _, sl := range e.d.slots {
		if l, i := find(&sl.pieces); l != nil {
			return sl, l, i
		}
	}
	return nil, nil, 0
}

// insertAfter writes new text after a section, and after what was
// written after it before.
func (e *editor) insertAfter(s *section, text []byte) {
	sl, list, i := e.locate(s)
	if list == nil {
		return
	}
	i++
	for i < len(*list) && (*list)[i].sec == nil && (*list)[i].group == nil {
		i++
	}
	p := piece{text: text}
	if list != &sl.pieces {
		p.glue = []byte("\n")
	}
	*list = slices.Insert(*list, i, p)
	sl.changed = true
}

// add writes a key the file does not have into the table at path.
func (e *editor) add(table, k string, nv reflect.Value) {
	path := join(table, k)
	if formOf(nv.Type()) == formValue {
		e.insertKV(table, k, formatValue(nv, false))
		return
	}
	if dt := e.d.dotted[table]; dt != nil {
		if formOf(nv.Type()) == formTable {
			// Beside dotted keys, the new table's keys are dotted too.
			e.insertDotted(dt, join(table, k), append(slices.Clone(dt.prefix), k), nv)
			return
		}
		e.insertKV(table, k, formatValue(nv, true))
		return
	}
	var p printer
	p.notes = &notes{}
	p.table(path, headerOf(path), nv)
	e.place(table, k, p.b.Bytes())
}

// insertKV writes a new key = value into the table at path, after the
// keys that come before it in the canonical order.
func (e *editor) insertKV(table, k string, value []byte) {
	var s *section
	var prefix []string
	if dt := e.d.dotted[table]; dt != nil {
		s, prefix = dt.sec, dt.prefix
	} else {
		s = e.d.tables[table]
	}
	line := []byte(dottedKey(append(slices.Clone(prefix), k)) + " = ")
	line = append(append(line, value...), '\n')
	if s == nil {
		// A table written only through the tables inside it, such as a
		// [network] the file leaves out: it gets its header.
		text := append([]byte("["+formatHeader(headerOf(table))+"]\n"), line...)
		e.placeBefore(table, text)
		return
	}
	t, _ := networkSchema().typeAt(keyOf(table))
	rank := func(key string) int {
		if t == nil || !isTable(t) {
			return 0
		}
		keys := fieldsOf(t)
		order := valueOrder(t)
		for r, i := range order {
			if keys[i] == key {
				return r
			}
		}
		return len(order) + 1
	}
	mine := rank(k)
	var after, before *kv
	for _, o := range s.kvs {
		rest, ok := strings.CutPrefix(o.path, table+".")
		if table == "" {
			rest, ok = o.path, true
		}
		if !ok {
			continue
		}
		first, _, _ := strings.Cut(rest, ".")
		if rank(first) <= mine {
			after = o
		} else if before == nil {
			before = o
		}
	}
	switch {
	case after != nil:
		e.insertAt(s, after.end, line)
	case before != nil:
		e.splice(s, before.start, before.start, line)
	default:
		e.insertAt(s, s.headerEnd, line)
	}
}

// insertDotted writes the keys of a new table, path, as dotted keys
// under prefix, after the last key of the table around it.
func (e *editor) insertDotted(dt *dottedTable, path string, prefix []string, nv reflect.Value) {
	around := path[:strings.LastIndexByte(path, '.')]
	var last *kv
	for _, o := range dt.sec.kvs {
		if strings.HasPrefix(o.path, around+".") {
			last = o
		}
	}
	var b bytes.Buffer
	keys := fieldsOf(nv.Type())
	for _, i := range valueOrder(nv.Type()) {
		if fv := nv.Field(i); !isEmpty(fv) {
			b.WriteString(dottedKey(append(slices.Clone(prefix), keys[i])) + " = ")
			b.Write(formatValue(fv, false))
			b.WriteByte('\n')
		}
	}
	if b.Len() == 0 || last == nil || len(tableOrderOf(nv.Type())) > 0 {
		e.insertKV(around, prefix[len(prefix)-1], formatValue(nv, true))
		return
	}
	e.insertAt(dt.sec, last.end, b.Bytes())
}

// insertAt inserts lines at the end of a line, or of the file.
func (e *editor) insertAt(s *section, at int, text []byte) {
	if at > 0 && e.d.src[at-1] != '\n' {
		text = append([]byte("\n"), text...)
	}
	e.splice(s, at, at, text)
}

func dottedKey(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = formatKey(p)
	}
	return strings.Join(out, ".")
}

// place writes new tables, the value at key k of the table at path,
// after the last table of the file inside that table whose key comes no
// later in the canonical order; or right after the table's own section.
func (e *editor) place(table, k string, text []byte) {
	t, _ := networkSchema().typeAt(keyOf(table))
	var order []string
	if t != nil && isTable(t) {
		keys := fieldsOf(t)
		for _, i := range tableOrderOf(t) {
			order = append(order, keys[i])
		}
	}
	rank := func(key string) int { return rank(order, key) }
	mine := rank(k)
	var after *section
	for _, s := range e.d.sections {
		rest, ok := strings.CutPrefix(s.path, table+".")
		if table == "" {
			rest, ok = s.path, s.path != ""
		}
		if !ok {
			if s.path == table && after == nil {
				after = s
			}
			continue
		}
		first, _, _ := strings.Cut(rest, ".")
		if rank(first) <= mine || isMap(t) {
			after = s
		}
	}
	if after == nil {
		e.placeBefore(table, text)
		return
	}
	e.insertAfter(after, text)
}

// placeBefore writes new tables before the first table inside the table
// at path, or at the end of the file.
func (e *editor) placeBefore(table string, text []byte) {
	for _, s := range e.d.sections {
		if strings.HasPrefix(s.path, table+".") || table == "" && s.path != "" {
			sl, list, i := e.locate(s)
			if list == nil {
				continue
			}
			p := piece{text: text}
			if list != &sl.pieces {
				p.glue = []byte("\n")
			}
			*list = slices.Insert(*list, i, p)
			sl.changed = true
			return
		}
	}
	last := e.d.slots[len(e.d.slots)-2]
	last.pieces = append(last.pieces, piece{text: text})
	last.changed = true
}

// list edits a list of tables written with headers ([[cities]]): the
// tables of the items kept are edited in place, and moved with their
// comments where next's order moves them.
func (e *editor) list(path string, old, new reflect.Value) {
	n, m := old.Len(), new.Len()
	match := make([]int, m) // the old item of each new one, or -1
	for j := range match {
		match[j] = -1
	}
	if named[path] {
		slugOf := func(v reflect.Value) string { return v.FieldByName("Slug").String() }
		olds := map[string]int{}
		count := map[string]int{}
		for i := range n {
			olds[slugOf(old.Index(i))] = i
			count[slugOf(old.Index(i))]++
		}
		for j := range m {
			count[slugOf(new.Index(j))] += n + 1
		}
		taken := make([]bool, n)
		for j := range m {
			s := slugOf(new.Index(j))
			if c := count[s]; c == n+2 { // once in each
				match[j] = olds[s]
				taken[olds[s]] = true
			}
		}
		for j := range min(n, m) {
			if match[j] < 0 && !taken[j] && !slices.Contains(match, j) {
				match[j] = j
				taken[j] = true
			}
		}
	} else {
		for _, o := range align(n, m, func(i, j int) bool { return same(old.Index(i), new.Index(j)) }) {
			if o.old >= 0 && o.new >= 0 {
				match[o.new] = o.old
			}
		}
	}
	for j, i := range match {
		if i >= 0 && !same(old.Index(i), new.Index(j)) {
			e.table(join(path, strconv.Itoa(i)), old.Index(i), new.Index(j))
		}
	}
	identity := n == m
	for j, i := range match {
		identity = identity && i == j
	}
	if identity {
		return
	}
	units := e.units(path, n)
	header := "[[" + formatHeader(headerOf(path)) + "]]"
	content := make([]piece, m)
	for j, i := range match {
		if i >= 0 {
			content[j] = units[i].content()
		} else {
			var p printer
			p.notes = &notes{}
			p.header(join(path, strconv.Itoa(j)), header, new.Index(j))
			content[j] = piece{text: p.b.Bytes()}
		}
	}
	for j := range n {
		if j < m && match[j] == j {
			continue
		}
		units[j].clear()
		if j < m {
			units[j].head.pieces = []piece{content[j]}
		}
	}
	if m <= n {
		return
	}
	var extra []piece
	for j := n; j < m; j++ {
		extra = append(extra, piece{text: content[j].text, group: content[j].group})
	}
	if n == 0 {
		table, k := path[:max(strings.LastIndexByte(path, '.'), 0)], path[strings.LastIndexByte(path, '.')+1:]
		var b bytes.Buffer
		for _, x := range extra {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.Write(x.text)
		}
		e.place(table, k, b.Bytes())
		return
	}
	last := units[n-1]
	to := last.head
	if match[n-1] == n-1 {
		to = last.slots[len(last.slots)-1]
	}
	to.pieces = append(to.pieces, extra...)
	to.changed = true
}

// unit is the sections of an item of a list of tables: its own and those
// of the tables inside it, in the slots they are written in.
type unit struct {
	head   *slot
	slots  []*slot // head first, then those that follow it
	strays []*section
}

// units finds the sections of the n items of the list at path, in one
// pass over the file.
func (e *editor) units(path string, n int) []unit {
	us := make([]unit, n)
	last := make([]int, n) // the index of each item's last section that follows its head
	prefix := path + "."
	for j, s := range e.d.sections {
		rest, ok := strings.CutPrefix(s.path, prefix)
		if !ok {
			continue
		}
		head, _, _ := strings.Cut(rest, ".")
		i, err := strconv.Atoi(head)
		if err != nil || i >= n {
			continue
		}
		u := &us[i]
		switch {
		case s.path == prefix+head && u.head == nil:
			u.head = e.d.slots[j]
			u.slots = []*slot{u.head}
			last[i] = j
		case u.head != nil && last[i] == j-1:
			u.slots = append(u.slots, e.d.slots[j])
			last[i] = j
		default:
			u.strays = append(u.strays, s)
		}
	}
	return us
}

// content is what the unit writes, as one piece that can be moved.
func (u unit) content() piece {
	var g []piece
	for k, sl := range u.slots {
		for n, p := range sl.pieces {
			if n == 0 && k > 0 {
				p.glue = sl.glue
			} else if n > 0 {
				p.glue = []byte("\n")
			}
			g = append(g, p)
		}
	}
	for _, s := range u.strays {
		g = append(g, piece{sec: s, glue: []byte("\n")})
	}
	return piece{group: g}
}

// clear takes the unit's sections from where they are written.
func (u unit) clear() {
	for k, sl := range u.slots {
		sl.pieces = nil
		if k > 0 {
			sl.glue = nil
		}
		sl.changed = true
	}
	for _, s := range u.strays {
		sl := s.slot
		sl.pieces = slices.DeleteFunc(sl.pieces, func(p piece) bool { return p.sec == s })
		sl.changed = true
	}
}

// render writes the file with its edits.
func (e *editor) render() []byte {
	var out bytes.Buffer
	out.Grow(len(e.d.src) + 1024)
	changed := false
	for i, sl := range e.d.slots {
		near := sl.changed || i > 0 && e.d.slots[i-1].changed
		changed = changed || sl.changed
		glue := sl.glue
		if near {
			for (out.Len() == 0 || bytes.HasSuffix(out.Bytes(), []byte("\n\n"))) && len(glue) > 0 && (glue[0] == '\n' || bytes.HasPrefix(glue, []byte("\r\n"))) {
				glue = glue[bytes.IndexByte(glue, '\n')+1:]
			}
		}
		out.Write(glue)
		for k, p := range sl.pieces {
			e.piece(&out, p, k > 0)
		}
	}
	b := out.Bytes()
	if changed {
		for bytes.HasSuffix(b, []byte("\n\n")) && !bytes.HasSuffix(e.d.src, []byte("\n\n")) {
			b = b[:len(b)-1]
		}
		for bytes.HasPrefix(b, []byte("\n")) && !bytes.HasPrefix(e.d.src, []byte("\n")) {
			b = b[1:]
		}
	}
	return b
}

// piece writes one piece; apart says it follows another in its slot,
// from which a blank line parts it.
func (e *editor) piece(out *bytes.Buffer, p piece, apart bool) {
	if p.glue != nil {
		out.Write(p.glue)
	} else if apart || p.text != nil {
		if b := out.Bytes(); len(b) > 0 && b[len(b)-1] != '\n' {
			out.WriteString(e.d.newline)
		}
		if b := out.Bytes(); len(b) > 0 && !bytes.HasSuffix(b, []byte("\n\n")) && !bytes.HasSuffix(b, []byte("\n\r\n")) {
			out.WriteString(e.d.newline)
		}
	}
	switch {
	case p.sec != nil:
		e.section(out, p.sec)
	case p.group != nil:
		for _, g := range p.group {
			e.piece(out, g, false)
		}
	default:
		text := p.text
		if e.d.newline != "\n" {
			text = bytes.ReplaceAll(text, []byte("\n"), []byte(e.d.newline))
		}
		out.Write(text)
	}
}

// section writes a section's bytes with its splices.
func (e *editor) section(out *bytes.Buffer, s *section) {
	ss := slices.Clone(s.splices)
	// In file order; at one place, what is inserted before what is
	// replaced, and otherwise in the order the edits were made.
	slices.SortStableFunc(ss, func(a, b splice) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(min(a.end-a.start, 1), min(b.end-b.start, 1)))
	})
	at := s.start
	for _, sp := range ss {
		if sp.start < at {
			continue // inside a line already removed
		}
		out.Write(e.d.src[at:sp.start])
		out.Write(sp.text)
		at = sp.end
	}
	out.Write(e.d.src[at:max(at, s.end)])
}

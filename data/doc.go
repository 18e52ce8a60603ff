package data

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// doc is a data file as written: its tables and keys with the bytes that
// write them, and its comments, each with what it is about. An edit
// rewrites the bytes of what changed and keeps the rest; the canonical
// form keeps the comments with what they are about.
//
// Comments are read as a person reads them. The comment lines right above
// a key or table, with no blank line between, are about it: they go where
// it goes. Comment lines right below a table's last key, followed by a
// blank line, close the table. Any other comment lines stay where they are
// when the file is edited.
type doc struct {
	src      []byte
	newline  string     // "\r\n" when the file writes its lines so
	sections []*section // the keys before the first header, then each table with a header, in file order
	slots    []*slot    // one per section, and one for what follows the last
	kvs      map[string]*kv
	tables   map[string]*section // the sections by path
	has      map[string]bool     // every path of a table the file writes, with a header, by dotted keys or through the tables inside it
	dotted   map[string]*dottedTable
	arrays   map[string]int // the number of elements of each list of tables with headers
	notes    notes
}

// section is a table with a header and its keys, or the keys before the
// first header (the root, whose path is "").
type section struct {
	path      string
	start     int // its comments above the header, or the header
	header    int // the header's line; for the root, start
	headerEnd int // after the header's line; for the root, start
	end       int // after its last key's line, or after its comments below it
	kvs       []*kv
	splices   []splice // the edits of its bytes
	slot      *slot    // where it is written
}

// kv is a key = value written as a line (or lines) of its own.
type kv struct {
	path     string
	sec      *section
	key      []string // the dotted key as written, part by part
	start    int      // its comments above, or its first line
	line     int      // its first line
	end      int      // after its last line
	valStart int
	valEnd   int
	items    []item // a list's items, when each is on a line of its own
}

// item is an item of a list written one to a line.
type item struct {
	start, end int  // the value
	line       int  // its comments above, or its line
	lineEnd    int  // after its line
	comma      bool // a comma follows it
}

// dottedTable is a table written by dotted keys inside another table's
// section: translations.it in translations.it.name = "Berlino".
type dottedTable struct {
	sec    *section
	prefix []string // the parts of the keys before the table's own keys
}

// splice replaces the bytes src[start:end] with text.
type splice struct {
	start, end int
	text       []byte
}

// slot is a place in the file: the blank lines and loose comments before
// a section (glue), and what is written there (pieces), which an edit may
// change.
type slot struct {
	glue    []byte
	pieces  []piece
	changed bool
}

// piece is what a slot holds: a section of the file with its edits,
// text written anew, or a list of table moved as one (a city with its
// meetings and translations).
type piece struct {
	sec   *section
	text  []byte
	group []piece
	glue  []byte // before the piece, inside a group
}

// parseDoc reads a data file as written. The file must be TOML; what its
// keys mean is not checked here.
func parseDoc(src []byte) (*doc, error) {
	d := &doc{src: src, newline: "\n", kvs: map[string]*kv{}, tables: map[string]*section{}, has: map[string]bool{}, dotted: map[string]*dottedTable{}, arrays: map[string]int{}}
	if bytes.Count(src, []byte("\r\n")) > bytes.Count(src, []byte("\n"))/2 {
		d.newline = "\r\n"
	}
	root := &section{}
	d.sections = []*section{root}
	var p unstable.Parser
	p.KeepComments = true
	p.Reset(src)
	var events []event
	cur := root
	for p.NextExpression() {
		e := p.Expression()
		ev := event{}
		switch e.Kind {
		case unstable.Comment:
			ev.comment = span{lineStart(src, int(e.Raw.Offset)), lineEnd(src, int(e.Raw.Offset))}
			events = append(events, ev)
			continue
		case unstable.Table, unstable.ArrayTable:
			path, lastKey := d.resolveHeader(e)
			start := lineStart(src, int(e.Child().Raw.Offset))
			end := lineEnd(src, lastKey)
			cur = &section{path: path, start: start, header: start, headerEnd: end, end: end}
			d.sections = append(d.sections, cur)
			ev.sec = cur
		case unstable.KeyValue:
			ev.kv = d.keyValue(cur, e)
			cur.kvs = append(cur.kvs, ev.kv)
			cur.end = ev.kv.end
		}
		if c := e.Next(); c != nil && c.Kind == unstable.Comment {
			d.notes.setTrail(ev.path(), string(c.Data))
		}
		events = append(events, ev)
	}
	if err := p.Error(); err != nil {
		return nil, err
	}
	if len(root.kvs) > 0 {
		root.header, root.headerEnd = root.kvs[0].line, root.kvs[0].line
	}
	root.start = root.header
	d.gaps(events)
	for i, s := range d.sections {
		from := 0
		if i > 0 {
			from = d.sections[i-1].end
		}
		sl := &slot{glue: src[from:s.start], pieces: []piece{{sec: s}}}
		s.slot = sl
		d.slots = append(d.slots, sl)
	}
	d.slots = append(d.slots, &slot{glue: src[d.sections[len(d.sections)-1].end:]})
	// The tables the file writes: each section's and dotted table's, and
	// those they are inside. A key's table is one of them.
	tables := func(path string, self bool) {
		for i := range len(path) {
			if path[i] == '.' && !d.has[path[:i]] {
				d.has[path[:i]] = true
			}
		}
		if self {
			d.has[path] = true
		}
	}
	for _, s := range d.sections[1:] {
		d.tables[s.path] = s
		tables(s.path, true)
	}
	d.tables[""] = root
	for p := range d.dotted {
		tables(p, true)
	}
	return d, nil
}

// event is a comment line, a table's header or a key = value, in file order.
type event struct {
	comment span
	sec     *section
	kv      *kv
}

func (e event) path() string {
	if e.sec != nil {
		return e.sec.path
	}
	return e.kv.path
}

func (e event) isComment() bool { return e.sec == nil && e.kv == nil }

// gaps places the comment lines between expressions: those right above
// one are its own and go where it goes; those right below a table's last
// key and apart from the next header close the table; the others stay
// where they are in an edit, and go above what follows them in the
// canonical form, blank lines kept.
func (d *doc) gaps(events []event) {
	var prev *event // the last expression
	for i := 0; i <= len(events); {
		j := i
		for j < len(events) && events[j].isComment() {
			j++
		}
		var next *event
		if j < len(events) {
			next = &events[j]
		}
		d.gap(prev, events[i:j], next)
		if next == nil {
			break
		}
		prev = next
		i = j + 1
	}
}

// gap places the comments cs between the expressions prev and next,
// either of which may be missing at the ends of the file.
func (d *doc) gap(prev *event, cs []event, next *event) {
	src := d.src
	prevEnd := 0
	if prev != nil {
		prevEnd = d.endOf(prev)
	}
	nextStart := len(src)
	if next != nil {
		nextStart = d.startOf(next)
	}
	// own is where the comments right above next begin.
	own := len(cs)
	for own > 0 && cs[own-1].comment.end == d.startOrNext(cs, own, nextStart) {
		own--
	}
	if next == nil {
		own = len(cs)
	}
	// below is where the comments right below prev end, when a table's
	// header or the end of the file follows, apart from them.
	below := 0
	if prev != nil && (next == nil || next.sec != nil) {
		for below < own && cs[below].comment.start == d.endOrPrev(cs, below, prevEnd) {
			below++
		}
	}
	text := func(c span) string {
		return strings.TrimLeft(strings.TrimRight(string(src[c.start:c.end]), "\r\n"), " \t")
	}
	var closes string
	if prev != nil {
		closes = d.tableOf(prev).path
	}
	for k := range below {
		d.notes.add(&d.notes.end, closes, text(cs[k].comment))
	}
	if below > 0 {
		d.tableOf(prev).end = cs[below-1].comment.end
	}
	// The lines of comments cs[from:to], with a blank line where one
	// parts them from what comes before.
	lines := func(from, to int) []string {
		var out []string
		for k := from; k < to; k++ {
			before := prevEnd
			if k > 0 {
				before = cs[k-1].comment.end
			}
			if cs[k].comment.start > before && (prev != nil || k > below) {
				out = append(out, "")
			}
			out = append(out, text(cs[k].comment))
		}
		return out
	}
	if next == nil {
		d.notes.add(&d.notes.end, "", lines(below, len(cs))...)
		return
	}
	above := lines(below, len(cs))
	if prev == nil && own > 0 {
		// The comments at the top of the file, apart from what follows,
		// are about the file: they stay at its top.
		d.notes.add(&d.notes.above, "", lines(0, own)...)
		above = lines(own, len(cs))
		if len(above) > 0 && above[0] == "" {
			above = above[1:]
		}
	}
	if len(above) > 0 && cs[len(cs)-1].comment.end < nextStart {
		above = append(above, "") // a blank line between them and next
	}
	d.notes.add(&d.notes.above, next.path(), above...)
	if own < len(cs) {
		if next.sec != nil {
			next.sec.start = cs[own].comment.start
		} else {
			next.kv.start = cs[own].comment.start
		}
	}
}

func (d *doc) startOrNext(cs []event, i, next int) int {
	if i < len(cs) {
		return cs[i].comment.start
	}
	return next
}

func (d *doc) endOrPrev(cs []event, i, prev int) int {
	if i > 0 {
		return cs[i-1].comment.end
	}
	return prev
}

func (d *doc) startOf(e *event) int {
	if e.sec != nil {
		return e.sec.header
	}
	return e.kv.line
}

func (d *doc) endOf(e *event) int {
	if e.sec != nil {
		return e.sec.headerEnd
	}
	return e.kv.end
}

// tableOf is the section an expression is in.
func (d *doc) tableOf(e *event) *section {
	if e.sec != nil {
		return e.sec
	}
	return e.kv.sec
}

// span is a range of bytes of whole lines.
type span struct{ start, end int }

func lineStart(src []byte, at int) int {
	return bytes.LastIndexByte(src[:at], '\n') + 1
}

func lineEnd(src []byte, at int) int {
	if i := bytes.IndexByte(src[at:], '\n'); i >= 0 {
		return at + i + 1
	}
	return len(src)
}

// resolveHeader finds the path of a table's header, stepping into the
// last element of each list of tables it names, as TOML does; for a
// list's header, it counts the new element. It returns the offset after
// the header's last key.
func (d *doc) resolveHeader(e *unstable.Node) (string, int) {
	var path string
	end := 0
	key := e.Key()
	for key.Next() {
		n := key.Node()
		path = join(path, string(n.Data))
		end = int(n.Raw.Offset + n.Raw.Length)
		if key.IsLast() && e.Kind == unstable.ArrayTable {
			i, seen := d.arrays[path]
			if seen {
				i++
			}
			d.arrays[path] = i
			path = join(path, strconv.Itoa(i))
		} else if i, ok := d.arrays[path]; ok {
			path = join(path, strconv.Itoa(i))
		}
	}
	return path, end
}

// keyValue reads a key = value of the section s.
func (d *doc) keyValue(s *section, e *unstable.Node) *kv {
	src := d.src
	k := &kv{sec: s, path: s.path, valEnd: int(e.Raw.Offset + e.Raw.Length)}
	k.line = lineStart(src, int(e.Raw.Offset))
	keyEnd := 0
	key := e.Key()
	for key.Next() {
		n := key.Node()
		k.key = append(k.key, string(n.Data))
		if !key.IsLast() {
			k.path = join(k.path, string(n.Data))
			if _, ok := d.dotted[k.path]; !ok {
				d.dotted[k.path] = &dottedTable{sec: s, prefix: append([]string(nil), k.key...)}
			}
		}
		keyEnd = int(n.Raw.Offset + n.Raw.Length)
	}
	k.path = join(k.path, k.key[len(k.key)-1])
	k.valStart = keyEnd + bytes.IndexByte(src[keyEnd:], '=') + 1
	for k.valStart < len(src) && (src[k.valStart] == ' ' || src[k.valStart] == '\t') {
		k.valStart++
	}
	k.end = lineEnd(src, k.valEnd)
	k.start = k.line
	v := e.Value()
	d.kvs[k.path] = k
	switch v.Kind {
	case unstable.Array:
		d.items(k, v)
	case unstable.InlineTable:
		d.inlineNotes(k.path, v)
	}
	return k
}

// items reads the items of a list, and the comments among them. The
// items are kept when each is on a line of its own, so that an edit can
// change one line.
func (d *doc) items(k *kv, v *unstable.Node) {
	src := d.src
	var items []item
	oneALine := bytes.IndexByte(src[k.valStart:k.valEnd], '\n') >= 0
	var above []string
	prevLine := -1
	children := v.Children()
	for children.Next() {
		c := children.Node()
		if c.Kind == unstable.Comment {
			for n := c; n != nil; {
				at := int(n.Raw.Offset)
				if len(items) > 0 && lineStart(src, at) == prevLine {
					d.notes.setTrail(join(k.path, strconv.Itoa(len(items)-1)), string(n.Data))
				} else {
					above = append(above, string(n.Data))
				}
				if n == c {
					n = c.Child()
				} else {
					n = n.Next()
				}
			}
			continue
		}
		it, ok := d.itemRange(c)
		path := join(k.path, strconv.Itoa(len(items)))
		if !ok {
			oneALine = false
			it = item{}
		}
		if c.Kind == unstable.InlineTable {
			d.inlineNotes(path, c)
		}
		d.notes.add(&d.notes.above, path, above...)
		above = nil
		if ok {
			it.line = lineStart(src, it.start)
			it.lineEnd = lineEnd(src, it.end)
			rest := src[it.end:it.lineEnd]
			trimmed := bytes.TrimLeft(rest, " \t")
			it.comma = bytes.HasPrefix(trimmed, []byte(","))
			if it.comma {
				trimmed = bytes.TrimLeft(trimmed[1:], " \t")
			}
			before := src[it.line:it.start]
			if len(bytes.Trim(before, " \t")) > 0 || len(trimmed) > 0 && trimmed[0] != '#' && trimmed[0] != '\n' && trimmed[0] != '\r' {
				oneALine = false
			}
			if it.line == lineStart(src, k.valStart) || it.line < lineStart(src, it.end) {
				oneALine = false // on the bracket's line, or over several lines
			}
			prevLine = it.line
		}
		items = append(items, it)
	}
	d.notes.add(&d.notes.end, k.path, above...)
	if !oneALine {
		return
	}
	if closing := lineStart(src, k.valEnd-1); len(bytes.Trim(src[closing:k.valEnd-1], " \t")) > 0 {
		return // the bracket closes on the last item's line
	}
	// An item's comments above it go with it.
	prev := lineEnd(src, k.valStart)
	for i := range items {
		items[i].line = commentsAbove(src, prev, items[i].line)
		prev = items[i].lineEnd
	}
	k.items = items
	if items == nil {
		k.items = []item{}
	}
}

// itemRange finds where an item of a list is written: a text, number or
// date has its bytes, an inline table runs from its brace to the brace
// that closes it.
func (d *doc) itemRange(c *unstable.Node) (item, bool) {
	switch c.Kind {
	case unstable.Array:
		return item{}, false
	case unstable.InlineTable:
		start := int(c.Raw.Offset)
		at := start + 1
		children := c.Children()
		for children.Next() {
			if n := children.Node(); n.Kind == unstable.KeyValue {
				at = int(n.Raw.Offset + n.Raw.Length)
			} else if n.Kind == unstable.Comment {
				at = max(at, int(n.Raw.Offset+n.Raw.Length))
			}
		}
		end := closing(d.src, at)
		if end < 0 {
			return item{}, false
		}
		return item{start: start, end: end}, true
	}
	if c.Raw.Length == 0 {
		return item{}, false
	}
	return item{start: int(c.Raw.Offset), end: int(c.Raw.Offset + c.Raw.Length)}, true
}

// closing finds the end of the brace that closes an inline table, from
// the end of its last key = value: only blanks, commas, line breaks and
// comments may come between.
func closing(src []byte, at int) int {
	for at < len(src) {
		switch src[at] {
		case ' ', '\t', '\r', '\n', ',':
			at++
		case '#':
			at = lineEnd(src, at)
		case '}':
			return at + 1
		default:
			return -1
		}
	}
	return -1
}

// inlineNotes hoists the comments inside an inline table above the key
// or item that holds it: the canonical form writes inline tables on one
// line.
func (d *doc) inlineNotes(path string, v *unstable.Node) {
	children := v.Children()
	for children.Next() {
		c := children.Node()
		switch c.Kind {
		case unstable.Comment:
			for n := c; n != nil; {
				d.notes.add(&d.notes.above, path, string(n.Data))
				if n == c {
					n = c.Child()
				} else {
					n = n.Next()
				}
			}
		case unstable.KeyValue:
			if val := c.Value(); val.Kind == unstable.InlineTable || val.Kind == unstable.Array {
				d.inlineNotes(path, val)
			}
		case unstable.InlineTable, unstable.Array:
			d.inlineNotes(path, c)
		}
	}
}

// commentsAbove extends a line at start upwards over the comment lines
// right above it, no further than from.
func commentsAbove(src []byte, from, start int) int {
	for start > from {
		prev := lineStart(src, start-1)
		line := bytes.TrimLeft(src[prev:start], " \t")
		if len(line) == 0 || line[0] != '#' {
			break
		}
		start = prev
	}
	return start
}

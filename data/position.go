package data

import (
	"bytes"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// position is a 1-based line and column in a data file.
type position struct{ line, column int }

// positions maps each key of a TOML document to where it was written, so
// that a problem found after decoding can point at its line and column. A
// path names a key the way the decoded structs see it: "network.name",
// "cities.2.lat", "cities.2.links.0.url"; an element of an array of tables
// maps to its [[header]] or inline table, and a plain array element to its
// value ("network.objectives.1").
type positions map[string]position

// indexPositions walks a document that has already decoded without error.
func indexPositions(src []byte) positions {
	return index(src, networkSchema()).at
}

// index walks a document up to its first syntax error, so it also serves to
// explain why a document did not decode.
func index(src []byte, s schema) *indexer {
	ix := &indexer{schema: s, at: positions{}, again: positions{}, arrays: map[string]int{}, texts: map[string]writtenText{}}
	ix.p.Reset(src)
	ix.lines = append(ix.lines, 0)
	for i, b := range src {
		if b == '\n' {
			ix.lines = append(ix.lines, i+1)
		}
	}
	var table string
	for ix.p.NextExpression() {
		e := ix.p.Expression()
		switch e.Kind {
		case unstable.Table:
			table = ix.resolve(e.Key())
			if !strings.HasPrefix(table, ix.element+".") {
				ix.element = ""
			}
			ix.define(table, e.Child())
		case unstable.ArrayTable:
			parent, last := ix.resolveHeader(e.Key())
			path := join(parent, last)
			n, seen := ix.arrays[path]
			if seen {
				n++
			}
			ix.arrays[path] = n
			table = join(path, strconv.Itoa(n))
			if ix.element == "" || !strings.HasPrefix(table, ix.element+".") {
				ix.element, ix.keys[1] = table, 0
			}
			ix.mark(table, e.Child())
		case unstable.KeyValue:
			ix.keyValue(table, e)
		}
	}
	return ix
}

type indexer struct {
	schema schema // the kind of file, whose keys are known
	p      unstable.Parser
	lines  []int // offset of each line's start, to turn offsets into positions
	at     positions
	again  positions      // where a key or table was written a second time
	arrays map[string]int // array-of-tables path -> index of its last element
	texts  map[string]writtenText
	slugs  map[string][]string // the slugs of cities and partners as written, for the paths of fields
	// element is the outermost element of an array of tables being
	// written, "" outside them; keys counts the keys and tables written
	// outside any and in the current one, and crowded is the first key
	// past maxKeys in either.
	element string
	keys    [2]int
	inArray int
	crowded string
}

// maxKeys is the most keys and tables a file may write outside arrays of
// tables, and in one element of an array of tables with all that is in it,
// arrays of values aside.
// go-toml checks every key against those written before it in the same
// such scope, which takes time in the square of their number; a data file
// needs a few dozen.
const maxKeys = 500

// count notes a key or table written for the first time.
func (ix *indexer) count(path string) {
	if ix.inArray > 0 {
		return
	}
	scope := 0
	if ix.element != "" {
		scope = 1
	}
	ix.keys[scope]++
	if ix.keys[scope] > maxKeys && ix.crowded == "" {
		ix.crowded = path
	}
}

// writtenText is a Markdown text as the file writes it, so that a problem on one
// of its lines can point at that line.
type writtenText struct {
	start position // of the opening quote
	raw   []byte   // quotes included
}

// isMarkdown reports whether values of a key are Markdown texts.
func isMarkdown(key string) bool { return key == "summary" || key == "description" }

func (ix *indexer) mark(path string, n *unstable.Node) {
	if _, ok := ix.at[path]; ok {
		return
	}
	ix.at[path] = ix.start(n)
	ix.count(path)
}

// define marks a key or table that TOML allows to be written only once, and
// notes where it was written again.
func (ix *indexer) define(path string, n *unstable.Node) {
	if _, ok := ix.at[path]; !ok {
		ix.at[path] = ix.start(n)
		ix.count(path)
	} else if _, ok := ix.again[path]; !ok {
		ix.again[path] = ix.start(n)
	}
}

func (ix *indexer) start(n *unstable.Node) position {
	offset := int(n.Raw.Offset)
	line, _ := slices.BinarySearch(ix.lines, offset+1)
	return position{line, offset - ix.lines[line-1] + 1}
}

// resolve turns a header's dotted key into a path, stepping into the last
// element of any array of tables it passes through, as TOML does.
func (ix *indexer) resolve(key unstable.Iterator) string {
	var path string
	for key.Next() {
		path = ix.step(path, string(key.Node().Data))
	}
	return path
}

func (ix *indexer) resolveHeader(key unstable.Iterator) (parent, last string) {
	for key.Next() {
		if key.IsLast() {
			return parent, string(key.Node().Data)
		}
		parent = ix.step(parent, string(key.Node().Data))
	}
	return parent, last
}

func (ix *indexer) step(path, part string) string {
	path = join(path, part)
	if n, ok := ix.arrays[path]; ok {
		path = join(path, strconv.Itoa(n))
	}
	return path
}

func (ix *indexer) keyValue(table string, kv *unstable.Node) {
	path := table
	key := kv.Key()
	for key.Next() {
		path = join(path, string(key.Node().Data))
		if key.IsLast() {
			ix.define(path, key.Node())
		} else {
			ix.mark(path, key.Node())
		}
	}
	v := kv.Value()
	if v.Kind == unstable.String && strings.HasSuffix(path, ".slug") {
		ix.slug(path, string(v.Data))
	}
	if v.Kind == unstable.String && isMarkdown(path[strings.LastIndexByte(path, '.')+1:]) {
		ix.texts[path] = writtenText{ix.start(v), ix.p.Raw(v.Raw)}
	}
	ix.value(path, v)
}

// slug notes the slug of a city or partner, cities.3.slug, so that the
// paths of problems found before the file decodes name it as those found
// after do.
func (ix *indexer) slug(path, slug string) {
	list, rest, _ := strings.Cut(path, ".")
	i, key, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(i)
	if !named[list] || key != "slug" || err != nil {
		return
	}
	if ix.slugs == nil {
		ix.slugs = map[string][]string{}
	}
	for len(ix.slugs[list]) <= n {
		ix.slugs[list] = append(ix.slugs[list], "")
	}
	ix.slugs[list][n] = slug
}

// fieldPath is the field path of a path of the file.
func (ix *indexer) fieldPath(path string) string {
	return ix.schema.fieldPath(path, namesOf(ix.slugs))
}

// indexed finds the path of a key that go-toml names without the indices
// of the lists it passes through, from the key written last at or before
// p: cities, links, title -> cities.0.links.1.title.
func (ix *indexer) indexed(key []string, p position) string {
	written, _, ok := ix.at.lastAt(p)
	if !ok {
		return strings.Join(key, ".")
	}
	var parts []string
	matched := 0
	for part := range strings.SplitSeq(written, ".") {
		if matched == len(key) {
			break
		}
		parts = append(parts, part)
		if isIndex(part) {
			continue
		}
		if part != key[matched] {
			return strings.Join(key, ".")
		}
		matched++
	}
	if matched < len(key) {
		return strings.Join(key, ".")
	}
	return strings.Join(parts, ".")
}

func (ix *indexer) value(path string, v *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		children := v.Children()
		for children.Next() {
			if c := children.Node(); c.Kind == unstable.KeyValue {
				ix.keyValue(path, c)
			}
		}
	case unstable.Array:
		ix.inArray++ // go-toml checks what is inside arrays apart
		defer func() { ix.inArray-- }()
		i := 0
		children := v.Children()
		for children.Next() {
			c := children.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			elem := join(path, strconv.Itoa(i))
			ix.mark(elem, c)
			ix.value(elem, c)
			i++
		}
	}
}

func join(path, part string) string {
	if path == "" {
		return part
	}
	return path + "." + part
}

// textAt is where the byte at offset at of the text written at path is in
// the file. A text over several lines maps line for line when the file
// writes its line breaks as they are; otherwise, as when it writes them
// as \n, the problem points at the key.
func (v *validator) textAt(path string, src []byte, at int) position {
	t, ok := v.texts[path]
	if !ok {
		return v.at.find(path)
	}
	line := bytes.Count(src[:at], []byte("\n")) // 0-based, in the text
	column := at - (bytes.LastIndexByte(src[:at], '\n') + 1)
	quotes, trimmed := 1, 0 // a line break right after """ is not part of the text
	if len(t.raw) >= 6 && (bytes.HasPrefix(t.raw, []byte(`"""`)) || bytes.HasPrefix(t.raw, []byte(`'''`))) {
		quotes = 3
		if t.raw[3] == '\n' || bytes.HasPrefix(t.raw[3:], []byte("\r\n")) {
			trimmed = 1
		}
	}
	switch {
	case bytes.Count(t.raw, []byte("\n")) != bytes.Count(src, []byte("\n"))+trimmed:
		return v.at.find(path)
	case line == 0 && trimmed == 0:
		return position{t.start.line, t.start.column + quotes + column}
	}
	return position{t.start.line + trimmed + line, column + 1}
}

// find returns where path was written, or where the closest enclosing table
// was when the key itself is missing, or the start of the file.
func (at positions) find(path string) position {
	for {
		if p, ok := at[path]; ok {
			return p
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return position{1, 1}
		}
		path = path[:i]
	}
}

// has reports whether the key at path was written in the file.
func (at positions) has(path string) bool {
	_, ok := at[path]
	return ok
}

// lastAt returns the path written last at or before p, and where it was.
func (at positions) lastAt(p position) (string, position, bool) {
	var best string
	var bestAt position
	for path, q := range at {
		if !p.before(q) && (best == "" || bestAt.before(q) || q == bestAt && len(path) > len(best)) {
			best, bestAt = path, q
		}
	}
	return best, bestAt, best != ""
}

// firstAt returns the path written first at or after p, and where it was.
func (at positions) firstAt(p position) (string, position, bool) {
	var best string
	var bestAt position
	for path, q := range at {
		if !q.before(p) && (best == "" || q.before(bestAt) || q == bestAt && len(path) < len(best)) {
			best, bestAt = path, q
		}
	}
	return best, bestAt, best != ""
}

func (p position) before(q position) bool {
	return p.line < q.line || p.line == q.line && p.column < q.column
}

// keyOf turns a path into the key a reader of the file sees, without the
// indices of array elements: "cities.2.links.0.url" -> cities, links, url.
func keyOf(path string) []string {
	var key []string
	for part := range strings.SplitSeq(path, ".") {
		if strings.Trim(part, "0123456789") != "" {
			key = append(key, part)
		}
	}
	return key
}

// unknown lists, in file order, the paths of keys and tables the format
// does not have; below an unknown one, nothing more is listed. Paths that
// differ only in array indices (cities.1.name, cities.2.name) are looked
// up in the format once.
func (ix *indexer) unknown() []string {
	known := map[string]bool{} // by path with indices as "#"
	var shape []byte
	bad := map[string]bool{}
	for path := range ix.at {
		shape = shape[:0]
		for part := range strings.SplitSeq(path, ".") {
			if len(shape) > 0 {
				shape = append(shape, '.')
			}
			if strings.Trim(part, "0123456789") == "" {
				part = "#"
			}
			shape = append(shape, part...)
		}
		if ok, seen := known[string(shape)]; seen && ok {
			continue
		}
		prefix, isBad := ix.schema.unknownPrefix(path)
		known[string(shape)] = !isBad
		if isBad {
			bad[prefix] = true
		}
	}
	out := slices.Collect(maps.Keys(bad))
	slices.SortFunc(out, func(a, b string) int {
		pa, pb := ix.at[a], ix.at[b]
		if pa.before(pb) {
			return -1
		}
		if pb.before(pa) {
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}

// unknownPrefix returns the shortest start of path that names no key of
// the format, if there is one.
func (s schema) unknownPrefix(path string) (string, bool) {
	t := s.root
	end := 0
	for part := range strings.SplitSeq(path, ".") {
		end += len(part) + 1
		switch {
		case isMap(t):
			t = t.Elem() // a language under translations: any key
		case strings.Trim(part, "0123456789") == "":
			continue // an element of an array
		case !isTable(t):
			return "", false // inside a value; go-toml checks its type
		default:
			f, ok := fieldByKey(t, part)
			if !ok {
				return path[:end-1], true
			}
			t = f.Type
		}
		for t.Kind() == reflect.Slice {
			t = t.Elem()
		}
	}
	return "", false
}

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
	"unicode/utf8"
)

// The canonical form of a data file is how Format writes a network, and
// how partnermap fmt rewrites a file: the [network] table, then each
// [[cities]] and each [[partners]] table; in each table its keys in the
// order the format lists them, then its tables. A text of several lines
// in Markdown is written between triple quotes, line for line; a list is
// written one item a line; a city's links are inline tables, one a line;
// translations are [TABLE.translations.LANG] tables, by language.

// Comment is a comment to write in a data file, at the field it is about:
// above the key or table at Path (a field path, such as
// "cities.palermo.lat" or "cities.palermo"), or, with End, below the last
// key of the table at Path. An empty Path is the top of the file. Text may
// have several lines; each is written as a comment line of its own.
type Comment struct {
	Path string
	Text string
	End  bool
}

// Format writes a network in the canonical form, with comments where
// they are given. Parse reads back the same network. A comment whose
// path names nothing in the network is written at the top of the file.
func Format(n *Network, comments ...Comment) []byte {
	f := fileOf(n)
	c := &notes{}
	ns := networkNames(f.Cities, f.Partners)
	s := networkSchema()
	lengths := listLengths(reflect.ValueOf(f), "")
	for _, cm := range comments {
		path, ok := s.decoderPath(cm.Path, ns, lengths)
		if !ok {
			path = ""
		}
		lines := commentLines(cm.Text)
		switch {
		case cm.End:
			c.add(&c.end, path, lines...)
		default:
			c.add(&c.above, path, lines...)
		}
	}
	return render(reflect.ValueOf(f), c, "\n")
}

// fileOf is the file that writes n. The language a file does not write is
// the default one, and is left out.
func fileOf(n *Network) file {
	f := file{Network: *n, Cities: n.Cities, Partners: n.Partners}
	if f.Network.Language == DefaultLanguage {
		f.Network.Language = ""
	}
	f.Network.Cities, f.Network.Partners, f.Network.lookup = nil, nil, nil
	return f
}

// commentLines turns text into comment lines, "# " before each.
func commentLines(text string) []string {
	var lines []string
	for line := range strings.SplitSeq(strings.TrimRight(text, "\n"), "\n") {
		line = strings.TrimRight(comment(line), " ")
		if line == "" {
			lines = append(lines, "#")
		} else {
			lines = append(lines, "# "+line)
		}
	}
	return lines
}

// comment keeps text on one comment line: TOML allows no control
// characters there but tab.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\t' && (r < 0x20 || r == 0x7f) || isHidden(r) {
			return ' '
		}
		return r
	}, s)
}

// notes are comments by the decoder's path of what they are about.
type notes struct {
	above map[string][]string // lines above a key, a table or an item of a list; "" is a blank line
	trail map[string]string   // a comment after the value, on its last line
	end   map[string][]string // lines below the last key of a table; "" for the end of the file
}

func (c *notes) add(m *map[string][]string, path string, lines ...string) {
	if len(lines) == 0 {
		return
	}
	if *m == nil {
		*m = map[string][]string{}
	}
	(*m)[path] = append((*m)[path], lines...)
}

// listLengths counts the elements of every list in v, by path, so that a
// field path's index can be checked.
func listLengths(v reflect.Value, path string) map[string]int {
	out := map[string]int{}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch {
		case v.Kind() == reflect.Slice:
			out[path] = v.Len()
			for i := range v.Len() {
				walk(v.Index(i), join(path, strconv.Itoa(i)))
			}
		case isMap(v.Type()):
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k), join(path, k.String()))
			}
		case isTable(v.Type()):
			for f, fv := range fields(v) {
				walk(fv, join(path, f))
			}
		}
	}
	walk(v, path)
	return out
}

// fields yields the keys a table of the format has and their values, in
// the order the format lists them.
func fields(v reflect.Value) func(yield func(string, reflect.Value) bool) {
	return func(yield func(string, reflect.Value) bool) {
		for i, f := range fieldsOf(v.Type()) {
			if !yield(f, v.Field(i)) {
				return
			}
		}
	}
}

// fieldsOf is the key of each field of a struct of the format, by index,
// "" for a field that is no key.
func fieldsOf(t reflect.Type) []string {
	keys := make([]string, t.NumField())
	for i := range keys {
		f := t.Field(i)
		if k := f.Tag.Get("toml"); f.IsExported() && k != "" && k != "-" {
			keys[i] = k
		}
	}
	return keys
}

// printer writes values in the canonical form, with the comments of notes.
type printer struct {
	b     bytes.Buffer
	notes *notes
	// track says to note what is written where, for comments to be
	// moved: asTable and asLine are the paths written as tables (with a
	// header) and as lines of their own (keys, items of lists); used
	// are the paths whose comments were written, by kind.
	track              bool
	asTable, asLine    map[string]bool
	usedAbove, usedEnd map[string]bool
	usedTrail          map[string]bool
	layouts            map[reflect.Type]*layout
}

// layout is the keys of a struct of the format, in the canonical order.
type layout struct {
	keys   []string // by field index, "" for a field that is no key
	values []int    // the keys written key = value, in order
	tables []int    // the keys written as tables, in order
}

func (p *printer) layout(t reflect.Type) *layout {
	if l, ok := p.layouts[t]; ok {
		return l
	}
	if p.layouts == nil {
		p.layouts = map[reflect.Type]*layout{}
	}
	l := &layout{keys: fieldsOf(t), values: valueOrder(t), tables: tableOrderOf(t)}
	p.layouts[t] = l
	return l
}

func (p *printer) mark(m *map[string]bool, path string) {
	if !p.track {
		return
	}
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[path] = true
}

func (p *printer) above(path string) []string {
	p.mark(&p.usedAbove, path)
	return p.notes.above[path]
}

func (p *printer) end(path string) []string {
	p.mark(&p.usedEnd, path)
	return p.notes.end[path]
}

func (p *printer) bytes() []byte {
	if end := p.end(""); len(end) > 0 {
		p.blank()
		p.lines(end)
	}
	return p.b.Bytes()
}

// blank ends what was written with one blank line, unless the output is
// empty or ends with one already.
func (p *printer) blank() {
	b := p.b.Bytes()
	if len(b) > 0 && !bytes.HasSuffix(b, []byte("\n\n")) {
		p.b.WriteByte('\n')
	}
}

// lines writes comment lines, and blank lines for "", never two blank
// lines together.
func (p *printer) lines(lines []string) {
	for _, l := range lines {
		if l == "" {
			p.blank()
			continue
		}
		p.b.WriteString(l)
		p.b.WriteByte('\n')
	}
}

// root writes a file: the keys of its top level, then its tables.
func (p *printer) root(v reflect.Value) {
	p.mark(&p.asTable, "")
	p.lines(p.above(""))
	p.keys("", v)
	p.subtables("", "", v)
}

// form is how the canonical form writes a key's value.
type form int

const (
	formValue     form = iota // key = value, lists and inline tables included
	formTable                 // [table]
	formTables                // [[table]], one per element
	formLanguages             // [table.LANG], one per key of a map
)

// formOf says how a value of type t is written.
func formOf(t reflect.Type) form {
	switch {
	case isMap(t):
		return formLanguages
	case isTable(t):
		return formTable
	case t.Kind() == reflect.Slice && isTable(t.Elem()) && !inlineItems[t.Elem()]:
		return formTables
	}
	return formValue
}

// inlineItems are the tables that the canonical form writes inline, one
// to a line, in the list that holds them: small ones, whose keys read
// together.
var inlineItems = map[reflect.Type]bool{reflect.TypeFor[Link](): true}

// tableOrder is the order of the tables inside a table, where it is not
// the format's: the network's translations come right after its keys and
// contact, before its results, which are long.
var tableOrder = map[reflect.Type][]string{
	reflect.TypeFor[Network](): {"contact", "translations", "results"},
}

// keys writes the keys of the table at path that are values, in order.
func (p *printer) keys(path string, v reflect.Value) {
	l := p.layout(v.Type())
	for _, i := range l.values {
		if fv := v.Field(i); !isEmpty(fv) {
			p.keyValue(join(path, l.keys[i]), l.keys[i], fv)
		}
	}
	if path != "" {
		p.lines(p.end(path))
	}
}

// valueOrder is the order in which the canonical form writes the keys of
// a table that are values, by field index: the short ones in the format's
// order, then the texts in Markdown, then the lists, so that what is
// long comes after what is quickly read.
func valueOrder(t reflect.Type) []int {
	var order []int
	weight := func(f reflect.StructField) int {
		switch {
		case f.Type == reflect.TypeFor[Markdown]():
			return 1
		case f.Type.Kind() == reflect.Slice:
			return 2
		}
		return 0
	}
	keys := fieldsOf(t)
	for i, k := range keys {
		if k != "" && formOf(t.Field(i).Type) == formValue {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(weight(t.Field(a)), weight(t.Field(b))) })
	return order
}

// keyValue writes key = value on a line of its own, with its comments.
func (p *printer) keyValue(path, key string, v reflect.Value) {
	p.mark(&p.asLine, path)
	p.lines(p.above(path))
	p.b.WriteString(formatKey(key))
	p.b.WriteString(" = ")
	p.value(path, v, false)
	p.trail(path)
	p.b.WriteByte('\n')
}

func (p *printer) trail(path string) {
	p.mark(&p.usedTrail, path)
	if t := p.notes.trail[path]; t != "" {
		p.b.WriteByte(' ')
		p.b.WriteString(t)
	}
}

// subtables writes the tables inside the table at path, whose header is
// written as header ("cities" for cities.3).
func (p *printer) subtables(path, header string, v reflect.Value) {
	l := p.layout(v.Type())
	for _, i := range l.tables {
		p.table(join(path, l.keys[i]), join(header, l.keys[i]), v.Field(i))
	}
}

// tableOrderOf is the order in which the canonical form writes the keys
// of a table that are tables, by field index.
func tableOrderOf(t reflect.Type) []int {
	keys := fieldsOf(t)
	var order []int
	for i, k := range keys {
		if k != "" && formOf(t.Field(i).Type) != formValue {
			order = append(order, i)
		}
	}
	if first := tableOrder[t]; first != nil {
		slices.SortStableFunc(order, func(a, b int) int {
			return cmp.Compare(rank(first, keys[a]), rank(first, keys[b]))
		})
	}
	return order
}

func rank(order []string, key string) int {
	if i := slices.Index(order, key); i >= 0 {
		return i
	}
	return len(order)
}

// table writes the value at path if it is written as one or more tables:
// a table, a list of tables or the translations.
func (p *printer) table(path, header string, v reflect.Value) {
	switch formOf(v.Type()) {
	case formTable:
		if path != "network" && path != "atlas" && isEmpty(v) {
			return
		}
		p.header(path, "["+formatHeader(header)+"]", v)
	case formTables:
		for i := range v.Len() {
			p.header(join(path, strconv.Itoa(i)), "[["+formatHeader(header)+"]]", v.Index(i))
		}
	case formLanguages:
		for _, k := range sortedKeys(v) {
			p.header(join(path, k), "["+formatHeader(join(header, k))+"]", v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())))
		}
	}
}

func sortedKeys(m reflect.Value) []string {
	keys := make([]string, 0, m.Len())
	for _, k := range m.MapKeys() {
		keys = append(keys, k.String())
	}
	slices.Sort(keys)
	return keys
}

// header writes a table: its header, keys and tables.
func (p *printer) header(path, header string, v reflect.Value) {
	p.mark(&p.asTable, path)
	p.blank()
	p.lines(p.above(path))
	p.b.WriteString(header)
	p.trail(path)
	p.b.WriteByte('\n')
	p.keys(path, v)
	p.subtables(path, headerOf(path), v)
}

// headerOf is the name a table at path is written under: its path without
// the indices of lists, which a header cannot name.
func headerOf(path string) string {
	var parts []string
	for part := range strings.SplitSeq(path, ".") {
		if !isIndex(part) {
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, ".")
}

// value writes a value: on several lines for a list or a text in
// Markdown of several lines, unless inline, as inside an inline table.
func (p *printer) value(path string, v reflect.Value, inline bool) {
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		p.b.WriteString(formatTime(v.Interface().(time.Time)))
	case v.Type() == reflect.TypeFor[Markdown]() && !inline:
		p.b.WriteString(formatText(v.String(), true))
	case v.Kind() == reflect.String:
		p.b.WriteString(formatText(v.String(), false))
	case v.Kind() == reflect.Float64 || v.Kind() == reflect.Float32:
		p.b.WriteString(formatFloat(v.Float()))
	case v.CanInt():
		p.b.WriteString(strconv.FormatInt(v.Int(), 10))
	case v.Kind() == reflect.Bool:
		p.b.WriteString(strconv.FormatBool(v.Bool()))
	case v.Kind() == reflect.Slice && inline:
		p.b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.value(join(path, strconv.Itoa(i)), v.Index(i), true)
		}
		p.b.WriteByte(']')
	case v.Kind() == reflect.Slice:
		p.b.WriteString("[\n")
		for i := range v.Len() {
			item := join(path, strconv.Itoa(i))
			p.mark(&p.asLine, item)
			for _, l := range p.above(item) {
				if l != "" {
					p.b.WriteString("  " + l + "\n")
				}
			}
			p.b.WriteString("  ")
			p.value(item, v.Index(i), true)
			p.b.WriteByte(',')
			p.trail(item)
			p.b.WriteByte('\n')
		}
		for _, l := range p.end(path) {
			if l != "" {
				p.b.WriteString("  " + l + "\n")
			}
		}
		p.b.WriteByte(']')
	case isMap(v.Type()):
		p.inlineTable(path, func(yield func(string, reflect.Value) bool) {
			for _, k := range sortedKeys(v) {
				if !yield(k, v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))) {
					return
				}
			}
		})
	case isTable(v.Type()):
		l := p.layout(v.Type())
		p.inlineTable(path, func(yield func(string, reflect.Value) bool) {
			for _, order := range [][]int{l.values, l.tables} {
				for _, i := range order {
					if !yield(l.keys[i], v.Field(i)) {
						return
					}
				}
			}
		})
	default:
		panic(fmt.Sprintf("data: no TOML form for %s", v.Type()))
	}
}

// inlineTable writes { key = value, ... } on one line, leaving out
// empty values.
func (p *printer) inlineTable(path string, pairs func(yield func(string, reflect.Value) bool)) {
	p.b.WriteByte('{')
	first := true
	for k, v := range pairs {
		if k == "" || isEmpty(v) {
			continue
		}
		if !first {
			p.b.WriteByte(',')
		}
		first = false
		p.b.WriteString(" " + formatKey(k) + " = ")
		p.value(join(path, k), v, true)
	}
	if !first {
		p.b.WriteByte(' ')
	}
	p.b.WriteByte('}')
}

// isEmpty reports whether a value is left out of a file: an empty text,
// list or table, a zero date. Numbers are always written: a latitude of 0
// is a latitude.
func isEmpty(v reflect.Value) bool {
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		return v.Interface().(time.Time).IsZero()
	case v.Kind() == reflect.String, v.Kind() == reflect.Slice, v.Kind() == reflect.Map:
		return v.Len() == 0
	case isTable(v.Type()):
		for k, fv := range fields(v) {
			switch {
			case k == "":
			case fv.CanFloat():
				if fv.Float() != 0 || math.IsNaN(fv.Float()) {
					return false
				}
			case !isEmpty(fv):
				return false
			}
		}
		return true
	case v.Kind() == reflect.Bool:
		return !v.Bool()
	}
	return false
}

// formatKey writes a key, quoted unless it is a bare key.
func formatKey(k string) string {
	if isBareKey(k) {
		return k
	}
	return formatText(k, false)
}

// formatHeader writes a dotted header such as cities.translations.it,
// quoting the parts that need it.
func formatHeader(header string) string {
	parts := strings.Split(header, ".")
	for i, part := range parts {
		parts[i] = formatKey(part)
	}
	return strings.Join(parts, ".")
}

// formatText writes a TOML basic string, or with several lines a
// multi-line one whose lines are the text's. Quotes, backslashes, control
// characters and the invisible characters that change the direction of
// text are escaped, so that what an editor shows is what the file holds.
func formatText(s string, multiline bool) string {
	multiline = multiline && strings.Contains(s, "\n")
	var b strings.Builder
	b.Grow(len(s) + 8)
	if multiline {
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"' && (!multiline || i == len(s)-1 || s[i+1] == '"'):
			b.WriteString(`\"`)
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case r == '\t' && multiline:
			b.WriteByte('\t')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || r == 0x7f || isHidden(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		case r == utf8.RuneError:
			b.WriteString(`\uFFFD`) // what a byte that is not UTF-8 reads as
		default:
			b.WriteRune(r)
		}
	}
	if multiline {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}

// isHidden reports whether r is one of the characters that change how
// the text around them is shown without being seen themselves: the
// controls of the direction of text, line and paragraph separators, and
// the byte order mark.
func isHidden(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029, r == 0xFEFF, r >= 0x80 && r <= 0x9F:
		return true
	}
	return false
}

// formatFloat writes a number as TOML reads it back exactly: the
// shortest decimal that is the same float, with a point.
func formatFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	var s string
	if a := math.Abs(x); a == 0 || a >= 1e-4 && a < 1e16 {
		s = strconv.FormatFloat(x, 'f', -1, 64)
	} else {
		s = strconv.FormatFloat(x, 'e', -1, 64)
	}
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// formatTime writes a date, such as 2008-04-21, when the time is the
// start of a day in the local time zone, as the format's dates are read;
// a time of day with it when there is one; and its offset from UTC when
// it is in another zone, so that it reads back the same.
func formatTime(t time.Time) string {
	loc := t.Location()
	midnight := t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
	switch {
	case midnight && loc == time.Local:
		return t.Format(time.DateOnly)
	case loc == time.Local:
		return t.Format("2006-01-02T15:04:05.999999999")
	}
	return t.Format(time.RFC3339Nano)
}

func (c *notes) setTrail(path, text string) {
	if c.trail == nil {
		c.trail = map[string]string{}
	}
	c.trail[path] = text
}

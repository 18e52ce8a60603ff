package data

import (
	"bytes"
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// file is the shape of a data file: one [network] table, then the
// [[cities]] and [[partners]] arrays.
type file struct {
	Network  Network   `toml:"network"`
	Cities   []City    `toml:"cities"`
	Partners []Partner `toml:"partners"`
}

// schema is the shape of a kind of file, a network's data file or an
// atlas's, as the struct it decodes into: what its keys are, and what
// each takes.
type schema struct{ root reflect.Type }

// networkSchema is the shape of a network's data file.
func networkSchema() schema { return schema{reflect.TypeFor[file]()} }

//go:embed conet.toml
var conet []byte

// DefaultName is the name the embedded default network is reported under.
const DefaultName = "conet.toml"

// Default returns the embedded default network, CoNet.
func Default() (*Network, error) {
	return Parse(DefaultName, conet)
}

// DefaultSource returns the bytes of the embedded default data file, so that
// it can be offered as a starting point for a new network.
func DefaultSource() []byte {
	return bytes.Clone(conet)
}

// DefaultMaxSize is the largest data file ReadFile takes unless told
// otherwise, in bytes: room for a network at the ceiling (MaxCities) with
// a description for every city.
const DefaultMaxSize = 32_000_000

// ReadFile reads a data file of at most limit bytes. Only a regular file
// is read: the file is opened without waiting (a named pipe would wait
// for a writer, and a signal could not end the program meanwhile), and
// anything else, such as a folder, a pipe or a device like /dev/zero, is
// a NotRegularError. A larger file, or one still growing past the limit,
// is a Problem that says so; no more than limit bytes are read.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: info.Mode()}
	}
	tooLarge := Problems{{File: path, Line: 1, Column: 1, Message: fmt.Sprintf("the file is larger than %s, the most a data file may be: split the network, or raise the limit with --max-data-size", Size(limit))}}
	if info.Size() > limit {
		return nil, tooLarge
	}
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	switch {
	case err != nil:
		return nil, err
	case int64(len(src)) > limit:
		return nil, tooLarge
	}
	return src, nil
}

// NotRegularError is a path that names something other than a regular
// file, which ReadFile does not read.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string { return e.Path + ": " + e.Reason() }

// Reason says what the path names instead of a file, and what to give.
func (e *NotRegularError) Reason() string {
	what := "a special file"
	switch m := e.Mode; {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	}
	return "not a regular file but " + what + ": give the path of a file, or move what is there out of the way"
}

// Size writes a number of bytes as people read it, 1 MB being 10^6
// bytes: 32 MB, 1.5 MB, 800 KB, 12 bytes.
func Size(n int64) string {
	switch {
	case n >= 1e6:
		return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64) + " MB"
	case n >= 1e3:
		return strconv.FormatFloat(float64(n)/1e3, 'f', -1, 64) + " KB"
	}
	return fmt.Sprintf("%d bytes", n)
}

// Load reads and parses the data file at path, of at most limit bytes.
func Load(path string, limit int64) (*Network, error) {
	src, err := ReadFile(path, limit)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Parse decodes and validates a data file. name is the file name used in
// problems. The error, if any, is Problems: every problem found, each with
// its line and column.
func Parse(name string, src []byte) (*Network, error) {
	n, _, err := parse(name, src, nil)
	return n, err
}

func parse(name string, src []byte, checks []Check) (*Network, Problems, error) {
	ix := index(src, networkSchema())
	if ix.crowded != "" {
		return nil, nil, crowdedProblems(name, ix)
	}
	// A network past the ceiling is not decoded: each of its cities would
	// only add to problems that make it one no server is to build.
	if ps := ceilings(name, ix); ps != nil {
		return nil, nil, ps
	}
	var f file
	if err := toml.NewDecoder(bytes.NewReader(src)).Decode(&f); err != nil {
		return nil, nil, decodeProblems(name, ix, err)
	}
	v := validator{file: name, at: ix.at, texts: ix.texts, misspelt: map[string]bool{}, unknownIn: map[string]bool{}, tooLong: map[string]bool{}, md: newMarkdown(), html: map[Markdown]string{}, checks: checks,
		schema: ix.schema, names: networkNames(f.Cities, f.Partners)}
	v.unknownKeys(ix)
	v.check(&f)
	errs, warnings := v.problems.sorted().split()
	if len(errs) > 0 {
		return nil, nil, v.problems
	}
	n := f.Network
	n.Cities = f.Cities
	n.Partners = f.Partners
	n.Language = cmp.Or(n.Language, DefaultLanguage)
	for i := range n.Cities {
		n.Cities[i].lang = n.Language
	}
	for i := range n.Results {
		n.Results[i].lang = n.Language
	}
	n.lookup = newLookup(&n)
	n.lookup.html = v.html
	n.lookup.file, n.lookup.where = name, where(ix.at, len(n.Cities))
	return &n, warnings, nil
}

// crowdedProblems explains a file with more keys in one place than any
// data file needs, which is not decoded: the keys the format does not
// know, and where the limit was passed.
func crowdedProblems(name string, ix *indexer) Problems {
	var ps Problems
	for _, path := range ix.unknown() {
		p := ix.at[path]
		ps = append(ps, Problem{File: name, Line: p.line, Column: p.column, Message: ix.schema.unknownKey(keyOf(path)), Path: ix.fieldPath(path)})
	}
	p := ix.at[ix.crowded]
	ps = append(ps, Problem{File: name, Line: p.line, Column: p.column, Message: fmt.Sprintf("more than %d keys and tables in one table and the tables inside it, or outside [[cities]], [[partners]] and [[network.results]]: no data file needs that many; remove the keys that do not belong", maxKeys), Path: ix.fieldPath(ix.crowded)})
	return ps.sorted()
}

// decodeProblems turns go-toml's error into a problem with a position and
// a hint of what to write.
func decodeProblems(name string, ix *indexer, err error) Problems {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		at, path, msg := decodeMessage(de, ix)
		return Problems{{File: name, Line: at.line, Column: at.column, Message: msg, Path: ix.fieldPath(path)}}
	}
	return Problems{{File: name, Line: 1, Column: 1, Message: err.Error()}}
}

// decodeMessage says what is wrong with the file as go-toml found it,
// where, and at which key: "" for a syntax error, which has none.
func decodeMessage(de *toml.DecodeError, ix *indexer) (position, string, string) {
	line, col := de.Position()
	at := position{line, col}
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	key := de.Key()
	if len(key) == 0 {
		if strings.Contains(msg, "cannot have new lines") {
			msg += ": end the text with its closing quote on the same line, or use triple quotes for text over several lines"
		}
		return at, "", "TOML syntax: " + msg
	}
	path := strings.Join(key, ".")
	if strings.Contains(msg, "already") {
		// go-toml points at the start of the expression, which is not the
		// repeated key when that is inside an inline table.
		if p, pos, ok := ix.again.firstAt(at); ok {
			if k := keyOf(p); len(k) > 0 && strings.Contains(msg, " "+k[len(k)-1]+" ") {
				key, at, path = k, pos, p
			}
		}
		if path == strings.Join(key, ".") {
			path = ix.indexed(key, at)
		}
		name := clip(strings.Join(key, "."))
		if strings.HasPrefix(msg, "table") {
			return at, path, fmt.Sprintf("the [%s] table is written twice: move its keys into the first [%s] and delete this header", name, name)
		}
		return at, path, fmt.Sprintf("%s is written twice: keep only one", name)
	}
	// The error is at the value; the key written last before it is its key.
	if p, _, ok := ix.at.lastAt(at); ok {
		if k := keyOf(p); len(k) >= len(key) && slices.Equal(k[:len(key)], key) {
			key, path = k, p
		}
	}
	name := clip(strings.Join(key, "."))
	if hint := ix.schema.fieldHint(key); hint != "" {
		return at, path, fmt.Sprintf("%s has the wrong kind of value: write %s", name, hint)
	}
	return at, path, fmt.Sprintf("%s: %s", name, msg)
}

// unknownKey explains a key the format does not have and suggests the
// closest one it does.
func (s schema) unknownKey(key []string) string {
	name := key[len(key)-1]
	known := s.knownKeys(key[:len(key)-1])
	msg := fmt.Sprintf("unknown key %q", clip(strings.Join(key, ".")))
	if s.untranslatable(key) {
		return fmt.Sprintf("%s: %s is the same in every language, so write it only once, outside translations; the keys allowed here are %s", msg, name, strings.Join(known, ", "))
	}
	if s := closest(name, known); s != "" {
		return fmt.Sprintf("%s: did you mean %q?", msg, s)
	}
	if len(known) > 0 {
		return fmt.Sprintf("%s: the keys allowed here are %s", msg, strings.Join(known, ", "))
	}
	return msg
}

// untranslatable reports whether key is in a translation, such as
// cities.translations.it.country, and names a key that the table being
// translated has but that does not change with the language.
func (s schema) untranslatable(key []string) bool {
	n := len(key)
	if n < 3 || key[n-3] != "translations" {
		return false
	}
	t, ok := s.tableType(key[:n-3])
	if !ok {
		return false
	}
	_, ok = fieldByKey(t, key[n-1])
	return ok
}

// knownKeys lists the keys the format allows in the table at path.
func (s schema) knownKeys(path []string) []string {
	t, ok := s.tableType(path)
	if !ok {
		return nil
	}
	var keys []string
	for f := range t.Fields() {
		if k := f.Tag.Get("toml"); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return keys
}

// tableType is the struct a table at path decodes into; array indices in
// path are skipped.
func (s schema) tableType(path []string) (reflect.Type, bool) {
	t, ok := s.typeAt(path)
	return t, ok && isTable(t)
}

// typeAt is the type the value at path decodes into, with lists unwrapped
// to their items. A key under a map, such as the language under
// translations, is free: it leads to the map's values.
func (s schema) typeAt(path []string) (reflect.Type, bool) {
	t := s.root
	for _, part := range path {
		switch {
		case isMap(t):
			t = t.Elem()
		case strings.Trim(part, "0123456789") == "":
			continue
		case !isTable(t):
			return nil, false
		default:
			f, ok := fieldByKey(t, part)
			if !ok {
				return nil, false
			}
			t = f.Type
		}
		for t.Kind() == reflect.Slice {
			t = t.Elem()
		}
	}
	return t, true
}

// isTable reports whether values of t are TOML tables with known keys.
func isTable(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t != reflect.TypeFor[time.Time]()
}

// isMap reports whether values of t are TOML tables whose keys are free.
func isMap(t reflect.Type) bool {
	return t.Kind() == reflect.Map && t.Key().Kind() == reflect.String
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		if f.Tag.Get("toml") == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// fieldHint says what to write for a key, by the type of value it takes.
func (s schema) fieldHint(key []string) string {
	last := key[len(key)-1]
	t, ok := s.typeAt(key[:len(key)-1])
	if !ok {
		return ""
	}
	var ft reflect.Type
	switch {
	case isMap(t):
		ft = t.Elem()
	case isTable(t):
		f, ok := fieldByKey(t, last)
		if !ok {
			return ""
		}
		ft = f.Type
	default:
		return ""
	}
	switch {
	case ft == reflect.TypeFor[time.Time]():
		return fmt.Sprintf("a date without quotes, such as %s = 2008-04-21", last)
	case ft.Kind() == reflect.Float64:
		return fmt.Sprintf("a number in decimal degrees, such as %s = 52.52", last)
	case ft.Kind() == reflect.String:
		return fmt.Sprintf(`text in double quotes, such as %s = "..."`, last)
	case ft == reflect.TypeFor[[]string]():
		return fmt.Sprintf(`a list of texts, such as %s = ["First", "Second"]`, last)
	case ft.Kind() == reflect.Slice:
		return fmt.Sprintf("one [[%s]] table per entry", strings.Join(key, "."))
	case ft.Kind() == reflect.Struct:
		return fmt.Sprintf("a [%s] table", strings.Join(key, "."))
	case isMap(ft):
		return fmt.Sprintf("one [%s.LANG] table per language, such as [%s.de]", strings.Join(key, "."), strings.Join(key, "."))
	}
	return ""
}

// closest returns the candidate within two edits of name, if any.
func closest(name string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := EditDistance([]rune(strings.ToLower(name)), []rune(c), 2); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

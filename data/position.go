package data

import (
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
	ix := &indexer{at: positions{}, arrays: map[string]int{}}
	ix.p.Reset(src)
	var table string
	for ix.p.NextExpression() {
		e := ix.p.Expression()
		switch e.Kind {
		case unstable.Table:
			table = ix.resolve(e.Key())
			ix.mark(table, e.Child())
		case unstable.ArrayTable:
			parent, last := ix.resolveHeader(e.Key())
			path := join(parent, last)
			n, seen := ix.arrays[path]
			if seen {
				n++
			}
			ix.arrays[path] = n
			table = join(path, strconv.Itoa(n))
			ix.mark(table, e.Child())
		case unstable.KeyValue:
			ix.keyValue(table, e)
		}
	}
	return ix.at
}

type indexer struct {
	p      unstable.Parser
	at     positions
	arrays map[string]int // array-of-tables path -> index of its last element
}

func (ix *indexer) mark(path string, n *unstable.Node) {
	if _, ok := ix.at[path]; ok {
		return
	}
	s := ix.p.Shape(n.Raw).Start
	ix.at[path] = position{s.Line, s.Column}
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
		ix.mark(path, key.Node())
	}
	ix.value(path, kv.Value())
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

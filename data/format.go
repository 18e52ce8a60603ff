package data

import (
	"bytes"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Canonical rewrites a data file in the canonical form, as partnermap fmt
// does, keeping its comments with what they are about: the same network
// (or, for atlas.toml, the same atlas), written as Format writes it. name
// is the file's name in problems; a file named atlas.toml is read as an
// atlas's. A file that does not decode, or that has keys the format does
// not know, is not rewritten, since its keys would be lost: the error is
// Problems, as Parse gives them.
func Canonical(name string, src []byte) ([]byte, error) {
	s, root := networkSchema(), reflect.New(reflect.TypeFor[file]())
	if filepath.Base(name) == AtlasFile {
		s, root = schema{reflect.TypeFor[atlasFile]()}, reflect.New(reflect.TypeFor[atlasFile]())
	}
	ix := index(src, s)
	if ix.crowded != "" {
		return nil, crowdedProblems(name, ix)
	}
	if err := toml.NewDecoder(bytes.NewReader(src)).Decode(root.Interface()); err != nil {
		return nil, decodeProblems(name, ix, err)
	}
	if unknown := ix.unknown(); len(unknown) > 0 {
		var ps Problems
		for _, path := range unknown {
			p := ix.at[path]
			ps = append(ps, Problem{File: name, Line: p.line, Column: p.column, Message: s.unknownKey(keyOf(path)) + "; partnermap fmt keeps only the keys the format has, so correct or delete it first"})
		}
		return nil, ps
	}
	d, err := parseDoc(src)
	if err != nil {
		return nil, decodeProblems(name, ix, err)
	}
	return render(root.Elem(), &d.notes, d.newline), nil
}

// render writes a file in the canonical form with comments. A comment
// about something the canonical form leaves out, such as a key with an
// empty text, is written at the end of the table that held it.
func render(v reflect.Value, c *notes, newline string) []byte {
	commented := len(c.above)+len(c.end)+len(c.trail) > 0
	p := printer{notes: c, track: commented}
	p.root(v)
	moved := false
	for _, m := range []struct {
		notes map[string][]string
		used  map[string]bool
		end   bool
	}{{c.above, p.usedAbove, false}, {c.end, p.usedEnd, true}} {
		for _, path := range slices.Sorted(maps.Keys(m.notes)) {
			if !m.used[path] && len(m.notes[path]) > 0 && !(m.end && path == "") {
				p.rehome(path, m.notes[path])
				delete(m.notes, path)
				moved = true
			}
		}
	}
	for _, path := range slices.Sorted(maps.Keys(c.trail)) {
		if !p.usedTrail[path] {
			p.rehome(path, []string{c.trail[path]})
			delete(c.trail, path)
			moved = true
		}
	}
	if moved {
		p = printer{notes: c, layouts: p.layouts}
		p.root(v)
	}
	out := p.bytes()
	if newline != "\n" {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte(newline))
	}
	return out
}

// rehome moves comments about path, which is not written, to the closest
// thing that is: above a key or item that holds it, or at the end of a
// table that does.
func (p *printer) rehome(path string, lines []string) {
	lines = slices.DeleteFunc(slices.Clone(lines), func(l string) bool { return l == "" })
	for a := path; ; {
		i := strings.LastIndexByte(a, '.')
		if i < 0 {
			a = ""
		} else {
			a = a[:i]
		}
		switch {
		case a == "":
			p.notes.add(&p.notes.end, "", lines...)
			return
		case p.asLine[a]:
			p.notes.add(&p.notes.above, a, lines...)
			return
		case p.asTable[a]:
			p.notes.add(&p.notes.end, a, lines...)
			return
		}
	}
}

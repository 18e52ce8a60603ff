package data

import (
	"reflect"
	"strconv"
	"strings"
)

// A field path names one value of a data file the way a form or a person
// names it, so that a problem can be shown beside its field and a comment
// written above it: "network.name", "network.results[0].title",
// "cities.palermo.lat", "partners.cesie.city",
// "cities.palermo.translations.it.name", "network.objectives[1]".
//
// A city or partner is named by its slug, when the slug is a valid one
// that no other city (or partner) of the file has; otherwise by its index,
// "cities[3].lat". Every other list, such as results, meetings, links and
// the items of objectives, is indexed from 0. A key that is not a plain
// word, such as a language written "en.GB", is quoted: translations."en.GB".
//
// Inside this package a path is the decoder's, with indices and keys alike
// joined by dots ("cities.3.lat"), as positions are indexed.

// names are the names of the cities and partners of a file by index: the
// slug where it names one element alone, "" where the index must do.
type names map[string][]string

// namesOf finds the names of the elements of the named lists (cities,
// partners) from their slugs, in file order.
func namesOf(slugs map[string][]string) names {
	ns := names{}
	for list, ss := range slugs {
		count := map[string]int{}
		for _, s := range ss {
			count[s]++
		}
		named := make([]string, len(ss))
		for i, s := range ss {
			if count[s] == 1 && len(s) <= maxSlug && isSlug(s) {
				named[i] = s
			}
		}
		ns[list] = named
	}
	return ns
}

// networkNames are the names of a network's cities and partners.
func networkNames(cities []City, partners []Partner) names {
	cs := make([]string, len(cities))
	for i, c := range cities {
		cs[i] = c.Slug
	}
	ps := make([]string, len(partners))
	for i, p := range partners {
		ps[i] = p.Slug
	}
	return namesOf(map[string][]string{"cities": cs, "partners": ps})
}

// named are the lists whose elements are named by their slugs.
var named = map[string]bool{"cities": true, "partners": true}

// fieldPath turns a path of the decoder's into a field path. The schema
// tells an index from a key that happens to be a number, as a language
// written "12" would be.
func (s schema) fieldPath(path string, ns names) string {
	if path == "" {
		return ""
	}
	var b strings.Builder
	t := s.root
	top := ""
	depth := 0
	for part := range strings.SplitSeq(path, ".") {
		switch {
		case t != nil && t.Kind() == reflect.Slice && isIndex(part):
			i, _ := strconv.Atoi(part)
			if list := ns[top]; depth == 1 && named[top] && i < len(list) && list[i] != "" {
				b.WriteString("." + list[i])
			} else {
				b.WriteString("[" + part + "]")
			}
			t = t.Elem()
			continue
		case b.Len() > 0:
			b.WriteByte('.')
		}
		b.WriteString(fieldKey(part))
		depth++
		if depth == 1 {
			top = part
		}
		t = s.step(t, part)
	}
	return b.String()
}

// step is the type of the value at key part of a value of type t, or nil
// when the format has no such key.
func (s schema) step(t reflect.Type, part string) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == nil:
		return nil
	case isMap(t):
		return t.Elem()
	case isTable(t):
		if f, ok := fieldByKey(t, part); ok {
			return f.Type
		}
	}
	return nil
}

func isIndex(part string) bool {
	return part != "" && strings.Trim(part, "0123456789") == ""
}

// fieldKey writes a key of a field path: bare when it is a plain word, as
// TOML writes bare keys, and quoted otherwise.
func fieldKey(k string) string {
	if isBareKey(k) {
		return k
	}
	return strconv.Quote(k)
}

// isBareKey reports whether TOML may write k without quotes.
func isBareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// decoderPath turns a field path into a path of the decoder's, or reports
// that it names nothing in a file of these names: a slug no element has,
// an index past the end, or text that is not a field path.
func (s schema) decoderPath(field string, ns names, lengths map[string]int) (string, bool) {
	var parts []string
	t := s.root
	rest := field
	for rest != "" {
		switch {
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 || t == nil || t.Kind() != reflect.Slice || !isIndex(rest[1:end]) {
				return "", false
			}
			i, _ := strconv.Atoi(rest[1:end])
			if n, ok := lengths[strings.Join(parts, ".")]; ok && i >= n {
				return "", false
			}
			parts = append(parts, strconv.Itoa(i))
			t = t.Elem()
			rest = rest[end+1:]
			continue
		case rest[0] == '.' && len(parts) > 0:
			rest = rest[1:]
		case len(parts) > 0:
			return "", false
		}
		var key string
		if strings.HasPrefix(rest, `"`) {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return "", false
			}
			key, _ = strconv.Unquote(q)
			rest = rest[len(q):]
		} else {
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			key, rest = rest[:end], rest[end:]
		}
		if t != nil && t.Kind() == reflect.Slice {
			// A slug names an element of cities or partners.
			top := strings.Join(parts, ".")
			i := -1
			if named[top] {
				for j, n := range ns[top] {
					if n == key {
						i = j
					}
				}
			}
			if i < 0 {
				return "", false
			}
			parts = append(parts, strconv.Itoa(i))
			t = t.Elem()
			continue
		}
		next := s.step(t, key)
		if next == nil {
			return "", false
		}
		parts = append(parts, key)
		t = next
	}
	return strings.Join(parts, "."), len(parts) > 0
}

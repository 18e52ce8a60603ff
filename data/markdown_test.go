package data

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

// Every Markdown text of a file is rendered when the file is read, the
// same as goldmark renders it, and pages in every language take that
// HTML instead of parsing the text again.
func TestMarkdownRenderedOnce(t *testing.T) {
	n, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := []Markdown{n.Summary}
	for _, tr := range n.Translations {
		texts = append(texts, tr.Summary)
	}
	for _, r := range n.Results {
		texts = append(texts, r.Description)
	}
	for _, c := range n.Cities {
		texts = append(texts, c.Description)
		for _, tr := range c.Translations {
			texts = append(texts, tr.Description)
		}
	}
	rendered := 0
	for _, md := range texts {
		if md == "" {
			continue
		}
		html, ok := n.lookup.html[md]
		if !ok {
			t.Errorf("%.40q was not rendered when the file was read", md)
			continue
		}
		var want bytes.Buffer
		if err := goldmark.Convert([]byte(md), &want); err != nil {
			t.Fatal(err)
		}
		if html != want.String() {
			t.Errorf("%.40q rendered as %q, want goldmark's %q", md, html, want.String())
		}
		n.lookup.html[md] = "kept"
		if got := n.HTML(md); got != "kept" {
			t.Errorf("HTML(%.40q) = %.40q: it rendered the text again instead of giving what was kept", md, got)
		}
		rendered++
	}
	if rendered < 9 {
		t.Errorf("only %d texts rendered; the default network has more", rendered)
	}
}

// slowMarkdown are texts built to take goldmark time in the square of
// their length, written up to each limit: paragraphs of MaxParagraph
// characters, quotes and lists MaxNesting deep.
var slowMarkdown = map[string]func(n int) string{
	"links left open":     func(n int) string { return strings.Repeat("[a](", n/4) },
	"nested brackets":     func(n int) string { return strings.Repeat("[", n/2) + strings.Repeat("]", n/2) },
	"mismatched emphasis": func(n int) string { return strings.Repeat("*a_ ", n/4) },
	"emphasis by threes":  func(n int) string { return "a**b" + strings.Repeat("c* ", n/3-2) },
	"link titles open":    func(n int) string { return strings.Repeat("[a](b (\n", n/8) },
	"quotes":              func(n int) string { return strings.Repeat("> ", MaxNesting) + strings.Repeat("a", n-2*MaxNesting) },
	"lists":               func(n int) string { return nestedLists(n) },
	"plain prose":         func(n int) string { return strings.Repeat("The city worked on its district. ", n/33) },
}

// nestedLists is lists MaxNesting deep, repeated to about n characters.
func nestedLists(n int) string {
	var b strings.Builder
	for b.Len() < n {
		for i := range MaxNesting {
			b.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// slowText fills size characters with paragraphs made by pattern.
func slowText(pattern func(int) string, size int) []byte {
	paragraph := pattern(MaxParagraph)
	var b strings.Builder
	for b.Len()+len(paragraph)+2 <= size {
		b.WriteString(paragraph)
		b.WriteString("\n\n")
	}
	return []byte(b.String())
}

// BenchmarkMarkdown shows Markdown parsed and rendered in time in
// proportion to its length, however it is built: the time per byte stays
// the same from a quarter of the longest text to the longest.
// go test ./data -run '^$' -bench Markdown prints ns/byte for each.
func BenchmarkMarkdown(b *testing.B) {
	m := newMarkdown()
	for _, name := range []string{"plain prose", "links left open", "nested brackets", "mismatched emphasis", "emphasis by threes", "link titles open", "quotes", "lists"} {
		for _, size := range []int{MaxMarkdown / 4, MaxMarkdown / 2, MaxMarkdown} {
			src := slowText(slowMarkdown[name], size)
			b.Run(fmt.Sprintf("%s/%d", strings.ReplaceAll(name, " ", "-"), size), func(b *testing.B) {
				for b.Loop() {
					doc, problem, _ := m.parse(src)
					if problem != "" {
						b.Fatalf("%d characters of %s: %s", len(src), name, problem)
					}
					if _, err := m.render(src, doc); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(src)), "ns/byte")
			})
		}
	}
}

// Every text a data file may hold has a limit: each string field of the
// format's tables, translations included, has one by its key, and
// Markdown has its own.
func TestEveryTextHasALimit(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string)
	check := func(tb *testing.T, ft reflect.Type, path, key string) {
		switch {
		case ft == reflect.TypeFor[Markdown]():
		case ft.Kind() == reflect.String || ft == reflect.TypeFor[[]string]():
			if maxText(key) == 0 {
				tb.Errorf("%s has no length limit", path)
			}
		}
	}
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			key := f.Tag.Get("toml")
			if key == "" || key == "-" {
				continue
			}
			check(t, f.Type, path+"."+key, key)
			walk(f.Type, path+"."+key)
		}
	}
	walk(reflect.TypeFor[file](), "")
	walk(reflect.TypeFor[atlasFile](), "")
	if len(seen) < 12 {
		t.Errorf("only %d tables walked", len(seen))
	}
}

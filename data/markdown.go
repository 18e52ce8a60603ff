package data

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits on Markdown texts. goldmark takes time that grows with the square
// of a paragraph's length on some inputs (links left open, emphasis that
// never closes) and with the square of the depth of nested quotes and
// lists; within these limits, parsing takes time in proportion to the
// text's length.
const (
	// MaxMarkdown is the length of a Markdown text, in characters: a
	// description of a few pages.
	MaxMarkdown = 10_000
	// MaxParagraph is the length of one paragraph or heading of Markdown,
	// in characters.
	MaxParagraph = 2_000
	// MaxNesting is how deep quotes and lists may be nested in Markdown.
	MaxNesting = 16
)

// markdown parses and renders Markdown texts with goldmark's defaults (raw
// HTML left out, unsafe links dropped), within the limits above. The parse
// itself keeps to them: a quote or list nested deeper is not opened and a
// paragraph that is too long is dropped before its text is parsed, so a
// text built to be slow costs no more than a plain one of its length. One
// markdown parses one text at a time.
type markdown struct {
	parser   parser.Parser
	renderer renderer.Renderer
	// problem is the first limit the text being parsed passed, and the
	// offset in the text where.
	problem string
	at      int
}

func newMarkdown() *markdown {
	m := &markdown{renderer: goldmark.DefaultRenderer()}
	nested := func(bp parser.BlockParser) parser.BlockParser { return nestedBlock{bp, m} }
	m.parser = parser.NewParser(
		// goldmark's defaults (parser.DefaultBlockParsers), with their
		// priorities, quotes and lists bounded in depth and headings in
		// length.
		parser.WithBlockParsers(
			util.Prioritized(parser.NewSetextHeadingParser(), 100),
			util.Prioritized(parser.NewThematicBreakParser(), 200),
			util.Prioritized(nested(parser.NewListParser()), 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(headingBlock{parser.NewATXHeadingParser(), m}, 600),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(nested(parser.NewBlockquoteParser()), 800),
			util.Prioritized(parser.NewHTMLBlockParser(), 900),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		// Paragraphs are measured before link definitions are read out of
		// them, which is as slow as the rest.
		parser.WithParagraphTransformers(append([]util.PrioritizedValue{util.Prioritized(paragraphLimit{m}, 0)}, parser.DefaultParagraphTransformers()...)...),
	)
	return m
}

// parse parses a text; problem is "" when it keeps to the limits, or
// says which one it passes, at the offset at in the text.
func (m *markdown) parse(src []byte) (doc ast.Node, problem string, at int) {
	m.problem, m.at = "", 0
	if n := utf8.RuneCount(src); n > MaxMarkdown {
		return nil, fmt.Sprintf("the text is %s characters long, more than the %s a Markdown text may have: shorten it", thousands(n), thousands(MaxMarkdown)), 0
	}
	doc = m.parser.Parse(text.NewReader(src))
	return doc, m.problem, m.at
}

// Preview renders a Markdown text as the site does, within the same
// limits: its HTML, or what is wrong with it, for a form to show before
// the text is saved.
func Preview(md Markdown) (html, problem string) {
	m := newMarkdown()
	src := []byte(md)
	doc, problem, _ := m.parse(src)
	if problem != "" {
		return "", problem
	}
	html, err := m.render(src, doc)
	if err != nil {
		return "", err.Error()
	}
	return html, ""
}

// render writes a parsed text as HTML.
func (m *markdown) render(src []byte, doc ast.Node) (string, error) {
	var b bytes.Buffer
	if err := m.renderer.Render(&b, src, doc); err != nil {
		return "", err
	}
	return b.String(), nil
}

// exceeded notes the first limit a text passes, at an offset in it.
func (m *markdown) exceeded(at int, format string, args ...any) {
	if m.problem == "" {
		m.problem, m.at = fmt.Sprintf(format, args...), at
	}
}

// nestedBlock opens a quote or list only within MaxNesting levels.
type nestedBlock struct {
	parser.BlockParser
	m *markdown
}

func (b nestedBlock) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, at := reader.Position()
	node, state := b.BlockParser.Open(parent, reader, pc)
	if node == nil {
		return node, state
	}
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindList {
			depth++
		}
	}
	if depth >= MaxNesting {
		reader.SetPosition(line, at)
		b.m.exceeded(at.Start, "quotes and lists are nested more than %d deep: flatten them", MaxNesting)
		return nil, parser.NoChildren
	}
	return node, state
}

// headingBlock drops a heading longer than MaxParagraph before its text is
// parsed.
type headingBlock struct {
	parser.BlockParser
	m *markdown
}

func (b headingBlock) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	b.BlockParser.Close(node, reader, pc)
	if n, at := length(node.Lines(), reader.Source()); n > MaxParagraph {
		b.m.exceeded(at, "a heading of %s characters, more than the %s a heading may have: shorten it", thousands(n), thousands(MaxParagraph))
		node.SetLines(text.NewSegments())
	}
}

// paragraphLimit drops a paragraph longer than MaxParagraph before its
// text is parsed.
type paragraphLimit struct{ m *markdown }

func (p paragraphLimit) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if n, at := length(node.Lines(), reader.Source()); n > MaxParagraph {
		p.m.exceeded(at, "a paragraph of %s characters, more than the %s a paragraph may have: split it with a blank line", thousands(n), thousands(MaxParagraph))
		node.Parent().RemoveChild(node.Parent(), node)
	}
}

// length is the number of characters in lines, line breaks aside, and
// where they start.
func length(lines *text.Segments, src []byte) (n, at int) {
	for i := range lines.Len() {
		s := lines.At(i)
		if i == 0 {
			at = s.Start
		}
		n += utf8.RuneCount(bytes.TrimRight(s.Value(src), "\r\n"))
	}
	return n, at
}

// HTML returns a Markdown text of the network as HTML. Parse renders every
// text of the file once; a text it did not see, as in a Network made
// otherwise, is rendered now.
func (n *Network) HTML(md Markdown) string {
	if n.lookup != nil {
		if html, ok := n.lookup.html[md]; ok {
			return html
		}
	}
	var b bytes.Buffer
	if err := goldmark.Convert([]byte(md), &b); err != nil {
		return ""
	}
	return b.String()
}

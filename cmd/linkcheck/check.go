package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// checker checks the links of Markdown files, reading each file a link
// leads to once for its headings' anchors.
type checker struct {
	root    string
	md      goldmark.Markdown
	anchors map[string]map[string]bool // by cleaned path
}

func newChecker(root string) *checker {
	return &checker{
		root:    root,
		md:      goldmark.New(goldmark.WithExtensions(extension.GFM)),
		anchors: map[string]map[string]bool{},
	}
}

// check reports file's broken links as "FILE:LINE: ..." lines, and how
// many links it checked.
func (c *checker) check(file string) (int, []string, error) {
	source, err := os.ReadFile(file)
	if err != nil {
		return 0, nil, err
	}
	doc := c.md.Parser().Parse(text.NewReader(source))
	c.remember(file, doc, source)
	var problems []string
	links := 0
	err = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch l := n.(type) {
		case *ast.Link:
			dest = l.Destination
		case *ast.Image:
			dest = l.Destination
		default:
			return ast.WalkContinue, nil
		}
		links++
		if p := c.follow(file, string(dest)); p != "" {
			problems = append(problems, fmt.Sprintf("%s:%d: link %q: %s", file, line(source, n), dest, p))
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return links, problems, nil
}

// follow says what is wrong with the link dest in file, or "" when
// nothing is.
func (c *checker) follow(file, dest string) string {
	u, err := url.Parse(dest)
	if err != nil {
		return fmt.Sprintf("not an address (%v): write it as a relative path, such as docs/running.md#limits", err)
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // elsewhere: not fetched
	}
	target := file
	if u.Path != "" {
		if strings.HasPrefix(u.Path, "/") {
			target = filepath.Join(c.root, filepath.FromSlash(u.Path))
		} else {
			target = filepath.Join(filepath.Dir(file), filepath.FromSlash(u.Path))
		}
		info, err := os.Stat(target)
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Sprintf("no file %s", filepath.ToSlash(target))
		}
		if err != nil {
			return err.Error()
		}
		if info.IsDir() || !isMarkdown(target) {
			return "" // GitHub's own anchors of folders and files (#L10) are not checked
		}
	}
	if u.Fragment == "" {
		return ""
	}
	anchors, err := c.anchorsOf(target)
	if err != nil {
		return err.Error()
	}
	if anchors[u.Fragment] {
		return ""
	}
	where := "this file"
	if target != file {
		where = filepath.ToSlash(target)
	}
	msg := fmt.Sprintf("no heading in %s has the anchor #%s", where, u.Fragment)
	if near := nearest(u.Fragment, anchors); near != "" {
		msg += fmt.Sprintf(": did you mean #%s?", near)
	}
	return msg
}

func isMarkdown(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".md" || ext == ".markdown"
}

// anchorsOf returns the anchors of the Markdown file's headings.
func (c *checker) anchorsOf(file string) (map[string]bool, error) {
	if a, ok := c.anchors[filepath.Clean(file)]; ok {
		return a, nil
	}
	source, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return c.remember(file, c.md.Parser().Parse(text.NewReader(source)), source), nil
}

// remember keeps the anchors of file's headings, given its parsed doc.
func (c *checker) remember(file string, doc ast.Node, source []byte) map[string]bool {
	key := filepath.Clean(file)
	if a, ok := c.anchors[key]; ok {
		return a
	}
	s := slugger{}
	anchors := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			anchors[s.slug(plainText(h, source))] = true
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	c.anchors[key] = anchors
	return anchors
}

// plainText is the text of a heading as GitHub makes its anchor from it:
// the text of code spans, emphasis and links, without their marks.
func plainText(n ast.Node, source []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// line is the line of source on which node n starts: a link's opening
// bracket, or failing that the first line of the block it is in.
func line(source []byte, n ast.Node) int {
	pos := -1
	for m := n; m != nil && pos < 0; m = m.Parent() {
		if m.Type() == ast.TypeBlock && m.Lines().Len() > 0 {
			pos = m.Lines().At(0).Start
		} else {
			pos = m.Pos()
		}
	}
	if pos < 0 {
		return 1
	}
	return 1 + bytes.Count(source[:pos], []byte("\n"))
}

// nearest is the anchor closest to a in spelling, if one is close enough
// to be what was meant.
func nearest(a string, anchors map[string]bool) string {
	names := make([]string, 0, len(anchors))
	for name := range anchors {
		names = append(names, name)
	}
	sort.Strings(names)
	best, bestDist := "", len(a)/3+1
	for _, name := range names {
		if d := distance(a, name); d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

package components

import (
	"html"
	"strconv"
	"strings"
)

// SnippetView says what an embed snippet embeds and how.
type SnippetView struct {
	Src    string // absolute address of the embed
	Title  string // the iframe's accessible name
	Width  int    // pixels; 0 for the width of the host page's column
	Height string // pixels; the starting height when the frame grows
	// Grow marks the frame for /embed.js, which sizes it to its content on
	// pages that include the script.
	Grow   bool
	Script string // absolute address of /embed.js, to include it; "" leaves it out
	Link   string // absolute address of the page, for places that strip iframes; "" for none
}

// Snippet is what a host page pastes to embed the map: the iframe, the
// auto-height script when asked for, and a plain link for places that
// strip iframes. The builder and oEmbed both use it. It is written one
// element per line, for people to read before they paste it.
//
// A frame with a width in pixels never grows past its column (max-width),
// so that it fits the size oEmbed reports; one without takes the
// column's width. Either way the attributes are valid HTML, which takes
// pixels only.
func Snippet(s SnippetView) string {
	attr := html.EscapeString
	var b strings.Builder
	b.WriteString(`<iframe src="` + attr(s.Src) + `" title="` + attr(s.Title) + `"`)
	// A block, so that no line box adds to the height.
	style := "display:block;border:0;width:100%"
	if s.Width > 0 {
		b.WriteString(` width="` + strconv.Itoa(s.Width) + `"`)
		style = "display:block;border:0;max-width:100%"
	}
	b.WriteString(` height="` + attr(s.Height) + `" loading="lazy" allow="fullscreen" style="` + style + `"`)
	if s.Grow {
		b.WriteString(` data-partnermap-height="auto"`)
	}
	b.WriteString("></iframe>\n")
	if s.Script != "" {
		b.WriteString(`<script src="` + attr(s.Script) + `" async></script>` + "\n")
	}
	if s.Link != "" {
		b.WriteString(`<p><a href="` + attr(s.Link) + `">` + attr(s.Title) + "</a></p>\n")
	}
	return b.String()
}

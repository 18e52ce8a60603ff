package components

import (
	"html"
	"strings"
)

// SnippetView says what an embed snippet embeds and how.
type SnippetView struct {
	Src      string // absolute address of the embed
	Title    string // the iframe's accessible name
	Height   string // pixels; the starting height when Auto
	Auto     bool   // include the auto-height script
	Script   string // absolute address of that script
	Link     string // absolute address of the page, for places that strip iframes
	LinkText string
}

// Snippet is what a host page pastes to embed the map: the iframe, the
// auto-height script when asked for, and a plain link for places that
// strip iframes. The builder and the oEmbed endpoint both use it. It is
// written one element per line, for people to read before they paste it.
func Snippet(s SnippetView) string {
	attr := html.EscapeString
	var b strings.Builder
	b.WriteString(`<iframe src="` + attr(s.Src) + `" title="` + attr(s.Title) + `" width="100%" height="` + attr(s.Height) +
		`" loading="lazy" allow="fullscreen" style="border:0"`)
	if s.Auto {
		b.WriteString(` data-partnermap-height="auto"`)
	}
	b.WriteString("></iframe>\n")
	if s.Auto {
		b.WriteString(`<script src="` + attr(s.Script) + `" async></script>` + "\n")
	}
	b.WriteString(`<p><a href="` + attr(s.Link) + `">` + html.EscapeString(s.LinkText) + "</a></p>\n")
	return b.String()
}

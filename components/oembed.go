package components

import "strings"

// oembedJSON is the absolute address of the page's oEmbed JSON file, on
// the same origin as its endpoint p.OEmbed.
func (p Page) oembedJSON() string {
	return strings.TrimSuffix(p.OEmbed, Paths{}.OEmbed()) + p.Paths.Full().OEmbedFile(p.Selected)
}

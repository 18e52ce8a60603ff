package components

import "strings"

// OEmbedFile is the path of a page's oEmbed description as a file: city
// is the city's slug, "" for the network. Static hosts cannot answer
// /oembed?url=..., so pages announce these for JSON.
func OEmbedFile(city string) string {
	if city == "" {
		return "/oembed/network.json"
	}
	return "/oembed/cities/" + city + ".json"
}

// oembedJSON is the absolute address of the page's oEmbed JSON file, on
// the same origin as its endpoint p.OEmbed.
func (p Page) oembedJSON() string {
	return strings.TrimSuffix(p.OEmbed, Paths{}.OEmbed()) + OEmbedFile(p.Selected)
}

package web

import (
	"strings"

	"partnermap/components"
	"partnermap/data"
	"partnermap/geo"
)

// has reports whether the network's site has an address, from the
// network's data and its kinds of pages alone: an atlas asks before it
// builds the site, so that a request its site would answer 404, or with a
// redirect, builds nothing. TestPartAddresses holds it to what addRoutes
// registers.
func (p *part) has(path, rawQuery string) bool {
	n := p.network
	lang, rest := components.SplitLanguage(path)
	city := func(slug string) bool {
		_, ok := n.City(slug)
		return ok
	}
	for _, a := range p.addresses() {
		if (a.neutral && lang != "") || (a.detailsShown && !parseEmbedOptions(rawQuery).Details) {
			continue
		}
		if a.each == once && rest == a.before {
			return true
		}
		if slug, ok := between(rest, a.before, a.after); ok && a.each != once && city(slug) {
			return true
		}
	}
	// The basemap and the preview images, at one address each.
	network := components.NetworkAt(n.Slug)
	if lang == "" && (strings.HasPrefix(rest, network+"/static/") || strings.HasPrefix(rest, network+"/previews/")) {
		return p.fingerprints()[path]
	}
	return false
}

// addressPattern is a kind's address in a network's site, in the
// default language, split where the slug goes: the whole address is in
// before for a kind of one address.
type addressPattern struct {
	before, after         string
	each                  each
	neutral, detailsShown bool
}

// addressPatterns are the addresses of a network's kinds of pages, and
// of the oEmbed files of those that have them, made once so that a
// request asks without making any.
func addressPatterns(kinds []pageKind[*routeBuilder], n *data.Network) []addressPattern {
	paths := components.Paths{Network: components.NetworkAt(n.Slug)}
	var patterns []addressPattern
	add := func(address string, each each, neutral, detailsShown bool) {
		before, after, _ := strings.Cut(address, "{slug}")
		patterns = append(patterns, addressPattern{before, after, each, neutral, detailsShown})
	}
	for i := range kinds {
		k := &kinds[i]
		if k.only != nil && !k.only(n) {
			continue
		}
		slug := ""
		if k.each != once {
			slug = "{slug}"
		}
		add(k.address(paths, slug), k.each, k.neutral, k.embed == detailsShown)
		if k.oembed {
			add(paths.OEmbedFile(slug, "json"), k.each, false, false)
			add(paths.OEmbedFile(slug, "xml"), k.each, false, false)
		}
	}
	return patterns
}

// between is what s has between a prefix and a suffix, if it has both
// and something between them without a slash.
func between(s, prefix, suffix string) (string, bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return "", false
	}
	middle, ok := strings.CutSuffix(rest, suffix)
	if !ok || middle == "" || strings.Contains(middle, "/") {
		return "", false
	}
	return middle, true
}

// fingerprints are the addresses of a network's site named after their
// content: its basemap and its preview images. Finding them takes the
// basemap's outlines, a fraction of a build, so an atlas finds them only
// when asked for such an address of a network not built.
func (b *Builder) fingerprints(n *data.Network, paths components.Paths) map[string]bool {
	addresses := map[string]bool{}
	if basemap, err := b.networkBasemap(n, geo.Expand(geo.Square(geo.Bounds(n)), basemapMargin)); err == nil {
		addresses[basemapPath(paths, basemap)] = true
	}
	if geojson, err := b.networkGeoJSON(n, paths); err == nil {
		for _, pv := range b.previewImages(n, paths, geojson) {
			addresses[pv.path] = true
		}
	}
	return addresses
}

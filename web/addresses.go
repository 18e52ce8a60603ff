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
	paths := components.Paths{Network: components.NetworkAt(n.Slug)}
	if !strings.HasPrefix(rest, paths.Network+"/") {
		return false
	}
	city := func(_ each, slug string) bool {
		_, ok := n.City(slug)
		return ok
	}
	for i := range p.kinds {
		k := &p.kinds[i]
		if (k.neutral && lang != "") || (k.only != nil && !k.only(n)) {
			continue
		}
		if k.has(paths, rest, rawQuery, city) {
			return true
		}
		// A page's oEmbed files, in every language.
		if k.oembed && (oembedFileKind(paths, k, "json").has(paths, rest, "", city) || oembedFileKind(paths, k, "xml").has(paths, rest, "", city)) {
			return true
		}
	}
	// The basemap and the preview images, at one address each.
	if lang == "" && (strings.HasPrefix(rest, paths.Network+"/static/") || strings.HasPrefix(rest, paths.Network+"/previews/")) {
		return p.fingerprints()[path]
	}
	return false
}

// oembedFileKind is the kind of a page's oEmbed files in a format.
func oembedFileKind(paths components.Paths, page *pageKind[*routeBuilder], format string) *pageKind[*routeBuilder] {
	slug := ""
	if page.each != once {
		slug = "{slug}"
	}
	pattern := paths.OEmbedFile(slug, format)
	return &pageKind[*routeBuilder]{each: page.each, at: func(_ components.Paths, slug string) string {
		return strings.Replace(pattern, "{slug}", slug, 1)
	}}
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

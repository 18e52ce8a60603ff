package web

import (
	"strings"

	"partnermap/components"
	"partnermap/data"
	"partnermap/geo"
)

// has reports whether the network's site has an address, from the
// network's data alone: an atlas asks before it builds the site, so that
// a request its site would answer 404, or with a redirect, builds
// nothing. It follows addRoutes, which registers the same addresses, and
// TestPartAddresses holds the two together.
func (p *part) has(path, rawQuery string) bool {
	n := p.network
	lang, rest := components.SplitLanguage(path)
	rest, ok := strings.CutPrefix(rest, components.NetworkAt(n.Slug))
	if !ok {
		return false
	}
	compact := len(n.Cities) >= compactFrom
	city := func(slug string) bool {
		_, ok := n.City(slug)
		return ok
	}
	// Pages, panels, embeds and oEmbed files, in every language. An
	// embed's panel is there only with the details shown.
	switch rest {
	case "/", "/embed/", "/embed-builder/", "/fragments/network.html", "/oembed/network.json", "/oembed/network.xml":
		return true
	case "/fragments/cities.html", "/fragments/embed/cities.html":
		return compact
	case "/fragments/embed/network.html":
		return parseEmbedOptions(rawQuery).Details
	}
	for _, at := range []struct{ before, after string }{
		{"/cities/", "/"}, {"/embed/cities/", "/"}, {"/fragments/cities/", ".html"},
		{"/oembed/cities/", ".json"}, {"/oembed/cities/", ".xml"},
	} {
		if slug, ok := between(rest, at.before, at.after); ok {
			return city(slug)
		}
	}
	if slug, ok := between(rest, "/fragments/embed/cities/", ".html"); ok {
		return city(slug) && parseEmbedOptions(rawQuery).Details
	}
	// Files, the same in every language, at one address each.
	if lang != "" {
		return false
	}
	switch rest {
	case "/api/network.geojson", "/api/cities.geojson", "/api/links.geojson", "/api/network.csv", "/api/network.xlsx", "/api/network.kml":
		return true
	}
	if slug, ok := between(rest, "/api/cities/", ".geojson"); ok {
		return city(slug)
	}
	if strings.HasPrefix(rest, "/static/") || strings.HasPrefix(rest, "/previews/") {
		return p.fingerprints()[path]
	}
	return false
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

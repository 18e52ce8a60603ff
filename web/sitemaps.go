package web

import (
	"encoding/xml"

	"partnermap/components"
)

// addSitemaps lists the pages search engines should know: a sitemap per
// language, which /sitemap.xml indexes and robots.txt names. pages gives
// the addresses of the site's pages in a language. Embeds are left out:
// they say noindex, and their full pages are listed. Each page names its
// versions in the other languages itself (hreflang).
func (b *Builder) addSitemaps(s *Site, pages func(in components.Paths) []string) (order []*lazyResource) {
	const ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
	type loc struct {
		Loc string `xml:"loc"`
	}
	encode := func(v any) (*Resource, error) {
		body, err := xml.MarshalIndent(v, "", "  ")
		return newResource(typeXML, cacheRevalidate, append([]byte(xml.Header), append(body, '\n')...)), err
	}
	index := struct {
		XMLName  xml.Name `xml:"sitemapindex"`
		NS       string   `xml:"xmlns,attr"`
		Sitemaps []loc    `xml:"sitemap"`
	}{NS: ns}
	for _, lang := range b.languages.Languages() {
		path := "/sitemaps/" + lang.Tag + ".xml"
		index.Sitemaps = append(index.Sitemaps, loc{b.abs(path)})
		in := components.Paths{}.In(lang.Tag)
		l := neutral(func() (*Resource, error) {
			set := struct {
				XMLName xml.Name `xml:"urlset"`
				NS      string   `xml:"xmlns,attr"`
				URLs    []loc    `xml:"url"`
			}{NS: ns}
			for _, p := range pages(in) {
				set.URLs = append(set.URLs, loc{b.abs(p)})
			}
			return encode(set)
		})
		s.lazy[path] = l
		order = append(order, l)
	}
	// The index is a few lines: it cannot fail to encode.
	s.routes["/sitemap.xml"], _ = encode(index)
	// Fragments are in every language and, in an atlas, in every network:
	// a wildcard reaches those, for the crawlers that read one. Under a
	// path, crawlers read the host's robots.txt, not this one: its lines
	// are for the host's to take in.
	robots := "User-agent: *\nDisallow: " + b.root + "/fragments/\n"
	for _, lang := range b.languages.Languages()[1:] {
		robots += "Disallow: " + b.root + "/" + lang.Tag + "/fragments/\n"
	}
	robots += "Disallow: " + b.root + "/*/fragments/\nSitemap: " + b.abs("/sitemap.xml") + "\n"
	s.routes["/robots.txt"] = newResource("text/plain; charset=utf-8", cacheRevalidate, []byte(robots))
	return order
}

// pages are the addresses of the network's pages in a language, for the
// sitemaps of a site of one network.
func (r *routeBuilder) pages(in components.Paths) []string {
	return sitemapPages(r.networkPages, in, r.network, true, r.slugs)
}

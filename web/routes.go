package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/a-h/templ"
	"github.com/paulmach/orb"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/geo"
)

const (
	typeHTML    = "text/html; charset=utf-8"
	typeGeoJSON = "application/geo+json"
	typeJS      = "text/javascript; charset=utf-8"
	typeJSON    = "application/json; charset=utf-8"
	// typeXML is the sitemaps' and oEmbed's: oEmbed asks for text/xml, and
	// static hosts give one type to an extension.
	typeXML = "text/xml; charset=utf-8"
)

// cacheShort is for /embed.js: host pages keep its address for years, so
// it cannot be fingerprinted, and a fix must reach them within the hour.
const cacheShort = "public, max-age=3600"

// compactFrom is the number of cities from which a network's pages stop
// carrying every city: city pages and embeds fetch the list as one shared
// fragment, and draw only their own city. Were every page to hold every
// city, the site would grow with the square of the network.
const compactFrom = 150

// clusterFrom is the number of cities beyond which the map groups markers
// that would overlap into clusters: a few dozen markers still read one by
// one, hundreds only cover the map.
const clusterFrom = 50

// addRoutes is the site's route table: every path it answers and what it
// answers with.
//
//	/                                    the network page
//	/cities/{slug}/                      a city's page
//	/embed/, /embed/cities/{slug}/       the same for iframes; ?list=0&lines=0&details=0
//	/embed-builder/                      makes embed snippets
//	/embed.js                            the auto-height script for host pages
//	/oembed                              oEmbed for the network and city pages (handleOEmbed)
//	/oembed/network.json, /oembed/cities/{slug}.xml  the same as files (addOEmbedFiles)
//	/fragments/[embed/]network.html      the overview panel alone, for the map script
//	/fragments/[embed/]cities/{slug}.html a city's panel alone
//	/fragments/[embed/]cities.html       the list of cities alone, for a large network
//	/fragments/suggestion.html           the offer of the site in a visitor's language
//	/api/network.geojson                 cities and lead-partner links
//	/api/cities.geojson, /api/links.geojson  each alone
//	/api/network.csv, /api/network.kml   the partners for spreadsheets, the network for GIS (addDownloads)
//	/api/network.xlsx                    the partners as a workbook that partnermap import reads
//	/api/cities/{slug}.geojson           a city's Feature alone
//	/static/...                          fingerprinted assets, the basemap
//	/previews/...                        fingerprinted link-preview images
//	/sitemap.xml, /sitemaps/{lang}.xml   for search engines, with /robots.txt
//	/favicon.ico                         the icon, for those who ask for it there
//
// Pages, panels, embeds, the builder, the offers and the oEmbed files are
// in every interface language: in the default one at the addresses above,
// in the others under /{lang} (/it/, /it/cities/palermo/,
// /it/fragments/network.html).
//
// What a first visit to / needs is rendered here; the rest is registered
// to be rendered when first asked for (see lazyResource). In an atlas,
// atlasName is the atlas's name in a language (components.Paths.Lang),
// which the network's pages lead back to; nil on a site of one network.
func (b *Builder) addRoutes(s *Site, n *data.Network, atlasName func(lang string) string) error {
	r := routeBuilder{Builder: b, site: s, network: n, paths: s.paths, compact: len(n.Cities) >= compactFrom, locales: map[string]locale{}, suggestions: map[string]string{}, atlasName: atlasName}
	for _, l := range b.languages.Languages() {
		t, _ := b.languages.In(l.Tag)
		full := r.paths.In(l.Tag).Under(b.root)
		r.locales[full.Lang] = locale{t: t, full: full}
		r.suggestions[l.Tag] = full.Suggestion()
	}
	full := r.paths

	geojson, err := b.networkGeoJSON(n, full)
	if err != nil {
		return err
	}
	s.routes[full.GeoJSON()] = openData(newResource(typeGeoJSON, cacheRevalidate, geojson))
	downloads := r.addDownloads(len(geojson))

	r.cities = geo.Bounds(n)
	r.view = geo.Expand(geo.Square(r.cities), basemapMargin)
	basemap, err := b.networkBasemap(n, r.view)
	if err != nil {
		return err
	}
	r.basemap = basemapPath(full, basemap)
	s.routes[r.basemap] = newResource(typeJSON, cacheImmutable, basemap)

	r.picture = pictureView(n, geo.NewPicture(n, b.countries, pictureWidth, pictureHeight,
		orb.Bound{Min: orb.Point{pictureMargin, pictureMargin}, Max: orb.Point{pictureWidth - pictureMargin, pictureHeight - pictureMargin}}), pictureMarks(b.style.Marks))
	if r.compact {
		r.overview = &components.Picture{Width: r.picture.Width, Height: r.picture.Height, Countries: r.picture.Countries, Cities: r.picture.Cities, Plain: true, Marks: r.picture.Marks}
	}
	r.addPreviews(geojson)

	// The site's own pages, and the panels the map script fetches.
	network := func(l locale) components.Page {
		t := l.t
		p := r.page(l, l.full, "", t.T("title.network", "Network", n.Name), r.description(t), components.Paths.Home)
		p.OEmbed = r.oembedLinks(l, "")
		p.LinkedData = r.projectData()
		return p
	}
	overview := func(l locale) components.NetworkView {
		return networkView(n, l.t, l.full, networkFiles(n, downloads.measuredSizes(), l.t, l.full))
	}
	r.localized(full.Home(), func(l locale) templ.Component { return components.NetworkPage(network(l), overview(l)) })
	r.localized(full.NetworkPanel(), func(l locale) templ.Component { return components.NetworkPanel(network(l), overview(l)) })
	if r.compact {
		r.localized(full.CityList(), func(l locale) templ.Component { return components.CityLinks(network(l)) })
	}
	// The network's page and panel are what a first visit needs.
	r.eager(full.Home(), full.NetworkPanel(), full.CityList())
	s.targets[full.Home()], s.targets[r.defaultEmbed().Home()] = "", ""
	for i := range n.Cities {
		c := &n.Cities[i]
		page := func(l locale) components.Page {
			t, name := l.t, c.NameIn(l.t.Lang).Text
			p := r.page(l, l.full, c.Slug, t.T("title.city", "City", name, "Network", n.Name), r.cityDescription(t, c), func(p components.Paths) string { return p.City(c.Slug) })
			p.OEmbed = r.oembedLinks(l, c.Slug)
			p.LinkedData = r.cityData(c)
			return p
		}
		details := func(l locale) components.CityView {
			v := cityView(n, c, l.t, l.full, cityFiles(n, c, downloads.city(c), downloads.measuredSizes(), l.t, l.full))
			if r.atlasName != nil {
				v.Place = atlasPaths(l.full).Place(c.Slug)
			}
			return v
		}
		r.localized(full.City(c.Slug), func(l locale) templ.Component { return components.CityPage(page(l), details(l)) })
		r.localized(full.CityPanel(c.Slug), func(l locale) templ.Component { return components.CityPanel(page(l), details(l)) })
		s.targets[full.City(c.Slug)], s.targets[r.defaultEmbed().City(c.Slug)] = c.Slug, c.Slug
	}
	s.target = r.oembedTarget
	r.addBuilder()

	// Every embed in every combination of options, chosen by the query.
	embed := func(o components.EmbedOptions, l locale) components.Paths {
		return components.Paths{Root: l.full.Root, Embed: &o, Lang: l.full.Lang, Network: r.paths.Network}
	}
	networkEmbed := func(o components.EmbedOptions, l locale) components.Page {
		return r.page(l, embed(o, l), "", l.t.T("title.network", "Network", n.Name), "", components.Paths.Home)
	}
	r.localizedVariants(r.defaultEmbed().Home(), false, func(o components.EmbedOptions, l locale) templ.Component {
		p := networkEmbed(o, l)
		return components.EmbedPage(p, components.NetworkPanel(p, networkView(n, l.t, p.Paths, nil)))
	})
	r.localizedVariants(r.defaultEmbed().NetworkPanel(), true, func(o components.EmbedOptions, l locale) templ.Component {
		p := networkEmbed(o, l)
		return components.NetworkPanel(p, networkView(n, l.t, p.Paths, nil))
	})
	if r.compact {
		r.localizedVariants(r.defaultEmbed().CityList(), false, func(o components.EmbedOptions, l locale) templ.Component {
			p := networkEmbed(o, l)
			p.Cities = cityItems(n, l.t, p.Paths) // the list its pages leave out
			return components.CityLinks(p)
		})
	}
	for i := range n.Cities {
		c := &n.Cities[i]
		page := func(o components.EmbedOptions, l locale) components.Page {
			return r.page(l, embed(o, l), c.Slug, l.t.T("title.city", "City", c.NameIn(l.t.Lang).Text, "Network", n.Name), r.cityDescription(l.t, c), func(p components.Paths) string { return p.City(c.Slug) })
		}
		r.localizedVariants(r.defaultEmbed().City(c.Slug), false, func(o components.EmbedOptions, l locale) templ.Component {
			p := page(o, l)
			return components.EmbedPage(p, components.CityPanel(p, cityView(n, c, l.t, p.Paths, nil)))
		})
		r.localizedVariants(r.defaultEmbed().CityPanel(c.Slug), true, func(o components.EmbedOptions, l locale) templ.Component {
			p := page(o, l)
			return components.CityPanel(p, cityView(n, c, l.t, p.Paths, nil))
		})
	}
	if !r.part() {
		r.addSiteRoutes()
		r.order = append(r.order, r.addSitemaps(s, r.pages)...)
	}
	// A small network is rendered whole in the background; a large one's
	// pages, which no one may ever visit, are rendered on demand.
	if !r.compact {
		s.order = r.order
	}
	r.fail(downloads.failed())
	// The renderers keep r, which must not keep this site: the site
	// compressed at the best levels takes its renderers and replaces it.
	r.site = nil
	return r.err
}

// networkGeoJSON is the network's cities and links as GeoJSON, each city
// pointing at its page among paths.
func (b *Builder) networkGeoJSON(n *data.Network, paths components.Paths) ([]byte, error) {
	return geo.Network(n, func(slug string) string { return b.abs(paths.City(slug)) }).MarshalJSON()
}

// networkBasemap is the country outlines the network's map draws within
// view, its partners' countries marked, and its tiles (see basemap).
func (b *Builder) networkBasemap(n *data.Network, view orb.Bound) ([]byte, error) {
	return b.basemap(view, partnerCountries(n))
}

// basemapPath is the address of a network's basemap, named after its
// content, under the network's own address in an atlas, where its site is.
func basemapPath(paths components.Paths, basemap []byte) string {
	return paths.Network + fingerprint("basemap.json", basemap)
}

// part reports whether the network is one of an atlas's, whose site has
// the routes of the site as a whole.
func (r *routeBuilder) part() bool { return r.paths.Network != "" }

// atlasPaths are the addresses of the atlas a network's are part of.
func atlasPaths(network components.Paths) components.Paths {
	network.Network = ""
	return network
}

// addSiteRoutes registers what a site answers whatever its networks: the
// auto-height script, the icon, the offer of each language, the error
// pages.
func (r *routeBuilder) addSiteRoutes() {
	s, b := r.site, r.Builder
	s.routes[components.Paths{}.EmbedScript()] = public(newResource(typeJS, cacheShort, b.embedScript))
	// Browsers and crawlers ask for /favicon.ico whatever the page says;
	// they all take an SVG icon given its content type.
	s.routes["/favicon.ico"] = newResource("image/svg+xml", cacheShort, b.assets.quick[b.favicon].Body())
	r.localized(components.Paths{}.Suggestion(), func(l locale) templ.Component { return components.LanguageSuggestion(l.t) })
	r.addErrorPages()
}

// locale is what pages in one interface language are made with.
type locale struct {
	t    messages.Messages
	full components.Paths // the site's own addresses in the language, as pages write them
}

// routeBuilder renders one network's routes; the first rendering error
// stops the build. What it keeps is only read once the build is done, so
// lazy responses may share it.
type routeBuilder struct {
	*Builder
	site         *Site
	network      *data.Network
	paths        components.Paths  // the network's addresses in the default language
	compact      bool              // a large network: see compactFrom
	locales      map[string]locale // by components.Paths.Lang
	cities, view orb.Bound
	basemap      string
	picture      *components.Picture      // every city, each a link
	overview     *components.Picture      // a large network's: dots alone
	previews     map[string]string        // image addresses by city slug, "" for the network
	suggestions  map[string]string        // the language offer's address by language tag
	atlasName    func(lang string) string // in an atlas, its name; see addRoutes
	order        []*lazyResource
	err          error
}

// localized registers a page in every language, to be rendered when first
// asked for; path is its address in the default language.
func (r *routeBuilder) localized(path string, c func(locale) templ.Component) {
	l := &lazyResource{render: func(lang string) (*Resource, error) { return renderResource(http.StatusOK, c(r.locales[lang])) }}
	r.site.pages[path] = l
	r.order = append(r.order, l)
}

// eager renders pages in the default language now, and takes them out of
// the background's order.
func (r *routeBuilder) eager(paths ...string) {
	for _, path := range paths {
		l, ok := r.site.pages[path]
		if !ok {
			continue
		}
		res, err := l.render("")
		r.fail(err)
		r.site.routes[path] = res
		r.order = slices.DeleteFunc(r.order, func(o *lazyResource) bool { return o == l })
	}
}

// localizedVariants registers an embed, or one of its panels, in every
// combination of its options and every language; a panel exists only
// with the details shown (withDetails). Embeds may be framed by other
// sites, so they carry their own Content-Security-Policy; their
// fragments, which the map script fetches, are never framed and keep the
// site's. A small network's variants are made now, to be rendered in the
// background; a large one's when first asked for.
func (r *routeBuilder) localizedVariants(path string, withDetails bool, c func(components.EmbedOptions, locale) templ.Component) {
	headers := r.embedHeaders
	if strings.HasSuffix(path, ".html") {
		headers = nil
	}
	v := &embedVariants{withDetails: withDetails, render: func(o components.EmbedOptions, lang string) (*Resource, error) {
		res, err := renderResource(http.StatusOK, c(o, r.locales[lang]))
		if err == nil {
			res.headers = headers
		}
		return res, err
	}}
	r.site.embeds[path] = v
	if !r.compact {
		for _, o := range components.AllEmbeds() {
			if l := v.variant(o); l != nil {
				r.order = append(r.order, l)
			}
		}
	}
}

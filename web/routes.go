package web

import (
	"github.com/a-h/templ"
	"github.com/paulmach/orb"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/data/spreadsheet"
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
//	/api/network.csv, /api/network.kml   the partners for spreadsheets, the network for GIS (addFiles)
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
// The pages, panels, embeds and downloads are the kinds of the table
// networkPages, which says what a first visit to / needs, rendered here;
// the rest is registered to be rendered when first asked for (see
// lazyResource). In an atlas,
// atlasName is the atlas's name in a language (components.Paths.Lang),
// which the network's pages lead back to; nil on a site of one network.
func (b *Builder) addRoutes(s *Site, n *data.Network, atlasName func(lang string) string) error {
	r := routeBuilder{sectionBuilder: b.newSectionBuilder(s, s.paths), network: n, paths: s.paths, compact: len(n.Cities) >= compactFrom, atlasName: atlasName}
	r.ahead = !r.compact
	full := r.paths

	geojson, err := b.networkGeoJSON(n, full)
	if err != nil {
		return err
	}
	addFile(&r.sectionBuilder, b.networkPages, full, n.Slug, full.GeoJSON(), geojson)
	addFiles(&r.sectionBuilder, &r, b.networkPages, full, n.Slug)

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

	// The site's own pages, the panels the map script fetches, the
	// embeds: the table of the network's pages.
	addPages(&r.sectionBuilder, &r, b.networkPages, full, n, r.slugs)
	s.target = r.oembedTarget
	if !r.part() {
		r.addSiteRoutes()
		r.addErrorPages()
		r.order = append(r.order, r.addSitemaps(s, r.pages)...)
	}
	// A small network is rendered whole in the background; a large one's
	// pages, which no one may ever visit, are rendered on demand.
	if r.ahead {
		s.order = r.order
	}
	r.order = nil
	r.fail(r.sizes.failed())
	// The renderers keep r, which must not keep this site: the site
	// compressed at the best levels takes its renderers and replaces it.
	r.site = nil
	return r.err
}

// slugs are what the network's kinds of pages are about: its cities.
func (r *routeBuilder) slugs(e each) []string { return citySlugs(r.network)(e) }

// citySlugs are what a network's kinds of pages are about: its cities.
func citySlugs(n *data.Network) func(each) []string {
	return func(e each) []string {
		if e == once {
			return []string{""}
		}
		slugs := make([]string, len(n.Cities))
		for i, c := range n.Cities {
			slugs[i] = c.Slug
		}
		return slugs
	}
}

// networkPages are the kinds of a network's pages: see pageKind.
func networkPages() []pageKind[*routeBuilder] {
	compact := func(n *data.Network) bool { return len(n.Cities) >= compactFrom }
	return []pageKind[*routeBuilder]{
		// The network's page and panel are what a first visit needs.
		{at: one(components.Paths.Home), when: atLoad, sitemap: listed, oembed: true, export: true, render: (*routeBuilder).networkPage},
		{at: one(components.Paths.NetworkPanel), when: atLoad, export: true, render: (*routeBuilder).networkPanel},
		{at: one(components.Paths.CityList), when: atLoad, export: true, only: compact, render: (*routeBuilder).cityList},
		{at: components.Paths.City, each: eachCity, when: soon, sitemap: listed, oembed: true, export: true, render: (*routeBuilder).cityPage},
		{at: components.Paths.CityPanel, each: eachCity, when: soon, export: true, render: (*routeBuilder).cityPanel},
		{at: one(func(p components.Paths) string { return p.Builder("") }), when: soon, sitemap: listedAlone, export: true, render: (*routeBuilder).builderPage},
		// Every embed in every combination of options, chosen by the query.
		{at: one(components.Paths.Home), embed: everyOption, embeddable: true, when: soon, export: true, render: (*routeBuilder).networkEmbed},
		{at: one(components.Paths.NetworkPanel), embed: detailsShown, when: soon, export: true, render: (*routeBuilder).networkEmbedPanel},
		{at: one(components.Paths.CityList), embed: everyOption, when: soon, export: true, only: compact, render: (*routeBuilder).embedCityList},
		{at: components.Paths.City, each: eachCity, embed: everyOption, embeddable: true, when: soon, export: true, render: (*routeBuilder).cityEmbed},
		{at: components.Paths.CityPanel, each: eachCity, embed: detailsShown, when: soon, export: true, render: (*routeBuilder).cityEmbedPanel},
		// The open data, in the order the overview offers it.
		{at: one(components.Paths.GeoJSON), neutral: true, export: true, file: &openFile{typeGeoJSON, ".geojson", false, named("GeoJSON")}, made: "addRoutes, for the previews' names"},
		{at: one(components.Paths.Places), neutral: true, when: measured, export: true, file: &openFile{typeGeoJSON, "-cities.geojson", false, func(t messages.Messages) string { return t.T("downloads.places") }}, data: (*routeBuilder).placesFile},
		{at: one(components.Paths.Links), neutral: true, when: measured, export: true, file: &openFile{typeGeoJSON, "-links.geojson", false, func(t messages.Messages) string { return t.T("downloads.links") }}, data: (*routeBuilder).linksFile},
		{at: one(components.Paths.CSV), neutral: true, when: measured, export: true, file: &openFile{typeCSV, ".csv", true, named("CSV")}, data: (*routeBuilder).csvFile},
		{at: one(components.Paths.XLSX), neutral: true, when: measured, export: true, file: &openFile{spreadsheet.ContentType, ".xlsx", true, func(t messages.Messages) string { return t.T("downloads.xlsx") }}, data: (*routeBuilder).xlsxFile},
		{at: one(components.Paths.KML), neutral: true, when: measured, export: true, file: &openFile{typeKML, ".kml", true, named("KML")}, data: (*routeBuilder).kmlFile},
		{at: components.Paths.CityGeoJSON, each: eachCity, neutral: true, when: soon, export: true, file: &openFile{typeGeoJSON, ".geojson", false, named("GeoJSON")}, render: (*routeBuilder).cityGeoJSON},
	}
}

// The renderers of the network's kinds of pages.

func (r *routeBuilder) home(l locale) components.Page {
	n, t := r.network, l.t
	p := r.page(l, l.full, "", t.T("title.network", "Network", n.Name), r.description(t), components.Paths.Home)
	p.OEmbed = r.oembedLinks(l, "")
	p.LinkedData = r.projectData()
	return p
}

func (r *routeBuilder) overviewOf(l locale) components.NetworkView {
	return networkView(r.network, l.t, l.full, r.downloads(l))
}

func (r *routeBuilder) networkPage(string) renderer {
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return components.NetworkPage(r.home(l), r.overviewOf(l))
	})
}

func (r *routeBuilder) networkPanel(string) renderer {
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return components.NetworkPanel(r.home(l), r.overviewOf(l))
	})
}

func (r *routeBuilder) cityList(string) renderer {
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component { return components.CityLinks(r.home(l)) })
}

// city is the network's city of a slug the table gives.
func (r *routeBuilder) city(slug string) *data.City {
	c, _ := r.network.City(slug)
	return c
}

func (r *routeBuilder) cityPageOf(l locale, c *data.City) components.Page {
	n, t := r.network, l.t
	p := r.page(l, l.full, c.Slug, t.T("title.city", "City", c.NameIn(t.Lang).Text, "Network", n.Name), r.cityDescription(t, c), func(p components.Paths) string { return p.City(c.Slug) })
	p.OEmbed = r.oembedLinks(l, c.Slug)
	p.LinkedData = r.cityData(c)
	return p
}

func (r *routeBuilder) cityDetails(l locale, c *data.City) components.CityView {
	n := r.network
	v := cityView(n, c, l.t, l.full, r.cityFiles(l, c))
	if r.atlasName != nil {
		v.Place = atlasPaths(l.full).Place(c.Slug)
	}
	return v
}

func (r *routeBuilder) cityPage(slug string) renderer {
	c := r.city(slug)
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return components.CityPage(r.cityPageOf(l, c), r.cityDetails(l, c))
	})
}

func (r *routeBuilder) cityPanel(slug string) renderer {
	c := r.city(slug)
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return components.CityPanel(r.cityPageOf(l, c), r.cityDetails(l, c))
	})
}

// embedded is the network's addresses in an embed with options, in a
// language.
func (r *routeBuilder) embedded(o components.EmbedOptions, l locale) components.Paths {
	return components.Paths{Root: l.full.Root, Embed: &o, Lang: l.full.Lang, Network: r.paths.Network}
}

func (r *routeBuilder) networkEmbedOf(o components.EmbedOptions, l locale) components.Page {
	return r.page(l, r.embedded(o, l), "", l.t.T("title.network", "Network", r.network.Name), "", components.Paths.Home)
}

func (r *routeBuilder) networkEmbed(string) renderer {
	return htmlOf(func(o components.EmbedOptions, l locale) templ.Component {
		p := r.networkEmbedOf(o, l)
		return components.EmbedPage(p, components.NetworkPanel(p, networkView(r.network, l.t, p.Paths, nil)))
	})
}

func (r *routeBuilder) networkEmbedPanel(string) renderer {
	return htmlOf(func(o components.EmbedOptions, l locale) templ.Component {
		p := r.networkEmbedOf(o, l)
		return components.NetworkPanel(p, networkView(r.network, l.t, p.Paths, nil))
	})
}

func (r *routeBuilder) embedCityList(string) renderer {
	return htmlOf(func(o components.EmbedOptions, l locale) templ.Component {
		p := r.networkEmbedOf(o, l)
		p.Cities = cityItems(r.network, l.t, p.Paths) // the list its pages leave out
		return components.CityLinks(p)
	})
}

func (r *routeBuilder) cityEmbedOf(o components.EmbedOptions, l locale, c *data.City) components.Page {
	return r.page(l, r.embedded(o, l), c.Slug, l.t.T("title.city", "City", c.NameIn(l.t.Lang).Text, "Network", r.network.Name), r.cityDescription(l.t, c), func(p components.Paths) string { return p.City(c.Slug) })
}

func (r *routeBuilder) cityEmbed(slug string) renderer {
	c := r.city(slug)
	return htmlOf(func(o components.EmbedOptions, l locale) templ.Component {
		p := r.cityEmbedOf(o, l, c)
		return components.EmbedPage(p, components.CityPanel(p, cityView(r.network, c, l.t, p.Paths, nil)))
	})
}

func (r *routeBuilder) cityEmbedPanel(slug string) renderer {
	c := r.city(slug)
	return htmlOf(func(o components.EmbedOptions, l locale) templ.Component {
		p := r.cityEmbedOf(o, l, c)
		return components.CityPanel(p, cityView(r.network, c, l.t, p.Paths, nil))
	})
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
// auto-height script, the icon, and the site's kinds of pages.
func (r *sectionBuilder) addSiteRoutes() {
	s, b := r.site, r.Builder
	s.routes[components.Paths{}.EmbedScript()] = public(newResource(typeJS, cacheShort, b.embedScript))
	// Browsers and crawlers ask for /favicon.ico whatever the page says;
	// they all take an SVG icon given its content type.
	s.routes["/favicon.ico"] = newResource("image/svg+xml", cacheShort, b.assets.quick[b.favicon].Body())
	addPages(r, r, b.sitePages, components.Paths{}, nil, func(each) []string { return []string{""} })
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
	sectionBuilder
	network      *data.Network
	paths        components.Paths // the network's addresses in the default language
	compact      bool             // a large network: see compactFrom
	cities, view orb.Bound
	basemap      string
	picture      *components.Picture      // every city, each a link
	overview     *components.Picture      // a large network's: dots alone
	previews     map[string]string        // image addresses by city slug, "" for the network
	atlasName    func(lang string) string // in an atlas, its name; see addRoutes
}

package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	// typeXML is the sitemaps' and oEmbed's: oEmbed asks for text/xml, and
	// static hosts give one type to an extension.
	typeXML = "text/xml; charset=utf-8"
)

// cacheShort is for /embed.js: host pages keep its address for years, so
// it cannot be fingerprinted, and a fix must reach them within the hour.
const cacheShort = "public, max-age=3600"

// basemapMargin is how far the basemap reaches beyond the outermost
// cities, as a share of the network's extent: room to pan, and context.
const basemapMargin = 0.35

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
// to be rendered when first asked for (see lazyResource).
func (b *Builder) addRoutes(s *Site, n *data.Network) error {
	r := routeBuilder{Builder: b, site: s, network: n, paths: s.paths, compact: len(n.Cities) >= compactFrom, locales: map[string]locale{}, suggestions: map[string]string{}}
	for _, l := range b.languages.Languages() {
		t, _ := b.languages.In(l.Tag)
		full := r.paths.In(l.Tag)
		r.locales[full.Lang] = locale{t: t, full: full}
		r.suggestions[l.Tag] = full.Suggestion()
	}
	full := r.paths

	geojson, err := geo.Network(n, func(slug string) string { return b.abs(full.City(slug)) }).MarshalJSON()
	if err != nil {
		return err
	}
	s.routes[full.GeoJSON()] = openData(newResource(typeGeoJSON, cacheRevalidate, geojson))
	downloads := r.addDownloads(len(geojson))

	r.cities = geo.Bounds(n)
	r.view = geo.Expand(geo.Square(r.cities), basemapMargin)
	partnerCountry := map[string]bool{}
	for _, c := range n.Cities {
		partnerCountry[c.Country] = true
	}
	basemap, err := geo.Outlines(b.countries, r.view, func(code string) bool { return partnerCountry[code] }).MarshalJSON()
	if err != nil {
		return err
	}
	// Under the network's own address in an atlas, where its site is.
	r.basemap = r.paths.Network + fingerprint("basemap.geojson", basemap)
	s.routes[r.basemap] = newResource(typeGeoJSON, cacheImmutable, basemap)

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
		s, err := downloads.measuredSizes()
		r.fail(err)
		return networkView(n, l.t, l.full, networkFiles(n, s, l.t, l.full))
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
			s, err := downloads.measuredSizes()
			r.fail(err)
			return cityView(n, c, l.t, l.full, cityFiles(n, c, downloads.city(c), s, l.t, l.full))
		}
		r.localized(full.City(c.Slug), func(l locale) templ.Component { return components.CityPage(page(l), details(l)) })
		r.localized(full.CityPanel(c.Slug), func(l locale) templ.Component { return components.CityPanel(page(l), details(l)) })
		s.targets[full.City(c.Slug)], s.targets[r.defaultEmbed().City(c.Slug)] = c.Slug, c.Slug
	}
	s.target = r.oembedTarget
	r.addBuilder()

	// Every embed in every combination of options, chosen by the query.
	embed := func(o components.EmbedOptions, l locale) components.Paths {
		return components.Paths{Embed: &o, Lang: l.full.Lang, Network: r.paths.Network}
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
	// The renderers keep r, which must not keep this site: the site
	// compressed at the best levels takes its renderers and replaces it.
	r.site = nil
	return r.err
}

// errorStatuses are the statuses with error pages of their own, besides
// 404's; any other 4xx takes 400's words and 5xx 500's.
var errorStatuses = []int{http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge, http.StatusRequestHeaderFieldsTooLarge, http.StatusInternalServerError}

// addErrorPages renders the error pages in every language: a visitor who
// gets lost in Italian reads Italian.
func (r *routeBuilder) addErrorPages() {
	n := r.network
	page := func(l locale, title string) components.Page { return r.page(l, l.full, "", title, "", nil) }
	notFound := func(l locale, p components.Page) templ.Component {
		p.SkipTo = "cities"
		if r.compact {
			p.Map.List = l.full.CityList()
		}
		return components.NotFoundPage(p)
	}
	addErrorPages(r.site, r.locales, n.Name, page, notFound, r.render)
}

// addErrorPages renders a site's error pages in every language: name is
// the site's in titles, page makes the view of a page with a title, and
// notFound the 404 page's content, which lists where to go instead.
func addErrorPages(s *Site, locales map[string]locale, name string, page func(l locale, title string) components.Page,
	notFound func(l locale, p components.Page) templ.Component, render func(status int, c templ.Component) *Resource) {
	s.notFound = map[string]*Resource{}
	s.statusPages = map[int]map[string]*Resource{}
	for _, status := range errorStatuses {
		s.statusPages[status] = map[string]*Resource{}
	}
	for lang, l := range locales {
		t := l.t
		plain := func(title string) components.Page {
			p := page(l, title)
			p.Stylesheets, p.Scripts, p.SkipTo = []string{p.Assets.SiteCSS}, nil, ""
			return p
		}
		errorPage := func(status int, heading, message string) *Resource {
			p := plain(t.T("title.error", "Error", heading, "Network", name))
			return render(status, components.ErrorPage(p, heading, message))
		}
		s.notFound[lang] = render(http.StatusNotFound, notFound(l, plain(t.T("title.notFound", "Network", name))))
		s.statusPages[http.StatusBadRequest][lang] = errorPage(http.StatusBadRequest, t.T("error.400.heading"), t.T("error.400.text"))
		s.statusPages[http.StatusMethodNotAllowed][lang] = errorPage(http.StatusMethodNotAllowed, t.T("error.405.heading"), t.T("error.405.text"))
		s.statusPages[http.StatusRequestEntityTooLarge][lang] = errorPage(http.StatusRequestEntityTooLarge, t.T("error.413.heading"), t.T("error.413.text"))
		s.statusPages[http.StatusRequestHeaderFieldsTooLarge][lang] = errorPage(http.StatusRequestHeaderFieldsTooLarge, t.T("error.413.heading"), t.T("error.431.text"))
		s.statusPages[http.StatusInternalServerError][lang] = errorPage(http.StatusInternalServerError, t.T("error.heading"), t.T("error.text"))
	}
}

// defaultEmbed is the addresses of embeds as snippets give them, with
// every option on.
func (r *routeBuilder) defaultEmbed() components.Paths {
	o := components.DefaultEmbed()
	return components.Paths{Embed: &o, Network: r.paths.Network}
}

// part reports whether the network is one of an atlas's, whose site has
// the routes of the site as a whole.
func (r *routeBuilder) part() bool { return r.paths.Network != "" }

// addSiteRoutes registers what a site answers whatever its networks: the
// auto-height script, the icon, the offer of each language, the error
// pages.
func (r *routeBuilder) addSiteRoutes() {
	s, b := r.site, r.Builder
	s.routes[components.Paths{}.EmbedScript()] = public(newResource(typeJS, cacheShort, b.embedScript))
	// Browsers and crawlers ask for /favicon.ico whatever the page says;
	// they all take an SVG icon given its content type.
	s.routes["/favicon.ico"] = newResource("image/svg+xml", cacheShort, b.assets.quick[b.urls.Favicon].Body())
	r.localized(components.Paths{}.Suggestion(), func(l locale) templ.Component { return components.LanguageSuggestion(l.t) })
	r.addErrorPages()
}

// oembedTarget describes a page that can be embedded, in a language: slug
// is the city's, "" for the network.
func (r *routeBuilder) oembedTarget(lang, slug string) oembedTarget {
	n, l := r.network, r.locales[lang]
	embed := r.defaultEmbed().In(lang)
	c, ok := n.City(slug)
	if !ok {
		title := l.t.T("title.network", "Network", n.Name)
		return oembedTarget{title, l.full.Home(), embed.Home(), title}
	}
	return oembedTarget{l.t.T("title.city", "City", c.NameIn(l.t.Lang).Text, "Network", n.Name), l.full.City(slug), embed.City(slug), l.t.T("title.network", "Network", n.Name)}
}

// description is the network's description for search engines and link
// previews, in a language.
func (r *routeBuilder) description(t messages.Messages) string {
	n := r.network
	return t.N("description.network", len(n.Cities), "Network", n.Name, "FullName", n.FullNameIn(t.Lang).Text)
}

// cityDescription is a city's description for search engines and link
// previews, in a language: its page's and its embed's.
func (r *routeBuilder) cityDescription(t messages.Messages, c *data.City) string {
	n := r.network
	return t.N("description.city", len(n.PartnersIn(c.Slug)), "City", c.NameIn(t.Lang).Text, "Country", data.CountryNameIn(c.Country, t.Lang), "Network", n.Name)
}

// locale is what pages in one interface language are made with.
type locale struct {
	t    messages.Messages
	full components.Paths // the site's own addresses in the language
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
	picture      *components.Picture // every city, each a link
	overview     *components.Picture // a large network's: dots alone
	previews     map[string]string   // image addresses by city slug, "" for the network
	suggestions  map[string]string   // the language offer's address by language tag
	order        []*lazyResource
	err          error
}

// page makes the view of a page in a language: selected is the city shown,
// "" for the network; at gives the page's own address among paths, nil for
// pages that have none, such as error pages.
func (r *routeBuilder) page(l locale, paths components.Paths, selected, title, description string, at func(components.Paths) string) components.Page {
	full, t, n := paths.Full(), l.t, r.network
	p := components.Page{
		T: t, Header: header(n, t), Paths: paths, Assets: r.urls, Tiles: r.tiles,
		CityCount: len(n.Cities), Filter: len(n.Cities) > filterAbove,
		Title: title, Description: description, Selected: selected, Embed: paths.Embed,
		SiteName: t.T("site.name", "Network", n.Name), Picture: r.picture,
		Preview:     components.Preview{URL: r.previews[selected], Alt: t.T("preview.network", "Network", n.Name), Width: geo.PreviewWidth, Height: geo.PreviewHeight},
		Stylesheets: []string{r.urls.LeafletCSS, r.urls.SiteCSS},
		Scripts:     []string{r.urls.LeafletJS, r.urls.MapJS},
		SkipTo:      "cities",
		Map: components.MapConfig{
			Basemap:      r.basemap,
			Selected:     selected,
			Home:         paths.Home(),
			NetworkPanel: paths.NetworkPanel(),
			CityPath:     paths.City("{slug}"),
			CityPanel:    paths.CityPanel("{slug}"),
			Bounds:       leafletBounds(r.cities),
			MaxBounds:    leafletBounds(r.view),
			Tiles:        r.tiles,
			Labels: components.MapLabels{
				Map:         t.T("map.live", "Network", n.Name),
				Coordinator: t.T("cities.coordinator"),
				Showing:     t.Text("live.showing"),
				Overview:    t.T("live.overview"),
			},
			Cluster: len(n.Cities) > clusterFrom,
		},
	}
	if p.Map.Cluster {
		p.Map.Labels.Cluster = t.Forms("map.cluster")
	}
	if p.Filter {
		p.Map.Labels.Matches = t.Forms("cities.matches")
	}
	if c, ok := n.City(selected); ok {
		p.Preview.Alt = t.T("preview.city", "Network", n.Name, "City", c.NameIn(t.Lang).Text)
	}
	if p.Map.Cluster {
		p.Stylesheets = []string{r.urls.LeafletCSS, r.urls.MarkerClusterCSS, r.urls.SiteCSS}
		p.Scripts = []string{r.urls.LeafletJS, r.urls.MarkerClusterJS, r.urls.MapJS}
	}
	if r.compact {
		p.Picture = r.overview
		if selected != "" {
			p.Picture = r.cityPicture(selected)
		}
		if selected != "" || paths.Embed != nil {
			p.Map.List = paths.CityList()
		}
	}
	// The page names the cities of its list, or only those of its drawn
	// map where it leaves the list out.
	if p.Map.List == "" {
		p.Cities = cityItems(n, t, paths)
	} else if !p.Picture.Plain {
		for _, pc := range p.Picture.Cities {
			c, _ := n.City(pc.Slug)
			p.Cities = append(p.Cities, cityItem(n, c, t, paths))
		}
	}
	if o := paths.Embed; o != nil {
		p.Map.Embed = &components.EmbedConfig{
			Shown:        o.Shown(),
			Options:      components.NewEmbedTable(),
			FullCity:     full.City("{slug}"),
			WheelHint:    t.T("embed.wheelHint"),
			WheelHintMac: t.T("embed.wheelHintMac"),
			TouchHint:    t.T("embed.touchHint"),
		}
	}
	if description == "" {
		p.Description = r.description(t)
	}
	if at == nil {
		at = components.Paths.Home // error pages switch to the network page
	} else {
		p.Canonical = r.abs(at(full))
	}
	if paths.Embed == nil {
		p.Map.Suggestions = r.suggestions
		for _, lang := range r.languages.Languages() {
			in := full.In(lang.Tag)
			p.Versions = append(p.Versions, components.Version{Language: lang, URL: r.abs(at(in)), Path: at(in), Home: in.Home(), City: in.City("{slug}")})
		}
	}
	return p
}

// oembedLinks are the absolute addresses of the oEmbed files of a page in
// a language: slug is the city's, "" for the network.
func (r *routeBuilder) oembedLinks(l locale, slug string) components.OEmbedLinks {
	return components.OEmbedLinks{JSON: r.abs(l.full.OEmbedFile(slug, "json")), XML: r.abs(l.full.OEmbedFile(slug, "xml"))}
}

// cityPicture is a large network's drawn map on a city's page: the
// country outlines, the city, the coordinator's city and the link between.
func (r *routeBuilder) cityPicture(slug string) *components.Picture {
	pic := &components.Picture{Width: r.picture.Width, Height: r.picture.Height, Countries: r.picture.Countries, Marks: r.picture.Marks}
	var coordinator, city *components.PictureCity
	for i, c := range r.picture.Cities {
		if c.Coordinator {
			coordinator = &r.picture.Cities[i]
		}
		if c.Slug == slug {
			city = &r.picture.Cities[i]
		}
	}
	if coordinator != nil && coordinator != city {
		pic.Cities = append(pic.Cities, *coordinator)
		if city != nil {
			pic.Links = [][2][2]float64{{{coordinator.X, coordinator.Y}, {city.X, city.Y}}}
		}
	}
	if city != nil {
		pic.Cities = append(pic.Cities, *city)
	}
	return pic
}

// renderResource makes a response from a component.
func renderResource(status int, c templ.Component) (*Resource, error) {
	body, err := render(c)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	res := newResource(typeHTML, cacheRevalidate, body)
	res.Status = status
	return res, nil
}

// render makes a response from a component now, keeping the first error.
func (r *routeBuilder) render(status int, c templ.Component) *Resource {
	res, err := renderResource(status, c)
	r.fail(err)
	return res
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

// addBuilder registers the embed builder in every language, with the
// network's snippet as it comes without JavaScript, and the snippets the
// builder script fills in.
func (r *routeBuilder) addBuilder() {
	n := r.network
	script := r.abs(components.Paths{}.EmbedScript())
	snippet := func(src, title, page, height string, grow bool) string {
		v := components.SnippetView{Src: src, Title: title, Height: height, Link: page}
		if grow {
			v.Grow, v.Script = true, script
		}
		return components.Snippet(v)
	}
	startHeight := strconv.Itoa(defaultEmbedHeight)
	cfg := components.BuilderConfig{
		Base:    r.Builder.base.String(),
		Options: components.NewEmbedTable(),
		Auto:    snippet("{src}", "{title}", "{page}", startHeight, true),
		Fixed:   snippet("{src}", "{title}", "{page}", "{height}", false),
	}
	r.localized(r.paths.Builder(""), func(l locale) templ.Component {
		t, full := l.t, l.full
		base := r.paths // the default language
		targets := []components.BuilderTarget{{Label: t.T("builder.network"), Page: base.Home(), Embed: r.defaultEmbed().Home(), OEmbed: base.OEmbedFile("", "json")}}
		for _, c := range n.Cities {
			targets = append(targets, components.BuilderTarget{Slug: c.Slug, Label: c.NameIn(t.Lang).Text, Page: base.City(c.Slug), Embed: r.defaultEmbed().City(c.Slug), OEmbed: base.OEmbedFile(c.Slug, "json")})
		}
		home := r.oembedTarget(full.Lang, "")
		p := r.page(l, full, "", t.T("builder.title", "Network", n.Name), "", func(p components.Paths) string { return p.Builder("") })
		p.Stylesheets, p.Scripts, p.SkipTo = []string{r.urls.SiteCSS}, []string{full.EmbedScript(), r.urls.BuilderJS}, ""
		return components.BuilderPage(p, components.Builder{
			Targets: targets, Snippet: snippet(r.abs(home.embed), home.title, r.abs(home.page), startHeight, true),
			MinHeight: minEmbedHeight, MaxHeight: maxEmbedHeight, Height: defaultEmbedHeight, Config: cfg,
		})
	})
}

// The server-drawn map: its canvas, and the room kept around the cities.
const (
	pictureWidth  = 800
	pictureHeight = 600
	pictureMargin = 28
)

// pictureView turns the drawn network into what the template writes,
// with marks of the given sizes.
func pictureView(n *data.Network, pic *geo.Picture, marks components.PictureMarks) *components.Picture {
	v := &components.Picture{Width: int(pic.Width), Height: int(pic.Height), Marks: marks}
	for _, c := range pic.Countries {
		v.Countries = append(v.Countries, components.PictureCountry{Path: geo.PathData(c.Shape), Tinted: c.Tinted})
	}
	for _, l := range pic.Links {
		v.Links = append(v.Links, [2][2]float64{l[0], l[1]})
	}
	for i, c := range pic.Cities {
		v.Cities = append(v.Cities, components.PictureCity{Slug: n.Cities[i].Slug, X: c.At[0], Y: c.At[1], Coordinator: c.Coordinator})
	}
	return v
}

// previewStyle names the way preview images are drawn. Their addresses
// are made from what they show and the style they are painted in, before
// they are painted; change this when the painting changes, so that cached
// images give way.
const previewStyle = "1"

// addPreviews registers the link-preview images, the network's and one per
// city with the city highlighted. Each takes tens of milliseconds to
// paint, so they are painted when first asked for; their addresses, cached
// for a year, come from the network's GeoJSON and the words on them. They
// carry names only, so one image serves every language.
func (r *routeBuilder) addPreviews(geojson []byte) {
	n, style := r.network, drawStyle(r.style)
	painter := sync.OnceValues(func() (*geo.Preview, error) {
		return geo.NewPreview(geo.NewPreviewPicture(n, r.countries), style)
	})
	sum := sha256.Sum256(geojson)
	r.previews = map[string]string{}
	add := func(slug, title, subtitle string) {
		name := "preview-" + n.Slug + ".png"
		if slug != "" {
			name = "preview-" + slug + ".png"
		}
		// A folder of their own: other sites may load them, unlike the
		// other assets, and static hosts set headers by folder.
		path := r.paths.Network + "/previews/" + strings.TrimPrefix(fingerprint(name, []byte(strings.Join([]string{previewStyle, style.String(), hex.EncodeToString(sum[:]), slug, title, subtitle}, "\n"))), "/static/")
		l := neutral(func() (*Resource, error) {
			pv, err := painter()
			if err != nil {
				return nil, err
			}
			img, err := pv.PNG(slug, title, subtitle)
			if err != nil {
				return nil, err
			}
			return public(newResource("image/png", cacheImmutable, img)), nil
		})
		r.site.lazy[path] = l
		r.order = append(r.order, l)
		r.previews[slug] = r.abs(path)
	}
	add("", n.Name, n.FullName)
	for _, c := range n.Cities {
		subtitle := n.Name
		if c.LocalName != "" && c.LocalName != c.Name {
			subtitle = c.LocalName + " · " + n.Name
		}
		add(c.Slug, c.Name, subtitle)
	}
}

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
	// a wildcard reaches those, for the crawlers that read one.
	robots := "User-agent: *\nDisallow: /fragments/\n"
	for _, lang := range b.languages.Languages()[1:] {
		robots += "Disallow: /" + lang.Tag + "/fragments/\n"
	}
	robots += "Disallow: /*/fragments/\nSitemap: " + b.abs("/sitemap.xml") + "\n"
	s.routes["/robots.txt"] = newResource("text/plain; charset=utf-8", cacheRevalidate, []byte(robots))
	return order
}

// pages are the addresses of the network's pages in a language, for the
// sitemaps: its page, its cities' and its embed builder.
func (r *routeBuilder) pages(in components.Paths) []string {
	in.Network = r.paths.Network
	pages := []string{in.Home()}
	for _, c := range r.network.Cities {
		pages = append(pages, in.City(c.Slug))
	}
	return append(pages, in.Builder(""))
}

// leafletBounds turns a bound into Leaflet's [[south, west], [north, east]].
func leafletBounds(b orb.Bound) [2][2]float64 {
	return [2][2]float64{{b.Min.Lat(), b.Min.Lon()}, {b.Max.Lat(), b.Max.Lon()}}
}

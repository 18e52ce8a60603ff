package web

import (
	"fmt"
	"net/http"

	"github.com/a-h/templ"
	"github.com/paulmach/orb"

	"partnermap/components"
	"partnermap/data"
	"partnermap/geo"
)

const (
	typeHTML    = "text/html; charset=utf-8"
	typeGeoJSON = "application/geo+json"
	typeJS      = "text/javascript; charset=utf-8"
)

// cacheShort is for /embed.js: host pages keep its address for years, so
// it cannot be fingerprinted, and a fix must reach them within the hour.
const cacheShort = "public, max-age=3600"

// basemapMargin is how far the basemap reaches beyond the outermost
// cities, as a share of the network's extent: room to pan, and context.
const basemapMargin = 0.35

// addRoutes is the site's route table: every path it answers and what it
// answers with.
//
//	/                                    the network page
//	/cities/{slug}                       a city's page
//	/embed, /embed/cities/{slug}         the same for iframes; ?list=0&lines=0&details=0
//	/embed-builder                       makes embed snippets
//	/embed.js                            the auto-height script for host pages
//	/oembed                              oEmbed for the network and city pages (handleOEmbed)
//	/fragments/[embed/]network.html      the overview panel alone, for the map script
//	/fragments/[embed/]cities/{slug}.html a city's panel alone
//	/api/network.geojson                 cities and lead-partner links
//	/static/...                          fingerprinted assets and the basemap
func (b *Builder) addRoutes(s *Site, n *data.Network) error {
	r := routeBuilder{Builder: b, site: s, network: n}
	var full components.Paths

	geojson, err := geo.Network(n, func(slug string) string { return b.abs(full.City(slug)) }).MarshalJSON()
	if err != nil {
		return err
	}
	s.routes[full.GeoJSON()] = newResource(typeGeoJSON, cacheRevalidate, geojson)

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
	r.basemap = fingerprint("basemap.geojson", basemap)
	s.routes[r.basemap] = newResource(typeGeoJSON, cacheImmutable, basemap)

	s.routes[full.EmbedScript()] = newResource(typeJS, cacheShort, b.embedScript)

	// The site's own pages, and the panels the map script fetches.
	t := b.messages
	home := r.page(full, "", t.T("title.network", n.Name), t.T("description.network", n.Name, n.FullName, len(n.Cities)), full.Home())
	home.OEmbed = b.abs(full.OEmbed())
	r.add(full.Home(), components.NetworkPage(home))
	r.add(full.NetworkPanel(), components.NetworkPanel(home))
	s.targets[full.Home()] = oembedTarget{home.Title, full.Home(), "/embed", t.T("snippet.networkLink", n.Name)}
	for i := range n.Cities {
		c := &n.Cities[i]
		p := r.page(full, c.Slug, t.T("title.city", c.Name, n.Name), t.T("description.city", c.Name, data.CountryName(c.Country), n.Name), full.City(c.Slug))
		p.OEmbed = home.OEmbed
		r.add(full.City(c.Slug), components.CityPage(p, c))
		r.add(full.CityPanel(c.Slug), components.CityPanel(p, c))
		s.targets[full.City(c.Slug)] = oembedTarget{p.Title, full.City(c.Slug), "/embed/cities/" + c.Slug, t.T("snippet.link", c.Name, n.Name)}
	}

	// Every embed in every combination of options, chosen by the query.
	for _, o := range components.AllEmbeds() {
		paths := components.Paths{Embed: &o}
		p := r.page(paths, "", home.Title, home.Description, full.Home())
		r.addVariant("/embed", o, components.EmbedPage(p, components.NetworkPanel(p)))
		if o.Details {
			r.addVariant("/fragments/embed/network.html", o, components.NetworkPanel(p))
		}
		for i := range n.Cities {
			c := &n.Cities[i]
			p := r.page(paths, c.Slug, s.targets[full.City(c.Slug)].title, "", full.City(c.Slug))
			r.addVariant("/embed/cities/"+c.Slug, o, components.EmbedPage(p, components.CityPanel(p, c)))
			if o.Details {
				r.addVariant("/fragments/embed/cities/"+c.Slug+".html", o, components.CityPanel(p, c))
			}
		}
	}
	for _, t := range s.targets {
		s.targets[t.embed] = t
	}

	r.addBuilder()

	plain := func(title string) components.Page {
		p := r.page(full, "", title, "", "")
		p.Stylesheets, p.Scripts, p.SkipTo = []string{r.urls.SiteCSS}, nil, ""
		return p
	}
	errorPage := func(status int, message string) *Resource {
		p := plain(t.T("title.error", t.T("error.heading"), n.Name))
		return r.render(status, components.ErrorPage(p, message))
	}
	notFound := plain(t.T("title.notFound", n.Name))
	notFound.SkipTo = "cities"
	s.notFound = r.render(http.StatusNotFound, components.NotFoundPage(notFound))
	s.notAllowed = errorPage(http.StatusMethodNotAllowed, t.T("error.405"))
	s.failed = errorPage(http.StatusInternalServerError, t.T("error.text"))
	return r.err
}

// routeBuilder renders one network's routes; the first rendering error
// stops the build.
type routeBuilder struct {
	*Builder
	site         *Site
	network      *data.Network
	cities, view orb.Bound
	basemap      string
	err          error
}

// page makes the view of a page: selected is the city shown, "" for the
// network; canonical is the path of the page's own address on the site.
func (r *routeBuilder) page(paths components.Paths, selected, title, description, canonical string) components.Page {
	full := paths.Full()
	p := components.Page{
		T: r.messages, Network: r.network, Paths: paths, Assets: r.urls, Tiles: r.opts.Tiles,
		Title: title, Description: description, Selected: selected, Embed: paths.Embed,
		Stylesheets: []string{r.urls.LeafletCSS, r.urls.SiteCSS},
		Scripts:     []string{r.urls.LeafletJS, r.urls.MapJS},
		SkipTo:      "cities",
		Map: components.MapConfig{
			GeoJSON:      full.GeoJSON(),
			Basemap:      r.basemap,
			Selected:     selected,
			Home:         paths.Home(),
			NetworkPanel: paths.NetworkPanel(),
			CityPath:     paths.City("{slug}"),
			CityPanel:    paths.CityPanel("{slug}"),
			Bounds:       leafletBounds(r.cities),
			MaxBounds:    leafletBounds(r.view),
			Tiles:        r.opts.Tiles,
			Coordinator:  r.messages.T("cities.coordinator"),
		},
	}
	if o := paths.Embed; o != nil {
		p.Map.Embed = &components.EmbedConfig{
			Lines:        o.Lines,
			Details:      o.Details,
			FullCity:     full.City("{slug}"),
			WheelHint:    r.messages.T("embed.wheelHint"),
			WheelHintMac: r.messages.T("embed.wheelHintMac"),
			TouchHint:    r.messages.T("embed.touchHint"),
		}
	}
	if canonical != "" {
		p.Canonical = r.abs(canonical)
	}
	return p
}

// render makes a response from a component.
func (r *routeBuilder) render(status int, c templ.Component) *Resource {
	body, err := render(c)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("render: %w", err)
	}
	res := newResource(typeHTML, cacheRevalidate, body)
	res.Status = status
	return res
}

func (r *routeBuilder) add(path string, c templ.Component) {
	r.site.routes[path] = r.render(http.StatusOK, c)
}

// addVariant renders one combination of an embed's options. Embeds may be
// framed by other sites, so they carry their own Content-Security-Policy.
func (r *routeBuilder) addVariant(path string, o components.EmbedOptions, c templ.Component) {
	variants, ok := r.site.embeds[path]
	if !ok {
		variants = make([]*Resource, len(components.AllEmbeds()))
		r.site.embeds[path] = variants
	}
	res := r.render(http.StatusOK, c)
	res.headers = r.embedHeaders
	variants[o.Index()] = res
}

// addBuilder renders the embed builder with the network's snippet as it
// comes without JavaScript.
func (r *routeBuilder) addBuilder() {
	n, t := r.network, r.messages
	var full components.Paths
	targets := []components.BuilderTarget{{Label: t.T("builder.network"), Page: r.abs(full.Home()), Embed: "/embed"}}
	for _, c := range n.Cities {
		targets = append(targets, components.BuilderTarget{Slug: c.Slug, Label: c.Name, Page: r.abs(full.City(c.Slug)), Embed: "/embed/cities/" + c.Slug})
	}
	home := r.site.targets[full.Home()]
	snippet := components.Snippet(components.SnippetView{
		Src: r.abs(home.embed), Title: home.title, Height: fmt.Sprint(defaultEmbedHeight),
		Auto: true, Script: r.abs(full.EmbedScript()), Link: r.abs(home.page), LinkText: home.linkText,
	})
	var queries []string
	for _, o := range components.AllEmbeds() {
		queries = append(queries, o.Query())
	}
	p := r.page(full, "", t.T("builder.title", n.Name), "", full.Builder(""))
	p.Stylesheets, p.Scripts, p.SkipTo = []string{r.urls.SiteCSS}, []string{full.EmbedScript(), r.urls.BuilderJS}, ""
	r.add(full.Builder(""), components.BuilderPage(p, targets, snippet, components.BuilderConfig{OEmbed: full.OEmbed(), Queries: queries}))
}

// leafletBounds turns a bound into Leaflet's [[south, west], [north, east]].
func leafletBounds(b orb.Bound) [2][2]float64 {
	return [2][2]float64{{b.Min.Lat(), b.Min.Lon()}, {b.Max.Lat(), b.Max.Lon()}}
}

package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"sync"

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
//	/cities/{slug}                       a city's page
//	/embed, /embed/cities/{slug}         the same for iframes; ?list=0&lines=0&details=0
//	/embed-builder                       makes embed snippets
//	/embed.js                            the auto-height script for host pages
//	/oembed                              oEmbed for the network and city pages (handleOEmbed)
//	/fragments/[embed/]network.html      the overview panel alone, for the map script
//	/fragments/[embed/]cities/{slug}.html a city's panel alone
//	/fragments/[embed/]cities.html       the list of cities alone, for a large network
//	/api/network.geojson                 cities and lead-partner links
//	/api/network.csv, /api/network.kml   the partners for spreadsheets, the network for GIS (addDownloads)
//	/api/cities/{slug}.geojson           a city's Feature alone
//	/static/...                          fingerprinted assets, the basemap
//	/previews/...                        fingerprinted link-preview images
//	/sitemap.xml, /robots.txt            for search engines
//	/favicon.ico                         the icon, for those who ask for it there
//
// What a first visit to / needs is rendered here; the rest is registered
// to be rendered when first asked for (see lazyResource).
func (b *Builder) addRoutes(s *Site, n *data.Network) error {
	r := routeBuilder{Builder: b, site: s, network: n, compact: len(n.Cities) >= compactFrom}
	var full components.Paths

	geojson, err := geo.Network(n, func(slug string) string { return b.abs(full.City(slug)) }).MarshalJSON()
	if err != nil {
		return err
	}
	s.routes[full.GeoJSON()] = public(newResource(typeGeoJSON, cacheRevalidate, geojson))
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
	r.basemap = fingerprint("basemap.geojson", basemap)
	s.routes[r.basemap] = newResource(typeGeoJSON, cacheImmutable, basemap)

	s.routes[full.EmbedScript()] = public(newResource(typeJS, cacheShort, b.embedScript))
	// Browsers and crawlers ask for /favicon.ico whatever the page says;
	// they all take an SVG icon given its content type.
	s.routes["/favicon.ico"] = newResource("image/svg+xml", cacheShort, b.assets.quick[b.urls.Favicon].Body())

	r.picture = pictureView(n, geo.NewPicture(n, b.countries, pictureWidth, pictureHeight,
		orb.Bound{Min: orb.Point{pictureMargin, pictureMargin}, Max: orb.Point{pictureWidth - pictureMargin, pictureHeight - pictureMargin}}))
	if r.compact {
		r.overview = &components.Picture{Width: r.picture.Width, Height: r.picture.Height, Countries: r.picture.Countries, Cities: r.picture.Cities, Plain: true}
	}
	r.addPreviews(geojson)

	// The site's own pages, and the panels the map script fetches.
	t := b.messages
	home := r.page(full, "", t.T("title.network", n.Name), t.T("description.network", n.Name, n.FullName, len(n.Cities)), full.Home())
	home.OEmbed = b.abs(full.OEmbed())
	home.LinkedData = r.projectData()
	home.Downloads = r.networkDownloads(downloads)
	r.add(full.Home(), components.NetworkPage(home))
	r.add(full.NetworkPanel(), components.NetworkPanel(home))
	if r.compact {
		r.add(full.CityList(), components.CityLinks(home))
	}
	s.targets[full.Home()] = oembedTarget{home.Title, full.Home(), "/embed", t.T("snippet.networkLink", n.Name)}
	for i := range n.Cities {
		c := &n.Cities[i]
		title := t.T("title.city", c.Name, n.Name)
		s.targets[full.City(c.Slug)] = oembedTarget{title, full.City(c.Slug), "/embed/cities/" + c.Slug, t.T("snippet.link", c.Name, n.Name)}
		page := func() components.Page {
			p := r.page(full, c.Slug, title, t.T("description.city", c.Name, data.CountryName(c.Country), n.Name), full.City(c.Slug))
			p.OEmbed = home.OEmbed
			p.LinkedData = r.cityData(c)
			p.Downloads = downloads.forCity(c)
			return p
		}
		r.later(full.City(c.Slug), func() templ.Component { return components.CityPage(page(), c) })
		r.later(full.CityPanel(c.Slug), func() templ.Component { return components.CityPanel(page(), c) })
	}
	r.laterBuilder()

	// Every embed in every combination of options, chosen by the query.
	for _, o := range components.AllEmbeds() {
		paths := components.Paths{Embed: &o}
		network := func() components.Page { return r.page(paths, "", home.Title, home.Description, full.Home()) }
		r.laterVariant("/embed", o, func() templ.Component { p := network(); return components.EmbedPage(p, components.NetworkPanel(p)) })
		if o.Details {
			r.laterVariant("/fragments/embed/network.html", o, func() templ.Component { return components.NetworkPanel(network()) })
		}
		if r.compact {
			r.laterVariant("/fragments/embed/cities.html", o, func() templ.Component { return components.CityLinks(network()) })
		}
		for i := range n.Cities {
			c := &n.Cities[i]
			page := func() components.Page {
				return r.page(paths, c.Slug, s.targets[full.City(c.Slug)].title, "", full.City(c.Slug))
			}
			r.laterVariant("/embed/cities/"+c.Slug, o, func() templ.Component { p := page(); return components.EmbedPage(p, components.CityPanel(p, c)) })
			if o.Details {
				r.laterVariant("/fragments/embed/cities/"+c.Slug+".html", o, func() templ.Component { return components.CityPanel(page(), c) })
			}
		}
	}
	for _, t := range s.targets {
		s.targets[t.embed] = t
	}
	// A small network is rendered whole in the background; a large one's
	// pages, which no one may ever visit, are rendered on demand.
	if !r.compact {
		s.order = r.order
	}

	r.addSitemap()

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
	if r.compact {
		notFound.Map.List = full.CityList()
	}
	s.notFound = r.render(http.StatusNotFound, components.NotFoundPage(notFound))
	s.notAllowed = errorPage(http.StatusMethodNotAllowed, t.T("error.405"))
	s.failed = errorPage(http.StatusInternalServerError, t.T("error.text"))
	return r.err
}

// routeBuilder renders one network's routes; the first rendering error
// stops the build. What it keeps is only read once the build is done, so
// lazy responses may share it.
type routeBuilder struct {
	*Builder
	site         *Site
	network      *data.Network
	compact      bool // a large network: see compactFrom
	cities, view orb.Bound
	basemap      string
	picture      *components.Picture           // every city, each a link
	overview     *components.Picture           // a large network's: dots alone
	previews     map[string]components.Preview // by city slug, "" for the network
	order        []*lazyResource
	err          error
}

// page makes the view of a page: selected is the city shown, "" for the
// network; canonical is the path of the page's own address on the site.
func (r *routeBuilder) page(paths components.Paths, selected, title, description, canonical string) components.Page {
	full := paths.Full()
	p := components.Page{
		T: r.messages, Network: r.network, Paths: paths, Assets: r.urls, Tiles: r.opts.Tiles,
		Title: title, Description: description, Selected: selected, Embed: paths.Embed,
		SiteName: r.messages.T("site.name", r.network.Name), Picture: r.picture, Preview: r.previews[selected],
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
			Labels: components.MapLabels{
				Map:         r.messages.T("map.live", r.network.Name),
				Coordinator: r.messages.T("cities.coordinator"),
				Showing:     r.messages.T("live.showing"),
				Overview:    r.messages.T("live.overview"),
				Cluster:     r.messages.T("map.cluster"),
				Matches:     r.messages.T("cities.matches"),
			},
			Cluster: len(r.network.Cities) > clusterFrom,
		},
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
	if o := paths.Embed; o != nil {
		p.Map.Embed = &components.EmbedConfig{
			Lines:        o.Lines,
			Details:      o.Details,
			FullCity:     full.City("{slug}"),
			WheelHint:    r.messages.T("embed.wheelHint"),
			WheelHintMac: r.messages.T("embed.wheelHintMac"),
			TouchHint:    r.messages.T("embed.touchHint"),
			OffWords:     offWords,
			OnWords:      onWords,
		}
	}
	if description == "" {
		p.Description = r.messages.T("description.network", r.network.Name, r.network.FullName, len(r.network.Cities))
	}
	p.URL = r.abs(full.Home())
	if canonical != "" {
		p.Canonical = r.abs(canonical)
		p.URL = p.Canonical
	}
	return p
}

// cityPicture is a large network's drawn map on a city's page: the
// country outlines, the city, the coordinator's city and the link between.
func (r *routeBuilder) cityPicture(slug string) *components.Picture {
	pic := &components.Picture{Width: r.picture.Width, Height: r.picture.Height, Countries: r.picture.Countries}
	var coordinator, city *components.PictureCity
	for i, c := range r.picture.Cities {
		if c.Coordinator {
			coordinator = &r.picture.Cities[i]
		}
		if c.City.Slug == slug {
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

func (r *routeBuilder) add(path string, c templ.Component) {
	r.site.routes[path] = r.render(http.StatusOK, c)
}

// later registers a page to be rendered when first asked for.
func (r *routeBuilder) later(path string, c func() templ.Component) {
	l := &lazyResource{render: func() (*Resource, error) { return renderResource(http.StatusOK, c()) }}
	r.site.lazy[path] = l
	r.order = append(r.order, l)
}

// laterVariant registers one combination of an embed's options. Embeds may
// be framed by other sites, so they carry their own Content-Security-Policy.
func (r *routeBuilder) laterVariant(path string, o components.EmbedOptions, c func() templ.Component) {
	variants, ok := r.site.embeds[path]
	if !ok {
		variants = make([]*lazyResource, len(components.AllEmbeds()))
		r.site.embeds[path] = variants
	}
	headers := r.embedHeaders
	l := &lazyResource{render: func() (*Resource, error) {
		res, err := renderResource(http.StatusOK, c())
		if err == nil {
			res.headers = headers
		}
		return res, err
	}}
	variants[o.Index()] = l
	r.order = append(r.order, l)
}

// laterBuilder registers the embed builder with the network's snippet as
// it comes without JavaScript.
func (r *routeBuilder) laterBuilder() {
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
	r.later(full.Builder(""), func() templ.Component {
		p := r.page(full, "", t.T("builder.title", n.Name), "", full.Builder(""))
		p.Stylesheets, p.Scripts, p.SkipTo = []string{r.urls.SiteCSS}, []string{full.EmbedScript(), r.urls.BuilderJS}, ""
		return components.BuilderPage(p, targets, snippet, components.BuilderConfig{OEmbed: full.OEmbed(), Queries: queries})
	})
}

// The server-drawn map: its canvas, and the room kept around the cities.
const (
	pictureWidth  = 800
	pictureHeight = 600
	pictureMargin = 28
)

// pictureView turns the drawn network into what the template writes.
func pictureView(n *data.Network, pic *geo.Picture) *components.Picture {
	v := &components.Picture{Width: int(pic.Width), Height: int(pic.Height)}
	for _, c := range pic.Countries {
		v.Countries = append(v.Countries, components.PictureCountry{Path: geo.PathData(c.Shape), Tinted: c.Tinted})
	}
	for _, l := range pic.Links {
		v.Links = append(v.Links, [2][2]float64{l[0], l[1]})
	}
	for i, c := range pic.Cities {
		v.Cities = append(v.Cities, components.PictureCity{City: &n.Cities[i], X: c.At[0], Y: c.At[1], Coordinator: c.Coordinator})
	}
	return v
}

// previewStyle names the way preview images are drawn. Their addresses
// are made from what they show, before they are painted; change this when
// the painting changes, so that cached images give way.
const previewStyle = "1"

// addPreviews registers the link-preview images, the network's and one per
// city with the city highlighted. Each takes tens of milliseconds to
// paint, so they are painted when first asked for; their addresses, cached
// for a year, come from the network's GeoJSON and the words on them. They
// carry names only, so one image serves every language.
func (r *routeBuilder) addPreviews(geojson []byte) {
	n, t := r.network, r.messages
	painter := sync.OnceValues(func() (*geo.Preview, error) {
		return geo.NewPreview(geo.NewPreviewPicture(n, r.countries))
	})
	sum := sha256.Sum256(geojson)
	r.previews = map[string]components.Preview{}
	add := func(slug, title, subtitle, alt string) {
		name := "preview-" + n.Slug + ".png"
		if slug != "" {
			name = "preview-" + slug + ".png"
		}
		// A folder of their own: other sites may load them, unlike the
		// other assets, and static hosts set headers by folder.
		path := "/previews/" + strings.TrimPrefix(fingerprint(name, []byte(strings.Join([]string{previewStyle, hex.EncodeToString(sum[:]), slug, title, subtitle}, "\n"))), "/static/")
		l := &lazyResource{render: func() (*Resource, error) {
			pv, err := painter()
			if err != nil {
				return nil, err
			}
			img, err := pv.PNG(slug, title, subtitle)
			if err != nil {
				return nil, err
			}
			return public(newResource("image/png", cacheImmutable, img)), nil
		}}
		r.site.lazy[path] = l
		r.order = append(r.order, l)
		r.previews[slug] = components.Preview{URL: r.abs(path), Alt: alt, Width: geo.PreviewWidth, Height: geo.PreviewHeight}
	}
	add("", n.Name, n.FullName, t.T("preview.network", n.Name))
	for _, c := range n.Cities {
		subtitle := n.Name
		if c.LocalName != "" && c.LocalName != c.Name {
			subtitle = c.LocalName + " · " + n.Name
		}
		add(c.Slug, c.Name, subtitle, t.T("preview.city", n.Name, c.Name))
	}
}

// addSitemap lists the pages search engines should know, and robots.txt
// names it. Embeds are left out: they say noindex, and their full pages are
// listed.
func (r *routeBuilder) addSitemap() {
	var full components.Paths
	type url struct {
		Loc string `xml:"loc"`
	}
	set := struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []url    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	set.URLs = append(set.URLs, url{r.abs(full.Home())})
	for _, c := range r.network.Cities {
		set.URLs = append(set.URLs, url{r.abs(full.City(c.Slug))})
	}
	set.URLs = append(set.URLs, url{r.abs(full.Builder(""))})
	body, err := xml.MarshalIndent(set, "", "  ")
	if err != nil && r.err == nil {
		r.err = err
	}
	r.site.routes["/sitemap.xml"] = newResource("application/xml; charset=utf-8", cacheRevalidate, append([]byte(xml.Header), append(body, '\n')...))
	robots := "User-agent: *\nDisallow: /fragments/\nSitemap: " + r.abs("/sitemap.xml") + "\n"
	r.site.routes["/robots.txt"] = newResource("text/plain; charset=utf-8", cacheRevalidate, []byte(robots))
}

// leafletBounds turns a bound into Leaflet's [[south, west], [north, east]].
func leafletBounds(b orb.Bound) [2][2]float64 {
	return [2][2]float64{{b.Min.Lat(), b.Min.Lon()}, {b.Max.Lat(), b.Max.Lon()}}
}

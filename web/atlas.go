package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/a-h/templ"
	"github.com/paulmach/orb"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/geo"
)

// An atlas is many networks in one site. Its own pages are at the site's
// root, in every language:
//
//	/                                the atlas's home: every place, every network
//	/places/, /places/{slug}/        every place; a place across its networks
//	/embed/, /embed/places/{slug}/   the same for iframes
//	/fragments/atlas.html, /fragments/places/{slug}.html, /fragments/places.html
//	                                 the panels and the list of places, for the map script
//	/oembed/atlas.json, /oembed/places/{slug}.json, and .xml
//	/api/places.geojson, /api/partners.csv  the whole atlas's open data
//
// Each network's site is under /networks/{slug}/, exactly a single
// network's site under that prefix, built when it is first asked for: an
// atlas of hundreds of networks is served at once, and a network costs
// only once someone visits it.

// part is a network's site in an atlas, built when first asked for an
// address it has.
type part struct {
	network *data.Network
	// addresses are the patterns of the network's addresses, for has.
	addresses func() []addressPattern
	build     func() (*Site, error)
	site      atomic.Pointer[Site]
	cached    entry // in the atlas's cache while built
	mu        sync.Mutex
	// building is closed when the build under way ends; nil when none is.
	building chan struct{}
	// fingerprints are the addresses named after their content, the
	// basemap's and the preview images', made only if asked for.
	fingerprints func() map[string]bool
}

// networkSites are an atlas's networks' sites by slug. Each is built when
// first asked for an address it has, and stays built while the atlas's
// cache has room: a visitor touring hundreds of networks costs the memory
// of the cache's budget, and a request that names no address of a
// network's site builds nothing.
type networkSites struct {
	bySlug map[string]*part
	cache  *cache
	// builds holds a token for each build running: at most one a core,
	// as builds are work for the processor alone.
	builds chan struct{}
	// wait is how long a request waits for its network's site to be
	// built before it is answered 503, to come back later.
	wait time.Duration
}

// buildWait is how long a request waits for a network's site before it
// is answered 503 with Retry-After: longer than a build of the largest
// network takes on a busy core, short enough that a flood of requests for
// cold networks ends in answers rather than timeouts.
const buildWait = 5 * time.Second

// retryAfter is the Retry-After of that 503, in seconds.
const retryAfter = "5"

// ErrBusy is the answer for an address whose network's site could not be
// built in time, as other builds took every core: answered 503, with
// Retry-After.
var ErrBusy = errors.New("too many sites being built: try again shortly")

// get is a network's site, built if need be, within the wait for a
// request; ErrBusy past it.
func (ns *networkSites) get(p *part) (*Site, error) {
	if s := p.site.Load(); s != nil {
		ns.cache.use(&p.cached)
		return s, nil
	}
	deadline := time.NewTimer(ns.wait)
	defer deadline.Stop()
	return ns.built(p, deadline.C)
}

// built is a network's site, built if need be, however long that takes
// (deadline nil) or until deadline.
func (ns *networkSites) built(p *part, deadline <-chan time.Time) (*Site, error) {
	for {
		p.mu.Lock()
		if s := p.site.Load(); s != nil {
			p.mu.Unlock()
			ns.cache.use(&p.cached)
			return s, nil
		}
		if done := p.building; done != nil {
			// Another request builds it: wait for that build.
			p.mu.Unlock()
			select {
			case <-done:
				continue
			case <-deadline:
				return nil, ErrBusy
			}
		}
		done := make(chan struct{})
		p.building = done
		p.mu.Unlock()
		s, err := ns.buildOne(p, deadline)
		p.mu.Lock()
		p.building = nil
		p.mu.Unlock()
		close(done)
		return s, err
	}
}

// buildOne builds a network's site once a core is free, or gives up at
// the deadline, and counts the site in the cache.
func (ns *networkSites) buildOne(p *part, deadline <-chan time.Time) (*Site, error) {
	select {
	case ns.builds <- struct{}{}:
	default:
		// Every core builds: wait for a token, not past the deadline.
		select {
		case ns.builds <- struct{}{}:
		case <-deadline:
			return nil, ErrBusy
		}
	}
	defer func() { <-ns.builds }()
	s, err := p.build()
	if err != nil {
		return nil, err
	}
	p.site.Store(s)
	ns.cache.keep(&p.cached, nil, s.weight(), func() { p.site.Store(nil) })
	return s, nil
}

// partAt is the site of the network a path is in, in an atlas, built if
// need be: nil for the atlas's own paths, for a site of one network, and
// for a path the network's site does not have, which builds nothing.
func (s *Site) partAt(path, rawQuery string) (*Site, error) {
	p := s.partOf(path, rawQuery)
	if p == nil {
		return nil, nil
	}
	return s.networks.get(p)
}

// partOf is the network whose site has a path, in an atlas, without
// building it: nil for the atlas's own paths, for a site of one network,
// and for a path that network's site does not have.
func (s *Site) partOf(path, rawQuery string) *part {
	if s.networks == nil {
		return nil
	}
	_, rest := components.SplitLanguage(path)
	rest, ok := strings.CutPrefix(rest, "/networks/")
	if !ok {
		return nil
	}
	slug, _, _ := strings.Cut(rest, "/")
	p := s.networks.bySlug[slug]
	if p == nil || !p.has(path, rawQuery) {
		return nil
	}
	return p
}

// BuildAtlas renders an atlas into a Site. It fails only on a rendering
// error, which would be a bug: an Atlas from package data is valid.
func (b *Builder) BuildAtlas(a *data.Atlas) (*Site, error) {
	s := b.newSite(components.Paths{})
	r := &atlasBuilder{sectionBuilder: b.newSectionBuilder(s, components.Paths{}), atlas: a, networkLists: map[string]func() components.AtlasView{}}
	for lang := range r.locales {
		r.networkLists[lang] = sync.OnceValue(func() components.AtlasView { return r.networkList(r.locales[lang]) })
	}
	atlasName := func(lang string) string { return r.name(r.locales[lang]) }
	s.networks = &networkSites{bySlug: map[string]*part{}, cache: s.cache, builds: b.builds, wait: buildWait}
	for _, n := range a.Networks {
		p := &part{network: n}
		p.addresses = sync.OnceValue(func() []addressPattern { return addressPatterns(b.networkPages, n) })
		p.cached.owns = true
		p.build = func() (*Site, error) { return b.buildPart(n, s, &p.cached, atlasName) }
		p.fingerprints = sync.OnceValue(func() map[string]bool {
			return b.fingerprints(n, components.Paths{Network: components.NetworkAt(n.Slug)})
		})
		s.networks.bySlug[n.Slug] = p
	}
	if err := r.addRoutes(); err != nil {
		return nil, err
	}
	// The tiles of every network's map, whose sites are built later.
	views := []orb.Bound{r.view}
	for _, n := range a.Networks {
		views = append(views, mapView(n))
	}
	b.addTiles(s, views...)
	s.addOEmbedFiles(components.Paths.AtlasOEmbedFile)
	s.recompress(b.compressor.quick, b.assets.quick)
	return s, nil
}

// buildPart renders a network of an atlas under its address, sharing the
// atlas's cache and error pages; the cache counts its responses with the
// site, owner. Its pages lead back to the atlas, called atlasName.
func (b *Builder) buildPart(n *data.Network, atlas *Site, owner *entry, atlasName func(lang string) string) (*Site, error) {
	s := b.newSite(components.Paths{Network: components.NetworkAt(n.Slug)})
	s.cache, s.owner, s.notFound, s.statusPages = atlas.cache, owner, atlas.notFound, atlas.statusPages
	if err := b.addRoutes(s, n, atlasName); err != nil {
		return nil, err
	}
	s.addOEmbedFiles(components.Paths.OEmbedFile)
	s.recompress(b.compressor.quick, nil)
	return s, nil
}

// atlasBuilder renders an atlas's own routes; see routeBuilder.
type atlasBuilder struct {
	sectionBuilder
	atlas *data.Atlas
	// networkLists are networkList by components.Paths.Lang.
	networkLists map[string]func() components.AtlasView
	previews     map[string]string // image addresses by place slug, "" for the home
	// networkPreviews are the addresses of the networks' own preview
	// images, by network, made when first asked for.
	networkPreviews map[string]func() string
	basemap         string
	places          orb.Bound
	view            orb.Bound
}

// name is the atlas's name in a language: atlas.toml's, or the
// interface's words for a folder without one.
func (r *atlasBuilder) name(l locale) string {
	if info := r.atlas.Info; info != nil {
		return info.NameIn(l.t.Lang).Text
	}
	return l.t.T("atlas.name")
}

func (r *atlasBuilder) addRoutes() error {
	a, s, b := r.atlas, r.site, r.Builder
	r.places = geo.PlaceBounds(a)
	r.view = geo.Expand(geo.Square(r.places), basemapMargin)
	basemap, err := b.basemap(r.view, nil)
	if err != nil {
		return err
	}
	r.basemap = fingerprint("basemap.json", basemap)
	s.routes[r.basemap] = newResource(typeJSON, cacheImmutable, basemap)
	r.addPlaces()
	addFiles(&r.sectionBuilder, r, b.atlasPages, components.Paths{}, "")
	r.addNetworkViews()
	addPages(&r.sectionBuilder, r, b.atlasPages, components.Paths{}, nil, r.slugs)
	s.target = r.oembedTarget

	// The routes of the site as a whole, and the error pages, whose 404
	// lists the networks.
	r.addSiteRoutes()
	page := func(l locale, title string) components.Page { return r.page(l, l.full, "", title, "", nil) }
	notFound := func(l locale, p components.Page) templ.Component {
		return components.AtlasNotFoundPage(p, r.atlasView(l, "", nil))
	}
	addErrorPages(s, r.locales, r.name(r.locales[""]), page, notFound, r.render)
	r.order = append(r.order, b.addSitemaps(s, r.pages)...)
	s.order = r.order
	return r.err
}

// slugs are what the atlas's kinds of pages are about: its places, and
// its networks.
func (r *atlasBuilder) slugs(e each) []string {
	var slugs []string
	switch e {
	case once:
		slugs = []string{""}
	case eachCity:
		for _, p := range r.atlas.Places {
			slugs = append(slugs, p.Slug)
		}
	case eachNetwork:
		for _, n := range r.atlas.Networks {
			slugs = append(slugs, n.Slug)
		}
	}
	return slugs
}

// atlasPages are the kinds of the atlas's own pages: see pageKind. Unlike
// a network's, an atlas's pages are not all rendered ahead, as it has
// thousands: only its home, and the other pages of the atlas as a whole.
func atlasPages() []pageKind[*atlasBuilder] {
	return []pageKind[*atlasBuilder]{
		{at: one(components.Paths.Home), when: atLoad, sitemap: listed, oembed: true, export: true, render: (*atlasBuilder).homePage},
		{at: one(components.Paths.AtlasPanel), when: soon, export: true, render: (*atlasBuilder).homePanel},
		// The map's marks come as data, not links: a place is a short row.
		{at: one(components.Paths.PlaceMarks), when: atLoad, export: true, render: (*atlasBuilder).marks},
		{at: one(components.Paths.PlaceIndex), when: soon, sitemap: listed, export: true, render: (*atlasBuilder).placeIndex},
		{at: components.Paths.Place, each: eachCity, sitemap: listed, oembed: true, export: true, render: (*atlasBuilder).placePage},
		{at: components.Paths.PlacePanel, each: eachCity, export: true, render: (*atlasBuilder).placePanel},
		{at: components.Paths.AtlasNetworkPanel, each: eachNetwork, export: true, render: (*atlasBuilder).networkPanel},
		// The atlas, and each place, for other sites' iframes.
		{at: one(components.Paths.Home), embed: defaultOptions, embeddable: true, when: soon, export: true, render: (*atlasBuilder).homeEmbed},
		{at: components.Paths.Place, each: eachCity, embed: defaultOptions, embeddable: true, export: true, render: (*atlasBuilder).placeEmbed},
		{at: one(func(p components.Paths) string { return p.Builder("") }), export: true, render: (*atlasBuilder).builderPage},
		// The whole atlas's open data, in the order the overview offers it.
		{at: one(components.Paths.AtlasGeoJSON), neutral: true, export: true, file: &openFile{typeGeoJSON, "places.geojson", false, func(t messages.Messages) string { return t.T("downloads.atlasPlaces") }}, made: "addPlaces, for the previews' names"},
		{at: one(components.Paths.AtlasCSV), neutral: true, when: measured, export: true, file: &openFile{typeCSV, "partners.csv", true, func(t messages.Messages) string { return t.T("downloads.atlasPartners") }}, data: (*atlasBuilder).partnersFile},
	}
}

// The renderers of the atlas's kinds of pages.

func (r *atlasBuilder) home(l locale) components.Page {
	p := r.page(l, l.full, "", l.t.T("atlas.title", "Atlas", r.name(l)), l.t.N("atlas.description", len(r.atlas.Networks), "Atlas", r.name(l)), components.Paths.Home)
	in := l.full.Under("")
	p.OEmbed = components.OEmbedLinks{JSON: r.abs(in.AtlasOEmbedFile("", "json")), XML: r.abs(in.AtlasOEmbedFile("", "xml"))}
	return p
}

func (r *atlasBuilder) homePage(string) renderer {
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		p, v := r.home(l), r.atlasView(l, "", r.downloads)
		return components.AtlasPage(p, v, components.AtlasPanel(p, v))
	})
}

func (r *atlasBuilder) homePanel(string) renderer {
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return components.AtlasPanel(r.home(l), r.atlasView(l, "", r.downloads))
	})
}

func (r *atlasBuilder) marks(string) renderer {
	return func(_ components.EmbedOptions, l locale) (*Resource, error) {
		body, err := json.Marshal(r.placeMarks(l))
		return newResource(typeJSON, cacheRevalidate, body), err
	}
}

func (r *atlasBuilder) placeIndex(string) renderer {
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		p, v := r.page(l, l.full, "", l.t.N("atlas.places", len(r.atlas.Places))+" – "+r.name(l), "", components.Paths.PlaceIndex), r.atlasView(l, "", r.downloads)
		p.SkipTo = "places"
		v.Places = r.placeItems(l)
		return components.PlacesPage(p, v)
	})
}

// place is the atlas's place of a slug the table gives.
func (r *atlasBuilder) place(slug string) *data.Place {
	pl, _ := r.atlas.Place(slug)
	return pl
}

func (r *atlasBuilder) placePageOf(l locale, pl *data.Place) components.Page {
	name := pl.City.NameIn(l.t.Lang).Text
	p := r.page(l, l.full, pl.Slug, l.t.T("place.title", "Place", name, "Atlas", r.name(l)),
		l.t.N("place.description", len(pl.Visits), "Place", name, "Country", data.CountryNameIn(pl.City.Country, l.t.Lang)),
		func(p components.Paths) string { return p.Place(pl.Slug) })
	in := l.full.Under("")
	p.OEmbed = components.OEmbedLinks{JSON: r.abs(in.AtlasOEmbedFile(pl.Slug, "json")), XML: r.abs(in.AtlasOEmbedFile(pl.Slug, "xml"))}
	return p
}

func (r *atlasBuilder) placePage(slug string) renderer {
	pl := r.place(slug)
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		p := r.placePageOf(l, pl)
		return components.AtlasPage(p, r.atlasView(l, pl.Slug, r.downloads), components.PlacePanel(p, r.placeView(l, pl)))
	})
}

func (r *atlasBuilder) placePanel(slug string) renderer {
	pl := r.place(slug)
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return components.PlacePanel(r.placePageOf(l, pl), r.placeView(l, pl))
	})
}

// embedded is the atlas's home, or a place's page (selected), for other
// sites' iframes, with panel for its panel.
func (r *atlasBuilder) embedded(l locale, selected string, panel func(p components.Page) templ.Component) templ.Component {
	paths := l.full
	o := components.DefaultEmbed()
	paths.Embed = &o
	at := func(p components.Paths) string { return p.Place(selected) }
	if selected == "" {
		at = components.Paths.Home
	}
	p := r.page(l, paths, selected, l.t.T("atlas.title", "Atlas", r.name(l)), "", at)
	p.Versions, p.Scripts = nil, []string{r.urls.LeafletJS, r.urls.AtlasJS}
	v := r.atlasView(l, selected, nil)
	v.Config.Suggestions = nil
	v.Config.Embed = &components.EmbedConfig{WheelHint: l.t.T("embed.wheelHint"), WheelHintMac: l.t.T("embed.wheelHintMac"), TouchHint: l.t.T("embed.touchHint")}
	return components.AtlasEmbedPage(p, v, panel(p))
}

func (r *atlasBuilder) homeEmbed(string) renderer {
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return r.embedded(l, "", func(p components.Page) templ.Component {
			return components.AtlasPanel(p, r.atlasView(l, "", r.downloads))
		})
	})
}

func (r *atlasBuilder) placeEmbed(slug string) renderer {
	pl := r.place(slug)
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return r.embedded(l, pl.Slug, func(p components.Page) templ.Component { return components.PlacePanel(p, r.placeView(l, pl)) })
	})
}

// addNetworkViews registers, for each network, the atlas's home with the
// network chosen on its map, at the home's address with ?network={slug}
// (Site.views), in every language; its panel alone is a kind of page.
func (r *atlasBuilder) addNetworkViews() {
	r.site.views = map[string]*lazyResource{}
	r.networkPreviews = map[string]func() string{}
	for _, n := range r.atlas.Networks {
		r.networkPreviews[n.Slug] = sync.OnceValue(func() string { return r.networkPreview(n) })
		r.site.views[n.Slug] = &lazyResource{render: func(lang string) (*Resource, error) {
			l := r.locales[lang]
			p, v := r.networkPageOf(l, n), r.atlasView(l, "", r.downloads)
			v.Config.Network = n.Slug
			return renderResource(http.StatusOK, components.AtlasPage(p, v, components.AtlasNetworkPanel(p, r.networkView(l, n))))
		}}
	}
}

// networkPageOf is the atlas's home with a network chosen on its map.
func (r *atlasBuilder) networkPageOf(l locale, n *data.Network) components.Page {
	t := l.t
	p := r.page(l, l.full, "", t.T("atlas.networkTitle", "Network", n.Name, "Atlas", r.name(l)),
		t.N("description.network", len(n.Cities), "Network", n.Name, "FullName", n.FullNameIn(t.Lang).Text),
		func(p components.Paths) string { return p.AtlasNetwork(n.Slug) })
	p.Preview.URL, p.Preview.Alt = r.networkPreviews[n.Slug](), t.T("preview.network", "Network", n.Name)
	return p
}

func (r *atlasBuilder) networkPanel(slug string) renderer {
	i := slices.IndexFunc(r.atlas.Networks, func(n *data.Network) bool { return n.Slug == slug })
	n := r.atlas.Networks[i]
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		return components.AtlasNetworkPanel(r.networkPageOf(l, n), r.networkView(l, n))
	})
}

// networkView is a network chosen on the atlas's map, in a language: its
// cities lead to their places.
func (r *atlasBuilder) networkView(l locale, n *data.Network) components.AtlasNetworkView {
	in := l.full
	in.Network = components.NetworkAt(n.Slug)
	v := components.AtlasNetworkView{NetworkView: networkView(n, l.t, in, nil), Slug: n.Slug, Site: in.Home()}
	for i := range n.Cities {
		c := cityItem(n, &n.Cities[i], l.t, in)
		c.Href = l.full.Place(c.Slug)
		v.Cities = append(v.Cities, c)
	}
	return v
}

// pages are the addresses of every page of the atlas in a language, each
// network's included, for the sitemaps.
func (r *atlasBuilder) pages(in components.Paths) []string {
	pages := sitemapPages(r.atlasPages, in, nil, true, r.slugs)
	for _, n := range r.atlas.Networks {
		in := in
		in.Network = components.NetworkAt(n.Slug)
		pages = append(pages, sitemapPages(r.networkPages, in, n, false, citySlugs(n))...)
	}
	return pages
}

// oembedTarget describes a page of the atlas that can be embedded, in a
// language: slug is the place's, "" for the atlas's home.
func (r *atlasBuilder) oembedTarget(lang, slug string) oembedTarget {
	l := r.locales[lang]
	name := r.name(l)
	p, ok := r.atlas.Place(slug)
	full := l.full.Under("")
	embed := full
	o := components.DefaultEmbed()
	embed.Embed = &o
	if !ok {
		return oembedTarget{name, full.Home(), embed.Home(), name}
	}
	title := l.t.T("place.title", "Place", p.City.NameIn(l.t.Lang).Text, "Atlas", name)
	return oembedTarget{title, full.Place(slug), embed.Place(slug), name}
}

// page makes the view of a page of the atlas in a language; see
// routeBuilder.page.
func (r *atlasBuilder) page(l locale, paths components.Paths, selected, title, description string, at func(components.Paths) string) components.Page {
	t, name := l.t, r.name(l)
	p := components.Page{
		T: t, Paths: paths, Assets: r.urls, Tiles: r.tiles, NoIndex: r.preview,
		Header:      components.Header{Name: name, HomeLabel: t.T("atlas.home", "Atlas", name)},
		Title:       title,
		Description: description,
		Selected:    selected,
		SiteName:    name,
		Stylesheets: []string{r.urls.LeafletCSS, r.urls.SiteCSS},
		Scripts:     []string{r.urls.LeafletJS, r.urls.AtlasJS},
		SkipTo:      "networks",
		Preview:     components.Preview{URL: r.previews[""], Alt: t.T("preview.atlas", "Atlas", name), Width: geo.PreviewWidth, Height: geo.PreviewHeight},
	}
	if pl, ok := r.atlas.Place(selected); ok {
		place := pl.City.NameIn(t.Lang)
		p.Preview.URL = r.previews[selected]
		p.Preview.Alt = t.T("preview.place", "Atlas", name, "Place", place.Text)
		if paths.Embed != nil {
			p.Subject = &components.Subject{Name: place, Href: paths.Full().Place(selected), Label: t.T("embed.fullCity", "City", place.Text)}
		}
	}
	if description == "" {
		p.Description = t.N("atlas.description", len(r.atlas.Networks), "Atlas", name)
	}
	p.Canonical, p.Versions = r.versions(paths.Full(), at, components.Paths.Place)
	return p
}

// atlasView is the atlas's home in a language, with the place selected
// ("" for none) and the downloads its overview offers.
func (r *atlasBuilder) atlasView(l locale, selected string, files func(l locale) []components.Download) components.AtlasView {
	a, t, full := r.atlas, l.t, l.full
	v := components.AtlasView{
		Name:       r.name(l),
		PlaceCount: len(a.Places),
		PlacesHref: full.PlaceIndex(),
		Config: components.AtlasConfig{
			Basemap:      full.File(r.basemap),
			Places:       full.PlaceMarks(),
			Home:         full.Home(),
			AtlasPanel:   full.AtlasPanel(),
			PlacePath:    full.Place("{slug}"),
			PlacePanel:   full.PlacePanel("{slug}"),
			NetworkPath:  full.AtlasNetwork("{slug}"),
			NetworkPanel: full.AtlasNetworkPanel("{slug}"),
			Selected:     selected,
			Bounds:       geo.LeafletBounds(r.places),
			MaxBounds:    geo.LeafletBounds(r.view),
			Tiles:        r.tiles,
			Suggestions:  r.suggestions,
			Labels: components.AtlasLabels{
				Map:         t.T("atlas.live", "Atlas", r.name(l)),
				Showing:     t.Text("live.showing"),
				Network:     t.Text("atlas.showingNetwork"),
				Coordinator: t.T("cities.coordinator"),
				Overview:    t.T("live.overview"),
				Cluster:     t.Forms("map.cluster"),
				Marker:      t.Forms("atlas.marker"),
				Matches:     t.Forms("atlas.matches"),
			},
		},
	}
	if p, ok := a.Place(selected); ok {
		at := geo.Point(*p.City)
		v.Config.Focus = &[2]float64{at.Lat(), at.Lon()}
	}
	if info := a.Info; info != nil {
		summary := info.SummaryIn(t.Lang)
		v.Summary = components.HTML{HTML: info.HTML(summary.Text), Lang: summary.Lang}
		v.Website, v.Contact = info.Website, info.Contact
	}
	if files != nil {
		v.Downloads = files(l)
	}
	list := r.networkLists[full.Lang]()
	v.Networks, v.Programmes, v.Years = list.Networks, list.Programmes, list.Years
	return v
}

// networkList is the atlas's networks as its pages list them in a
// language, and the programmes and years the list filters by: the same on
// every page of the atlas, made once a language.
func (r *atlasBuilder) networkList(l locale) components.AtlasView {
	a, t, full := r.atlas, l.t, l.full
	var v components.AtlasView
	programmes := map[string]bool{}
	years := map[int]bool{}
	for _, n := range a.Networks {
		in := components.Paths{Root: full.Root, Lang: full.Lang, Network: components.NetworkAt(n.Slug)}
		item := components.NetworkItem{
			Slug: n.Slug, Name: n.Name, FullName: n.FullNameIn(t.Lang).Text, Href: in.Home(),
			Programme: n.Programme, Period: t.Period(n.Start, n.End), Cities: t.N("atlas.cities", len(n.Cities)),
		}
		if n.Programme != "" {
			programmes[n.Programme] = true
		}
		if !n.Start.IsZero() {
			from, to := n.Start.Year(), n.Start.Year()
			if !n.End.IsZero() {
				to = n.End.Year()
			}
			item.From, item.To = strconv.Itoa(from), strconv.Itoa(to)
			for y := from; y <= to; y++ {
				years[y] = true
			}
		}
		v.Networks = append(v.Networks, item)
	}
	for p := range programmes {
		v.Programmes = append(v.Programmes, p)
	}
	slices.Sort(v.Programmes)
	for y := range years {
		v.Years = append(v.Years, y)
	}
	slices.Sort(v.Years)
	return v
}

// placeItems are every place of the atlas in a language, for the list of
// places and the markers.
func (r *atlasBuilder) placeItems(l locale) []components.PlaceItem {
	t := l.t
	items := make([]components.PlaceItem, len(r.atlas.Places))
	for i, p := range r.atlas.Places {
		at := geo.Point(*p.City)
		name := p.City.NameIn(t.Lang)
		country := data.CountryNameIn(p.City.Country, t.Lang)
		items[i] = components.PlaceItem{
			Slug: p.Slug, Name: name, Country: country, Networks: len(p.Visits),
			Lat: strconv.FormatFloat(at.Lat(), 'f', -1, 64), Lon: strconv.FormatFloat(at.Lon(), 'f', -1, 64),
			Href:  l.full.Place(p.Slug),
			Label: t.N("atlas.marker", len(p.Visits), "Place", name.Text, "Country", country),
		}
	}
	return items
}

// placeMarks is the atlas's places as its map marks them, in a language:
// for each, its slug, latitude, longitude, number of networks, name and
// country, in a row, to which the script adds the words of the marker's
// name (atlas.marker).
func (r *atlasBuilder) placeMarks(l locale) [][]any {
	rows := make([][]any, len(r.atlas.Places))
	for i, p := range r.atlas.Places {
		at := geo.Point(*p.City)
		rows[i] = []any{p.Slug, json.Number(strconv.FormatFloat(at.Lat(), 'f', -1, 64)), json.Number(strconv.FormatFloat(at.Lon(), 'f', -1, 64)),
			len(p.Visits), p.City.NameIn(l.t.Lang).Text, data.CountryNameIn(p.City.Country, l.t.Lang)}
	}
	return rows
}

// placeView is a place across its networks in a language.
func (r *atlasBuilder) placeView(l locale, p *data.Place) components.PlaceView {
	t := l.t
	v := components.PlaceView{Slug: p.Slug, Name: p.City.NameIn(t.Lang), LocalName: p.City.LocalName, Country: data.CountryNameIn(p.City.Country, t.Lang)}
	for _, visit := range p.Visits {
		n, c := visit.Network, visit.City
		in := components.Paths{Root: l.full.Root, Lang: l.full.Lang, Network: components.NetworkAt(n.Slug)}
		v.Visits = append(v.Visits, components.VisitView{
			Network: n.Slug, Name: n.Name, NetworkHref: in.Home(), CityHref: in.City(c.Slug),
			Programme: n.Programme, Period: t.Period(n.Start, n.End), Coordinator: n.IsCoordinatorCity(c.Slug),
			FocusArea: c.FocusAreaIn(t.Lang), Partners: partnerViews(n, c.Slug, t),
		})
	}
	return v
}

// addPlaces registers the atlas's places, each with its networks, as
// GeoJSON, from which the preview images are named.
func (r *atlasBuilder) addPlaces() {
	var full components.Paths
	placeURL := func(slug string) string { return r.abs(full.Place(slug)) }
	networkURL := func(slug string) string { return r.abs(components.Paths{Network: components.NetworkAt(slug)}.Home()) }
	places, err := geo.AtlasPlaces(r.atlas, placeURL, networkURL).MarshalJSON()
	r.fail(err)
	r.addPreviews(places)
	addFile(&r.sectionBuilder, r.atlasPages, full, "", full.AtlasGeoJSON(), places)
}

// partnersFile is every partner of every network as CSV.
func (r *atlasBuilder) partnersFile() ([]byte, error) {
	return geo.AtlasCSV(r.atlas, func(network, slug string) string {
		return r.abs(components.Paths{Network: components.NetworkAt(network)}.City(slug))
	})
}

// downloads are the whole atlas's files of open data as its overview
// offers them in a language.
func (r *atlasBuilder) downloads(l locale) []components.Download {
	return openFiles(r.atlasPages, &r.sizes, "", l.t, l.full, components.Paths{})
}

// weight is the memory a network's site holds once built, as the atlas's
// cache counts it: its responses rendered at load, the downloads a large
// network keeps, and what its addresses and their renderers take besides
// (see TestPartWeight).
func (s *Site) weight() int {
	n := siteOverhead
	for p, r := range s.routes {
		if _, shared := s.assets.quick[p]; !shared {
			n += r.size()
		}
	}
	for _, l := range s.lazy {
		if r := l.done.Load(); r != nil && l.kept {
			n += r.size()
		}
	}
	return n + addressOverhead*(len(s.lazy)+len(s.pages)+len(s.embeds)+len(s.targets))
}

// What a network's site holds besides its responses, measured on the
// generated atlas (TestPartWeight): the renderers' views and closures,
// and an entry in the site's tables for each address.
const (
	siteOverhead    = 48 << 10
	addressOverhead = 480
)

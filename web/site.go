// Package web is the Fiber application. It renders a network into a Site,
// every response made once into bytes, and serves the current Site; a new
// data file becomes a new Site that replaces the old one whole.
package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/geo"
	"partnermap/static"
)

// Builder renders networks into Sites. It prepares what does not depend on
// the network once: the interface's messages in every language, the
// static assets, compressed and fingerprinted, and the decoded country
// outlines.
type Builder struct {
	headers      [][2]string // on every response
	embedHeaders [][2]string // replace them on embeds, which may be framed
	embedScript  []byte
	base         *url.URL
	root         string // the path the site is under, the base URL's: "" or /map
	languages    messages.Set
	assets       assets
	urls         components.Assets // as pages write them, under the root
	favicon      string            // the icon's path in the route table
	countries    []geo.Country
	basemaps     basemaps
	tiles        *components.Tiles // the map's tile layer, nil without one
	style        static.Style
	maxMemory    int           // each site's cache's budget, in bytes
	builds       chan struct{} // a token for each network's site being built in an atlas
	compressor   *compressor
	best         *bestLevels // what the last site compressed at the best levels
	// preview marks the builder of a preview (Previews): its pages say
	// noindex.
	preview bool
	// The kinds of pages of a network, of an atlas's own, and of a
	// site whatever it holds: see pageKind.
	networkPages []pageKind[*routeBuilder]
	atlasPages   []pageKind[*atlasBuilder]
	sitePages    []pageKind[*sectionBuilder]
}

// NewBuilder checks the options and prepares the static assets.
func NewBuilder(opts Options) (*Builder, error) {
	set, err := opts.parse()
	if err != nil {
		return nil, err
	}
	if set.base == nil {
		return nil, errors.New("the base URL is missing: give the site's public origin, such as https://map.example.org")
	}
	languages, err := messages.Load()
	if err != nil {
		return nil, err
	}
	// HSTS holds for the whole host: under a path it is the host's to
	// send, not the map's.
	hsts := set.base.Scheme == "https" && set.base.Path == ""
	b := &Builder{
		tiles:        set.tiles,
		base:         set.base,
		root:         set.base.Path,
		headers:      securityHeaders(set.tileOrigin, "'none'", hsts),
		embedHeaders: securityHeaders(set.tileOrigin, set.frameAncestors, false)[:1],
		languages:    languages,
		style:        static.SiteStyle(),
		maxMemory:    int(opts.MaxMemory),
		builds:       make(chan struct{}, workers()),
		compressor:   &compressor{},
		networkPages: networkPages(),
		atlasPages:   atlasPages(),
		sitePages:    sitePages(),
	}
	b.best = newBestLevels(b.compressor)
	if b.maxMemory <= 0 {
		b.maxMemory = DefaultMaxMemory
	}
	plain := map[string]*Resource{}
	files := static.FS()
	for _, a := range []struct {
		name, contentType string
		url               *string
	}{
		{static.LeafletCSS, "text/css; charset=utf-8", &b.urls.LeafletCSS},
		{static.SiteCSS, "text/css; charset=utf-8", &b.urls.SiteCSS},
		{static.AdminCSS, "text/css; charset=utf-8", &b.urls.AdminCSS},
		{static.LeafletJS, "text/javascript; charset=utf-8", &b.urls.LeafletJS},
		{static.MarkerClusterCSS, "text/css; charset=utf-8", &b.urls.MarkerClusterCSS},
		{static.MarkerClusterJS, "text/javascript; charset=utf-8", &b.urls.MarkerClusterJS},
		{static.MapJS, "text/javascript; charset=utf-8", &b.urls.MapJS},
		{static.BuilderJS, "text/javascript; charset=utf-8", &b.urls.BuilderJS},
		{static.AtlasJS, "text/javascript; charset=utf-8", &b.urls.AtlasJS},
		{static.CityJS, "text/javascript; charset=utf-8", &b.urls.CityJS},
		{static.CityCSS, "text/css; charset=utf-8", &b.urls.CityCSS},
		{static.EditorJS, "text/javascript; charset=utf-8", &b.urls.EditorJS},
		{static.Favicon, "image/svg+xml", &b.urls.Favicon},
		{static.FaviconPNG, "image/png", &b.urls.FaviconPNG},
	} {
		body, err := fs.ReadFile(files, a.name)
		if err != nil {
			return nil, fmt.Errorf("static asset %s: %w (run make to copy third-party files)", a.name, err)
		}
		if a.name == static.SiteCSS {
			// The colours and sizes the stylesheet uses come from the
			// style table, as the drawn maps' and the KML's do.
			body = append(b.style.CSS(), body...)
		}
		key := fingerprint(path.Base(a.name), body)
		*a.url = b.public().File(key)
		plain[key] = newResource(a.contentType, cacheImmutable, body)
		if a.name == static.Favicon {
			b.favicon = key
		}
	}
	b.assets = newAssets(plain, b.compressor)
	if b.embedScript, err = fs.ReadFile(files, static.EmbedJS); err != nil {
		return nil, err
	}
	if b.basemaps, err = loadBasemaps(files, func() []geo.Country { return b.countries }, b.compressor); err != nil {
		return nil, err
	}
	b.assets.tiles = b.basemaps.tiles
	if b.countries = opts.Countries; b.countries != nil {
		return b, nil
	}
	topo, err := fs.ReadFile(files, static.Countries)
	if err != nil {
		return nil, fmt.Errorf("country outlines: %w (run make to copy third-party files)", err)
	}
	if b.countries, err = geo.DecodeCountries(topo); err != nil {
		return nil, fmt.Errorf("country outlines: %w", err)
	}
	return b, nil
}

// securityHeaders go on every response: pages run only the site's own
// scripts and styles, load nothing from elsewhere but the tiles the
// operator chose, may not be framed, and use no powerful features. The
// first header is the Content-Security-Policy, which embeds replace.
// tileOrigin is the tile server's source, "" without tiles.
func securityHeaders(tileOrigin, frameAncestors string, https bool) [][2]string {
	img := "'self'"
	if tileOrigin != "" {
		// Leaflet blanks aborted tiles with a data: image.
		img += " data: " + tileOrigin
	}
	csp := "default-src 'self'; img-src " + img + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors
	h := [][2]string{
		{"Content-Security-Policy", csp},
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", "strict-origin-when-cross-origin"},
		{"Cross-Origin-Resource-Policy", "same-origin"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{"Permissions-Policy", "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"},
	}
	if https {
		h = append(h, [2]string{"Strict-Transport-Security", "max-age=31536000"})
	}
	return h
}

// public marks a response other sites may load: the preview images,
// /embed.js.
func public(r *Resource) *Resource {
	r.headers = [][2]string{{"Cross-Origin-Resource-Policy", "cross-origin"}}
	return r
}

// openData marks a response other sites' scripts may read as well as
// load: the open data and the oEmbed files. Nothing in them is private.
func openData(r *Resource) *Resource {
	r.headers = [][2]string{{"Cross-Origin-Resource-Policy", "cross-origin"}, {"Access-Control-Allow-Origin", "*"}}
	return r
}

// fingerprint names an asset by its content, so that it can be cached for
// a year and still change the moment it does: map.js -> /static/map.1a2b3c4d5e.js.
func fingerprint(name string, body []byte) string {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	return "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
}

// assets are the static files, the same for every network: compressed
// quickly when the builder is made, and at the best levels once, when the
// first site asks for them (best fails with ctx's error when ctx ends
// before).
type assets struct {
	quick map[string]*Resource
	best  func(ctx context.Context) (map[string]*Resource, error)
	tiles *tileStore // the basemap's tiles, as drawn for any site
}

func newAssets(plain map[string]*Resource, z *compressor) assets {
	paths := slices.Collect(maps.Keys(plain))
	// compress compresses the assets of paths with compress, by path:
	// those it makes nil of are left out.
	compress := func(paths []string, compress func(*Resource) *Resource) map[string]*Resource {
		rs := make([]*Resource, len(paths))
		for i, p := range paths {
			rs[i] = plain[p]
		}
		out := map[string]*Resource{}
		for i, r := range compressAll(rs, compress) {
			if r != nil {
				out[paths[i]] = r
			}
		}
		return out
	}
	// The assets at the best levels are kept as each is compressed: a
	// site swapped out meanwhile leaves the others to the next.
	var mu sync.Mutex // one compression at a time
	atBest := map[string]*Resource{}
	return assets{
		quick: compress(paths, z.quick),
		best: func(ctx context.Context) (map[string]*Resource, error) {
			mu.Lock()
			defer mu.Unlock()
			var left []string
			for _, p := range paths {
				if atBest[p] == nil {
					left = append(left, p)
				}
			}
			maps.Copy(atBest, compress(left, func(r *Resource) *Resource {
				if ctx.Err() != nil {
					return nil
				}
				return z.compress(r, best)
			}))
			if len(atBest) < len(paths) {
				return nil, ctx.Err()
			}
			return atBest, nil // whole, and never changed again
		},
	}
}

// Site is one network rendered: every response it can give, by path. The
// responses a first visit needs are rendered at load; the rest when first
// asked for, or in the background (Best).
//
// Pages, panels, embeds and oEmbed files exist in every interface language:
// they are kept by their path in the default language, and the path in
// another language is the same under /{lang} (components.SplitLanguage).
// Only the default language is rendered ahead; the others when asked for.
type Site struct {
	assets       assets
	headers      [][2]string // sent with every response
	routes       map[string]*Resource
	lazy         map[string]*lazyResource  // the same in every language
	pages        map[string]*lazyResource  // in every language
	embeds       map[string]*embedVariants // in every language
	translations *sync.Map                 // translation -> *lazyResource, as asked for
	order        []*lazyResource           // lazy responses to render ahead
	cache        *cache
	compressor   *compressor       // the builder's, shared by the sites it builds
	best         *bestLevels       // the builder's too
	targets      map[string]string // page and embed paths -> city slug, "" for the network
	target       func(lang, slug string) oembedTarget
	oembedPages  []oembedPage          // the pages with oEmbed files of their own
	oembedFiles  map[string]oembedFile // by path in the default language
	unexported   map[string]bool       // addresses the export leaves out, in the default language
	paths        components.Paths      // the network's addresses: see components.Paths.Network
	networks     *networkSites         // in an atlas, its networks' sites
	owner        *entry                // in an atlas, this network's site in the cache, which counts its responses with it
	base         *url.URL
	languages    messages.Set
	// compressed and reused are what Best compressed at the best levels
	// and what it took from the site before, in responses.
	compressed, reused int
	// The error pages, by language ("" for the default): 404's and those
	// of the other statuses by status (errorPage).
	notFound    map[string]*Resource
	statusPages map[int]map[string]*Resource
	// views are, in an atlas, its home with a network chosen on the map
	// (/?network={slug}), by network.
	views map[string]*lazyResource
}

// translation is a localized response in a language other than the
// default.
type translation struct {
	of   *lazyResource
	lang string
}

// ErrNoAddress is Lookup's answer for an address the site does not have.
var ErrNoAddress = errors.New("no such address")

// Lookup returns the response for a path and its raw query string, which
// matters only to embeds: it chooses their options. It fails with
// ErrNoAddress, or with the error of a response that could not be
// rendered, which is a bug to log and answer with the 500 page.
func (s *Site) Lookup(path, rawQuery string) (*Resource, error) {
	if l := s.view(path, rawQuery); l != nil {
		return s.get(l)
	}
	if r, ok := s.routes[path]; ok {
		return r, nil
	}
	if l, ok := s.lazy[path]; ok {
		return s.get(l)
	}
	if l := s.localized(path, rawQuery); l != nil {
		return s.get(l)
	}
	part, err := s.partAt(path, rawQuery)
	if err != nil {
		return nil, err
	}
	if part != nil {
		return part.Lookup(path, rawQuery)
	}
	return nil, ErrNoAddress
}

// localized finds the page, panel or embed a path names in its language,
// or nil.
func (s *Site) localized(path, rawQuery string) *lazyResource {
	l, lang := s.find(path, rawQuery)
	if l == nil || lang == "" {
		return l
	}
	return s.translated(l, lang)
}

// translated is a localized response in a language other than the
// default, made once and kept while asked for.
func (s *Site) translated(l *lazyResource, lang string) *lazyResource {
	key := translation{l, lang}
	if t, ok := s.translations.Load(key); ok {
		return t.(*lazyResource)
	}
	t := &lazyResource{render: l.render, lang: lang}
	t.forget = func() { s.translations.CompareAndDelete(key, t) }
	actual, _ := s.translations.LoadOrStore(key, t)
	return actual.(*lazyResource)
}

// view is the atlas's home with the network the query chooses, in the
// path's language, or nil: the query asks for no network the atlas has,
// or the path is not the home's.
func (s *Site) view(path, rawQuery string) *lazyResource {
	if s.views == nil || rawQuery == "" {
		return nil
	}
	lang, rest := components.SplitLanguage(path)
	if rest != "/" {
		return nil
	}
	values, _ := url.ParseQuery(rawQuery)
	l := s.views[values.Get("network")]
	if l == nil || lang == "" {
		return l
	}
	return s.translated(l, lang)
}

// find is the default language's page, panel or embed for a path in any
// language, and the path's language.
func (s *Site) find(path, rawQuery string) (l *lazyResource, lang string) {
	lang, rest := components.SplitLanguage(path)
	l = s.pages[rest]
	if variants, ok := s.embeds[rest]; ok {
		l = variants.variant(parseEmbedOptions(rawQuery))
	}
	return l, lang
}

// Has reports whether the site answers a path and query, without
// rendering or building anything.
func (s *Site) Has(path, rawQuery string) bool {
	_, route := s.routes[path]
	_, lazy := s.lazy[path]
	l, _ := s.find(path, rawQuery)
	return route || lazy || l != nil || s.view(path, rawQuery) != nil || s.partOf(path, rawQuery) != nil
}

// Canonical is the address of the page that path spells another way:
// /cities/palermo and /cities/palermo/index.html are /cities/palermo/.
func (s *Site) Canonical(path, rawQuery string) (string, bool) {
	canonical := path + "/"
	if folder, ok := strings.CutSuffix(path, "/index.html"); ok {
		canonical = folder + "/"
	}
	// Never //host, which browsers read as another site.
	if strings.HasPrefix(canonical, "//") || !s.Has(canonical, rawQuery) {
		return "", false
	}
	return canonical, true
}

// Paths lists every address the site answers, in every language, embeds
// with the query of each of their options, for tests and export.
func (s *Site) Paths() []string { return s.addresses(false) }

// exportPaths are the addresses the export writes: those of the kinds of
// pages that are exported, and every other file (see pageKind.export).
func (s *Site) exportPaths() []string { return s.addresses(true) }

// addresses lists the site's addresses, or only those exported.
func (s *Site) addresses(exported bool) []string {
	if exported && len(s.unexported) > 0 {
		return slices.DeleteFunc(s.addresses(false), func(p string) bool {
			if s.partOf(p, "") != nil {
				return false // its network's, which says for itself
			}
			_, rest := components.SplitLanguage(p)
			rest, _, _ = strings.Cut(rest, "?")
			return s.unexported[rest]
		})
	}
	paths := make([]string, 0, len(s.routes)+len(s.lazy))
	for p := range s.routes {
		paths = append(paths, p)
	}
	for p := range s.lazy {
		paths = append(paths, p)
	}
	for _, lang := range s.languages.Languages() {
		in := components.Paths{}.In(lang.Tag).At
		for p := range s.pages {
			if _, eager := s.routes[in(p)]; !eager {
				paths = append(paths, in(p))
			}
		}
		for p, variants := range s.embeds {
			for _, o := range components.AllEmbeds() {
				if !variants.withDetails || o.Details {
					paths = append(paths, in(p)+o.Query())
				}
			}
		}
	}
	if s.networks != nil {
		for _, slug := range slices.Sorted(maps.Keys(s.networks.bySlug)) {
			if part, err := s.networks.built(s.networks.bySlug[slug], nil); err == nil {
				paths = append(paths, part.addresses(exported)...)
			}
		}
	}
	return paths
}

// abs makes an absolute URL from a path of the site as the route table
// keeps it: under https://example.org/map, /cities/palermo/ is
// https://example.org/map/cities/palermo/.
func (s *Site) abs(p string) string { return absolute(s.base, p) }

func (b *Builder) abs(p string) string { return absolute(b.base, p) }

// absolute joins a path, which may carry a query, to the base URL, which
// carries the site's root.
func absolute(base *url.URL, p string) string {
	return base.String() + p
}

// origin is the scheme and host of the base URL, without its path.
func (b *Builder) origin() string { return b.base.Scheme + "://" + b.base.Host }

// public is the addresses of the site as its pages write them, under its
// root; the route table keeps them under Paths{}.
func (b *Builder) public() components.Paths { return components.Paths{Root: b.root} }

// Root is the path the site is served under, such as /map, "" at a
// host's root; every address the site answers is under it, and the
// server takes it off a request's path before looking the path up.
func (s *Site) Root() string { return s.base.Path }

// Build renders a network into a Site. It fails only on a rendering error,
// which would be a bug: a Network from package data is always valid.
func (b *Builder) Build(n *data.Network) (*Site, error) {
	s := b.newSite(components.Paths{})
	if err := b.addRoutes(s, n, nil); err != nil {
		return nil, err
	}
	b.addTiles(s, mapView(n))
	s.addOEmbedFiles(components.Paths.OEmbedFile)
	s.recompress(b.compressor.quick, b.assets.quick)
	return s, nil
}

// newSite is a site with nothing in it yet, whose addresses are paths's.
func (b *Builder) newSite(paths components.Paths) *Site {
	return &Site{
		assets:       b.assets,
		headers:      b.headers,
		routes:       map[string]*Resource{},
		lazy:         map[string]*lazyResource{},
		pages:        map[string]*lazyResource{},
		embeds:       map[string]*embedVariants{},
		translations: &sync.Map{},
		cache:        newCache(b.maxMemory),
		compressor:   b.compressor,
		best:         b.best,
		targets:      map[string]string{},
		unexported:   map[string]bool{},
		base:         b.base,
		languages:    b.languages,
		paths:        paths,
	}
}

// Best returns the site with every response compressed at the best levels,
// and as many of the lazy ones rendered as warm renders ahead. That takes
// a second or more: serve the site first, and this when it is ready
// (Server.Improve). Only the bytes no site compressed before are
// compressed: those of an unchanged response are taken from the last
// site (bestLevels). The two sites share their lazy responses, which are
// improved in place.
//
// When ctx ends, Best stops after the responses being compressed and
// fails with ctx's error: a site swapped out meanwhile is not worth the
// rest. What it compressed is kept for the next site.
func (s *Site) Best(ctx context.Context) (*Site, error) {
	s.best.start()
	better := *s
	// Once ctx ends, each response left is passed over as it is.
	compress := func(r *Resource) *Resource {
		if ctx.Err() != nil {
			return r
		}
		return s.best.compress(r)
	}
	assets, err := s.assets.best(ctx)
	if err == nil {
		better.recompress(compress, assets)
		better.warm(ctx)
		err = ctx.Err()
	}
	better.compressed, better.reused = s.best.finish(err == nil)
	if err != nil {
		return nil, err
	}
	return &better, nil
}

// recompress compresses the responses rendered at load at a level, in
// place, but the static assets: those come compressed already. The error
// pages of the other languages stay as they are: few visitors see them.
func (s *Site) recompress(compress func(*Resource) *Resource, assets map[string]*Resource) {
	var rs []*Resource
	for p, r := range s.routes {
		if _, ok := s.assets.quick[p]; !ok {
			rs = append(rs, r)
		}
	}
	rs = append(rs, s.notFound[""])
	for _, pages := range s.statusPages {
		rs = append(rs, pages[""])
	}
	done := make(map[*Resource]*Resource, len(rs))
	for i, r := range compressAll(rs, compress) {
		done[rs[i]] = r
	}
	replace := func(m map[string]*Resource) map[string]*Resource {
		m = maps.Clone(m)
		for k, r := range m {
			if c, ok := done[r]; ok {
				m[k] = c
			}
		}
		return m
	}
	s.routes = replace(s.routes)
	s.notFound = replace(s.notFound)
	pages := make(map[int]map[string]*Resource, len(s.statusPages))
	for status, byLang := range s.statusPages {
		pages[status] = replace(byLang)
	}
	s.statusPages = pages
	maps.Copy(s.routes, assets)
}

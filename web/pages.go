package web

import (
	"net/http"

	"github.com/a-h/templ"

	"partnermap/components"
	"partnermap/data"
)

// A pageKind is one kind of address a site answers, declared once: where
// it is, when it is rendered, and where else it is named. The routes, the
// addresses a network's site is known to have before it is built
// (part.has), the sitemaps, the oEmbed targets, the files of open data the
// overviews offer and the export's list all come from the tables of kinds
// (networkPages, atlasPages, sitePages), so that a new kind of page is one
// entry in a table.
//
// B is the builder of the section the kind belongs to: a network's
// (routeBuilder) or the atlas's own (atlasBuilder).
type pageKind[B any] struct {
	// at is the address among a section's paths in the default language,
	// slug that of the city, place or network it is about; at with the
	// slug "{slug}" is the kind's pattern.
	at   func(p components.Paths, slug string) string
	each each
	// embed says whether the address is among the embed's and in which
	// combinations of the embed options.
	embed embedOptions
	// embeddable pages may be framed by other sites: they carry the
	// embed headers, and /oembed describes their pages for their
	// addresses too.
	embeddable bool
	// neutral responses read the same in every language and have one
	// address; the others are in every interface language, under /{lang}.
	neutral bool
	when    whenRendered
	sitemap sitemapListing
	// oembed pages announce oEmbed files of their own, and /oembed
	// describes them.
	oembed bool
	export bool
	// only is the networks that have the kind, nil for all of them.
	only func(n *data.Network) bool
	// render makes the kind's responses about slug: o is the embed's
	// options, the default ones for a kind not embedded. Nil for a file
	// of open data (see data) and for the few files made elsewhere
	// (see made).
	render func(b B, slug string) renderer
	// file is how the overviews offer a file of open data, and a city's
	// panel a file of each city, nil for the other kinds; data makes a
	// file's bytes, measured (see whenRendered), render a city's.
	file *openFile
	data func(b B) ([]byte, error)
	// made names what makes a kind without render or data, for the
	// reader.
	made string
}

// renderer makes a response in a language, with the embed's options.
type renderer func(o components.EmbedOptions, l locale) (*Resource, error)

// each is which addresses a kind has.
type each int

const (
	once        each = iota // one address
	eachCity                // one per city of a network, per place of an atlas
	eachNetwork             // one per network of an atlas
)

// embedOptions says whether a kind is among the embed's addresses, and in
// which combinations of its options (components.EmbedOptions).
type embedOptions int

const (
	notEmbedded    embedOptions = iota
	defaultOptions              // the default ones alone: the atlas's embeds
	everyOption                 // every combination, chosen by the query
	detailsShown                // the combinations that show the details: an embed's panels
)

// whenRendered is when a kind's responses are rendered.
type whenRendered int

const (
	// onDemand ones are rendered when first asked for: an atlas's
	// thousands of places, which few visit.
	onDemand whenRendered = iota
	// soon ones are rendered in the background at the best levels
	// (Site.Best), in the default language; on demand in a large
	// network (compactFrom).
	soon
	// atLoad ones are rendered in the default language when the site is
	// built: what a first visit needs.
	atLoad
	// measured ones are files of open data, whose sizes the overviews
	// give beside their links (see addFiles).
	measured
)

// sitemapListing is whether a kind's pages are in the sitemaps.
type sitemapListing int

const (
	unlisted sitemapListing = iota
	listed
	// listedAlone pages are listed on the site of one network, not in an
	// atlas, whose sitemaps list its networks' content pages alone.
	listedAlone
)

// htmlOf makes a renderer of a component.
func htmlOf(c func(o components.EmbedOptions, l locale) templ.Component) renderer {
	return func(o components.EmbedOptions, l locale) (*Resource, error) {
		return renderResource(http.StatusOK, c(o, l))
	}
}

// one is the address of a kind that has only one, whose slug is "".
func one(at func(components.Paths) string) func(components.Paths, string) string {
	return func(p components.Paths, _ string) string { return at(p) }
}

// paths are the addresses among which the kind is: the embed's if it is
// embedded.
func (k *pageKind[B]) paths(paths components.Paths) components.Paths {
	if k.embed != notEmbedded {
		o := components.DefaultEmbed()
		paths.Embed = &o
	}
	return paths
}

// in is the addresses among which the kind's address is, for a page
// whose addresses are paths: a neutral kind has one address, the default
// language's, whatever the language of the page that links to it.
func (k *pageKind[B]) in(paths components.Paths) components.Paths {
	if k.neutral {
		return paths.In(components.DefaultLanguage)
	}
	return paths
}

// address is the kind's address about slug among paths, the embed's if
// it is embedded.
func (k *pageKind[B]) address(paths components.Paths, slug string) string {
	return k.at(k.paths(paths), slug)
}

// sectionBuilder is what a section's builder shares with the kinds'
// registration: the site, its languages, the order of rendering ahead.
// A network's site and an atlas's own pages are built by the same code.
type sectionBuilder struct {
	*Builder
	site        *Site
	locales     map[string]locale // by components.Paths.Lang
	suggestions map[string]string // the language offer's address by language tag
	// ahead says whether the soon kinds are rendered in the background,
	// in order; a large network renders them on demand (compactFrom), and
	// makes no list of its thousands of them.
	ahead bool
	order []*lazyResource
	sizes fileSizes // of the section's files of open data
	err   error
}

// newSectionBuilder prepares the languages of a section whose addresses
// are paths's in the default language.
func (b *Builder) newSectionBuilder(s *Site, paths components.Paths) sectionBuilder {
	sb := sectionBuilder{Builder: b, site: s, locales: map[string]locale{}, suggestions: map[string]string{}, ahead: true, sizes: newFileSizes()}
	for _, l := range b.languages.Languages() {
		t, _ := b.languages.In(l.Tag)
		full := paths.In(l.Tag).Under(b.root)
		sb.locales[full.Lang] = locale{t: t, full: full}
		sb.suggestions[l.Tag] = full.Suggestion()
	}
	return sb
}

// versions are a page's address in every interface language, which the
// language menu links to, and its canonical address: at gives the page's
// own address among full, the page's addresses in its language; nil for
// a page that has none, such as an error page, whose menu switches to the
// section's home and which has no canonical address. item is the address
// of a city or place of the section, which the menu's script follows.
func (r *sectionBuilder) versions(full components.Paths, at func(components.Paths) string, item func(components.Paths, string) string) (canonical string, versions []components.Version) {
	if at == nil {
		at = components.Paths.Home
	} else {
		canonical = r.abs(at(full.Under("")))
	}
	for _, lang := range r.languages.Languages() {
		in := full.In(lang.Tag)
		versions = append(versions, components.Version{Language: lang, URL: r.abs(at(in.Under(""))), Path: at(in), Home: in.Home(), City: item(in, "{slug}")})
	}
	return canonical, versions
}

// fail keeps the first error of the build.
func (r *sectionBuilder) fail(err error) {
	if err != nil && r.err == nil {
		r.err = err
	}
}

// render makes a response from a component now, keeping the first error.
func (r *sectionBuilder) render(status int, c templ.Component) *Resource {
	res, err := renderResource(status, c)
	r.fail(err)
	return res
}

// addPages registers every address of a section's kinds, among paths: n is
// the network for the kinds only some networks have, nil in an atlas's
// section; slugs are the cities or places, and the networks, the kinds
// are about.
func addPages[B any](r *sectionBuilder, b B, kinds []pageKind[B], paths components.Paths, n *data.Network, slugs func(each) []string) {
	s := r.site
	var about [eachNetwork + 1][]string // slugs by each, made once
	for i := range kinds {
		k := &kinds[i]
		if k.only != nil && !k.only(n) {
			continue
		}
		if about[k.each] == nil {
			about[k.each] = slugs(k.each)
		}
		in := k.paths(paths)
		for _, slug := range about[k.each] {
			path := k.at(in, slug)
			if k.render != nil {
				r.addPage(k.when, k.embed, k.embeddable, k.neutral, path, k.render(b, slug))
			}
			if k.oembed || k.embeddable {
				s.targets[path] = slug
			}
			if k.oembed {
				s.oembedPages = append(s.oembedPages, oembedPage{path, slug})
			}
			if !k.export {
				s.unexported[path] = true
			}
		}
	}
}

// addPage registers one address of a kind.
func (r *sectionBuilder) addPage(when whenRendered, embed embedOptions, embeddable, neutral bool, path string, render renderer) {
	s := r.site
	if embeddable && r.embedHeaders != nil {
		render = render.withHeaders(r.embedHeaders)
	}
	if embed == everyOption || embed == detailsShown {
		v := &embedVariants{withDetails: embed == detailsShown, render: func(o components.EmbedOptions, lang string) (*Resource, error) {
			return render(o, r.locales[lang])
		}}
		s.embeds[path] = v
		if when == soon && r.ahead {
			for _, o := range components.AllEmbeds() {
				if l := v.variant(o); l != nil {
					r.order = append(r.order, l)
				}
			}
		}
		return
	}
	l := &lazyResource{render: func(lang string) (*Resource, error) {
		return render(components.DefaultEmbed(), r.locales[lang])
	}}
	if neutral {
		s.lazy[path] = l
	} else {
		s.pages[path] = l
	}
	switch {
	case when == soon && r.ahead:
		r.order = append(r.order, l)
	case when == atLoad:
		res, err := l.render("")
		r.fail(err)
		s.routes[path] = res
	}
}

// withHeaders makes a renderer whose responses carry headers: the
// embed's, for pages other sites may frame.
func (f renderer) withHeaders(headers [][2]string) renderer {
	return func(o components.EmbedOptions, l locale) (*Resource, error) {
		res, err := f(o, l)
		if err == nil {
			res.headers = headers
		}
		return res, err
	}
}

// sitemapPages are the addresses of a section's pages in the sitemaps, in
// a language (in): alone says whether the section is the whole site.
func sitemapPages[B any](kinds []pageKind[B], in components.Paths, n *data.Network, alone bool, slugs func(each) []string) []string {
	var pages []string
	for i := range kinds {
		k := &kinds[i]
		if k.sitemap == unlisted || (k.sitemap == listedAlone && !alone) || (k.only != nil && !k.only(n)) {
			continue
		}
		at := k.paths(in)
		for _, slug := range slugs(k.each) {
			pages = append(pages, k.at(at, slug))
		}
	}
	return pages
}

// sitePages are what a whole site has, whether one network or an atlas:
// the offer of each language.
func sitePages() []pageKind[*sectionBuilder] {
	return []pageKind[*sectionBuilder]{
		{at: one(components.Paths.Suggestion), when: soon, export: true, render: func(*sectionBuilder, string) renderer {
			return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component { return components.LanguageSuggestion(l.t) })
		}},
	}
}

// oembedPage is a page with oEmbed files of its own: slug is the city's
// or place's, "" for the network's or atlas's home.
type oembedPage struct {
	path, slug string
}

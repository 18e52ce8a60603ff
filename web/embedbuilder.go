package web

import (
	"strconv"

	"github.com/a-h/templ"

	"partnermap/components"
)

// builderSnippets are the embed builder's snippets with places for what
// is chosen, and a function that makes the one a page offers without
// JavaScript.
func (b *Builder) builderSnippets(options components.EmbedTable) (components.BuilderConfig, func(src, title, page string) string) {
	script := b.abs(components.Paths{}.EmbedScript())
	snippet := func(src, title, page, height string, grow bool) string {
		v := components.SnippetView{Src: src, Title: title, Height: height, Link: page}
		if grow {
			v.Grow, v.Script = true, script
		}
		return components.Snippet(v)
	}
	startHeight := strconv.Itoa(defaultEmbedHeight)
	cfg := components.BuilderConfig{
		Base:    b.origin(),
		Options: options,
		Auto:    snippet("{src}", "{title}", "{page}", startHeight, true),
		Fixed:   snippet("{src}", "{title}", "{page}", "{height}", false),
	}
	return cfg, func(src, title, page string) string { return snippet(src, title, page, startHeight, true) }
}

// builderPage is the embed builder, with the network's snippet as it
// comes without JavaScript, and the snippets the builder script fills in.
func (r *routeBuilder) builderPage(string) renderer {
	n := r.network
	cfg, snippet := r.builderSnippets(components.NewEmbedTable())
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
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
			Targets: targets, Snippet: snippet(r.abs(home.embed), home.title, r.abs(home.page)),
			MinHeight: minEmbedHeight, MaxHeight: maxEmbedHeight, Height: defaultEmbedHeight, Config: cfg,
		})
	})
}

// builderPage is the atlas's embed builder: the atlas or one of its
// places, whose embeds have no options. A network's site has a builder
// of its own, for the network and its cities.
func (r *atlasBuilder) builderPage(string) renderer {
	cfg, snippet := r.builderSnippets(components.EmbedTable{Variants: []components.EmbedVariant{{Shown: map[string]bool{}}}})
	var base components.Paths // the default language
	o := components.DefaultEmbed()
	embed := components.Paths{Embed: &o}
	return htmlOf(func(_ components.EmbedOptions, l locale) templ.Component {
		t, full := l.t, l.full
		targets := []components.BuilderTarget{{Label: t.T("builder.atlas"), Page: base.Home(), Embed: embed.Home(), OEmbed: base.AtlasOEmbedFile("", "json")}}
		for _, pl := range r.atlas.Places {
			targets = append(targets, components.BuilderTarget{Slug: pl.Slug, Label: pl.City.NameIn(t.Lang).Text, Page: base.Place(pl.Slug), Embed: embed.Place(pl.Slug), OEmbed: base.AtlasOEmbedFile(pl.Slug, "json")})
		}
		home := r.oembedTarget(full.Lang, "")
		p := r.page(l, full, "", t.T("builder.atlasTitle", "Atlas", r.name(l)), "", func(p components.Paths) string { return p.Builder("") })
		p.Stylesheets, p.Scripts, p.SkipTo = []string{r.urls.SiteCSS}, []string{full.EmbedScript(), r.urls.BuilderJS}, ""
		return components.BuilderPage(p, components.Builder{
			Atlas: true, Targets: targets, Snippet: snippet(r.abs(home.embed), home.title, r.abs(home.page)),
			MinHeight: minEmbedHeight, MaxHeight: maxEmbedHeight, Height: defaultEmbedHeight, Config: cfg,
		})
	})
}

package web

import (
	"strconv"

	"github.com/a-h/templ"

	"partnermap/components"
)

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
		Base:    r.origin(),
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

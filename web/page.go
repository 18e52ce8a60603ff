package web

import (
	"partnermap/components"
	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/geo"
)

// defaultEmbed is the addresses of embeds as snippets give them, with
// every option on.
func (r *routeBuilder) defaultEmbed() components.Paths {
	o := components.DefaultEmbed()
	return components.Paths{Embed: &o, Network: r.paths.Network}
}

// oembedTarget describes a page that can be embedded, in a language: slug
// is the city's, "" for the network.
func (r *routeBuilder) oembedTarget(lang, slug string) oembedTarget {
	n, l := r.network, r.locales[lang]
	full, embed := r.paths.In(lang), r.defaultEmbed().In(lang)
	c, ok := n.City(slug)
	if !ok {
		title := l.t.T("title.network", "Network", n.Name)
		return oembedTarget{title, full.Home(), embed.Home(), title}
	}
	return oembedTarget{l.t.T("title.city", "City", c.NameIn(l.t.Lang).Text, "Network", n.Name), full.City(slug), embed.City(slug), l.t.T("title.network", "Network", n.Name)}
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

// page makes the view of a page in a language: selected is the city shown,
// "" for the network; at gives the page's own address among paths, nil for
// pages that have none, such as error pages.
func (r *routeBuilder) page(l locale, paths components.Paths, selected, title, description string, at func(components.Paths) string) components.Page {
	full, t, n := paths.Full(), l.t, r.network
	p := components.Page{
		T: t, Header: header(n, t), Paths: paths, Assets: r.urls, Tiles: r.tiles, NoIndex: r.preview,
		CityCount: len(n.Cities), Filter: len(n.Cities) > filterAbove,
		Title: title, Description: description, Selected: selected, Embed: paths.Embed,
		SiteName: t.T("site.name", "Network", n.Name), Picture: r.picture,
		Preview:     components.Preview{URL: r.previews[selected], Alt: t.T("preview.network", "Network", n.Name), Width: geo.PreviewWidth, Height: geo.PreviewHeight},
		Stylesheets: []string{r.urls.LeafletCSS, r.urls.SiteCSS},
		Scripts:     []string{r.urls.LeafletJS, r.urls.MapJS},
		SkipTo:      "cities",
		Map: components.MapConfig{
			Basemap:      paths.File(r.basemap),
			Selected:     selected,
			Home:         paths.Home(),
			NetworkPanel: paths.NetworkPanel(),
			CityPath:     paths.City("{slug}"),
			CityPanel:    paths.CityPanel("{slug}"),
			Bounds:       geo.LeafletBounds(r.cities),
			MaxBounds:    geo.LeafletBounds(r.view),
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
	if r.atlasName != nil {
		name := r.atlasName(full.Lang)
		p.Header.Atlas = &components.AtlasLink{Name: name, Href: atlasPaths(full).Home(), Label: t.T("atlas.home", "Atlas", name)}
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
		if c, ok := n.City(selected); ok {
			at, name := geo.Point(*c), c.NameIn(t.Lang)
			p.Map.Embed.Focus = &[2]float64{at.Lat(), at.Lon()}
			p.Subject = &components.Subject{Name: name, Href: full.City(c.Slug), Label: t.T("embed.fullCity", "City", name.Text)}
		}
	}
	if description == "" {
		p.Description = r.description(t)
	}
	canonical, versions := r.versions(full, at, components.Paths.City)
	p.Canonical = canonical
	if paths.Embed == nil {
		p.Map.Suggestions = r.suggestions
		p.Versions = versions
	}
	return p
}

// oembedLinks are the absolute addresses of the oEmbed files of a page in
// a language: slug is the city's, "" for the network.
func (r *routeBuilder) oembedLinks(l locale, slug string) components.OEmbedLinks {
	in := l.full.Under("")
	return components.OEmbedLinks{JSON: r.abs(in.OEmbedFile(slug, "json")), XML: r.abs(in.OEmbedFile(slug, "xml"))}
}

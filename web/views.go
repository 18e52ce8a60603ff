package web

import (
	"strconv"
	"strings"

	"partnermap/components"
	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/geo"
)

// The views of a network's pages, prepared in the page's language from
// the network: the components only write them out.

// filterAbove is the number of cities beyond which the list has a search
// field: up to it, the whole list fits on a screen or two and is quicker
// to read than to search.
const filterAbove = 20

// header is the top of every page of the network.
func header(n *data.Network, t messages.Messages) components.Header {
	var line []string
	for _, s := range []string{n.Programme, n.Fund} {
		if s != "" {
			line = append(line, s)
		}
	}
	return components.Header{
		Name:      n.Name,
		FullName:  n.FullName,
		Programme: strings.Join(line, " · "),
		Period:    t.Period(n.Start, n.End),
		HomeLabel: t.T("header.home", "Network", n.Name),
	}
}

// cityItem is a city as a page in paths names it.
func cityItem(n *data.Network, c *data.City, t messages.Messages, paths components.Paths) components.CityItem {
	at := geo.Point(*c)
	return components.CityItem{
		Slug:        c.Slug,
		Name:        c.NameIn(t.Lang),
		LocalName:   c.LocalName,
		Country:     data.CountryNameIn(c.Country, t.Lang),
		Coordinator: n.IsCoordinatorCity(c.Slug),
		Lat:         strconv.FormatFloat(at.Lat(), 'f', -1, 64),
		Lon:         strconv.FormatFloat(at.Lon(), 'f', -1, 64),
		Href:        components.CityHref(paths, c.Slug),
	}
}

// cityItems are the network's cities, in file order.
func cityItems(n *data.Network, t messages.Messages, paths components.Paths) []components.CityItem {
	items := make([]components.CityItem, len(n.Cities))
	for i := range n.Cities {
		items[i] = cityItem(n, &n.Cities[i], t, paths)
	}
	return items
}

// rendered is a Markdown text of the network, rendered when the file was read.
func rendered(n *data.Network, md data.Localized[data.Markdown]) components.HTML {
	if md.Text == "" {
		return components.HTML{}
	}
	return components.HTML{HTML: n.HTML(md.Text), Lang: md.Lang}
}

// results are results of the network; on the overview (withCity) each
// names the city it belongs to.
func results(n *data.Network, rs []data.Result, t messages.Messages, paths components.Paths, withCity bool) []components.ResultView {
	var views []components.ResultView
	for _, r := range rs {
		v := components.ResultView{Title: r.TitleIn(t.Lang), URL: r.URL, Description: rendered(n, r.DescriptionIn(t.Lang))}
		if c, ok := n.City(r.City); ok && withCity {
			item := cityItem(n, c, t, paths)
			v.City = &item
		}
		views = append(views, v)
	}
	return views
}

// networkView is the network's overview panel; files are its downloads,
// nil on embeds, which leave them to the full page.
func networkView(n *data.Network, t messages.Messages, paths components.Paths, files []components.Download) components.NetworkView {
	return components.NetworkView{
		Name:       n.Name,
		FullName:   n.FullNameIn(t.Lang),
		Programme:  n.Programme,
		Fund:       n.Fund,
		Period:     t.Period(n.Start, n.End),
		Website:    n.Website,
		Summary:    rendered(n, n.SummaryIn(t.Lang)),
		Objectives: n.ObjectivesIn(t.Lang),
		Activities: n.ActivitiesIn(t.Lang),
		Results:    results(n, n.Results, t, paths, true),
		Contact:    n.Contact,
		Downloads:  files,
	}
}

// partnerViews are a city's partners, their kind and role in words.
func partnerViews(n *data.Network, slug string, t messages.Messages) []components.PartnerView {
	var views []components.PartnerView
	for _, p := range n.PartnersIn(slug) {
		views = append(views, components.PartnerView{Name: p.Name, Website: p.Website, Kind: t.T("kind." + string(p.Kind)), Role: t.T("role." + string(p.Role))})
	}
	return views
}

// cityView is a city's details panel; files are its downloads.
func cityView(n *data.Network, c *data.City, t messages.Messages, paths components.Paths, files []components.Download) components.CityView {
	v := components.CityView{
		CityItem:    cityItem(n, c, t, paths),
		FocusArea:   c.FocusAreaIn(t.Lang),
		Description: rendered(n, c.DescriptionIn(t.Lang)),
		Partners:    partnerViews(n, c.Slug, t),
		Results:     results(n, n.ResultsFor(c.Slug), t, paths, false),
		Links:       c.Links,
		DataLang:    n.Language,
		Downloads:   files,
		Builder:     paths.Full().Builder(c.Slug),
	}
	for _, m := range c.Meetings {
		v.Meetings = append(v.Meetings, components.MeetingView{Period: t.Period(m.Start, m.End), Topic: m.Topic})
	}
	return v
}

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
)

// basemapMargin is how far the basemap reaches beyond the outermost
// cities, as a share of the network's extent: room to pan, and context.
const basemapMargin = 0.35

// addRoutes is the site's route table: every path it answers and what it
// answers with.
//
//	/                             the network page
//	/cities/{slug}                a city's page
//	/fragments/network.html       the network overview panel alone
//	/fragments/cities/{slug}.html a city's panel alone
//	/api/network.geojson          cities and lead-partner links
//	/static/...                   fingerprinted assets and the basemap
func (b *Builder) addRoutes(s *Site, n *data.Network) error {
	var paths components.Paths

	geojson, err := geo.Network(n, func(slug string) string { return b.abs(paths.City(slug)) }).MarshalJSON()
	if err != nil {
		return err
	}
	s.routes[paths.GeoJSON()] = newResource(typeGeoJSON, cacheRevalidate, geojson)

	cities := geo.Bounds(n)
	view := geo.Expand(geo.Square(cities), basemapMargin)
	partnerCountry := map[string]bool{}
	for _, c := range n.Cities {
		partnerCountry[c.Country] = true
	}
	basemap, err := geo.Outlines(b.countries, view, func(code string) bool { return partnerCountry[code] }).MarshalJSON()
	if err != nil {
		return err
	}
	basemapURL := fingerprint("basemap.geojson", basemap)
	s.routes[basemapURL] = newResource(typeGeoJSON, cacheImmutable, basemap)

	t := b.messages
	page := func(title, description, path, selected string) components.Page {
		p := components.Page{
			T: t, Network: n, Paths: paths, Assets: b.urls, Tiles: b.opts.Tiles,
			Title: title, Description: description, Selected: selected,
			Map: components.MapConfig{
				GeoJSON:      paths.GeoJSON(),
				Basemap:      basemapURL,
				Selected:     selected,
				Home:         paths.Home(),
				NetworkPanel: paths.NetworkPanel(),
				CityPath:     paths.City("{slug}"),
				CityPanel:    paths.CityPanel("{slug}"),
				Bounds:       leafletBounds(cities),
				MaxBounds:    leafletBounds(view),
				Tiles:        b.opts.Tiles,
				Coordinator:  t.T("cities.coordinator"),
			},
		}
		if path != "" {
			p.Canonical = b.abs(path)
		}
		return p
	}
	add := func(path string, status int, c templ.Component) (*Resource, error) {
		body, err := render(c)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", path, err)
		}
		r := newResource(typeHTML, cacheRevalidate, body)
		r.Status = status
		if status == http.StatusOK {
			s.routes[path] = r
		}
		return r, nil
	}

	home := page(t.T("title.network", n.Name), t.T("description.network", n.Name, n.FullName, len(n.Cities)), paths.Home(), "")
	if _, err := add(paths.Home(), http.StatusOK, components.NetworkPage(home)); err != nil {
		return err
	}
	if _, err := add(paths.NetworkPanel(), http.StatusOK, components.NetworkPanel(home)); err != nil {
		return err
	}
	for i := range n.Cities {
		c := &n.Cities[i]
		p := page(t.T("title.city", c.Name, n.Name), t.T("description.city", c.Name, data.CountryName(c.Country), n.Name), paths.City(c.Slug), c.Slug)
		if _, err := add(paths.City(c.Slug), http.StatusOK, components.CityPage(p, c)); err != nil {
			return err
		}
		if _, err := add(paths.CityPanel(c.Slug), http.StatusOK, components.CityPanel(p, c)); err != nil {
			return err
		}
	}

	errorPage := func(status int, message string) (*Resource, error) {
		p := page(t.T("title.error", t.T("error.heading"), n.Name), "", "", "")
		return add("", status, components.ErrorPage(p, message))
	}
	if s.notFound, err = add("", http.StatusNotFound, components.NotFoundPage(page(t.T("title.notFound", n.Name), "", "", ""))); err != nil {
		return err
	}
	if s.notAllowed, err = errorPage(http.StatusMethodNotAllowed, t.T("error.405")); err != nil {
		return err
	}
	s.failed, err = errorPage(http.StatusInternalServerError, t.T("error.text"))
	return err
}

// leafletBounds turns a bound into Leaflet's [[south, west], [north, east]].
func leafletBounds(b orb.Bound) [2][2]float64 {
	return [2][2]float64{{b.Min.Lat(), b.Min.Lon()}, {b.Max.Lat(), b.Max.Lon()}}
}

package web

import (
	"errors"

	"partnermap/components"

	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/data/spreadsheet"
	"partnermap/geo"
)

const (
	// typeCSV says that the first row names the columns (RFC 4180).
	typeCSV = "text/csv; charset=utf-8; header=present"
	typeKML = "application/vnd.google-earth.kml+xml"
)

// downloads are the sizes of the open-data files, in bytes, which the
// details panels show beside their links.
type downloads struct {
	network  sizes
	measured chan struct{} // closed once network holds every size
	err      error         // from measuring
	city     func(c *data.City) int
}

// sizes are the network's files of open data.
type sizes struct {
	GeoJSON, CSV, XLSX, KML int
	// Places and Links are the GeoJSON's points and lines as files of
	// their own, for formats that take one geometry type per layer.
	Places, Links int
}

// measuredSizes are the sizes of the network's files, once measured.
func (d *downloads) measuredSizes() sizes {
	<-d.measured
	return d.network
}

// failed is the error from rendering the files to measure them, once
// measured: the build reports it, so pages need not.
func (d *downloads) failed() error {
	<-d.measured
	return d.err
}

// addDownloads registers the open data besides the GeoJSON: its cities and
// its links as GeoJSON of one geometry type each, for formats that hold one
// per layer (a Shapefile); the partners as CSV for spreadsheets and as a
// workbook that partnermap import reads back; the network as KML for
// Google Earth and desktop GIS (each a kind of networkPages). A small
// network's files are rendered and compressed with the pages. A large
// network's are megabytes each: they are rendered while the rest of the
// site is built, to be measured, and kept from then on, outside the cache,
// which they would empty (a request meanwhile waits for them).
func (r *routeBuilder) addDownloads(geojsonSize int) *downloads {
	n := r.network
	full := r.paths
	cityURL := func(slug string) string { return r.abs(full.City(slug)) }
	d := &downloads{network: sizes{GeoJSON: geojsonSize}, measured: make(chan struct{})}
	files := []struct {
		path, contentType, ext string
		size                   *int
		render                 func() ([]byte, error)
	}{
		{full.Places(), typeGeoJSON, "", &d.network.Places, func() ([]byte, error) { return geo.Places(n, cityURL).MarshalJSON() }},
		{full.Links(), typeGeoJSON, "", &d.network.Links, func() ([]byte, error) { return geo.LinkFeatures(n).MarshalJSON() }},
		{full.CSV(), typeCSV, ".csv", &d.network.CSV, func() ([]byte, error) { return geo.CSV(n, cityURL) }},
		{full.XLSX(), spreadsheet.ContentType, ".xlsx", &d.network.XLSX, func() ([]byte, error) { return spreadsheet.Workbook(n) }},
		{full.KML(), typeKML, ".kml", &d.network.KML, func() ([]byte, error) { return geo.KML(n, drawStyle(r.style), partnerAbout(r.locales[""].t), cityURL) }},
	}
	var kept []*lazyResource // a large network's, in the order of files
	measure := func() {
		defer close(d.measured)
		for i, f := range files {
			res, err := kept[i].keep(r.compressor)
			if err == nil {
				*f.size = len(res.Body())
			}
			d.err = errors.Join(d.err, err)
		}
	}
	for _, f := range files {
		// Spreadsheets and GIS save the CSV and KML; browsers show GeoJSON
		// as JSON, and the panels' links ask to save it.
		resource := func(body []byte) *Resource {
			res := openData(newResource(f.contentType, cacheRevalidate, body))
			if f.ext != "" {
				res = attachment(res, n.Slug+f.ext)
			}
			return res
		}
		if r.compact {
			l := neutral(func() (*Resource, error) {
				body, err := f.render()
				if err != nil {
					return nil, err
				}
				return resource(body), nil
			})
			l.kept = true
			r.site.lazy[f.path] = l
			kept = append(kept, l)
			continue
		}
		if body, err := f.render(); err != nil {
			r.fail(err)
		} else {
			*f.size = len(body)
			r.site.routes[f.path] = resource(body)
		}
	}
	if r.compact {
		go measure()
	} else {
		close(d.measured)
	}

	// Panels are rendered after the build, possibly at once: a Feature
	// that would not marshal fails its own response, not the panel.
	d.city = func(c *data.City) int {
		body, _ := geo.City(n, c, cityURL).MarshalJSON()
		return len(body)
	}
	return d
}

// cityGeoJSON is a city's Feature alone: a few hundred bytes, made on
// demand.
func (r *routeBuilder) cityGeoJSON(slug string) renderer {
	n, c := r.network, r.city(slug)
	return func(components.EmbedOptions, locale) (*Resource, error) {
		body, err := geo.City(n, c, func(slug string) string { return r.abs(r.paths.City(slug)) }).MarshalJSON()
		if err != nil {
			return nil, err
		}
		return openData(newResource(typeGeoJSON, cacheRevalidate, body)), nil
	}
}

// partnerAbout says what a partner is in a language, as the KML file
// describes it: "Organisation · Partner".
func partnerAbout(t messages.Messages) func(p data.Partner) string {
	return func(p data.Partner) string {
		return t.T("kind."+string(p.Kind)) + " · " + t.T("role."+string(p.Role))
	}
}

// attachment makes browsers save a response as a file of the given name
// rather than show it.
func attachment(res *Resource, filename string) *Resource {
	res.headers = append(res.headers, [2]string{"Content-Disposition", `attachment; filename="` + filename + `"`})
	return res
}

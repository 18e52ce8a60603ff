package web

import (
	"errors"
	"slices"

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

// openFile is a kind of page that is a file of open data, which the
// overviews and panels offer beside their links with its size.
type openFile struct {
	contentType string
	// name is the file's name after its section's: a network's slug,
	// nothing in an atlas; after the city's slug too for a file of each
	// city.
	name string
	// save makes browsers save the file rather than show it:
	// spreadsheets and GIS open the CSV and KML from disk; browsers show
	// GeoJSON as JSON, and the panels' links ask to save it.
	save bool
	// format names the file's format in a language, in its link.
	format func(t messages.Messages) string
}

// named is the format of a file that has one name in every language.
func named(format string) func(messages.Messages) string {
	return func(messages.Messages) string { return format }
}

// resource is the file's response, with body, saved under the name of
// its section's file (see openFile.name).
func (f *openFile) resource(section string, body []byte) *Resource {
	res := openData(newResource(f.contentType, cacheRevalidate, body))
	if f.save {
		res = attachment(res, section+f.name)
	}
	return res
}

// fileSizes are the sizes of a section's files of open data, in bytes,
// by address in the default language, which the overviews and panels
// show beside their links.
type fileSizes struct {
	bytes    map[string]int
	measured chan struct{} // closed once bytes holds every size
	err      error         // from measuring
}

func newFileSizes() fileSizes {
	return fileSizes{bytes: map[string]int{}, measured: make(chan struct{})}
}

// of is the size of the file at path, once measured.
func (f *fileSizes) of(path string) int {
	<-f.measured
	return f.bytes[path]
}

// failed is the error from rendering the files to measure them, once
// measured: the build reports it, so pages need not.
func (f *fileSizes) failed() error {
	<-f.measured
	return f.err
}

// addFiles registers a section's files of open data that the table makes
// (the measured kinds, each of one address among paths), named after
// section (see openFile.name). A small network's files, and an atlas's,
// are rendered now and compressed with the pages. A large network's are
// megabytes each: they are rendered while the rest of the site is built,
// to be measured, and kept from then on, outside the cache, which they
// would empty (a request meanwhile waits for them).
func addFiles[B any](r *sectionBuilder, b B, kinds []pageKind[B], paths components.Paths, section string) {
	var kept []*lazyResource // a large network's, in the order of the table
	var at []string          // their addresses
	for i := range kinds {
		k := &kinds[i]
		if k.when != measured {
			continue
		}
		path := k.at(paths, "")
		render := func() (*Resource, error) {
			body, err := k.data(b)
			if err != nil {
				return nil, err
			}
			return k.file.resource(section, body), nil
		}
		if !r.ahead {
			l := neutral(render)
			l.kept = true
			r.site.lazy[path] = l
			kept, at = append(kept, l), append(at, path)
			continue
		}
		if res, err := render(); err != nil {
			r.fail(err)
		} else {
			r.sizes.bytes[path] = len(res.Body())
			r.site.routes[path] = res
		}
	}
	if kept == nil {
		close(r.sizes.measured)
		return
	}
	sizes, z := &r.sizes, r.compressor
	go func() {
		defer close(sizes.measured)
		for i, l := range kept {
			res, err := l.keep(z)
			if err == nil {
				sizes.bytes[at[i]] = len(res.Body())
			}
			sizes.err = errors.Join(sizes.err, err)
		}
	}()
}

// addFile registers a file of open data its section makes itself (see
// pageKind.made), at path, the address of one of the kinds among paths.
func addFile[B any](r *sectionBuilder, kinds []pageKind[B], paths components.Paths, section, path string, body []byte) {
	i := slices.IndexFunc(kinds, func(k pageKind[B]) bool { return k.file != nil && k.at(paths, "") == path })
	r.site.routes[path] = kinds[i].file.resource(section, body)
	r.sizes.bytes[path] = len(body)
}

// openFiles are a section's files of open data as its overview offers
// them in a language, each with its format and size: paths are the
// section's addresses in that language, at those in the default one.
func openFiles[B any](kinds []pageKind[B], sizes *fileSizes, section string, t messages.Messages, paths, at components.Paths) []components.Download {
	var files []components.Download
	for i := range kinds {
		k := &kinds[i]
		if k.file == nil || k.each != once {
			continue
		}
		files = append(files, components.Download{
			Href: k.at(k.in(paths), ""), File: section + k.file.name,
			Label: t.T("downloads.file", "Format", k.file.format(t), "Size", t.Size(sizes.of(k.at(at, "")))),
		})
	}
	return files
}

// The network's files of open data besides the GeoJSON, which addRoutes
// makes: its cities and its links as GeoJSON of one geometry type each,
// for formats that hold one per layer (a Shapefile); the partners as CSV
// for spreadsheets and as a workbook that partnermap import reads back;
// the network as KML for Google Earth and desktop GIS.

func (r *routeBuilder) placesFile() ([]byte, error) {
	return geo.Places(r.network, r.cityURL).MarshalJSON()
}

func (r *routeBuilder) linksFile() ([]byte, error) { return geo.LinkFeatures(r.network).MarshalJSON() }

func (r *routeBuilder) csvFile() ([]byte, error) { return geo.CSV(r.network, r.cityURL) }

func (r *routeBuilder) xlsxFile() ([]byte, error) { return spreadsheet.Workbook(r.network) }

func (r *routeBuilder) kmlFile() ([]byte, error) {
	return geo.KML(r.network, drawStyle(r.style), partnerAbout(r.locales[""].t), r.cityURL)
}

// cityURL is the absolute address of a city's page, which the files name.
func (r *routeBuilder) cityURL(slug string) string { return r.abs(r.paths.City(slug)) }

// downloads are the network's files as its overview offers them in a
// language.
func (r *routeBuilder) downloads(l locale) []components.Download {
	return openFiles(r.networkPages, &r.sizes, r.network.Slug, l.t, l.full, r.paths)
}

// cityFiles are what a city's panel offers: its own files of open data
// (the kinds of one per city), each with its format and size, then the
// network's, each saying whose it is. A city's file is a few hundred
// bytes, measured as the panel is rendered: one that fails fails its own
// response, not the panel.
func (r *routeBuilder) cityFiles(l locale, c *data.City) []components.Download {
	t, name := l.t, c.NameIn(l.t.Lang).Text
	var files []components.Download
	for i := range r.networkPages {
		k := &r.networkPages[i]
		if k.file == nil || k.each != eachCity {
			continue
		}
		size := 0
		if res, err := k.render(r, c.Slug)(components.DefaultEmbed(), l); err == nil {
			size = len(res.Body())
		}
		files = append(files, components.Download{
			Href: k.at(k.in(l.full), c.Slug), File: r.network.Slug + "-" + c.Slug + k.file.name,
			Label: t.T("downloads.city", "City", name, "File", t.T("downloads.file", "Format", k.file.format(t), "Size", t.Size(size))),
		})
	}
	for _, f := range r.downloads(l) {
		f.Label = t.T("downloads.network", "Network", r.network.Name, "File", f.Label)
		files = append(files, f)
	}
	return files
}

// cityGeoJSON is a city's Feature alone: a few hundred bytes, made on
// demand.
func (r *routeBuilder) cityGeoJSON(slug string) renderer {
	n, c := r.network, r.city(slug)
	return func(components.EmbedOptions, locale) (*Resource, error) {
		body, err := geo.City(n, c, r.cityURL).MarshalJSON()
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

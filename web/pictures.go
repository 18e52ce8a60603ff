package web

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"

	"partnermap/components"
	"partnermap/data"
	"partnermap/geo"
)

// basemapMargin is how far the basemap reaches beyond the outermost
// cities, as a share of the network's extent: room to pan, and context.
const basemapMargin = 0.35

// cityPicture is a large network's drawn map on a city's page: the
// country outlines, the city, the coordinator's city and the link between.
func (r *routeBuilder) cityPicture(slug string) *components.Picture {
	pic := &components.Picture{Width: r.picture.Width, Height: r.picture.Height, Countries: r.picture.Countries, Marks: r.picture.Marks}
	var coordinator, city *components.PictureCity
	for i, c := range r.picture.Cities {
		if c.Coordinator {
			coordinator = &r.picture.Cities[i]
		}
		if c.Slug == slug {
			city = &r.picture.Cities[i]
		}
	}
	if coordinator != nil && coordinator != city {
		pic.Cities = append(pic.Cities, *coordinator)
		if city != nil {
			pic.Links = [][2][2]float64{{{coordinator.X, coordinator.Y}, {city.X, city.Y}}}
		}
	}
	if city != nil {
		pic.Cities = append(pic.Cities, *city)
	}
	return pic
}

// The server-drawn map: its canvas, and the room kept around the cities.
const (
	pictureWidth  = 800
	pictureHeight = 600
	pictureMargin = 28
)

// pictureView turns the drawn network into what the template writes,
// with marks of the given sizes.
func pictureView(n *data.Network, pic *geo.Picture, marks components.PictureMarks) *components.Picture {
	v := &components.Picture{Width: int(pic.Width), Height: int(pic.Height), Marks: marks}
	for _, c := range pic.Countries {
		v.Countries = append(v.Countries, components.PictureCountry{Path: geo.PathData(c.Shape), Tinted: c.Tinted})
	}
	for _, l := range pic.Links {
		v.Links = append(v.Links, [2][2]float64{l[0], l[1]})
	}
	for i, c := range pic.Cities {
		v.Cities = append(v.Cities, components.PictureCity{Slug: n.Cities[i].Slug, X: c.At[0], Y: c.At[1], Coordinator: c.Coordinator})
	}
	return v
}

// previewStyle names the way preview images are drawn. Their addresses
// are made from what they show and the style they are painted in, before
// they are painted; change this when the painting changes, so that cached
// images give way.
const previewStyle = "1"

// addPreviews registers the link-preview images, the network's and one per
// city with the city highlighted. Each takes tens of milliseconds to
// paint, so they are painted when first asked for; their addresses, cached
// for a year, come from the network's GeoJSON and the words on them. They
// carry names only, so one image serves every language.
func (r *routeBuilder) addPreviews(geojson []byte) {
	n := r.network
	painter := sync.OnceValues(func() (*geo.Preview, error) {
		return geo.NewPreview(geo.NewPreviewPicture(n, r.countries), drawStyle(r.style))
	})
	r.previews = r.addPreviewImages(r.previewImages(n, r.paths, geojson), painter, soon)
}

// addPreviewImages registers a section's preview images, painted by
// painter when first asked for, or soon, and gives their addresses by
// the slug they highlight.
func (r *sectionBuilder) addPreviewImages(images []previewImage, painter func() (*geo.Preview, error), when whenRendered) map[string]string {
	addresses := map[string]string{}
	for _, pv := range images {
		l := neutral(func() (*Resource, error) {
			painted, err := painter()
			if err != nil {
				return nil, err
			}
			img, err := painted.PNG(pv.slug, pv.title, pv.subtitle)
			if err != nil {
				return nil, err
			}
			return public(newResource("image/png", cacheImmutable, img)), nil
		})
		r.site.lazy[pv.path] = l
		if when == soon && r.ahead {
			r.order = append(r.order, l)
		}
		addresses[pv.slug] = r.abs(pv.path)
	}
	return addresses
}

// previewImage is a link-preview image: its address, and what it says.
type previewImage struct {
	path, slug, title, subtitle string
}

// previewImages are a network's link-preview images, the network's and
// one per city (slug), at their addresses among paths, named after the
// network's GeoJSON and the words on them before anything is painted.
func (b *Builder) previewImages(n *data.Network, paths components.Paths, geojson []byte) []previewImage {
	image := b.previewImage(paths.Network, n.Slug, geojson)
	images := []previewImage{image("", n.Name, n.FullName)}
	for _, c := range n.Cities {
		subtitle := n.Name
		if c.LocalName != "" && c.LocalName != c.Name {
			subtitle = c.LocalName + " · " + n.Name
		}
		images = append(images, image(c.Slug, c.Name, subtitle))
	}
	return images
}

// previewImage names the preview images of a map whose data is data
// (its GeoJSON), under prefix: each after what it shows and the style it
// is painted in, the whole map's after whole and the others after the
// slug they highlight.
func (b *Builder) previewImage(prefix, whole string, data []byte) func(slug, title, subtitle string) previewImage {
	style := drawStyle(b.style).String()
	sum := sha256.Sum256(data)
	return func(slug, title, subtitle string) previewImage {
		name := "preview-" + whole + ".png"
		if slug != "" {
			name = "preview-" + slug + ".png"
		}
		// A folder of their own: other sites may load them, unlike the
		// other assets, and static hosts set headers by folder.
		path := prefix + "/previews/" + strings.TrimPrefix(fingerprint(name, []byte(strings.Join([]string{previewStyle, style, hex.EncodeToString(sum[:]), slug, title, subtitle}, "\n"))), "/static/")
		return previewImage{path, slug, title, subtitle}
	}
}

// addPreviews registers the atlas's link-preview images, its home's and
// one per place with the place highlighted, painted when first asked for
// and never ahead, as an atlas may have thousands of places. places is
// the atlas's GeoJSON, after which their addresses are named.
func (r *atlasBuilder) addPreviews(places []byte) {
	a := r.atlas
	painter := sync.OnceValues(func() (*geo.Preview, error) {
		return geo.NewPreview(geo.NewAtlasPreviewPicture(a, r.countries), drawStyle(r.style))
	})
	var networks []string
	for _, n := range a.Networks {
		networks = append(networks, n.Name)
	}
	image := r.previewImage("", "atlas", places)
	images := []previewImage{image("", r.name(r.locales[""]), strings.Join(networks, " · "))}
	for _, p := range a.Places {
		var words []string
		if p.City.LocalName != "" && p.City.LocalName != p.City.Name {
			words = append(words, p.City.LocalName)
		}
		for _, v := range p.Visits {
			words = append(words, v.Network.Name)
		}
		images = append(images, image(p.Slug, p.City.Name, strings.Join(words, " · ")))
	}
	r.previews = r.addPreviewImages(images, painter, onDemand)
}

// networkPreview is the address of a network's own preview image, which
// the atlas's home shows when the network is chosen on its map.
func (r *atlasBuilder) networkPreview(n *data.Network) string {
	paths := components.Paths{Network: components.NetworkAt(n.Slug)}
	geojson, err := r.networkGeoJSON(n, paths)
	r.fail(err)
	return r.abs(r.previewImage(paths.Network, n.Slug, geojson)("", n.Name, n.FullName).path)
}

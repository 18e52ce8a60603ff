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
	r.previews = map[string]string{}
	for _, pv := range r.previewImages(n, r.paths, geojson) {
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
		r.order = append(r.order, l)
		r.previews[pv.slug] = r.abs(pv.path)
	}
}

// previewImage is a link-preview image: its address, and what it says.
type previewImage struct {
	path, slug, title, subtitle string
}

// previewImages are a network's link-preview images, the network's and
// one per city (slug), at their addresses among paths, named after the
// network's GeoJSON and the words on them before anything is painted.
func (b *Builder) previewImages(n *data.Network, paths components.Paths, geojson []byte) []previewImage {
	style := drawStyle(b.style).String()
	sum := sha256.Sum256(geojson)
	image := func(slug, title, subtitle string) previewImage {
		name := "preview-" + n.Slug + ".png"
		if slug != "" {
			name = "preview-" + slug + ".png"
		}
		// A folder of their own: other sites may load them, unlike the
		// other assets, and static hosts set headers by folder.
		path := paths.Network + "/previews/" + strings.TrimPrefix(fingerprint(name, []byte(strings.Join([]string{previewStyle, style, hex.EncodeToString(sum[:]), slug, title, subtitle}, "\n"))), "/static/")
		return previewImage{path, slug, title, subtitle}
	}
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

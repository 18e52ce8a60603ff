package geo

// The preview images that link previews show: the network's map, painted
// once, and for each image a city highlighted on it and words beside it.
// What goes where is in preview_layout.go, the text shaping in
// preview_text.go, the rasteriser in preview_raster.go.

import (
	"errors"
	"fmt"
	"image"
	"sync"

	"github.com/paulmach/orb"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"

	"partnermap/data"
)

// PreviewWidth and PreviewHeight are the size Open Graph and Twitter cards use.
const PreviewWidth, PreviewHeight = 1200, 630

// NewPreviewPicture draws the network for preview images: the cities fit
// into the right-hand part of the canvas, leaving the left for text.
func NewPreviewPicture(n *data.Network, countries []Country) *Picture {
	frame := orb.Bound{
		Min: orb.Point{previewFrameLeft, previewFrameTop},
		Max: orb.Point{previewFrameRight, previewFrameBottom},
	}
	return NewPicture(n, countries, PreviewWidth, PreviewHeight, frame)
}

// NewAtlasPreviewPicture draws an atlas's places for preview images, as
// NewPreviewPicture draws a network.
func NewAtlasPreviewPicture(a *data.Atlas, countries []Country) *Picture {
	frame := orb.Bound{
		Min: orb.Point{previewFrameLeft, previewFrameTop},
		Max: orb.Point{previewFrameRight, previewFrameBottom},
	}
	return NewAtlasPicture(a, countries, PreviewWidth, PreviewHeight, frame)
}

// Preview paints preview images of one picture. The map is painted once;
// each image copies it and adds its highlight and text. Safe for concurrent use.
type Preview struct {
	pic           *Picture
	style         Style
	base          *image.RGBA
	regular, bold *sfnt.Font
	canvases      sync.Pool // *image.RGBA, so that each image does not allocate 3 MB
}

// NewPreview paints the map of p in the style s. p must be PreviewWidth
// by PreviewHeight (see NewPreviewPicture) and must not change afterwards.
func NewPreview(p *Picture, s Style) (*Preview, error) {
	if p == nil {
		return nil, errors.New("geo: preview: no picture")
	}
	if p.Width != PreviewWidth || p.Height != PreviewHeight {
		return nil, fmt.Errorf("geo: preview: picture is %gx%g, want %dx%d", p.Width, p.Height, PreviewWidth, PreviewHeight)
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("geo: preview: %w", err)
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("geo: preview: Go Regular: %w", err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("geo: preview: Go Bold: %w", err)
	}
	pv := &Preview{
		pic:     p,
		style:   s,
		base:    image.NewRGBA(image.Rect(0, 0, PreviewWidth, PreviewHeight)),
		regular: regular,
		bold:    bold,
	}
	pv.paintMap()
	return pv, nil
}

// PNG paints the map with the city highlight ("" for none) and writes title
// (large, bold) and subtitle (smaller) in the text area. A highlight that
// names no city of the picture is an error; any text is drawn, with the
// characters the Go fonts lack left out and the rest cut to fit.
func (pv *Preview) PNG(highlight, title, subtitle string) ([]byte, error) {
	var city *PictureCity
	if highlight != "" {
		c, ok := pv.pic.City(highlight)
		if !ok {
			return nil, fmt.Errorf("geo: preview: no city %q on the map", highlight)
		}
		city = &c
	}
	img, _ := pv.canvases.Get().(*image.RGBA)
	if img == nil {
		img = image.NewRGBA(pv.base.Rect)
	}
	defer pv.canvases.Put(img)
	copy(img.Pix, pv.base.Pix)

	fs, err := pv.newFaces()
	if err != nil {
		return nil, err
	}
	pt := &painter{dst: img}
	if city != nil {
		pv.paintHighlight(pt, fs, *city)
	}
	pv.paintText(img, fs, title, subtitle)

	b, err := encodePNG(img)
	if err != nil {
		return nil, fmt.Errorf("geo: preview: %w", err)
	}
	return b, nil
}

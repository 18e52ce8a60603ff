package geo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"sync"
)

// encodePNG writes img as a PNG of 8-bit RGB, or RGBA where a pixel is not
// opaque, its rows unfiltered and compressed at zlib's best speed. The
// preview images are flat colours that repeat along a row, which
// compress better as they are than after PNG's filters: on a CoNet city
// image (BenchmarkPreviewPNG) 138 KB in about 10 ms, where the standard
// encoder, choosing a filter for each row, takes 26 to 29 ms for 157 KB
// at the same zlib level. An atlas's export writes thousands of them.
func encodePNG(img *image.RGBA) ([]byte, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	opaque := img.Opaque()
	channels, colorType := 3, byte(2)
	if !opaque {
		channels, colorType = 4, 6
	}
	var out bytes.Buffer
	out.Grow(w * h / 4)
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, colorType // bit depth, colour type; then deflate, adaptive filtering, no interlace
	writeChunk(&out, "IHDR", ihdr)

	z := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(z)
	var idat bytes.Buffer
	z.Reset(&idat)
	row := make([]byte, 1+channels*w) // row[0] is the filter: none
	for y := range h {
		pix := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):][:4*w]
		if opaque {
			for x := range w {
				copy(row[1+3*x:4+3*x], pix[4*x:4*x+3])
			}
		} else {
			unpremultiply(row[1:], pix)
		}
		if _, err := z.Write(row); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	writeChunk(&out, "IDAT", idat.Bytes())
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// zlibWriters keep the compressors' state, about 1 MB each, from one
// image to the next.
var zlibWriters = sync.Pool{New: func() any {
	z, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return z
}}

// unpremultiply writes RGBA pixels, which image.RGBA keeps multiplied by
// their alpha, as PNG's straight alpha.
func unpremultiply(dst, pix []byte) {
	for i := 0; i < len(pix); i += 4 {
		a := uint32(pix[i+3])
		dst[i+3] = byte(a)
		if a == 0 {
			dst[i], dst[i+1], dst[i+2] = 0, 0, 0
			continue
		}
		for c := range 3 {
			dst[i+c] = byte(uint32(pix[i+c]) * 0xff / a)
		}
	}
}

// writeChunk writes a PNG chunk: its length, type, data and checksum.
func writeChunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}

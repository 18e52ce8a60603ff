package geo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// encodePNG's images read back as they were painted: opaque ones exactly,
// as RGB; translucent ones as RGBA, within the rounding of alpha.
func TestEncodePNG(t *testing.T) {
	for _, alpha := range []uint8{0xff, 0x80} {
		src := image.NewRGBA(image.Rect(0, 0, 67, 13))
		for y := range 13 {
			for x := range 67 {
				src.Set(x, y, color.NRGBA{uint8(x * 3), uint8(y * 19), uint8(x ^ y), alpha})
			}
		}
		b, err := encodePNG(src)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if wantOpaque := alpha == 0xff; (cfg.ColorModel == color.RGBAModel) != wantOpaque || cfg.Width != 67 || cfg.Height != 13 {
			t.Errorf("alpha %#x: decoded as %T %dx%d", alpha, cfg.ColorModel, cfg.Width, cfg.Height)
		}
		got, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for y := range 13 {
			for x := range 67 {
				r0, g0, b0, a0 := src.At(x, y).RGBA()
				r1, g1, b1, a1 := got.At(x, y).RGBA()
				if d := max(diff(r0, r1), diff(g0, g1), diff(b0, b1), diff(a0, a1)); d > 0x200 || (alpha == 0xff && d != 0) {
					t.Fatalf("alpha %#x: pixel (%d, %d) is %v, painted %v", alpha, x, y, got.At(x, y), src.At(x, y))
				}
			}
		}
	}
}

func diff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

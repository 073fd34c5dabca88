// Package logo is gopherlab's logo as a list of plain shapes, so that the
// SVG and the PNG renderings are drawn from one description and cannot drift
// apart. The logo is a gopher's face, reduced to circles and ellipses, on a
// rounded square in Go's cyan (#00ADD8).
//
// install/internal/logogen writes the files that package install embeds;
// nothing else should import this package.
package logo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
)

// ViewBox is the side of the square the shapes are laid out in.
const ViewBox = 64

// Shape is one filled primitive, in ViewBox units.
type Shape interface {
	contains(x, y float64) bool
	svg() string
}

// RoundRect is a rectangle with corners of radius R.
type RoundRect struct {
	X, Y, W, H, R float64
	Fill          color.NRGBA
}

func (s RoundRect) contains(x, y float64) bool {
	if x < s.X || x > s.X+s.W || y < s.Y || y > s.Y+s.H {
		return false
	}
	// Distance to the inner rectangle the corner circles are centred on.
	dx := math.Max(math.Max(s.X+s.R-x, x-(s.X+s.W-s.R)), 0)
	dy := math.Max(math.Max(s.Y+s.R-y, y-(s.Y+s.H-s.R)), 0)
	return dx*dx+dy*dy <= s.R*s.R
}

func (s RoundRect) svg() string {
	return fmt.Sprintf(`<rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s"/>`,
		num(s.X), num(s.Y), num(s.W), num(s.H), num(s.R), hex(s.Fill))
}

// Ellipse is an axis-aligned ellipse; a circle when RX == RY.
type Ellipse struct {
	CX, CY, RX, RY float64
	Fill           color.NRGBA
}

func (s Ellipse) contains(x, y float64) bool {
	dx, dy := (x-s.CX)/s.RX, (y-s.CY)/s.RY
	return dx*dx+dy*dy <= 1
}

func (s Ellipse) svg() string {
	if s.RX == s.RY {
		return fmt.Sprintf(`<circle cx="%s" cy="%s" r="%s" fill="%s"/>`,
			num(s.CX), num(s.CY), num(s.RX), hex(s.Fill))
	}
	return fmt.Sprintf(`<ellipse cx="%s" cy="%s" rx="%s" ry="%s" fill="%s"/>`,
		num(s.CX), num(s.CY), num(s.RX), num(s.RY), hex(s.Fill))
}

var (
	cyan  = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF} // Go's "Gopher Blue"
	deep  = color.NRGBA{0x00, 0x7D, 0x9C, 0xFF} // ears, a shade darker
	white = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	ink   = color.NRGBA{0x0B, 0x2A, 0x33, 0xFF} // pupils and nose
	tan   = color.NRGBA{0xF6, 0xD2, 0xA2, 0xFF} // muzzle and inner ears
)

// Shapes is the logo, back to front.
var Shapes = []Shape{
	RoundRect{0, 0, 64, 64, 14, cyan},
	// Ears peeking in at the top corners.
	Ellipse{12, 11, 6, 6, deep},
	Ellipse{52, 11, 6, 6, deep},
	Ellipse{12, 11, 2.8, 2.8, tan},
	Ellipse{52, 11, 2.8, 2.8, tan},
	// Big round eyes, looking up and to the right (at the next cell).
	Ellipse{21, 27, 11, 11, white},
	Ellipse{43, 27, 11, 11, white},
	Ellipse{24.5, 25, 4.5, 4.5, ink},
	Ellipse{46.5, 25, 4.5, 4.5, ink},
	Ellipse{26, 23.5, 1.4, 1.4, white},
	Ellipse{48, 23.5, 1.4, 1.4, white},
	// Muzzle, nose and the two front teeth.
	Ellipse{32, 44, 9.5, 6.5, tan},
	Ellipse{32, 40, 4, 2.8, ink},
	RoundRect{28.6, 48, 3.2, 6, 1, white},
	RoundRect{32.2, 48, 3.2, 6, 1, white},
}

// SVG returns the logo as a standalone SVG document.
func SVG() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`+"\n",
		ViewBox, ViewBox, ViewBox, ViewBox)
	b.WriteString("  <title>gopherlab</title>\n")
	for _, s := range Shapes {
		b.WriteString("  " + s.svg() + "\n")
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// samples is the per-axis supersampling factor used for anti-aliasing.
const samples = 8

// Image renders the logo at size×size pixels: each pixel is the average of
// samples×samples points, each coloured by the front-most shape containing it
// (transparent outside all shapes).
func Image(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := float64(ViewBox) / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64 // premultiplied sums
			for sy := 0; sy < samples; sy++ {
				for sx := 0; sx < samples; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/samples) * scale
					y := (float64(py) + (float64(sy)+0.5)/samples) * scale
					for i := len(Shapes) - 1; i >= 0; i-- {
						if Shapes[i].contains(x, y) {
							c := fill(Shapes[i])
							r += float64(c.R)
							g += float64(c.G)
							b += float64(c.B)
							a += 255
							break
						}
					}
				}
			}
			if a == 0 {
				continue
			}
			// Un-premultiply: every shape is opaque, so colour is sum/hits.
			hits := a / 255
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / hits)),
				G: uint8(math.Round(g / hits)),
				B: uint8(math.Round(b / hits)),
				A: uint8(math.Round(a / (samples * samples))),
			})
		}
	}
	return img
}

// PNG renders the logo at size×size pixels and encodes it as PNG.
func PNG(size int) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, Image(size)); err != nil {
		return nil, fmt.Errorf("logo: encode %dx%d PNG: %w", size, size, err)
	}
	return buf.Bytes(), nil
}

func fill(s Shape) color.NRGBA {
	switch s := s.(type) {
	case RoundRect:
		return s.Fill
	case Ellipse:
		return s.Fill
	}
	panic(fmt.Sprintf("logo: unknown shape %T", s))
}

func hex(c color.NRGBA) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

func num(f float64) string { return fmt.Sprintf("%g", f) }

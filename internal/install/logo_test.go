package install

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/draw"
	"image/png"
	"io"
	"testing"

	"gopherlab/internal/install/internal/logo"
)

// TestLogos checks the embedded logos: PNGs of the sizes their names give,
// drawn from the same shapes as the SVG, and both up to date with
// internal/logo (run `go generate ./install` after changing it).
func TestLogos(t *testing.T) {
	for _, tt := range []struct {
		name string
		size int
	}{{"logo-32x32.png", 32}, {"logo-64x64.png", 64}} {
		b, err := assets.ReadFile("assets/" + tt.name)
		if err != nil {
			t.Fatal(err)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || format != "png" {
			t.Fatalf("%s: not a PNG (format %q): %v", tt.name, format, err)
		}
		if cfg.Width != tt.size || cfg.Height != tt.size {
			t.Errorf("%s is %dx%d, want %dx%d", tt.name, cfg.Width, cfg.Height, tt.size, tt.size)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := image.NewNRGBA(img.Bounds())
		draw.Draw(got, got.Bounds(), img, img.Bounds().Min, draw.Src)
		if want := logo.Image(tt.size); !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("%s is stale: run go generate ./install", tt.name)
		}
		// Transparent outside the rounded corner, opaque Go cyan at the edge's middle.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%s: corner pixel is not transparent", tt.name)
		}
		if r, g, b, a := img.At(1, tt.size/2).RGBA(); r>>8 != 0x00 || g>>8 != 0xAD || b>>8 != 0xD8 || a>>8 != 0xFF {
			t.Errorf("%s: edge pixel is %02x%02x%02x/%02x, want 00add8/ff", tt.name, r>>8, g>>8, b>>8, a>>8)
		}
	}

	svg, err := assets.ReadFile("assets/logo-svg.svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(svg, logo.SVG()) {
		t.Error("logo-svg.svg is stale: run go generate ./install")
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var root xml.Name
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("logo-svg.svg is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root.Local == "" {
			root = se.Name
		}
	}
	if root.Local != "svg" || root.Space != "http://www.w3.org/2000/svg" {
		t.Errorf("logo-svg.svg root element is %v, want svg in the SVG namespace", root)
	}
}

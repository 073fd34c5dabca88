package widgets

import "fmt"

// An ImageWidget shows an image from its bytes (PNG, JPEG, GIF, SVG…),
// which travel to the front end as a binary buffer of the message, not as
// base64 in its JSON: setting a new frame many times a second is cheap.
type ImageWidget struct{ *Model }

// Image makes an image widget of data in format ("png", "jpeg", "gif",
// "svg+xml"…, the second half of its MIME type).
func Image(format string, data []byte) *ImageWidget {
	img := &ImageWidget{control("ImageModel", "ImageView", "", map[string]any{
		"format": format, "height": "", "value": data, "width": "",
	})}
	img.text = func() string { return fmt.Sprintf("Image(%s, %d bytes)", img.Format(), len(img.Value())) }
	return img
}

// Value is the image's bytes.
func (i *ImageWidget) Value() []byte { b, _ := i.get("value").([]byte); return b }

// SetValue shows new bytes in the same format: the next frame.
func (i *ImageWidget) SetValue(data []byte) { i.set(map[string]any{"value": data}) }

// Format is the image's format, "png" for instance.
func (i *ImageWidget) Format() string { s, _ := i.get("format").(string); return s }

// SetSize sets the width and height the image is shown at, in pixels or
// any CSS length ("" keeps the image's own).
func (i *ImageWidget) SetSize(width, height string) {
	i.set(map[string]any{"width": width, "height": height})
}

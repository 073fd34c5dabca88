package display

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// Handle is a place in the output that can be updated: the first thing
// shown through it appears where the cell is, and everything shown through
// it later replaces that output in place (a display_data with a display_id,
// then update_display_data), wherever the cell that first showed it is.
// Progress bars and live charts use one.
//
//	h := display.New()
//	for i := range 10 {
//		h.Text(fmt.Sprintf("%d/10", i+1))
//	}
//
// A Handle is safe for concurrent use.
type Handle struct {
	id string

	mu    sync.Mutex
	shown bool
}

// New returns a handle with a fresh display id; nothing is shown until one
// of its methods is called.
func New() *Handle {
	b := make([]byte, 16)
	// crypto/rand.Read never fails on supported platforms (Go 1.24+ it
	// crashes the program instead), so the error needs no handling.
	_, _ = rand.Read(b)
	return &Handle{id: hex.EncodeToString(b)}
}

// ID is the display id, which front ends receive in transient.display_id.
func (h *Handle) ID() string { return h.id }

// Publish shows a bundle built by hand, or updates the output with it.
func (h *Handle) Publish(data, metadata map[string]any) {
	// The lock also orders the messages: an update can never overtake the
	// first display.
	h.mu.Lock()
	defer h.mu.Unlock()
	sink().Publish(data, metadata, h.id, h.shown)
	h.shown = true
}

// HTML shows, or updates the output with, an HTML fragment.
func (h *Handle) HTML(html string) { h.Publish(htmlBundle(html), nil) }

// SVG shows, or updates the output with, an SVG image.
func (h *Handle) SVG(svg string) { h.Publish(svgBundle(svg), nil) }

// Markdown shows, or updates the output with, Markdown text.
func (h *Handle) Markdown(md string) { h.Publish(markdownBundle(md), nil) }

// PNG shows, or updates the output with, a PNG image.
func (h *Handle) PNG(png []byte) { h.Publish(pngBundle(png), nil) }

// JSON shows, or updates the output with, v as JSON.
func (h *Handle) JSON(v any) { h.Publish(jsonBundle(v), nil) }

// Text shows, or updates the output with, plain text.
func (h *Handle) Text(text string) { h.Publish(map[string]any{MIMEText: text}, nil) }

// Show shows, or updates the output with, the [Bundle] of v.
func (h *Handle) Show(v any) { h.Publish(Bundle(v), nil) }

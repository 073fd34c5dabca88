package display

import (
	"encoding/base64"
	"fmt"
)

// MIME types of the bundles the package builds.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMESVG      = "image/svg+xml"
	MIMEMarkdown = "text/markdown"
	MIMEPNG      = "image/png"
	MIMEJSON     = "application/json"
)

// HTMLer is a value that renders itself as HTML.
type HTMLer interface{ HTML() string }

// SVGer is a value that renders itself as an SVG image.
type SVGer interface{ SVG() string }

// Markdowner is a value that renders itself as Markdown.
type Markdowner interface{ Markdown() string }

// PNGer is a value that renders itself as a PNG image (the encoded bytes).
type PNGer interface{ PNG() []byte }

// MIMEBundler is a value that gives its whole bundle, for MIME types the
// other interfaces do not name (a widget's view, say): the counterpart of
// IPython's _repr_mimebundle_. Its entries replace Bundle's.
type MIMEBundler interface{ MIMEBundle() map[string]any }

// Bundle returns the MIME bundle of v, the data a front end chooses from to
// show it: "text/plain" always, plus "text/html", "image/svg+xml",
// "text/markdown" and "image/png" (base64, as the messaging spec wants)
// for each of the HTMLer, SVGer, Markdowner and PNGer interfaces v
// implements, and whatever a MIMEBundler gives. The plain text is fmt's %v, except that strings are quoted
// (%q) so that "42" and 42 look different, as a Go literal would.
func Bundle(v any) map[string]any {
	data := map[string]any{MIMEText: Plain(v)}
	if r, ok := v.(HTMLer); ok {
		data[MIMEHTML] = r.HTML()
	}
	if r, ok := v.(SVGer); ok {
		data[MIMESVG] = r.SVG()
	}
	if r, ok := v.(Markdowner); ok {
		data[MIMEMarkdown] = r.Markdown()
	}
	if r, ok := v.(PNGer); ok {
		data[MIMEPNG] = base64.StdEncoding.EncodeToString(r.PNG())
	}
	if r, ok := v.(MIMEBundler); ok {
		for mime, d := range r.MIMEBundle() {
			data[mime] = d
		}
	}
	return data
}

// Plain is the text/plain form of v that [Bundle] uses: %q for strings, %v
// for everything else.
func Plain(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%v", v)
}

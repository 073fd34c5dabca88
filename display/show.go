package display

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// Publish shows a MIME bundle built by hand, for MIME types the helpers
// below do not cover. data maps MIME types to their content; metadata may
// be nil. Include "text/plain" so that every front end can show something.
func Publish(data, metadata map[string]any) { sink().Publish(data, metadata, "", false) }

// HTML shows an HTML fragment.
func HTML(html string) { Publish(htmlBundle(html), nil) }

// SVG shows an SVG image given as its XML source.
func SVG(svg string) { Publish(svgBundle(svg), nil) }

// Markdown shows Markdown text, rendered by the front end.
func Markdown(md string) { Publish(markdownBundle(md), nil) }

// PNG shows a PNG image given as its encoded bytes.
func PNG(png []byte) { Publish(pngBundle(png), nil) }

// JSON shows v as JSON, which front ends such as JupyterLab render as a
// tree. v is marshalled with encoding/json; when that fails the error is
// shown as text instead.
func JSON(v any) { Publish(jsonBundle(v), nil) }

// Text shows plain text as it is (unlike [Show], which quotes strings).
func Text(text string) { Publish(map[string]any{MIMEText: text}, nil) }

// Show shows v with its [Bundle], richly when it has the methods for it.
func Show(v any) { Publish(Bundle(v), nil) }

// Clear clears the output of the cell that is running now.
func Clear() { sink().Clear(false) }

// ClearWait clears the output of the running cell when the next output
// arrives instead of at once: repeated ClearWait and show draws an animation
// without flicker.
func ClearWait() { sink().Clear(true) }

// The bundles of the helpers, shared with Handle. Each carries a short
// text/plain for front ends (and terminals) that show nothing richer.

func htmlBundle(html string) map[string]any {
	return map[string]any{MIMEHTML: html, MIMEText: "<HTML>"}
}

func svgBundle(svg string) map[string]any {
	return map[string]any{MIMESVG: svg, MIMEText: "<SVG image>"}
}

func markdownBundle(md string) map[string]any {
	// Markdown reads well as it is.
	return map[string]any{MIMEMarkdown: md, MIMEText: md}
}

func pngBundle(png []byte) map[string]any {
	return map[string]any{
		MIMEPNG:  base64.StdEncoding.EncodeToString(png),
		MIMEText: fmt.Sprintf("<PNG image, %d bytes>", len(png)),
	}
}

func jsonBundle(v any) map[string]any {
	raw, err := json.Marshal(v)
	if err != nil {
		return map[string]any{MIMEText: fmt.Sprintf("display.JSON: %v", err)}
	}
	// The bundle holds the decoded form, plain maps, slices and numbers, so
	// that whoever encodes the message never meets a type it cannot encode.
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return map[string]any{MIMEText: fmt.Sprintf("display.JSON: %v", err)}
	}
	indented, err := json.MarshalIndent(tree, "", "  ")
	if err != nil {
		indented = raw
	}
	return map[string]any{MIMEJSON: tree, MIMEText: string(indented)}
}

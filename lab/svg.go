package lab

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The charts are meant for a projector at the back of a classroom: large
// type, thick lines, and colours that stay apart in a washed-out image and
// for the colour-blind (dark blue, amber, red on white).
const (
	chartWidth  = 1000
	fontFamily  = "Helvetica, Arial, sans-serif"
	titleSize   = 24
	labelSize   = 18
	barTextSize = 16

	colourInk   = "#000000"
	colourGrid  = "#b0b0b0"
	colourWork  = "#0b3d91"
	colourWait  = "#f0a500"
	colourFail  = "#c0001a"
	colourIdeal = "#707070"
)

// seriesColours tell the lines of a chart apart.
var seriesColours = []string{"#0b3d91", "#e07000", "#008a3e", "#c0001a", "#6a2c91", "#00838f"}

// svgDoc builds an SVG image with a white background (a transparent chart
// would be black on black in a dark theme).
type svgDoc struct {
	b             strings.Builder
	width, height int
}

// The root has a viewBox and a relative width, no fixed size: the chart
// scales to the output area it is shown in (JupyterLab's is narrower than
// the drawing at a 1280 px window, a projector's may be wider) and keeps its
// proportions, instead of overflowing with a horizontal scroll bar.
func newSVG(width, height int) *svgDoc {
	d := &svgDoc{width: width, height: height}
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" width="100%%" viewBox="0 0 %d %d" font-family="%s">`+"\n",
		width, height, fontFamily)
	fmt.Fprintf(&d.b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	return d
}

func (d *svgDoc) rect(x, y, w, h float64, fill string) {
	fmt.Fprintf(&d.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#ffffff" stroke-width="1.5"/>`+"\n",
		x, y, w, h, fill)
}

func (d *svgDoc) line(x1, y1, x2, y2 float64, colour string, width float64, dash string) {
	fmt.Fprintf(&d.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%.1f"`, x1, y1, x2, y2, colour, width)
	if dash != "" {
		fmt.Fprintf(&d.b, ` stroke-dasharray="%s"`, dash)
	}
	d.b.WriteString("/>\n")
}

// text writes s at (x, y); anchor is "start", "middle" or "end"; extra
// holds further attributes, a fill among them if not black.
func (d *svgDoc) text(x, y float64, size int, anchor, s, extra string) {
	if !strings.Contains(extra, "fill=") {
		extra = fmt.Sprintf(`fill="%s" %s`, colourInk, extra)
	}
	fmt.Fprintf(&d.b, `<text x="%.1f" y="%.1f" font-size="%d" text-anchor="%s" %s>%s</text>`+"\n",
		x, y, size, anchor, strings.TrimSpace(extra), escapeXML(s))
}

func (d *svgDoc) String() string { return d.b.String() + "</svg>\n" }

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func escapeXML(s string) string { return xmlEscaper.Replace(s) }

// textWidth estimates the width of s in a sans-serif font of the size.
func textWidth(s string, size int) float64 {
	return float64(len([]rune(s))) * float64(size) * 0.58
}

// niceStep is a step of 1, 2 or 5 times a power of ten that cuts
// [0, max] into at most about n intervals.
func niceStep(max float64, n int) float64 {
	if max <= 0 || n < 1 {
		return 1
	}
	raw := max / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// formatTick writes v with as many decimals as the step needs.
func formatTick(v, step float64) string {
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

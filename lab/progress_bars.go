package lab

import (
	"gopherlab/display"
	"gopherlab/widgets"
)

// barsView shows the downloads as Jupyter widgets: per file, its name, a
// progress bar, and what it received with its status, each changed in
// place (only what changed is sent). It returns the function that updates
// them.
func barsView(ds []*Download) func(final bool) {
	rows := progressRows(ds, false)
	bars := make([]*widgets.ProgressWidget, len(rows))
	labels := make([]*widgets.TextDisplay, len(rows))
	lines := make([]widgets.Widget, len(rows))
	for i, r := range rows {
		bars[i] = widgets.FloatProgress(r.name, 0, 1)
		labels[i] = widgets.Label(r.received + "  " + r.status)
		lines[i] = widgets.HBox(bars[i], labels[i])
	}
	display.Show(widgets.VBox(lines...))
	return func(final bool) {
		for i, r := range progressRows(ds, final) {
			if r.frac >= 0 && r.frac != bars[i].Value() {
				bars[i].SetValue(r.frac)
			}
			style := ""
			switch {
			case r.failed:
				style = "danger"
			case r.ended:
				style = "success"
			}
			if style != "" && bars[i].BarStyle() != style {
				bars[i].SetBarStyle(style)
			}
			if text := r.received + "  " + r.status; text != labels[i].Value() {
				labels[i].SetValue(text)
			}
		}
	}
}

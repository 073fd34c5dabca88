package lab

import (
	"fmt"
	"html"
	"strings"
	"time"

	"gopherlab/display"
)

// progressInterval spaces the updates of a progress display: a few a
// second look live, and do not flood the front end with messages.
const progressInterval = 250 * time.Millisecond

// progress shows a table of downloads, which a goroutine updates in place
// until finish: a bar per file where the front end renders Jupyter widgets,
// an HTML table (and text for terminals) elsewhere.
type progress struct {
	ds      []*Download
	stop    chan struct{}
	stopped chan struct{}
}

func showProgress(ds []*Download) *progress {
	p := &progress{ds: ds, stop: make(chan struct{}), stopped: make(chan struct{})}
	var show func(final bool)
	if display.CommsAvailable() {
		show = barsView(ds)
	} else {
		show = tableView(ds)
	}
	go func() {
		defer close(p.stopped)
		tick := time.NewTicker(progressInterval)
		defer tick.Stop()
		for {
			final := false
			select {
			case <-tick.C:
			case <-p.stop:
				final = true
			}
			show(final)
			if final {
				return
			}
		}
	}()
	return p
}

// tableView shows the downloads as a table in a display handle, and
// returns the function that redraws it when it has changed.
func tableView(ds []*Download) func(final bool) {
	h := display.New()
	last := renderProgress(ds, false)
	h.Publish(last, nil)
	return func(final bool) {
		if b := renderProgress(ds, final); b[display.MIMEText] != last[display.MIMEText] {
			h.Publish(b, nil)
			last = b
		}
	}
}

// finish shows the final table, once every download has its response, and
// returns when the goroutine has. A nil progress does nothing.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.stopped
}

// progressRow is what the table and the bars show of one download.
type progressRow struct {
	name, received, status string
	frac                   float64 // -1 while the size is unknown
	colour                 string
	ended, failed          bool
}

func progressRows(ds []*Download, final bool) []progressRow {
	rows := make([]progressRow, len(ds))
	for i, d := range ds {
		got, total := d.Progress()
		r := progressRow{name: Response{URL: d.url}.Name(), received: Commas(got), frac: -1,
			status: "downloading", colour: colourWork, ended: final}
		if total >= 0 {
			r.received += " / " + Commas(total)
			if total > 0 {
				r.frac = float64(got) / float64(total)
			} else {
				r.frac = 1
			}
		}
		select {
		case <-d.done:
			r.ended = true
		default:
		}
		switch {
		case r.ended:
			if d.resp.Err != nil {
				r.status, r.colour, r.failed = "error: "+d.resp.Err.Error(), colourFail, true
				if r.frac < 0 {
					r.frac = 1
				}
			} else {
				r.status, r.frac = "done in "+FormatDuration(d.resp.Elapsed), 1
			}
		case got == 0 && total < 0:
			r.status = "waiting"
		}
		rows[i] = r
	}
	return rows
}

// renderProgress draws the table as HTML, and as text for terminals. When
// final, every download has its response, done or not.
func renderProgress(ds []*Download, final bool) map[string]any {
	var h, t strings.Builder
	h.WriteString(`<table style="font-family: monospace; font-size: 16px; border-collapse: collapse">` +
		`<tr><th style="text-align:left; padding:2px 12px">file</th><th style="text-align:right; padding:2px 12px">received</th>` +
		`<th style="padding:2px 12px"></th><th style="text-align:left; padding:2px 12px">status</th></tr>`)
	for _, r := range progressRows(ds, final) {
		bar := ""
		percent := ""
		if r.frac >= 0 {
			percent = fmt.Sprintf("%3.0f%%", 100*r.frac)
			bar = fmt.Sprintf(`<div style="width: 200px; height: 14px; background: #dddddd">`+
				`<div style="width: %.0f%%; height: 14px; background: %s"></div></div>`, 100*r.frac, r.colour)
		}
		fmt.Fprintf(&h, `<tr><td style="padding:2px 12px">%s</td><td style="text-align:right; padding:2px 12px">%s</td>`+
			`<td style="padding:2px 12px">%s</td><td style="padding:2px 12px">%s</td></tr>`,
			html.EscapeString(r.name), r.received, bar, html.EscapeString(r.status))
		fmt.Fprintf(&t, "%11s %25s %4s %s\n", r.name, r.received, percent, r.status)
	}
	h.WriteString("</table>")
	return map[string]any{
		display.MIMEHTML: h.String(),
		display.MIMEText: strings.TrimRight(t.String(), "\n"),
	}
}

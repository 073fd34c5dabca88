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

// progress is a table of downloads shown in a display handle, which a
// goroutine updates in place until finish.
type progress struct {
	ds      []*Download
	h       *display.Handle
	stop    chan struct{}
	stopped chan struct{}
}

func showProgress(ds []*Download) *progress {
	p := &progress{ds: ds, h: display.New(), stop: make(chan struct{}), stopped: make(chan struct{})}
	last := renderProgress(ds, false)
	p.h.Publish(last, nil)
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
			if b := renderProgress(ds, final); b[display.MIMEText] != last[display.MIMEText] {
				p.h.Publish(b, nil)
				last = b
			}
			if final {
				return
			}
		}
	}()
	return p
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

// renderProgress draws the table as HTML, and as text for terminals. When
// final, every download has its response, done or not.
func renderProgress(ds []*Download, final bool) map[string]any {
	var h, t strings.Builder
	h.WriteString(`<table style="font-family: monospace; font-size: 16px; border-collapse: collapse">` +
		`<tr><th style="text-align:left; padding:2px 12px">file</th><th style="text-align:right; padding:2px 12px">received</th>` +
		`<th style="padding:2px 12px"></th><th style="text-align:left; padding:2px 12px">status</th></tr>`)
	for _, d := range ds {
		got, total := d.Progress()
		name := Response{URL: d.url}.Name()
		received := Commas(got)
		frac := -1.0
		if total >= 0 {
			received += " / " + Commas(total)
			if total > 0 {
				frac = float64(got) / float64(total)
			} else {
				frac = 1
			}
		}
		status := "downloading"
		colour := colourWork
		ended := final
		select {
		case <-d.done:
			ended = true
		default:
		}
		switch {
		case ended:
			if d.resp.Err != nil {
				status, colour = "error: "+d.resp.Err.Error(), colourFail
				if frac < 0 {
					frac = 1
				}
			} else {
				status, frac = "done in "+FormatDuration(d.resp.Elapsed), 1
			}
		case got == 0 && total < 0:
			status = "waiting"
		}
		bar := ""
		percent := ""
		if frac >= 0 {
			percent = fmt.Sprintf("%3.0f%%", 100*frac)
			bar = fmt.Sprintf(`<div style="width: 200px; height: 14px; background: #dddddd">`+
				`<div style="width: %.0f%%; height: 14px; background: %s"></div></div>`, 100*frac, colour)
		}
		fmt.Fprintf(&h, `<tr><td style="padding:2px 12px">%s</td><td style="text-align:right; padding:2px 12px">%s</td>`+
			`<td style="padding:2px 12px">%s</td><td style="padding:2px 12px">%s</td></tr>`,
			html.EscapeString(name), received, bar, html.EscapeString(status))
		fmt.Fprintf(&t, "%11s %25s %4s %s\n", name, received, percent, status)
	}
	h.WriteString("</table>")
	return map[string]any{
		display.MIMEHTML: h.String(),
		display.MIMEText: strings.TrimRight(t.String(), "\n"),
	}
}

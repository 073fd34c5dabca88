package lab

import (
	"fmt"
	"strings"
	"time"
)

// GanttChart draws timelines one above another on one time axis, each
// measured from its own start, so that runs made one after another compare
// side by side: serial against a pool against a GIL pool.
type GanttChart struct {
	timelines []*Timeline
}

// Gantt returns the chart of the timelines; a cell that ends with it shows
// it:
//
//	lab.Gantt(serial, pool.Timeline(), gil.Timeline())
func Gantt(timelines ...*Timeline) *GanttChart {
	var ts []*Timeline
	for _, t := range timelines {
		if t != nil {
			ts = append(ts, t)
		}
	}
	return &GanttChart{timelines: ts}
}

// String lists the timelines, what a terminal shows of the chart.
func (g *GanttChart) String() string {
	var lines []string
	for _, t := range g.timelines {
		lines = append(lines, t.String())
	}
	return strings.Join(lines, "\n")
}

// Layout of the chart, in pixels.
const (
	ganttLeft      = 160 // worker names
	ganttRight     = 40
	ganttTop       = 10
	ganttTitle     = 40 // a timeline's title row
	ganttLane      = 34 // one worker's row
	ganttLaneGap   = 6
	ganttPanelGap  = 18
	ganttAxis      = 70 // tick labels and the axis title
	ganttLegend    = 40
	ganttMinPixels = 2 // the thinnest bar drawn
)

// SVG draws the chart.
func (g *GanttChart) SVG() string {
	type panel struct {
		t       *Timeline
		start   time.Time
		spans   []Span
		workers []string
	}
	var panels []panel
	var longest time.Duration
	height := ganttTop + ganttAxis
	legend := false
	for _, t := range g.timelines {
		p := panel{t: t, start: t.Start(), spans: t.Spans(), workers: t.Workers()}
		if d := t.Duration(); d > longest {
			longest = d
		}
		for _, s := range p.spans {
			ws, we := s.work()
			if s.Err || !ws.Equal(s.Start) || !we.Equal(s.End) {
				legend = true
			}
		}
		panels = append(panels, p)
		height += ganttTitle + max(len(p.workers), 1)*(ganttLane+ganttLaneGap) + ganttPanelGap
	}
	if legend {
		height += ganttLegend
	}
	seconds := longest.Seconds()
	if seconds <= 0 {
		seconds = 0.001
	}
	step := niceStep(seconds, 8)
	axisEnd := step * float64(int(seconds/step+0.999999))
	plotW := float64(chartWidth - ganttLeft - ganttRight)
	x := func(d time.Duration) float64 { return ganttLeft + d.Seconds()/axisEnd*plotW }

	doc := newSVG(chartWidth, height)
	top := float64(ganttTop)
	bottom := float64(height - ganttAxis)
	if legend {
		bottom -= ganttLegend
	}
	// One grid for every panel, under the bars: one scale for all.
	for i := 0; float64(i)*step <= axisEnd+step/2; i++ {
		v := float64(i) * step
		gx := ganttLeft + v/axisEnd*plotW
		doc.line(gx, top, gx, bottom, colourGrid, 1, "4 4")
		doc.text(gx, bottom+24, labelSize, "middle", formatTick(v, step), "")
	}
	y := top
	for _, p := range panels {
		title := fmt.Sprintf("%s — %s", p.t.Title, FormatDuration(p.t.Duration()))
		if n := p.t.Dropped(); n > 0 {
			title += fmt.Sprintf(" (first %s tasks drawn)", Commas(len(p.spans)))
		}
		doc.text(ganttLeft, y+28, titleSize, "start", title, `font-weight="bold"`)
		y += ganttTitle
		lane := map[string]float64{}
		for i, w := range p.workers {
			ly := y + float64(i*(ganttLane+ganttLaneGap))
			lane[w] = ly
			doc.text(ganttLeft-10, ly+ganttLane/2+6, labelSize, "end", w, "")
		}
		if len(p.spans) == 0 {
			doc.text(ganttLeft+10, y+ganttLane/2+6, labelSize, "start", "(nothing recorded)", `font-style="italic"`)
		}
		for _, s := range p.spans {
			ly := lane[s.Worker]
			x0, x1 := x(s.Start.Sub(p.start)), x(s.End.Sub(p.start))
			ws, we := s.work()
			wx0, wx1 := x(ws.Sub(p.start)), x(we.Sub(p.start))
			work := colourWork
			if s.Err {
				work = colourFail
			}
			if x1-x0 < ganttMinPixels {
				x1 = x0 + ganttMinPixels
			}
			if wx0 > x0 || wx1 < x1 {
				doc.rect(x0, ly, x1-x0, ganttLane, colourWait)
			}
			if wx1-wx0 > 0 || (ws.Equal(s.Start) && we.Equal(s.End)) {
				doc.rect(wx0, ly, max(wx1-wx0, ganttMinPixels), ganttLane, work)
			}
			if textWidth(s.Name, barTextSize)+8 < x1-x0 {
				// White with a black halo reads on every bar colour.
				doc.text((x0+x1)/2, ly+ganttLane/2+6, barTextSize, "middle", s.Name,
					`font-weight="bold" fill="#ffffff" stroke="#000000" stroke-width="3" paint-order="stroke"`)
			}
		}
		y += float64(max(len(p.workers), 1)*(ganttLane+ganttLaneGap)) + ganttPanelGap
	}
	doc.line(ganttLeft, y, ganttLeft+plotW, y, colourInk, 2, "")
	doc.text(ganttLeft+plotW/2, y+56, labelSize, "middle", "time (s)", `font-weight="bold"`)
	if legend {
		ly := y + ganttAxis
		items := []struct{ colour, label string }{
			{colourWork, "working"}, {colourWait, "waiting or moving data"}, {colourFail, "failed"},
		}
		lx := float64(ganttLeft)
		for _, it := range items {
			doc.rect(lx, ly, 24, 24, it.colour)
			doc.text(lx+32, ly+19, labelSize, "start", it.label, "")
			lx += 32 + textWidth(it.label, labelSize) + 36
		}
	}
	return doc.String()
}

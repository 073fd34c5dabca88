package lab

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// SpeedupChart plots speed-up against the number of workers, one line per
// way of running the work, for the lesson's section on Martelli's model:
// speed-up grows with workers up to the number of cores, then stays flat.
//
//	c := lab.NewSpeedupChart("pow(42, 1,250,000) × 8")
//	for w := 1; w <= 8; w++ {
//		c.Add("goroutines", w, lab.Time(func() { … }))
//	}
//	c // the cell shows the chart
//
// Add the same measurement several times: a point is the median of its
// runs, and the chart shows their spread (an error bar, a range column),
// so that one run disturbed by the rest of a shared machine neither makes
// nor hides a trend. The speed-up of a point is the series' median time
// with the fewest workers (normally 1) divided by the point's median time.
type SpeedupChart struct {
	// Title heads the chart.
	Title string
	// Cores draws a line at that many workers; NewSpeedupChart sets it to
	// runtime.NumCPU(), 0 draws none.
	Cores int

	mu     sync.Mutex
	series []*speedupSeries
}

type speedupSeries struct {
	name  string
	times map[int][]time.Duration // every run, by workers
}

// NewSpeedupChart returns an empty chart with a line at the core count.
func NewSpeedupChart(title string) *SpeedupChart {
	return &SpeedupChart{Title: title, Cores: runtime.NumCPU()}
}

// Add records that the work took elapsed with the given number of workers,
// in the named series ("goroutines", "GIL", "processes").
func (c *SpeedupChart) Add(series string, workers int, elapsed time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var s *speedupSeries
	for _, x := range c.series {
		if x.name == series {
			s = x
		}
	}
	if s == nil {
		s = &speedupSeries{name: series, times: map[int][]time.Duration{}}
		c.series = append(c.series, s)
	}
	s.times[workers] = append(s.times[workers], elapsed)
}

// Speedup is the speed-up of series with the given workers, from the
// median of its runs; 0 if it was not measured.
func (c *SpeedupChart) Speedup(series string, workers int) float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.find(series); s != nil {
		return s.speedup(workers)
	}
	return 0
}

// Spread is the lowest and highest speed-up of the runs of series with
// the given workers (each against the baseline's median); 0, 0 if it was
// not measured.
func (c *SpeedupChart) Spread(series string, workers int) (lo, hi float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.find(series); s != nil {
		return s.spread(workers)
	}
	return 0, 0
}

// find is the named series, nil if none. c.mu is held.
func (c *SpeedupChart) find(series string) *speedupSeries {
	for _, s := range c.series {
		if s.name == series {
			return s
		}
	}
	return nil
}

func (s *speedupSeries) workers() []int {
	var ws []int
	for w := range s.times {
		ws = append(ws, w)
	}
	sort.Ints(ws)
	return ws
}

// median is the middle of durations, the mean of the two middle ones for
// an even count.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	mid := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[mid-1] + sorted[mid]) / 2
	}
	return sorted[mid]
}

// baseline is the median time with the fewest workers.
func (s *speedupSeries) baseline() time.Duration {
	ws := s.workers()
	if len(ws) == 0 {
		return 0
	}
	return median(s.times[ws[0]])
}

func (s *speedupSeries) speedup(workers int) float64 {
	t := median(s.times[workers])
	if t <= 0 {
		return 0
	}
	return float64(s.baseline()) / float64(t)
}

func (s *speedupSeries) spread(workers int) (lo, hi float64) {
	runs := s.times[workers]
	if len(runs) == 0 || slices.Min(runs) <= 0 {
		return 0, 0
	}
	base := float64(s.baseline())
	return base / float64(slices.Max(runs)), base / float64(slices.Min(runs))
}

// repeated reports whether any point of the chart has more than one run.
// c.mu is held.
func (c *SpeedupChart) repeated() bool {
	for _, s := range c.series {
		for _, runs := range s.times {
			if len(runs) > 1 {
				return true
			}
		}
	}
	return false
}

// String is the table of times and speed-ups, what a terminal shows.
func (c *SpeedupChart) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	if c.Title != "" {
		b.WriteString(c.Title + "\n")
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	// With repeated runs, each time is a median and a column gives the
	// range of the runs' speed-ups.
	repeated := c.repeated()
	fmt.Fprint(tw, "workers\t")
	for _, s := range c.series {
		fmt.Fprintf(tw, "%s\tspeed-up\t", s.name)
		if repeated {
			fmt.Fprint(tw, "range\t")
		}
	}
	fmt.Fprintln(tw)
	for _, w := range c.allWorkers() {
		fmt.Fprintf(tw, "%d\t", w)
		for _, s := range c.series {
			runs, ok := s.times[w]
			if !ok {
				fmt.Fprint(tw, "\t\t")
				if repeated {
					fmt.Fprint(tw, "\t")
				}
				continue
			}
			fmt.Fprintf(tw, "%s\t%.2f×\t", FormatDuration(median(runs)), s.speedup(w))
			if repeated {
				lo, hi := s.spread(w)
				fmt.Fprintf(tw, "%.2f–%.2f\t", lo, hi)
			}
		}
		fmt.Fprintln(tw)
	}
	if repeated {
		fmt.Fprint(tw, "(times: medians of the runs; range: the runs' lowest and highest speed-up)\n")
	}
	tw.Flush()
	return strings.TrimRight(b.String(), "\n")
}

// allWorkers is every worker count measured. c.mu is held.
func (c *SpeedupChart) allWorkers() []int {
	seen := map[int]bool{}
	var ws []int
	for _, s := range c.series {
		for w := range s.times {
			if !seen[w] {
				seen[w] = true
				ws = append(ws, w)
			}
		}
	}
	sort.Ints(ws)
	return ws
}

// Layout of the chart, in pixels.
const (
	speedupHeight = 620
	speedupLeft   = 110
	speedupRight  = 270 // the legend
	speedupTop    = 90
	speedupBottom = 90
)

// SVG draws the chart: speed-up up, workers across, the ideal (speed-up
// equal to workers) dashed, and the core count as a vertical line.
func (c *SpeedupChart) SVG() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	maxW := max(1, c.Cores)
	maxS := 1.0
	for _, s := range c.series {
		for w := range s.times {
			maxW = max(maxW, w)
			_, hi := s.spread(w)
			maxS = math.Max(maxS, hi)
		}
	}
	// The y axis reaches past the best speed-up and the core count, not to
	// the ideal at many workers, which would flatten the measurements.
	yTop := math.Max(maxS, float64(max(c.Cores, 1))) * 1.15
	yStep := niceStep(yTop, 6)
	yTop = yStep * math.Ceil(yTop/yStep)
	xStep := math.Max(1, niceStep(float64(maxW), 10))
	plotW := float64(chartWidth - speedupLeft - speedupRight)
	plotH := float64(speedupHeight - speedupTop - speedupBottom)
	x := func(w float64) float64 { return speedupLeft + (w-1)/math.Max(float64(maxW-1), 1)*plotW }
	y := func(s float64) float64 { return speedupTop + plotH - s/yTop*plotH }

	doc := newSVG(chartWidth, speedupHeight)
	doc.text(speedupLeft, 40, titleSize, "start", c.Title, `font-weight="bold"`)
	for i := 0; float64(i)*yStep <= yTop+yStep/2; i++ {
		v := float64(i) * yStep
		doc.line(speedupLeft, y(v), speedupLeft+plotW, y(v), colourGrid, 1, "4 4")
		doc.text(speedupLeft-12, y(v)+6, labelSize, "end", formatTick(v, yStep)+"×", "")
	}
	// Ticks at 1 and at multiples of the step.
	for w := 1.0; w <= float64(maxW)+0.5; w = (math.Floor(w/xStep) + 1) * xStep {
		doc.text(x(w), speedupTop+plotH+28, labelSize, "middle", formatTick(w, 1), "")
	}
	doc.line(speedupLeft, speedupTop+plotH, speedupLeft+plotW, speedupTop+plotH, colourInk, 2, "")
	doc.line(speedupLeft, speedupTop, speedupLeft, speedupTop+plotH, colourInk, 2, "")
	doc.text(speedupLeft+plotW/2, speedupHeight-22, labelSize, "middle", "workers", `font-weight="bold"`)
	doc.text(28, speedupTop+plotH/2, labelSize, "middle", "speed-up (× the time of 1 worker)",
		fmt.Sprintf(`font-weight="bold" transform="rotate(-90 28 %.1f)"`, speedupTop+plotH/2))

	// The ideal, clipped where it leaves the plot.
	idealEnd := math.Min(float64(maxW), yTop)
	doc.line(x(1), y(1), x(idealEnd), y(idealEnd), colourIdeal, 3, "10 8")
	if c.Cores > 0 && c.Cores <= maxW {
		cx := x(float64(c.Cores))
		doc.line(cx, speedupTop, cx, speedupTop+plotH, colourFail, 2, "")
		doc.text(cx, speedupTop-12, labelSize, "middle", fmt.Sprintf("%d cores", c.Cores), fmt.Sprintf(`fill="%s" font-weight="bold"`, colourFail))
	}
	legendY := float64(speedupTop + 20)
	legend := func(colour, dash, label string) {
		lx := speedupLeft + plotW + 30
		doc.line(lx, legendY-6, lx+40, legendY-6, colour, 4, dash)
		doc.text(lx+50, legendY, labelSize, "start", label, "")
		legendY += 28
	}
	legend(colourIdeal, "10 8", "ideal")
	for i, s := range c.series {
		colour := seriesColours[i%len(seriesColours)]
		var pts []string
		for _, w := range s.workers() {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(w)), y(s.speedup(w))))
			// The spread of repeated runs, as an error bar with caps.
			if lo, hi := s.spread(w); len(s.times[w]) > 1 {
				px := x(float64(w))
				doc.line(px, y(lo), px, y(hi), colour, 2, "")
				doc.line(px-8, y(lo), px+8, y(lo), colour, 2, "")
				doc.line(px-8, y(hi), px+8, y(hi), colour, 2, "")
			}
		}
		fmt.Fprintf(&doc.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="4"/>`+"\n", strings.Join(pts, " "), colour)
		for _, p := range pts {
			px, py, _ := strings.Cut(p, ",")
			fmt.Fprintf(&doc.b, `<circle cx="%s" cy="%s" r="7" fill="%s"/>`+"\n", px, py, colour)
		}
		legend(colour, "", s.name)
	}
	if c.repeated() {
		doc.text(speedupLeft+plotW+30, legendY+8, labelSize, "start", "bars: range of runs", "")
	}
	return doc.String()
}

package lab

import (
	"fmt"
	"math"
	"runtime"
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
// The speed-up of a measurement is the series' time with the fewest
// workers (normally 1) divided by its time. A measurement repeated keeps
// the fastest time, the one least disturbed by the rest of the machine.
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
	times map[int]time.Duration // by workers
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
		s = &speedupSeries{name: series, times: map[int]time.Duration{}}
		c.series = append(c.series, s)
	}
	if old, ok := s.times[workers]; !ok || elapsed < old {
		s.times[workers] = elapsed
	}
}

// Speedup is the speed-up of series with the given workers, 0 if it was
// not measured.
func (c *SpeedupChart) Speedup(series string, workers int) float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.series {
		if s.name == series {
			return s.speedup(workers)
		}
	}
	return 0
}

func (s *speedupSeries) workers() []int {
	var ws []int
	for w := range s.times {
		ws = append(ws, w)
	}
	sort.Ints(ws)
	return ws
}

func (s *speedupSeries) speedup(workers int) float64 {
	t, ok := s.times[workers]
	ws := s.workers()
	if !ok || len(ws) == 0 || t <= 0 {
		return 0
	}
	return float64(s.times[ws[0]]) / float64(t)
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
	fmt.Fprint(tw, "workers\t")
	for _, s := range c.series {
		fmt.Fprintf(tw, "%s\tspeed-up\t", s.name)
	}
	fmt.Fprintln(tw)
	for _, w := range c.allWorkers() {
		fmt.Fprintf(tw, "%d\t", w)
		for _, s := range c.series {
			if t, ok := s.times[w]; ok {
				fmt.Fprintf(tw, "%s\t%.2f×\t", FormatDuration(t), s.speedup(w))
			} else {
				fmt.Fprint(tw, "\t\t")
			}
		}
		fmt.Fprintln(tw)
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
			maxS = math.Max(maxS, s.speedup(w))
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
		}
		fmt.Fprintf(&doc.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="4"/>`+"\n", strings.Join(pts, " "), colour)
		for _, p := range pts {
			px, py, _ := strings.Cut(p, ",")
			fmt.Fprintf(&doc.b, `<circle cx="%s" cy="%s" r="7" fill="%s"/>`+"\n", px, py, colour)
		}
		legend(colour, "", s.name)
	}
	return doc.String()
}

package lab

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestSpeedupChart(t *testing.T) {
	c := NewSpeedupChart("pow × 8")
	c.Cores = 2
	for w, d := range map[int]time.Duration{1: 8 * time.Second, 2: 4 * time.Second, 4: 4 * time.Second} {
		c.Add("goroutines", w, d)
	}
	c.Add("GIL", 1, 8*time.Second)
	c.Add("GIL", 2, 10*time.Second)
	c.Add("GIL", 2, 8*time.Second) // repeated: the median counts
	c.Add("GIL", 2, 16*time.Second)
	tests := []struct {
		series  string
		workers int
		want    float64
	}{
		{"goroutines", 1, 1}, {"goroutines", 2, 2}, {"goroutines", 4, 2},
		{"GIL", 2, 0.8}, {"GIL", 4, 0}, {"none", 1, 0},
	}
	for _, tt := range tests {
		if got := c.Speedup(tt.series, tt.workers); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Speedup(%s, %d) = %v, want %v", tt.series, tt.workers, got, tt.want)
		}
	}
	if lo, hi := c.Spread("GIL", 2); lo != 0.5 || hi != 1 {
		t.Errorf("Spread(GIL, 2) = %v–%v, want 0.5–1 (8 s against 16 s and 8 s)", lo, hi)
	}
	if lo, hi := c.Spread("goroutines", 2); lo != 2 || hi != 2 {
		t.Errorf("Spread(goroutines, 2) = %v–%v, want 2–2 (one run)", lo, hi)
	}
	text := c.String()
	for _, want := range []string{"pow × 8", "goroutines", "GIL", "4.000s", "2.00×", "8.000s", "10.000s", "0.80×", "0.50–1.00", "range", "medians"} {
		if !strings.Contains(text, want) {
			t.Errorf("String lacks %q:\n%s", want, text)
		}
	}
	svg := c.SVG()
	wellFormed(t, svg)
	for _, want := range []string{"workers", "speed-up", "2 cores", "ideal", "goroutines", "GIL", "<polyline"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	// Two series: two lines, 3 + 2 points.
	if n := strings.Count(svg, "<circle"); n != 5 {
		t.Errorf("%d points drawn, want 5", n)
	}
	// One point with repeated runs: an error bar of three lines, drawn
	// once, with no others; the y axis reaches the highest run.
	without := NewSpeedupChart("")
	without.Add("GIL", 1, 8*time.Second)
	without.Add("GIL", 2, 10*time.Second)
	with := NewSpeedupChart("")
	with.Add("GIL", 1, 8*time.Second)
	for _, d := range []time.Duration{10, 8, 16} {
		with.Add("GIL", 2, d*time.Second)
	}
	if n := strings.Count(with.SVG(), "<line") - strings.Count(without.SVG(), "<line"); n != 3 {
		t.Errorf("repeated runs drew %d more lines, want 3 (an error bar with two caps)", n)
	}
	if !strings.Contains(with.SVG(), "range of runs") || strings.Contains(without.SVG(), "range of runs") {
		t.Error("the legend should explain the bars when, and only when, there are some")
	}
}

func TestSpeedupBaseline(t *testing.T) {
	// Without a 1-worker run the fewest workers measured are the baseline.
	c := NewSpeedupChart("")
	c.Add("p", 2, 6*time.Second)
	c.Add("p", 4, 3*time.Second)
	if got := c.Speedup("p", 4); got != 2 {
		t.Errorf("speed-up against 2 workers = %v, want 2", got)
	}
	wellFormed(t, c.SVG())
	wellFormed(t, NewSpeedupChart("empty").SVG())
}

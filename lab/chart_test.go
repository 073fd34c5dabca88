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
	c.Add("GIL", 2, 9*time.Second)
	c.Add("GIL", 2, 8*time.Second) // repeated: the fastest counts
	tests := []struct {
		series  string
		workers int
		want    float64
	}{
		{"goroutines", 1, 1}, {"goroutines", 2, 2}, {"goroutines", 4, 2},
		{"GIL", 2, 1}, {"GIL", 4, 0}, {"none", 1, 0},
	}
	for _, tt := range tests {
		if got := c.Speedup(tt.series, tt.workers); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Speedup(%s, %d) = %v, want %v", tt.series, tt.workers, got, tt.want)
		}
	}
	text := c.String()
	for _, want := range []string{"pow × 8", "goroutines", "GIL", "4.000s", "2.00×", "8.000s"} {
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

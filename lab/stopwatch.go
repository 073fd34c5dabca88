package lab

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Stopwatch prints the time since it started, one numbered line per lap,
// as the lesson's Python cells print " [n]: elapsed":
//
//	sw := lab.NewStopwatch()
//	for n := 0; n < cpus; n++ {
//		lab.Pow(42, 1_250_000)
//		sw.Lap()
//	}
//
// prints, live, as each lap ends,
//
//	[0]:  812.4ms
//	[1]:   1.629s
//
// Each lap is also a span of the stopwatch's Timeline (on the worker
// "main"), which draws a serial run beside a pool's. A Stopwatch is safe
// for concurrent use; laps are numbered in the order they end.
type Stopwatch struct {
	// Output receives the lap lines; nil means os.Stdout.
	Output io.Writer

	mu       sync.Mutex
	start    time.Time
	last     time.Time
	laps     int
	timeline *Timeline
}

// NewStopwatch returns a stopwatch started now.
func NewStopwatch() *Stopwatch {
	now := time.Now()
	return &Stopwatch{start: now, last: now, timeline: &Timeline{Title: "serial", origin: now}}
}

// Lap prints " [n]: what… elapsed", what being its arguments separated by
// spaces (as fmt.Sprint would with spaces between them all), and returns
// the time elapsed since the start.
func (s *Stopwatch) Lap(what ...any) time.Duration {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.laps
	s.laps++
	elapsed := now.Sub(s.start)
	var b strings.Builder
	fmt.Fprintf(&b, " [%d]: ", n)
	for _, w := range what {
		fmt.Fprint(&b, w, " ")
	}
	fmt.Fprintf(&b, "%8s\n", FormatDuration(elapsed))
	out := s.Output
	if out == nil {
		out = os.Stdout
	}
	io.WriteString(out, b.String())
	name := fmt.Sprintf("[%d]", n)
	if len(what) > 0 {
		name = strings.TrimSpace(fmt.Sprint(what[0]))
	}
	s.timeline.Add(Span{Name: name, Worker: "main", Start: s.last, End: now})
	s.last = now
	return elapsed
}

// Elapsed is the time since the stopwatch started.
func (s *Stopwatch) Elapsed() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Since(s.start)
}

// Timeline holds the laps as spans, each from the end of the one before;
// its title is "serial".
func (s *Stopwatch) Timeline() *Timeline { return s.timeline }

// String is the elapsed time, readable.
func (s *Stopwatch) String() string { return FormatDuration(s.Elapsed()) }

// Time runs fn and returns how long it took.
func Time(fn func()) time.Duration {
	start := time.Now()
	fn()
	return time.Since(start)
}

// FormatDuration writes d readably at a glance, with four significant
// digits at most: "45.2µs", "812.4ms", "1.629s", "2m05.3s".
func FormatDuration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	// The bounds are where rounding would print "1000.0" of a unit.
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%s%dns", sign, d.Nanoseconds())
	case d < time.Millisecond-50*time.Nanosecond:
		return fmt.Sprintf("%s%.1fµs", sign, float64(d)/float64(time.Microsecond))
	case d < time.Second-50*time.Microsecond:
		return fmt.Sprintf("%s%.1fms", sign, float64(d)/float64(time.Millisecond))
	case d < time.Minute-500*time.Microsecond:
		return fmt.Sprintf("%s%.3fs", sign, d.Seconds())
	}
	d = d.Round(100 * time.Millisecond)
	m := d / time.Minute
	return fmt.Sprintf("%s%dm%04.1fs", sign, m, (d - m*time.Minute).Seconds())
}

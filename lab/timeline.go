package lab

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Span is one task's time on a worker. WorkStart and WorkEnd mark the part
// spent working; the rest of [Start, End) went to waiting (for the GIL) or
// to moving data (to and from a worker process). Zero WorkStart and WorkEnd
// mean the whole span was work.
type Span struct {
	Name               string // the task: "task 3", "pow", "p785.pdf"
	Worker             string // where it ran: "worker 0", "process 1", "conn 2"
	Start, End         time.Time
	WorkStart, WorkEnd time.Time
	Err                bool // the task failed
	BytesIn, BytesOut  int  // serialized to and from a worker process
}

// Duration is the span's length.
func (s Span) Duration() time.Duration { return s.End.Sub(s.Start) }

// work is the working part of the span, within it.
func (s Span) work() (time.Time, time.Time) {
	ws, we := s.WorkStart, s.WorkEnd
	if ws.IsZero() || ws.Before(s.Start) {
		ws = s.Start
	}
	if we.IsZero() || we.After(s.End) {
		we = s.End
	}
	if we.Before(ws) {
		we = ws
	}
	return ws, we
}

// Timeline records spans, every task of a pool or fetch of a fetcher, and
// draws them as a Gantt chart: one row per worker, time across, in seconds
// from the timeline's start. A cell that ends with a timeline shows the
// chart; Gantt draws several on one time axis. A Timeline is safe for
// concurrent use.
type Timeline struct {
	// Title heads the chart. Set it before drawing.
	Title string

	mu      sync.Mutex
	origin  time.Time
	spans   []Span
	end     time.Time // the latest end of every span added, kept or not
	dropped int       // spans added beyond maxSpans
}

// maxSpans bounds the spans a timeline keeps: a chart cannot show more,
// and a pool that runs a million tiny tasks should not hold 150 MB of
// them. The duration still counts every span.
const maxSpans = 10_000

// NewTimeline returns an empty timeline whose time starts now.
func NewTimeline(title string) *Timeline {
	return &Timeline{Title: title, origin: time.Now()}
}

// Add records a span.
func (t *Timeline) Add(s Span) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s.End.After(t.end) {
		t.end = s.End
	}
	if len(t.spans) >= maxSpans {
		t.dropped++
		return
	}
	t.spans = append(t.spans, s)
}

// Dropped is the number of spans added after the timeline had kept its
// maximum of 10,000, which charts leave out.
func (t *Timeline) Dropped() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.dropped
}

// Time runs fn and records it as a span called name on the worker "main".
func (t *Timeline) Time(name string, fn func()) time.Duration {
	s := Span{Name: name, Worker: "main", Start: time.Now()}
	fn()
	s.End = time.Now()
	t.Add(s)
	return s.Duration()
}

// Spans returns the spans recorded so far, in the order they started.
func (t *Timeline) Spans() []Span {
	t.mu.Lock()
	spans := append([]Span(nil), t.spans...)
	t.mu.Unlock()
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].Start.Before(spans[j].Start) })
	return spans
}

// Start is when the timeline's time begins: its creation, or its first
// span if that began earlier.
func (t *Timeline) Start() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	start := t.origin
	for _, s := range t.spans {
		if s.Start.Before(start) {
			start = s.Start
		}
	}
	return start
}

// Duration is the time from the timeline's start to the end of its last
// span.
func (t *Timeline) Duration() time.Duration {
	start := t.Start()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.end.IsZero() {
		return 0
	}
	return t.end.Sub(start)
}

// Workers returns the names of the workers that ran spans, in natural
// order ("worker 2" before "worker 10").
func (t *Timeline) Workers() []string {
	seen := map[string]bool{}
	var ws []string
	for _, s := range t.Spans() {
		if !seen[s.Worker] {
			seen[s.Worker] = true
			ws = append(ws, s.Worker)
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return naturalLess(ws[i], ws[j]) })
	return ws
}

// String is a text summary, what a terminal shows of the chart.
func (t *Timeline) String() string {
	spans := t.Spans()
	more := ""
	if n := t.Dropped(); n > 0 {
		more = fmt.Sprintf(" (and %s more not kept)", Commas(n))
	}
	return fmt.Sprintf("%s: %d spans on %d workers over %s%s",
		t.Title, len(spans), len(t.Workers()), FormatDuration(t.Duration()), more)
}

// SVG draws the timeline as a Gantt chart (see Gantt).
func (t *Timeline) SVG() string { return Gantt(t).SVG() }

// naturalLess orders strings with their digit runs compared as numbers.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := leadingDigits(a), leadingDigits(b)
		if da != "" && db != "" {
			na, _ := strconv.Atoi(da)
			nb, _ := strconv.Atoi(db)
			if na != nb {
				return na < nb
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func leadingDigits(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		return s
	}
	return s[:i]
}

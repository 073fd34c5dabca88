package lab

import (
	"encoding/xml"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// wellFormed fails the test unless svg parses as XML with an svg root.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
			// The chart scales to its output area: a viewBox and a
			// relative width, never a fixed pixel size.
			attrs := map[string]string{}
			for _, a := range se.Attr {
				attrs[a.Name.Local] = a.Value
			}
			if attrs["viewBox"] == "" || attrs["width"] != "100%" || attrs["height"] != "" {
				t.Fatalf("the root <svg> must scale (viewBox, width=100%%, no height): %v", attrs)
			}
		}
		seen := map[string]bool{}
		for _, a := range se.Attr {
			if seen[a.Name.Local] {
				t.Fatalf("<%s> has the attribute %s twice", se.Name.Local, a.Name.Local)
			}
			seen[a.Name.Local] = true
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q, want svg", root)
	}
}

func TestNaturalLess(t *testing.T) {
	got := []string{"worker 10", "worker 2", "main", "worker 1", "conn 0", "worker 1a"}
	sort.Slice(got, func(i, j int) bool { return naturalLess(got[i], got[j]) })
	want := []string{"conn 0", "main", "worker 1", "worker 1a", "worker 2", "worker 10"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sorted %v, want %v", got, want)
	}
}

func FuzzNaturalLess(f *testing.F) {
	f.Add("worker 10", "worker 9")
	f.Add("a1b2", "a01b3")
	f.Fuzz(func(t *testing.T, a, b string) {
		if naturalLess(a, b) && naturalLess(b, a) {
			t.Errorf("%q and %q are each less than the other", a, b)
		}
		if naturalLess(a, a) {
			t.Errorf("%q is less than itself", a)
		}
	})
}

func TestTimeline(t *testing.T) {
	tl := NewTimeline("pool: 2 goroutines")
	t0 := tl.Start()
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	tl.Add(Span{Name: "task 1", Worker: "worker 1", Start: at(100), End: at(900)})
	tl.Add(Span{Name: "task 0", Worker: "worker 0", Start: at(0), End: at(1500),
		WorkStart: at(500), WorkEnd: at(1500)})
	tl.Add(Span{Name: "bad <&>", Worker: "worker 10", Start: at(200), End: at(1200), Err: true})
	if d := tl.Duration(); d != 1500*time.Millisecond {
		t.Errorf("Duration = %v, want 1.5s", d)
	}
	if w := tl.Workers(); !reflect.DeepEqual(w, []string{"worker 0", "worker 1", "worker 10"}) {
		t.Errorf("Workers = %v", w)
	}
	if s := tl.Spans(); s[0].Name != "task 0" || s[2].Name != "bad <&>" {
		t.Errorf("Spans not in start order: %v", s)
	}
	if got := tl.String(); got != "pool: 2 goroutines: 3 spans on 3 workers over 1.500s" {
		t.Errorf("String = %q", got)
	}
	svg := tl.SVG()
	wellFormed(t, svg)
	for _, want := range []string{
		"pool: 2 goroutines — 1.500s", // title with its duration
		"time (s)",                    // the axis is labelled, in seconds
		">worker 10<", "bad &lt;&amp;&gt;",
		colourWait, colourFail, "waiting", // the legend, since there is waiting and failure
		`font-size="24"`, // projector-sized title
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	// Ticks are round numbers of seconds.
	for _, tick := range []string{">0.0<", ">0.2<", ">0.8<", ">1.6<"} {
		if !strings.Contains(svg, tick) {
			t.Errorf("the SVG lacks the tick %s", tick)
		}
	}
}

func TestGanttSideBySide(t *testing.T) {
	serial := NewTimeline("serial")
	t0 := serial.Start()
	serial.Add(Span{Name: "a", Worker: "main", Start: t0, End: t0.Add(4 * time.Second)})
	pool := NewTimeline("pool")
	t1 := pool.Start()
	pool.Add(Span{Name: "a", Worker: "worker 0", Start: t1, End: t1.Add(time.Second)})
	empty := NewTimeline("nothing yet")
	g := Gantt(serial, nil, pool, empty)
	svg := g.SVG()
	wellFormed(t, svg)
	for _, want := range []string{"serial — 4.000s", "pool — 1.000s", "nothing recorded", ">4.0<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, colourWait) {
		t.Error("a legend for waiting with no waiting")
	}
	// One axis: the pool's 1 s bar is a quarter of the serial 4 s bar.
	if got := strings.Count(g.String(), "\n"); got != 2 {
		t.Errorf("String has %d lines, want 3: %q", got+1, g.String())
	}
}

func TestNiceStep(t *testing.T) {
	tests := []struct {
		max  float64
		n    int
		want float64
	}{
		{1.5, 8, 0.2}, {6.2, 8, 1}, {52, 8, 10}, {0.004, 8, 0.0005}, {0, 8, 1},
	}
	for _, tt := range tests {
		if got := niceStep(tt.max, tt.n); got != tt.want {
			t.Errorf("niceStep(%v, %d) = %v, want %v", tt.max, tt.n, got, tt.want)
		}
	}
}

// A timeline keeps at most maxSpans spans, but its duration counts all.
func TestTimelineBounded(t *testing.T) {
	tl := NewTimeline("many")
	t0 := tl.Start()
	for i := range maxSpans + 5 {
		tl.Add(Span{Name: "t", Worker: "w", Start: t0.Add(time.Duration(i) * time.Millisecond), End: t0.Add(time.Duration(i+1) * time.Millisecond)})
	}
	if n := len(tl.Spans()); n != maxSpans || tl.Dropped() != 5 {
		t.Errorf("kept %d, dropped %d; want %d and 5", n, tl.Dropped(), maxSpans)
	}
	if d := tl.Duration(); d != time.Duration(maxSpans+5)*time.Millisecond {
		t.Errorf("Duration = %v, want every span counted", d)
	}
	if !strings.Contains(tl.String(), "(and 5 more not kept)") || !strings.Contains(tl.SVG(), "first 10,000 tasks drawn") {
		t.Errorf("the drop is not said: %s", tl.String())
	}
}

package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// stop runs a cell and cancels it once it has started (the cell prints a
// line first), for tests that do not measure the delay.
func (h *harness) stop(code string) error {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for h.stdout.len() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	h.count++
	_, err := h.in.Execute(ctx, h.count, "fmt.Println(\"started\")\n"+code)
	var e *Error
	if !errors.As(err, &e) || e.Name != "KeyboardInterrupt" {
		h.t.Fatalf("cell %q: err = %v, want KeyboardInterrupt", code, err)
	}
	h.stdout.take()
	return err
}

// Function values made before an interrupt, in earlier cells or in the
// interrupted one, run after it as before: yaegi's stop would leave them
// returning zeros (stop.go).
func TestInterruptKeepsFunctionValues(t *testing.T) {
	for _, tt := range []struct {
		name        string
		before      string // a cell before the interrupted one
		interrupted string // what the interrupted cell does before it loops
		check, want string
	}{
		{name: "closure", before: "f := func() int { return 42 }", check: "g := f\ng()", want: "42"},
		{name: "closure over a variable", before: "n := 1\ninc := func() int { n++; return n }",
			check: "inc() - inc()", want: "-1"},
		{name: "method value", before: "type T struct{ v int }\nfunc (t T) V() int { return t.v }\nmv := T{7}.V",
			check: "mv()", want: "7"},
		{name: "function value", before: "func add(a, b int) int { return a + b }\nfv := add", check: "fv(1, 2)", want: "3"},
		{name: "closure kept by compiled code", before: "var handlers []func() string\nhandlers = append(handlers, func() string { return \"handled\" })",
			check: "handlers[0]()", want: `"handled"`},
		{name: "made in the interrupted cell", interrupted: "h := func() int { return 5 }",
			check: "h()", want: "5"},
		// The channel its blocked operations select on must not be closed.
		{name: "channel receive in a closure of the interrupted cell",
			interrupted: "rc := func() int { c := make(chan int); go func() { time.Sleep(time.Millisecond); c <- 3 }(); v := <-c; return v }",
			check:       "rc()", want: "3"},
		{name: "goroutine of an earlier closure",
			before: "results := make(chan int)\nproduce := func(n int) { go func() { results <- n * 2 }() }",
			check:  "v := 0\nfunc() { produce(4); v = <-results }()\nv", want: "8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			if tt.before != "" {
				h.exec(tt.before)
			}
			h.stop(tt.interrupted + "\nfor {}")
			if got := h.exec(tt.check); got != tt.want {
				t.Errorf("%s = %s after the interrupt, want %s", tt.check, got, tt.want)
			}
			// And after a second interrupt.
			h.stop("for {}")
			if got := h.exec(tt.check); got != tt.want {
				t.Errorf("%s = %s after a second interrupt, want %s", tt.check, got, tt.want)
			}
			if s := h.stderr.take(); strings.Contains(s, "could not be stopped") {
				t.Errorf("stderr %q", s)
			}
		})
	}
}

// The interrupted cell's code, and the goroutines it started, have stopped
// when the function values are live again: they do not go on in the
// background (the race detector sees it, too).
func TestInterruptStopsBeforeRevival(t *testing.T) {
	h := newHarness(t, "")
	h.exec("counts := make([]int, 3)\nbump := func(i int) { counts[i]++ }")
	h.stop(`go func() { for { bump(1) } }()
go func() { for { counts[2]++; time.Sleep(time.Microsecond) } }()
for { bump(0) }`)
	if gs := h.in.Goroutines(); len(gs) != 0 {
		t.Errorf("Goroutines() = %v after the interrupt", gs)
	}
	first := h.exec("fmt.Sprint(counts)")
	time.Sleep(20 * time.Millisecond)
	if again := h.exec("fmt.Sprint(counts)"); again != first || first == `"[0 0 0]"` {
		t.Errorf("counts %s, then %s: want counts that the loops changed, then no more", first, again)
	}
	if got := h.exec("bump(0)\ncounts[0] > 0"); got != "true" {
		t.Errorf("bump after the interrupt: %s", got)
	}
}

func (b *buffer) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Len()
}

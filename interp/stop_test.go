package interp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gopherlab/display"
	"gopherlab/symbols"
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

// commSink is a front end that takes comms, and keeps what it is sent.
type commSink struct {
	mu   sync.Mutex
	msgs []display.CommMessage
}

func (s *commSink) Publish(data, metadata map[string]any, displayID string, update bool) {}
func (s *commSink) Clear(wait bool)                                                      {}
func (s *commSink) Comm(m display.CommMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
}

// An interrupt stops a comm handler stuck in a loop; the handlers, and
// the kernel's state, stay.
func TestInterruptCommHandler(t *testing.T) {
	h := &harness{t: t, stdout: &buffer{}, stderr: &buffer{}}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: h.stdout, Stderr: h.stderr, Stdin: strings.NewReader(""), Display: &commSink{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { display.SetSink(nil); display.CloseComms() })
	h.in = in
	id := h.exec(`import "gopherlab/widgets"
s := widgets.IntSlider("n", 0, 9, 1)
seen := 0
s.OnChange(func(n int) {
	if n == 3 {
		for {}
	}
	seen = n
	fmt.Println("handler", n)
})
s.ModelID()`)
	id = strings.Trim(id, `"`)
	update := func(ctx context.Context, v int) error {
		var state map[string]any
		json.Unmarshal(fmt.Appendf(nil, `{"value": %d}`, v), &state)
		return h.in.HandleComm(ctx, display.CommMessage{Type: "comm_msg", ID: id,
			Data: map[string]any{"method": "update", "state": state, "buffer_paths": []any{}}})
	}
	if err := update(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	if out := h.stdout.take(); out != "handler 5\n" {
		t.Errorf("stdout %q, want the handler's line", out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	returned := make(chan error, 1)
	go func() { returned <- update(ctx, 3) }()
	select {
	case err := <-returned:
		if err != nil {
			t.Errorf("HandleComm: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the interrupt did not stop the handler")
	}
	if s := h.stderr.take(); !strings.Contains(s, "KeyboardInterrupt: the comm handler was interrupted") {
		t.Errorf("stderr %q, want the interrupt's line", s)
	}
	if err := update(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	if out := h.stdout.take(); out != "handler 7\n" {
		t.Errorf("stdout %q after the interrupt, want the handler's line", out)
	}
	if got := h.exec("seen"); got != "7" {
		t.Errorf("seen = %s, want 7", got)
	}
}

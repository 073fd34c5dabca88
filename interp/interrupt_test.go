//go:build !race

// The race detector is left out: yaegi's cancellation races by design. Its
// ExecuteWithContext returns on cancellation while the goroutine running the
// program still writes its results and winds down the frames the next cell
// uses, and the detector reports those writes, inside yaegi, every time.

package interp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gopherlab/display"
)

// interrupt runs a cell and cancels its context after 50 ms. It returns
// the cell's error and how long after the cancellation the cell returned.
func (h *harness) interrupt(code string) (error, time.Duration) {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancelled := make(chan time.Time, 1)
	time.AfterFunc(50*time.Millisecond, func() { cancelled <- time.Now(); cancel() })
	h.count++
	_, err := h.in.Execute(ctx, h.count, code)
	return err, time.Since(<-cancelled)
}

func TestInterrupt(t *testing.T) {
	h := newHarness(t, "")
	h.exec("kept := 42")
	for _, tt := range []struct{ name, code string }{
		{"busy loop", "for {}"},
		{"time.Sleep", "time.Sleep(time.Hour)"},
		{"channel receive", "<-make(chan int)"},
		{"loop of sleeps", "for { time.Sleep(time.Millisecond) }"},
		{"empty select", "select {}"},
		{"select on channels", "a, b := make(chan int), make(chan int)\nselect {\ncase <-a:\ncase b <- 1:\n}"},
		{"WaitGroup.Wait", "var wg sync.WaitGroup\nwg.Add(1)\ngo func() { select {} }()\nwg.Wait()"},
		{"Mutex.Lock of a held mutex", "var mu sync.Mutex\nmu.Lock()\nmu.Lock()"},
		{"in a function", "func wait() { select {} }\nwait()"},
		{"evaluating a go statement", "go fmt.Println(<-make(chan int))"},
		{"goroutines sleeping", "for k := 0; k < 10; k++ {\n\tgo time.Sleep(time.Hour)\n}\nselect {}"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err, delay := h.interrupt(tt.code)
			var e *Error
			if !errors.As(err, &e) || e.Name != "KeyboardInterrupt" {
				t.Fatalf("err = %v, want KeyboardInterrupt", err)
			}
			// halt waits stopWait for blocked code, stopWaitLoaded at most
			// on a loaded machine; how fast, BENCHMARKS says.
			if delay > stopWaitLoaded+time.Second {
				t.Errorf("returned %v after the interrupt, want < %v", delay, stopWaitLoaded+time.Second)
			}
			t.Logf("returned %v after the interrupt; stderr %q", delay, h.stderr.take())
			if got := h.exec("kept"); got != "42" {
				t.Errorf("kept = %s after the interrupt, want 42", got)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.in.Execute(ctx, 99, "1"); err == nil || err.(*Error).Name != "KeyboardInterrupt" {
		t.Errorf("cancelled before the start: err = %v", err)
	}
}

// An interrupt cancels display.Context() first, for the cell and its
// goroutines to stop cleanly before the interpreter stops them.
func TestInterruptContext(t *testing.T) {
	t.Cleanup(func() { display.SetContext(nil) })
	h := newHarness(t, "")
	// A goroutine of an earlier cell, which holds that cell's context.
	h.exec(`ctx := display.Context()
go func(ctx context.Context) {
	<-ctx.Done()
	fmt.Println("earlier cell's goroutine stopped")
}(ctx)`)
	h.stderr.take() // the report that it is running
	err, delay := h.interrupt(`go func() {
	<-display.Context().Done()
	fmt.Println("stopped:", context.Cause(display.Context()))
}()
select {}`)
	var e *Error
	if !errors.As(err, &e) || e.Name != "KeyboardInterrupt" {
		t.Fatalf("err = %v, want KeyboardInterrupt", err)
	}
	if delay > stopWaitLoaded+time.Second {
		t.Errorf("returned %v after the interrupt, want < %v", delay, stopWaitLoaded+time.Second)
	}
	want := []string{fmt.Sprintf("stopped: cell[%d] interrupted\n", h.count), "earlier cell's goroutine stopped\n"}
	var out string
	eventually(func() bool {
		out += h.stdout.take()
		return strings.Contains(out, want[0]) && strings.Contains(out, want[1])
	})
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("stdout %q lacks %q", out, w)
		}
	}
	if !eventually(func() bool { return len(h.in.Goroutines()) == 0 }) {
		t.Errorf("Goroutines() = %v after they returned", h.in.Goroutines())
	}
	if got := h.exec("display.Context().Err() == nil && ctx.Err() != nil"); got != "true" {
		t.Errorf("after the interrupt, a new cell's context is live and the old one cancelled: %s, want true", got)
	}

	// A cell that returns when its context is cancelled is interrupted all
	// the same, so that the cells queued after it are not run.
	err, _ = h.interrupt("<-display.Context().Done()\nfmt.Println(\"the cell saw it\")")
	if !errors.As(err, &e) || e.Name != "KeyboardInterrupt" {
		t.Errorf("err = %v, want KeyboardInterrupt", err)
	}
	if got := h.stdout.take(); got != "the cell saw it\n" {
		t.Errorf("stdout %q, want the cell's line", got)
	}
}

// A cell's deferred calls: none runs after an interrupt, and none is left
// for the next cell.
func TestCellDeferInterrupted(t *testing.T) {
	h := newHarness(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	h.count++
	_, err := h.in.Execute(ctx, h.count, "defer fmt.Println(\"deferred\")\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
	var e *Error
	if !errors.As(err, &e) || e.Name != "KeyboardInterrupt" {
		t.Fatalf("err = %v, want KeyboardInterrupt", err)
	}
	if got := h.exec("fmt.Println(\"next\")"); got != "<none>" {
		t.Errorf("result %s", got)
	}
	if got := h.stdout.take(); got != "next\n" {
		t.Errorf("stdout %q, want only the next cell's", got)
	}
}

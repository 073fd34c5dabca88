//go:build !race

// The race detector is left out: yaegi's cancellation races by design. Its
// ExecuteWithContext returns on cancellation while the goroutine running the
// program still writes its results and winds down the frames the next cell
// uses, and the detector reports those writes, inside yaegi, every time.

package interp

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestInterrupt(t *testing.T) {
	h := newHarness(t, "")
	h.exec("kept := 42")
	for _, code := range []string{
		"for {}",
		"time.Sleep(time.Hour)",
		"<-make(chan int)",
		"for { time.Sleep(time.Millisecond) }",
		"select {}",
	} {
		t.Run(code, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var cancelled time.Time
			time.AfterFunc(50*time.Millisecond, func() { cancelled = time.Now(); cancel() })
			h.count++
			_, err := h.in.Execute(ctx, h.count, code)
			delay := time.Since(cancelled)
			var e *Error
			if !errors.As(err, &e) || e.Name != "KeyboardInterrupt" {
				t.Fatalf("err = %v, want KeyboardInterrupt", err)
			}
			if delay > 100*time.Millisecond {
				t.Errorf("returned %v after the interrupt, want < 100ms", delay)
			}
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

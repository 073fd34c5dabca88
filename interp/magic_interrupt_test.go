//go:build !race

// Apart from magic_test.go for the reason interrupt_test.go gives: yaegi's
// cancellation races by design.

package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMagicInterrupt(t *testing.T) {
	h := newHarness(t, "")
	h.exec("kept := 42")
	for _, tc := range []struct{ code, stdout string }{
		{"%timeit -n 1 -r 1 time.Sleep(time.Hour)", ""},
		{"%timeit x := 0; x++", ""}, // chooses ever more loops until stopped
		{"%timeit -n 1000000000 -r 1 x := 0; x++", ""},
		{"%time for {}", "Wall time: "},
		{"%%time\nfor {}", "Wall time: "},
	} {
		t.Run(tc.code, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var cancelled time.Time
			time.AfterFunc(100*time.Millisecond, func() { cancelled = time.Now(); cancel() })
			h.count++
			_, err := h.in.Execute(ctx, h.count, tc.code)
			delay := time.Since(cancelled)
			var e *Error
			if !errors.As(err, &e) || e.Name != "KeyboardInterrupt" {
				t.Fatalf("err = %v, want KeyboardInterrupt", err)
			}
			if delay > time.Second {
				t.Errorf("returned %v after the interrupt, want < 1s", delay)
			}
			if out := h.stdout.take(); !strings.Contains(out, tc.stdout) || tc.stdout == "" && out != "" {
				t.Errorf("printed %q, want %q", out, tc.stdout)
			}
			if got := h.exec("kept"); got != "42" {
				t.Errorf("kept = %s after the interrupt, want 42", got)
			}
		})
	}
}

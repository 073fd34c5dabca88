//go:build !race

// The race detector is left out: yaegi's ExecuteWithContext, which this
// test compares with, returns on cancellation while the goroutine running
// the program still writes its results (see interrupt_test.go).

package interp

import (
	"context"
	"errors"
	"testing"
	"time"

	yaegi "github.com/traefik/yaegi/interp"
)

// yaegi's own stop adds one to the run id and closes the done channel of
// the run (ExecuteWithContext): those must be the fields runState reaches.
func TestRunStateStop(t *testing.T) {
	yi := yaegi.New(yaegi.Options{})
	r, err := yaegiRunState(yi)
	if err != nil {
		t.Fatalf("yaegi's layout changed: %v", err)
	}
	prog, err := yi.Compile("for {}")
	if err != nil {
		t.Fatal(err)
	}
	before := r.runID()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := yi.ExecuteWithContext(ctx, prog); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("ExecuteWithContext: %v, want the deadline", err)
	}
	if got := r.runID(); got != before+1 {
		t.Errorf("after yaegi's stop, the run id is %d, want %d: the field id is not yaegi's run id", got, before+1)
	}
	r.mu.RLock()
	done := *r.done
	cancelChan := *r.cancelChan
	r.mu.RUnlock()
	select {
	case <-done:
	default:
		t.Error("after yaegi's stop, the field done is not closed: it is not the channel stop closes")
	}
	if !cancelChan {
		t.Error("after ExecuteWithContext, the field cancelChan is false: it is not the switch of cancellable channel operations")
	}
}

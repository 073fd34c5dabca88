package display

import (
	"context"
	"sync"
	"testing"
)

func TestContext(t *testing.T) {
	t.Cleanup(func() { SetContext(nil) })
	if got := Context(); got != context.Background() {
		t.Errorf("Context() = %v without SetContext, want context.Background()", got)
	}
	type key struct{}
	cell := context.WithValue(context.Background(), key{}, "cell[3]")
	SetContext(cell)
	if got := Context().Value(key{}); got != "cell[3]" {
		t.Errorf("Context() after SetContext carries %v, want cell[3]", got)
	}
	SetContext(nil)
	if got := Context(); got != context.Background() {
		t.Errorf("Context() after SetContext(nil) = %v, want context.Background()", got)
	}
}

// Cells' goroutines call Context while the kernel sets it for the next
// cell; run with -race.
func TestContextConcurrent(t *testing.T) {
	t.Cleanup(func() { SetContext(nil) })
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				if Context() == nil {
					t.Error("Context() = nil")
					return
				}
			}
		})
	}
	for range 1000 {
		ctx, cancel := context.WithCancel(context.Background())
		SetContext(ctx)
		cancel()
	}
	wg.Wait()
}

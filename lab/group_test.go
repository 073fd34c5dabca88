package lab

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The first failure cancels the others, whose cancellation is not
// reported; Wait returns when every goroutine has.
func TestGroupFirstErrorCancels(t *testing.T) {
	noLeak(t)
	var ended atomic.Int64
	boom := errors.New("boom")
	var err error
	within(t, 10*time.Second, "Nursery", func() {
		err = Nursery(context.Background(), func(g *Group) {
			for i := range 5 {
				g.Go("", func(ctx context.Context) error {
					defer ended.Add(1)
					<-ctx.Done()
					return ctx.Err()
				})
				_ = i
			}
			g.Go("fails", func(ctx context.Context) error {
				time.Sleep(10 * time.Millisecond)
				return boom
			})
		})
	})
	if n := ended.Load(); n != 5 {
		t.Errorf("Nursery returned with %d of 5 siblings ended", n)
	}
	if !errors.Is(err, boom) || err.Error() != "fails: boom" {
		t.Errorf("err = %q, want just the failure: fails: boom", err)
	}
}

// Errors that happen before the cancellation reaches the others are all
// reported.
func TestGroupJoinsErrors(t *testing.T) {
	noLeak(t)
	g := NewGroup(context.Background())
	start := make(chan struct{})
	for _, name := range []string{"a", "b", "c"} {
		g.Go(name, func(ctx context.Context) error {
			<-start
			return errors.New(name + " failed")
		})
	}
	g.Go("ok", func(ctx context.Context) error { return nil })
	close(start)
	err := g.Wait()
	for _, want := range []string{"a: a failed", "b: b failed", "c: c failed"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, lacks %q", err, want)
		}
	}
	if g.Context().Err() == nil {
		t.Error("the group's context is alive after Wait")
	}
	if n := len(g.Timeline().Spans()); n != 4 {
		t.Errorf("%d spans, want 4", n)
	}
}

func TestGroupPanic(t *testing.T) {
	noLeak(t)
	err := Nursery(context.Background(), func(g *Group) {
		g.Go("oops", func(ctx context.Context) error { panic("oops") })
	})
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "oops" {
		t.Errorf("err = %v, want a PanicError", err)
	}
	err = Nursery(context.Background(), func(g *Group) {
		g.Go("", func(ctx context.Context) error { <-ctx.Done(); return nil })
		panic("in the body")
	})
	if !errors.As(err, &pe) || pe.Value != "in the body" {
		t.Errorf("a panic in the body: %v", err)
	}
}

func TestGroupParentCancelled(t *testing.T) {
	noLeak(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	interrupt := errors.New("interrupted")
	err := Nursery(ctx, func(g *Group) {
		for range 3 {
			g.Go("", func(ctx context.Context) error {
				<-ctx.Done()
				return context.Cause(ctx)
			})
		}
		cancel(interrupt)
	})
	if !errors.Is(err, interrupt) || strings.Count(err.Error(), "interrupted") != 1 {
		t.Errorf("err = %v, want the cause once", err)
	}
}

func TestGroupSuccess(t *testing.T) {
	noLeak(t)
	var n atomic.Int64
	err := Nursery(nil, func(g *Group) {
		for range 10 {
			g.Go("", func(context.Context) error { n.Add(1); return nil })
		}
	})
	if err != nil || n.Load() != 10 {
		t.Errorf("err %v, %d ran; want nil and 10", err, n.Load())
	}
}

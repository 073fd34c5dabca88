package lab

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// No result is lost or given to the wrong future, however many tasks.
func TestPoolResults(t *testing.T) {
	noLeak(t)
	for _, workers := range []int{1, 3, 16} {
		pool := NewPool(context.Background(), workers)
		const n = 500
		fs := make([]*Future, n)
		for i := range n {
			fs[i] = pool.Submit(func() any { return i * i })
		}
		seen := 0
		for f := range AsCompleted(fs) {
			seen++
			if f.Err() != nil {
				t.Fatalf("%s: %v", f.Name(), f.Err())
			}
		}
		if seen != n {
			t.Errorf("%d workers: AsCompleted delivered %d of %d", workers, seen, n)
		}
		for i, f := range fs {
			if v := f.Value(); v != i*i {
				t.Fatalf("%d workers: future %d = %v, want %d", workers, i, v, i*i)
			}
			if want := "task " + strconv.Itoa(i); f.Name() != want {
				t.Fatalf("future %d is named %q, want %q", i, f.Name(), want)
			}
		}
		if got := len(pool.Timeline().Spans()); got != n {
			t.Errorf("%d workers: timeline has %d spans, want %d", workers, got, n)
		}
		pool.Close()
	}
}

// At most Size tasks run at once, and the workers are numbered 0 to n-1.
func TestPoolWorkerLimit(t *testing.T) {
	noLeak(t)
	pool := NewPool(context.Background(), 3)
	defer pool.Close()
	var running, peak atomic.Int64
	var fs []*Future
	for range 30 {
		fs = append(fs, pool.Submit(func() any {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(2 * time.Millisecond)
			running.Add(-1)
			return nil
		}))
	}
	if _, err := WaitAll(fs); err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p > 3 || p < 1 {
		t.Errorf("peak concurrency %d, want 1 to 3", p)
	}
	for _, w := range pool.Timeline().Workers() {
		if w != "worker 0" && w != "worker 1" && w != "worker 2" {
			t.Errorf("a task ran on %q", w)
		}
	}
}

func TestPoolPanic(t *testing.T) {
	noLeak(t)
	pool := NewPool(context.Background(), 2)
	defer pool.Close()
	bad := pool.Submit(func() any { panic("boom") })
	sentinel := errors.New("sentinel")
	wrapped := pool.Submit(func() any { panic(sentinel) })
	good := pool.Submit(func() any { return 7 })
	var pe *PanicError
	if err := bad.Err(); !errors.As(err, &pe) || pe.Value != "boom" || !contains(pe.Stack, "pool_test.go") {
		t.Errorf("panicking task: err = %v, want a *PanicError of boom with its stack", err)
	}
	if err := wrapped.Err(); !errors.Is(err, sentinel) {
		t.Errorf("a panic with an error: %v does not match the error", err)
	}
	if v := good.Value(); v != 7 {
		t.Errorf("the task after the panics = %v, want 7", v)
	}
	// The workers survived: the pool still runs tasks.
	if v := pool.Submit(func() any { return "alive" }).Value(); v != "alive" {
		t.Errorf("after panics the pool returned %v", v)
	}
	if spans := pool.Timeline().Spans(); !spans[0].Err && !spans[1].Err {
		t.Error("the panics are not marked failed on the timeline")
	}
}

func TestPoolGoexit(t *testing.T) {
	noLeak(t)
	pool := NewPool(context.Background(), 1)
	f := pool.Submit(func() any { runtime.Goexit(); return nil })
	g := pool.Submit(func() any { return 1 })
	within(t, 10*time.Second, "tasks after a Goexit", func() {
		if f.Err() == nil {
			t.Error("a task that called Goexit succeeded")
		}
		if g.Value() != 1 {
			t.Error("the task after a Goexit did not run")
		}
		pool.Close()
	})
}

// Close waits for queued and running tasks and never deadlocks, called
// twice, at once from two goroutines, or while a task submits more.
func TestPoolClose(t *testing.T) {
	noLeak(t)
	pool := NewPool(context.Background(), 2)
	var ran atomic.Int64
	var late *Future
	var lateMu sync.Mutex
	for i := range 20 {
		pool.Submit(func() any {
			time.Sleep(time.Millisecond)
			ran.Add(1)
			if i == 19 {
				lateMu.Lock()
				late = pool.Submit(func() any { return "late" }) // during Close
				lateMu.Unlock()
			}
			return nil
		})
	}
	within(t, 20*time.Second, "Close from two goroutines", func() {
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(pool.Close)
		}
		wg.Wait()
		pool.Close()
	})
	if n := ran.Load(); n != 20 {
		t.Errorf("Close returned after %d of 20 queued tasks ran", n)
	}
	lateMu.Lock()
	defer lateMu.Unlock()
	if err := late.Err(); !errors.Is(err, ErrClosed) {
		t.Errorf("a task submitted during Close: %v, want ErrClosed", err)
	}
	if err := pool.Submit(func() any { return 1 }).Err(); !errors.Is(err, ErrClosed) {
		t.Errorf("Submit after Close: %v, want ErrClosed", err)
	}
	if pool.Context().Err() == nil {
		t.Error("the pool's context is alive after Close")
	}
}

// Cancelling the context fails the queued tasks at once, even while every
// worker is busy, and running tasks see it.
func TestPoolCancel(t *testing.T) {
	noLeak(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	pool := NewPool(ctx, 2)
	started := make(chan struct{}, 2)
	var running []*Future
	for range 2 {
		running = append(running, pool.Go("", func(ctx context.Context) (any, error) {
			started <- struct{}{}
			<-ctx.Done()
			return nil, context.Cause(ctx)
		}))
	}
	<-started
	<-started
	queued := pool.Submit(func() any { return "never" })
	interrupt := errors.New("interrupted")
	cancel(interrupt)
	within(t, 10*time.Second, "futures after cancel", func() {
		if err := queued.Err(); !errors.Is(err, interrupt) {
			t.Errorf("queued task: %v, want the cause", err)
		}
		for _, f := range running {
			if err := f.Err(); !errors.Is(err, interrupt) {
				t.Errorf("running task: %v, want the cause", err)
			}
		}
		pool.Close()
	})
	if err := pool.Submit(func() any { return 1 }).Err(); err == nil {
		t.Error("Submit after cancel succeeded")
	}
}

func TestPoolStop(t *testing.T) {
	noLeak(t)
	pool := NewPool(context.Background(), 1)
	release := make(chan struct{})
	started := make(chan struct{})
	first := pool.Go("first", func(ctx context.Context) (any, error) {
		close(started)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-release:
			return "released", nil
		}
	})
	queued := pool.Submit(func() any { return 2 })
	<-started
	within(t, 10*time.Second, "Stop", pool.Stop)
	close(release)
	if err := first.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("running task after Stop: %v", err)
	}
	if err := queued.Err(); !errors.Is(err, ErrStopped) {
		t.Errorf("queued task after Stop: %v, want ErrStopped", err)
	}
}

func TestPoolMap(t *testing.T) {
	noLeak(t)
	pool := NewPool(nil, 0)
	defer pool.Close()
	if pool.Size() != runtime.NumCPU() {
		t.Errorf("NewPool(nil, 0) has %d workers, want %d", pool.Size(), runtime.NumCPU())
	}
	got, err := pool.Map(func(x any) any {
		time.Sleep(time.Duration(5-x.(int)) * time.Millisecond) // finish out of order
		return x.(int) * 10
	}, 1, 2, 3, 4)
	if err != nil || len(got) != 4 || got[0] != 10 || got[3] != 40 {
		t.Errorf("Map = %v, %v; want [10 20 30 40] in input order", got, err)
	}
	_, err = pool.Map(func(x any) any {
		if x == "bad" {
			panic("bad input")
		}
		return x
	}, "ok", "bad")
	if err == nil || !contains(err.Error(), "task", "panic: bad input") {
		t.Errorf("Map with a panic: %v", err)
	}
}

// An idle pool holds no goroutines, so one never closed leaks nothing.
func TestPoolIdleHoldsNothing(t *testing.T) {
	noLeak(t)
	pool := NewPool(context.Background(), 4)
	for range 10 {
		pool.Submit(func() any { return nil })
	}
	pool.Wait()
	// not closed: noLeak checks that its workers are gone
}

// In GIL mode one task computes at a time, whatever the workers; tasks
// wait for the lock first come first served, and the wait shows on the
// timeline.
func TestGILPool(t *testing.T) {
	noLeak(t)
	gil := NewGILPool(context.Background(), 4)
	defer gil.Close()
	var running, peak atomic.Int64
	var fs []*Future
	for range 8 {
		fs = append(fs, gil.Submit(func() any {
			if n := running.Add(1); n > peak.Load() {
				peak.Store(n)
			}
			time.Sleep(3 * time.Millisecond)
			running.Add(-1)
			return nil
		}))
	}
	if _, err := WaitAll(fs); err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p != 1 {
		t.Errorf("%d tasks ran at once under the GIL, want 1", p)
	}
	waited := 0
	for _, s := range gil.Timeline().Spans() {
		if s.WorkStart.Sub(s.Start) > time.Millisecond {
			waited++
		}
	}
	if waited == 0 {
		t.Error("no task of 8 on 4 workers waited for the GIL")
	}
	if !contains(gil.Timeline().Title, "GIL") {
		t.Errorf("timeline title %q does not say GIL", gil.Timeline().Title)
	}
}

// A task waiting for the GIL gives up when the pool's context ends.
func TestGILWaitCancelled(t *testing.T) {
	noLeak(t)
	hold := NewGILPool(context.Background(), 1)
	release := make(chan struct{})
	holding := make(chan struct{})
	holder := hold.Submit(func() any { close(holding); <-release; return nil })
	<-holding
	ctx, cancel := context.WithCancel(context.Background())
	waiting := NewGILPool(ctx, 1)
	f := waiting.Submit(func() any { return "got the GIL" })
	time.Sleep(5 * time.Millisecond)
	cancel()
	within(t, 10*time.Second, "a task waiting for the GIL after cancel", func() {
		if err := f.Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("waiting task: %v, want context.Canceled", err)
		}
	})
	close(release)
	holder.Wait()
	hold.Close()
	waiting.Close()
}

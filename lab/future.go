package lab

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Future is the outcome of a task submitted to a pool: a value or an
// error, known once the task has ended. Every method is safe to call from
// any goroutine; those that return the outcome wait for it.
type Future struct {
	name string
	done chan struct{}

	mu       sync.Mutex
	watchers []func(*Future) // called once, when the task ends
	value    any
	err      error
	span     Span
}

func newFuture(name string) *Future {
	return &Future{name: name, done: make(chan struct{})}
}

// complete records the outcome. It is called exactly once per future.
func (f *Future) complete(v any, err error, s Span) {
	f.mu.Lock()
	f.value, f.err, f.span = v, err, s
	watchers := f.watchers
	f.watchers = nil
	close(f.done)
	f.mu.Unlock()
	for _, w := range watchers {
		w(f)
	}
}

// fail completes a future whose task never ran.
func (f *Future) fail(err error) {
	now := time.Now()
	f.complete(nil, err, Span{Name: f.name, Start: now, End: now, Err: true})
}

// onDone calls fn with f when its task ends, or at once if it has. fn runs
// on the goroutine that completed the task and must not block.
func (f *Future) onDone(fn func(*Future)) {
	f.mu.Lock()
	select {
	case <-f.done:
		f.mu.Unlock()
		fn(f)
		return
	default:
	}
	f.watchers = append(f.watchers, fn)
	f.mu.Unlock()
}

// Name is the task's name: what it was submitted as, or "task N".
func (f *Future) Name() string { return f.name }

// Done is closed when the task has ended.
func (f *Future) Done() <-chan struct{} { return f.done }

// Wait waits for the task to end and returns its value and error. A task
// that panicked returns a *PanicError; one that never ran, the reason
// (the pool was closed, or its context cancelled).
func (f *Future) Wait() (any, error) {
	<-f.done
	return f.value, f.err
}

// Value waits for the task to end and returns its value (nil if it failed).
func (f *Future) Value() any {
	v, _ := f.Wait()
	return v
}

// Err waits for the task to end and returns its error, nil if it succeeded.
func (f *Future) Err() error {
	_, err := f.Wait()
	return err
}

// Span waits for the task to end and returns when and where it ran.
func (f *Future) Span() Span {
	<-f.done
	return f.span
}

// String describes the future without waiting for it: its name and, once
// it has ended, its value (shortened) or error.
func (f *Future) String() string {
	select {
	case <-f.done:
	default:
		return f.name + ": running"
	}
	if f.err != nil {
		return f.name + ": error: " + f.err.Error()
	}
	return f.name + ": " + shorten(fmt.Sprint(f.value), 60)
}

// shorten cuts s to at most n runes, marking the cut: a task's value may
// be a number with two million digits.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// AsCompleted returns a channel that delivers the futures as their tasks
// end, first finished first, and is closed after the last one, as Python's
// concurrent.futures.as_completed:
//
//	for f := range lab.AsCompleted(fs) {
//		fmt.Println(f.Name(), f.Value())
//	}
//
// The channel has room for every future, so a loop that stops early leaks
// nothing. Nil futures are skipped.
func AsCompleted(fs []*Future) <-chan *Future {
	out := make(chan *Future, len(fs))
	var remaining atomic.Int64
	remaining.Store(int64(len(fs)))
	finish := func() {
		if remaining.Add(-1) == 0 {
			close(out)
		}
	}
	if len(fs) == 0 {
		close(out)
	}
	for _, f := range fs {
		if f == nil {
			finish()
			continue
		}
		// Each send happens before its own decrement, so the close comes
		// after every send.
		f.onDone(func(f *Future) {
			out <- f
			finish()
		})
	}
	return out
}

// WaitAny waits for the first of the futures to end and returns it; nil
// when there are none.
func WaitAny(fs []*Future) *Future {
	first := make(chan *Future, len(fs))
	waiting := 0
	for _, f := range fs {
		if f != nil {
			waiting++
			f.onDone(func(f *Future) { first <- f })
		}
	}
	if waiting == 0 {
		return nil
	}
	return <-first
}

// WaitAll waits for every future and returns their values in the order of
// fs, and their errors joined, each prefixed with its task's name (nil when
// all succeeded).
func WaitAll(fs []*Future) ([]any, error) {
	values := make([]any, len(fs))
	var errs []error
	for i, f := range fs {
		if f == nil {
			continue
		}
		v, err := f.Wait()
		values[i] = v
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.name, err))
		}
	}
	return values, errors.Join(errs...)
}

package lab

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"
)

// Pool runs tasks on a fixed number of goroutines, as Python's
// ThreadPoolExecutor runs them on threads; unlike Python's threads, Go's
// goroutines run on every core at once.
//
//	pool := lab.NewPool(ctx, runtime.NumCPU())
//	defer pool.Close()
//	f := pool.Submit(func() any { return lab.Pow(42, 1_250_000) })
//	for f := range lab.AsCompleted(fs) { … }
//
// Tasks see the pool's context, which ends when the context given to
// NewPool does (a cell's display.Context() ends when the cell is
// interrupted), or at Stop. A task that panics fails its future with a
// *PanicError; the pool and the program go on. Every task records a span
// on the pool's Timeline.
//
// The workers are goroutines that exist only while there is work, so an
// idle pool holds none and one that is never closed leaks nothing. A Pool
// is safe for concurrent use; a task may submit more tasks, but must not
// call Close, Stop or Wait, which would wait for the task itself.
type Pool struct {
	ctx      context.Context
	cancel   context.CancelCauseFunc
	sched    *scheduler
	gil      chan struct{} // nil, or the lock held around each task (gil.go)
	timeline *Timeline
	count    atomic.Int64 // tasks submitted, to name them
	workers  []string     // the workers' names on the timeline
}

// NewPool returns a pool of the given number of workers; 0 or less means
// one per core (runtime.NumCPU()). Its tasks see a context that ends with
// ctx (nil means context.Background()).
func NewPool(ctx context.Context, workers int) *Pool {
	return newPool(ctx, workers, nil, "pool")
}

func newPool(ctx context.Context, workers int, gil chan struct{}, kind string) *Pool {
	if ctx == nil {
		ctx = context.Background()
	}
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	p := &Pool{
		ctx:      ctx,
		cancel:   cancel,
		sched:    newScheduler(ctx, workers),
		gil:      gil,
		timeline: NewTimeline(fmt.Sprintf("%s: %d goroutines", kind, workers)),
	}
	for w := range workers {
		p.workers = append(p.workers, "worker "+strconv.Itoa(w))
	}
	return p
}

// Submit queues fn and returns its future at once; fn's result is the
// future's value. Tasks are named "task 0", "task 1", … in the order
// submitted.
func (p *Pool) Submit(fn func() any) *Future {
	return p.Go("", func(context.Context) (any, error) { return fn(), nil })
}

// Go queues a task that can fail and that watches the pool's context, and
// returns its future. name labels it on the timeline and in errors; ""
// names it "task N".
func (p *Pool) Go(name string, fn func(ctx context.Context) (any, error)) *Future {
	n := p.count.Add(1) - 1
	if name == "" {
		name = "task " + strconv.FormatInt(n, 10)
	}
	f := newFuture(name)
	p.sched.submit(job{f: f, run: func(w int) { p.run(f, fn, w) }})
	return f
}

// Map runs fn on each input in the pool and returns the results in the
// order of the inputs, with the tasks' errors joined, as Python's
// Executor.map:
//
//	squares, err := pool.Map(func(x any) any { return x.(int) * x.(int) }, 1, 2, 3)
func (p *Pool) Map(fn func(in any) any, inputs ...any) ([]any, error) {
	fs := make([]*Future, len(inputs))
	for i, in := range inputs {
		fs[i] = p.Submit(func() any { return fn(in) })
	}
	return WaitAll(fs)
}

func (p *Pool) run(f *Future, fn func(context.Context) (any, error), worker int) {
	s := Span{Name: f.name, Worker: p.workers[worker], Start: time.Now()}
	completed := false
	defer func() {
		if !completed { // fn called runtime.Goexit
			f.fail(errors.New("the task ended its goroutine (runtime.Goexit)"))
		}
	}()
	v, err := p.call(fn, &s)
	s.End = time.Now()
	if s.WorkStart.IsZero() { // it never got the GIL
		s.WorkStart, s.WorkEnd = s.End, s.End
	}
	s.Err = err != nil
	p.timeline.Add(s)
	completed = true
	f.complete(v, err, s)
}

// call runs fn, holding the GIL in GIL mode, and turns a panic into an error.
func (p *Pool) call(fn func(context.Context) (any, error), s *Span) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, &PanicError{Value: r, Stack: string(debug.Stack())}
		}
	}()
	if p.gil != nil {
		select {
		case p.gil <- struct{}{}:
		case <-p.ctx.Done():
			return nil, context.Cause(p.ctx)
		}
		defer func() { <-p.gil }()
	}
	s.WorkStart = time.Now()
	// Before the GIL goes: the next task's work starts after this one's.
	defer func() { s.WorkEnd = time.Now() }()
	return fn(p.ctx)
}

// Wait waits until every task submitted so far has ended.
func (p *Pool) Wait() { p.sched.wait() }

// Close stops the pool taking tasks, waits for those queued and running to
// end, and ends the pool's context. Tasks submitted later fail with
// ErrClosed. Close may be called more than once.
func (p *Pool) Close() {
	p.sched.close()
	p.cancel(ErrClosed)
}

// Stop ends the pool's context, which fails the queued tasks (with
// ErrStopped) and asks the running ones to return, then waits for them as
// Close does.
func (p *Pool) Stop() {
	p.cancel(ErrStopped)
	p.sched.abort()
	p.sched.close()
}

// Size is the number of workers.
func (p *Pool) Size() int { return p.sched.size }

// Context is the context the pool's tasks see.
func (p *Pool) Context() context.Context { return p.ctx }

// Timeline is the record of the pool's tasks, drawn as a Gantt chart.
func (p *Pool) Timeline() *Timeline { return p.timeline }

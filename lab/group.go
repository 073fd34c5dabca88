package lab

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// Group runs goroutines that belong together, as Trio's nursery or
// errgroup: the first to fail cancels the context of the others, and Wait
// returns when every one has ended, with their errors joined. Nursery
// makes sure no goroutine of the group outlives the code that started it:
//
//	err := lab.Nursery(ctx, func(g *lab.Group) {
//		for _, url := range urls {
//			g.Go(url, func(ctx context.Context) error {
//				return lab.Get(ctx, url).Err
//			})
//		}
//	})
//
// A panic in a goroutine of the group is its error. Errors that only say
// the group's context ended, from goroutines cancelled because another
// failed or because ctx ended, are left out of the join: they are the
// cure, not the disease.
type Group struct {
	ctx      context.Context
	cancel   context.CancelCauseFunc
	wg       sync.WaitGroup
	timeline *Timeline

	mu     sync.Mutex
	errs   []error
	failed bool
	count  int
}

// NewGroup returns a group whose goroutines see a context that ends with
// ctx, at the first failure, or when Wait returns.
func NewGroup(ctx context.Context) *Group {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	return &Group{ctx: ctx, cancel: cancel, timeline: NewTimeline("group")}
}

// Nursery runs body with a new group, then waits for every goroutine body
// started in it, and returns their errors joined: when Nursery returns,
// nothing it started is still running.
func Nursery(ctx context.Context, body func(g *Group)) error {
	g := NewGroup(ctx)
	func() {
		defer func() {
			if r := recover(); r != nil {
				g.fail(&PanicError{Value: r, Stack: string(debug.Stack())})
			}
		}()
		body(g)
	}()
	return g.Wait()
}

// Go starts fn in a goroutine of the group; name labels its errors and its
// span on the timeline ("" names it "task N").
func (g *Group) Go(name string, fn func(ctx context.Context) error) {
	g.mu.Lock()
	if name == "" {
		name = fmt.Sprintf("task %d", g.count)
	}
	worker := fmt.Sprintf("goroutine %d", g.count)
	g.count++
	g.mu.Unlock()
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		s := Span{Name: name, Worker: worker, Start: time.Now()}
		err := g.call(fn)
		s.End = time.Now()
		s.Err = err != nil
		g.timeline.Add(s)
		if err != nil {
			g.fail(fmt.Errorf("%s: %w", name, err))
		}
	}()
}

func (g *Group) call(fn func(context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: string(debug.Stack())}
		}
	}()
	return fn(g.ctx)
}

// errCancelledBySibling is the cause of a group's context after a failure.
var errCancelledBySibling = errors.New("cancelled: another goroutine of the group failed")

// fail records err and, the first time, cancels the others.
func (g *Group) fail(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Cause(g.ctx)) || errors.Is(err, errCancelledBySibling)) {
		return // the consequence of the first failure, or of ctx's end
	}
	g.errs = append(g.errs, err)
	if !g.failed {
		g.failed = true
		g.cancel(fmt.Errorf("%w (%w)", errCancelledBySibling, err))
	}
}

// Context is the context the group's goroutines see.
func (g *Group) Context() context.Context { return g.ctx }

// Wait waits for every goroutine of the group and returns their errors
// joined, nil if none failed. If none failed but ctx ended first, it
// returns ctx's cause. A group is for one use: after Wait its context has
// ended.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.mu.Lock()
	errs := g.errs
	g.mu.Unlock()
	err := errors.Join(errs...)
	if err == nil && g.ctx.Err() != nil {
		err = context.Cause(g.ctx)
	}
	g.cancel(errGroupDone)
	return err
}

var errGroupDone = errors.New("the group has ended")

// Timeline is the record of the group's goroutines.
func (g *Group) Timeline() *Timeline { return g.timeline }

package display

import (
	"context"
	"sync/atomic"
)

// ctxBox lets an interface value live in an atomic.Pointer.
type ctxBox struct{ ctx context.Context }

var cellCtx atomic.Pointer[ctxBox]

// Context returns the context of the notebook cell running now, or of the
// last cell that ran. The kernel cancels it when that cell, or a later one,
// is interrupted; goroutines a cell starts watch it to stop cleanly:
//
//	ctx := display.Context()
//	go func() {
//		for {
//			select {
//			case <-ctx.Done():
//				fmt.Println("stopped:", context.Cause(ctx))
//				return
//			case t := <-ticker.C:
//				h.Text(t.Format(time.TimeOnly))
//			}
//		}
//	}()
//
// A goroutine should call Context when it starts, or be given the value as
// above: called later, it returns the context of whatever cell runs then.
// The kernel gives goroutines a brief moment after the cancellation to
// return before it stops the interpreted code for good.
//
// Outside the kernel, as in a plain Go program or a test, Context returns
// context.Background(), which is never cancelled.
func Context() context.Context {
	if b := cellCtx.Load(); b != nil {
		return b.ctx
	}
	return context.Background()
}

// SetContext makes ctx what Context returns; nil restores
// context.Background(). The kernel calls it as each cell starts; cells
// should not. It is safe to call while other goroutines call Context.
func SetContext(ctx context.Context) {
	if ctx == nil {
		cellCtx.Store(nil)
		return
	}
	cellCtx.Store(&ctxBox{ctx})
}

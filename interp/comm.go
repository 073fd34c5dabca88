package interp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gopherlab/display"
)

// HandleComm delivers a comm message from a front end to the cells' side
// (display.Deliver): the widget whose model the front end changed, the
// target a front end opens a comm to. It runs between cells, as the kernel
// queues comm messages behind executions, so a handler sees the variables
// cells left. What a handler prints is its output; a handler that panics
// has its panic reported on the interpreter's standard error, as a
// goroutine's is, and the kernel goes on.
//
// ctx's end interrupts the handler as it interrupts a cell (see beginCell
// and stop.go): display.Context() is cancelled, and after interruptGrace
// the interpreted code is stopped. The standard error says so; the
// kernel's state stays, and so do the handlers.
func (in *Interpreter) HandleComm(ctx context.Context, m display.CommMessage) error {
	in.exec.Lock()
	defer in.exec.Unlock()
	in.revivePending() // stop.go
	if ctx.Err() != nil {
		return nil // interrupted before it began: not delivered
	}
	var err error
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer func() {
			if r := recover(); r != nil {
				in.reportPanicIn("comm handler", r) // goroutines.go
			}
		}()
		err = display.Deliver(m)
	}()
	select {
	case <-finished:
		return err
	case <-ctx.Done():
	}
	in.goroutines.interrupt(errors.New("comm handler interrupted"))
	grace := time.NewTimer(interruptGrace)
	defer grace.Stop()
	select {
	case <-finished:
	case <-grace.C:
		in.halt("the comm handler", finished)
	}
	fmt.Fprintln(in.panics.w, "KeyboardInterrupt: the comm handler was interrupted")
	return nil
}

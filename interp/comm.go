package interp

import (
	"fmt"

	"gopherlab/display"
)

// HandleComm delivers a comm message from a front end to the cells' side
// (display.Deliver): the widget whose model the front end changed, the
// target a front end opens a comm to. It runs between cells, as the kernel
// queues comm messages behind executions, so a handler sees the variables
// cells left. What a handler prints is its output; a handler that panics
// has its panic reported on the interpreter's standard error, as a
// goroutine's is, and the kernel goes on.
func (in *Interpreter) HandleComm(m display.CommMessage) (err error) {
	in.exec.Lock()
	defer in.exec.Unlock()
	defer func() {
		if r := recover(); r != nil {
			r = goRuntimeError(r) // runtime_errors.go
			v := fmt.Sprint(r)
			if e, ok := r.(error); ok {
				v = e.Error()
			}
			fmt.Fprintf(in.panics.w, "panic in comm handler: %s [recovered by gopherlab]\n", v)
			err = nil
		}
	}()
	return display.Deliver(m)
}

package interp

import "gopherlab/display"

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
			in.reportPanicIn("comm handler", r) // goroutines.go
			err = nil
		}
	}()
	return display.Deliver(m)
}

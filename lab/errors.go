package lab

import (
	"errors"
	"fmt"
)

// ErrClosed is the error of a task submitted to a pool after Close or Stop.
var ErrClosed = errors.New("lab: pool closed")

// ErrStopped is the cause a pool's context carries after Stop: the error of
// its tasks that were still queued.
var ErrStopped = errors.New("lab: pool stopped")

// ErrWorkerDied is wrapped by the error of a process pool task whose worker
// process ended before it replied (it crashed, called os.Exit or was
// killed).
var ErrWorkerDied = errors.New("worker process died")

// PanicError is the error of a task that panicked: the panic is the task's
// failure, not the program's.
type PanicError struct {
	Value any    // what the task passed to panic
	Stack string // the panicking goroutine's stack, where it is known
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value when it is an error, so that errors.Is
// and errors.As see through the panic.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

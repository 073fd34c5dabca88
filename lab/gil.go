package lab

import "context"

// theGIL is the one global interpreter lock of the process, shared by every
// GIL pool as CPython's is by every thread: a buffered channel rather than
// a sync.Mutex because waiting for it must end with the pool's context, and
// because blocked senders are served first come, first served.
var theGIL = make(chan struct{}, 1)

// NewGILPool returns a pool like NewPool's whose tasks each hold one global
// lock while they run, as CPython's threads hold the GIL while they run
// Python code: however many workers, one task computes at a time, so CPU
// work gets no faster, and a class sees the Python result beside Go's.
//
// CPython also makes the running thread hand the lock over every 5 ms, so
// that in Python all the tasks of the lesson finish together at the end;
// here a task keeps it until it returns, so they finish one after another.
// The total time, no speed-up, is the same, and the pool's Timeline shows
// each task waiting for the lock (light) before it runs (dark). CPython
// releases the GIL around blocking I/O; this lock is held for the whole
// task, so give a GIL pool CPU work only.
func NewGILPool(ctx context.Context, workers int) *Pool {
	return newPool(ctx, workers, theGIL, "GIL pool")
}

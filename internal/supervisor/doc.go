// Package supervisor runs the interpreter in a worker process, on the
// kernel's side: it starts the worker (a program whose main calls
// gopherlab/internal/worker.Serve), sends it requests over the protocol of
// gopherlab/internal/workerproto, passes what the cells print and display
// to a Frontend in the order they produced it, and when the worker dies
// (a fatal error, a stack overflow, memory run out) reports why and starts
// a fresh one. It links neither the interpreter nor the debugger, so a
// crash of either cannot take the kernel with it.
package supervisor

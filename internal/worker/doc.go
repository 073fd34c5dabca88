// Package worker is the interpreter's process: Serve runs cells for the
// supervisor that started it, reading requests from its pipes
// (gopherlab/internal/workerproto) and sending back replies, displays,
// comms and debugger events in order with what the cells print. It is the
// only half of the pair that links the interpreter and the debugger, so
// that the kernel's process (package supervisor) needs neither.
package worker

// Package debugger speaks the Debug Adapter Protocol (DAP) as JupyterLab's
// visual debugger sends it to a kernel, inside Jupyter messages
// (debug_request, debug_reply, debug_event), for a Target: the interpreter
// that runs the cells.
//
// The front end names a cell by a path made from a hash of its code
// (debugInfo says how: Murmur2 with a seed, between a prefix and a
// suffix), sets breakpoints on those paths, and, when a goroutine stops,
// asks for its stack, the scopes of a frame and the variables of a scope,
// then continues or steps. The Adapter keeps what the protocol needs
// between requests (the breakpoints per path, the stopped threads, the
// numbers that stand for frames and for values with children); the Target
// knows Go: where a line can stop, which goroutines there are, what a
// frame holds, where a panic went.
//
// The debugger's console, watch expressions and hovers send evaluate: an
// Evaluator (eval.go) reads a Go expression over the reflect values a
// frame holds, the values the Target already hands out, with go/parser and
// go/constant, and runs no code of the cells.
package debugger

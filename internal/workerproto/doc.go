// Package workerproto is the protocol between the supervisor, in the
// kernel's process, and the worker process that runs the interpreter: the
// files the worker is started with, the messages on its pipes, and the
// marker that keeps those messages in order with the cells' output. Both
// sides import it, and neither imports the other.
package workerproto

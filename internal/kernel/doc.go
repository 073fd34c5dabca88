// Package kernel speaks the Jupyter messaging protocol (version 5.5) over ZeroMQ.
//
// It knows the wire and nothing about Go: it binds the five channels named in a
// connection file (shell, control, stdin, iopub, heartbeat), verifies and signs
// messages, frames every request with busy/idle status on iopub, and hands each
// request to an [Interpreter], the small interface a language implements, as
// xeus's interpreter interface does. Output reaches front ends through the
// [Publisher] an Interpreter is given with each execute request.
//
// The transport is github.com/go-zeromq/zmq4, a pure-Go ZeroMQ, so the kernel
// builds without cgo or libzmq. The sockets listen through a guard that
// follows the ZMTP framing and closes connections that would break zmq4
// (guard.go); above it, forged, malformed and replayed messages are dropped
// (message.go, replay.go), a cell's stream text is capped (outputcap.go), and
// the kernel ends when the front end that started it has gone (parent.go).
// docs/HARDENING.md gives the limits and their tests.
package kernel

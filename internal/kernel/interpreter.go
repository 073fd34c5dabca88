package kernel

import (
	"context"

	"gopherlab/internal/cellio"
)

// Interpreter is what a language gives the kernel: one method per request
// that needs the language. The kernel calls Execute for one request at a time;
// Complete, Inspect and IsComplete run on the same shell queue, between
// executions.
type Interpreter interface {
	// Execute runs a cell. Its output goes to pub, which is bound to this
	// request and stays valid after Execute returns, for output that
	// arrives late.
	Execute(ctx context.Context, req cellio.ExecuteRequest, pub Publisher) cellio.ExecuteReply
	Complete(code string, cursor int) cellio.Completion
	Inspect(code string, cursor, detailLevel int) (data map[string]any, found bool)
	IsComplete(code string) (status, indent string)
}

// Publisher sends output to every front end subscribed to iopub, as output
// of the request it was made for, and asks the front end for the request's
// input (cellio.ErrNoStdin when the request did not allow stdin).
type Publisher interface {
	cellio.Output
	cellio.Stdin
	// Comm sends a comm message (comm_open, comm_msg, comm_close) of the
	// kernel's side.
	cellio.Comms
}

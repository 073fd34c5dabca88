package kernel

import (
	"context"
	"errors"
)

// Interpreter is what a language gives the kernel: one method per request
// that needs the language. The kernel calls Execute for one request at a time;
// Complete, Inspect and IsComplete run on the same shell queue, between
// executions.
type Interpreter interface {
	Execute(ctx context.Context, req ExecuteRequest) ExecuteResult
	Complete(code string, cursor int) Completion
	Inspect(code string, cursor, detailLevel int) (data map[string]any, found bool)
	IsComplete(code string) (status, indent string)
}

// ExecuteRequest is an execute_request as the Interpreter sees it.
type ExecuteRequest struct {
	Code            string
	ExecutionCount  int // the count this cell shows (In [n])
	Silent          bool
	StoreHistory    bool
	UserExpressions map[string]string
	// Publisher sends the cell's output to the front ends; it stays valid
	// after Execute returns, for output that arrives late.
	Publisher Publisher
	// Input asks the front end for a line of text. It returns ErrNoStdin when
	// the request did not allow stdin.
	Input func(ctx context.Context, prompt string, password bool) (string, error)
}

// ErrNoStdin is returned by ExecuteRequest.Input when the front end does not
// accept input requests (allow_stdin is false).
var ErrNoStdin = errors.New("stdin is not available: the front end does not accept input requests (allow_stdin is false)")

// ExecuteResult is what a cell produced besides its streamed output.
type ExecuteResult struct {
	// Data is the cell's value as a MIME bundle, published as execute_result;
	// nil when the cell has no value.
	Data, Metadata map[string]any
	// Err is the cell's failure, nil on success.
	Err *Error
	// UserExpressions holds one result per requested expression, in the
	// shape of the messaging spec ({"status": "ok", "data": …, "metadata": …}).
	UserExpressions map[string]any
}

// Error is a failed cell as the front ends show it.
type Error struct {
	Name      string   `json:"ename"`
	Value     string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// Completion answers a complete_request: Matches replace code[Start:End],
// positions counted in Unicode code points.
type Completion struct {
	Matches    []string
	Start, End int
	// Kinds, when set, says what each match is ("function", "type",
	// "variable"…); front ends show it beside the match.
	Kinds []string
}

// Publisher sends output to every front end subscribed to iopub, as output
// of the request it was made for.
type Publisher interface {
	Stream(name, text string)
	Display(data, metadata map[string]any, displayID string, update bool)
	ClearOutput(wait bool)
	// Comm sends a comm message (comm_open, comm_msg, comm_close) of the
	// kernel's side.
	Comm(c Comm)
}

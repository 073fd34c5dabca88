package cellio

// ExecuteRequest is a cell to run. It is data alone: the output of the
// cell goes to a sink bound to this one request, given beside it.
type ExecuteRequest struct {
	Code  string `json:"code"`
	Count int    `json:"count"` // the execution count the cell shows (In [n])
	// Silent asks for no output and no history; StoreHistory, for the cell
	// to be kept in the history.
	Silent       bool `json:"silent,omitempty"`
	StoreHistory bool `json:"store_history,omitempty"`
	// UserExpressions are evaluated after the cell, by name.
	UserExpressions map[string]string `json:"user_expressions,omitempty"`
}

// ExecuteReply is what a cell produced besides its streamed output.
type ExecuteReply struct {
	// Data and Metadata are the cell's value as a MIME bundle, published as
	// execute_result; nil when the cell has no value.
	Data     map[string]any `json:"data,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
	// Err is the cell's failure, nil on success.
	Err *Error `json:"error,omitempty"`
	// UserExpressions holds one result per requested expression, in the
	// shape of the messaging spec ({"status": "ok", "data": …, "metadata": …}).
	UserExpressions map[string]any `json:"user_expressions,omitempty"`
}

// Completion answers a complete_request: Matches replace code[Start:End],
// positions counted in Unicode code points as Jupyter counts them.
type Completion struct {
	Matches []string `json:"matches"`
	Start   int      `json:"start"`
	End     int      `json:"end"`
	// Kinds[i], when set, says what Matches[i] is ("function", "type",
	// "variable"…); front ends show it beside the match.
	Kinds []string `json:"kinds,omitempty"`
}

// Comm is one message of a comm, the channel of Jupyter widgets between
// code in the kernel and a front end.
type Comm struct {
	Type     string         `json:"type"` // comm_open, comm_msg or comm_close
	ID       string         `json:"id"`
	Target   string         `json:"target,omitempty"` // comm_open only
	Data     map[string]any `json:"data,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
	Buffers  [][]byte       `json:"buffers,omitempty"`
	// MsgID is the id of the front end's message, for a handler that
	// replies to it; empty on the kernel's side.
	MsgID string `json:"msg_id,omitempty"`
}

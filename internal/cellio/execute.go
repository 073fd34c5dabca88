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

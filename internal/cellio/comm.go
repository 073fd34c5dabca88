package cellio

// Comm is one message of a comm, the channel of Jupyter widgets between
// code in the kernel and a front end.
type Comm struct {
	Type     string         `json:"type"` // comm_open, comm_msg or comm_close
	ID       string         `json:"id"`
	Target   string         `json:"target,omitempty"` // comm_open only
	Data     map[string]any `json:"data,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
	// Buffers are binary parts (a PNG frame), sent as message buffers.
	Buffers [][]byte `json:"buffers,omitempty"`
	// MsgID is the id of the front end's message that carried it, the
	// parent of what its handler prints: a widget can ask the front end to
	// show that output in an area of its own (an Output widget's msg_id).
	// Empty on the kernel's side.
	MsgID string `json:"msg_id,omitempty"`
}

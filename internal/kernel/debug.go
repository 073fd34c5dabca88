package kernel

import (
	"context"
	"encoding/json"
)

// Debugger is an Interpreter that JupyterLab's visual debugger can drive,
// over the Debug Adapter Protocol carried in Jupyter messages: Debug
// answers the DAP request of a debug_request with the DAP response its
// debug_reply carries. events publishes DAP events (stopped, thread…) as
// debug_event on iopub, with that request as parent; the Interpreter keeps
// the latest for the events that come later, while a cell runs, as
// ipykernel parents them to the last control request. With a Debugger,
// kernel_info_reply announces the "debugger" feature.
type Debugger interface {
	Debug(ctx context.Context, request map[string]any, events func(event map[string]any)) (response map[string]any)
}

// debugRequest answers a debug_request, on control: the front end debugs
// while a cell is stopped at a breakpoint, with shell busy.
func (k *Kernel) debugRequest(ctx context.Context, msg *Message) {
	var req map[string]any
	if err := json.Unmarshal(msg.Content, &req); err != nil {
		k.log.Printf("debug_request: %v", err)
		req = map[string]any{}
	}
	dbg, ok := k.cfg.Interpreter.(Debugger)
	if !ok {
		k.send(k.control, msg, "debug_reply", map[string]any{
			"type": "response", "request_seq": req["seq"], "command": req["command"], "success": false,
			"message": "this kernel has no debugger",
		})
		return
	}
	events := func(event map[string]any) { k.publish(msg, "debug_event", event) }
	k.send(k.control, msg, "debug_reply", dbg.Debug(ctx, req, events))
}

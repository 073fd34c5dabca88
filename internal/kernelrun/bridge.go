package kernelrun

import (
	"context"
	"sync"

	"gopherlab/internal/cellio"
	"gopherlab/internal/kernel"
	"gopherlab/internal/supervisor"
)

// bridge adapts the supervised interpreter to the kernel: it is the
// kernel.Interpreter, and the supervisor's Frontend, routing what cells
// write and display to the request that is running. Output that comes after
// its cell has ended (a goroutine still printing) goes to the last cell that
// ran, as ipykernel sends it to the last parent.
type bridge struct {
	interp *supervisor.Supervisor

	mu    sync.Mutex
	out   kernel.Publisher // of the running cell, or the last one
	comms map[string]bool  // the open comms, which a dying worker takes along
	// debugEvents publishes the debugger's events, with the latest
	// debug_request as parent.
	debugEvents func(event map[string]any)
}

func (b *bridge) publisher() kernel.Publisher {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.out
}

func (b *bridge) Stream(name, text string) {
	if out := b.publisher(); out != nil {
		out.Stream(name, text)
	}
}

func (b *bridge) Display(data, metadata map[string]any, displayID string, update bool) {
	if out := b.publisher(); out != nil {
		out.Display(data, metadata, displayID, update)
	}
}

func (b *bridge) Clear(wait bool) {
	if out := b.publisher(); out != nil {
		out.Clear(wait)
	}
}

// Input asks the front end of the running cell; the supervisor asks only
// while a cell runs.
func (b *bridge) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if out := b.publisher(); out != nil {
		return out.Input(ctx, prompt, password)
	}
	return "", cellio.ErrNoStdin
}

func (b *bridge) Execute(ctx context.Context, req cellio.ExecuteRequest, pub kernel.Publisher) cellio.ExecuteReply {
	b.mu.Lock()
	previous := b.out
	b.out = pub
	b.mu.Unlock()
	if req.Silent {
		defer func() {
			b.mu.Lock()
			b.out = previous // late output of a silent request has nowhere to go
			b.mu.Unlock()
		}()
	}
	return b.interp.Execute(ctx, req)
}

func (b *bridge) Complete(code string, cursor int) cellio.Completion {
	return b.interp.Complete(code, cursor)
}

func (b *bridge) Inspect(code string, cursor, detail int) (map[string]any, bool) {
	return b.interp.Inspect(code, cursor, detail)
}

func (b *bridge) IsComplete(code string) (string, string) {
	return b.interp.IsComplete(code)
}

// HandleComm makes the bridge a kernel.Comms: a comm message from a front
// end goes to the worker, and what its handler prints and sends is output
// of that message.
func (b *bridge) HandleComm(ctx context.Context, c cellio.Comm, pub kernel.Publisher) {
	b.noteComm(c.Type, c.ID)
	b.mu.Lock()
	previous := b.out
	b.out = pub
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.out = previous
		b.mu.Unlock()
	}()
	if err := b.interp.HandleComm(ctx, c); err != nil {
		// The worker died under the handler: its report is the output.
		pub.Stream("stderr", err.Text())
	}
}

// Comm makes the bridge a supervisor.CommFrontend: the cells' side of a
// comm reaches the front ends as output of the running request.
func (b *bridge) Comm(c cellio.Comm) {
	b.noteComm(c.Type, c.ID)
	if out := b.publisher(); out != nil {
		out.Comm(c)
	}
}

// CommsLost closes, for the front ends, every comm of a worker that died.
func (b *bridge) CommsLost() {
	b.mu.Lock()
	lost := b.comms
	b.comms = nil
	out := b.out
	b.mu.Unlock()
	if out == nil {
		return
	}
	for id := range lost {
		out.Comm(cellio.Comm{Type: "comm_close", ID: id})
	}
}

func (b *bridge) noteComm(msgType, id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch msgType {
	case "comm_open":
		if b.comms == nil {
			b.comms = map[string]bool{}
		}
		b.comms[id] = true
	case "comm_close":
		delete(b.comms, id)
	}
}

// Debug makes the bridge a kernel.Debugger: a DAP request goes to the
// worker's debugger, and the events that come later go out as children of
// this request.
func (b *bridge) Debug(ctx context.Context, request map[string]any, events func(map[string]any)) map[string]any {
	b.mu.Lock()
	b.debugEvents = events
	b.mu.Unlock()
	resp, err := b.interp.Debug(ctx, request)
	if err != nil {
		return map[string]any{"type": "response", "request_seq": request["seq"], "command": request["command"],
			"success": false, "message": err.Error()}
	}
	return resp
}

// DebugEvent makes the bridge a supervisor.DebugFrontend.
func (b *bridge) DebugEvent(event map[string]any) {
	b.mu.Lock()
	events := b.debugEvents
	b.mu.Unlock()
	if events != nil {
		events(event)
	}
}

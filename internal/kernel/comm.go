package kernel

import (
	"context"
	"encoding/json"
	"sync"

	"gopherlab/internal/cellio"
)

// Comms is an Interpreter that takes part in comms. HandleComm gets what a
// front end sends on a comm the kernel knows is open (and every comm_open),
// with a publisher bound to that message for the callbacks' output and
// replies; a comm_open for a target it does not serve it answers with a
// comm_close. An Interpreter that is not a Comms has no targets: the kernel
// closes every comm a front end opens. An interrupt cancels ctx while the
// handler runs.
type Comms interface {
	HandleComm(ctx context.Context, c cellio.Comm, pub Publisher)
}

// commRegistry is the set of open comms and their targets, which
// comm_info_request lists. Every comm message passes through the kernel in
// one direction or the other, so the kernel keeps it.
type commRegistry struct {
	mu   sync.Mutex
	open map[string]string // comm id → target name
}

// note records what a comm message does to the set of open comms.
func (r *commRegistry) note(c cellio.Comm) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch c.Type {
	case "comm_open":
		if r.open == nil {
			r.open = map[string]string{}
		}
		r.open[c.ID] = c.Target
	case "comm_close":
		delete(r.open, c.ID)
	}
}

func (r *commRegistry) isOpen(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.open[id]
	return ok
}

// list returns the open comms with the target, or all when target is "".
func (r *commRegistry) list(target string) map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	comms := map[string]any{}
	for id, t := range r.open {
		if target == "" || t == target {
			comms[id] = map[string]any{"target_name": t}
		}
	}
	return comms
}

// commContent is the content of a comm message on the wire.
type commContent struct {
	CommID     string         `json:"comm_id"`
	TargetName string         `json:"target_name,omitempty"`
	Data       map[string]any `json:"data"`
}

// handleComm takes a comm message from a front end (on shell, where it
// waits its turn behind running cells, as in ipykernel).
func (k *Kernel) handleComm(ctx context.Context, msg *Message) {
	var c commContent
	if err := msg.content(&c); err != nil || c.CommID == "" {
		k.log.Printf("%s: no comm id (%v); ignored", msg.Header.MsgType, err)
		return
	}
	comm := cellio.Comm{Type: msg.Header.MsgType, ID: c.CommID, Target: c.TargetName, Data: c.Data, Buffers: msg.Buffers, MsgID: msg.Header.MsgID}
	if len(msg.Metadata) > 2 {
		var md map[string]any
		if err := json.Unmarshal(msg.Metadata, &md); err == nil {
			comm.Metadata = md
		}
	}
	handler, ok := k.cfg.Interpreter.(Comms)
	switch {
	case comm.Type == "comm_open" && !ok:
		k.log.Printf("no comm target %q; closing comm %s", c.TargetName, c.CommID)
		k.publish(msg, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
		return
	case comm.Type != "comm_open" && !k.comms.isOpen(c.CommID):
		k.log.Printf("%s for comm %s, which is not open; ignored", comm.Type, c.CommID)
		return
	}
	k.comms.note(comm)
	// An interrupt stops a handler as it stops a cell: a handler stuck in
	// a loop would otherwise hold the shell for good.
	commCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	k.execMu.Lock()
	k.cancelExec = cancel
	k.execMu.Unlock()
	defer func() {
		k.execMu.Lock()
		k.cancelExec = nil
		k.execMu.Unlock()
	}()
	handler.HandleComm(commCtx, comm, &iopubPublisher{k: k, parent: msg})
}

// publishComm sends a comm message of the kernel's side to every front end.
func (k *Kernel) publishComm(parent *Message, c cellio.Comm) {
	content := map[string]any{"comm_id": c.ID, "data": orEmptyMap(c.Data)}
	if c.Type == "comm_open" {
		content["target_name"] = c.Target
	}
	k.comms.note(c)
	k.publishWith(parent, c.Type, content, orEmptyMap(c.Metadata), c.Buffers)
}

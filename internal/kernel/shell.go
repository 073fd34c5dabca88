package kernel

import (
	"context"
	"runtime"

	"github.com/go-zeromq/zmq4"
)

// readShell queues shell requests so that the shell worker takes them one at
// a time, in order, while an abort after a failed cell can see what waits.
func (k *Kernel) readShell(ctx context.Context) {
	k.receive(ctx, "shell", k.shell, func(msg *Message) {
		select {
		case k.shellQueue <- msg:
		case <-ctx.Done():
		}
	})
}

func (k *Kernel) serveShell(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case first := <-k.shellQueue:
			batch := k.drain(first) // coalesce.go
			for i, msg := range batch {
				switch {
				case ctx.Err() != nil:
					return
				case superseded(msg, batch[i+1:]):
					// a later update of the same comm says it all
				case k.shouldAbort(msg):
					k.busy(msg, func() { k.abort(msg) })
				default:
					k.busy(msg, func() { k.handleShell(ctx, msg) })
				}
			}
		}
	}
}

func (k *Kernel) handleShell(ctx context.Context, msg *Message) {
	switch t := msg.Header.MsgType; t {
	case "execute_request":
		k.execute(ctx, msg)
	case "kernel_info_request":
		k.send(k.shell, msg, "kernel_info_reply", k.kernelInfo())
	case "complete_request":
		k.complete(msg)
	case "inspect_request":
		k.inspect(msg)
	case "is_complete_request":
		k.isComplete(msg)
	case "history_request":
		k.historyRequest(k.shell, msg)
	case "comm_info_request":
		k.send(k.shell, msg, "comm_info_reply", k.commInfo(msg))
	case "comm_open", "comm_msg", "comm_close":
		k.handleComm(ctx, msg) // comm.go
	case "shutdown_request":
		k.shutdownRequest(k.shell, msg)
	default:
		k.log.Printf("shell: ignored unknown message type %q", t)
	}
}

// serveControl handles control requests as they come, even while a cell runs:
// that is how an interrupt reaches a busy kernel.
func (k *Kernel) serveControl(ctx context.Context) {
	k.receive(ctx, "control", k.control, func(msg *Message) {
		k.busy(msg, func() {
			switch t := msg.Header.MsgType; t {
			case "kernel_info_request":
				k.send(k.control, msg, "kernel_info_reply", k.kernelInfo())
			case "interrupt_request":
				k.Interrupt()
				k.send(k.control, msg, "interrupt_reply", map[string]any{"status": "ok"})
			case "shutdown_request":
				k.shutdownRequest(k.control, msg)
			case "history_request":
				k.historyRequest(k.control, msg)
			case "comm_info_request":
				k.send(k.control, msg, "comm_info_reply", k.commInfo(msg))
			case "debug_request":
				k.debugRequest(ctx, msg) // debug.go
			default:
				k.log.Printf("control: ignored unknown message type %q", t)
			}
		})
	})
}

func (k *Kernel) kernelInfo() map[string]any {
	info := k.cfg.Info
	links := info.HelpLinks
	if links == nil {
		links = []HelpLink{}
	}
	features := []string{}
	_, hasDebugger := k.cfg.Interpreter.(Debugger)
	if hasDebugger {
		features = append(features, "debugger")
	}
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         info.Implementation,
		"implementation_version": info.ImplementationVersion,
		"language_info":          info.Language,
		"banner":                 info.Banner,
		"help_links":             links,
		// Optional features (messaging 5.5): the debugger, when the
		// Interpreter has one ("debugger" is what front ends before 5.5
		// read).
		"supported_features": features,
		"debugger":           hasDebugger,
		"runtime":            runtime.Version(),
	}
}

// shutdownRequest answers on the channel the request came from and on iopub,
// as ipykernel does, then stops the kernel.
func (k *Kernel) shutdownRequest(sock zmq4.Socket, msg *Message) {
	var c struct {
		Restart bool `json:"restart"`
	}
	if err := msg.content(&c); err != nil {
		k.log.Print(err)
	}
	reply := map[string]any{"status": "ok", "restart": c.Restart}
	k.send(sock, msg, "shutdown_reply", reply)
	k.publish(msg, "shutdown_reply", reply)
	k.Shutdown(c.Restart)
}

// commInfo answers comm_info_request: the open comms whose target is the
// requested target_name, or all of them when it is empty.
func (k *Kernel) commInfo(msg *Message) map[string]any {
	var c struct {
		TargetName string `json:"target_name"`
	}
	if err := msg.content(&c); err != nil {
		k.log.Print(err)
	}
	return map[string]any{"status": "ok", "comms": k.comms.list(c.TargetName)}
}

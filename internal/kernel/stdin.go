package kernel

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// inputWaiter hands the next input_reply to the cell that asked for it.
// Only one cell runs at a time, so at most one request is outstanding.
type inputWaiter struct {
	mu      sync.Mutex
	pending chan string
}

// requestInput sends input_request to the front end that sent execute and
// waits for its answer, or for the cell to be interrupted.
func (k *Kernel) requestInput(ctx context.Context, execute *Message, prompt string, password bool) (string, error) {
	answer := make(chan string, 1)
	k.input.mu.Lock()
	if k.input.pending != nil {
		k.input.mu.Unlock()
		return "", errors.New("stdin: another input request is already waiting")
	}
	k.input.pending = answer
	k.input.mu.Unlock()
	defer func() {
		k.input.mu.Lock()
		k.input.pending = nil
		k.input.mu.Unlock()
	}()

	k.send(k.stdin, execute, "input_request", map[string]any{"prompt": prompt, "password": password})
	select {
	case value := <-answer:
		return value, nil
	case <-ctx.Done():
		return "", fmt.Errorf("stdin: %w", ctx.Err())
	}
}

func (k *Kernel) serveStdin(ctx context.Context) {
	k.receive(ctx, "stdin", k.stdin, func(msg *Message) {
		if msg.Header.MsgType != "input_reply" {
			k.log.Printf("stdin: ignored %q", msg.Header.MsgType)
			return
		}
		var c struct {
			Value string `json:"value"`
		}
		if err := msg.content(&c); err != nil {
			k.log.Print(err)
			return
		}
		k.input.mu.Lock()
		defer k.input.mu.Unlock()
		if k.input.pending == nil {
			k.log.Print("stdin: an input_reply came with no input_request waiting")
			return
		}
		select {
		case k.input.pending <- c.Value:
		default:
		}
	})
}

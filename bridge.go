package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"gopherlab/interp"
	"gopherlab/kernel"
)

// bridge adapts the Go interpreter to the kernel: it is the
// kernel.Interpreter, and it routes what cells write and display to the
// request that is running. Output that comes after its cell has ended (a
// goroutine still printing) goes to the last cell that ran, as ipykernel
// sends it to the last parent.
type bridge struct {
	interp  *interp.Interpreter
	capture *interp.Capture

	mu    sync.Mutex
	out   kernel.Publisher // of the running cell, or the last one
	input func(ctx context.Context, prompt string, password bool) (string, error)
	ctx   context.Context // of the running cell
}

func (b *bridge) publisher() kernel.Publisher {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.out
}

// stream receives captured standard output and error.
func (b *bridge) stream(name, text string) {
	if out := b.publisher(); out != nil {
		out.Stream(name, text)
	}
}

// Publish and Clear make the bridge the display package's sink. Captured
// text is flushed first so that output shows in the order it was produced.
func (b *bridge) Publish(data, metadata map[string]any, displayID string, update bool) {
	b.capture.Flush()
	if out := b.publisher(); out != nil {
		out.Display(data, metadata, displayID, update)
	}
}

func (b *bridge) Clear(wait bool) {
	b.capture.Flush()
	if out := b.publisher(); out != nil {
		out.ClearOutput(wait)
	}
}

func (b *bridge) Execute(ctx context.Context, req kernel.ExecuteRequest) kernel.ExecuteResult {
	b.mu.Lock()
	previous := b.out
	b.out, b.input, b.ctx = req.Publisher, req.Input, ctx
	b.mu.Unlock()
	defer func() {
		b.capture.Flush()
		b.mu.Lock()
		b.input, b.ctx = nil, nil
		if req.Silent {
			b.out = previous // late output of a silent request has nowhere to go
		}
		b.mu.Unlock()
	}()

	res, err := b.interp.Execute(ctx, req.ExecutionCount, req.Code)
	if err != nil {
		return kernel.ExecuteResult{Err: kernelError(err)}
	}
	result := kernel.ExecuteResult{UserExpressions: b.userExpressions(ctx, req)}
	if res != nil {
		result.Data, result.Metadata = res.Data, res.Metadata
	}
	return result
}

// userExpressions evaluates the expressions a front end asked for after the
// cell, each reported on its own.
func (b *bridge) userExpressions(ctx context.Context, req kernel.ExecuteRequest) map[string]any {
	if len(req.UserExpressions) == 0 {
		return nil
	}
	results := make(map[string]any, len(req.UserExpressions))
	for name, expr := range req.UserExpressions {
		res, err := b.interp.Execute(ctx, req.ExecutionCount, expr)
		switch {
		case err != nil:
			e := kernelError(err)
			results[name] = map[string]any{"status": "error", "ename": e.Name, "evalue": e.Value, "traceback": e.Traceback}
		case res == nil:
			results[name] = map[string]any{"status": "ok", "data": map[string]any{}, "metadata": map[string]any{}}
		default:
			results[name] = map[string]any{"status": "ok", "data": res.Data, "metadata": orEmpty(res.Metadata)}
		}
	}
	return results
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// kernelError turns an interpreter error into what front ends show. Their
// error display shows the traceback alone, so it must say everything.
func kernelError(err error) *kernel.Error {
	var ie *interp.Error
	if !errors.As(err, &ie) {
		ie = &interp.Error{Name: "Error", Value: err.Error()}
	}
	tb := ie.Traceback
	if len(tb) == 0 {
		tb = []string{fmt.Sprintf("%s: %s", ie.Name, ie.Value)}
	}
	return &kernel.Error{Name: ie.Name, Value: ie.Value, Traceback: tb}
}

func (b *bridge) Complete(code string, cursor int) kernel.Completion {
	c := b.interp.Complete(code, cursor)
	return kernel.Completion{Matches: c.Matches, Start: c.Start, End: c.End}
}

func (b *bridge) Inspect(code string, cursor, detail int) (map[string]any, bool) {
	return b.interp.Inspect(code, cursor, detail)
}

func (b *bridge) IsComplete(code string) (string, string) {
	return b.interp.IsComplete(code)
}

// stdinReader is what cells read as standard input: each read that finds
// nothing buffered asks the front end for a line, as Python's input() does.
type stdinReader struct {
	b *bridge

	mu      sync.Mutex // goroutines of a cell may read at once
	pending []byte
}

func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) == 0 {
		r.b.mu.Lock()
		input, ctx := r.b.input, r.b.ctx
		r.b.mu.Unlock()
		if input == nil {
			return 0, errors.New("stdin: no cell is running to read it")
		}
		// What the cell printed so far is the prompt the user answers.
		r.b.capture.Flush()
		line, err := input(ctx, "", false)
		if err != nil {
			return 0, err
		}
		r.pending = []byte(line + "\n")
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

package worker

import (
	"context"
	"errors"

	"gopherlab/internal/cellio"
	"gopherlab/internal/workerproto"
)

// runningCell is what an interrupt needs of the cell that runs.
type runningCell struct{ cancel context.CancelFunc }

// begin makes cell the one an interrupt cancels.
func (w *worker) begin(cell *runningCell) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cell = cell
}

// end is called when cell has finished; it leaves alone the cancel of a
// cell that began since.
func (w *worker) end(cell *runningCell) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cell == cell {
		w.cell = nil
	}
}

// interruptCell cancels the running cell, if any. The caller holds w.mu.
func (w *worker) interruptCell() {
	if w.cell != nil {
		w.cell.cancel()
	}
}

func (w *worker) execute(ctx context.Context, cell *runningCell, req workerproto.Message) {
	defer cell.cancel()
	defer w.end(cell)

	var reply cellio.ExecuteReply
	res, err := w.interp.Execute(ctx, req.Request.Count, req.Request.Code)
	if err != nil {
		reply.Err = asError(err)
	} else {
		if res != nil {
			reply.Data, reply.Metadata = res.Data, res.Metadata
		}
		reply.UserExpressions = w.userExpressions(ctx, req.Request)
	}
	w.reply(req.ID, workerproto.Message{Reply: &reply})
}

// userExpressions evaluates the expressions a front end asked for after the
// cell, each reported on its own, in the shape of the messaging spec.
func (w *worker) userExpressions(ctx context.Context, req *cellio.ExecuteRequest) map[string]any {
	if len(req.UserExpressions) == 0 {
		return nil
	}
	results := make(map[string]any, len(req.UserExpressions))
	for name, expr := range req.UserExpressions {
		res, err := w.interp.Execute(ctx, req.Count, expr)
		switch {
		case err != nil:
			e := asError(err)
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

// asError is the failure of a cell as front ends show it. Their error
// display shows the traceback alone, so it must say everything.
func asError(err error) *cellio.Error {
	var e *cellio.Error
	if !errors.As(err, &e) {
		e = &cellio.Error{Name: "Error", Value: err.Error()}
	}
	if len(e.Traceback) == 0 {
		e = &cellio.Error{Name: e.Name, Value: e.Value, Traceback: []string{e.Name + ": " + e.Value}}
	}
	return e
}

package kernel

import (
	"context"
	"time"

	"gopherlab/internal/cellio"
)

// executeContent is the content of an execute_request. Pointers tell a field
// left out, which the spec gives a default, from one set to false.
type executeContent struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func orDefault(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

func (k *Kernel) execute(ctx context.Context, msg *Message) {
	var c executeContent
	if err := msg.content(&c); err != nil {
		k.send(k.shell, msg, "execute_reply", errorReply(k.count, &cellio.Error{Name: "BadRequest", Value: err.Error()}))
		return
	}
	storeHistory := orDefault(c.StoreHistory, true) && !c.Silent
	if storeHistory {
		k.count++
		k.history.add(k.count, c.Code)
	}
	count := k.count
	if !c.Silent {
		k.publish(msg, "execute_input", map[string]any{"code": c.Code, "execution_count": count})
	}
	if name, detail, ok := helpQuery(c.Code); ok {
		k.page(msg, count, name, detail, c.Silent)
		return
	}

	req := cellio.ExecuteRequest{
		Code:            c.Code,
		Count:           count,
		Silent:          c.Silent,
		StoreHistory:    storeHistory,
		UserExpressions: c.UserExpressions,
	}
	iopub := &iopubPublisher{k: k, parent: msg, stdin: orDefault(c.AllowStdin, true)}
	var pub Publisher = iopub
	var capped *cappedPublisher
	if c.Silent {
		pub = silent{iopub}
	} else if k.cfg.OutputLimit > 0 {
		capped = newCappedPublisher(iopub, k.cfg.OutputLimit)
		pub = capped
	}

	cellCtx, cancel := context.WithCancel(ctx)
	k.execMu.Lock()
	k.cancelExec = cancel
	k.execMu.Unlock()
	result := k.cfg.Interpreter.Execute(cellCtx, req, pub)
	k.execMu.Lock()
	k.cancelExec = nil
	k.execMu.Unlock()
	cancel()
	if capped != nil {
		capped.finish()
	}

	if result.Err != nil {
		if result.Err.Traceback == nil {
			result.Err.Traceback = []string{}
		}
		if !c.Silent {
			k.publish(msg, "error", result.Err)
		}
		if orDefault(c.StopOnError, true) {
			k.startAborting(time.Now())
		}
		k.send(k.shell, msg, "execute_reply", errorReply(count, result.Err))
		return
	}
	if result.Data != nil && !c.Silent {
		k.publish(msg, "execute_result", map[string]any{
			"execution_count": count,
			"data":            result.Data,
			"metadata":        orEmptyMap(result.Metadata),
		})
	}
	k.send(k.shell, msg, "execute_reply", map[string]any{
		"status":           "ok",
		"execution_count":  count,
		"user_expressions": orEmptyMap(result.UserExpressions),
		"payload":          []any{},
	})
}

func errorReply(count int, e *cellio.Error) map[string]any {
	tb := e.Traceback
	if tb == nil {
		tb = []string{}
	}
	return map[string]any{
		"status":          "error",
		"execution_count": count,
		"ename":           e.Name,
		"evalue":          e.Value,
		"traceback":       tb,
	}
}

func orEmptyMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// After a failed cell with stop_on_error, the execute requests a front end
// had already sent behind it (as "Run All" does) are answered "aborted"
// rather than run against a state the failure left half-made. A request
// counts as sent before the failure when its header's date says so: that
// tells "Run All" from a client that sends its next cell only after reading
// the error, whatever the order in which they reach the queue. The window
// bounds what a wrong clock can abort.
type abortWindow struct {
	failedAt time.Time
	until    time.Time
}

const abortWindowLength = 500 * time.Millisecond

func (k *Kernel) startAborting(failedAt time.Time) {
	k.aborting = abortWindow{failedAt: failedAt, until: time.Now().Add(abortWindowLength)}
}

// shouldAbort reports whether an execute request was sent before the last
// failure it follows.
func (k *Kernel) shouldAbort(msg *Message) bool {
	if msg.Header.MsgType != "execute_request" || time.Now().After(k.aborting.until) {
		return false
	}
	sent, err := time.Parse(time.RFC3339Nano, msg.Header.Date)
	if err != nil {
		return true // undated and queued right behind the failure
	}
	return sent.Before(k.aborting.failedAt)
}

func (k *Kernel) abort(msg *Message) {
	k.send(k.shell, msg, "execute_reply", map[string]any{"status": "aborted", "execution_count": k.count})
}

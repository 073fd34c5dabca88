package kernel

import (
	"regexp"
	"strings"
	"sync"

	"github.com/go-zeromq/zmq4"
)

// history keeps the cells executed with store_history in this kernel's
// lifetime, numbered as execution counts. It lives in memory: a restarted
// kernel starts a new session, as its counts start again at 1.
type history struct {
	mu      sync.Mutex
	entries []historyEntry
}

type historyEntry struct {
	line  int
	input string
}

// currentSession is the session number history replies carry; IPython
// numbers sessions from 1 and treats 0 in a request as "the current one".
const currentSession = 1

func (h *history) add(line int, input string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = append(h.entries, historyEntry{line, input})
}

// historyQuery is the content of a history_request.
type historyQuery struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// lookup returns the entries a query asks for, oldest first.
func (h *history) lookup(q historyQuery) []historyEntry {
	h.mu.Lock()
	all := append([]historyEntry(nil), h.entries...)
	h.mu.Unlock()

	switch q.HistAccessType {
	case "tail":
		return last(all, q.N)
	case "range":
		if q.Session != 0 && q.Session != currentSession {
			return nil
		}
		var out []historyEntry
		for _, e := range all {
			if e.line >= q.Start && (q.Stop <= 0 || e.line < q.Stop) {
				out = append(out, e)
			}
		}
		return out
	case "search":
		match := globRegexp(q.Pattern)
		var out []historyEntry
		for _, e := range all {
			if match.MatchString(e.input) {
				out = append(out, e)
			}
		}
		if q.Unique {
			out = uniqueInputs(out)
		}
		return last(out, q.N)
	}
	return nil
}

func last(entries []historyEntry, n int) []historyEntry {
	if n > 0 && len(entries) > n {
		return entries[len(entries)-n:]
	}
	return entries
}

// uniqueInputs keeps the latest entry of each distinct input.
func uniqueInputs(entries []historyEntry) []historyEntry {
	latest := map[string]int{}
	for i, e := range entries {
		latest[e.input] = i
	}
	var out []historyEntry
	for i, e := range entries {
		if latest[e.input] == i {
			out = append(out, e)
		}
	}
	return out
}

// globRegexp compiles a history search pattern. IPython matches patterns
// with SQLite's GLOB: * and ? wildcards, [...] classes, case-sensitive,
// and the whole input must match.
func globRegexp(pattern string) *regexp.Regexp {
	if pattern == "" {
		pattern = "*"
	}
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			if j := strings.IndexByte(pattern[i+1:], ']'); j >= 0 {
				class := pattern[i+1 : i+1+j]
				b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
				i += j + 1
				continue
			}
			b.WriteString(regexp.QuoteMeta("["))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile(`^` + regexp.QuoteMeta(pattern) + `$`)
	}
	return re
}

func (k *Kernel) historyRequest(sock zmq4.Socket, msg *Message) {
	var q historyQuery
	if err := msg.content(&q); err != nil {
		k.send(sock, msg, "history_reply", map[string]any{"status": "error", "ename": "BadRequest", "evalue": err.Error(), "traceback": []string{}})
		return
	}
	items := [][]any{}
	for _, e := range k.history.lookup(q) {
		var input any = e.input
		if q.Output {
			input = []any{e.input, nil}
		}
		items = append(items, []any{currentSession, e.line, input})
	}
	k.send(sock, msg, "history_reply", map[string]any{"status": "ok", "history": items})
}

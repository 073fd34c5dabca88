package supervisor

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"syscall"

	"gopherlab/internal/cellio"
)

// crashReport is how a worker ended: what the Go runtime wrote as it died,
// and the process's exit state.
type crashReport struct {
	text  string
	state *os.ProcessState
}

// crashStarts are the first words the Go runtime writes when it ends the
// program: a fatal error, an unrecovered panic, a signal in native code.
var crashStarts = [][]byte{
	[]byte("fatal error: "),
	[]byte("panic: "),
	[]byte("runtime: "),
	[]byte("unexpected fault"),
	[]byte("unexpected signal"),
	[]byte("SIG"),
	[]byte("fatal: "),
}

// crashStart is the offset of the first line of data that starts as the
// runtime's last words do, or -1. The race detector, say, may write a
// report before the fatal error it leads to.
func crashStart(data []byte) int {
	for off := 0; off < len(data); {
		for _, start := range crashStarts {
			if bytes.HasPrefix(data[off:], start) {
				return off
			}
		}
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return -1
}

// cause is the line that says why the runtime ended the program.
var cause = regexp.MustCompile(`(?m)^(fatal error: .*|panic: .*|unexpected (fault|signal).*|SIG[A-Z]+: .*)$`)

// summary is the one line that says how the worker ended.
func (r *crashReport) summary() string {
	if m := cause.FindString(r.text); m != "" {
		return strings.TrimSpace(m)
	}
	if r.state == nil {
		return "it ended"
	}
	if ws, ok := r.state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		sig := ws.Signal()
		if sig == syscall.SIGKILL {
			return "killed (signal: killed): the machine may have run out of memory"
		}
		return "killed (signal: " + sig.String() + ")"
	}
	return r.state.String()
}

// maxReportFrames bounds the frames a report shows of the dying goroutine.
const maxReportFrames = 12

// error is the cell error a front end shows for the death: the runtime's
// cause, the frames of the goroutine that died, and what it means for the
// notebook.
func (r *crashReport) error() *cellio.Error {
	summary := r.summary()
	tb := []string{"FatalError: " + summary}
	if stack := goroutineStack(r.text); len(stack) > 0 {
		tb = append(tb, "")
		tb = append(tb, stack...)
	}
	tb = append(tb, "",
		"The Go interpreter process died and was restarted in a second: the variables,",
		"functions, types and imports of earlier cells are gone. Run the cells they came from again.")
	return &cellio.Error{Name: "FatalError", Value: summary + " (the interpreter was restarted; earlier state is lost)", Traceback: tb}
}

// goroutineStack is the trace of the first goroutine of a runtime dump,
// the one that died, shortened for a notebook: function names without
// their arguments or file paths, the interpreter's own frames folded into a
// count (they say nothing of the cell), at most maxReportFrames frames.
func goroutineStack(dump string) []string {
	lines := strings.Split(dump, "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "goroutine ") && strings.HasSuffix(strings.TrimSpace(l), ":") {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	out := []string{lines[start]}
	frames, folded, more := 0, 0, 0
	flushFolded := func() {
		if folded > 0 {
			out = append(out, fmt.Sprintf("  … %d frames of the interpreter (yaegi)", folded))
			folded = 0
		}
	}
	for _, l := range lines[start+1:] {
		if l == "" || strings.HasPrefix(l, "goroutine ") {
			break
		}
		if strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "created by ") {
			continue // file and line, or where the goroutine began
		}
		fn := l
		if i := strings.LastIndex(fn, "("); i > 0 {
			fn = fn[:i]
		}
		if strings.HasPrefix(fn, "github.com/traefik/yaegi/") || strings.HasPrefix(fn, "reflect.") {
			folded++
			continue
		}
		if frames == maxReportFrames {
			more++
			continue
		}
		flushFolded()
		out = append(out, "  "+fn)
		frames++
	}
	flushFolded()
	if more > 0 {
		out = append(out, fmt.Sprintf("  … %d more frames", more))
	}
	return out
}

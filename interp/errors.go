package interp

import (
	"bytes"
	"errors"
	"fmt"
	"go/scanner"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopherlab/internal/cellio"
)

// Error is a cell's failure as a front end shows it, the type every stage
// of the pipeline shares, so that the worker hands it on as it is.
//
// Name is "SyntaxError" when the cell does not parse, "CompileError" when
// it does not compile, "panic" when it panics, "KeyboardInterrupt" when it
// is interrupted.
type Error = cellio.Error

func interrupted() *Error {
	return &Error{Name: "KeyboardInterrupt", Value: "interrupted", Traceback: []string{"KeyboardInterrupt: interrupted"}}
}

// fileName matches the names cells are compiled as: cell[3], or cell[3]~1
// for a repeated execution count.
var fileName = regexp.MustCompile(`cell\[(-?\d+)\]~\d+`)

// clean gives the file names in a message the names people know, and the
// types a cell redefined their own names (see rewrite.go).
func clean(msg string) string {
	msg = fileName.ReplaceAllString(msg, "cell[$1]")
	return typeVersion.ReplaceAllString(msg, "$1")
}

// typeVersion matches the name of a redefined type: P__v2.
var typeVersion = regexp.MustCompile(`([\pL_][\pL\pN_]*)` + versionSuffix + `\d+\b`)

// compileError reports an error of the compiler.
func (c *cell) compileError(err error) *Error {
	return c.positionedError("CompileError", explainMissingGeneric(err.Error())) // generic_missing.go
}

// rewriteError is the CompileError of a run whose edited text no longer
// parses: the edits are wrong, not the user's code, and the text as
// written, which yaegi would get wrong, never runs in its place.
func (c *cell) rewriteError(err error) *Error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		list.Sort()
		return c.positionedError("CompileError", fmt.Sprintf("%s: gopherlab rewrote this code for the interpreter and the rewrite does not parse (%s); "+
			"this is a bug of gopherlab, not of the cell", list[0].Pos, list[0].Msg))
	}
	return c.positionedError("CompileError", fmt.Sprintf("gopherlab rewrote this code for the interpreter and the rewrite does not parse (%v); "+
		"this is a bug of gopherlab, not of the cell", err))
}

// position matches the position that starts a compiler's message.
var messagePosition = regexp.MustCompile(`^(cell\[-?\d+\](?:~\d+)?):(\d+):(\d+): `)

// positionedError builds an error whose message may start with a position
// in the cell: its traceback shows the line and a caret under the column.
func (c *cell) positionedError(name, msg string) *Error {
	e := &Error{Name: name, Value: clean(msg)}
	e.Traceback = []string{e.Name + ": " + e.Value}
	m := messagePosition.FindStringSubmatch(msg)
	if m == nil || m[1] != c.file {
		return e
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	lines := strings.Split(c.src, "\n")
	if line < 1 || line > len(lines) {
		return e
	}
	text := strings.TrimRight(lines[line-1], "\r")
	e.Traceback = append(e.Traceback, "    "+text, "    "+caret(text, col))
	return e
}

// caret returns the spaces, and tabs where the line has them, that put a
// caret under byte column col of line.
func caret(line string, col int) string {
	var b strings.Builder
	for i, r := range line {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String() + "^"
}

// panicError reports a panic of a cell. frames are the lines yaegi wrote as
// the panic went up the calls (see panicLog), innermost first.
func panicError(c *cell, value any, frames []string) *Error {
	value = goRuntimeError(value) // runtime_errors.go
	var v string
	switch x := value.(type) {
	case error:
		v = x.Error()
	default:
		v = fmt.Sprint(x)
	}
	e := &Error{Name: "panic", Value: clean(v), Traceback: []string{"panic: " + clean(v)}}
	// The frames of the code gopherlab wraps around a cell's are left out
	// (see internalLine); the outermost frame left is the cell's own
	// statements, whatever function literal yaegi sees them in.
	type frame struct{ fn, where string }
	var kept []frame
	for _, f := range frames {
		m := panicFrame.FindStringSubmatch(f)
		switch {
		case m == nil:
			kept = append(kept, frame{where: clean(f)})
		case !strings.HasPrefix(m[1], internalFile+":"):
			kept = append(kept, frame{fn: m[2], where: clean(m[1])})
		}
	}
	if len(kept) > 0 {
		e.Traceback = append(e.Traceback, "")
		if last := &kept[len(kept)-1]; last.fn != "" {
			last.fn = "main"
		}
	}
	for _, f := range kept {
		if f.fn == "" {
			e.Traceback = append(e.Traceback, f.where)
			continue
		}
		if f.fn == "main" {
			f.fn = "(cell)" // the cell's own statements, not a function
		}
		e.Traceback = append(e.Traceback, f.fn, "\t"+f.where)
	}
	return e
}

// panicFrame matches what yaegi writes on its standard error for each call
// a panic unwinds: "cell[3]:4:7: panic: main.f(...)".
var panicFrame = regexp.MustCompile(`^(\S+:\d+:\d+): panic: (\S*?)(?:\(\.\.\.\))?$`)

// panicLog is the interpreter's standard error. While a cell runs, it keeps
// the lines yaegi writes as a panic unwinds the calls, which become the
// panic's traceback instead of noise on the cell's stderr; everything else
// goes through to the cell's stderr.
type panicLog struct {
	w io.Writer

	mu     sync.Mutex
	active bool
	frames []string
}

func (p *panicLog) Write(b []byte) (int, error) {
	p.mu.Lock()
	if bytes.HasSuffix(b, []byte("\n")) && bytes.Count(b, []byte("\n")) == 1 {
		line := string(b[:len(b)-1])
		if panicFrame.MatchString(line) {
			// Between runs, the lines are those of a goroutine's panic,
			// which goStart reports in a line of its own (goroutines.go).
			if p.active {
				p.frames = append(p.frames, line)
			}
			p.mu.Unlock()
			return len(b), nil
		}
	}
	p.mu.Unlock()
	return p.w.Write(b)
}

// start begins keeping the panic lines of a run.
func (p *panicLog) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.active, p.frames = true, nil
}

// peek returns the lines kept so far, and keeps on.
func (p *panicLog) peek() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.frames)
}

// stop ends it and returns them.
func (p *panicLog) stop() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	frames := p.frames
	p.active, p.frames = false, nil
	return frames
}

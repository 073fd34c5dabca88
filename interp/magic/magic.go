// Package magic gives notebook cells IPython's magics: lines that start
// with % (%time, %env, %who…), a first line that starts with %% and applies
// to the whole cell (%%time, %%timeit), and lines that start with ! and run
// a shell command.
//
// The package finds the magics in a cell (Parse) and runs the cell, magics
// and Go in their order (Run). It runs no Go itself: a Host, the
// interpreter, runs and compiles the cell's Go for it, and may offer more
// (the names cells declared, a reset, the goroutines cells started) through
// the optional interfaces Namer, Resetter, GoroutineLister and
// ModuleGetter.
package magic

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// Host runs the Go of the cells whose magics this package runs.
type Host interface {
	// Run runs Go code of the cell as a cell of its own would run, in
	// the interpreter's global scope, and returns its result, which Run
	// passes back unchanged.
	Run(ctx context.Context, code Code) (result any, err error)
	// Compile compiles code to run many times without compiling it again,
	// for %timeit: setup then body in a scope of their own, so that the
	// names they declare are gone after the timing. setup may be empty.
	Compile(ctx context.Context, setup, body Code) (Loop, error)
	// Stdout and Stderr receive what magics print.
	Stdout() io.Writer
	Stderr() io.Writer
}

// Loop is code compiled once to run many times.
type Loop interface {
	// Run runs the setup once then the body n times, and returns how long
	// the n times took.
	Run(ctx context.Context, n int) (time.Duration, error)
}

// Namer is a Host that knows the names cells declared, for %who.
type Namer interface {
	Names() []Name
}

// Name is a name a cell declared at the top level.
type Name struct {
	Name string
	Kind string // var, const, func or type
	Type string // its type, or signature for a func; "" when unknown
}

// Resetter is a Host that can forget everything cells defined, for %reset.
type Resetter interface {
	Reset() error
}

// GoroutineLister is a Host that knows which goroutines started by cells
// are still running, for %goroutines.
type GoroutineLister interface {
	Goroutines() []Goroutine
}

// Goroutine is a goroutine a cell started that has not ended.
type Goroutine struct {
	Cell    int    // the execution count of the cell that started it
	Pos     string // where in the cell: the go statement
	Source  string // the go statement, shortened to a line
	Started time.Time
}

// Code is a piece of a cell: the bytes [Start, End) of Cell. Hosts compile
// it where it stands in the cell, so that errors name the cell's own lines
// and columns (see Blanked).
type Code struct {
	Cell       string
	Start, End int
}

// Text is the piece's text.
func (c Code) Text() string { return c.Cell[c.Start:c.End] }

// Blanked is the cell with every byte outside the piece but line ends
// replaced by a space: code that compiles to the piece alone, at the
// piece's lines and columns.
func (c Code) Blanked() string {
	b := []byte(c.Cell)
	for i := range b {
		if (i < c.Start || i >= c.End) && b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// Error is a magic's failure. Name is IPython's: "UsageError" for a magic
// used wrongly (unknown, misplaced, with bad arguments), "MagicError" for
// one that failed as it ran.
type Error struct {
	Name, Value string
	// At is the offset in the cell of the magic's line.
	At int
}

func (e *Error) Error() string { return e.Name + ": " + e.Value }

func usageError(at int, format string, args ...any) *Error {
	return &Error{Name: "UsageError", Value: fmt.Sprintf(format, args...), At: at}
}

func magicError(at int, format string, args ...any) *Error {
	return &Error{Name: "MagicError", Value: fmt.Sprintf(format, args...), At: at}
}

// Run runs the pieces of src that Parse found, in order: Go through the
// host, magics here. It checks every magic before it runs anything, so that
// a misspelled magic at the end does not leave the cell half run. The result
// is that of the last piece, when it is Go or a magic that ran Go (%time);
// the first error stops the cell. Errors of the Go the host ran are the
// host's, passed back unchanged; an interrupt through ctx is ctx's error.
func Run(ctx context.Context, h Host, src string, pieces []Piece) (any, error) {
	if err := check(pieces, true); err != nil {
		return nil, err
	}
	return run(ctx, h, src, pieces)
}

func run(ctx context.Context, h Host, src string, pieces []Piece) (any, error) {
	var result any
	for _, p := range pieces {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var err error
		result, err = runPiece(ctx, h, src, p)
		if err != nil {
			return nil, err
		}
	}
	return result, nil
}

func runPiece(ctx context.Context, h Host, src string, p Piece) (any, error) {
	x := &call{ctx: ctx, host: h, src: src, piece: p}
	switch p.Kind {
	case Go:
		return h.Run(ctx, Code{src, p.Start, p.End})
	case Shell:
		return nil, shell(x)
	case Line:
		return lookup(p.Name).line(x)
	case CellMagic:
		return lookup(p.Name).cell(x)
	}
	return nil, fmt.Errorf("magic: piece of unknown kind %d", p.Kind)
}

// check finds what is wrong with the magics of a cell before any runs.
func check(pieces []Piece, top bool) error {
	for i, p := range pieces {
		var err error
		switch p.Kind {
		case Shell:
			if strings.TrimSpace(p.Args) == "" {
				err = usageError(p.Start, "! needs a command to run: !ls -l")
			}
		case Line:
			err = checkLine(p)
		case CellMagic:
			err = checkCell(p, top && i == 0)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func checkLine(p Piece) error {
	c := lookup(p.Name)
	switch {
	case p.Name == "":
		return usageError(p.Start, "%% needs a magic's name after it: %%help lists them")
	case c == nil:
		return unknown(p)
	case c.line == nil:
		return usageError(p.Start, "%%%s is a cell magic: %%%%%s goes on the first line of a cell", p.Name, p.Name)
	case c.check != nil:
		return c.check(p, false)
	}
	return nil
}

func checkCell(p Piece, first bool) error {
	c := lookup(p.Name)
	switch {
	case p.Name == "":
		return usageError(p.Start, "%%%% needs a magic's name after it: %%help lists them")
	case c == nil:
		return unknown(p)
	case c.cell == nil:
		return usageError(p.Start, "%%%s has no cell form: write %%%s on a line of its own", p.Name, p.Name)
	case !first:
		return usageError(p.Start, "%%%%%s must be the first line of the cell", p.Name)
	case c.check != nil:
		if err := c.check(p, true); err != nil {
			return err
		}
	}
	return check(p.Body, false)
}

// unknown reports a magic that does not exist, with the names close to it.
func unknown(p Piece) error {
	prefix := "%"
	if p.Kind == CellMagic {
		prefix = "%%"
	}
	msg := fmt.Sprintf("unknown magic %s%s", prefix, p.Name)
	if near := closeNames(p.Name); len(near) > 0 {
		for i, n := range near {
			near[i] = prefix + n
		}
		msg += "; did you mean " + strings.Join(near, ", ") + "?"
	} else {
		msg += " (%help lists the magics)"
	}
	return usageError(p.Start, "%s", msg)
}

// call is one run of a magic.
type call struct {
	ctx   context.Context
	host  Host
	src   string
	piece Piece
}

// args is the code of the magic's arguments.
func (x *call) args() Code {
	return Code{x.src, x.piece.ArgsAt, x.piece.ArgsAt + len(x.piece.Args)}
}

// body is the code of a cell magic's body, the lines after the first.
func (x *call) body() Code {
	return Code{x.src, x.piece.BodyAt, len(x.src)}
}

func (x *call) printf(format string, args ...any) {
	fmt.Fprintf(x.host.Stdout(), format, args...)
}

package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"io"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	yaegi "github.com/traefik/yaegi/interp"

	"gopherlab/display"
	"gopherlab/interp/magic"
	"gopherlab/interp/oracle"
)

// The magics of cells (%time, %timeit, !ls…) are package magic's; this
// file is the interpreter's side: Execute hands it cells that have some,
// and magicHost runs their Go.

// executeMagics runs a cell that has magics; ok is false when it has none
// and Execute runs it as Go alone.
func (in *Interpreter) executeMagics(ctx context.Context, count int, code string) (res *Result, ok bool, err error) {
	pieces := magic.Parse(code)
	if pieces == nil {
		return nil, false, nil
	}
	h := &magicHost{in: in, count: count, src: code}
	v, err := magic.Run(ctx, h, code, pieces)
	if err != nil {
		return nil, true, h.error(ctx, err)
	}
	res, _ = v.(*Result)
	return res, true, nil
}

// magicHost runs the Go of one cell with magics.
type magicHost struct {
	in    *Interpreter
	count int
	src   string
}

var (
	_ magic.Host            = (*magicHost)(nil)
	_ magic.Namer           = (*magicHost)(nil)
	_ magic.Resetter        = (*magicHost)(nil)
	_ magic.GoroutineLister = (*magicHost)(nil)
	_ magic.ModuleGetter    = (*magicHost)(nil)
	_ magic.CellCompiler    = (*magicHost)(nil)
)

func (h *magicHost) Stdout() io.Writer { return h.in.opts.Stdout }
func (h *magicHost) Stderr() io.Writer { return h.in.opts.Stderr }

// Run runs a piece of the cell as a cell of its own, blanks where the rest
// of the cell was, so that errors name the cell's lines and columns. Each
// piece gets a file of its own (see newCell), as imports need.
func (h *magicHost) Run(ctx context.Context, code magic.Code) (any, error) {
	blanked := code.Blanked()
	res, err := h.in.execute(ctx, h.in.newCell(h.count, blanked))
	if err != nil {
		h.unblank(err, blanked)
		return nil, err
	}
	if res == nil {
		return nil, nil // no typed nil in the interface
	}
	return res, nil
}

// unblank shows the cell's own line in the traceback of an error at a line
// that Run blanked in part: "%time f(x)", not "      f(x)".
func (h *magicHost) unblank(err error, blanked string) {
	var e *Error
	if !errors.As(err, &e) || len(e.Traceback) < 3 {
		return
	}
	m := valuePosition.FindStringSubmatch(e.Value)
	if m == nil {
		return
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	own, shown := strings.Split(h.src, "\n"), strings.Split(blanked, "\n")
	if line < 1 || line > len(own) || own[line-1] == shown[line-1] {
		return
	}
	text := strings.TrimRight(shown[line-1], "\r")
	if e.Traceback[1] != "    "+text {
		return
	}
	text = strings.TrimRight(own[line-1], "\r")
	e.Traceback[1], e.Traceback[2] = "    "+text, "    "+caret(text, col)
}

// valuePosition matches the position that starts an error's value.
var valuePosition = regexp.MustCompile(`^cell\[-?\d+\]:(\d+):(\d+): `)

// error turns a magic's failure into the *Error front ends show.
func (h *magicHost) error(ctx context.Context, err error) error {
	var me *magic.Error
	var e *Error
	switch {
	case errors.As(err, &me):
		e = &Error{Name: me.Name, Value: me.Value, Traceback: []string{me.Name + ": " + me.Value}}
		if me.At >= 0 && me.At <= len(h.src) {
			start := strings.LastIndexByte(h.src[:me.At], '\n') + 1
			end := len(h.src)
			if i := strings.IndexByte(h.src[start:], '\n'); i >= 0 {
				end = start + i
			}
			line := strings.TrimRight(h.src[start:end], "\r")
			e.Traceback = append(e.Traceback, "    "+line, "    "+caret(line, me.At-start+1))
		}
		return e
	case ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		return interrupted()
	case errors.As(err, &e):
		return err
	}
	return &Error{Name: "MagicError", Value: err.Error(), Traceback: []string{"MagicError: " + err.Error()}}
}

// Compile compiles %timeit's code once, as the body of a function literal
// called at once, so that what it declares goes with it:
//
//	func() {
//		setup
//		n := Timeit.Start()
//		for i := 0; i < n; i++ {
//			body
//		}
//		Timeit.Stop()
//	}()
//
// The loop count comes from Go, through functions registered for this
// program alone, and the timing is taken around the loop, so that neither
// the setup nor yaegi's work to start a run counts.
func (h *magicHost) Compile(ctx context.Context, setup, body magic.Code) (magic.Loop, error) {
	in := h.in
	c := in.newCell(h.count, h.src)
	c.goPieces = []oracle.Piece{
		{Kind: oracle.Stmts, Offset: setup.Start, Text: h.src[setup.Start:setup.End]},
		{Kind: oracle.Stmts, Offset: body.Start, Text: h.src[body.Start:body.End]},
	}
	t := &timedLoop{in: in, c: c}
	// Use adds to the symbols of the package every cell's file imports; a
	// program binds the functions it calls as it is compiled.
	if err := in.yi.Use(yaegi.Exports{cellPkgPath + "/" + cellPkgName: {
		"TimeitStart": reflect.ValueOf(t.start),
		"TimeitStop":  reflect.ValueOf(t.stop),
	}}); err != nil {
		return nil, fmt.Errorf("interp: timeit hooks: %w", err)
	}
	block, err := in.parseTimed(c, setup, body, nil)
	if err != nil {
		return nil, c.syntaxError(err)
	}
	// The timed code takes a cell's way: its go statements are watched
	// (goroutines.go) and what yaegi lacks of Go is rewritten (rewrite.go).
	// The compiled generics it uses are instances too (instantiate.go).
	if err := in.instantiate(ctx, c, nil); err != nil {
		return nil, err
	}
	timed := parsed{run: run{kind: stmtKind}, node: block}
	edits, err := in.rewrite(c, timed)
	if err != nil {
		return nil, err
	}
	if edits = in.goEdits(c, block, edits); len(edits) > 0 {
		if err := c.checkEdits([][2]int{{setup.Start, setup.End}, {body.Start, body.End}}, edits); err != nil {
			return nil, err
		}
		if block, err = in.parseTimed(c, setup, body, edits); err != nil {
			return nil, c.rewriteError(err) // errors.go
		}
	}
	if err := in.importAll(ctx, c, nil, []parsed{{run: run{kind: stmtKind}, node: block}}); err != nil {
		return nil, err
	}
	if t.prog, err = in.compile(block); err != nil {
		return nil, c.compileError(err)
	}
	return t, nil
}

// parseTimed parses the program Compile compiles, with the //line
// comments that give setup and body their places in the cell.
func (in *Interpreter) parseTimed(c *cell, setup, body magic.Code, ins []edit) (*ast.BlockStmt, error) {
	var b strings.Builder
	b.WriteString("package main; func main() {\nfunc() {\n")
	// What the parser finds missing after the setup or the body, it finds
	// at their end: at the semicolon or brace that follows them.
	if setup.End > setup.Start {
		b.WriteString(c.inline(setup.Start) + c.edited(setup.Start, setup.End, ins) + "\n" + c.inline(setup.End) + ";\n")
	}
	b.WriteString("_gopherlab_n := " + cellPkgName + ".TimeitStart()\n")
	b.WriteString("for _gopherlab_i := 0; _gopherlab_i < _gopherlab_n; _gopherlab_i++ {\n")
	b.WriteString(c.inline(body.Start) + c.edited(body.Start, body.End, ins) + "\n" + c.inline(body.End) + "}\n")
	b.WriteString(cellPkgName + ".TimeitStop()\n}()\n}\n")
	f, err := parseFile(in.yi.FileSet(), c.file, b.String())
	if err != nil {
		return nil, err
	}
	return f.Decls[0].(*ast.FuncDecl).Body, nil
}

// timedLoop is %timeit's compiled code.
type timedLoop struct {
	in   *Interpreter
	c    *cell
	prog *yaegi.Program

	// The program's goroutine calls start and stop; after an interrupt it
	// may still run while the next cell reads them.
	mu      sync.Mutex
	loops   int
	began   time.Time
	elapsed time.Duration
	stopped bool
}

func (t *timedLoop) start() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.began = time.Now()
	return t.loops
}

func (t *timedLoop) stop() {
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.elapsed, t.stopped = now.Sub(t.began), true
}

// Run runs the program: yaegi runs a compiled program as many times as it
// is asked to.
func (t *timedLoop) Run(ctx context.Context, n int) (time.Duration, error) {
	t.mu.Lock()
	t.loops, t.stopped = n, false
	t.mu.Unlock()
	if _, err := t.in.runProgram(ctx, t.c, t.prog); err != nil {
		return 0, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.stopped {
		return 0, &Error{Name: "MagicError", Value: "%timeit: the code returned before its loops ended",
			Traceback: []string{"MagicError: %timeit: the code returned before its loops ended"}}
	}
	return t.elapsed, nil
}

// Names lists what cells declared, for %who.
func (h *magicHost) Names() []magic.Name {
	in := h.in
	in.mu.Lock()
	globals := make(map[string]global, len(in.globals))
	for name, g := range in.globals {
		globals[name] = g
	}
	in.mu.Unlock()
	// The type oracle names the types of variables that reflection shows
	// as yaegi builds them: P{1, 2} is a P, not a struct { X int; Y int }.
	vars := in.globalTypes(globals)
	var names []magic.Name
	for name, g := range globals {
		n := magic.Name{Name: name, Kind: g.kind}
		switch g.kind {
		case "func":
			n.Type = "func" + strings.TrimPrefix(g.decl, "func "+name)
		case "type":
			n.Type = typeSummary(name, g.decl)
		default:
			v, ok := in.global(name)
			if ok && v.CanInterface() {
				if c, isConst := v.Interface().(constant.Value); isConst {
					n.Type = "untyped " + strings.ToLower(c.Kind().String())
					break
				}
			}
			if t, known := vars[name]; known {
				n.Type = t
			} else if ok {
				n.Type = typeName(v)
			}
		}
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b magic.Name) int { return strings.Compare(a.Name, b.Name) })
	return names
}

// globalTypes are the types of the variables among globals, as the type
// oracle tells them, written as the cells would: a cell's own types by
// their names, a package's qualified by its name. A variable whose type
// the oracle cannot tell is left out.
func (in *Interpreter) globalTypes(globals map[string]global) map[string]string {
	var names []string
	for name, g := range globals {
		if g.kind == "var" {
			names = append(names, name)
		}
	}
	in.mu.Lock()
	imports := maps.Clone(in.imports)
	in.mu.Unlock()
	qualifier := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		return p.Name()
	}
	out := map[string]string{}
	for name, obj := range in.session.Globals(names, imports, in.pkgs.typeAutoImports()) {
		if v, ok := obj.(*types.Var); ok && v.Type() != types.Typ[types.Invalid] {
			out[name] = types.TypeString(v.Type(), qualifier)
		}
	}
	return out
}

// typeSummary is what a type declaration declares, on one line: "int",
// "struct {…}".
func typeSummary(name, decl string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(decl, "type "), name)
	s = strings.TrimLeft(s, " ")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "…}"
	}
	return s
}

// Reset gives the interpreter a fresh yaegi interpreter, for %reset:
// what cells declared and imported is forgotten. Options stay, and so do
// the goroutines cells started, which go on in the old one. The comms
// cells opened (widgets) are closed: their handlers were the old one's.
func (h *magicHost) Reset() error {
	in := h.in
	yi, run, std, err := in.newYaegi()
	if err != nil {
		return err
	}
	display.CloseComms()
	in.debug.reset()
	in.mu.Lock()
	defer in.mu.Unlock()
	in.yi, in.yrun, in.std = yi, run, std
	in.cellState = newCellState(in.pkgs)
	return nil
}

// Goroutines lists the goroutines cells started that are still running,
// for %goroutines.
// GetModules makes the magicHost a magic.ModuleGetter, for %go get.
func (h *magicHost) GetModules(ctx context.Context, queries []string) ([]string, error) {
	return h.in.pkgs.modules.getModules(ctx, queries)
}

func (h *magicHost) Goroutines() []magic.Goroutine {
	var gs []magic.Goroutine
	for _, g := range h.in.Goroutines() {
		gs = append(gs, magic.Goroutine{Cell: g.Cell, Pos: g.Pos, Source: g.Source, Started: g.Started})
	}
	return gs
}

// Package interp runs Go notebook cells on the yaegi interpreter.
//
// A cell is Go as a person types it in a notebook: imports, declarations
// and statements in any order, ending, perhaps, with an expression whose
// value is the cell's result. The package cuts a cell into runs that yaegi
// can compile (see split.go), imports the standard-library packages a cell
// uses without importing them, runs each piece in the interpreter's global
// scope, so that what one cell defines the next one sees, and turns the
// result into a MIME bundle and failures into errors that name the cell's
// own lines. It also answers the questions front ends ask between cells:
// completions, inspection and whether some code is a complete cell.
//
// The package knows nothing of Jupyter's wire protocol: the kernel adapts
// it (bridge.go), and what cells write goes to the writers Options gives
// (the supervisor's worker passes the pipes it reads). Under JupyterLab's
// debugger, cells run under yaegi's (debug.go, for package debugger).
package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"maps"
	"os"
	"reflect"
	"sync"
	"time"

	yaegi "github.com/traefik/yaegi/interp"

	"gopherlab/display"
	cellpkg "gopherlab/interp/cell"
	"gopherlab/interp/oracle"
)

// Options configure an Interpreter.
type Options struct {
	// Stdout and Stderr receive what cells print, through fmt.Print…, os.Stdout,
	// os.Stderr, log and the panics the interpreter reports. nil means the
	// process's own.
	Stdout, Stderr io.Writer
	// Stdin is what cells read through os.Stdin and fmt.Scan…; nil means the
	// process's own.
	Stdin io.Reader
	// Display, when not nil, receives what cells show through
	// gopherlab/display: New makes it the package's sink.
	Display display.Sink
	// Packages are the compiled packages cells can import besides the
	// standard library, in the form yaegi's Use takes ("path/name" to the
	// package's symbols): gopherlab's helper packages, which main
	// registers (gopherlab/symbols), or another program's own.
	Packages map[string]map[string]reflect.Value
}

// Interpreter runs cells one after another in one Go global scope.
// Execute must not be called while another Execute runs; Complete, Inspect
// and IsComplete may be called at any time between cells.
type Interpreter struct {
	yi     *yaegi.Interpreter
	yrun   *yaegiRun  // yi's run state, for interrupts (stop.go)
	std    *stdLoader // the standard packages yi has loaded (stdload.go)
	opts   Options    // as New completed them, for %reset's fresh yi
	pkgs   *packages  // the compiled packages cells can import (packages.go)
	panics *panicLog  // the interpreter's standard error, where it reports panics

	// exec serializes Execute, which the kernel never calls at once but
	// user_expressions and tests might.
	exec sync.Mutex
	// files counts the Executes given each cell number, to give repeated
	// numbers a file of their own (see cellFile).
	files map[int]int

	mu sync.Mutex // guards cellState, which Complete and Inspect read
	// cellState is what the cells that ran left in the interpreter's
	// books; %reset replaces it whole (magic.go).
	cellState

	// capture receives the values of a cell's trailing expression.
	capture capture
	// sleep interrupts the time.Sleep calls of cells.
	sleep sleeper
	// goroutines keeps the books of the goroutines cells started
	// (goroutines.go).
	goroutines goroutines
	// defers are the deferred calls of the cell that runs (defers.go).
	defers cellDefers
	// debug is the visual debugger's state (debug.go).
	debug cellDebug
	// fmtMethods are the methods of the cells' struct types that fmt
	// calls (cellmethods.go), for the functions of fmt that cells call
	// and the panics of cells.
	fmtMethods *cellMethods
	// stops is the state of the interrupts' stops (stop.go).
	stops stopper
	// compiled is the state of %%compile (compile.go).
	compiled compiled
}

// cellState is what cells leave in the interpreter's books, besides the
// interpreter itself: what they imported and declared.
type cellState struct {
	// imports maps the names of the packages that cells imported, or that
	// were imported for them, to their paths. Imports in Go belong to a
	// file and each Execute compiles files of its own, so every Execute
	// imports them all again.
	imports map[string]string
	// globals holds what cells declared at the top level, for completion
	// and inspection.
	globals map[string]global
	// methods holds the methods cells declared, by receiver type name and
	// method name: yaegi's reflect values do not show them.
	methods map[string]map[string]global
	// types are the versions of the types cells declared (rewrite.go).
	types typeVersions
	// session is the package the cells that ran declare, for the type
	// oracle (typecheck.go).
	session *oracle.Session
	// compiledNames are the names whose latest declaration is a compiled
	// cell's (compile.go), which later compiled cells may use: an
	// interpreted cell's declaration of one removes it (remember).
	compiledNames map[string]compiledName
}

// newCellState is the books of an interpreter no cell ran in, whose
// cells import pkgs.
func newCellState(pkgs *packages) cellState {
	return cellState{
		imports: map[string]string{},
		globals: map[string]global{},
		session: oracle.NewSession(pkgs.importer()),

		compiledNames: map[string]compiledName{},
	}
}

// global is a name a cell declared at the top level.
type global struct {
	kind string // "var", "const", "func" or "type"
	decl string // its declaration as written, for func and type
	// node declares it, for completion to find types: *ast.FuncDecl,
	// *ast.TypeSpec, *ast.ValueSpec or *ast.AssignStmt (see annotate).
	node ast.Node
	doc  string // the comment above a func or type
	src  string // a function's source
}

// New returns an interpreter with the standard library and
// gopherlab/display available to cells.
func New(opts Options) (*Interpreter, error) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	pkgs := newPackages(opts.Packages)
	in := &Interpreter{
		opts:      opts,
		pkgs:      pkgs,
		panics:    &panicLog{w: opts.Stderr},
		files:     map[int]int{},
		cellState: newCellState(pkgs),
	}
	in.sleep.reset()
	in.debug.in = in
	yi, run, std, err := in.newYaegi()
	if err != nil {
		return nil, err
	}
	in.yi, in.yrun, in.std = yi, run, std
	if opts.Display != nil {
		display.SetSink(opts.Display)
	}
	return in, nil
}

// newYaegi makes the yaegi interpreter that runs cells, with the symbols
// they see; for New, and for %reset (magic.go). It loads the standard
// packages yaegi and gopherlab's own code need, and those the overrides
// change, with the overrides after them; the rest of the standard
// library is loaded as cells import it (stdload.go).
func (in *Interpreter) newYaegi() (*yaegi.Interpreter, *yaegiRun, *stdLoader, error) {
	yi := yaegi.New(yaegi.Options{
		Stdin:  in.opts.Stdin,
		Stdout: in.opts.Stdout,
		Stderr: in.panics,
		// The real environment: os.Getenv("HOME") must work in a notebook.
		// os.Exit still ends the cell, not the kernel: overrides replaces
		// it, and stdSymbols leaves the real one out (stdsymbols.go).
		Unrestricted: true,
	})
	// Before any program compiles (stop.go).
	run, err := newYaegiRun(yi)
	if err != nil {
		return nil, nil, nil, err
	}
	overrides := in.overrides(in.opts)
	std, err := newStdLoader(yi, overrides)
	if err != nil {
		return nil, nil, nil, err
	}
	// The overrides come last: they replace what the tables before them
	// give (yaegi.Interpreter.Use keeps the last symbol of a name).
	for _, exports := range []yaegi.Exports{in.opts.Packages, overrides} {
		if err := yi.Use(exports); err != nil {
			return nil, nil, nil, fmt.Errorf("interp: load symbols: %w", err)
		}
	}
	if err := loadGenerics(yi, std); err != nil { // generics.go
		return nil, nil, nil, err
	}
	if _, err := globalFrame(yi); err != nil { // defers.go
		return nil, nil, nil, err
	}
	return yi, run, std, nil
}

// overrides are the symbols that replace or add to the standard ones.
func (in *Interpreter) overrides(opts Options) yaegi.Exports {
	osSyms := map[string]reflect.Value{}
	// yaegi gives cells the interpreter's streams as os.Stdin, os.Stdout and
	// os.Stderr only when they are files. A stream that is not keeps its
	// interface type, so that bufio.NewScanner(os.Stdin) reads Options.Stdin
	// and fmt.Fprintln(os.Stderr, …) writes to Options.Stderr; it is what
	// yaegi's YAEGI_SPECIAL_STDIO does, without setting the variable in the
	// environment of the whole process.
	osSyms["Exit"] = reflect.ValueOf(cellExit) // defers.go
	if _, ok := opts.Stdin.(*os.File); !ok {
		osSyms["Stdin"] = reflect.ValueOf(&opts.Stdin).Elem()
	}
	if _, ok := opts.Stdout.(*os.File); !ok {
		osSyms["Stdout"] = reflect.ValueOf(&opts.Stdout).Elem()
	}
	if f, ok := opts.Stderr.(*os.File); ok {
		// yaegi would give cells its own standard error, the panic log.
		osSyms["Stderr"] = reflect.ValueOf(&f).Elem()
	} else {
		osSyms["Stderr"] = reflect.ValueOf(&opts.Stderr).Elem()
	}
	// Same reflect.Value as the symbol table's, the key yaegi looks up.
	wrappers := []reflect.Type{
		reflect.TypeOf((*display.HTMLer)(nil)).Elem(),
		reflect.TypeOf((*display.SVGer)(nil)).Elem(),
		reflect.TypeOf((*display.Markdowner)(nil)).Elem(),
		reflect.TypeOf((*display.PNGer)(nil)).Elem(),
		reflect.TypeOf((*display.MIMEBundler)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
	methods := &cellMethods{} // cellmethods.go
	in.fmtMethods = methods
	capture, plain := in.capture.fn(), in.capture.plainFn(methods)
	mapTypes := map[reflect.Value][]reflect.Type{
		reflect.ValueOf(capture):        wrappers,
		reflect.ValueOf(plain):          cellFmtWrappers,
		reflect.ValueOf(display.Show):   wrappers,
		reflect.ValueOf(display.Bundle): wrappers,
	}
	// The log package's functions end the cell where Go's end the
	// process (logs.go). They write to the cell's standard error, where
	// Go's write to os.Stderr.
	logSyms, formatting := logSymbols(opts.Stderr, methods)
	// fmt's functions print the values of the struct types of cells as
	// Go prints them (cellfmt.go).
	fmtSyms, fmtFormatting := fmtSymbols(opts.Stdout, methods)
	for _, f := range append(formatting, fmtFormatting...) {
		mapTypes[f] = cellFmtWrappers
	}
	// encoding/json's Marshal and MarshalIndent read what yaegi keeps in
	// interface values (jsonsymbols.go).
	jsonSyms, jsonWrappers := jsonSymbols()
	maps.Copy(mapTypes, jsonWrappers)
	// What a call of an Encoder's Encode becomes (rewrite_jsonencode.go),
	// with the wrappers of json.Marshal's argument.
	encode := reflect.ValueOf(jsonEncode)
	mapTypes[encode] = jsonWrappers[jsonSyms["Marshal"]]
	cellSyms := map[string]reflect.Value{
		"Capture": reflect.ValueOf(capture),
		"Plain":   reflect.ValueOf(plain),
		// What rewritten go statements call (goroutines.go).
		"Go":        reflect.ValueOf(in.goStart),
		"GoStarted": reflect.ValueOf(goStarted),
		"GoReady":   reflect.ValueOf(goReady),
		"GoHold":    reflect.ValueOf(goHold),
		// What rewritten cells call (rewrite.go, builtins.go).
		"Clear":   reflect.ValueOf(clearValue),
		"NegZero": reflect.ValueOf(cellpkg.NegZero),
		"Pull":    reflect.ValueOf(pull),
		// What a cell's top-level defers call (defers.go).
		"Deferred": reflect.ValueOf(in.deferred),
		"Unwind":   reflect.ValueOf(in.unwind),
		// What "_ = *p" and recover() become (rewrite_deref.go,
		// rewrite_recover.go).
		"Deref": reflect.ValueOf(derefCheck),
		// What indexes and slices become (rewrite_bounds.go).
		"Index":      reflect.ValueOf(checkIndex),
		"IndexPanic": reflect.ValueOf(indexPanic),
		"Slice":      reflect.ValueOf(checkSlice),
		"Slice3":     reflect.ValueOf(checkSlice3),
		"Recovered":  reflect.ValueOf(recovered),
		// What the interpreter's functions for a compiled cell's pass on
		// for an any (interpreted_values.go, compile_declare.go).
		"Unwrap":    reflect.ValueOf(unwrapInterface),
		"UnwrapAll": reflect.ValueOf(unwrapInterfaces),
		// What a logger's method value Fatal… becomes (rewrite_logger.go).
		"Logger": reflect.ValueOf(logger(methods)),
		// What gives fmt's functions the values of cells' struct types
		// and their methods (cellfmt.go, cellmethods.go).
		"NamedStringer":   reflect.ValueOf((*cellpkg.NamedStringer)(nil)),
		"_NamedStringer":  reflect.ValueOf((*cellpkg.NamedStringerWrapper)(nil)),
		"NamedFormatter":  reflect.ValueOf((*cellpkg.NamedFormatter)(nil)),
		"_NamedFormatter": reflect.ValueOf((*cellpkg.NamedFormatterWrapper)(nil)),
		"CellMethod":      reflect.ValueOf(methods.register),
		"JSONEncode":      encode,
	}
	// What calls of a logger's formatting methods become, wrapping the
	// cell's values as fmt's functions do (rewrite_logger.go).
	for name, f := range loggerFuncs(methods) {
		v := reflect.ValueOf(f)
		cellSyms["Logger"+name] = v
		mapTypes[v] = cellFmtWrappers
	}
	return yaegi.Exports{
		"os/os":                         osSyms,
		"log/log":                       logSyms,
		fmtKey:                          fmtSyms,
		"time/time":                     {"Sleep": reflect.ValueOf(in.sleep.Sleep)},
		"encoding/json/json":            jsonSyms,
		cellPkgPath + "/" + cellPkgName: cellSyms,
		// iter's types are generic, which compiled symbols cannot give:
		// cells get iter.Seq and iter.Seq2 as the function types they
		// stand for (rewrite.go). The empty package lets them import it.
		"iter/iter": {},
		// Functions with an interface{} parameter that look for methods need
		// yaegi to wrap interpreted values in types that have them: without
		// this, a type a cell declares with an HTML method would show as
		// text only. yaegi wraps for the first interface of the list the
		// value implements.
		".": {"MapTypes": reflect.ValueOf(mapTypes)},
	}
}

// The package that gives cells the hooks of the interpreter, imported into
// every cell under a name no one types.
const (
	cellPkgPath = "gopherlab/interp/cell"
	cellPkgName = "_gopherlab"
)

// Execute runs a cell, numbered count as the front end shows it. It returns
// the value of the cell's trailing expression, if any, as a MIME bundle;
// an *Error when the cell does not compile, panics or is interrupted by
// ctx, in which case what ran before the failure stays done.
//
// The interrupt is graceful, and Execute reports on the interpreter's
// standard error the goroutines the cell leaves running (see beginCell).
func (in *Interpreter) Execute(ctx context.Context, count int, code string) (res *Result, err error) {
	in.exec.Lock()
	defer in.exec.Unlock()
	if ctx.Err() != nil {
		return nil, interrupted()
	}
	ctx, end := in.beginCell(ctx, count) // goroutines.go
	defer func() { res, err = end(res, err) }()
	if res, ok, err := in.executeMagics(ctx, count, code); ok { // magic.go
		return res, err
	}
	c := in.newCell(count, code)
	if res, ok, err := in.compileByPolicy(ctx, count, c); ok { // compile_policy.go
		return res, err
	}
	return in.execute(ctx, c)
}

// sleeper makes time.Sleep in cells return when the cell is interrupted:
// a native sleep is out of the interpreter's reach, and a cell sleeping for
// an hour would otherwise hold a goroutine for that long.
type sleeper struct {
	mu   sync.Mutex
	wake chan struct{} // closed at an interrupt, then replaced
}

func (s *sleeper) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wake = make(chan struct{})
}

// interrupt wakes every sleeping cell, and the goroutines they started.
func (s *sleeper) interrupt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.wake)
	s.wake = make(chan struct{})
}

// Sleep replaces time.Sleep for cells.
func (s *sleeper) Sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	wake := s.wake
	s.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-wake:
	}
}

// position is a place in a cell as people count: line and column from 1,
// the column in bytes as Go's tools count it.
func position(src string, off int) token.Position {
	line, col := 1, 1
	for i := 0; i < off && i < len(src); i++ {
		if src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return token.Position{Line: line, Column: col}
}

package interp

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	yaegi "github.com/traefik/yaegi/interp"

	"gopherlab/internal/debugger"
)

// The interpreter's side of the visual debugger: a debugger.Target over
// yaegi's own debugger (Interpreter.Debug). While a front end is attached,
// each program a cell runs, runs under yaegi's debugger, with the
// breakpoints set on it and on the programs of earlier cells (a function
// an earlier cell declared stops when a later one calls it). Detached,
// programs run as always: the debugger costs a cell one map insert.

// cellDebug is the debugger's state in the interpreter.
type cellDebug struct {
	in *Interpreter

	mu        sync.Mutex
	programs  map[string][]*yaegi.Program // every program a cell ran, by the cell's code
	files     map[string]string           // the cell's code, by the file name positions carry (cell[3])
	attached  bool
	pathOf    func(code string) string
	events    func(debugger.Event)
	lines     map[string][]int // the breakpoints, by cell path; empty: to be cleared
	dbg       *yaegi.Debugger  // of the program running now, if any
	running   *cell            // whose program that is
	stops     map[int]*yaegi.DebugEvent
	executing int        // programs of cells running now
	onPanic   bool       // the panic exception filter is on
	panicked  *panicStop // the cell's goroutine, stopped on its panic
}

// panicStop is the cell's goroutine stopped on a panic nothing recovered.
// yaegi's debugger has no hook where a panic starts: the stop is made once
// the panic has unwound the cell's calls (their deferred calls run), before
// the cell fails with it. The stack is the one the panic's traceback gives
// (where each call was), with no variables but the globals.
type panicStop struct {
	frames []debugger.Frame
	info   debugger.Exception
	resume chan struct{}
}

// DebugTarget is the interpreter as the debugger's Target.
func (in *Interpreter) DebugTarget() debugger.Target { return &in.debug }

// execute runs a program of cell c: under yaegi's debugger while one is
// attached, as always otherwise (stop.go).
func (d *cellDebug) execute(ctx context.Context, c *cell, prog *yaegi.Program) (reflect.Value, error) {
	d.mu.Lock()
	if d.programs == nil {
		d.programs, d.files = map[string][]*yaegi.Program{}, map[string]string{}
	}
	d.programs[c.src] = append(d.programs[c.src], prog)
	d.files[c.file] = c.src
	attached := d.attached
	d.executing++
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.executing--
		d.mu.Unlock()
	}()
	if !attached {
		return d.in.executeProgram(ctx, c.name, prog)
	}
	d.mu.Lock()
	d.running = c
	d.mu.Unlock()
	d.in.mu.Lock()
	yi := d.in.yi
	d.in.mu.Unlock()
	return d.run(ctx, c, yi, prog)
}

// mainGoroutine is the id yaegi's debugger gives the goroutine that runs
// the program (with GoRoutineStartAt1, as DAP threads count from 1).
const mainGoroutine = 1

// run runs prog, a program of cell c, under yaegi's debugger until its
// main goroutine returns. yaegi's Wait would also wait for every goroutine
// the program started; a cell, like a Go main, ends when its own
// statements do.
//
// Debug stops what it runs, when its context ends, with yaegi's own stop,
// which would also end every function value made before (stop.go): it gets
// a context that no interrupt ends, and an interrupt ends the debugged code
// as stop.go ends a cell's, once the goroutines stopped at a breakpoint
// are let go.
func (d *cellDebug) run(ctx context.Context, c *cell, yi *yaegi.Interpreter, prog *yaegi.Program) (reflect.Value, error) {
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	// Debug's ExecuteWithContext gives channel operations a channel of
	// its own to be woken by; stop.go's is put back.
	defer d.in.yrun.state.useDone(d.in.yrun.wake)
	entered, mainDone := make(chan struct{}), make(chan struct{})
	dbg := yi.Debug(runCtx, prog, func(e *yaegi.DebugEvent) { d.event(e, entered, mainDone) },
		&yaegi.DebugOptions{GoRoutineStartAt1: true})
	d.mu.Lock()
	d.dbg = dbg
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		if d.dbg == dbg {
			d.dbg = nil
			clear(d.stops)
		}
		d.mu.Unlock()
	}()
	// yaegi makes a program's nodes runnable only as it starts it, and a
	// breakpoint can be set only on a runnable node: the program starts
	// stopped at its entry, gets its breakpoints, then goes.
	if err := dbg.Step(mainGoroutine, yaegi.DebugEntry); err != nil {
		return reflect.Value{}, fmt.Errorf("debugger: start the cell: %w", err)
	}
	select {
	case <-entered:
		d.mu.Lock()
		d.applyBreakpoints()
		d.mu.Unlock()
		if err := dbg.Continue(mainGoroutine); err != nil {
			return reflect.Value{}, fmt.Errorf("debugger: run the cell: %w", err)
		}
	case <-mainDone: // nothing to run: declarations only
	case <-ctx.Done():
	}
	select {
	case <-mainDone:
		// yaegi's debugger debugs one program, and its Wait waits for
		// every goroutine that program started: those still running are
		// stopped with it, and the user is told, not left to wonder.
		if n := len(dbg.GoRoutines()); n > 0 {
			fmt.Fprintf(d.in.panics.w, "debugger: %d goroutine(s) started by these statements were still running at their end, "+
				"and were stopped with them: under the debugger, wait for goroutines in the statements that start them\n", n)
		}
		cancel() // Wait returns the results now
		v, err := dbg.Wait()
		d.stopOnPanic(ctx, c, err)
		return v, err
	case <-ctx.Done():
		// An interrupt: the goroutines stopped at a breakpoint go, and
		// stop at their next statement; the rest as stop.go stops a cell.
		dbg.Terminate()
		d.in.halt(c.name, mainDone)
		return reflect.Value{}, ctx.Err()
	}
}

// stopOnPanic stops the cell's goroutine on the panic err is, when the
// panic filter is on, until the front end lets it go (or an interrupt, or
// the debugger is switched off); the cell then fails with it as always.
func (d *cellDebug) stopOnPanic(ctx context.Context, c *cell, err error) {
	var p yaegi.Panic
	if !errors.As(err, &p) {
		return
	}
	if _, exiting := p.Value.(exitCode); exiting {
		return // os.Exit, not a panic
	}
	d.mu.Lock()
	on, events, pathOf, files := d.onPanic && d.attached, d.events, d.pathOf, d.files
	d.mu.Unlock()
	if !on || events == nil {
		return
	}
	lines := d.in.panics.peek()
	value := d.in.fmtMethods.panicValue(p.Value)
	e := panicError(c, value, lines)
	stop := &panicStop{resume: make(chan struct{}),
		info: debugger.Exception{ID: "panic", Description: e.Value, TypeName: typeString(reflect.TypeOf(goRuntimeError(value))),
			StackTrace: strings.Join(e.Traceback, "\n")}}
	// The calls the panic went up, innermost first, as yaegi wrote them;
	// the outermost left is the cell's own statements.
	for _, l := range lines {
		m := panicFrame.FindStringSubmatch(l)
		if m == nil || strings.HasPrefix(m[1], internalFile+":") {
			continue
		}
		f := debugger.Frame{Name: strings.TrimPrefix(m[2], "main.")} // as yaegi's frames name them
		file, lc, _ := strings.Cut(m[1], ":")
		fmt.Sscanf(lc, "%d:%d", &f.Line, &f.Column)
		d.mu.Lock()
		if code, ok := files[file]; ok {
			f.Path = pathOf(code)
		}
		d.mu.Unlock()
		stop.frames = append(stop.frames, f)
	}
	if len(stop.frames) == 0 {
		stop.frames = append(stop.frames, debugger.Frame{Path: pathOf(c.src)})
	}
	cellFrame := &stop.frames[len(stop.frames)-1]
	cellFrame.Name = c.name
	cellFrame.Scopes = []debugger.Scope{{Name: "Globals", Variables: d.Globals()}}
	d.mu.Lock()
	d.panicked = stop
	d.mu.Unlock()
	events(debugger.Event{Kind: debugger.Panicked, Thread: mainGoroutine, Text: stop.info.Description})
	select {
	case <-stop.resume:
	case <-ctx.Done():
	}
	d.mu.Lock()
	if d.panicked == stop {
		d.panicked = nil
	}
	d.mu.Unlock()
}

// letPanicGo lets the goroutine stopped on a panic go on; d.mu is held.
func (d *cellDebug) letPanicGo() bool {
	if d.panicked == nil {
		return false
	}
	close(d.panicked.resume)
	d.panicked = nil
	return true
}

// Busy tells whether a cell's program runs and is not stopped: every
// goroutine of it stopped (or the cell on its panic), its values hold
// still.
func (d *cellDebug) Busy() bool {
	d.mu.Lock()
	executing, dbg, stopped, panicked := d.executing, d.dbg, len(d.stops), d.panicked != nil
	d.mu.Unlock()
	switch {
	case executing == 0 || panicked:
		return false
	case dbg == nil || stopped == 0:
		return true
	}
	return stopped < len(dbg.GoRoutines())
}

// SetExceptionBreakpoints switches stopping on panics on or off.
func (d *cellDebug) SetExceptionBreakpoints(filters []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.onPanic = slices.Contains(filters, debugger.PanicFilter)
}

// ExceptionInfo is the panic the cell's goroutine stopped on.
func (d *cellDebug) ExceptionInfo(thread int) (debugger.Exception, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.panicked == nil || thread != mainGoroutine {
		return debugger.Exception{}, fmt.Errorf("goroutine %d is not stopped on a panic", thread)
	}
	return d.panicked.info, nil
}

// event takes an event of yaegi's debugger to the front end.
func (d *cellDebug) event(e *yaegi.DebugEvent, entered, mainDone chan struct{}) {
	if e.Reason() == yaegi.DebugTerminate {
		return // the program's end, an event without a frame
	}
	g := e.GoRoutine()
	var kind debugger.EventKind
	switch e.Reason() {
	case yaegi.DebugBreak:
		kind = debugger.Breakpoint
	case yaegi.DebugStepInto, yaegi.DebugStepOver, yaegi.DebugStepOut:
		kind = debugger.Stepped
	case yaegi.DebugEntry:
		if g == mainGoroutine {
			close(entered) // run takes it from here
			return
		}
		kind = debugger.Paused
	case yaegi.DebugPause:
		kind = debugger.Paused
	case yaegi.DebugEnterGoRoutine:
		if g == mainGoroutine {
			return
		}
		kind = debugger.Started
	case yaegi.DebugExitGoRoutine:
		if g == mainGoroutine {
			close(mainDone)
			return
		}
		kind = debugger.Exited
	default:
		return
	}
	d.mu.Lock()
	if kind == debugger.Breakpoint || kind == debugger.Stepped || kind == debugger.Paused {
		if d.stops == nil {
			d.stops = map[int]*yaegi.DebugEvent{}
		}
		d.stops[g] = e
	}
	events := d.events
	d.mu.Unlock()
	if events != nil {
		events(debugger.Event{Kind: kind, Thread: g})
	}
}

// applyBreakpoints sets the breakpoints on every program of the cells they
// name, and clears those of cells that have none any more; d.mu is held.
func (d *cellDebug) applyBreakpoints() {
	if d.dbg == nil || d.pathOf == nil {
		return
	}
	for code, progs := range d.programs {
		lines, ok := d.lines[d.pathOf(code)]
		if !ok {
			continue
		}
		// yaegi clears a program's old breakpoints only when it is given
		// lines: a line that does not exist clears them all.
		reqs := []yaegi.BreakpointRequest{yaegi.LineBreakpoint(-1)}
		for _, l := range lines {
			reqs = append(reqs, yaegi.LineBreakpoint(l))
		}
		for _, p := range progs {
			d.dbg.SetBreakpoints(yaegi.ProgramBreakpointTarget(p), reqs...)
		}
	}
	for path, lines := range d.lines {
		if len(lines) == 0 {
			delete(d.lines, path) // cleared above
		}
	}
}

// isAttached tells whether cells run under the debugger.
func (d *cellDebug) isAttached() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.attached
}

// Attach makes the cells that run from now on run under the debugger.
func (d *cellDebug) Attach(pathOf func(string) string, events func(debugger.Event)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.attached, d.pathOf, d.events = true, pathOf, events
	if d.lines == nil {
		d.lines = map[string][]int{}
	}
}

// Detach lets stopped goroutines go on, and cells run as without it.
func (d *cellDebug) Detach() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.attached, d.events, d.onPanic = false, nil, false
	d.letPanicGo()
	// The breakpoints stay on their programs' nodes, where yaegi looks
	// only under a debugger; attached again, they are cleared first.
	for path := range d.lines {
		d.lines[path] = nil
	}
	if d.dbg != nil {
		d.applyBreakpoints()
		for g := range d.stops {
			d.dbg.Continue(g)
		}
		clear(d.stops)
	}
}

// SetBreakpoints replaces the breakpoints of the cell at path; they take
// effect at once if a cell runs, and otherwise when the next one starts.
func (d *cellDebug) SetBreakpoints(path string, lines []int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.lines == nil {
		d.lines = map[string][]int{}
	}
	d.lines[path] = slices.Clone(lines)
	d.applyBreakpoints()
}

// Threads are the goroutines of the program under the debugger.
func (d *cellDebug) Threads() []debugger.Thread {
	d.mu.Lock()
	dbg, panicked := d.dbg, d.panicked
	d.mu.Unlock()
	var threads []debugger.Thread
	if panicked != nil {
		threads = append(threads, debugger.Thread{ID: mainGoroutine, Name: "goroutine 1 (the cell, on its panic)"})
	}
	if dbg == nil {
		return threads
	}
	for _, g := range dbg.GoRoutines() {
		name := fmt.Sprintf("goroutine %d", g.ID())
		if g.ID() == mainGoroutine {
			name += " (the cell)"
		}
		threads = append(threads, debugger.Thread{ID: g.ID(), Name: name})
	}
	return threads
}

// Stack is the stack of a stopped goroutine, innermost call first. The
// cell's own statements are the outermost frame, whose scope is the
// variables cells declared.
func (d *cellDebug) Stack(thread int) ([]debugger.Frame, error) {
	d.mu.Lock()
	e := d.stops[thread]
	pathOf, files, running := d.pathOf, d.files, d.running
	if d.panicked != nil && thread == mainGoroutine {
		defer d.mu.Unlock()
		return d.panicked.frames, nil
	}
	d.mu.Unlock()
	if e == nil || pathOf == nil {
		return nil, fmt.Errorf("goroutine %d is not stopped", thread)
	}
	var frames []debugger.Frame
	var fileOf []string
	for _, f := range e.Frames(0, e.FrameDepth()) {
		pos := f.Position()
		fileOf = append(fileOf, pos.Filename)
		fr := debugger.Frame{Name: f.Name(), Line: pos.Line, Column: pos.Column}
		d.mu.Lock()
		if code, ok := files[pos.Filename]; ok {
			fr.Path = pathOf(code)
		}
		d.mu.Unlock()
		for i, s := range f.Scopes() {
			name := "Locals"
			if s.IsClosure() {
				name = "Captured"
			} else if i > 0 {
				name = "Block"
			}
			if vars := userVariables(s.Variables()); len(vars) > 0 {
				fr.Scopes = append(fr.Scopes, debugger.Scope{Name: name, Variables: vars})
			}
		}
		frames = append(frames, fr)
	}
	// The outermost call of the cell's goroutine is the cell itself (its
	// statements run in a function literal, or at the top level): it is
	// named after the cell, and sees the variables cells declared.
	if n := len(frames); n > 0 && thread == mainGoroutine {
		cell := &frames[n-1]
		switch {
		case cell.Name == "<anonymous>" || cell.Name == "<init>":
			cell.Name = cellName(fileOf[n-1])
		case running != nil:
			// Statements at the cell's top level run in yaegi's root
			// frame, which its stacks leave out under a call; where in the
			// cell, it does not say (line 0).
			frames = append(frames, debugger.Frame{Name: running.name, Path: pathOf(running.src)})
			cell = &frames[n]
		}
		cell.Scopes = append(cell.Scopes, debugger.Scope{Name: "Globals", Variables: d.Globals()})
	}
	return frames, nil
}

// cellName is the name of the cell a file name is of: cell[3] for
// cell[3]~1, the second file of an Execute numbered 3.
func cellName(file string) string {
	name, _, _ := strings.Cut(file, "~")
	return name
}

// userVariables are the variables of a scope that the user's code
// declared, not those the cell's rewrites did.
func userVariables(vars []*yaegi.DebugVariable) []debugger.Variable {
	var out []debugger.Variable
	for _, v := range vars {
		if isUserName(v.Name) {
			out = append(out, debugger.Variable{Name: v.Name, Value: v.Value})
		}
	}
	slices.SortFunc(out, func(a, b debugger.Variable) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// isUserName tells a name of the user's from the names gopherlab's
// rewrites use, which start with an underscore, and from the blank.
func isUserName(name string) bool {
	return name != "" && name != "_" && !strings.HasPrefix(name, "_")
}

// Resume lets a stopped goroutine go on, or take a step.
func (d *cellDebug) Resume(thread int, how debugger.Resume) error {
	d.mu.Lock()
	if thread == mainGoroutine && d.letPanicGo() {
		// On its panic, every way on is on: the cell fails with it.
		d.mu.Unlock()
		return nil
	}
	dbg := d.dbg
	_, stopped := d.stops[thread]
	delete(d.stops, thread)
	d.mu.Unlock()
	if dbg == nil || !stopped {
		return fmt.Errorf("goroutine %d is not stopped", thread)
	}
	if how == debugger.Continue {
		return dbg.Continue(thread)
	}
	reason := map[debugger.Resume]yaegi.DebugEventReason{
		debugger.StepOver: yaegi.DebugStepOver, debugger.StepIn: yaegi.DebugStepInto, debugger.StepOut: yaegi.DebugStepOut,
	}[how]
	return dbg.Step(thread, reason)
}

// Pause stops a running goroutine at its next statement.
func (d *cellDebug) Pause(thread int) error {
	d.mu.Lock()
	dbg := d.dbg
	d.mu.Unlock()
	if dbg == nil || !dbg.Interrupt(thread, yaegi.DebugPause) {
		return fmt.Errorf("goroutine %d is not running under the debugger", thread)
	}
	return nil
}

// Globals are the variables and constants cells declared.
func (d *cellDebug) Globals() []debugger.Variable {
	d.in.mu.Lock()
	yi := d.in.yi
	// A compiled cell's variable is the compiled one, not the copy the
	// interpreter declared (compile_vars.go, as Interpreter.global reads it).
	shared := map[string]reflect.Value{}
	for name, cn := range d.in.compiledNames {
		if cn.kind == "var" && cn.value.IsValid() {
			shared[name] = cn.value
		}
	}
	d.in.mu.Unlock()
	var vars []debugger.Variable
	for name, v := range yi.Globals() {
		if !isUserName(name) {
			continue
		}
		if s, ok := shared[name]; ok {
			v = s
		}
		vars = append(vars, debugger.Variable{Name: name, Value: v})
	}
	slices.SortFunc(vars, func(a, b debugger.Variable) int { return strings.Compare(a.Name, b.Name) })
	return vars
}

// TypeName is t as Go names it: main.point for a cell's struct type
// (celltypes.go).
func (d *cellDebug) TypeName(t reflect.Type) string { return typeString(t) }

// FieldNames are the fields of a cell's struct type as declared (yaegi
// exports them: x becomes Xx), nil for other types.
func (d *cellDebug) FieldNames(t reflect.Type) []string {
	if cs, ok := cellStructOf(t); ok {
		return cs.fields
	}
	return nil
}

// reset forgets the programs of a yaegi interpreter that %reset replaced.
func (d *cellDebug) reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	clear(d.programs)
	clear(d.files)
}

// debuggerGap turns the panic of yaegi's debugger when it calls a function
// value made before it was switched on (a frame without its debug data)
// into an error that says so, instead of a nil dereference of nobody's.
func debuggerGap(err error) *Error {
	var p yaegi.Panic
	if !errors.As(err, &p) || !strings.Contains(string(p.Stack), "interp.(*Debugger).enterCall") {
		return nil
	}
	e := &Error{Name: "DebuggerError", Value: "this calls a function value (a closure, a method value) that a cell made " +
		"before the debugger was switched on, which yaegi's debugger cannot run: run that cell again, " +
		"or switch the debugger off"}
	e.Traceback = []string{e.Name + ": " + e.Value}
	return e
}

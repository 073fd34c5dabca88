package interp

import (
	"cmp"
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopherlab/display"
)

// The goroutines that cells start with go statements run under the
// interpreter's watch. A panic in one would end the kernel, as it ends a
// compiled program; here it is reported on the interpreter's standard
// error and the goroutine alone ends. Each registers as it starts and as
// it returns, so that Goroutines (%goroutines) lists those still running
// and Execute tells, after a cell, which of the cell's are left.
//
// yaegi runs the call of a go statement in a goroutine out of reach of any
// guard but one the interpreted code sets up itself, and an interrupt stops
// interpreted code without running its deferred calls. So the goroutine is
// started by compiled code instead (goStart), which keeps the books
// whatever the interpreted code does, and the go statement is rewritten to
// hand it the call:
//
//	go f(a, b)
//
// becomes
//
//	go _gopherlab.GoStarted(_gopherlab.Go("cell[4]:3:2", "go f(a, b)",
//		func() func(func(), func(any)) { return func(_glReady func(), _glPanic func(any)) {
//			defer func() { _glPanic(recover()) }(); defer f(a, b); _glReady() } }()))
//
// (on one line: the user's text keeps its place, see cell.edited).
//
// Go evaluates the function value and the arguments of a go statement in
// the goroutine that runs it, at the statement. The maker, the literal
// called at once, runs in the starting goroutine: it copies the variables
// the call reads, and the function when it is a variable, into variables
// of its own, which the goroutine's function uses instead:
//
//	go f(x, 1)  →  … func() … { _glA0 := x; return func(…) { …; defer f(_glA0, 1); … } }() …
//
// (yaegi's defer would keep the variables, not their values, and read them
// when the call runs, after the starting goroutine changed them, as in
// go worker(i) in a loop). Constants stay where they are, for Go to give
// an untyped one the type of the parameter.
//
// What else the call has to evaluate, calls (go f(next())), receives,
// comparisons (whose untyped result the parameter types), stays in place
// too: the defer statement evaluates it, with Go's own rules, in the new
// goroutine, but goStart then blocks the starting one until _glReady
// signals that the evaluation is over (the argument wait of
// _gopherlab.Go), and hands it a panic of the evaluation, which is the
// starting goroutine's in Go. Then the function returns and the deferred
// call runs, in the new goroutine, where the first deferred function
// recovers its panic and gives it to _glPanic, to report. The go keyword
// remains (edits insert text, and nothing can make an identifier of a
// keyword): it starts GoStarted, which does nothing.
//
// The goroutine's function is made by the maker for two flaws of yaegi's.
// A function literal passed straight to compiled code reads the variables
// of the function around it as they are when it runs, not as they were
// when it was made: a goroutine started in a loop would see a later
// iteration's; one made by a call keeps them. And as the call of a literal
// returns, yaegi writes to the frame the literal was made in: the maker's
// frame is the goroutine's alone, where the frame of the code that goes on
// starting goroutines would race with the write, and could hand the next
// go statement a stale function.
//
// When the call is that of a function literal, go func() { … }(), the
// recovering deferred call goes first in the literal too: a panic
// recovered in the function where it happens leaves no "panic:" lines of
// yaegi's on the standard error.
//
// yaegi mishandles two deferred calls, which get a form of their own:
//   - a call with a spread argument, f(a, xs...), which it calls with the
//     slice as one element: the call runs as it is in the new goroutine,
//     after _glReady() when it has nothing to evaluate, else with
//     (xs)[_gopherlab.GoReady(_glReady):] as its last argument, evaluated
//     last and equal to xs;
//   - panic(v), which it runs at the defer statement: it becomes
//     panic(_gopherlab.GoHold(_glReady, v)).

// Goroutine is a goroutine that a go statement of a cell started and that
// has not returned.
type Goroutine struct {
	// Cell is the execution count of the cell that was running when the
	// goroutine started, or of the last one to run for a goroutine that
	// another started between cells.
	Cell int
	// Pos is the place of the go statement, as cell[4]:3:2. It may be in
	// another cell than Cell: in a function an earlier cell declared.
	Pos string
	// Source is the go statement's text, shortened to one line.
	Source  string
	Started time.Time
}

// Durations of the waits that give goroutines a chance to return.
const (
	// reportGrace is how long Execute waits, when goroutines of the cell
	// are still running at its end, before it reports them: a goroutine
	// that the cell's last statements let go, as in
	//
	//	go fmt.Println("bye")
	//
	// or one a wg.Wait() released, has its last steps to take, and a
	// report that it was still running would be false. 10 ms lets
	// interpreted code take thousands of steps on a busy machine, and is
	// spent only by cells that leave goroutines running. On a loaded
	// machine, where they may not get a CPU within it, the wait goes on
	// while a thread of the process is busy (graceWait).
	reportGrace = 10 * time.Millisecond
	// reportGraceLoaded bounds that wait.
	reportGraceLoaded = 200 * time.Millisecond
	// interruptGrace is how long an interrupt waits, after it cancels
	// display.Context(), for the cell and the goroutines to return before
	// it stops the interpreted code. yaegi's stop ends every interpreted
	// goroutine at its next step, without deferred calls, so a goroutine
	// that watches the context can clean up only before it. 30 ms is
	// plenty for that, and keeps an interrupt well under a tenth of a
	// second.
	interruptGrace = 30 * time.Millisecond
)

// goroutines keeps the books of the goroutines that cells started, and
// the context that display.Context gives them.
type goroutines struct {
	mu      sync.Mutex
	running map[uint64]*tracked
	perExec map[uint64]int // how many are running, by the Execute that started them
	lastID  uint64
	cell    int    // the execution count of the running or last cell
	exec    uint64 // the serial number of the running or last Execute
	// ended is closed, and set to nil, when a goroutine returns: made when
	// someone waits (see wait).
	ended chan struct{}
	// ctx is display.Context(): the context of every cell since the last
	// interrupt. yaegi's stop ends the goroutines of all cells, not only
	// of the cell interrupted, so an interrupt cancels it for them all.
	ctx    context.Context
	cancel context.CancelCauseFunc
}

type tracked struct {
	Goroutine
	id   uint64
	exec uint64
	// stuck tells that an interrupt could not stop it: blocked outside the
	// interpreter, it is not waited for again (see halt).
	stuck bool
}

// begin starts the books of an Execute and returns its serial number and
// the context of its cell.
func (g *goroutines) begin(count int) (uint64, context.Context) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.exec++
	g.cell = count
	if g.ctx == nil || g.ctx.Err() != nil {
		g.ctx, g.cancel = context.WithCancelCause(context.Background())
	}
	return g.exec, g.ctx
}

// interrupt cancels display.Context() for the cells so far.
func (g *goroutines) interrupt(cause error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cancel != nil {
		g.cancel(cause)
	}
}

func (g *goroutines) add(pos, src string) *tracked {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running == nil {
		g.running, g.perExec = map[uint64]*tracked{}, map[uint64]int{}
	}
	g.lastID++
	t := &tracked{
		Goroutine: Goroutine{Cell: g.cell, Pos: pos, Source: src, Started: time.Now()},
		id:        g.lastID,
		exec:      g.exec,
	}
	g.running[t.id] = t
	g.perExec[t.exec]++
	return t
}

func (g *goroutines) remove(t *tracked) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.running, t.id)
	if g.perExec[t.exec]--; g.perExec[t.exec] == 0 {
		delete(g.perExec, t.exec)
	}
	if g.ended != nil {
		close(g.ended)
		g.ended = nil
	}
}

// stoppable counts the goroutines running that no interrupt found stuck;
// g.mu is held.
func (g *goroutines) stoppable() int {
	n := 0
	for _, t := range g.running {
		if !t.stuck {
			n++
		}
	}
	return n
}

// markStuck marks stuck the goroutines running that were not, and returns
// them, oldest first.
func (g *goroutines) markStuck() []Goroutine {
	g.mu.Lock()
	var ts []*tracked
	for _, t := range g.running {
		if !t.stuck {
			t.stuck = true
			ts = append(ts, t)
		}
	}
	g.mu.Unlock()
	slices.SortFunc(ts, func(a, b *tracked) int { return cmp.Compare(a.id, b.id) })
	gs := make([]Goroutine, len(ts))
	for i, t := range ts {
		gs[i] = t.Goroutine
	}
	return gs
}

// list returns the goroutines running that keep(t) selects, oldest first.
func (g *goroutines) list(keep func(*tracked) bool) []Goroutine {
	g.mu.Lock()
	ts := slices.Collect(maps.Values(g.running))
	g.mu.Unlock()
	slices.SortFunc(ts, func(a, b *tracked) int { return cmp.Compare(a.id, b.id) })
	gs := make([]Goroutine, 0, len(ts))
	for _, t := range ts {
		if keep == nil || keep(t) {
			gs = append(gs, t.Goroutine)
		}
	}
	return gs
}

// wait waits until done, called with g.mu held, is true, or for d at
// most: done is checked as goroutines return and when wake is closed.
// It tells whether done became true.
func (g *goroutines) wait(d time.Duration, wake <-chan struct{}, done func() bool) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		g.mu.Lock()
		if done() {
			g.mu.Unlock()
			return true
		}
		if g.ended == nil {
			g.ended = make(chan struct{})
		}
		ended := g.ended
		g.mu.Unlock()
		select {
		case <-timer.C:
			return false
		case <-ended:
		case <-wake:
			wake = nil // closed: it has done its waking
		}
	}
}

// Goroutines returns the goroutines that go statements of cells started
// and that are still running, oldest first.
func (in *Interpreter) Goroutines() []Goroutine {
	return in.goroutines.list(nil)
}

// goStart is _gopherlab.Go, which a rewritten go statement calls (see the
// top of the file): it starts body in a goroutine of its own and, with
// wait, waits until body calls ready, once the go statement's call is
// evaluated. body gives the panics it recovers to report: with wait, one
// before ready is the evaluation's and goes on in the caller; any other is
// the goroutine's, and is reported.
func (in *Interpreter) goStart(pos, src string, wait bool, body func(ready func(), report func(any))) int {
	t := in.goroutines.add(pos, src)
	ready := make(chan struct{})
	returned := make(chan struct{})
	var early any // a panic of the evaluation
	report := func(r any) {
		if r == nil {
			return
		}
		select {
		case <-ready:
		default:
			if wait {
				early = r
				return
			}
		}
		in.reportPanic(r)
	}
	go func() {
		defer in.goroutines.remove(t)
		defer func() {
			// A panic that the interpreted code did not recover, in
			// yaegi's own code, say.
			report(recover())
			select {
			case <-ready:
			default:
				close(returned)
			}
		}()
		body(func() { close(ready) }, report)
	}()
	if !wait {
		return 0
	}
	select {
	case <-ready:
	case <-returned:
		// Without a panic, the evaluation ended without one: an interrupt
		// stopped the interpreted code, which stops the caller's too.
		if early != nil {
			panic(early)
		}
	}
	return 0
}

// goStarted is _gopherlab.GoStarted, what the go keyword of a rewritten
// go statement starts: nothing is left to do.
func goStarted(int) {}

// goReady is _gopherlab.GoReady: it calls ready and returns 0, the start of
// the slice in the last argument of a call with a spread argument.
func goReady(ready func()) int {
	ready()
	return 0
}

// goHold is _gopherlab.GoHold: it calls ready and returns v, the argument
// of go panic(v).
func goHold(ready func(), v any) any {
	ready()
	return v
}

// reportPanic writes a goroutine's panic on the interpreter's standard
// error: in compiled Go it would end the program, here it would end the
// kernel. The line is the one the corpus of cells expects (see
// corpus_test.go's GoPanic); Goroutine.Pos would say where the goroutine
// started, but the Go programs of the corpus cannot print it.
func (in *Interpreter) reportPanic(r any) { in.reportPanicIn("goroutine", r) }

// reportPanicIn writes a panic that gopherlab recovered in where (a
// goroutine, a comm handler) on the interpreter's standard error.
func (in *Interpreter) reportPanicIn(where string, r any) {
	r = goRuntimeError(r)           // runtime_errors.go
	r = in.fmtMethods.panicValue(r) // cellmethods.go
	v := fmt.Sprint(r)
	if err, ok := r.(error); ok {
		v = err.Error()
	}
	fmt.Fprintf(in.panics.w, "panic in %s: %s [recovered by gopherlab]\n", where, v)
}

// beginCell prepares an Execute of cell number count: it makes
// display.Context() the cell's, and returns the context that the cell's
// code runs under, and end, which Execute calls with its results and
// returns the results of.
//
// An interrupt, parent's cancellation, is graceful: it cancels
// display.Context(), and gives the cell and every goroutine interruptGrace
// to return before the cell's context is cancelled, which stops the
// interpreted code and wakes time.Sleep. The cell then ends with a
// KeyboardInterrupt even if it returned by itself, so that the front end
// knows, and aborts the cells queued after it.
//
// end also writes, when goroutines the cell started are still running,
// one line about them on the interpreter's standard error.
func (in *Interpreter) beginCell(parent context.Context, count int) (context.Context, func(*Result, error) (*Result, error)) {
	g := &in.goroutines
	exec, cellCtx := g.begin(count)
	display.SetContext(cellCtx)
	// Values pass; cancellation is the interrupt's to decide.
	ctx, stop := context.WithCancel(context.WithoutCancel(parent))
	returned := make(chan struct{})
	stopInterrupt := context.AfterFunc(parent, func() {
		g.interrupt(fmt.Errorf("cell[%d] interrupted", count))
		// Sleeps are woken with the stop (runProgram), not now: woken
		// now, a loop of prints and sleeps would race through its
		// remaining iterations within the grace.
		g.wait(interruptGrace, returned, func() bool {
			select {
			case <-returned:
				return len(g.running) == 0
			default:
				return false
			}
		})
		stop()
	})
	end := func(res *Result, err error) (*Result, error) {
		close(returned)
		if !stopInterrupt() && err == nil {
			// The interrupt came: what the cell did before it returned
			// stays done, its result is not shown.
			res, err = nil, interrupted()
		}
		stop()
		in.reportRunning(exec)
		return res, err
	}
	return ctx, end
}

// reportRunning writes one line about the goroutines that Execute number
// exec started, if some are still running after reportGrace.
func (in *Interpreter) reportRunning(exec uint64) {
	g := &in.goroutines
	none := func() bool { return g.perExec[exec] == 0 }
	g.mu.Lock()
	quiet := none()
	g.mu.Unlock()
	if quiet || g.graceWait(none) {
		return
	}
	if line := runningLine(g.list(func(t *tracked) bool { return t.exec == exec })); line != "" {
		fmt.Fprintln(in.panics.w, line)
	}
}

// graceWait waits reportGrace for done, and reportGrace more at a time,
// reportGraceLoaded in all, while a thread of the process other than the
// caller's is running or waiting for a CPU (threads_linux.go). It tells
// whether done came true.
func (g *goroutines) graceWait(done func() bool) bool {
	for start := time.Now(); ; {
		if g.wait(reportGrace, nil, done) {
			return true
		}
		busy, ok := busyThreads()
		if !ok || !busy || time.Since(start) >= reportGraceLoaded {
			return false
		}
	}
}

// runningLine says, in one line however many they are, which goroutines
// started by a cell are still running: their number, and the go statements
// that started them, the same ones counted together, the first few only.
func runningLine(gs []Goroutine) string {
	if len(gs) == 0 {
		return ""
	}
	const shown = 3
	var order []string
	counts := map[string]int{}
	for _, g := range gs {
		if counts[g.Pos] == 0 {
			order = append(order, g.Pos)
		}
		counts[g.Pos]++
	}
	var places []string
	for i, pos := range order {
		if i == shown {
			places = append(places, "…")
			break
		}
		if n := counts[pos]; n > 1 {
			pos += " ×" + strconv.Itoa(n)
		}
		places = append(places, pos)
	}
	where := strings.Join(places, ", ")
	if len(gs) == 1 {
		return fmt.Sprintf("1 goroutine started by this cell is still running (%s); %%goroutines lists it", where)
	}
	return fmt.Sprintf("%d goroutines started by this cell are still running (%s); %%goroutines lists them", len(gs), where)
}

// goEdits returns the edits that start the goroutines of the go statements
// in n, a run of cell c, under the interpreter's watch (see the top of the
// file), together with the edits of the other passes (rewrites): an
// argument that a goroutine copies is copied as they edited it, and their
// edits inside it go with it. A statement whose place in the cell is
// unknown is left as it is.
func (in *Interpreter) goEdits(c *cell, n ast.Node, rewrites []edit) []edit {
	fset := in.yi.FileSet()
	off := func(p token.Pos) int {
		o, ok := c.offset(fset.Position(p))
		if !ok {
			return -1
		}
		return o
	}
	kinds := in.nameKinds(c, off)
	var (
		edits        []edit
		copiedRanges [][2]int // the arguments copied with their rewrites
	)
	insert := func(at int, text string) { edits = append(edits, edit{start: at, end: at, text: text}) }
	ast.Inspect(n, func(n ast.Node) bool {
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		call := g.Call
		goOff, start, end := off(g.Go), off(call.Pos()), off(call.End())
		if goOff < 0 || start < 0 || end < start {
			return true
		}
		var (
			bind strings.Builder // what the maker copies
			wait bool            // whether the call has more to evaluate
			more []edit
		)
		copied := func(x ast.Expr, name string) {
			a, b := off(x.Pos()), off(x.End())
			if a < 0 || b < a {
				wait = true
				return
			}
			bind.WriteString(name + " := " + c.inline(a) + c.edited(a, b, rewrites) + "; ")
			more = append(more, edit{start: a, end: b, text: name})
			copiedRanges = append(copiedRanges, [2]int{a, b})
		}
		switch funEvaluation(call.Fun, kinds) {
		case goCopy:
			copied(call.Fun, "_glF")
		case goEvaluate:
			wait = true
		}
		for i, a := range call.Args {
			switch evaluation(a, kinds) {
			case goCopy:
				copied(a, "_glA"+strconv.Itoa(i))
			case goEvaluate:
				wait = true
			}
		}
		// yaegi runs defer panic(v) at once: go panic(v) calls GoHold,
		// which gives v back once evaluated.
		last := len(call.Args) - 1
		isPanic := last == 0 && isIdent(call.Fun, "panic") && kinds(ast.Unparen(call.Fun).(*ast.Ident)) == ""
		wait = wait || isPanic
		at := fset.Position(g.Go)
		pos := fmt.Sprintf("%s:%d:%d", c.name, at.Line, at.Column)
		head := cellPkgName + ".GoStarted(" + cellPkgName + ".Go(" + strconv.Quote(pos) + ", " +
			strconv.Quote(shorten(c.src[goOff:end])) + ", " + strconv.FormatBool(wait) + ", " +
			"func() func(func(), func(any)) { " + bind.String() +
			"return func(_glReady func(), _glPanic func(any)) { " + goRecover
		switch {
		case isPanic:
			a, b := off(call.Args[0].Pos()), off(call.Args[0].End())
			if a < 0 || b < a {
				return true
			}
			insert(start, head)
			insert(a, cellPkgName+".GoHold(_glReady, ")
			insert(b, ")")
			insert(end, " } }()))")
		case call.Ellipsis.IsValid() && last >= 0 && wait:
			// yaegi's defer passes the slice as one element: the call
			// runs as it is, its last argument evaluated last.
			a, b := off(call.Args[last].Pos()), off(call.Args[last].End())
			if a < 0 || b < a {
				return true
			}
			insert(start, head)
			insert(a, "(")
			insert(b, ")["+cellPkgName+".GoReady(_glReady):]")
			insert(end, " } }()))")
		case call.Ellipsis.IsValid():
			insert(start, head+"_glReady(); ")
			insert(end, " } }()))")
		default:
			insert(start, head+"defer ")
			insert(end, "; _glReady() } }()))")
		}
		// After the insertions at start, which go before a replacement
		// of Fun there.
		edits = append(edits, more...)
		if lit, ok := call.Fun.(*ast.FuncLit); ok {
			if a := off(lit.Body.Lbrace); a >= 0 {
				insert(a+1, " "+goRecover)
			}
		}
		return true
	})
	for _, e := range rewrites {
		if !slices.ContainsFunc(copiedRanges, func(r [2]int) bool { return r[0] <= e.start && e.end <= r[1] }) {
			edits = append(edits, e)
		}
	}
	return edits
}

// goRecover recovers a goroutine's panic, for goStart to report.
const goRecover = "defer func() { _glPanic(recover()) }(); "

// isIdent tells whether x is the identifier name.
func isIdent(x ast.Expr, name string) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && id.Name == name
}

// How goEdits has the function or an argument of a go statement's call
// evaluated at the statement.
const (
	// goInert: nothing to evaluate that could change: a constant, a
	// function, a package's member, a function literal.
	goInert = iota
	// goCopy: a variable, or an expression of variables, with a type of its
	// own: the maker copies it, in the starting goroutine, as Go does.
	goCopy
	// goEvaluate: anything else (calls, untyped results of comparisons and
	// shifts, what other rewrites edit): the defer statement evaluates
	// it, in the new goroutine, while the starting one waits.
	goEvaluate
)

// funEvaluation tells how goEdits has the function of a go statement's
// call evaluated: a variable is copied; a method's receiver is not, as it
// cannot be without knowing whether the method takes a pointer, so a
// goroutine running a method of a value sees the changes made to the value
// after the go statement.
func funEvaluation(x ast.Expr, kinds func(*ast.Ident) string) int {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if kinds(x) == "var" {
			return goCopy
		}
		return goInert // a function, a builtin
	case *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.StarExpr:
		if movable(x) {
			return goInert
		}
	case *ast.FuncLit:
		return goInert
	}
	return goEvaluate
}

// evaluation tells how goEdits has an argument x evaluated.
func evaluation(x ast.Expr, kinds func(*ast.Ident) string) int {
	switch x := ast.Unparen(x).(type) {
	case *ast.BasicLit, *ast.FuncLit:
		return goInert
	case *ast.Ident:
		switch kinds(x) {
		case "var", "unknown":
			return goCopy
		}
		return goInert // a constant, a function, a builtin
	case *ast.SelectorExpr:
		if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && kinds(id) == "package" {
			return goInert
		}
		if !movable(x) {
			return goEvaluate
		}
		return goCopy // a field
	case *ast.IndexExpr:
		if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && kinds(id) == "func" {
			return goInert // f[int], a generic function instantiated
		}
		if movable(x) {
			return goCopy
		}
	case *ast.IndexListExpr:
		return goInert
	case *ast.StarExpr, *ast.SliceExpr:
		if movable(x) {
			return goCopy
		}
	case *ast.UnaryExpr:
		switch e := evaluation(x.X, kinds); {
		case x.Op == token.ARROW:
		case e == goInert && x.Op != token.AND:
			return goInert // -1, ^k
		case e == goCopy:
			return goCopy // -x, &x, !ok
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ,
			token.LAND, token.LOR, token.SHL, token.SHR:
			// Untyped results, or operands whose type the context gives.
			if evaluation(x.X, kinds) == goInert && evaluation(x.Y, kinds) == goInert {
				return goInert
			}
			return goEvaluate
		}
		a, b := evaluation(x.X, kinds), evaluation(x.Y, kinds)
		switch {
		case a == goInert && b == goInert:
			return goInert // a constant expression
		case a != goEvaluate && b != goEvaluate:
			return goCopy // typed by its variable: x + 1
		}
	}
	return goEvaluate
}

// movable tells whether x may move to the maker: not when it holds calls
// or function literals, which other rewrites edit, or whose order of
// evaluation the move would change.
func movable(x ast.Expr) bool {
	ok := true
	ast.Inspect(x, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CallExpr, *ast.FuncLit, *ast.CompositeLit, *ast.TypeAssertExpr:
			ok = false
		}
		return ok
	})
	return ok
}

// nameKinds returns what an identifier of cell c names, for goEdits, as
// the type oracle tells it: "var", "const", "func", "type" or "package";
// "" for a builtin function, and "const" for nil; "unknown" for a name
// nothing known declares. off is the identifier's offset in the cell. The
// cell is checked on the first question, which only a go statement asks.
func (in *Interpreter) nameKinds(c *cell, off func(token.Pos) int) func(*ast.Ident) string {
	return func(id *ast.Ident) string {
		at := off(id.Pos())
		if at < 0 {
			return "unknown"
		}
		switch in.typeChecked(c).ObjectAt(at).(type) { // typecheck.go
		case *types.Var:
			return "var"
		case *types.Const, *types.Nil:
			return "const"
		case *types.TypeName:
			return "type"
		case *types.Func:
			return "func"
		case *types.PkgName:
			return "package"
		case *types.Builtin:
			return ""
		}
		return "unknown"
	}
}

// shorten gives the first line of a go statement, at most about 40 bytes
// of it, for lists of goroutines.
func shorten(src string) string {
	const max = 40
	s, _, cut := strings.Cut(src, "\n")
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		i := max
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	if cut {
		s += "…"
	}
	return s
}

package interp

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gopherlab/display"
	"gopherlab/symbols"
)

// eventually polls cond for up to two seconds.
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// quiet waits until no goroutine a cell started is running. yaegi gives
// each run of a cell a new frame of globals (Interpreter.resizeFrame),
// which goroutines read their globals from: the race detector reports, in
// yaegi, a goroutine that runs while a run starts. The tests that run with
// -race let a run start only while the goroutines are blocked or done.
func (h *harness) quiet() {
	h.t.Helper()
	if !eventually(func() bool { return len(h.in.Goroutines()) == 0 }) {
		h.t.Fatalf("Goroutines() = %v, want none", h.in.Goroutines())
	}
}

// The go statement keeps Go's semantics once rewritten: the function value
// and the arguments are evaluated at the statement, with Go's typing.
func TestGoStatement(t *testing.T) {
	h := newHarness(t, "")
	h.exec(`func send(c chan float64, f float64) { c <- f }
type T struct{ n int }
func (t T) M(c chan int) { c <- t.n }
func (t *T) P(c chan int) { c <- t.n }
func sum(c chan int, xs ...int) { s := 0; for _, x := range xs { s += x }; c <- s }
func G[E any](c chan E, e E) { c <- e }
func spawn(c chan int) { go G(c, 7) }
f := make(chan float64)
i := make(chan int)
n := 0
next := func() int { n++; return n }
out := ""`)
	for _, tt := range []struct{ name, stmts, expr, want string }{
		{"untyped constant argument", "go send(f, 1)", "<-f", "1"},
		{"arguments evaluated at the statement", "x := 2.5; go send(f, x); x = 3", "<-f", "2.5"},
		{"global argument evaluated at the statement", "n = 4; go G(i, n); n = 5", "<-i", "4"},
		{"evaluated before the statement ends", "n = 0; go sum(i, next(), 10*next()); m := n", "<-i + 100*m", "221"},
		{"method", "t := T{1}; go t.M(i)", "<-i", "1"},
		{"pointer method", "p := &T{4}; go p.P(i)", "<-i", "4"},
		{"spread argument", "xs := []int{1, 2}; go sum(i, xs...)", "<-i", "3"},
		{"spread argument evaluated at the statement", "xs := []int{1, 2}; go sum(i, xs...); xs = []int{5}", "<-i", "3"},
		{"variadic without spread", "go sum(i, 1, 2, 3)", "<-i", "6"},
		{"no variadic argument", "go sum(i)", "<-i", "0"},
		{"generic function, inferred", "go G(i, 5)", "<-i", "5"},
		{"generic function, instantiated", "go G[float64](f, 5)", "<-f", "5"},
		{"function literal with arguments", "go func(k int) { i <- k }(9)", "<-i", "9"},
		{"function variable", "fv := func(k int) { i <- k }; go fv(3); fv = nil", "<-i", "3"},
		{"package function", "c := make(chan time.Time, 1); go func() { c <- time.Now() }()", "(<-c).IsZero()", "false"},
		{"builtin", "c := make(chan int); go close(c)", "<-c", "0"},
		{"in a function of an earlier cell", "spawn(i)", "<-i", "7"},
		{"nested", "go func() { go G(i, 8) }()", "<-i", "8"},
		{"loop variable captured", "got := make([]int, 3)\nvar wg sync.WaitGroup\nstart := make(chan bool)\nfor k := 0; k < 3; k++ {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); <-start; got[k] = k * k }()\n}\nclose(start)\nwg.Wait()", "got", "[0 1 4]"},
		// Goroutines that return while the loop makes more: yaegi's
		// function literals write to the frame that made them as they
		// return.
		{"goroutines returning during the loop", "var mu sync.Mutex\nvar wg sync.WaitGroup\nhits := 0\nfor k := 0; k < 200; k++ {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tmu.Lock()\n\t\thits++\n\t\tmu.Unlock()\n\t}()\n}\nwg.Wait()", "hits", "200"},
		{"loop variable as argument", "s := 0\nfor k := 1; k <= 3; k++ {\n\tgo G(i, k)\n}\nfor k := 0; k < 3; k++ { s += <-i }", "s", "6"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// One run, inside a block, then nothing until the goroutines are done.
			h.exec("{\n" + tt.stmts + "\nout = fmt.Sprint(" + tt.expr + ")\n}")
			h.quiet()
			if got := h.exec("out"); got != fmt.Sprintf("%q", tt.want) {
				t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
			}
			if s := h.stderr.take(); s != "" {
				t.Errorf("stderr: %q", s)
			}
		})
	}
	// At the top level, the statement as the cell's last.
	h.exec("go G(i, 3)")
	if got := h.exec("<-i"); got != "3" {
		t.Errorf("<-i = %s, want 3", got)
	}
	h.quiet()
	h.exec(`func later(c chan int) { go sum(c, 2, 3) }`)
	if got := h.exec("later(i)\n<-i"); got != "5" {
		t.Errorf("go statement in a declaration: %s, want 5", got)
	}
}

// What goes wrong at a go statement is reported where the user wrote it.
func TestGoStatementErrors(t *testing.T) {
	for _, tt := range []struct {
		code, name, value string
	}{
		{"go undefinedFn(1)", "CompileError", "cell[1]:1:4: undefined: undefinedFn"},
		{"c := make(chan int)\n\tgo close(c, c)", "CompileError", "cell[1]:2:15: invalid operation: too many arguments for close(c, c) (expected 1, found 2)"},
		{"func f(n int) {}\ngo f(\"x\")", "CompileError", `cell[1]:2:6: cannot use "x" (untyped string constant) as int value in argument to f`},
		{"go func() {\n\tundefinedVar++\n}()", "CompileError", "cell[1]:2:2: undefined: undefinedVar"},
		// The arguments are evaluated for the goroutine that runs the go
		// statement: their panic is the cell's, whether the maker copies
		// them or the new goroutine evaluates them.
		{"func f(n int) {}\nvar s []int\ngo f(s[3])", "panic", "index out of range"},
		{"func f(n int) {}\nvar m map[string]int\ngo f(1 / len(m))", "panic", "integer divide by zero"},
	} {
		t.Run(tt.code, func(t *testing.T) {
			h := newHarness(t, "")
			_, err := h.run(tt.code)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if e.Name != tt.name || !strings.Contains(e.Value, tt.value) {
				t.Errorf("got %s: %s; want %s: …%s…", e.Name, e.Value, tt.name, tt.value)
			}
			if strings.Contains(e.Value, "_gl") || strings.Contains(e.Value, cellPkgName) {
				t.Errorf("the error names the rewrite: %s", e.Value)
			}
		})
	}
}

// The evaluation's panic can be recovered by the cell, as in Go.
func TestGoStatementEvaluationRecovered(t *testing.T) {
	h := newHarness(t, "")
	got := h.exec(`func f(n int) {}
func try() (r any) {
	defer func() { r = recover() }()
	var s []int
	go f(s[len(s)+2])
	return nil
}
try() != nil`)
	if got != "true" {
		t.Errorf("recovered = %s, want true", got)
	}
	if got := h.in.Goroutines(); len(got) != 0 {
		t.Errorf("Goroutines() = %v after a failed go statement", got)
	}
}

func TestGoroutinePanics(t *testing.T) {
	h := newHarness(t, "")
	h.exec(`func boom(msg string) { panic(msg) }
type worker struct{ id int }
func (w worker) run() { panic(fmt.Sprint("worker ", w.id)) }`)
	for _, tt := range []struct{ code, value string }{
		{`go func() { panic("literal") }()`, "literal"},
		{`go boom("named")`, "named"},
		{`go worker{7}.run()`, "worker 7"},
		{`fv := boom; go fv("value")`, "value"},
		{`go panic("builtin")`, "builtin"},
		{`go panic(errors.New("an error"))`, "an error"},
		{`e := errors.New("a variable"); go panic(e); e = nil`, "a variable"},
		{`go func() { var m map[string]int; m["a"] = 1 }()`, "assignment to entry in nil map"},
		{`go func() { go boom("nested") }()`, "nested"},
		{`go fmt.Println(boomValue())`, ""}, // a compile error: no goroutine
	} {
		t.Run(tt.code, func(t *testing.T) {
			_, err := h.run(tt.code)
			if tt.value == "" {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := "panic in goroutine: " + tt.value + " [recovered by gopherlab]\n"
			var errs string
			eventually(func() bool { errs += h.stderr.take(); return strings.Contains(errs, want) })
			if errs != want {
				t.Errorf("stderr %q, want %q", errs, want)
			}
			if !eventually(func() bool { return len(h.in.Goroutines()) == 0 }) {
				t.Errorf("Goroutines() = %v, want none", h.in.Goroutines())
			}
		})
	}
	if got := h.exec(`"still alive"`); got != `"still alive"` {
		t.Errorf("got %s", got)
	}
}

func TestGoroutines(t *testing.T) {
	h := newHarness(t, "")
	h.exec("n := 0")
	before := time.Now()
	// The goroutines read no global once started, not to race with the
	// cells that follow (see quiet).
	h.exec(`block := make(chan bool)
wait := func(c chan bool) { <-c }
go wait(block)
for k := 0; k < 2; k++ {
	go wait(block)
}`)
	gs := h.in.Goroutines()
	if len(gs) != 3 {
		t.Fatalf("Goroutines() = %v, want 3", gs)
	}
	want := []string{"cell[2]:3:1", "cell[2]:5:2", "cell[2]:5:2"}
	for i, g := range gs {
		if g.Cell != 2 || g.Pos != want[i] || g.Source != "go wait(block)" {
			t.Errorf("goroutine %d = %+v, want cell 2, %s, go wait(block)", i, g, want[i])
		}
		if g.Started.Before(before) || g.Started.After(time.Now()) || (i > 0 && g.Started.Before(gs[i-1].Started)) {
			t.Errorf("goroutine %d started %v, not in order between %v and now", i, g.Started, before)
		}
	}
	if got, want := h.stderr.take(), "3 goroutines started by this cell are still running (cell[2]:3:1, cell[2]:5:2 ×2); %goroutines lists them\n"; got != want {
		t.Errorf("stderr after the cell %q, want %q", got, want)
	}
	// Later cells report only their own.
	h.exec("go wait(block)\nn++")
	if got, want := h.stderr.take(), "1 goroutine started by this cell is still running (cell[3]:1:1); %goroutines lists it\n"; got != want {
		t.Errorf("stderr after the cell %q, want %q", got, want)
	}
	h.exec("n")
	if got := h.stderr.take(); got != "" {
		t.Errorf("stderr after a cell that started none: %q", got)
	}
	if gs := h.in.Goroutines(); len(gs) != 4 || gs[3].Cell != 3 {
		t.Errorf("Goroutines() = %v, want 4, the last one of cell 3", gs)
	}
	h.exec("close(block)")
	h.quiet()
}

// A cell whose goroutines end as it ends, or just after, leaves nothing to
// report.
func TestGoroutinesNoFalseReport(t *testing.T) {
	h := newHarness(t, "")
	// Each cell is one run (see quiet).
	for _, code := range []string{
		"{\n\tvar wg sync.WaitGroup\n\tfor k := 0; k < 20; k++ {\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done() }()\n\t}\n\twg.Wait()\n}",
		"{\n\tdone := make(chan bool)\n\tgo func(c chan bool) { c <- true }(done)\n\t<-done\n}",
		`go fmt.Sprint("the cell's last statement")`,
		"go func() {}()",
	} {
		h.exec(code)
		if got := h.stderr.take(); got != "" {
			t.Errorf("%s: stderr %q", code, got)
		}
		h.quiet()
	}
}

func TestRunningLine(t *testing.T) {
	at := func(poss ...string) []Goroutine {
		var gs []Goroutine
		for _, p := range poss {
			gs = append(gs, Goroutine{Cell: 4, Pos: p})
		}
		return gs
	}
	many := at("cell[4]:3:2")
	for range 99 {
		many = append(many, at("cell[4]:5:3")...)
	}
	for _, tt := range []struct {
		gs   []Goroutine
		want string
	}{
		{nil, ""},
		{at("cell[4]:3:2"), "1 goroutine started by this cell is still running (cell[4]:3:2); %goroutines lists it"},
		{at("cell[4]:3:2", "cell[4]:7:2"), "2 goroutines started by this cell are still running (cell[4]:3:2, cell[4]:7:2); %goroutines lists them"},
		{many, "100 goroutines started by this cell are still running (cell[4]:3:2, cell[4]:5:3 ×99); %goroutines lists them"},
		{at("cell[4]:1:1", "cell[2]:1:1", "cell[4]:1:1", "cell[4]:2:1", "cell[4]:3:1", "cell[4]:4:1"),
			"6 goroutines started by this cell are still running (cell[4]:1:1 ×2, cell[2]:1:1, cell[4]:2:1, …); %goroutines lists them"},
	} {
		if got := runningLine(tt.gs); got != tt.want {
			t.Errorf("runningLine(%d goroutines) = %q, want %q", len(tt.gs), got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"go f(x)", "go f(x)"},
		{"go f(x,\n\ty)", "go f(x,…"},
		{"go  f( a,   b )", "go f( a, b )"},
		{"go worker(ctx, jobs, results, errors, done, logger)", "go worker(ctx, jobs, results, errors, do…"},
		{"go f(\"ééééééééééééééééééééééé\")", "go f(\"ééééééééééééééééé…"},
	} {
		if got := shorten(tt.src); got != tt.want {
			t.Errorf("shorten(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// Goroutines is called while cells' goroutines start and end; run with
// -race.
func TestGoroutinesConcurrent(t *testing.T) {
	h := newHarness(t, "")
	stop := make(chan bool)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				for _, g := range h.in.Goroutines() {
					if g.Pos == "" {
						t.Error("a goroutine without a position")
					}
				}
			}
		}
	})
	h.exec("{\n\tvar wg sync.WaitGroup\n\tfor k := 0; k < 50; k++ {\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done(); time.Sleep(time.Millisecond) }()\n\t}\n\twg.Wait()\n}")
	h.quiet()
	close(stop)
	wg.Wait()
}

// display.Context() is the running cell's; a cell that ends without an
// interrupt leaves it alone, for the goroutines that go on.
func TestCellContext(t *testing.T) {
	h := newHarness(t, "")
	t.Cleanup(func() { display.SetContext(nil) })
	h.exec("ctx := display.Context()")
	if err := display.Context().Err(); err != nil {
		t.Errorf("display.Context().Err() = %v after the cell", err)
	}
	if got := h.exec("ctx.Err() == nil && ctx == display.Context()"); got != "true" {
		t.Errorf("the next cell's context: %s, want the same, not cancelled", got)
	}
}

// The cost of a go statement, its goroutine included. For scale, plain
// yaegi (without gopherlab's rewrite) takes about 2.7 µs for go work() and
// 6.3 µs for go func() { … }() on the machine these were written on.
func BenchmarkGoStatement(b *testing.B) {
	in, err := New(Options{Packages: symbols.Symbols, Stdout: &buffer{}, Stderr: &buffer{}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	if _, err := in.Execute(ctx, 1, "var wg sync.WaitGroup\nfunc work() { wg.Done() }\nfunc add(n int) { wg.Done() }\nfunc one() int { return 1 }"); err != nil {
		b.Fatal(err)
	}
	for _, form := range []string{
		"go work()",
		"go func() { wg.Done() }()",
		"go add(k)",     // copied by the maker
		"go add(one())", // evaluated by the goroutine while the loop waits
		"work()",        // no goroutine, for scale
	} {
		b.Run(form, func(b *testing.B) {
			code := fmt.Sprintf("wg.Add(%d)\nfor k := 0; k < %d; k++ {\n\t%s\n}\nwg.Wait()", b.N, b.N, form)
			b.ResetTimer()
			if _, err := in.Execute(ctx, 2, code); err != nil {
				b.Fatal(err)
			}
		})
	}
}

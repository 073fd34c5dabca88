package interp

import (
	"context"
	"errors"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fail runs a cell that must fail and returns its *Error.
func (h *harness) fail(code string) *Error {
	h.t.Helper()
	_, err := h.run(code)
	var e *Error
	if !errors.As(err, &e) {
		h.t.Fatalf("cell %q: err = %v, want an *Error", code, err)
	}
	return e
}

const timeUnit = `(s|ms|µs|ns)`

// A run much slower than another (the race detector, a busy machine) adds
// IPython's warning.
var timeitLine = regexp.MustCompile(`^(?:The slowest run took [\d.]+ times longer than the fastest\. ` +
	`This could mean that an intermediate result is being cached\.\n)?[\d.]+ ` + timeUnit + ` ± [\d.]+ ` + timeUnit +
	` per loop \(mean ± std\. dev\. of (\d+) runs?, (\d+) loops? each\)\n$`)

func TestMagicTimeit(t *testing.T) {
	h := newHarness(t, "")
	h.exec("n := 5")
	for _, tc := range []struct {
		code         string
		runs, loops  int // loops 0: chosen
		undefinedNow string
	}{
		{"%timeit -n 10 -r 3 x := n * 2; x++", 3, 10, "x"},
		{"%timeit s := strings.Repeat(\"ab\", n)", 7, 0, "s"},
		{"%%timeit -n 5 -r 2 acc := []int{}\nacc = append(acc, n)\n_ = len(acc)", 2, 5, "acc"},
		// The timed code is Go as a cell's is: what yaegi lacks is
		// rewritten for it too (range over an integer, min, clear).
		{"%timeit -n 3 -r 2 total := 0; for i := range n { total += min(i, 2) }", 2, 3, "total"},
		{"%%timeit -n 2 -r 1 seen := map[int]bool{1: true}\nclear(seen)\nfor k := range 3 { seen[k] = true }", 1, 2, "seen"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			if got := h.exec(tc.code); got != "<none>" {
				t.Errorf("result %s, want none", got)
			}
			out := h.stdout.take()
			m := timeitLine.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("printed %q, want it to match %s", out, timeitLine)
			}
			runs, _ := strconv.Atoi(m[3])
			loops, _ := strconv.Atoi(m[4])
			if runs != tc.runs || loops < 1 || tc.loops != 0 && loops != tc.loops {
				t.Errorf("%d runs of %d loops, want %d runs of %d (0: any ≥ 1)", runs, loops, tc.runs, tc.loops)
			}
			// What the timed code declared went with it.
			if e := h.fail(tc.undefinedNow); !strings.Contains(e.Value, "undefined: "+tc.undefinedNow) {
				t.Errorf("%s after %%timeit: %v, want undefined", tc.undefinedNow, e)
			}
		})
	}
	if got := h.exec("n"); got != "5" {
		t.Errorf("n = %s after %%timeit, want 5", got)
	}
}

func TestMagicTimeitErrors(t *testing.T) {
	h := newHarness(t, "")
	for _, tc := range []struct{ code, name, value string }{
		{"x := 1\n%timeit -n 1 f(", "SyntaxError", "cell[1]:2:16: expected operand"},
		{"x := 2\n%timeit -n 1 -r 1 undefinedThing()", "CompileError", "cell[2]:2:19: undefined: undefinedThing"},
		{"%%timeit -n 1 s := \ny := 1", "SyntaxError", "cell[3]:1:19: expected operand"},
		{"%%timeit -n 1\ny := 1\n+", "SyntaxError", "cell[4]:3:2: expected operand"},
		{"%timeit -n 1 -r 1 return", "MagicError", "returned before its loops ended"},
		{"%timeit -n 1 -r 1 panic(\"boom\")", "panic", "boom"},
	} {
		e := h.fail(tc.code)
		if e.Name != tc.name || !strings.Contains(e.Value, tc.value) {
			t.Errorf("%q: %v, want %s containing %q", tc.code, e, tc.name, tc.value)
		}
	}
}

func TestMagicTimeitGoroutinePanic(t *testing.T) {
	h := newHarness(t, "")
	h.exec(`%timeit -n 1 -r 1 go func() { panic("in a goroutine") }()`)
	deadline := time.Now().Add(5 * time.Second)
	var stderr string
	for !strings.Contains(stderr, "in a goroutine") {
		if time.Now().After(deadline) {
			t.Fatalf("no report of the goroutine's panic on stderr: %q", stderr)
		}
		time.Sleep(10 * time.Millisecond)
		stderr += h.stderr.take()
	}
}

var timeLines = regexp.MustCompile(`CPU times: user [\d.]+ ` + timeUnit + `, sys: [\d.]+ ` + timeUnit +
	`, total: [\d.]+ ` + timeUnit + `\nWall time: [\d.]+ ` + timeUnit + `\n$`)

func TestMagicTime(t *testing.T) {
	h := newHarness(t, "")
	for _, tc := range []struct{ code, result string }{
		{"%time x := 21 * 2", "<none>"},
		{"%time x", "42"},
		{"%%time\ny := x + 1\ny", "43"},
		{"z := 1\n%time z++\nz", "2"},
	} {
		if got := h.exec(tc.code); got != tc.result {
			t.Errorf("%q: result %s, want %s", tc.code, got, tc.result)
		}
		if out := h.stdout.take(); !timeLines.MatchString(out) {
			t.Errorf("%q printed %q, want it to match %s", tc.code, out, timeLines)
		}
	}
	// The statement keeps its place in the cell.
	e := h.fail("a := 1\n\t%time b := nothing")
	if e.Name != "CompileError" || !strings.HasPrefix(e.Value, "cell[5]:2:13: undefined: nothing") {
		t.Errorf("%v, want the error at cell[5]:2:13", e)
	}
	want := []string{"\t%time b := nothing", "\t           ^"}
	if len(e.Traceback) != 3 || e.Traceback[1] != "    "+want[0] || e.Traceback[2] != "    "+want[1] {
		t.Errorf("traceback %q, want the cell's own line and a caret under nothing", e.Traceback)
	}
	h.stdout.take()
}

func TestMagicMixed(t *testing.T) {
	h := newHarness(t, "")
	if got := h.exec("a := 1\n!echo hi\nb := a + 1\n%env GOPHERLAB_MAGIC_MIXED=1\nb"); got != "2" {
		t.Errorf("result %s, want 2", got)
	}
	defer os.Unsetenv("GOPHERLAB_MAGIC_MIXED")
	if out := h.stdout.take(); out != "hi\nenv: GOPHERLAB_MAGIC_MIXED=1\n" {
		t.Errorf("stdout %q", out)
	}
	// Imports of one piece serve the next, and errors name the cell's lines.
	if got := h.exec("import \"strings\"\n!true\nstrings.ToUpper(\"go\")"); got != `"GO"` {
		t.Errorf("result %s", got)
	}
	e := h.fail("c := 1\n!true\nd := c + undefinedOne\n")
	if e.Name != "CompileError" || !strings.HasPrefix(e.Value, "cell[3]:3:10: undefined: undefinedOne") {
		t.Errorf("%v, want an error at cell[3]:3:10", e)
	}
}

func TestMagicUsageError(t *testing.T) {
	h := newHarness(t, "")
	e := h.fail("x := 1\n%tme x")
	want := []string{"UsageError: unknown magic %tme; did you mean %time?", "    %tme x", "    ^"}
	if strings.Join(e.Traceback, "\n") != strings.Join(want, "\n") {
		t.Errorf("traceback %q, want %q", e.Traceback, want)
	}
	if e := h.fail("x"); !strings.Contains(e.Value, "undefined: x") {
		t.Errorf("the cell ran before its magics were checked: %v", e)
	}
}

func TestMagicHelp(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%help")
	out := h.stdout.take()
	for _, name := range []string{"%time", "%timeit", "%env", "%gomaxprocs", "%who", "%reset", "%goroutines", "!COMMAND"} {
		if !strings.Contains(out, "\n"+name) {
			t.Errorf("%%help lacks %s:\n%s", name, out)
		}
	}
}

func TestMagicEnv(t *testing.T) {
	h := newHarness(t, "")
	t.Setenv("GOPHERLAB_MAGIC_ENV", "")
	h.exec("%env GOPHERLAB_MAGIC_ENV=round trip")
	if got := h.exec(`os.Getenv("GOPHERLAB_MAGIC_ENV")`); got != `"round trip"` {
		t.Errorf("the cell sees %s", got)
	}
	h.exec(`os.Setenv("GOPHERLAB_MAGIC_ENV", "back")`)
	h.stdout.take()
	h.exec("%env GOPHERLAB_MAGIC_ENV")
	if out := h.stdout.take(); out != "env: GOPHERLAB_MAGIC_ENV=round trip\nback\n" && out != "back\n" {
		t.Errorf("%%env printed %q", out)
	}
}

func TestMagicGOMAXPROCS(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	h := newHarness(t, "")
	h.exec("%gomaxprocs 1")
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Errorf("GOMAXPROCS %d after %%gomaxprocs 1", got)
	}
	h.exec("%gomaxprocs " + strconv.Itoa(prev))
	want := "GOMAXPROCS set to 1 (was " + strconv.Itoa(prev) + "; NumCPU " + strconv.Itoa(runtime.NumCPU()) + ")\n" +
		"GOMAXPROCS set to " + strconv.Itoa(prev) + " (was 1; NumCPU " + strconv.Itoa(runtime.NumCPU()) + ")\n"
	if out := h.stdout.take(); out != want {
		t.Errorf("printed %q, want %q", out, want)
	}
	if got := runtime.GOMAXPROCS(0); got != prev {
		t.Errorf("GOMAXPROCS %d, want %d back", got, prev)
	}
}

func TestMagicWho(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%who")
	if out := h.stdout.take(); out != "No names declared by cells.\n" {
		t.Errorf("%%who before any cell: %q", out)
	}
	h.exec("x := 1\nfunc f(a int) string { return \"\" }\ntype T struct{ A int }\nconst c = 3\nvar s = []string{}\nt := T{1}")
	h.exec("%who")
	out := h.stdout.take()
	for _, line := range []string{
		`NAME\s+KIND\s+TYPE`,
		`T\s+type\s+struct{ A int }`,
		`c\s+const\s+untyped int`,
		`f\s+func\s+func\(a int\) string`,
		`s\s+var\s+\[\]string`,
		`t\s+var\s+T`,
		`x\s+var\s+int`,
	} {
		if !regexp.MustCompile(`(?m)^` + line + `$`).MatchString(out) {
			t.Errorf("%%who has no line %s:\n%s", line, out)
		}
	}
	if i, j := strings.Index(out, "\nT "), strings.Index(out, "\nx "); i < 0 || j < i {
		t.Errorf("%%who not sorted:\n%s", out)
	}
	h.exec("%who func")
	if out := h.stdout.take(); strings.Contains(out, "\nx ") || !strings.Contains(out, "\nf ") {
		t.Errorf("%%who func:\n%s", out)
	}
}

func TestMagicReset(t *testing.T) {
	h := newHarness(t, "")
	h.exec("import m \"math\"\nkept := 7\nfunc g() int { return 1 }")
	h.exec("type T struct{ a int }")
	h.exec("type T struct{ a, b int }") // a second version of T
	h.exec("%reset")
	// Everything cells left in the books is gone, by construction.
	h.in.mu.Lock()
	if !reflect.DeepEqual(h.in.cellState.imports, map[string]string{}) || len(h.in.globals) != 0 ||
		len(h.in.methods) != 0 || len(h.in.types.version) != 0 {
		t.Errorf("after %%reset the books hold imports %v, globals %d, methods %d, type versions %v",
			h.in.imports, len(h.in.globals), len(h.in.methods), h.in.types.version)
	}
	h.in.mu.Unlock()
	if out := h.stdout.take(); !strings.HasPrefix(out, "Reset: ") {
		t.Errorf("%%reset printed %q", out)
	}
	for _, name := range []string{"kept", "g()", "m.Pi"} {
		if e := h.fail(name); e.Name != "CompileError" || !strings.Contains(e.Value, "undefined") {
			t.Errorf("%s after %%reset: %v, want undefined", name, e)
		}
	}
	h.exec("%who")
	if out := h.stdout.take(); out != "No names declared by cells.\n" {
		t.Errorf("%%who after %%reset: %q", out)
	}
	// The fresh interpreter works, with the same streams.
	if got := h.exec("kept := 8\nfmt.Println(\"out\")\nkept"); got != "8" {
		t.Errorf("kept = %s", got)
	}
	if out := h.stdout.take(); out != "out\n" {
		t.Errorf("stdout after %%reset: %q", out)
	}
}

func TestMagicGoroutines(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%goroutines")
	if out := h.stdout.take(); out != "No goroutine started by a cell is running.\n" {
		t.Errorf("with none running: %q", out)
	}
	h.exec("stop := make(chan bool)\ngo func() { <-stop }()")
	h.stderr.take() // the report of the goroutine left running
	h.exec("%goroutines")
	out := h.stdout.take()
	for _, want := range []string{"1 goroutine started by a cell is running:", "cell[", "started ", "go func() { <-stop }()"} {
		if !strings.Contains(out, want) {
			t.Errorf("%%goroutines lacks %q:\n%s", want, out)
		}
	}
	h.exec("close(stop)")
}

func TestMagicShell(t *testing.T) {
	h := newHarness(t, "")
	h.exec("!echo out; echo err >&2")
	if out, errs := h.stdout.take(), h.stderr.take(); out != "out\n" || errs != "err\n" {
		t.Errorf("stdout %q, stderr %q", out, errs)
	}
	e := h.fail("x := 1\n!false")
	want := []string{"MagicError: !false: exit status 1", "    !false", "    ^"}
	if strings.Join(e.Traceback, "\n") != strings.Join(want, "\n") {
		t.Errorf("traceback %q, want %q", e.Traceback, want)
	}
}

func TestMagicShellInterrupted(t *testing.T) {
	h := newHarness(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := h.in.Execute(ctx, 1, "!sleep 10")
	var e *Error
	if !errors.As(err, &e) || e.Name != "KeyboardInterrupt" {
		t.Errorf("err = %v, want KeyboardInterrupt", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("returned %v after the start, want < 1s", d)
	}
}

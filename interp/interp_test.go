package interp

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopherlab/display"
	"gopherlab/symbols"
)

// buffer is a bytes.Buffer safe for the goroutines of cells.
type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// take returns what was written and empties the buffer.
func (b *buffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.b.String()
	b.b.Reset()
	return s
}

type harness struct {
	t              *testing.T
	in             *Interpreter
	stdout, stderr *buffer
	count          int
}

func newHarness(t *testing.T, stdin string) *harness {
	t.Helper()
	h := &harness{t: t, stdout: &buffer{}, stderr: &buffer{}}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: h.stdout, Stderr: h.stderr, Stdin: strings.NewReader(stdin)})
	if err != nil {
		t.Fatal(err)
	}
	h.in = in
	return h
}

// exec runs a cell that must succeed and returns its text/plain result, or
// "<none>" when it has none.
func (h *harness) exec(code string) string {
	h.t.Helper()
	res, err := h.run(code)
	if err != nil {
		h.t.Fatalf("cell %q: %v", code, err)
	}
	if res == nil {
		return "<none>"
	}
	return res.Data[display.MIMEText].(string)
}

func (h *harness) run(code string) (*Result, error) {
	h.count++
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return h.in.Execute(ctx, h.count, code)
}

func TestExecute(t *testing.T) {
	// The cells run in order in one interpreter: each may use what the
	// ones before it defined.
	cells := []struct {
		code, result, stdout string
	}{
		{code: `1+1`, result: "2"},
		{code: `"gopher"`, result: `"gopher"`},
		{code: `fmt.Println("hello")`, result: "<none>", stdout: "hello\n"},
		{code: `fmt.Printf("%d\n", 7)`, result: "<none>", stdout: "7\n"},
		{code: `x := 21`, result: "<none>"},
		{code: `x * 2`, result: "42"},
		{code: "import \"strings\"\nfunc shout(s string) string { return strings.ToUpper(s) + \"!\" }\ny := shout(\"hi\")\ntype pair struct{ a, b int }\nconst k = 3\nfmt.Println(y)\npair{x, k}",
			result: "{21 3}", stdout: "HI!\n"},
		{code: `shout("again")`, result: `"AGAIN!"`},
		{code: `var z = x + k; z`, result: "24"},
		{code: `func nothing() {}; nothing()`, result: "<none>"},
		{code: `strconv.Atoi("12")`, result: "12, <nil>"},
		{code: `math.Sqrt(16)`, result: "4"},
		{code: `map[string]int{"b": 2, "a": 1}`, result: "map[a:1 b:2]"},
		{code: `[]string{"a", "b"}`, result: "[a b]"},
		{code: `func() int { return 5 }()`, result: "5"},
		{code: `// only a comment`, result: "<none>"},
		{code: ``, result: "<none>"},
		// Redefinitions, which Go forbids in one file, are a notebook's daily bread.
		{code: `x := "now a string"; x`, result: `"now a string"`},
		{code: `func shout(s string) string { return s + "?" }; shout("what")`, result: `"what?"`},
		{code: `var z = "z"; z`, result: `"z"`},
		// A loop variable is the loop's, even with a global of that name.
		{code: `i := 100; for i := 0; i < 3; i++ {}; i`, result: "100"},
		{code: `if x := 1; x > 0 { fmt.Println("if") }; x`, result: `"now a string"`, stdout: "if\n"},
		{code: "total := 0\nfor _, v := range []int{1, 2, 3} { total += v }\ntotal", result: "6"},
		{code: `outer: for { for { break outer } }; "out"`, result: `"out"`},
		// An unused import is no error.
		{code: `import "sort"`, result: "<none>"},
		// Imports persist, and importing again is no error.
		{code: "import \"sort\"\ns := []int{3, 1, 2}\nsort.Ints(s)\ns", result: "[1 2 3]"},
		{code: `import "math/rand"; rand.New(rand.NewSource(1)) != nil`, result: "true"},
		{code: `import "crypto/rand"; rand.Reader != nil`, result: "true"},
		{code: `errors.New("e")`, result: "e"},
		{code: `time.Duration(90) * time.Second`, result: "1m30s"},
		{code: `fmt.Sprint(1, 2)`, result: `"1 2"`},
		// Go's recover is the interpreter's (rewrite_recover.go).
		{code: "func safe() (got any) {\n\tdefer func() { got = recover() }()\n\tpanic(\"caught\")\n}\nsafe()", result: `"caught"`},
		// A global function named recover, of an earlier cell, is called
		// as it is: its reflect.Value is not unwrapped as a panic's is.
		{code: "func recover() any { return reflect.ValueOf(\"mine\") }", result: "<none>"},
		{code: "fmt.Sprintf(\"%T\", recover())", result: `"reflect.Value"`},
		// iter.Seq[0] of a variable named iter is an index, not the
		// iterator type the rewrites write out.
		{code: "iter := struct{ Seq []int }{[]int{5}}\niter.Seq[0]", result: "5"},
	}
	h := newHarness(t, "")
	for _, c := range cells {
		if got := h.exec(c.code); got != c.result {
			t.Errorf("cell %q: result %q, want %q", c.code, got, c.result)
		}
		if got := h.stdout.take(); got != c.stdout {
			t.Errorf("cell %q: stdout %q, want %q", c.code, got, c.stdout)
		}
	}
	if s := h.stderr.take(); s != "" {
		t.Errorf("stderr: %q", s)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		code, name, value string
		traceback         []string // lines the traceback must contain, in order
	}{
		{code: "x := 1\ny := foo + x", name: "CompileError", value: "cell[1]:2:6: undefined: foo",
			traceback: []string{"CompileError: cell[1]:2:6: undefined: foo", "    y := foo + x", "         ^"}},
		{code: "\tfmt.Println(nope)", name: "CompileError", value: "cell[1]:1:14: undefined: nope",
			traceback: []string{"    \tfmt.Println(nope)", "    \t            ^"}},
		{code: "x := 1 +", name: "SyntaxError", value: "cell[1]:1:9: expected operand, found '}'"},
		{code: "func f() {\n\treturn 1\n}", name: "CompileError", value: "cell[1]:2:9: too many return values\n\thave (number)\n\twant ()"},
		{code: `fmt.Printline("x")`, name: "CompileError", value: `cell[1]:1:1: package fmt "fmt" has no symbol Printline`},
		{code: `import "no/such/package"`, name: "CompileError"},
		{code: `panic("boom")`, name: "panic", value: "boom", traceback: []string{"panic: boom", "(cell)", "\tcell[1]:1:1"}},
		{code: "func inner() { panic(errors.New(\"deep\")) }\nfunc outer() { inner() }\nouter()", name: "panic", value: "deep",
			traceback: []string{"panic: deep", "main.inner", "\tcell[1]:1:22", "main.outer", "\tcell[1]:2:16", "(cell)", "\tcell[1]:3:1"}},
		{code: "var m map[string]int\nm[\"a\"] = 1", name: "panic", value: "assignment to entry in nil map"},
		{code: `os.Exit(3)`, name: "exit", value: "exit status 3"},
		{code: "v := reflect.TypeAssert[int](reflect.ValueOf(3))", name: "CompileError", value: "cell[1]:1:1: assignment mismatch: 1 variable but reflect.TypeAssert returns 2 values"},
		{code: "func mk() func() int { return nil }\nk := sync.OnceValue(mk())", name: "CompileError",
			value: "cell[1]:2:1: the type of sync.OnceValue's result is not known here, and yaegi needs it for a variable declared at the top level of a cell: declare it with its type and assign it, or declare it inside a function"},
		// A standard package's generic, which no table holds, is an
		// instance the Go compiler builds (instantiate.go), of compiled
		// types only.
		{code: "import \"sync/atomic\"\ntype celsius float64\nvar p atomic.Pointer[celsius]", name: "CompileError",
			value:     "cell[1]:3:7: atomic.Pointer is generic, and the interpreter reaches the compiled package sync/atomic only through reflect, which has no generics, so gopherlab has the Go compiler instantiate it; it cannot here: its type argument celsius is declared by an interpreted cell, which the Go compiler cannot see: declare it in a %%compile cell",
			traceback: []string{"    var p atomic.Pointer[celsius]", "          ^"}},
		{code: "import \"unique\"\ntype key struct{ a, b int }\nh := unique.Make(key{1, 2})", name: "CompileError",
			value: "cell[1]:3:6: unique.Make is generic, and the interpreter reaches the compiled package unique only through reflect, which has no generics, so gopherlab has the Go compiler instantiate it; it cannot here: its type argument key is declared by an interpreted cell, which the Go compiler cannot see: declare it in a %%compile cell"},
		{code: "import \"embed\"", name: "CompileError", value: "cell[1]:1:8: package embed is not supported in a cell: it serves //go:embed, which a cell cannot use; read the file with os.ReadFile instead"},
		{code: "//go:embed hello.txt\nvar s string", name: "CompileError", value: "cell[1]:1:1: //go:embed is not supported in a cell: a cell has no package directory to embed files from; read the file with os.ReadFile instead"},
		// Go's error, not the order the cell had to run in.
		{code: "fmt.Println(g())\nv := nosuch()\nfunc g() int { return v }", name: "CompileError", value: "cell[1]:2:6: undefined: nosuch"},
		{code: "for i := 0; i < 2; i++ {\n\tdefer fmt.Println(i)\n}", name: "CompileError", value: "cell[1]:2:2: defer in a block at the top level of a cell is not supported: move it out of the block, or the block into a function"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			h := newHarness(t, "")
			_, err := h.run(tt.code)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if e.Name != tt.name || (tt.value != "" && e.Value != tt.value) {
				t.Errorf("got %s: %s; want %s: %s", e.Name, e.Value, tt.name, tt.value)
			}
			if tt.traceback != nil && !containsInOrder(e.Traceback, tt.traceback) {
				t.Errorf("traceback %q does not contain %q", e.Traceback, tt.traceback)
			}
			for _, l := range e.Traceback {
				if strings.Contains(l, "_.go") || strings.Contains(l, "~") {
					t.Errorf("traceback names an internal file: %q", l)
				}
			}
		})
	}
}

func containsInOrder(lines, want []string) bool {
	i := 0
	for _, l := range lines {
		if i < len(want) && l == want[i] {
			i++
		}
	}
	return i == len(want)
}

// A failing cell keeps what ran before the failure, and the interpreter
// goes on.
func TestErrorKeepsState(t *testing.T) {
	h := newHarness(t, "")
	if _, err := h.run("a := 1\npanic(\"stop\")\na = 2"); err == nil {
		t.Fatal("no error")
	}
	if got := h.exec("a"); got != "1" {
		t.Errorf("a = %s, want 1", got)
	}
	if _, err := h.run("b := 2 +"); err == nil {
		t.Fatal("no syntax error")
	}
	if _, err := h.run("b"); err == nil {
		t.Error("a cell with a syntax error ran in part")
	}
}

func TestStdio(t *testing.T) {
	h := newHarness(t, "first line\nsecond\n")
	h.exec(`fmt.Fprintln(os.Stdout, "out")`)
	h.exec(`fmt.Fprintln(os.Stderr, "err")`)
	h.exec(`log.SetFlags(0); log.Println("logged")`)
	got := h.exec("sc := bufio.NewScanner(os.Stdin)\nsc.Scan()\nsc.Text()")
	if got != `"first line"` {
		t.Errorf("read %s from stdin, want \"first line\"", got)
	}
	if out := h.stdout.take(); out != "out\n" {
		t.Errorf("stdout = %q", out)
	}
	if errs := h.stderr.take(); errs != "err\nlogged\n" {
		t.Errorf("stderr = %q", errs)
	}
}

func TestGoroutinePanic(t *testing.T) {
	h := newHarness(t, "")
	// Blocks keep each cell one run, and quiet lets no goroutine run into
	// the next cell: yaegi races with itself otherwise (see quiet).
	h.exec("{\n\tdone := make(chan bool)\n\tgo func() {\n\t\tdefer close(done)\n\t\tpanic(\"in a goroutine\")\n\t}()\n\t<-done\n}")
	h.quiet()
	h.exec("func spawn(c chan bool) { go func() { defer close(c); panic(\"from a func\") }() }")
	h.exec("{\n\tc := make(chan bool)\n\tspawn(c)\n\t<-c\n}")
	h.quiet() // the report is written after close runs
	errs := h.stderr.take()
	for _, want := range []string{"panic in goroutine: in a goroutine", "panic in goroutine: from a func"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q lacks %q", errs, want)
		}
	}
	if got := h.exec(`"still alive"`); got != `"still alive"` {
		t.Errorf("got %s", got)
	}
}

type sink struct {
	mu   sync.Mutex
	data []map[string]any
}

func (s *sink) Publish(data, _ map[string]any, _ string, _ bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = append(s.data, data)
}

func (s *sink) Clear(bool) {}

func TestDisplay(t *testing.T) {
	s := &sink{}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: &buffer{}, Stderr: &buffer{}, Display: s})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { display.SetSink(nil) })
	res, err := in.Execute(context.Background(), 1, `display.HTML("<b>hi</b>")`)
	if err != nil || res != nil {
		t.Fatalf("display.HTML: %v, %v", res, err)
	}
	res, err = in.Execute(context.Background(), 2,
		"type card struct{ title string }\nfunc (c card) HTML() string { return \"<h1>\" + c.title + \"</h1>\" }\ncard{\"T\"}")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{display.MIMEText: "{T}", display.MIMEHTML: "<h1>T</h1>"}
	if !reflect.DeepEqual(res.Data, want) {
		t.Errorf("result of a type with HTML() = %v, want %v", res.Data, want)
	}
	if _, err := in.Execute(context.Background(), 3, `display.Show(card{"S"})`); err != nil {
		t.Fatal(err)
	}
	res, err = in.Execute(context.Background(), 4,
		"type celsius float64\nfunc (c celsius) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }\ncelsius(21.5)")
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Data[display.MIMEText]; got != "21.5°C" {
		t.Errorf("result of a Stringer = %q", got)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.data) != 2 || s.data[0][display.MIMEHTML] != "<b>hi</b>" || s.data[1][display.MIMEHTML] != "<h1>S</h1>" {
		t.Errorf("published %v", s.data)
	}
}

// The kernel runs user_expressions and silent cells with an execution
// count that was used before; imports must still work.
func TestRepeatedCount(t *testing.T) {
	h := newHarness(t, "")
	for range 3 {
		res, err := h.in.Execute(context.Background(), 1, "import \"strings\"\nstrings.Repeat(\"a\", 2)")
		if err != nil || res.Data[display.MIMEText] != `"aa"` {
			t.Fatalf("got %v, %v", res, err)
		}
	}
	_, err := h.in.Execute(context.Background(), 1, "undefinedName")
	if err == nil || err.(*Error).Value != "cell[1]:1:1: undefined: undefinedName" {
		t.Errorf("err = %v", err)
	}
}

func TestHideResult(t *testing.T) {
	h := newHarness(t, "")
	for code, want := range map[string]string{
		`fmt.Print("")`:              "<none>",
		`fmt.Fprintf(os.Stdout, "")`: "<none>",
		`os.Stdout.Write([]byte{})`:  "<none>",
		`strconv.Atoi("x")`:          `0, strconv.Atoi: parsing "x": invalid syntax`,
		`len("four")`:                "4",
		`func Print() (int, error) { return 1, nil }; Print()`: "<none>",
	} {
		if got := h.exec(code); got != want {
			t.Errorf("%s: result %q, want %q", code, got, want)
		}
	}
}

// TestOptionsPackages checks that the compiled packages cells can import
// besides the standard library are the ones the Options give: another
// program's own package is imported, completed and inspected as
// gopherlab's are, and without the Options' tables gopherlab/lab is not
// there at all.
func TestOptionsPackages(t *testing.T) {
	greet := map[string]map[string]reflect.Value{"example.com/greet/greet": {
		"Hello": reflect.ValueOf(func(name string) string { return "hello, " + name }),
	}}
	out := &buffer{}
	in, err := New(Options{Stdout: out, Stderr: out, Packages: greet})
	if err != nil {
		t.Fatal(err)
	}
	res, err := in.Execute(context.Background(), 1, "import \"example.com/greet\"\ngreet.Hello(\"go\")")
	if err != nil || res == nil || res.Data["text/plain"] != `"hello, go"` {
		t.Errorf("greet.Hello: %v, %v", res, err)
	}
	code := "greet.He"
	if got := in.Complete(code, len(code)).Matches; !slices.Contains(got, "Hello") {
		t.Errorf("Complete(%q) = %q, want Hello among them", code, got)
	}
	if _, err := in.Execute(context.Background(), 2, "import \"gopherlab/lab\""); err == nil || !strings.Contains(err.Error(), "gopherlab/lab") {
		t.Errorf("gopherlab/lab, which the Options do not give: %v, want an error that names it", err)
	}
}

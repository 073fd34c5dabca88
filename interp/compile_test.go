package interp

import (
	"strings"
	"testing"
)

// compiledCell is a %%compile cell of the tests: a type with real methods,
// an error type, a recursive function, and variables its statements
// define, its trailing expression its value.
const compiledCell = `%%compile
import (
	"encoding/json"
	"fmt"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func (c Celsius) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

type TooHot struct{ At Celsius }

func (e *TooHot) Error() string { return "too hot: " + e.At.String() }

func Check(c Celsius) error {
	if c > 40 {
		return &TooHot{c}
	}
	return nil
}

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

const Limit = 40

readings := map[string]Celsius{"noon": 31.5}
var total Celsius
for _, r := range readings {
	total += r
}
fib(25)`

// A compiled cell's declarations are the interpreter's afterwards, and
// behave as in a Go program: fmt and encoding/json call the type's own
// methods, %T names it (by the cell's package: cell1 for In[1]), errors.As finds the compiled error type, and the
// variables its statements defined keep their values.
func TestCompileCell(t *testing.T) {
	h := newHarness(t, "")
	if got := h.exec(compiledCell); got != "75025" {
		t.Fatalf("the compiled cell's value: %s", got)
	}
	for _, tt := range []struct{ code, want string }{
		{`fmt.Sprint([]Celsius{20, 37.5}, readings)`, `"[20.0°C 37.5°C] map[noon:31.5°C]"`},
		{`fmt.Sprintf("%T %v", Celsius(1), total)`, `"main.Celsius 31.5°C"`},
		{"b, _ := json.Marshal([]Celsius{1})\nstring(b)", "\"[\\\"1.0°C\\\"]\""},
		{"var hot *TooHot\nerr := Check(45)\nfmt.Sprint(errors.As(err, &hot), hot.At, err)", `"true 45.0°C too hot: 45.0°C"`},
		{"fib(20) + Limit", "6805"},
		// The function is the interpreter's to redefine, as any cell's.
		{"func fib(n int) int { return -n }\nfib(3)", "-3"},
	} {
		if got := h.exec(tt.code); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.code, got, tt.want)
		}
	}
	// Compiled again, the cell's names are the new ones.
	h.exec(strings.Replace(compiledCell, `"%.1f°C"`, `"%.0f degrees"`, 1))
	if got := h.exec(`fmt.Sprint(Celsius(20), fib(10))`); got != `"20 degrees 55"` {
		t.Errorf("after the cell compiled again: %s", got)
	}
}

// What a compiled cell cannot do is a CompileError at the line that does
// it, and the interpreter goes on.
func TestCompileCellErrors(t *testing.T) {
	h := newHarness(t, "")
	h.exec("kept := 7")
	for _, tt := range []struct{ code, want string }{
		{"%%compile\ny := kept + 1", "cell[2]:2:6: undefined: kept (a %%compile cell sees its own declarations, the types, functions and constants of earlier compiled cells, and the packages it imports, not what interpreted cells declared)"},
		{"%%compile\nvar n int\nfunc bump() { n += \"one\" }", "cell[3]:3:15: invalid operation: n += \"one\" (mismatched types int and untyped string)"},
		{"%%compile\nimport \"gopherlab/lab\"\nvar _ = lab.Pow", "cell[4]: %%compile cannot import gopherlab/lab yet: a compiled cell imports the standard library"},
		{"%%compile\nx := 1 +", "cell[5]:3:1: expected operand, found '}'"}, // as go run says it
		// In a function that uses the cell's variables, checked apart.
		{"%%compile\nvar m int\nfunc add() { m += missing }", "cell[6]:3:19: undefined: missing (a %%compile cell sees its own declarations"},
	} {
		_, err := h.run(tt.code)
		e, isError := err.(*Error) // as the kernel reports it
		if !isError {
			t.Errorf("%q: err = %#v, want an *Error", tt.code, err)
			continue
		}
		if e.Name != "CompileError" && e.Name != "SyntaxError" || !strings.HasPrefix(e.Value, tt.want) {
			t.Errorf("%q: %s: %q, want a CompileError starting %q", tt.code, e.Name, e.Value, tt.want)
		}
	}
	if e := h.fail("%%compile\n%time x := 1"); e.Name != "UsageError" || !strings.Contains(e.Value, "a compiled cell has no magics") {
		t.Errorf("a magic in a compiled cell: %s: %s", e.Name, e.Value)
	}
	if got := h.exec("kept"); got != "7" {
		t.Errorf("kept = %s after the failed cells", got)
	}
}

// A panic in compiled code is the cell's, in Go's words, with the cell's
// line.
func TestCompileCellPanic(t *testing.T) {
	h := newHarness(t, "")
	e := h.fail("%%compile\nxs := []int{1, 2, 3}\ni := 5\nxs[i] = 1")
	if e.Name != "panic" || e.Value != "runtime error: index out of range [5] with length 3" {
		t.Fatalf("%s: %q", e.Name, e.Value)
	}
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "(cell)\n\tcell[1]:4") {
		t.Errorf("traceback:\n%s", tb)
	}
	// What the cell declared stays declared, as an interpreted cell's,
	// and its variables as the statements left them.
	if got := h.exec("fmt.Sprint(xs, i)"); got != `"[1 2 3] 5"` {
		t.Errorf("after the panic, xs and i are %s", got)
	}
	if e := h.fail("%%compile\ntype codeErr struct{ Code int }\n\nfunc (e codeErr) Error() string { return \"code\" }\n\npanic(codeErr{42})"); e.Name != "panic" || e.Value != "code" {
		t.Errorf("%s: %q", e.Name, e.Value)
	}
	if got := h.exec("fmt.Sprint(codeErr{7})"); got != `"code"` {
		t.Errorf("after the panic, codeErr{7} prints %s", got)
	}
}

// What compiled code prints reaches the interpreter's Stdout and Stderr,
// in order with the cell's other output; a trailing print's byte count and
// nil error are no result, as in an interpreted cell.
func TestCompileCellOutput(t *testing.T) {
	h := newHarness(t, "")
	got := h.exec("%%compile\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfmt.Println(\"out\")\nfmt.Fprintln(os.Stderr, \"err\")\nfmt.Print(\"more\\n\")")
	if got != "<none>" {
		t.Errorf("the cell's result: %s", got)
	}
	if out, errs := h.stdout.take(), h.stderr.take(); out != "out\nmore\n" || errs != "err\n" {
		t.Errorf("stdout %q, stderr %q", out, errs)
	}
}

// An interpreted cell that reads an unexported field of a compiled struct
// type that no function reaches (an unnamed struct type's: see
// compile_fields.go) is told why it cannot, not reflect's words.
func TestCompiledUnexportedField(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\nvar s struct{ code int }\ns.code = 7")
	e := h.fail("s.code")
	if e.Name != "panic" || !strings.HasPrefix(e.Value, "an unexported field of a compiled type (a %%compile cell's) cannot be read or set by interpreted code") {
		t.Errorf("%s: %q", e.Name, e.Value)
	}
	if got := h.exec("fmt.Sprint(s)"); got != `"{7}"` {
		t.Errorf("the value itself prints %s", got)
	}
}

// A compiled cell uses the types, functions and constants of earlier
// compiled cells, exported or not, and the values they share are one type;
// a later cell's declaration of a name wins for the cells compiled after
// it, and earlier values keep their types. What still cannot work (a name
// an interpreted cell declared last) is a CompileError at its line.
func TestCompiledCellsUseEarlierOnes(t *testing.T) {
	h := newHarness(t, "")
	h.exec(`%%compile
import "fmt"

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func warmer(c Celsius) Celsius { return c + 1 }

const limit = 40

type secret struct{ code int }

func reveal(s secret) int { return s.code }

func newSecret(code int) secret { return secret{code} }

readings := []Celsius{20}`)
	for _, tt := range []struct {
		code, want string
		err        string // the start of the CompileError, where it fails
	}{
		{code: "%%compile\nfunc describe(c Celsius) string { return fmt.Sprint(warmer(c), \" of \", Celsius(limit)) }\n\nhot := warmer(limit)\ndescribe(20)",
			want: `"21.0°C of 40.0°C"`},
		{code: `describe(5)`, want: `"6.0°C of 40.0°C"`},
		{code: `fmt.Sprintf("%v %T", hot, hot)`, want: `"41.0°C main.Celsius"`},
		{code: "%%compile\nreveal(secret{})", want: "0"},
		// A variable of an earlier cell's unexported type.
		{code: "%%compile\ns := newSecret(7)\nreveal(s)", want: "7"},
		// A literal of an earlier cell's type, which sets its unexported
		// field through the function that cell's package exports.
		{code: "%%compile\ns := secret{code: 7}\nreveal(s) + s.code", want: "14"},
		{code: "%%compile\nfunc (c Celsius) Kelvin() float64 { return float64(c) + 273.15 }", err: "cell[8]:2:9: cannot define new methods on non-local type Celsius (it is an earlier compiled cell's type, built and loaded with its methods in that cell's package"},
		// An earlier compiled cell's variable is the same variable.
		{code: "%%compile\nreadings = append(readings, hot)\nlen(readings)", want: "2"},
		// Redefined by a compiled cell: the new Celsius for what compiles
		// after, the old one for warmer, compiled before, and for hot.
		{code: "%%compile\ntype Celsius float64\n\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.0f degrees\", float64(c)) }"},
		{code: "%%compile\nfmt.Sprint(Celsius(3), \" \", warmer(3), \" \", describe(1))", want: `"3 degrees 4.0°C 2.0°C of 40.0°C"`},
		{code: `fmt.Sprint(hot, " ", Celsius(3))`, want: `"41.0°C 3 degrees"`},
		// Redefined by an interpreted cell: compiled code cannot see it.
		{code: "func warmer(c Celsius) Celsius { return c + 10 }"},
		{code: "%%compile\nx := warmer(1)", err: "cell[14]:2:6: undefined: warmer (a %%compile cell sees its own declarations, the types, functions and constants of earlier compiled cells"},
	} {
		if tt.err != "" {
			if e := h.fail(tt.code); e.Name != "CompileError" || !strings.HasPrefix(e.Value, tt.err) {
				t.Errorf("%q: %s: %q, want a CompileError starting %q", tt.code, e.Name, e.Value, tt.err)
			}
			continue
		}
		if tt.want == "" {
			tt.want = "<none>"
		}
		if got := h.exec(tt.code); got != tt.want {
			t.Errorf("%q = %s, want %s", tt.code, got, tt.want)
		}
	}
}

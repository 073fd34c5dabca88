package interp

import (
	"strings"
	"testing"
)

// %compile picks the cells of declarations that compile without %%compile:
// never none, auto those that declare methods, always those that declare
// functions, types or constants; a picked cell that cannot compile is
// interpreted, and its standard error says why in one line.
func TestCompilePolicy(t *testing.T) {
	h := newHarness(t, "")
	for _, tt := range []struct {
		code, want string
		stderr     string // the start of the line that says why the cell is interpreted
	}{
		{code: "%compile", want: "<none>"},
		{code: "type A int\n\nfunc (a A) String() string { return \"a\" }"},
		{code: `A(1).String()`, want: `"a"`}, // interpreted: %compile's count below says so
		{code: "%compile auto"},
		{code: "type B int\n\nfunc (b B) String() string { return \"b\" }"},
		{code: `fmt.Sprintf("%T %v", B(1), B(1))`, want: `"main.B b"`}, // compiled
		{code: "func twice(n int) int { return 2 * n }"},               // no method: interpreted
		{code: "type C int\n\nfunc (c C) Double() int { return twice(int(c)) }",
			stderr: "gopherlab: %compile auto: cell[8] is interpreted: cell[8]:3:34: undefined: twice (a %%compile cell sees"},
		{code: "C(4).Double()", want: "8"},
		{code: "%compile always"},
		{code: "func thrice(n int) int { return 3 * n }\n\nthrice(2)", want: "6"},
		{code: "x := thrice(3)"}, // no declaration: interpreted
		{code: "func Map[T any](t T) T { return t }",
			stderr: "gopherlab: %compile always: cell[13] is interpreted: it declares the generic function Map, whose compiled instances would be other types than the interpreter's (%%compile compiles it)"},
		{code: "Map(x)", want: "9"},
	} {
		got := h.exec(tt.code)
		if tt.want == "" {
			tt.want = "<none>"
		}
		if got != tt.want {
			t.Errorf("%q = %s, want %s", tt.code, got, tt.want)
		}
		errs := h.stderr.take()
		if tt.stderr == "" && errs != "" || !strings.HasPrefix(errs, tt.stderr) || strings.Count(errs, "\n") > 1 {
			t.Errorf("%q: stderr %q, want one line starting %q", tt.code, errs, tt.stderr)
		}
	}
	// A cell that is not Go is the interpreter's to report, as without
	// a policy.
	if e := h.fail("func broken( {"); e.Name != "SyntaxError" {
		t.Errorf("a syntax error under always: %s: %s", e.Name, e.Value)
	}
	if errs := h.stderr.take(); errs != "" {
		t.Errorf("a syntax error under always: stderr %q", errs)
	}
	h.stdout.take()
	h.exec("%compile")
	if out, want := h.stdout.take(), "%compile always: cells that declare functions, types or constants are compiled, as %%compile would; so far 2 compiled, 2 interpreted because they could not be\n"; out != want {
		t.Errorf("%%compile says %q, want %q", out, want)
	}
}

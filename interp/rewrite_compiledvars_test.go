package interp

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// lineComment matches the /*line*/ comments that edited writes.
var lineComment = regexp.MustCompile(`/\*line [^*]*\*/`)

// The uses of a compiled cell's variables in interpreted cells reach the
// compiled variable, in the form yaegi assigns through; what is no use of
// the variable (a field, a local, a redefinition, a selector's name) stays.
func TestRewriteCompiledVars(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\nimport \"slices\"\n\ntype point struct{ X, Y int }\n\nfunc (p *point) Move() { p.X++ }\n\nvar count int\nvar pt point\nvar items []string\nvar seq = slices.Values([]int{1})\nvar ch = make(chan int, 1)\nvar arr [2]int\nvar grid [][]int\nvar pts []point\nvar anon = make(chan struct{ x int }, 1)\n\nfunc inc() { count++ }")
	for _, tt := range []struct{ code, want, err string }{
		{code: "count = 10", want: "*&_glcell1.count = 10"},
		{code: "count++", want: "*&_glcell1.count++"},
		{code: "count += 2", want: "*&_glcell1.count += 2"},
		{code: "(count) = 3", want: "*&_glcell1.count = 3"},
		{code: "pt = point{1, 2}", want: "*&_glcell1.pt = point{1, 2}"},
		{code: "pt.X = 5", want: "(*&_glcell1.pt).X = 5"},
		{code: "p := &count", want: "p := &_glcell1.count"},
		{code: "q := &(pt)", want: "q := &_glcell1.pt"},
		{code: "fmt.Println(count + 1)", want: "fmt.Println((*&_glcell1.count) + 1)"},
		{code: "x, count := 1, 2", want: "x, count := 1, 2"}, // a new count, the cell's
		{code: "func f(count int) int { return count }", want: "func f(count int) int { return count }"},
		{code: "func g() int { return count }", want: "func g() int { return (*&_glcell1.count) }"},
		{code: "point{X: count}", want: "point{X: (*&_glcell1.count)}"},
		{code: "s := struct{ count int }{}\ns.count = count", want: "s := struct{ count int }{}\ns.count = (*&_glcell1.count)"},
		{code: "func() { count, pt.Y = 1, 2 }()", want: "func() { *&_glcell1.count, (*&_glcell1.pt).Y = 1, 2 }()"},
		// A pass that copies the expression copies the compiled variable.
		{code: "n := 0\nn = items[n]", want: "_glcell1.items)"},
		{code: "var count2 = max(count, 3)", want: "(*&_glcell1.count)"},
		// A range into the variable ranges into one of its own, which the
		// body assigns (rewrite_rangeassign.go, rewrite_loops.go).
		{code: "for _, count = range []int{1} {}", want: "for _, _glV0 := range []int{1} { *&_glcell1.count = _glV0; }"},
		{code: "for count, (pt).X = range []int{1} {}", want: "for _glK0, _glV0 := range []int{1} { *&_glcell1.count, ((*&_glcell1.pt)).X = _glK0, _glV0; }"},
		{code: "for count = range 3 {}", want: "*&_glcell1.count = _glI0;"},
		{code: "for count = range seq {}", want: "*&_glcell1.count = _glElem(_glS0, _glA0);"},
		// A send converts the channel, a select receives from the
		// package's selector (rewrite_compiledvars_ops.go).
		{code: "ch <- 1", want: "(chan int)((*&_glcell1.ch)) <- 1"},
		{code: "select {\ncase ch <- 2:\n}", want: "case (chan int)((*&_glcell1.ch)) <- 2:"},
		{code: "select {\ncase v, ok := <-ch:\n\t_, _ = v, ok\n}", want: "case v, ok := <-_glcell1.ch:"},
		{code: "select {\ncase <-(ch):\n}", want: "case <-_glcell1.ch:"},
		{code: "v := <-ch", want: "v := <-(*&_glcell1.ch)"},
		// A channel of an unnamed struct with the cell's unexported
		// fields: no cell can write its type.
		{code: "anon <- struct{ x int }{1}", err: ":1:1: the interpreter cannot send on anon, which holds a compiled cell's variable: the interpreter needs its type, chan struct{x int}, written out, and struct{x int}"},
		// The address of an element converts the slice, or the array
		// sliced; so does a pointer method of an element.
		{code: "p := &items[0]", want: "p := &([]string)((*&_glcell1.items))["},
		{code: "p := &arr[1]", want: "p := &([]int)((*&_glcell1.arr)[:])["},
		{code: "p := &grid[0][1]", want: "p := &([]int)((*&_glcell1.grid)["},
		{code: "p := &pts[0].X", want: "p := &([]point)((*&_glcell1.pts))["},
		{code: "f := pts[0].Move", want: "f := ([]point)((*&_glcell1.pts))["},
		{code: "s := items[0]", want: "s := (*&_glcell1.items)["},
		// An iterator the oracle types, the compiled cell's package being a
		// part of main to it (oracle/mainparts.go), unexported as it is.
		{code: "for v := range seq {}", want: "(func(func(int) bool))((*&_glcell1.seq))"},
		// The oracle tells the name where the cell has an error elsewhere.
		{code: "count = undefinedName", want: "*&_glcell1.count = undefinedName"},
	} {
		got, err := rewrittenCell(h, tt.code)
		switch {
		case tt.err != "":
			if err == nil || !strings.HasPrefix(err.Error(), "CompileError: cell[") || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want a CompileError with %q", tt.code, err, tt.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tt.code, err)
		case !strings.Contains(got, tt.want):
			t.Errorf("%q rewritten is %q, want it to hold %q", tt.code, got, tt.want)
		}
	}
	// Declared again by an interpreted cell, count is the interpreter's.
	h.exec("count := \"mine\"")
	if got, err := rewrittenCell(h, "count = \"yours\""); err != nil || got != "count = \"yours\"" {
		t.Errorf("after count is redefined: %q, %v", got, err)
	}
}

// rewrittenCell is code, a cell, as the rewrites make it for yaegi, its
// runs joined by newlines and without the /*line*/ comments; it runs
// nothing, but takes the next execution count.
func rewrittenCell(h *harness, code string) (string, error) {
	h.count++
	c := h.in.newCell(h.count, code)
	var out []string
	for _, r := range runs(split(code)) {
		p, err := h.in.parseWith(c, r, nil)
		if err != nil {
			return "", err
		}
		edits, err := h.in.rewrite(c, p)
		var e *Error
		if errors.As(err, &e) {
			return "", e
		} else if err != nil {
			return "", err
		}
		out = append(out, lineComment.ReplaceAllString(c.edited(r.start, r.end, edits), ""))
	}
	return strings.Join(out, "\n"), nil
}

// A compiled cell's first check, which gives the types of the variables
// its statements define, sees its functions without their bodies, where
// they use those variables; positions stay.
func TestStripBodies(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"func inc() { count++ }", "func inc() {         }"},
		{"func (p *P) Move() {\n\tp.X += step\n}", "func (p *P) Move() {\n            \n}"},
		{"type T int", "type T int"},
		{"func a() int { return n }\nfunc b() {}", "func a() int {          }\nfunc b() {}"},
	} {
		if got := stripBodies(tt.src, runs(split(tt.src))); got != tt.want {
			t.Errorf("stripBodies(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// Inspection and %who show a compiled cell's variable by its name, with
// the compiled variable's value, which interpreted writes changed;
// completion offers the name.
func TestCompiledVarsShown(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\nvar tally int\n\nfunc add(n int) { tally += n }")
	h.exec("tally = 40\nadd(2)")
	data, found := h.in.Inspect("tally", 2, 0)
	if text, _ := data["text/plain"].(string); !found || !strings.Contains(text, "var tally int = 42") {
		t.Errorf("Inspect(tally) = %v, %v, want var tally int = 42", found, data)
	}
	h.exec("%who")
	if out := h.stdout.take(); !regexp.MustCompile(`(?m)^tally\s+var\s+int$`).MatchString(out) {
		t.Errorf("%%who has no line for tally:\n%s", out)
	}
	if names := h.in.Complete("tal", 3).Matches; !slices.Contains(names, "tally") {
		t.Errorf("completion of tal: %v, want tally among them", names)
	}
	// The debugger's Globals scope too.
	var shown []string
	for _, v := range h.in.DebugTarget().Globals() {
		if v.Name == "tally" {
			shown = append(shown, fmt.Sprint(v.Value))
		}
	}
	if !slices.Equal(shown, []string{"42"}) {
		t.Errorf("the debugger's globals show tally as %q, want [42]", shown)
	}
}

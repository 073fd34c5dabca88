package interp

import (
	"strings"
	"testing"
)

// A range that assigns what is no plain name ranges into variables of its
// own, which the body assigns to the targets: yaegi assigns none of them,
// without a word. A range into plain names is left as it is.
func TestRangeAssign(t *testing.T) {
	h := newHarness(t, "")
	h.exec("type rec struct{ last int }\nvar r rec\nm := map[string]int{}\nxs := []int{0, 0}\ni := 0")
	for _, tt := range []struct{ code, rewritten, out string }{
		{code: "for _, r.last = range []int{1, 2} {}\nfmt.Println(r)",
			rewritten: "for _, _glV0 := range []int{1, 2} { r.last = _glV0; }", out: "{2}\n"},
		{code: "for m[\"k\"] = range \"abc\" {}\nfmt.Println(m)",
			rewritten: "for _glK0 := range \"abc\" { m[\"k\"] = _glK0; }", out: "map[k:2]\n"},
		{code: "for i, xs[1] = range map[int]int{7: 8} { fmt.Println(i, xs) }",
			rewritten: "for _glK0, _glV0 := range map[int]int{7: 8} { i, xs[1] = _glK0, _glV0;  fmt.Println(i, xs) }", out: "7 [0 8]\n"},
		{code: "for (i) = range []int{5, 6, 7} {}\nfmt.Println(i)",
			rewritten: "for _glK0 := range []int{5, 6, 7} { (i) = _glK0; }", out: "2\n"},
		// yaegi declares a name of its own too.
		{code: "for i = range []int{5, 6} {}\nfmt.Println(i)",
			rewritten: "for _glK0 := range []int{5, 6} { i = _glK0; }", out: "1\n"},
		{code: "func() { n := 0; for n = range 2 {}; for _, n = range []int{4} {}; fmt.Println(n) }()",
			rewritten: "for _, _glV37 := range []int{4} { n = _glV37; }", out: "4\n"},
		// Nothing to assign, or a declaration: left as it is.
		{code: "for _, _ = range []int{5, 6} {}", rewritten: "for _, _ = range []int{5, 6} {}"},
		{code: "for _, v := range []int{3} { r.last = v }\nfmt.Println(r)",
			rewritten: "for _, v := range []int{3} { r.last = v }", out: "{3}\n"},
	} {
		got, err := rewrittenCell(h, tt.code)
		if err != nil || !strings.Contains(got, tt.rewritten) {
			t.Errorf("%q rewritten is %q, %v; want it to hold %q", tt.code, got, err, tt.rewritten)
			continue
		}
		h.exec(tt.code)
		if out := h.stdout.take(); out != tt.out {
			t.Errorf("%q printed %q, want %q", tt.code, out, tt.out)
		}
	}
}

// A target that panics, as Go's does, names its place in the cell.
func TestRangeAssignPosition(t *testing.T) {
	h := newHarness(t, "")
	e := h.fail("var ys []int\nfor ys[3] = range []int{1} {\n}")
	if !strings.Contains(e.Value, "index out of range") {
		t.Fatalf("got %s: %s, want an index out of range", e.Name, e.Value)
	}
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "cell[1]:2:") {
		t.Errorf("the panic is not on the loop's line, cell[1]:2:\n%s", tb)
	}
}

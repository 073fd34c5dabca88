package interp

import (
	"strings"
	"testing"
)

// rewritten is src, a cell, as the rewrites make it for yaegi, without the
// /*line*/ comments, or the error of the rewrite (rewrittenCell).
func (h *harness) rewritten(src string) string {
	h.t.Helper()
	out, err := rewrittenCell(h, src)
	if err != nil {
		return "error: " + err.Error()
	}
	return out
}

// The selectors of unexported fields of a compiled cell's struct types,
// and the literals that set them, become calls of the functions that its
// package exports for them (compile_fields.go): through a pointer, the
// address of a variable, or the value of one with no address; a step for
// each field of an embedded one or of a field; the rest as written.
func TestCompiledFieldRewrite(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\ntype inner struct{ depth int }\n\ntype point struct {\n\tx, y int\n\tinner\n\tLabel string\n}\n\n" +
		"type box struct {\n\tcorner *point\n\tsize   point\n}\n\nfunc at(x, y int) point { return point{x: x, y: y} }\n\nvar p point")
	h.exec("pp := &p\nvar b box\nps := []point{p}\ntype wrap struct{ point }\nvar w wrap")
	const pkg = "_glcell1."
	for _, tt := range []struct{ code, want string }{
		{"p.x", "(*" + pkg + "GlField_point_x(&" + pkg + "p))"},
		{"p.x = 3", "(*" + pkg + "GlField_point_x(&" + pkg + "p)) = 3"},
		{"p.y++", "(*" + pkg + "GlField_point_y(&" + pkg + "p))++"},
		{"pp.x", "(*" + pkg + "GlField_point_x(pp))"},
		{"(*pp).y = 1", "(*" + pkg + "GlField_point_y((pp))) = 1"},
		{"at(1, 2).x", "(" + pkg + "GlFieldOf_point_x(at(1, 2)))"},
		{"q := &p.x", "q := (" + pkg + "GlField_point_x(&" + pkg + "p))"},
		{"p.depth", "(*" + pkg + "GlField_inner_depth(" + pkg + "GlField_point_inner(&" + pkg + "p)))"},
		{"p.inner.depth", "(*" + pkg + "GlField_inner_depth(" + pkg + "GlField_point_inner(&" + pkg + "p)))"},
		{"at(1, 2).depth", "(" + pkg + "GlFieldOf_inner_depth((" + pkg + "GlFieldOf_point_inner(at(1, 2)))))"},
		{"b.corner.x", "(*" + pkg + "GlField_point_x((*" + pkg + "GlField_box_corner(&b))))"},
		{"b.size.Label", pkg + "GlField_box_size(&b).Label"},
		{"ps[0].y", "(*" + pkg + "GlField_point_y(&ps[_gopherlab.Index(int(0), len(ps))]))"},
		{"w.x", "(*" + pkg + "GlField_point_x(&w.point))"},
		{"p.Label", "(*&" + pkg + "p).Label"},
		{"point{1, 2, inner{}, \"a\"}", "func() (_glv " + pkg + "point) { *" + pkg + "GlField_point_x(&_glv) = 1; *" + pkg + "GlField_point_y(&_glv) = 2; *" +
			pkg + "GlField_point_inner(&_glv) = inner{}; _glv.Label = \"a\"; return }()"},
		{"point{y: 2, Label: \"a\"}", "func() (_glv " + pkg + "point) { *" + pkg + "GlField_point_y(&_glv) = 2; _glv.Label = \"a\"; return }()"},
		{"point{Label: \"a\"}", "point{Label: \"a\"}"},
		{"&point{x: 1}", "func() *" + pkg + "point { var _glv " + pkg + "point; *" + pkg + "GlField_point_x(&_glv) = 1; return &_glv }()"},
		{"[]*point{{x: 1}}", "[]*point{func() *" + pkg + "point { var _glv " + pkg + "point; *" + pkg + "GlField_point_x(&_glv) = 1; return &_glv }()}"},
		{"map[string]point{\"a\": {y: p.x}}", "map[string]point{\"a\": func() (_glv " + pkg + "point) { *" + pkg + "GlField_point_y(&_glv) = (*" + pkg + "GlField_point_x(&" + pkg + "p)); return }()}"},
	} {
		if got := h.rewritten(tt.code); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.code, got, tt.want)
		}
	}
}

// A field whose functions' names two fields would share is out of reach:
// a CompileError at the selector that says why.
func TestCompiledFieldSharedName(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\ntype a_b struct{ c int }\n\ntype a struct{ b_c, d int }")
	if got := h.exec("v := a{d: 4}\nv.d"); got != "4" {
		t.Errorf("v.d = %s", got)
	}
	e := h.fail("var v a\nv.b_c")
	if e.Name != "CompileError" || !strings.HasPrefix(e.Value, "cell[3]:2:3: gopherlab cannot reach the unexported field b_c of a, a compiled cell's struct type, here") {
		t.Errorf("%s: %s", e.Name, e.Value)
	}
}

// The oracle takes a positional literal of a compiled struct type for Go
// in one package: a cell's error elsewhere is that error, in Go's words.
func TestCompiledLiteralErrors(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\ntype point struct{ x, y int }")
	for _, tt := range []struct{ code, want string }{
		{"var s string = point{1, 2}", "cell[2]:1:16: cannot use point{…} (value of struct type point) as string value in variable declaration"},
		{"q := point{1, 2}\nfmt.Println(q, undefinedThing)", "cell[3]:2:16: undefined: undefinedThing"},
		{"point{1, 2, 3}", "cell[4]:1:13: too many values in struct literal of type point"},
		{"point{x: 1, z: 2}", "cell[5]:1:13: unknown field z in struct literal of type point"},
	} {
		if e := h.fail(tt.code); e.Name != "CompileError" || e.Value != tt.want {
			t.Errorf("%s\n got %s: %s\nwant CompileError: %s", tt.code, e.Name, e.Value, tt.want)
		}
	}
}

// Before a compiled cell, the selectors and literals of a cell are no
// question to the oracle: the rewrites of compiled fields and methods
// cost a session without %%compile nothing.
func TestCompiledRewritesAskNothing(t *testing.T) {
	h := newHarness(t, "")
	src := "type box struct{ n int }\nfunc (b *box) inc() { b.n++ }\nb := box{n: 1}\nb.inc()\nfmt.Println(b.n, &b.n)"
	c := h.in.newCell(1, src)
	for _, r := range runs(split(src)) {
		p, err := h.in.parseWith(c, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.in.rewrite(c, p); err != nil {
			t.Fatal(err)
		}
	}
	if c.checked != nil {
		t.Errorf("the cell was type-checked")
	}
}

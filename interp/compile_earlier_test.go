package interp

import (
	"strings"
	"testing"
)

// compiledRun is the body of _glRun of the source of code, a compiled
// cell, as compileUnit writes it, without the //line comments; or the
// error of compileUnit.
func (h *harness) compiledRun(code string) string {
	h.t.Helper()
	b, err := h.in.pkgs.modules.builder()
	if err != nil {
		h.t.Fatal(err)
	}
	u, err := h.in.compileUnit(h.in.newCell(99, code), "cellx", b.Importer())
	if err != nil {
		return "error: " + err.Error()
	}
	_, body, ok := strings.Cut(u.source, "func _glRun() (_glResult []any) {\n")
	if !ok {
		h.t.Fatalf("no _glRun in\n%s", u.source)
	}
	body, _, _ = strings.Cut(body, "\treturn\n}")
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "//line ") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// A later compiled cell's selectors of the unexported fields and methods
// of an earlier compiled cell's types, and its literals that set such
// fields, become calls of the functions that the earlier cell's package
// exports for them (compile_earlier.go): through the address of a
// variable, a pointer, or the value of one with no address; a step for
// each field of an embedded one; the rest as written.
func TestEarlierFieldRewrite(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\ntype inner struct{ depth int }\n\ntype point struct {\n\tx, y int\n\tinner\n\tLabel string\n}\n\n" +
		"func (p *point) bump() { p.x++ }\n\nfunc (p point) sum() int { return p.x + p.y }\n\n" +
		"type box struct{ corner *point }\n\nfunc at(x, y int) point { return point{x: x, y: y} }\n\nvar p point\n\nvar pp = &p\n\nvar b = box{&p}")
	const pkg = "_glcell1."
	for _, tt := range []struct{ code, want string }{
		{"p.x = 3", "(*" + pkg + "GlField_point_x(&p)) = 3"},
		{"p.y++", "(*" + pkg + "GlField_point_y(&p))++"},
		{"pp.x = 1", "(*" + pkg + "GlField_point_x(pp)) = 1"},
		{"q := &p.x\n_ = q", "q  = &(*" + pkg + "GlField_point_x(&p))\n_ = q"},
		{"_ = at(1, 2).x", "_ = " + pkg + "GlFieldOf_point_x(at(1, 2))"},
		{"p.depth = 2", "(*" + pkg + "GlField_inner_depth(&(*" + pkg + "GlField_point_inner(&p)))) = 2"},
		{"p.inner.depth = 2", "(*" + pkg + "GlField_inner_depth(&(*" + pkg + "GlField_point_inner(&p)))) = 2"},
		{"b.corner.y = 4", "(*" + pkg + "GlField_point_y((*" + pkg + "GlField_box_corner(&b)))) = 4"},
		{"p.Label = \"a\"", "p.Label = \"a\""},
		{"p.bump()", pkg + "GlMethod_point_bump(&p)()"},
		{"f := pp.bump\nf()", "f  = " + pkg + "GlMethod_point_bump(pp)\nf()"},
		{"_ = p.sum()", "_ = " + pkg + "GlMethodOf_point_sum(p)()"},
		{"_ = pp.sum()", "_ = " + pkg + "GlMethodOf_point_sum(*pp)()"},
		{"p = point{1, 2, inner{}, \"a\"}", "p = func() (_glv " + pkg + "Gl_point) { *" + pkg + "GlField_point_x(&_glv) = 1; *" + pkg + "GlField_point_y(&_glv) = 2; *" +
			pkg + "GlField_point_inner(&_glv) = inner{}; _glv.Label = \"a\"; return }()"},
		{"p = point{y: 2, Label: \"a\"}", "p = func() (_glv " + pkg + "Gl_point) { *" + pkg + "GlField_point_y(&_glv) = 2; _glv.Label = \"a\"; return }()"},
		{"p = point{Label: \"a\"}", "p = point{Label: \"a\"}"},
		{"pp = &point{x: 1}", "pp = func() *" + pkg + "Gl_point { var _glv " + pkg + "Gl_point; *" + pkg + "GlField_point_x(&_glv) = 1; return &_glv }()"},
		{"ps := []*point{{x: 1}}\n_ = ps", "ps  = []*point{func() *" + pkg + "Gl_point { var _glv " + pkg + "Gl_point; *" + pkg + "GlField_point_x(&_glv) = 1; return &_glv }()}\n_ = ps"},
		// A literal's lines stay the cell's lines.
		{"p = point{\nx: 1,\n}", "p = func() (_glv " + pkg + "Gl_point) {\n*" + pkg + "GlField_point_x(&_glv) = 1;\nreturn }()"},
		// What Go refuses in one package is its error.
		{"at(1, 2).bump()", "error: CompileError: cell[99]:1:10: cannot call pointer method bump on point"},
	} {
		if got := h.compiledRun(tt.code); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.code, got, tt.want)
		}
	}
}

// A function of the cell reaches them too, in a variable of the cell's
// statements; an error after a rewritten literal is at its own line; and
// a field of an unnamed struct type that an earlier cell's type holds
// stays out of reach, the error saying what to do (a variable of one is
// declared in the later cell with the type written there, whose fields
// are the cell's).
func TestEarlierFieldsRun(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\ntype point struct{ x, y int }\n\nfunc (p *point) bump() { p.x++ }\n\nvar cfg struct{ n int }\n\ntype box struct{ s struct{ n int } }\n\nvar b box")
	for _, tt := range []struct {
		code, want string
		err        string // the start of the CompileError, where it fails
		says       string // and what it says
	}{
		{code: "%%compile\nfunc getx() int { q.bump(); return q.x }\n\nq := point{x: 5}\ngetx() + q.x", want: "12"},
		{code: "%%compile\nr := point{\n\tx: 1,\n}\nr.x, r.y = 1, \"a\"", err: "cell[3]:5:15: cannot use \"a\""},
		{code: "%%compile\ncfg.n = 3\ncfg.n", want: "3"},
		{code: "%%compile\nb.s.n", err: "cell[5]:2:5:", says: "export the field, or declare the type in this cell"},
	} {
		if tt.err != "" {
			if e := h.fail(tt.code); e.Name != "CompileError" || !strings.HasPrefix(e.Value, tt.err) || !strings.Contains(e.Value, tt.says) {
				t.Errorf("%q: %s: %q, want a CompileError starting %q that says %q", tt.code, e.Name, e.Value, tt.err, tt.says)
			}
			continue
		}
		if got := h.exec(tt.code); got != tt.want {
			t.Errorf("%q = %s, want %s", tt.code, got, tt.want)
		}
	}
}

// An offset of a rewritten text is at its place in the text as written:
// shifted back by what the edits before it added, the start of an edit
// within what that edit wrote.
func TestUnedited(t *testing.T) {
	// "ab.x + c" with "ab.x" (0-4) made "F(&ab)" and "c" (7-8) made "G(c)":
	// "F(&ab) + G(c)".
	edits := []edit{{start: 7, end: 8, text: "G(c)"}, {start: 0, end: 4, text: "F(&ab)"}}
	for _, tt := range []struct{ off, want int }{
		{0, 0}, {3, 0}, {6, 4}, {7, 5}, {9, 7}, {12, 7}, {13, 8},
	} {
		if got := unedited(tt.off, edits); got != tt.want {
			t.Errorf("unedited(%d) = %d, want %d", tt.off, got, tt.want)
		}
	}
}

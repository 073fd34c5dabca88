package interp

import (
	"errors"
	"go/scanner"
	"go/token"
	"strings"
	"testing"
)

// A rewrite whose text does not parse is reported as gopherlab's bug, at
// the line it broke; the text as written never runs in its place.
func TestRewriteError(t *testing.T) {
	c := &cell{src: "x := 1\nfor i := range 3 {\n\tx += i\n}", name: "cell[4]", file: "cell[4]"}
	tests := []struct {
		name      string
		err       error
		value     string
		traceback []string
	}{
		{"at a line of the cell",
			scanner.ErrorList{{Pos: token.Position{Filename: "cell[4]", Line: 2, Column: 5}, Msg: "expected ';', found 'range'"}},
			"cell[4]:2:5: gopherlab rewrote this code for the interpreter and the rewrite does not parse (expected ';', found 'range'); this is a bug of gopherlab, not of the cell",
			[]string{"    for i := range 3 {", "        ^"}},
		{"without a position",
			errors.New("unexpected EOF"),
			"gopherlab rewrote this code for the interpreter and the rewrite does not parse (unexpected EOF); this is a bug of gopherlab, not of the cell",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := c.rewriteError(tt.err)
			if e.Name != "CompileError" || e.Value != tt.value {
				t.Errorf("got %s: %s\nwant CompileError: %s", e.Name, e.Value, tt.value)
			}
			if got := strings.Join(e.Traceback[1:], "\n"); got != strings.Join(tt.traceback, "\n") {
				t.Errorf("traceback below the message:\n%s\nwant:\n%s", got, strings.Join(tt.traceback, "\n"))
			}
		})
	}
}

// Two passes that claim one piece of a cell, or an edit outside the code
// being edited, are reported at the place; edits that share only an
// offset are not a conflict.
func TestCheckEdits(t *testing.T) {
	c := &cell{src: "a := m[k]\ngo f(s[3])", name: "cell[2]", file: "cell[2]"}
	whole := [][2]int{{0, len(c.src)}}
	tests := []struct {
		name   string
		pieces [][2]int
		edits  []edit
		want   string // the error's value, "" for none
	}{
		{"none", whole, nil, ""},
		{"apart", whole, []edit{{0, 1, "b", false}, {5, 9, "x", false}}, ""},
		{"insertions at one offset, then a replacement there", whole,
			[]edit{{15, 19, "_glA0", false}, {15, 15, "(", false}, {15, 15, ")", false}}, ""},
		{"a replacement inside another", whole, []edit{{15, 19, "_glA0", false}, {17, 17, "int(", false}},
			"cell[2]:2:8: gopherlab could not rewrite this code for the interpreter (two rewrites claim one piece of this code); this is a bug of gopherlab, not of the cell"},
		{"two replacements of one piece", whole, []edit{{0, 4, "var a T; a = ", false}, {0, 4, "a = ", false}},
			"cell[2]:1:1: gopherlab could not rewrite this code for the interpreter (two rewrites claim one piece of this code); this is a bug of gopherlab, not of the cell"},
		{"across two pieces", [][2]int{{0, 9}, {10, 20}}, []edit{{8, 12, "x", false}},
			"cell[2]:1:9: gopherlab could not rewrite this code for the interpreter (a rewrite reaches outside the code it rewrites); this is a bug of gopherlab, not of the cell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := c.checkEdits(tt.pieces, tt.edits)
			switch {
			case tt.want == "" && e != nil:
				t.Errorf("got %s: %s, want no error", e.Name, e.Value)
			case tt.want != "" && (e == nil || e.Name != "CompileError" || e.Value != tt.want):
				t.Errorf("got %v, want CompileError: %s", e, tt.want)
			}
		})
	}
}

// A rewrite of a place outside the cell cannot be made, and says so
// instead of leaving the construct to yaegi as written.
func TestRewriteOutsideTheCell(t *testing.T) {
	c := &cell{src: "x := 1", name: "cell[1]", file: "cell[1]"}
	fset := token.NewFileSet()
	f := fset.AddFile(internalFile, -1, 100)
	f.SetLines([]int{0})
	r := &rewriter{c: c, fset: fset, lines: lineStarts(c.src)}
	r.replace(f.Pos(3), f.Pos(5), "_gl")
	if len(r.edits) != 0 || r.err == nil || !strings.Contains(r.err.Value, "a rewrite of a place outside the cell") {
		t.Errorf("edits %v, error %v; want no edit and the error", r.edits, r.err)
	}
}

package interp

import (
	"go/ast"
	"go/token"
	"strings"
)

// yaegi v0.16.1 runs a range statement that assigns, "for k, v = range
// xs", as if it declared k and v: the variables outside the loop stay
// what they were, without a word, a name's as well as a field's, a map's
// element's, or a compiled cell's variable's, which the rewrites reach
// through its package (rewrite_compiledvars.go). The statement ranges
// into variables of its own, which the body's first statement assigns to
// the targets as written:
//
//	for k, s.f = range xs { … }  →  for _glK, _glV := range xs { k, s.f = _glK, _glV; … }
//
// Go assigns them at the start of each iteration too, and they keep the
// last values after the loop, as Go's do. The targets keep their place
// for errors (a /*line*/ comment before them); an index among them is
// left to yaegi's check, whose panic has Go's words without the numbers
// (runtime_errors.go), since the bounds rewrite would check it once,
// before the loop. A range over an integer or a function assigns the
// targets itself (rewrite_loops.go).

// rangeAssign rewrites range statement s, which ranges over what yaegi
// ranges over itself, where it assigns.
func (r *rewriter) rangeAssign(s *ast.RangeStmt) {
	if s.Tok != token.ASSIGN || s.Key == nil {
		return
	}
	blank := func(x ast.Expr) bool {
		id, ok := x.(*ast.Ident)
		return x == nil || ok && id.Name == "_"
	}
	if blank(s.Key) && blank(s.Value) {
		return
	}
	var heads, targets, values []string
	for i, x := range []ast.Expr{s.Key, s.Value} {
		if x == nil {
			continue
		}
		if id, ok := x.(*ast.Ident); ok && id.Name == "_" {
			heads = append(heads, "_")
			continue
		}
		v := r.hidden([]string{"K", "V"}[i], s.For)
		heads, targets, values = append(heads, v), append(targets, r.moved(x)), append(values, v)
	}
	r.replace(s.Key.Pos(), s.X.Pos(), strings.Join(heads, ", ")+" := range ")
	r.insert(s.Body.Lbrace+1, " "+strings.Join(targets, ", ")+" = "+strings.Join(values, ", ")+"; ")
	// The targets are written where the body starts, as the cell has them
	// with the compiled variables replaced; no other pass edits them where
	// they were.
	r.skip[s.Key] = true
	if s.Value != nil {
		r.skip[s.Value] = true
	}
}

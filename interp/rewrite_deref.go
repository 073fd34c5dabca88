package interp

import (
	"go/ast"
	"go/token"
)

// blankDeref rewrites "_ = *p", which yaegi compiles to nothing: Go
// evaluates *p, and panics when p is nil. The dereference becomes a call
// of a compiled function that panics as Go does when p is nil (runtime_errors.go):
// reading through a pointer that is not nil has no other effect.
func (r *rewriter) blankDeref(a *ast.AssignStmt) {
	if a.Tok != token.ASSIGN || len(a.Lhs) != len(a.Rhs) {
		return
	}
	for i, l := range a.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name != "_" {
			continue
		}
		star, ok := ast.Unparen(a.Rhs[i]).(*ast.StarExpr)
		if !ok {
			continue
		}
		r.replace(star.Pos(), star.X.Pos(), cellPkgName+".Deref(")
		r.insert(star.End(), ")")
	}
}

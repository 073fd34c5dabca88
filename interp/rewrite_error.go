package interp

import (
	"go/ast"
	"go/token"
	"reflect"
)

// errorValues rewrites the places where a value becomes an error without
// a call: yaegi fails there for a value of a type a cell declares (var e
// error = myErr{} panics "reflect.Set: not assignable", and calling its
// Error "reflect: Method index out of range"), where it gives the value
// the method through a function's parameter of type error. So the value
// goes through one, _glError (gensrc/helpers.go):
//
//	var e error = X    e = X (e of type error)    error(X)
//
// A value that is not an error fails to compile, as in Go: the parameter
// is an error.
func (r *rewriter) errorValues(n ast.Node) {
	switch n := n.(type) {
	case *ast.ValueSpec:
		if !r.isErrorType(n.Type) {
			return
		}
		for _, v := range n.Values {
			r.wrapError(v)
		}
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) {
			return
		}
		for i, l := range n.Lhs {
			if t := r.envAt(n.Pos()).typeOf(l, 0); t.rt == errorType || r.isErrorType(t.expr) {
				r.wrapError(n.Rhs[i])
			}
		}
	case *ast.CallExpr:
		if len(n.Args) == 1 && !n.Ellipsis.IsValid() && r.isErrorType(n.Fun) {
			r.replace(n.Fun.Pos(), n.Fun.End(), "_glError")
		}
	}
}

var errorType = reflect.TypeFor[error]()

// isErrorType tells whether x names the predeclared type error.
func (r *rewriter) isErrorType(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && id.Name == "error" && !r.envAt(id.Pos()).declares("error")
}

// wrapError passes x through _glError.
func (r *rewriter) wrapError(x ast.Expr) {
	if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
		return
	}
	r.insert(x.Pos(), "_glError(")
	r.insert(x.End(), ")")
}

package interp

import (
	"go/ast"
	"go/token"
	"go/types"
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
// is an error. Which names and variables are of type error the type
// oracle tells (typecheck.go); where it cannot, error is Go's, and a
// value wrapped that is an error anyway changes nothing.
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
			if t := r.typeOf(l); t != nil && types.Identical(t, errorType) {
				r.wrapError(n.Rhs[i])
			}
		}
	case *ast.CallExpr:
		if len(n.Args) == 1 && !n.Ellipsis.IsValid() && r.isErrorType(n.Fun) {
			r.replace(n.Fun.Pos(), n.Fun.End(), "_glError")
		}
	}
}

var errorType = types.Universe.Lookup("error").Type()

// isErrorType tells whether x names the predeclared type error: not where
// the oracle says the cell declares its own error.
func (r *rewriter) isErrorType(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || id.Name != "error" {
		return false
	}
	obj := r.objectOf(id) // typecheck.go
	return obj == nil || obj == types.Universe.Lookup("error")
}

// wrapError passes x through _glError.
func (r *rewriter) wrapError(x ast.Expr) {
	if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
		return
	}
	r.insert(x.Pos(), "_glError(")
	r.insert(x.End(), ")")
}

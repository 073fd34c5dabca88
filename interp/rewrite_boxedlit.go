package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// yaegi v0.16.1 builds a composite literal assigned to a variable straight
// into the variable's slot (cfg.go, "case src.action == aCompositeLit"),
// and skips that only where the variable's type is a compiled interface:
// a literal of a cell's type with methods assigned to a variable of an
// interface type the interpreter knows (any, one a cell declares) is kept
// without the interpreter's type, as reflect has it, where any other
// expression is kept in yaegi's valueInterface, with it. A type switch
// then compares the reflect type's name with the case's and takes
// default, while the assertion v.(shape) is true:
//
//	var v any = shape{3}
//	switch v.(type) { case shape: … } // default
//
// So such a literal is put in parentheses, which yaegi does not take for
// a composite literal: var v any = (shape{3}). Every struct type a cell
// declares has a method (celltypes.go), so any literal of a named type of
// the cells' is, which costs nothing where the type has none.

// boxedLiterals puts in parentheses each composite literal in values of a
// named type of the cells' that goes to a variable of an interface type:
// lhs, or typ, the type of the variables that spec declares.
func (r *rewriter) boxedLiterals(lhs []ast.Expr, typ ast.Expr, values []ast.Expr) {
	if len(values) == 0 || lhs != nil && len(lhs) != len(values) {
		return
	}
	for i, v := range values {
		lit, ok := v.(*ast.CompositeLit)
		if !ok || lit.Type == nil || !r.cellsNamed(r.typeOf(lit)) {
			continue
		}
		dest := typ
		if lhs != nil {
			dest = lhs[i]
		}
		if t := r.typeOf(dest); t == nil || !types.IsInterface(t) {
			continue
		}
		r.insert(lit.Pos(), "(")
		r.insert(lit.End(), ")")
	}
}

// cellsNamed tells whether t is a named type that cells declare and the
// interpreter runs: not a compiled cell's, nor an instance of a generic
// type.
func (r *rewriter) cellsNamed(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "main" || named.TypeArgs() != nil {
		return false
	}
	_, compiled := r.in.compiledNames[named.Obj().Name()]
	return !compiled
}

// assignedLiterals is boxedLiterals for an assignment of one value, which
// yaegi builds in place (one of several goes through a temporary of the
// literal's type, which a literal in parentheses would set to yaegi's
// valueInterface: reflect.Set panics). A define is left out: its
// variables take the literal's type.
func (r *rewriter) assignedLiterals(n *ast.AssignStmt) {
	if n.Tok == token.ASSIGN && len(n.Lhs) == 1 {
		r.boxedLiterals(n.Lhs, nil, n.Rhs)
	}
}

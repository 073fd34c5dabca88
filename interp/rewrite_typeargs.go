package interp

import (
	"go/ast"
	"strings"
)

// yaegi v0.16.1 infers a generic function's type arguments from the
// interpreted values passed to it, but not from a compiled function's
// result: firstOf(strings.Fields(s)) panics in its compiler. Given, the
// type arguments need no inference, so a call of a generic function the
// cells declare gets those the type oracle inferred (typecheck.go):
//
//	firstOf(strings.Fields(s))  →  firstOf[string](strings.Fields(s))
//
// Only the cells' own: the generic functions of gensrc take other type
// parameters than Go's (see interp/gensrc).

// typeArgs writes the inferred type arguments of call, a call of a generic
// function the cells declare, into it.
func (r *rewriter) typeArgs(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || !r.cellGeneric(id.Name) {
		return
	}
	start, end := r.off(id.Pos()), r.off(id.End())
	if start < 0 || end < 0 {
		return
	}
	checked := r.in.typeChecked(r.c)
	args, ok := checked.TypeArgs(start, end)
	if !ok {
		return // not an instance the oracle knows: left to yaegi
	}
	texts := make([]string, len(args))
	for i, t := range args {
		if texts[i], ok = r.in.typeText(checked, t); !ok {
			return
		}
	}
	r.insert(id.End(), "["+strings.Join(texts, ", ")+"]")
}

// cellGeneric tells whether a generic function of that name may be the
// cells': declared by an earlier cell, or in this one's text; cheap, so
// that a cell that calls none never asks the oracle.
func (r *rewriter) cellGeneric(name string) bool {
	r.in.mu.Lock()
	g, ok := r.in.globals[name]
	r.in.mu.Unlock()
	if ok && g.kind == "func" && strings.HasPrefix(g.decl, "func "+name+"[") {
		return true
	}
	return strings.Contains(r.c.src, "func "+name+"[")
}

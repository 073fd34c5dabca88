package interp

import (
	"go/ast"
	"go/types"
)

// What a range statement ranges over, as the type oracle tells it
// (typecheck.go): the loop rewrites (rewrite_loops.go) need to know an
// integer and an iterator from what yaegi ranges over itself.

// rangeKind is what a range statement ranges over, as far as the rewrites
// need to know.
type rangeKind int

const (
	overUnknown rangeKind = iota
	overInt
	overFunc    // an iterator: func(yield func(…) bool)
	overOther   // what yaegi ranges over itself: slices, maps, strings, channels…
	overNothing // what Go ranges over not at all: a float, a bool, another function
)

// unnamedIterator is the function type under the compiled iterator type
// of x, written as Go, where x's type is one: strings.Lines gives an
// iter.Seq[string], whose type parameter yaegi does not infer _glElem's V
// from, where it does from func(func(string) bool) (see rangeFunc).
func (r *rewriter) unnamedIterator(x ast.Expr) string {
	named, ok := types.Unalias(r.typeOf(x)).(*types.Named) // typecheck.go
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() == "main" {
		return ""
	}
	text, ok := r.in.typeText(r.in.typeChecked(r.c), named.Underlying())
	if !ok {
		return ""
	}
	return text
}

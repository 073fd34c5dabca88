package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// What yaegi v0.16.1 cannot do with a value that a compiled cell's
// variable holds, which it types by its reflect type rather than as a
// type of its own (a "binary" value), and how the rewrites go around it.
// A conversion to the type written out, which yaegi knows, makes a value
// it can:
//
//	ch <- 1         →  (chan int)((*&_glcell1.ch)) <- 1
//	q.in <- 1       →  (chan int)((*&_glcell1.q).in) <- 1
//	p := &xs[1]     →  p := &([]int)((*&_glcell1.xs))[1]
//	p := &arr[1]    →  p := &([]int)(_glcell1.arr[:])[1]
//	f := ps[0].Move →  f := ([]P)((*&_glcell1.ps))[0].Move
//
// A send on a binary channel fails in yaegi's compiler (send takes the
// element type from a type it has none for: a nil dereference), and so
// does the address of a binary slice's element, which a pointer method's
// value takes. Converting a channel or a slice makes no copy: it is the
// same channel, the same array; an array variable is sliced, which is
// its elements, not a copy. A receive, close, len and range go through as
// they are; a select's receive from the variable itself is rewritten by
// compiledVarUse.

// compiledIn tells whether x holds a use of a compiled cell's variable.
func (r *rewriter) compiledIn(x ast.Node) bool {
	a, b := r.off(x.Pos()), r.off(x.End())
	for at := range r.compiledVars {
		if a <= at && at < b {
			return true
		}
	}
	return false
}

// compiledSend converts the channel of send s, where it holds a compiled
// variable, to its type written out.
func (r *rewriter) compiledSend(s *ast.SendStmt) {
	if !r.compiledIn(s.Chan) {
		return
	}
	t := r.typeOf(s.Chan)
	if t == nil {
		r.fail(s.Chan, fmt.Sprintf("gopherlab cannot send on %s, which holds a compiled cell's variable: it cannot tell its type, which the interpreter needs written out (%s)",
			r.source(s.Chan), r.typeError(s.Chan)))
		return
	}
	r.convertCompiled(s.Chan, t.Underlying(), "send on "+r.source(s.Chan), "")
}

// convertCompiled wraps x, which holds a compiled variable, in a
// conversion to t, followed by tail inside the parentheses; or reports
// what, which needs it, where t cannot be written in the cell.
func (r *rewriter) convertCompiled(x ast.Expr, t types.Type, what, tail string) {
	if st := unexportedStruct(t); st != nil && r.compiledRoot(x) {
		r.fail(x, fmt.Sprintf("the interpreter cannot %s, which holds a compiled cell's variable: the interpreter needs its type, %s, written out, and %s, a struct type with unexported fields of the compiled cell's package, is another type where an interpreted cell writes it; give the struct type a name in the compiled cell",
			what, t, st))
		return
	}
	text, ok := r.in.typeChecked(r.c).TypeText(t)
	if !ok {
		r.fail(x, fmt.Sprintf("the interpreter cannot %s, which holds a compiled cell's variable: the interpreter needs its type, %s, written out, and the cell cannot name it",
			what, t))
		return
	}
	open := "(" + text + ")("
	if at := r.off(x.Pos()); at >= 0 && r.startsStatement(x.Pos()) {
		// After the statement's bounds checks (rewrite_bounds.go), which
		// go before the statement, where x starts.
		r.late = append(r.late, edit{start: at, end: at, text: open})
	} else {
		r.insert(x.Pos(), open)
	}
	r.insert(x.End(), tail+")")
}

// addressedCompiledElem converts the slice or array whose element &x
// takes the address of, where it holds a compiled variable: &xs[i],
// &xs[i].f, &grid[i][j], &arr[i].
func (r *rewriter) addressedCompiledElem(u *ast.UnaryExpr) {
	if u.Op == token.AND {
		r.compiledElem(u.X)
	}
}

// compiledMethodValue converts the slice or array whose element a method
// with a pointer receiver is selected on (xs[i].Move, called or not),
// which takes the element's address.
func (r *rewriter) compiledMethodValue(sel *ast.SelectorExpr) {
	if !r.compiledIn(sel.X) {
		return // and the oracle is asked nothing
	}
	t := r.typeOf(sel.X)
	if t == nil {
		return
	}
	if _, ok := t.Underlying().(*types.Pointer); ok {
		return
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, r.in.typeChecked(r.c).Package(), sel.Sel.Name)
	fn, ok := obj.(*types.Func)
	if !ok || !fn.Exported() {
		return // an unexported method is compile_methods.go's
	}
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		if _, ok := recv.Type().(*types.Pointer); ok {
			r.compiledElem(sel.X)
		}
	}
}

// compiledElem finds, in x, whose address is taken, the element of a
// slice or array that holds a compiled variable, and converts that slice
// or array: down selectors of exported fields, to the first index.
func (r *rewriter) compiledElem(x ast.Expr) {
	for {
		switch e := x.(type) {
		case *ast.ParenExpr:
			x = e.X
			continue
		case *ast.SelectorExpr:
			if !token.IsExported(e.Sel.Name) {
				// An unexported field: compile_fields.go passes the
				// address of what holds it to the package's function.
				return
			}
			x = e.X
			continue
		case *ast.IndexExpr:
			if !r.compiledIn(e.X) {
				return
			}
			t := r.typeOf(e.X)
			if t == nil {
				return
			}
			switch u := t.Underlying().(type) {
			case *types.Slice:
				r.convertCompiled(e.X, u, "take the address of an element of "+r.source(e.X), "")
			case *types.Array:
				r.convertCompiled(e.X, types.NewSlice(u.Elem()), "take the address of an element of "+r.source(e.X), "[:]")
			}
		}
		return
	}
}

// compiledRoot tells whether x is a compiled variable, or its fields,
// elements or pointee: a type the compiled cell declared.
func (r *rewriter) compiledRoot(x ast.Expr) bool {
	for {
		if _, ok := ast.Unparen(x).(*ast.Ident); ok {
			return r.compiledIn(x)
		}
		switch e := x.(type) {
		case *ast.ParenExpr:
			x = e.X
		case *ast.SelectorExpr:
			x = e.X
		case *ast.IndexExpr:
			x = e.X
		case *ast.StarExpr:
			x = e.X
		default:
			return false
		}
	}
}

// unexportedStruct is the first unnamed struct type in t with an
// unexported field, which a compiled cell's type holds as its package's,
// and no cell's source can write: a field it writes is main's. (The
// oracle, to which the cell's package is a part of main, says main's for
// both.) A named type is written by its name, whatever it holds.
func unexportedStruct(t types.Type) *types.Struct {
	switch t := types.Unalias(t).(type) {
	case *types.Struct:
		for f := range t.Fields() {
			if !f.Exported() {
				return t
			}
			if st := unexportedStruct(f.Type()); st != nil {
				return st
			}
		}
	case *types.Chan:
		return unexportedStruct(t.Elem())
	case *types.Slice:
		return unexportedStruct(t.Elem())
	case *types.Array:
		return unexportedStruct(t.Elem())
	case *types.Pointer:
		return unexportedStruct(t.Elem())
	case *types.Map:
		if st := unexportedStruct(t.Key()); st != nil {
			return st
		}
		return unexportedStruct(t.Elem())
	}
	return nil
}

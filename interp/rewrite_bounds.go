package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// yaegi indexes and slices through package reflect, whose panics do not
// carry the index and the length that Go's do ("index out of range [5]
// with length 3"). Where the type oracle tells that the value indexed is
// a slice, an array or a string, the index goes through a
// compiled check that panics with Go's message first:
//
//	xs[i]       →  xs[_gopherlab.Index(int(i), len(xs))]
//	s += xs[i]  →  if uint(i) >= uint(len(xs)) { _gopherlab.IndexPanic(int(i), len(xs)) }; s += xs[i]
//	xs[lo:hi]   →  xs[_gopherlab.Slice(isSlice, int(lo), int(hi), cap(xs)):hi]
//	xs[lo:hi:m] →  xs[_gopherlab.Slice3(isSlice, int(lo), int(hi), int(m), cap(xs)):hi:m]
//
// The value indexed, and a slice's bounds, are written twice: only
// expressions without calls or receives are (names, selectors, constants,
// indexes and arithmetic of them). A call of a compiled function costs
// yaegi ten times what an index does, so where the index is such an
// expression too, and nothing in the statement that holds it is evaluated
// before it but other indexes (no call, receive, && or ||, no if or for
// statement's init), the check is an if statement before the statement,
// which calls only to panic: a loop that indexes runs about twice as slow,
// not ten times. Elsewhere,
// and where the value's type cannot be told (a map, a type parameter), the
// expression is left to yaegi, whose panic says Go's words without the
// numbers (runtime_errors.go).

// boundsKind tells what a value indexed is: a slice, whose capacity Go's
// messages give, or a string or an array, whose length they give.
type boundsKind int

const (
	notIndexable boundsKind = iota
	sliceBounds
	lengthBounds // a string or an array
	stringBounds // a string: no capacity
)

// indexExpr rewrites x[i] (see above).
func (r *rewriter) indexExpr(n *ast.IndexExpr) {
	if r.inConstant(n) || !pure(n.X) {
		return
	}
	if r.boundsKind(n.X) == notIndexable {
		return
	}
	x, i := r.source(n.X), r.source(n.Index)
	if at, ok := r.hoistable(n); ok && pure(n.Index) {
		check := "if uint(" + i + ") >= uint(len(" + x + ")) { " + cellPkgName + ".IndexPanic(int(" + i + "), len(" + x + ")) }; "
		// After the checks of the indexes inside it, which go first.
		r.post = append(r.post, func() { r.insert(at, check) })
		return
	}
	r.insert(n.Index.Pos(), cellPkgName+".Index(int(")
	r.insert(n.Index.End(), "), len("+x+"))")
}

// hoistable tells whether the bounds of index n can be checked by a
// statement before the one that holds it, and where that goes.
func (r *rewriter) hoistable(n *ast.IndexExpr) (token.Pos, bool) {
	r.findParents()
	var child ast.Node = n
	for parent := r.parents[n]; parent != nil; child, parent = parent, r.parents[parent] {
		switch p := parent.(type) {
		case *ast.BinaryExpr:
			if (p.Op == token.LAND || p.Op == token.LOR) && child == p.Y {
				return 0, false // evaluated only sometimes
			}
		case *ast.FuncLit, *ast.CompositeLit:
			return 0, false
		case *ast.IfStmt:
			if p.Init != nil || child != p.Cond {
				return 0, false
			}
			return p.Pos(), r.inList(p) && r.evaluatedFirst(p.Cond, n)
		case *ast.SwitchStmt:
			if p.Init != nil || child != p.Tag {
				return 0, false
			}
			return p.Pos(), r.inList(p) && r.evaluatedFirst(p.Tag, n)
		case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.ReturnStmt, *ast.SendStmt, *ast.DeclStmt:
			return p.Pos(), r.inList(p.(ast.Stmt)) && r.evaluatedFirst(p, n)
		case ast.Stmt:
			return 0, false
		}
	}
	return 0, false
}

// findParents makes r.parents, once a pass needs it.
func (r *rewriter) findParents() {
	if r.parents != nil {
		return
	}
	r.parents = map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(r.root, func(m ast.Node) bool {
		if m == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			r.parents[m] = stack[len(stack)-1]
		}
		stack = append(stack, m)
		return true
	})
}

// inList tells whether statement s is one of a block's, or a case's, and
// not a cell's trailing expression, which must stay one.
func (r *rewriter) inList(s ast.Stmt) bool {
	if r.result && r.parents[s] == r.root {
		return false
	}
	switch p := r.parents[s].(type) {
	case *ast.BlockStmt:
		return true
	case *ast.CaseClause:
		return true
	case *ast.CommClause:
		return p.Comm != s
	}
	return false
}

// evaluatedFirst tells whether nothing in n but index is a call (other
// than len, cap and conversions to predeclared types) or a receive, which
// Go might evaluate before index: but the calls that index is an argument
// of, which run after it.
func (r *rewriter) evaluatedFirst(n ast.Node, index *ast.IndexExpr) bool {
	ok := true
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.CallExpr:
			holds := m.Pos() <= index.Pos() && index.End() <= m.End()
			if !holds && !harmlessCall(m) {
				ok = false
			}
		case *ast.UnaryExpr:
			if m.Op == token.ARROW {
				ok = false
			}
		case *ast.FuncLit:
			return false // runs when it is called
		}
		return ok
	})
	return ok
}

// harmlessCall tells whether call is len, cap or a conversion to a
// predeclared type, which have no effects.
func harmlessCall(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	switch id.Name {
	case "len", "cap", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
		"float32", "float64", "string", "byte", "rune", "bool":
		return true
	}
	return false
}

// sliceExpr rewrites x[lo:hi] and x[lo:hi:max] (see above).
func (r *rewriter) sliceExpr(n *ast.SliceExpr) {
	if r.inConstant(n) || !pure(n.X) || (n.High != nil && !pure(n.High)) || (n.Max != nil && !pure(n.Max)) {
		return
	}
	kind := r.boundsKind(n.X)
	if kind == notIndexable {
		return
	}
	x := r.source(n.X)
	lo, hi := "0", "len("+x+")"
	if n.Low != nil {
		lo = r.source(n.Low)
		if !pure(n.Low) {
			return
		}
	}
	if n.High != nil {
		hi = r.source(n.High)
	}
	capacity := "cap(" + x + ")"
	if kind == stringBounds {
		capacity = "len(" + x + ")"
	}
	words := "false"
	if kind == sliceBounds {
		words = "true"
	}
	var check string
	if n.Slice3 {
		check = cellPkgName + ".Slice3(" + words + ", int(" + lo + "), int(" + hi + "), int(" + r.source(n.Max) + "), " + capacity + ")"
	} else {
		check = cellPkgName + ".Slice(" + words + ", int(" + lo + "), int(" + hi + "), " + capacity + ")"
	}
	if n.Low != nil {
		r.replace(n.Low.Pos(), n.Low.End(), check)
	} else {
		r.insert(n.Lbrack+1, check)
	}
}

// inConstant tells whether n is in the value of a constant declaration,
// which a call cannot be.
func (r *rewriter) inConstant(n ast.Node) bool {
	for v := range r.consts {
		if v.Pos() <= n.Pos() && n.End() <= v.End() {
			return true
		}
	}
	return false
}

// boundsKind tells what x is, a value, as the type oracle tells it
// (typecheck.go); notIndexable where it cannot tell.
func (r *rewriter) boundsKind(x ast.Expr) boundsKind {
	start, end := r.off(x.Pos()), r.off(x.End())
	if start < 0 || end < 0 {
		return notIndexable
	}
	tv, ok := r.in.typeChecked(r.c).TypeAndValue(start, end)
	if !ok || !tv.IsValue() {
		return notIndexable // a generic function or type instantiated
	}
	switch u := tv.Type.Underlying().(type) {
	case *types.Slice:
		return sliceBounds
	case *types.Array:
		return lengthBounds
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Array); ok {
			return lengthBounds
		}
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			return stringBounds
		}
	}
	return notIndexable // a map, a type parameter
}

// pure tells whether x can be evaluated twice to the same value: it has no
// calls (but len, cap and conversions), receives or function literals.
func pure(x ast.Expr) bool {
	ok := true
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if !harmlessCall(n) {
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.FuncLit, *ast.TypeAssertExpr:
			ok = false
		}
		return ok
	})
	return ok
}

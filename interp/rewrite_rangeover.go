package interp

import (
	"go/ast"
	"go/token"
	"reflect"
)

// What a range statement ranges over, as far as the declarations in sight
// tell: the loop rewrites (rewrite_loops.go) need to know an integer and an
// iterator from what yaegi ranges over itself.

// rangeKind is what a range statement ranges over, as far as the rewrites
// need to know.
type rangeKind int

const (
	overUnknown rangeKind = iota
	overInt
	overFunc  // an iterator: func(yield func(…) bool)
	overOther // what yaegi ranges over itself: slices, maps, strings, channels…
)

// rangeOver infers what x, a range statement's expression, is: an integer,
// an iterator (with the number of values it yields), or something yaegi
// ranges over itself; from the declarations in sight (see typeof.go) and
// from the iterators of the standard library that gensrc provides (generics.go).
func rangeOver(e *env, x ast.Expr) (rangeKind, int) {
	switch x := ast.Unparen(x).(type) {
	case *ast.BasicLit:
		if x.Kind == token.INT || x.Kind == token.CHAR {
			return overInt, 0
		}
		return overOther, 0
	case *ast.CompositeLit:
		return overOther, 0
	case *ast.FuncLit:
		return funcKind(e, x.Type)
	case *ast.CallExpr:
		if n, ok := stdIterator(e, x); ok {
			return overFunc, n
		}
		if _, ok := stdGeneric(e, x); ok {
			if t := resultType(e, x, 0); t != nil {
				return typeKind(e, t)
			}
		}
		if n, ok := iterArity(x.Fun); ok { // iter.Seq[int](f)
			return overFunc, n
		}
		// A function declared to return iter.Seq[V], which is no type the
		// inference knows.
		if f := e.typeOf(x.Fun, 0); !f.isType {
			if ft, ok := f.expr.(*ast.FuncType); ok && ft.Results != nil && len(ft.Results.List) > 0 {
				if n, ok := iterArity(ft.Results.List[0].Type); ok {
					return overFunc, n
				}
			}
		}
	case *ast.Ident:
		if g, ok := e.names[x.Name]; ok {
			var t ast.Expr
			switch d := g.node.(type) {
			case *ast.ValueSpec:
				t = d.Type
			case *ast.Field:
				t = d.Type
			}
			if n, ok := iterArity(t); ok {
				return overFunc, n
			}
		}
	}
	// A range's expression is a value: where typeOf says it names a type
	// (of a composite literal, of a type assertion), it is of that type.
	t := e.typeOf(x, 0)
	switch {
	case t.pkg != "":
		return overOther, 0
	case t.rt != nil:
		return rtKind(t.rt)
	case t.expr == nil:
		return overUnknown, -1
	}
	return typeKind(e, t.expr)
}

// typeKind classifies the type that type expression t names.
func typeKind(e *env, t ast.Expr) (rangeKind, int) {
	if n, ok := iterArity(t); ok {
		return overFunc, n
	}
	switch u := e.under(t).(type) {
	case *ast.FuncType:
		return funcKind(e, u)
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.StructType, *ast.InterfaceType, *ast.StarExpr:
		return overOther, 0
	case nil:
		if rt := e.underRT(t); rt != nil {
			return rtKind(rt)
		}
	default:
		if n, ok := iterArity(u); ok {
			return overFunc, n
		}
	}
	return overUnknown, -1
}

// rtKind classifies a compiled type.
func rtKind(rt reflect.Type) (rangeKind, int) {
	switch rt.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return overInt, 0
	case reflect.Func:
		if rt.NumIn() == 1 && rt.NumOut() == 0 {
			if y := rt.In(0); y.Kind() == reflect.Func && y.NumOut() == 1 && y.Out(0).Kind() == reflect.Bool {
				return overFunc, y.NumIn()
			}
		}
	}
	return overOther, 0
}

// funcKind classifies a function type: an iterator, func(yield func(…)
// bool), or another function, which nothing ranges over.
func funcKind(e *env, ft *ast.FuncType) (rangeKind, int) {
	if ft.Params == nil || len(ft.Params.List) != 1 || len(ft.Params.List[0].Names) > 1 || ft.Results != nil {
		return overOther, 0
	}
	yield, ok := e.under(ft.Params.List[0].Type).(*ast.FuncType)
	if !ok || yield.Results == nil || fieldCount(yield.Results) != 1 {
		return overOther, 0
	}
	return overFunc, fieldCount(yield.Params)
}

// fieldCount is the number of parameters or results of a list.
func fieldCount(l *ast.FieldList) int {
	if l == nil {
		return 0
	}
	n := 0
	for _, f := range l.List {
		n += max(len(f.Names), 1)
	}
	return n
}

// iterArity is the number of values of iter.Seq[V] (1) or iter.Seq2[K, V]
// (2), if x is one of them.
func iterArity(x ast.Expr) (int, bool) {
	var sel ast.Expr
	switch x := x.(type) {
	case *ast.IndexExpr:
		sel = x.X
	case *ast.IndexListExpr:
		sel = x.X
	default:
		return 0, false
	}
	s, ok := sel.(*ast.SelectorExpr)
	if !ok {
		return 0, false
	}
	if pkg, ok := s.X.(*ast.Ident); !ok || pkg.Name != "iter" {
		return 0, false
	}
	switch s.Sel.Name {
	case "Seq":
		return 1, true
	case "Seq2":
		return 2, true
	}
	return 0, false
}

// stdIterators are the functions of gensrc (generics.go) that return iterators, by
// package, with the number of values they yield.
var stdIterators = map[string]map[string]int{
	"maps":   {"Keys": 1, "Values": 1, "All": 2},
	"slices": {"All": 2, "Values": 1, "Backward": 2, "Chunk": 1},
}

// stdIterator tells whether call is one of the standard library's
// iterators, and how many values it yields.
func stdIterator(e *env, call *ast.CallExpr) (int, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return 0, false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || e.declares(pkg.Name) {
		return 0, false
	}
	ipath := e.imports[pkg.Name]
	if ipath == "" {
		ipath = autoImports()[pkg.Name]
	}
	n, ok := stdIterators[ipath][sel.Sel.Name]
	return n, ok
}

// unnamedIterator is the function type under the compiled iterator type
// of x, written as Go, where x's type is one: strings.Lines gives an
// iter.Seq[string], whose type parameter yaegi does not infer _glElem's V
// from, where it does from func(func(string) bool) (see rangeFunc).
func (r *rewriter) unnamedIterator(x ast.Expr) string {
	t := r.envAt(x.Pos()).typeOf(x, 0)
	if t.isType || t.rt == nil || t.rt.Kind() != reflect.Func || t.rt.Name() == "" {
		return ""
	}
	var in, out []reflect.Type
	for i := range t.rt.NumIn() {
		in = append(in, t.rt.In(i))
	}
	for i := range t.rt.NumOut() {
		out = append(out, t.rt.Out(i))
	}
	fn := reflect.FuncOf(in, out, t.rt.IsVariadic())
	if !writable(fn, 0) {
		return ""
	}
	return fn.String()
}

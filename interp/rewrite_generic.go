package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// A variable declared at the top level of a cell from a generic function's
// result, keys := slices.Sorted(maps.Keys(m)), crashes yaegi v0.16.1: it
// types the global before it instantiates the function. Declared with its
// type and then assigned, the variable is fine, and for the functions of
// gensrc (generics.go) the rewrite can tell the type from the arguments':
//
//	var keys []string; keys = slices.Sorted(maps.Keys(m))
//
// For a generic function of the cells' own it cannot, and says so.

// genericDefines rewrites the top-level declarations of run body whose
// value is a generic function's result.
func (r *rewriter) genericDefines(body *ast.BlockStmt) {
	for _, s := range body.List {
		var (
			name  *ast.Ident
			value ast.Expr
			from  token.Pos // the text from here to value is replaced
		)
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
				continue
			}
			name, _ = s.Lhs[0].(*ast.Ident)
			value, from = s.Rhs[0], s.Pos()
		case *ast.DeclStmt:
			d := s.Decl.(*ast.GenDecl)
			if d.Tok != token.VAR || len(d.Specs) != 1 {
				continue
			}
			spec := d.Specs[0].(*ast.ValueSpec)
			if spec.Type != nil || len(spec.Names) != 1 || len(spec.Values) != 1 {
				continue
			}
			name, value, from = spec.Names[0], spec.Values[0], s.Pos()
		}
		call, ok := value.(*ast.CallExpr)
		if name == nil || name.Name == "_" || !ok {
			continue
		}
		e := r.envAt(s.Pos())
		if r.newDefine(e, s, name, call, from) { // rewrite_new.go
			continue
		}
		if fn, generic := r.userGeneric(e, call); generic {
			r.fail(s, "yaegi cannot give a variable declared at the top level of a cell the type of generic function "+fn+"'s result: declare it with its type and assign it (var "+name.Name+" T; "+name.Name+" = …), or declare it inside a function")
			return
		}
		fn, ok := stdGeneric(e, call)
		if !ok {
			continue
		}
		t := resultType(e, call, 0)
		if t == nil {
			// yaegi would crash on it ("the interpreter failed"), which
			// says nothing of what to do.
			r.fail(s, "the type of "+fn+"'s result is not known here, and yaegi needs it for a variable declared at the top level of a cell: declare it with its type and assign it (var "+name.Name+" T; "+name.Name+" = …), or declare it inside a function")
			return
		}
		r.replace(from, value.Pos(), "var "+name.Name+" "+render(token.NewFileSet(), t)+"; "+name.Name+" = ")
	}
}

// userGeneric tells whether call calls a generic function that the cells
// declare, whose result's type depends on its type parameters.
func (r *rewriter) userGeneric(e *env, call *ast.CallExpr) (string, bool) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return "", false
	}
	g, ok := e.names[id.Name]
	d, isFunc := g.node.(*ast.FuncDecl)
	if !ok || !isFunc || d.Type.TypeParams == nil || d.Type.Results == nil {
		return "", false
	}
	params := map[string]bool{}
	for _, f := range d.Type.TypeParams.List {
		for _, n := range f.Names {
			params[n.Name] = true
		}
	}
	depends := false
	ast.Inspect(d.Type.Results, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && params[id.Name] {
			depends = true
		}
		return !depends
	})
	return id.Name, depends
}

// stdGeneric returns the package and name of the function of gensrc (generics.go)
// that call calls, if it does.
func stdGeneric(e *env, call *ast.CallExpr) (string, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || e.declares(pkg.Name) {
		return "", false
	}
	ipath := e.imports[pkg.Name]
	if ipath == "" {
		ipath = autoImports()[pkg.Name]
	}
	switch ipath {
	case "slices", "maps", "cmp":
		return ipath + "." + sel.Sel.Name, true
	}
	return "", false
}

// resultType is the type of the value of x, an argument or a value in a
// top-level declaration, as a type expression valid in the cell: from the
// declarations in sight, and for the functions of gensrc (generics.go) from their
// arguments' types. nil when it cannot tell.
func resultType(e *env, x ast.Expr, depth int) ast.Expr {
	if depth > maxDepth {
		return nil
	}
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok {
		if fn, ok := stdGeneric(e, call); ok {
			return stdResult(e, fn, call.Args, depth)
		}
	}
	t := e.typeOf(x, 0)
	if _, ok := ast.Unparen(x).(*ast.CompositeLit); ok {
		t.isType = false // a value, which typeOf gives as its type
	}
	switch {
	case t.isType || t.pkg != "":
		return nil
	case t.rt != nil:
		return rtExpr(t.rt)
	case t.expr != nil:
		return t.expr
	}
	// A variable declared from a function of gensrc (generics.go), which the
	// inference does not know.
	if id, ok := x.(*ast.Ident); ok {
		if v := declaredValue(e, id.Name); v != nil {
			return resultType(e, v, depth+1)
		}
	}
	return nil
}

// declaredValue is the value that the declaration of variable name in
// sight gives it, if that is one value.
func declaredValue(e *env, name string) ast.Expr {
	g, ok := e.names[name]
	if !ok || g.kind != "var" {
		return nil
	}
	var (
		names  []ast.Expr
		values []ast.Expr
	)
	switch d := g.node.(type) {
	case *ast.AssignStmt:
		names, values = d.Lhs, d.Rhs
	case *ast.ValueSpec:
		if d.Type != nil {
			return nil
		}
		for _, n := range d.Names {
			names = append(names, n)
		}
		values = d.Values
	}
	if len(names) != len(values) {
		return nil
	}
	for i, n := range names {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			return values[i]
		}
	}
	return nil
}

// stdResult is the type of the result of fn, a function of gensrc (generics.go),
// called with args.
func stdResult(e *env, fn string, args []ast.Expr, depth int) ast.Expr {
	if len(args) == 0 {
		return nil
	}
	arg := func() ast.Expr { return resultType(e, args[0], depth+1) }
	slice := func(elt ast.Expr) ast.Expr {
		if elt == nil {
			return nil
		}
		return &ast.ArrayType{Elt: elt}
	}
	seq := func(types ...ast.Expr) ast.Expr {
		params := &ast.FieldList{}
		for _, t := range types {
			if t == nil {
				return nil
			}
			params.List = append(params.List, &ast.Field{Type: t})
		}
		yield := &ast.FuncType{Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}}
		return &ast.FuncType{Params: &ast.FieldList{List: []*ast.Field{{Type: yield}}}}
	}
	switch fn {
	case "slices.Clone", "slices.Insert", "slices.Delete", "slices.DeleteFunc", "slices.Replace",
		"slices.Compact", "slices.CompactFunc", "slices.Grow", "slices.Clip", "slices.Concat",
		"slices.Repeat", "slices.AppendSeq":
		return slice(elemType(e, arg()))
	case "slices.Min", "slices.Max", "slices.MinFunc", "slices.MaxFunc":
		return elemType(e, arg())
	case "slices.Collect", "slices.Sorted", "slices.SortedFunc", "slices.SortedStableFunc":
		if ys := yielded(e, arg()); len(ys) == 1 {
			return slice(ys[0])
		}
	case "slices.Values":
		return seq(elemType(e, arg()))
	case "slices.All", "slices.Backward":
		return seq(ast.NewIdent("int"), elemType(e, arg()))
	case "slices.Chunk":
		return seq(slice(elemType(e, arg())))
	case "maps.Clone":
		if m, ok := under(e, arg()).(*ast.MapType); ok {
			return m
		}
	case "maps.Keys", "maps.Values", "maps.All":
		m, ok := under(e, arg()).(*ast.MapType)
		if !ok {
			return nil
		}
		switch fn {
		case "maps.Keys":
			return seq(m.Key)
		case "maps.Values":
			return seq(m.Value)
		}
		return seq(m.Key, m.Value)
	case "maps.Collect":
		if ys := yielded(e, arg()); len(ys) == 2 {
			return &ast.MapType{Key: ys[0], Value: ys[1]}
		}
	case "cmp.Or":
		if !untypedConst(e, args[0]) {
			return arg()
		}
	}
	return nil
}

// under is the type expression t stands for, through the cells' type
// declarations.
func under(e *env, t ast.Expr) ast.Expr {
	if t == nil {
		return nil
	}
	if u := e.under(t); u != nil {
		return u
	}
	if rt := e.underRT(t); rt != nil {
		return rtExpr(rt)
	}
	return nil
}

// elemType is the element type of slice or array type t.
func elemType(e *env, t ast.Expr) ast.Expr {
	if a, ok := under(e, t).(*ast.ArrayType); ok {
		return a.Elt
	}
	return nil
}

// yielded are the types of the values that iterator type t yields.
func yielded(e *env, t ast.Expr) []ast.Expr {
	ft, ok := under(e, t).(*ast.FuncType)
	if !ok || fieldCount(ft.Params) != 1 {
		return nil
	}
	yield, ok := under(e, ft.Params.List[0].Type).(*ast.FuncType)
	if !ok {
		return nil
	}
	var types []ast.Expr
	for _, f := range yield.Params.List {
		for range max(len(f.Names), 1) {
			types = append(types, f.Type)
		}
	}
	return types
}

// rtExpr is the type expression of a compiled type, if it can be written
// in a cell: predeclared types, the standard library's, and what is made
// of them.
func rtExpr(rt reflect.Type) ast.Expr {
	if !writable(rt, 0) {
		return nil
	}
	x, err := parser.ParseExpr(rt.String())
	if err != nil {
		return nil
	}
	return x
}

// writable tells whether rt.String() is Go that a cell can write.
func writable(rt reflect.Type, depth int) bool {
	if depth > maxDepth {
		return false
	}
	if rt.Name() != "" {
		if rt.PkgPath() == "" {
			return rt.Kind() != reflect.Struct && rt.Kind() != reflect.Interface || rt.Name() == "error"
		}
		// A type of the standard library, named after its package.
		pkg := rt.PkgPath()
		return !strings.Contains(pkg, ".") && !strings.Contains(pkg, "internal") && pkg != "main" &&
			strings.HasPrefix(rt.String(), packageName(pkg)+".")
	}
	switch rt.Kind() {
	case reflect.Slice, reflect.Array, reflect.Pointer, reflect.Chan:
		return writable(rt.Elem(), depth+1)
	case reflect.Map:
		return writable(rt.Key(), depth+1) && writable(rt.Elem(), depth+1)
	case reflect.Func:
		for i := range rt.NumIn() {
			if !writable(rt.In(i), depth+1) {
				return false
			}
		}
		for i := range rt.NumOut() {
			if !writable(rt.Out(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Interface:
		return rt.NumMethod() == 0 // any
	}
	return false
}

package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// The inference of typeof.go follows instances of the generic types that
// cells declare, L[int], to their fields and methods, with the type
// arguments put for the type parameters: for l of type L[int],
// l.All() of a method "func (l L[T]) All() iter.Seq[T]" has type
// func(func(int) bool), iter.Seq's function type, as the rewrite of
// iter.Seq makes it (rewrite.go).

// instance tells whether x names an instance of a generic type that the
// cells declare, and gives the type's declaration and the type arguments.
func (e *env) instance(x ast.Expr) (*ast.TypeSpec, []ast.Expr, bool) {
	var (
		base ast.Expr
		args []ast.Expr
	)
	switch y := x.(type) {
	case *ast.IndexExpr:
		base, args = y.X, []ast.Expr{y.Index}
	case *ast.IndexListExpr:
		base, args = y.X, y.Indices
	default:
		return nil, nil, false
	}
	id, ok := base.(*ast.Ident)
	if !ok {
		return nil, nil, false
	}
	g, ok := e.names[id.Name]
	spec, _ := g.node.(*ast.TypeSpec)
	if !ok || g.kind != "type" || spec == nil || spec.TypeParams == nil || spec.TypeParams.NumFields() != len(args) {
		return nil, nil, false
	}
	return spec, args, true
}

// instanceMember is member for an instance of generic type spec with type
// arguments args.
func (e *env) instanceMember(spec *ast.TypeSpec, args []ast.Expr, name string, isType bool) (typ, bool) {
	if m, ok := e.methods[spec.Name.Name][name]; ok {
		d, ok := m.node.(*ast.FuncDecl)
		if !ok || d.Recv == nil || len(d.Recv.List) != 1 {
			return typ{}, true
		}
		// The method's receiver names the type parameters its own way:
		// func (l L[E]) All() iter.Seq[E].
		recv := d.Recv.List[0].Type
		if star, ok := recv.(*ast.StarExpr); ok {
			recv = star.X
		}
		var params []ast.Expr
		switch r := recv.(type) {
		case *ast.IndexExpr:
			params = []ast.Expr{r.Index}
		case *ast.IndexListExpr:
			params = r.Indices
		}
		if len(params) != len(args) {
			return typ{}, true
		}
		subst := map[string]string{}
		for i, p := range params {
			if id, ok := p.(*ast.Ident); ok {
				subst[id.Name] = instanceText(args[i], nil)
			}
		}
		if ft := instantiate(d.Type, subst); ft != nil {
			return typ{expr: ft}, true
		}
		return typ{}, true
	}
	if isType {
		return typ{}, false
	}
	st, ok := spec.Type.(*ast.StructType)
	if !ok {
		return typ{}, false
	}
	subst := map[string]string{}
	i := 0
	for _, f := range spec.TypeParams.List {
		for _, n := range f.Names {
			subst[n.Name] = instanceText(args[i], nil)
			i++
		}
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				ft := e.resolve(instantiate(f.Type, subst)).value()
				ft.addressable = true
				return ft, true
			}
		}
	}
	return typ{}, false
}

// instantiate is type expression x with the types of subst put for the
// names of its type parameters, and iter.Seq and iter.Seq2 written as
// the function types they stand for; nil where it cannot be written.
func instantiate(x ast.Expr, subst map[string]string) ast.Expr {
	text := instanceText(x, subst)
	if text == "" {
		return nil
	}
	y, err := parser.ParseExpr(text)
	if err != nil {
		return nil
	}
	return y
}

// instanceText writes type expression x with subst's types for its names and
// iter's generic types as function types, "" where it cannot.
func instanceText(x ast.Expr, subst map[string]string) string {
	list := func(fields *ast.FieldList) (string, bool) {
		if fields == nil {
			return "", true
		}
		var parts []string
		for _, f := range fields.List {
			t := instanceText(f.Type, subst)
			if t == "" {
				return "", false
			}
			for range max(len(f.Names), 1) {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, ", "), true
	}
	switch y := x.(type) {
	case *ast.Ident:
		if t, ok := subst[y.Name]; ok {
			return t
		}
		return y.Name
	case *ast.ParenExpr:
		return instanceText(y.X, subst)
	case *ast.SelectorExpr:
		if id, ok := y.X.(*ast.Ident); ok {
			return id.Name + "." + y.Sel.Name
		}
	case *ast.StarExpr:
		if t := instanceText(y.X, subst); t != "" {
			return "*" + t
		}
	case *ast.Ellipsis:
		if t := instanceText(y.Elt, subst); t != "" {
			return "..." + t
		}
	case *ast.ArrayType:
		elt := instanceText(y.Elt, subst)
		if elt == "" {
			return ""
		}
		if y.Len == nil {
			return "[]" + elt
		}
		if n, ok := y.Len.(*ast.BasicLit); ok && n.Kind == token.INT {
			return "[" + n.Value + "]" + elt
		}
	case *ast.MapType:
		k, v := instanceText(y.Key, subst), instanceText(y.Value, subst)
		if k != "" && v != "" {
			return "map[" + k + "]" + v
		}
	case *ast.ChanType:
		v := instanceText(y.Value, subst)
		if v == "" {
			return ""
		}
		switch y.Dir {
		case ast.SEND:
			return "chan<- " + v
		case ast.RECV:
			return "<-chan " + v
		}
		return "chan " + v
	case *ast.FuncType:
		params, ok1 := list(y.Params)
		results, ok2 := list(y.Results)
		if !ok1 || !ok2 {
			return ""
		}
		text := "func(" + params + ")"
		if results != "" {
			text += " (" + results + ")"
		}
		return text
	case *ast.InterfaceType:
		if y.Methods == nil || len(y.Methods.List) == 0 {
			return "interface{}"
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		var (
			base ast.Expr
			args []ast.Expr
		)
		if ix, ok := y.(*ast.IndexExpr); ok {
			base, args = ix.X, []ast.Expr{ix.Index}
		} else {
			ixl := y.(*ast.IndexListExpr)
			base, args = ixl.X, ixl.Indices
		}
		var texts []string
		for _, a := range args {
			t := instanceText(a, subst)
			if t == "" {
				return ""
			}
			texts = append(texts, t)
		}
		if sel, ok := base.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "iter" {
				switch {
				case sel.Sel.Name == "Seq" && len(texts) == 1:
					return "func(func(" + texts[0] + ") bool)"
				case sel.Sel.Name == "Seq2" && len(texts) == 2:
					return "func(func(" + texts[0] + ", " + texts[1] + ") bool)"
				}
			}
		}
		if b := instanceText(base, subst); b != "" {
			return b + "[" + strings.Join(texts, ", ") + "]"
		}
	}
	return ""
}

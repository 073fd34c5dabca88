package interp

import (
	"go/ast"
	"go/token"
)

// A variable declared at the top level of a cell from a generic function's
// result, keys := slices.Sorted(maps.Keys(m)), crashes yaegi v0.16.1: it
// types the global before it instantiates the function. Declared with its
// type, which the type oracle tells (typecheck.go), and then assigned, the
// variable is fine:
//
//	var keys []string; keys = slices.Sorted(maps.Keys(m))

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
		if r.newDefine(s, name, call, from) { // rewrite_new.go
			continue
		}
		if r.isInstanceUse(call.Fun) {
			continue // a compiled instance's result has its type (instantiate.go)
		}
		checked := r.in.typeChecked(r.c) // typecheck.go
		start, end := r.off(call.Fun.Pos()), r.off(call.Fun.End())
		if start < 0 || end < 0 || !checked.Instantiated(start, end) {
			continue
		}
		fn := r.source(call.Fun)
		t := r.typeOf(call)
		if t == nil {
			r.fail(s, "the type of "+fn+"'s result is not known here ("+r.typeError(call)+"), and yaegi needs it for a variable declared at the top level of a cell: declare it with its type and assign it (var "+name.Name+" T; "+name.Name+" = …), or declare it inside a function")
			return
		}
		text, ok := r.in.typeText(checked, t)
		if !ok {
			r.fail(s, "the type of "+fn+"'s result, "+t.String()+", has no name in the cell, and yaegi needs one for a variable declared at the top level of a cell: declare it inside a function")
			return
		}
		r.replace(from, value.Pos(), "var "+name.Name+" "+text+"; "+name.Name+" = ")
	}
}

package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// commaOKDefines rewrites the comma-ok forms that yaegi cannot compile at
// the top level of a cell, where they declare globals:
//
//	v, ok := m[k]    v, ok := x.(T)    v, ok := <-ch
//
// into declarations of the variables' types and an assignment, which it
// compiles ("var v V; var ok bool; v, ok = m[k]"). The right-hand side stays
// the user's text, evaluated once. The type of v comes from the assertion's
// type, or from the map's or channel's type as the type oracle tells it;
// when it is not known (the cell does not type-check), the statement is
// left alone and yaegi reports it, in Go's words where the oracle has
// them (goError). With a blank
// value (_, ok := <-ch), the comma-ok expression runs in a function literal
// that gives ok its value.
func (r *rewriter) commaOKDefines(body *ast.BlockStmt) {
	for _, s := range body.List {
		a, ok := s.(*ast.AssignStmt)
		if !ok || a.Tok != token.DEFINE || len(a.Lhs) != 2 || len(a.Rhs) != 1 || r.defines[a] {
			continue
		}
		names := make([]string, 2)
		for i, l := range a.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				names = nil
				break
			}
			names[i] = id.Name
		}
		if names == nil {
			continue
		}
		if names[0] == "_" && names[1] != "_" {
			// yaegi fails to assign to the blank identifier here (it sets
			// the value into another global).
			if !isCommaOK(a.Rhs[0]) {
				// Two results of a call (_, err := f()): the first goes to
				// a name no one reads, since the second's type is not known.
				r.replace(a.Lhs[0].Pos(), a.Lhs[0].End(), r.hidden("blank", a.Pos()))
				r.defines[a] = true
				continue
			}
			// In a function it does not, and ok is a bool.
			ok := r.hidden("ok", a.Pos())
			r.replace(a.Pos(), a.Rhs[0].Pos(), "var "+names[1]+" bool; "+names[1]+" = func() bool { _, "+ok+" := ")
			r.insert(a.Rhs[0].End(), "; return "+ok+" }()")
			r.defines[a] = true
			continue
		}
		valueType, ok := r.commaOKType(ast.Unparen(a.Rhs[0]))
		if !ok {
			continue
		}
		var decl strings.Builder
		for i, t := range []string{valueType, "bool"} {
			if names[i] != "_" {
				decl.WriteString("var " + names[i] + " " + t + "; ")
			}
		}
		decl.WriteString(names[0] + ", " + names[1] + " = ")
		r.replace(a.Pos(), a.Rhs[0].Pos(), decl.String())
		r.defines[a] = true
	}
}

// isCommaOK tells whether x is one of the comma-ok forms: with two
// variables, an index can only be a map's.
func isCommaOK(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.TypeAssertExpr:
		return x.Type != nil
	case *ast.IndexExpr:
		return true
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	}
	return false
}

// commaOKType is the Go text of the type of the first value of a comma-ok
// expression, when it can be told: an assertion's type as written, a
// map's element or a channel's as the type oracle tells them
// (typecheck.go), written as the cell names them.
func (r *rewriter) commaOKType(x ast.Expr) (string, bool) {
	var elem types.Type
	switch x := x.(type) {
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return "", false // x.(type) belongs in a type switch
		}
		return r.source(x.Type), true
	case *ast.IndexExpr:
		if t := r.typeOf(x.X); t != nil {
			if m, ok := t.Underlying().(*types.Map); ok {
				elem = m.Elem()
			}
		}
	case *ast.UnaryExpr:
		if x.Op != token.ARROW {
			return "", false
		}
		if t := r.typeOf(x.X); t != nil {
			if c, ok := t.Underlying().(*types.Chan); ok {
				elem = c.Elem()
			}
		}
	}
	if elem == nil {
		return "", false
	}
	return r.in.typeText(r.in.typeChecked(r.c), elem)
}

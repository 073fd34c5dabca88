package interp

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
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
// type, or from what is known of the map's or channel's type; when it is not
// known, the statement is left alone and yaegi reports it. With a blank
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
		valueType, ok := r.commaOKType(ast.Unparen(a.Rhs[0]), a.Pos())
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
// expression, when it can be told.
func (r *rewriter) commaOKType(x ast.Expr, at token.Pos) (string, bool) {
	switch x := x.(type) {
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return "", false // x.(type) belongs in a type switch
		}
		return r.source(x.Type), true
	case *ast.IndexExpr:
		e := r.envAt(at)
		t := e.typeOf(x.X, 0)
		if !isMap(e, t) {
			return "", false
		}
		return typeText(e.elem(t))
	case *ast.UnaryExpr:
		if x.Op != token.ARROW {
			return "", false
		}
		e := r.envAt(at)
		return typeText(e.elem(e.typeOf(x.X, 0)))
	}
	return "", false
}

func isMap(e *env, t typ) bool {
	if t.rt != nil {
		return t.rt.Kind() == reflect.Map
	}
	if t.expr != nil {
		_, ok := e.under(t.expr).(*ast.MapType)
		return ok
	}
	return false
}

// typeText writes a type as Go source, for the types that can be written:
// those of the cells' declarations, and compiled types built from
// predeclared and standard-library types.
func typeText(t typ) (string, bool) {
	switch {
	case t.isType || t.pkg != "":
		return "", false
	case t.expr != nil:
		return strings.TrimSpace(render(token.NewFileSet(), t.expr)), true
	case t.rt != nil:
		return reflectTypeText(t.rt)
	}
	return "", false
}

func reflectTypeText(rt reflect.Type) (string, bool) {
	if rt.Name() != "" {
		if rt.PkgPath() == "" {
			return rt.Name(), true // int, string, error …
		}
		if isStdPath(rt.PkgPath()) {
			return rt.String(), true // big.Int: the package's name, which the cell imports
		}
		return "", false
	}
	elem := func(prefix string) (string, bool) {
		s, ok := reflectTypeText(rt.Elem())
		return prefix + s, ok
	}
	switch rt.Kind() {
	case reflect.Pointer:
		return elem("*")
	case reflect.Slice:
		return elem("[]")
	case reflect.Array:
		return elem("[" + strconv.Itoa(rt.Len()) + "]")
	case reflect.Chan:
		switch rt.ChanDir() {
		case reflect.RecvDir:
			return elem("<-chan ")
		case reflect.SendDir:
			return elem("chan<- ")
		}
		return elem("chan ")
	case reflect.Map:
		k, ok := reflectTypeText(rt.Key())
		if !ok {
			return "", false
		}
		return elem("map[" + k + "]")
	case reflect.Interface:
		if rt.NumMethod() == 0 {
			return "any", true
		}
	}
	return "", false // struct, func and interface types of the interpreter's making
}

// isStdPath tells a standard-library import path: its first element has
// no dot.
func isStdPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && path != "main"
}

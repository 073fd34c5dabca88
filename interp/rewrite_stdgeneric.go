package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// Generic functions of compiled standard packages cannot come through
// yaegi's symbol tables; their Go source is compiled into package main
// under names of gopherlab's (gensrc/, generics.go), and the calls of
// cells are rewritten to those names:
//
//	errors.AsType[E](err)  →  _glAsType[E](err)
//	sync.OnceValue(f)      →  _glOnceValue(f)
//
// At the top level of a cell, "v, ok := errors.AsType[E](err)" declares
// its variables with their types first (E, bool), as yaegi crashes on a
// global typed from a generic function's result (see genericDefines);
// the types come from the call's syntax (type arguments, the results of a
// function literal), and where it does not tell them the cell is
// reported.

// stdGenerics maps the compiled packages' generic functions, by import
// path and name, to the names of their source.
var stdGenerics = map[string]map[string]string{
	"errors":  {"AsType": "_glAsType"},
	"sync":    {"OnceValue": "_glOnceValue", "OnceValues": "_glOnceValues"},
	"reflect": {"TypeAssert": "_glTypeAssert"},
}

// stdGenericName is the gensrc name of the function that x, a selector of
// a package the cell sees, names, if it is one of stdGenerics. Only a
// selector named like one of them asks the type oracle which package its
// qualifier is: most cells call none, and are never checked for it.
func (r *rewriter) stdGenericName(x ast.Expr) (string, bool) {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok || !stdGenericNames[sel.Sel.Name] {
		return "", false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return "", false
	}
	named, ok := r.objectOf(pkg).(*types.PkgName) // typecheck.go
	if !ok {
		return "", false
	}
	name, ok := stdGenerics[named.Imported().Path()][sel.Sel.Name]
	return name, ok
}

// stdGenericNames are the names of the functions of stdGenerics.
var stdGenericNames = func() map[string]bool {
	names := map[string]bool{}
	for _, fns := range stdGenerics {
		for name := range fns {
			names[name] = true
		}
	}
	return names
}()

// stdGenericCalls renames the stdGenerics the run refers to.
func (r *rewriter) stdGenericCalls(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		var x ast.Expr
		switch n := n.(type) {
		case *ast.IndexExpr:
			x = n.X
		case *ast.IndexListExpr:
			x = n.X
		case *ast.CallExpr:
			x = n.Fun
		default:
			return true
		}
		if name, ok := r.stdGenericName(x); ok {
			r.replace(x.Pos(), x.End(), name)
		}
		return true
	})
}

// stdGenericDefines declares the variables that top-level statements of
// body define from the results of stdGenerics, and claims those statements
// (see rewriter.defines).
func (r *rewriter) stdGenericDefines(body *ast.BlockStmt) {
	for _, s := range body.List {
		a, ok := s.(*ast.AssignStmt)
		if !ok || a.Tok != token.DEFINE || len(a.Rhs) != 1 {
			continue
		}
		call, ok := a.Rhs[0].(*ast.CallExpr)
		if !ok {
			continue
		}
		fun := call.Fun
		var targs []ast.Expr
		switch ix := fun.(type) {
		case *ast.IndexExpr:
			fun, targs = ix.X, []ast.Expr{ix.Index}
		case *ast.IndexListExpr:
			fun, targs = ix.X, ix.Indices
		}
		name, ok := r.stdGenericName(fun)
		if !ok {
			continue
		}
		types := r.stdGenericResults(name, call, targs)
		if len(types) > 0 && len(types) != len(a.Lhs) {
			r.fail(a, fmt.Sprintf("assignment mismatch: %d variable%s but %s returns %d value%s",
				len(a.Lhs), plural(len(a.Lhs)), r.source(fun), len(types), plural(len(types))))
			return
		}
		if len(types) != len(a.Lhs) {
			r.fail(a, "the type of "+r.source(fun)+"'s result is not known here, and yaegi needs it for a variable declared at the top level of a cell: declare it with its type and assign it, or declare it inside a function")
			return
		}
		var decl, names string
		for i, l := range a.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				return
			}
			n := id.Name
			if n == "_" {
				n = r.hidden("v"+strconv.Itoa(i), a.Pos())
			}
			decl += "var " + n + " " + types[i] + "; "
			if i > 0 {
				names += ", "
			}
			names += n
		}
		r.replace(a.Pos(), a.Rhs[0].Pos(), decl+names+" = ")
		r.defines[a] = true
	}
}

// stdGenericResults are the Go texts of the types of the results of a call
// of gensrc function name, as far as the call's syntax tells them.
func (r *rewriter) stdGenericResults(name string, call *ast.CallExpr, targs []ast.Expr) []string {
	switch name {
	case "_glAsType", "_glTypeAssert":
		if len(targs) == 1 {
			return []string{r.source(targs[0]), "bool"}
		}
	case "_glOnceValue", "_glOnceValues":
		if len(call.Args) != 1 {
			return nil
		}
		lit, ok := call.Args[0].(*ast.FuncLit)
		if !ok || lit.Type.Results == nil {
			return nil
		}
		return []string{"func() " + r.source(lit.Type.Results)}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

package interp

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
)

// newCall rewrites Go 1.26's new(expr), where the argument is a value, into
// a call of the generic _glNew (generics.go): yaegi v0.16.1 takes any
// argument of new for a type, and new(42) would point at 0.
//
// The argument is a value when its syntax says so (a literal, an
// operation, a call), or when it is a name that the type oracle says is a
// variable, a constant or a function; where it cannot tell, a name that is
// no type: neither one of Go's, nor one that a cell declared, nor a type
// parameter or type of this cell. Qualified names and instantiations are
// left as they are.
func (r *rewriter) newCall(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "new" || id.Obj != nil || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return
	}
	if !r.isValue(call.Args[0]) {
		return
	}
	r.replace(id.Pos(), id.End(), "_glNew")
}

// isValue tells an argument of new that is certainly a value.
func (r *rewriter) isValue(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return r.isValue(x.X)
	case *ast.BasicLit, *ast.CompositeLit, *ast.BinaryExpr, *ast.UnaryExpr, *ast.CallExpr, *ast.FuncLit:
		return true
	case *ast.Ident:
		// What the name is, as the type oracle tells it (typecheck.go);
		// where it cannot, as the names the cells declare tell it.
		switch r.objectOf(x).(type) {
		case *types.TypeName:
			return false
		case *types.Var, *types.Const, *types.Func:
			return true
		}
		if _, ok := types.Universe.Lookup(x.Name).(*types.TypeName); ok {
			return false
		}
		if r.typeNames == nil {
			r.typeNames = cellTypeNames(r.c.src)
		}
		if r.typeNames[x.Name] {
			return false
		}
		r.in.mu.Lock()
		g, ok := r.in.globals[x.Name]
		r.in.mu.Unlock()
		if ok && g.kind == "type" {
			return false
		}
		// A name that is not a type: a variable, a constant, or an
		// unknown name that new(…) would report undefined either way.
		return x.Obj == nil || x.Obj.Kind != ast.Typ
	}
	return false
}

// cellTypeNames are the names that a cell may declare as types or type
// parameters, anywhere, in functions too, as its tokens tell: the name
// after "type", the names at the start of the lines of a "type ( … )"
// group, and the names after "[" or "," in the brackets that follow a
// name (type parameters, and index expressions too: a name taken for a
// type here only leaves new(name) as yaegi takes it).
func cellTypeNames(src string) map[string]bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	names := map[string]bool{}
	var (
		prev     token.Token
		group    int    // depth of a type ( … ) group, 0 outside
		depth    int    // parentheses
		brackets []bool // for each open bracket: whether a name precedes it
	)
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN:
			depth++
			if prev == token.TYPE {
				group = depth
			}
		case token.RPAREN:
			if depth == group {
				group = 0
			}
			depth--
		case token.LBRACK:
			brackets = append(brackets, prev == token.IDENT)
		case token.RBRACK:
			if len(brackets) > 0 {
				brackets = brackets[:len(brackets)-1]
			}
		case token.IDENT:
			inParams := len(brackets) > 0 && brackets[len(brackets)-1] && (prev == token.LBRACK || prev == token.COMMA)
			inGroup := group > 0 && depth == group && (prev == token.LPAREN || prev == token.SEMICOLON)
			if prev == token.TYPE || inParams || inGroup {
				names[lit] = true
			}
		}
		prev = t
	}
	return names
}

// newDefine declares with its type a variable that a top-level statement
// of a cell declares from new(expr) (see genericDefines: the result of
// _glNew is a generic function's), and tells whether call was one. The
// type is the call's, as the type oracle tells it (typecheck.go).
func (r *rewriter) newDefine(s ast.Stmt, name *ast.Ident, call *ast.CallExpr, from token.Pos) bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "new" || id.Obj != nil || len(call.Args) != 1 || !r.isValue(call.Args[0]) {
		return false
	}
	t, ok := "", false
	if pt := r.typeOf(call); pt != nil {
		t, ok = r.in.typeText(r.in.typeChecked(r.c), pt)
	}
	if !ok {
		r.fail(s, "the type of new("+r.source(call.Args[0])+") is not known here: declare "+name.Name+" with its type (var "+name.Name+" *T; "+name.Name+" = new(…))")
		return true
	}
	r.replace(from, call.Pos(), "var "+name.Name+" "+t+"; "+name.Name+" = ")
	return true
}

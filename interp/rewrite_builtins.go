package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"strconv"
	"strings"
)

// The builtins of Go 1.21 that yaegi v0.16.1 lacks: min, max and clear.
//
// min and max of constants are constants: the rewrite computes them, so
// that "const c = max(1, 2)" works. Of other arguments, they become calls
// of the generic _glMin and _glMax of two values (generics.go), nested:
// min(a, b, c) is _glMin(_glMin(a, b), c). yaegi infers the type parameter
// from the first argument only, and takes an untyped constant there for a
// type of its own, so constants that lead the arguments go to the end:
// min(0, x) is _glMin(x, 0), which is the same value, as the order of min's
// arguments never matters and constants have no side effects to reorder.
// clear(x) becomes a call of a compiled function (builtins.go).

// builtinCall rewrites a call of min, max or clear, where the name is the
// builtin's.
func (r *rewriter) builtinCall(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Obj != nil || (id.Name != "min" && id.Name != "max" && id.Name != "clear") {
		return
	}
	e := r.envAt(call.Pos())
	if e.declares(id.Name) {
		return
	}
	if id.Name == "clear" {
		r.replace(id.Pos(), id.End(), cellPkgName+".Clear")
		return
	}
	if len(call.Args) == 0 || call.Ellipsis.IsValid() {
		r.fail(call, "not enough arguments for "+id.Name+"() (expected 1 or more): "+id.Name+" takes the values themselves, not a slice with ...")
		return
	}
	if v, ok := r.fold(e, call, id.Name == "min"); ok {
		r.replace(call.Pos(), call.End(), v)
		r.skip[call] = true
		return
	}
	if r.inConst(call) {
		r.fail(call, id.Name+" in a constant declaration: gopherlab computes it only from constants it can see (literals, and constants of cells declared from them); declare the value with var")
		return
	}
	args := call.Args
	lead := 0 // the untyped constants that lead the arguments, moved to the end
	for lead < len(args) && untypedConst(e, args[lead]) {
		lead++
	}
	if lead == len(args) {
		lead = 0 // all constants, some unknown: their order stands
	}
	helper := "_glMin("
	if id.Name == "max" {
		helper = "_glMax("
	}
	n := len(args)
	if n == 1 {
		r.replace(call.Fun.Pos(), call.Lparen+1, "(")
		r.replace(args[0].End(), call.Rparen, "") // a trailing comma
		return
	}
	r.replace(call.Fun.Pos(), call.Lparen+1, strings.Repeat(helper, n-1))
	order := append(append([]ast.Expr{}, args[lead:]...), args[:lead]...)
	if lead > 0 {
		r.replace(args[0].Pos(), args[lead].Pos(), "")
	}
	// helper(helper(a, b), c): a closing parenthesis after every argument
	// but the first and the last, which the call's own closes.
	var moved strings.Builder
	for j, a := range order {
		if j < n-lead { // in its place
			if j > 0 && j < n-1 {
				r.insert(a.End(), ")")
			}
			continue
		}
		r.skip[a] = true
		moved.WriteString(", ")
		if v, ok := r.constText(e, a); ok {
			moved.WriteString(v)
		} else {
			moved.WriteString(r.moved(a))
		}
		if j < n-1 {
			moved.WriteString(")")
		}
	}
	if lead > 0 {
		r.insert(order[n-lead-1].End(), moved.String())
	}
}

// inConst tells whether call is inside the values of a constant
// declaration.
func (r *rewriter) inConst(call *ast.CallExpr) bool {
	for v := range r.consts {
		if v.Pos() <= call.Pos() && call.End() <= v.End() {
			return true
		}
	}
	return false
}

// untypedConst tells whether x is an untyped constant: a literal, a
// constant declared without a type, or an expression of them.
func untypedConst(e *env, x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return untypedConst(e, x.X)
	case *ast.UnaryExpr:
		return x.Op != token.AND && x.Op != token.ARROW && untypedConst(e, x.X)
	case *ast.BinaryExpr:
		return untypedConst(e, x.X) && untypedConst(e, x.Y)
	case *ast.Ident:
		g, ok := e.names[x.Name]
		if !ok || g.kind != "const" {
			return false
		}
		spec, ok := g.node.(*ast.ValueSpec)
		return !ok || spec.Type == nil
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok && !e.declares(pkg.Name) {
			if t := e.ident(pkg.Name); t.pkg != "" {
				v, ok := e.in.pkgs.symbols(t.pkg)[x.Sel.Name]
				return ok && isConstant(v)
			}
		}
	}
	return false
}

// An untyped constant's kind, which decides the kind of an expression of
// several: integer < rune < floating-point, as the spec orders them.
const (
	kindInt = iota
	kindRune
	kindFloat
	kindString
)

type untyped struct {
	v    constant.Value
	kind int
}

// fold computes min or max of call's arguments, if they are all untyped
// constants whose values it can see, and returns the constant's text.
func (r *rewriter) fold(e *env, call *ast.CallExpr, isMin bool) (string, bool) {
	var best untyped
	for i, a := range call.Args {
		c, ok := constValue(e, a, 0)
		if !ok {
			return "", false
		}
		if i == 0 {
			best = c
			continue
		}
		if (c.kind == kindString) != (best.kind == kindString) {
			return "", false // the compiler says why
		}
		op := token.GTR
		if isMin {
			op = token.LSS
		}
		kind := max(best.kind, c.kind)
		if constant.Compare(c.v, op, best.v) {
			best = c
		}
		best.kind = kind
	}
	return constText(best)
}

// constText is the text of x's value, if it is a constant the rewrite can
// compute.
func (r *rewriter) constText(e *env, x ast.Expr) (string, bool) {
	c, ok := constValue(e, x, 0)
	if !ok {
		return "", false
	}
	return constText(c)
}

// constText writes an untyped constant so that it keeps its kind.
func constText(c untyped) (string, bool) {
	paren := func(s string) string {
		if strings.HasPrefix(s, "-") {
			return "(" + s + ")"
		}
		return s
	}
	switch c.kind {
	case kindString:
		if c.v.Kind() != constant.String {
			return "", false
		}
		return strconv.Quote(constant.StringVal(c.v)), true
	case kindInt:
		if c.v.Kind() != constant.Int {
			return "", false
		}
		return paren(c.v.ExactString()), true
	case kindRune:
		if c.v.Kind() != constant.Int {
			return "", false
		}
		return "('\\x00' + " + paren(c.v.ExactString()) + ")", true
	case kindFloat:
		f := constant.ToFloat(c.v)
		num, den := constant.Num(f), constant.Denom(f)
		if f.Kind() != constant.Float && f.Kind() != constant.Int || num.Kind() != constant.Int || den.Kind() != constant.Int {
			return "", false
		}
		if den.ExactString() == "1" {
			return paren(num.ExactString() + ".0"), true
		}
		return "(" + num.ExactString() + ".0 / " + den.ExactString() + ".0)", true
	}
	return "", false
}

// constValue computes the untyped constant x, as far as declarations in
// sight tell.
func constValue(e *env, x ast.Expr, depth int) (untyped, bool) {
	if depth > maxDepth {
		return untyped{}, false
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
		switch x.Kind {
		case token.INT:
			return untyped{v, kindInt}, true
		case token.CHAR:
			return untyped{v, kindRune}, true
		case token.FLOAT:
			return untyped{v, kindFloat}, true
		case token.STRING:
			return untyped{v, kindString}, true
		}
	case *ast.ParenExpr:
		return constValue(e, x.X, depth+1)
	case *ast.UnaryExpr:
		c, ok := constValue(e, x.X, depth+1)
		if !ok || c.kind == kindString || (x.Op != token.ADD && x.Op != token.SUB && x.Op != token.XOR) {
			return untyped{}, false
		}
		if x.Op == token.XOR && c.kind == kindFloat {
			return untyped{}, false
		}
		return untyped{constant.UnaryOp(x.Op, c.v, 0), c.kind}, true
	case *ast.BinaryExpr:
		return binaryConst(e, x, depth)
	case *ast.Ident:
		g, ok := e.names[x.Name]
		spec, isSpec := g.node.(*ast.ValueSpec)
		if !ok || g.kind != "const" || !isSpec || spec.Type != nil {
			return untyped{}, false
		}
		for i, name := range spec.Names {
			if name.Name == x.Name && i < len(spec.Values) && len(spec.Values) == len(spec.Names) {
				if usesIota(spec.Values[i]) {
					return untyped{}, false
				}
				return constValue(e, spec.Values[i], depth+1)
			}
		}
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok || e.declares(pkg.Name) {
			return untyped{}, false
		}
		t := e.ident(pkg.Name)
		if t.pkg == "" {
			return untyped{}, false
		}
		v, ok := e.in.pkgs.symbols(t.pkg)[x.Sel.Name]
		if !ok || !isConstant(v) {
			return untyped{}, false
		}
		c := v.Interface().(constant.Value)
		switch c.Kind() {
		case constant.Int:
			return untyped{c, kindInt}, true
		case constant.Float:
			return untyped{c, kindFloat}, true
		case constant.String:
			return untyped{c, kindString}, true
		}
	}
	return untyped{}, false
}

func binaryConst(e *env, x *ast.BinaryExpr, depth int) (untyped, bool) {
	a, ok1 := constValue(e, x.X, depth+1)
	b, ok2 := constValue(e, x.Y, depth+1)
	if !ok1 || !ok2 {
		return untyped{}, false
	}
	switch x.Op {
	case token.SHL, token.SHR:
		s, ok := constant.Uint64Val(constant.ToInt(b.v))
		if !ok || a.kind == kindString || s > 1<<16 {
			return untyped{}, false
		}
		v := constant.ToInt(a.v)
		if v.Kind() != constant.Int {
			return untyped{}, false
		}
		return untyped{constant.Shift(v, x.Op, uint(s)), kindInt}, true
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
	default:
		return untyped{}, false // comparisons make booleans, which min and max refuse
	}
	if (a.kind == kindString) != (b.kind == kindString) || (a.kind == kindString && x.Op != token.ADD) {
		return untyped{}, false
	}
	kind := max(a.kind, b.kind)
	op := x.Op
	if kind == kindFloat {
		if op == token.REM || op == token.AND || op == token.OR || op == token.XOR || op == token.AND_NOT {
			return untyped{}, false
		}
	} else if op == token.QUO {
		op = token.QUO_ASSIGN // integer division, as go/constant spells it
	}
	if (op == token.QUO || op == token.QUO_ASSIGN || op == token.REM) && constant.Sign(b.v) == 0 {
		return untyped{}, false // the compiler reports the division by zero
	}
	return untyped{constant.BinaryOp(a.v, op, b.v), kind}, true
}

// usesIota tells whether x mentions iota, whose value depends on where the
// constant is in its declaration.
func usesIota(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
			found = true
		}
		return !found
	})
	return found
}

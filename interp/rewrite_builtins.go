package interp

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"
)

// The builtins of Go 1.21 that yaegi v0.16.1 lacks: min, max and clear.
//
// min and max of constants are constants: the type oracle computes them
// (typecheck.go), and the rewrite writes the value, so that
// "const c = max(1, 2)" works. Of other arguments, they become calls
// of the generic _glMin and _glMax of two values (generics.go), nested:
// min(a, b, c) is _glMin(_glMin(a, b), c). yaegi infers the type parameter
// from the first argument only, and takes an untyped constant there for a
// type of its own, so constants that lead the arguments go to the end:
// min(0, x) is _glMin(x, 0), which is the same value, as the order of min's
// arguments never matters and constants have no side effects to reorder.
// clear(x) becomes a call of a compiled function (builtins.go).

// builtinCall rewrites a call of min, max or clear, where the name is the
// builtin's: where the oracle cannot tell, it is.
func (r *rewriter) builtinCall(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Obj != nil || (id.Name != "min" && id.Name != "max" && id.Name != "clear") {
		return
	}
	if obj := r.objectOf(id); obj != nil {
		if _, builtin := obj.(*types.Builtin); !builtin {
			return
		}
	}
	if id.Name == "clear" {
		r.replace(id.Pos(), id.End(), cellPkgName+".Clear")
		return
	}
	if len(call.Args) == 0 || call.Ellipsis.IsValid() {
		r.fail(call, "not enough arguments for "+id.Name+"() (expected 1 or more): "+id.Name+" takes the values themselves, not a slice with ...")
		return
	}
	if v, ok := r.constText(call); ok {
		r.replace(call.Pos(), call.End(), v)
		r.skip[call] = true
		return
	}
	if r.inConst(call) {
		// Go's error where the type checker has one: an argument that
		// is no constant.
		msg := id.Name + " in a constant declaration: gopherlab computes it from the constants' values that the type checker gives, and it gives none here; declare the value with var"
		start, end := r.off(call.Pos()), r.off(call.End())
		for _, e := range r.in.typeChecked(r.c).Errors() {
			if !e.Gap && e.Offset >= start && e.Offset < end {
				msg = e.Msg
				break
			}
		}
		r.fail(call, msg)
		return
	}
	args := call.Args
	lead := 0 // the constants that lead the arguments, moved to the end
	for lead < len(args) && r.isConstant(args[lead]) {
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
		if v, ok := r.constText(a); ok {
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

// constant is the value and type of x, if the oracle says it is a
// constant of a basic type. An untyped constant that Go converts, to
// another argument's type or a parameter's, has the type it becomes.
func (r *rewriter) constant(x ast.Expr) (constant.Value, *types.Basic, types.Type, bool) {
	start, end := r.off(x.Pos()), r.off(x.End())
	if start < 0 || end < 0 {
		return nil, nil, nil, false
	}
	tv, ok := r.in.typeChecked(r.c).TypeAndValue(start, end)
	if !ok || tv.Value == nil {
		return nil, nil, nil, false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return tv.Value, b, tv.Type, ok
}

// isConstant tells whether x is a constant, which has no effects to
// reorder.
func (r *rewriter) isConstant(x ast.Expr) bool {
	_, _, _, ok := r.constant(x)
	return ok
}

// constText is the text of x's value, if it is a constant: an untyped
// one's keeps its kind, a typed one's is a conversion to its type.
func (r *rewriter) constText(x ast.Expr) (string, bool) {
	v, b, t, ok := r.constant(x)
	if !ok {
		return "", false
	}
	if b.Info()&types.IsUntyped != 0 {
		return untypedText(v, b.Kind())
	}
	kind := types.UntypedInt
	switch {
	case b.Info()&types.IsString != 0:
		kind = types.UntypedString
	case b.Info()&types.IsFloat != 0:
		kind = types.UntypedFloat
	case b.Info()&types.IsInteger == 0:
		return "", false // booleans and complex numbers, which min and max refuse
	}
	text, ok := untypedText(v, kind)
	if !ok {
		return "", false
	}
	name, ok := r.in.typeText(r.in.typeChecked(r.c), t)
	if !ok {
		return "", false
	}
	return name + "(" + text + ")", true
}

// untypedText writes an untyped constant so that it keeps its kind.
func untypedText(v constant.Value, kind types.BasicKind) (string, bool) {
	paren := func(s string) string {
		if strings.HasPrefix(s, "-") {
			return "(" + s + ")"
		}
		return s
	}
	switch kind {
	case types.UntypedString:
		if v.Kind() != constant.String {
			return "", false
		}
		return strconv.Quote(constant.StringVal(v)), true
	case types.UntypedInt:
		if v.Kind() != constant.Int {
			return "", false
		}
		return paren(v.ExactString()), true
	case types.UntypedRune:
		if v.Kind() != constant.Int {
			return "", false
		}
		return "('\\x00' + " + paren(v.ExactString()) + ")", true
	case types.UntypedFloat:
		f := constant.ToFloat(v)
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

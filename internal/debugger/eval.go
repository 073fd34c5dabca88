package debugger

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
)

// The expressions of DAP's evaluate (the debugger's console, its watch
// expressions, a hover): a Go expression read with go/parser and walked
// over the values a stopped frame sees, without running code. It reads:
// names, selectors (fields, pointers followed), indexes into arrays,
// slices, strings and maps, len and cap, literals, parentheses, unary and
// binary operators on numbers, strings and booleans, comparison,
// conversions between number types. Calls other than len and cap, other
// conversions, composite literals and function literals are refused: evaluating one would run code of the cell's while
// it is stopped.

// Evaluator evaluates expressions over a set of named values.
type Evaluator struct {
	// Lookup finds a name's value; false when no such name is in scope.
	Lookup func(name string) (reflect.Value, bool)
	// FieldNames are a struct type's fields as declared (see
	// Target.FieldNames), nil for reflect's names.
	FieldNames func(t reflect.Type) []string
}

// operand is the value of an expression: a reflect.Value, or an untyped
// constant (a literal, or arithmetic on literals).
type operand struct {
	v reflect.Value
	c constant.Value // non-nil: an untyped constant
}

// Eval evaluates expr. An untyped constant result takes its default type
// (int, float64, string, bool), as := gives it.
func (e *Evaluator) Eval(expr string) (v reflect.Value, err error) {
	x, err := parser.ParseExpr(expr)
	if err != nil {
		return reflect.Value{}, fmt.Errorf("cannot parse %q: %v", expr, err)
	}
	defer func() {
		// reflect panics on what the checks below missed: an error, and
		// the session goes on.
		if r := recover(); r != nil {
			v, err = reflect.Value{}, fmt.Errorf("cannot evaluate %s: %v", expr, r)
		}
	}()
	op, err := e.eval(x)
	if err != nil {
		return reflect.Value{}, err
	}
	if op.c != nil {
		return constValue(op.c), nil
	}
	return op.v, nil
}

func (e *Evaluator) eval(x ast.Expr) (operand, error) {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return e.eval(x.X)
	case *ast.BasicLit:
		c := constant.MakeFromLiteral(x.Value, x.Kind, 0)
		if c.Kind() == constant.Unknown {
			return operand{}, fmt.Errorf("bad literal %s", x.Value)
		}
		return operand{c: c}, nil
	case *ast.Ident:
		if v, ok := e.Lookup(x.Name); ok {
			return operand{v: v}, nil
		}
		switch x.Name {
		case "true", "false":
			return operand{c: constant.MakeBool(x.Name == "true")}, nil
		case "nil":
			return operand{v: reflect.Value{}}, nil
		}
		return operand{}, fmt.Errorf("undefined: %s", x.Name)
	case *ast.SelectorExpr:
		return e.selector(x)
	case *ast.IndexExpr:
		return e.index(x)
	case *ast.StarExpr:
		op, err := e.value(x.X)
		if err != nil {
			return operand{}, err
		}
		if op.Kind() != reflect.Pointer {
			return operand{}, fmt.Errorf("invalid indirect of %s (%s is not a pointer)", exprString(x.X), op.Type())
		}
		if op.IsNil() {
			return operand{}, fmt.Errorf("%s is nil", exprString(x.X))
		}
		return operand{v: op.Elem()}, nil
	case *ast.CallExpr:
		return e.call(x)
	case *ast.UnaryExpr:
		return e.unary(x)
	case *ast.BinaryExpr:
		return e.binary(x)
	}
	return operand{}, fmt.Errorf("cannot evaluate %s: the debugger reads names, fields, indexes, len, cap and arithmetic, and runs no code", exprString(x))
}

// value evaluates x to a reflect value, an untyped constant taking its
// default type.
func (e *Evaluator) value(x ast.Expr) (reflect.Value, error) {
	op, err := e.eval(x)
	if err != nil {
		return reflect.Value{}, err
	}
	if op.c != nil {
		return constValue(op.c), nil
	}
	if !op.v.IsValid() {
		return reflect.Value{}, fmt.Errorf("%s is nil", exprString(x))
	}
	return op.v, nil
}

func (e *Evaluator) selector(x *ast.SelectorExpr) (operand, error) {
	v, err := e.value(x.X)
	if err != nil {
		return operand{}, err
	}
	name := x.Sel.Name
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return operand{}, fmt.Errorf("%s is nil: no field %s", exprString(x.X), name)
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return operand{}, fmt.Errorf("%s (%s) has no field %s", exprString(x.X), v.Type(), name)
	}
	var names []string
	if e.FieldNames != nil {
		names = e.FieldNames(v.Type())
	}
	if names != nil && len(names) != v.NumField() {
		// A field the interpreter adds (or hides): which name is which
		// field is not known.
		return operand{}, fmt.Errorf("cannot read the fields of %s (%s) in the debugger", exprString(x.X), v.Type())
	}
	for i := 0; i < v.NumField(); i++ {
		field := v.Type().Field(i).Name
		if names != nil {
			field = names[i]
		}
		if field == name {
			return operand{v: v.Field(i)}, nil
		}
	}
	return operand{}, fmt.Errorf("%s (%s) has no field %s", exprString(x.X), v.Type(), name)
}

func (e *Evaluator) index(x *ast.IndexExpr) (operand, error) {
	v, err := e.value(x.X)
	if err != nil {
		return operand{}, err
	}
	if v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Array && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Map:
		k, err := e.convert(x.Index, v.Type().Key())
		if err != nil {
			return operand{}, err
		}
		r := v.MapIndex(k)
		if !r.IsValid() {
			r = reflect.Zero(v.Type().Elem()) // as Go reads a missing key
		}
		return operand{v: r}, nil
	case reflect.Slice, reflect.Array, reflect.String:
		i, err := e.intValue(x.Index)
		if err != nil {
			return operand{}, err
		}
		if i < 0 || i >= int64(v.Len()) {
			return operand{}, fmt.Errorf("index out of range [%d] with length %d", i, v.Len())
		}
		return operand{v: v.Index(int(i))}, nil
	}
	return operand{}, fmt.Errorf("cannot index %s (%s)", exprString(x.X), v.Type())
}

// intValue evaluates x to an integer, for an index.
func (e *Evaluator) intValue(x ast.Expr) (int64, error) {
	op, err := e.eval(x)
	if err != nil {
		return 0, err
	}
	c := op.c
	if c == nil {
		if c = toConst(op.v); c == nil {
			return 0, fmt.Errorf("index %s is not an integer", exprString(x))
		}
	}
	c = constant.ToInt(c)
	i, ok := constant.Int64Val(c)
	if c.Kind() != constant.Int || !ok {
		return 0, fmt.Errorf("index %s is not an integer", exprString(x))
	}
	return i, nil
}

// convert evaluates x to a value of type t, as a map's key.
func (e *Evaluator) convert(x ast.Expr, t reflect.Type) (reflect.Value, error) {
	op, err := e.eval(x)
	if err != nil {
		return reflect.Value{}, err
	}
	if op.c != nil {
		return typedConst(op.c, t)
	}
	if !op.v.IsValid() {
		switch t.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, fmt.Errorf("cannot use nil as %s", t)
	}
	if !op.v.Type().AssignableTo(t) {
		return reflect.Value{}, fmt.Errorf("cannot use %s (%s) as %s", exprString(x), op.v.Type(), t)
	}
	return op.v, nil
}

// basicTypes are the types a conversion may name: Go's numbers, strings
// and booleans.
var basicTypes = map[string]reflect.Type{
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "int64": reflect.TypeFor[int64](), "rune": reflect.TypeFor[rune](),
	"uint": reflect.TypeFor[uint](), "uint8": reflect.TypeFor[uint8](), "uint16": reflect.TypeFor[uint16](),
	"uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](), "byte": reflect.TypeFor[byte](),
	"uintptr": reflect.TypeFor[uintptr](), "float32": reflect.TypeFor[float32](), "float64": reflect.TypeFor[float64](),
	"string": reflect.TypeFor[string](), "bool": reflect.TypeFor[bool](),
}

// conversion converts a number to another number type, as Go does: a
// float becomes an integer truncated toward zero, an integer wraps.
func (e *Evaluator) conversion(x *ast.CallExpr, t reflect.Type) (operand, error) {
	op, err := e.eval(x.Args[0])
	if err != nil {
		return operand{}, err
	}
	c, from, err := operandConst(op, x.Args[0])
	if err != nil {
		return operand{}, err
	}
	if isInteger(t) && c.Kind() == constant.Float {
		if from == nil {
			if constant.ToInt(c).Kind() != constant.Int {
				return operand{}, fmt.Errorf("cannot convert %s (untyped float constant) to %s (truncated)", exprString(x.Args[0]), t)
			}
		} else {
			f, _ := constant.Float64Val(c)
			c = constant.MakeInt64(int64(f))
		}
	}
	if (t.Kind() == reflect.String) != (c.Kind() == constant.String) || (t.Kind() == reflect.Bool) != (c.Kind() == constant.Bool) {
		return operand{}, fmt.Errorf("cannot convert %s to %s: the debugger converts numbers to numbers, strings to string", exprString(x.Args[0]), t)
	}
	v, err := typedConst(c, t)
	if err != nil {
		return operand{}, fmt.Errorf("cannot convert %s to %s: %v", exprString(x.Args[0]), t, err)
	}
	return operand{v: v}, nil
}

func (e *Evaluator) call(x *ast.CallExpr) (operand, error) {
	if fn, ok := x.Fun.(*ast.Ident); ok && len(x.Args) == 1 && !x.Ellipsis.IsValid() {
		if t, ok := basicTypes[fn.Name]; ok {
			if _, shadowed := e.Lookup(fn.Name); !shadowed {
				return e.conversion(x, t)
			}
		}
	}
	fn, ok := x.Fun.(*ast.Ident)
	if !ok || (fn.Name != "len" && fn.Name != "cap") || len(x.Args) != 1 || x.Ellipsis.IsValid() {
		return operand{}, fmt.Errorf("cannot evaluate %s: the debugger calls no function but len and cap, and converts only numbers (a call would run the cell's code while it is stopped)", exprString(x))
	}
	if _, shadowed := e.Lookup(fn.Name); shadowed {
		return operand{}, fmt.Errorf("cannot evaluate %s: %s is a variable here", exprString(x), fn.Name)
	}
	v, err := e.value(x.Args[0])
	if err != nil {
		return operand{}, err
	}
	if v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Array {
		return operand{v: reflect.ValueOf(v.Type().Elem().Len())}, nil
	}
	switch k := v.Kind(); {
	case fn.Name == "len" && (k == reflect.String || k == reflect.Map),
		k == reflect.Slice || k == reflect.Array || k == reflect.Chan:
		if fn.Name == "cap" {
			return operand{v: reflect.ValueOf(v.Cap())}, nil
		}
		return operand{v: reflect.ValueOf(v.Len())}, nil
	}
	return operand{}, fmt.Errorf("invalid argument: %s (%s) for %s", exprString(x.Args[0]), v.Type(), fn.Name)
}

func (e *Evaluator) unary(x *ast.UnaryExpr) (operand, error) {
	op, err := e.eval(x.X)
	if err != nil {
		return operand{}, err
	}
	if x.Op == token.AND {
		if op.c == nil && op.v.IsValid() && op.v.CanAddr() {
			return operand{v: op.v.Addr()}, nil
		}
		return operand{}, fmt.Errorf("cannot take the address of %s", exprString(x.X))
	}
	switch x.Op {
	case token.ADD, token.SUB, token.XOR, token.NOT:
	default:
		return operand{}, fmt.Errorf("cannot evaluate %s: operator %s", exprString(x), x.Op)
	}
	c, t, err := operandConst(op, x.X)
	if err != nil {
		return operand{}, err
	}
	var prec uint
	if t != nil && x.Op == token.XOR && isUnsigned(t) {
		prec = uint(t.Bits())
	}
	r, err := constOp(func() constant.Value { return constant.UnaryOp(x.Op, c, prec) })
	if err != nil {
		return operand{}, fmt.Errorf("cannot evaluate %s: %v", exprString(x), err)
	}
	return typed(r, t, x)
}

func (e *Evaluator) binary(x *ast.BinaryExpr) (operand, error) {
	if x.Op == token.LAND || x.Op == token.LOR {
		// Go's short circuit: the right side is read only when needed.
		l, err := e.boolValue(x.X)
		if err != nil || l == (x.Op == token.LOR) {
			return operand{v: reflect.ValueOf(l)}, err
		}
		r, err := e.boolValue(x.Y)
		return operand{v: reflect.ValueOf(r)}, err
	}
	lo, err := e.eval(x.X)
	if err != nil {
		return operand{}, err
	}
	ro, err := e.eval(x.Y)
	if err != nil {
		return operand{}, err
	}
	if x.Op == token.EQL || x.Op == token.NEQ {
		if eq, ok := nilCompare(lo, ro); ok {
			return operand{v: reflect.ValueOf(eq == (x.Op == token.EQL))}, nil
		}
	}
	lc, lt, err := operandConst(lo, x.X)
	if err != nil {
		return operand{}, err
	}
	rc, rt, err := operandConst(ro, x.Y)
	if err != nil {
		return operand{}, err
	}
	t := lt
	if t == nil {
		t = rt
	} else if rt != nil && lt != rt && x.Op != token.SHL && x.Op != token.SHR {
		return operand{}, fmt.Errorf("invalid operation: %s (mismatched types %s and %s)", exprString(x), lt, rt)
	}
	switch x.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		r, err := constOp(func() constant.Value { return constant.MakeBool(constant.Compare(lc, x.Op, rc)) })
		if err != nil {
			return operand{}, fmt.Errorf("cannot evaluate %s: %v", exprString(x), err)
		}
		if lt == nil && rt == nil {
			return operand{c: r}, nil
		}
		return operand{v: reflect.ValueOf(constant.BoolVal(r))}, nil
	case token.SHL, token.SHR:
		s, ok := constant.Uint64Val(constant.ToInt(rc))
		if !ok || s > 1<<16 {
			return operand{}, fmt.Errorf("invalid shift count %s", exprString(x.Y))
		}
		r, err := constOp(func() constant.Value { return constant.Shift(constant.ToInt(lc), x.Op, uint(s)) })
		if err != nil {
			return operand{}, fmt.Errorf("cannot evaluate %s: %v", exprString(x), err)
		}
		return typed(r, lt, x)
	case token.QUO:
		if constant.Sign(rc) == 0 && (t == nil || isInteger(t) || rc.Kind() == constant.Int) {
			return operand{}, fmt.Errorf("cannot evaluate %s: division by zero", exprString(x))
		}
		op := x.Op
		if t != nil && isInteger(t) || t == nil && lc.Kind() == constant.Int && rc.Kind() == constant.Int {
			op = token.QUO_ASSIGN // integer division, go/constant's way of asking for it
		}
		r, err := constOp(func() constant.Value {
			if op == token.QUO_ASSIGN {
				return constant.BinaryOp(constant.ToInt(lc), token.QUO_ASSIGN, constant.ToInt(rc))
			}
			return constant.BinaryOp(lc, token.QUO, rc)
		})
		if err != nil {
			return operand{}, fmt.Errorf("cannot evaluate %s: %v", exprString(x), err)
		}
		return typed(r, t, x)
	case token.REM:
		if constant.Sign(rc) == 0 {
			return operand{}, fmt.Errorf("cannot evaluate %s: division by zero", exprString(x))
		}
	}
	r, err := constOp(func() constant.Value { return constant.BinaryOp(lc, x.Op, rc) })
	if err != nil {
		return operand{}, fmt.Errorf("cannot evaluate %s: %v", exprString(x), err)
	}
	return typed(r, t, x)
}

func (e *Evaluator) boolValue(x ast.Expr) (bool, error) {
	v, err := e.value(x)
	if err != nil {
		return false, err
	}
	if v.Kind() != reflect.Bool {
		return false, fmt.Errorf("%s (%s) is not a bool", exprString(x), v.Type())
	}
	return v.Bool(), nil
}

// nilCompare compares a value with nil; ok is false when neither side is
// nil.
func nilCompare(l, r operand) (eq, ok bool) {
	isNil := func(o operand) bool { return o.c == nil && !o.v.IsValid() }
	if !isNil(l) && !isNil(r) {
		return false, false
	}
	other := l
	if isNil(l) {
		other = r
	}
	if isNil(other) {
		return true, true
	}
	if other.c != nil {
		return false, false
	}
	switch other.v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return other.v.IsNil(), true
	}
	return false, false
}

// operandConst is an operand as a constant, with its type (nil for an
// untyped constant).
func operandConst(op operand, x ast.Expr) (constant.Value, reflect.Type, error) {
	if op.c != nil {
		return op.c, nil, nil
	}
	if !op.v.IsValid() {
		return nil, nil, fmt.Errorf("invalid operation on nil (%s)", exprString(x))
	}
	c := toConst(op.v)
	if c == nil {
		return nil, nil, fmt.Errorf("invalid operation: %s (%s) is not a number, string or bool", exprString(x), op.v.Type())
	}
	return c, op.v.Type(), nil
}

// toConst reads a basic value as a constant; nil for other kinds.
func toConst(v reflect.Value) constant.Value {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return constant.MakeInt64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return constant.MakeUint64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return constant.MakeFloat64(v.Float())
	case reflect.String:
		return constant.MakeString(v.String())
	case reflect.Bool:
		return constant.MakeBool(v.Bool())
	}
	return nil
}

// typed is the result r of an operation as a value of type t, or as an
// untyped constant where t is nil.
func typed(r constant.Value, t reflect.Type, x ast.Expr) (operand, error) {
	if t == nil {
		return operand{c: r}, nil
	}
	v, err := typedConst(r, t)
	if err != nil {
		return operand{}, fmt.Errorf("cannot evaluate %s: %v", exprString(x), err)
	}
	return operand{v: v}, nil
}

// typedConst is c as a value of type t, wrapped as Go's arithmetic wraps:
// an int8 of 127+1 is -128.
func typedConst(c constant.Value, t reflect.Type) (reflect.Value, error) {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c = constant.ToInt(c)
		if c.Kind() != constant.Int {
			return reflect.Value{}, fmt.Errorf("%s is not an integer (%s)", c, t)
		}
		u, _ := constant.Uint64Val(constant.BinaryOp(c, token.AND, constant.MakeUint64(^uint64(0))))
		v.SetInt(wrapInt(int64(u), t.Bits()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c = constant.ToInt(c)
		if c.Kind() != constant.Int {
			return reflect.Value{}, fmt.Errorf("%s is not an integer (%s)", c, t)
		}
		u, _ := constant.Uint64Val(constant.BinaryOp(c, token.AND, constant.MakeUint64(^uint64(0))))
		v.SetUint(u & (^uint64(0) >> (64 - t.Bits())))
	case reflect.Float32, reflect.Float64:
		f, _ := constant.Float64Val(constant.ToFloat(c))
		if constant.ToFloat(c).Kind() != constant.Float {
			return reflect.Value{}, fmt.Errorf("%s is not a number (%s)", c, t)
		}
		v.SetFloat(f)
	case reflect.String:
		if c.Kind() != constant.String {
			return reflect.Value{}, fmt.Errorf("%s is not a string (%s)", c, t)
		}
		v.SetString(constant.StringVal(c))
	case reflect.Bool:
		if c.Kind() != constant.Bool {
			return reflect.Value{}, fmt.Errorf("%s is not a bool (%s)", c, t)
		}
		v.SetBool(constant.BoolVal(c))
	default:
		return reflect.Value{}, fmt.Errorf("cannot use %s as %s", c, t)
	}
	return v, nil
}

// wrapInt keeps the low bits of i, sign-extended, as an int of that many
// bits holds it.
func wrapInt(i int64, bits int) int64 {
	shift := 64 - bits
	return i << shift >> shift
}

// constValue is an untyped constant as a value of its default type.
func constValue(c constant.Value) reflect.Value {
	switch c.Kind() {
	case constant.Bool:
		return reflect.ValueOf(constant.BoolVal(c))
	case constant.String:
		return reflect.ValueOf(constant.StringVal(c))
	case constant.Int:
		if i, ok := constant.Int64Val(c); ok {
			return reflect.ValueOf(int(i))
		}
		f, _ := constant.Float64Val(constant.ToFloat(c))
		return reflect.ValueOf(f)
	case constant.Float:
		f, _ := constant.Float64Val(c)
		return reflect.ValueOf(f)
	}
	return reflect.ValueOf(c.String())
}

// constOp runs a go/constant operation, which panics on operands of
// kinds it cannot combine (a string plus an int).
func constOp(f func() constant.Value) (r constant.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	r = f()
	if r.Kind() == constant.Unknown {
		return nil, fmt.Errorf("no result")
	}
	return r, nil
}

func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return isUnsigned(t)
}

func isUnsigned(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// exprString is an expression as written, for messages.
func exprString(x ast.Expr) string { return types.ExprString(x) }

package interp

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Completion and inspection need the type of the expression before a dot
// without running it and without a type checker, which yaegi's cells
// cannot feed (a cell alone does not compile). This file infers it from
// declarations, the way a person reading the code would: a variable has
// the type it was declared with or the type of its initial value; a call
// has its function's first result; a field the type its struct gives it.
// What it cannot infer it leaves unknown, and completion offers nothing.

// typ is what is known of the type of an expression: a compiled type from
// reflection, or a type expression that cells or the code declared, which
// env resolves name by name.
type typ struct {
	rt   reflect.Type
	expr ast.Expr
	// isType marks an expression that names a type (time.Duration, T)
	// rather than a value of it.
	isType bool
	// pkg is the import path of an expression that names a package.
	pkg string
	// addressable marks a variable, whose pointer methods can be called.
	addressable bool
}

func (t typ) known() bool { return t.rt != nil || t.expr != nil || t.pkg != "" }

// value is a value of type t.
func (t typ) value() typ {
	t.isType, t.addressable = false, false
	return t
}

// maxDepth bounds the steps of an inference, which declarations like
// "type T struct{ T }" or "x := x" would otherwise loop through.
const maxDepth = 32

// typeOf infers the type of x; for a call or an index that gives several
// values, of the nth.
func (e *env) typeOf(x ast.Expr, nth int) (t typ) {
	if !e.enter() {
		return typ{}
	}
	defer e.leave()
	switch x := x.(type) {
	case *ast.Ident:
		return e.ident(x.Name)
	case *ast.ParenExpr:
		return e.typeOf(x.X, nth)
	case *ast.SelectorExpr:
		base := e.typeOf(x.X, 0)
		if base.pkg != "" {
			return e.pkgMember(base.pkg, x.Sel.Name)
		}
		t, _ := e.member(base, x.Sel.Name)
		return t
	case *ast.CallExpr:
		return e.call(x, nth)
	case *ast.CompositeLit:
		if x.Type == nil {
			return typ{}
		}
		return e.resolve(x.Type).value()
	case *ast.UnaryExpr:
		switch x.Op {
		case token.AND:
			return e.pointer(e.typeOf(x.X, 0))
		case token.ARROW:
			if nth == 1 {
				return typ{rt: reflect.TypeFor[bool]()}
			}
			return e.elem(e.typeOf(x.X, 0))
		}
		return e.typeOf(x.X, 0)
	case *ast.StarExpr:
		inner := e.typeOf(x.X, 0)
		if inner.isType {
			t := e.pointer(inner)
			t.isType = true
			return t
		}
		t := e.deref(inner)
		t.addressable = true
		return t
	case *ast.IndexExpr:
		if nth == 1 {
			return typ{rt: reflect.TypeFor[bool]()} // v, ok := m[k]
		}
		t := e.elem(e.typeOf(x.X, 0))
		t.addressable = true
		return t
	case *ast.SliceExpr:
		return e.typeOf(x.X, 0).value()
	case *ast.TypeAssertExpr:
		if nth == 1 {
			return typ{rt: reflect.TypeFor[bool]()}
		}
		if x.Type == nil {
			return typ{}
		}
		return e.resolve(x.Type).value()
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			return typ{rt: reflect.TypeFor[int]()}
		case token.FLOAT:
			return typ{rt: reflect.TypeFor[float64]()}
		case token.IMAG:
			return typ{rt: reflect.TypeFor[complex128]()}
		case token.CHAR:
			return typ{rt: reflect.TypeFor[rune]()}
		case token.STRING:
			return typ{rt: reflect.TypeFor[string]()}
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return typ{rt: reflect.TypeFor[bool]()}
		}
		if t := e.typeOf(x.X, 0); t.known() {
			return t.value()
		}
		return e.typeOf(x.Y, 0).value()
	case *ast.FuncLit:
		return typ{expr: x.Type}
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
		t := e.resolve(x)
		t.isType = true
		return t
	}
	return typ{}
}

// call infers the type of a call: a builtin's, a conversion's, or the nth
// result of a function.
func (e *env) call(x *ast.CallExpr, nth int) typ {
	if id, ok := x.Fun.(*ast.Ident); ok && !e.declares(id.Name) {
		arg := func() typ {
			if len(x.Args) == 0 {
				return typ{}
			}
			return e.typeOf(x.Args[0], 0)
		}
		switch id.Name {
		case "new":
			return e.pointer(arg()).value()
		case "make", "append", "min", "max":
			return arg().value()
		case "len", "cap", "copy":
			return typ{rt: reflect.TypeFor[int]()}
		case "recover":
			return typ{rt: reflect.TypeFor[any]()}
		}
	}
	f := e.typeOf(x.Fun, 0)
	if f.isType {
		return f.value()
	}
	return e.result(f, nth)
}

// ident is the meaning of a name: a variable or function of the code or of
// cells, a type, a package.
func (e *env) ident(name string) typ {
	if g, ok := e.names[name]; ok {
		switch g.kind {
		case "type":
			return e.resolve(&ast.Ident{Name: name})
		case "func":
			if d, ok := g.node.(*ast.FuncDecl); ok {
				return typ{expr: d.Type}
			}
		case "var", "const":
			t := e.varType(name, g.node)
			if !t.known() && !e.shadowed[name] {
				t = e.dynamic(name)
			}
			if g.kind == "var" {
				t.addressable = true
			}
			return t
		}
		return typ{}
	}
	if ipath, ok := e.imports[name]; ok {
		return typ{pkg: ipath}
	}
	if ipath, ok := e.in.pkgs.autoImports()[name]; ok {
		return typ{pkg: ipath}
	}
	if rt, ok := predeclaredTypes[name]; ok {
		return typ{rt: rt, isType: true}
	}
	return typ{}
}

// declares tells whether name is declared by the code or cells, which
// would hide a builtin of that name.
func (e *env) declares(name string) bool {
	_, ok := e.names[name]
	return ok
}

// varType infers the type of the variable name from the node declaring it.
func (e *env) varType(name string, node ast.Node) typ {
	switch n := node.(type) {
	case *ast.ValueSpec:
		if n.Type != nil {
			return e.resolve(n.Type).value()
		}
		return e.assigned(name, n.Names, n.Values)
	case *ast.AssignStmt:
		var names []*ast.Ident
		for _, l := range n.Lhs {
			id, _ := l.(*ast.Ident)
			names = append(names, id)
		}
		return e.assigned(name, names, n.Rhs)
	case *ast.Field:
		if ell, ok := n.Type.(*ast.Ellipsis); ok {
			return e.resolve(&ast.ArrayType{Elt: ell.Elt}).value()
		}
		return e.resolve(n.Type).value()
	case *ast.RangeStmt:
		over := e.typeOf(n.X, 0)
		if id, ok := n.Key.(*ast.Ident); ok && id.Name == name {
			return e.key(over)
		}
		t := e.elem(over)
		if t.rt != nil && t.rt.Kind() == reflect.Uint8 && over.rt != nil && over.rt.Kind() == reflect.String {
			return typ{rt: reflect.TypeFor[rune]()}
		}
		return t
	}
	return typ{}
}

// assigned infers the type of name in names = values, a declaration.
func (e *env) assigned(name string, names []*ast.Ident, values []ast.Expr) typ {
	// The values are read where the name is not in scope yet: in
	// log := log.New(…), log.New is the package's.
	if g, ok := e.names[name]; ok {
		delete(e.names, name)
		defer func() { e.names[name] = g }()
	}
	for i, id := range names {
		if id == nil || id.Name != name {
			continue
		}
		switch {
		case len(values) == len(names):
			return e.typeOf(values[i], 0).value()
		case len(values) == 1:
			return e.typeOf(values[0], i).value()
		}
	}
	return typ{}
}

// dynamic is the type of the value a global of cells holds now, for what
// its declaration does not tell: its static type is known at run time only.
func (e *env) dynamic(name string) typ {
	v, ok := e.in.global(name)
	if !ok {
		return typ{}
	}
	if isConstant(v) {
		return typ{} // an untyped constant of cells: its declaration tells
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	return typ{rt: v.Type()}
}

// pkgMember is the meaning of pkg.name.
func (e *env) pkgMember(ipath, name string) typ {
	v, ok := e.in.pkgs.symbols(ipath)[name]
	if !ok || !v.IsValid() {
		return typ{}
	}
	switch {
	case isConstant(v):
		return typ{}
	case v.Kind() == reflect.Pointer && v.IsNil():
		return typ{rt: v.Type().Elem(), isType: true}
	case v.CanAddr():
		return typ{rt: v.Type(), addressable: true}
	}
	return typ{rt: v.Type()}
}

// resolve is the type a type expression names, compiled where it can be.
func (e *env) resolve(x ast.Expr) typ {
	if !e.enter() {
		return typ{}
	}
	defer e.leave()
	switch x := x.(type) {
	case *ast.ParenExpr:
		return e.resolve(x.X)
	case *ast.Ident:
		if g, ok := e.names[x.Name]; ok {
			if g.kind == "type" {
				return typ{expr: x, isType: true}
			}
			return typ{}
		}
		if rt, ok := predeclaredTypes[x.Name]; ok {
			return typ{rt: rt, isType: true}
		}
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok {
			if t := e.ident(pkg.Name); t.pkg != "" {
				return e.pkgMember(t.pkg, x.Sel.Name)
			}
		}
	case *ast.StarExpr:
		t := e.pointer(e.resolve(x.X))
		t.isType = true
		return t
	case *ast.ArrayType:
		if elt := e.resolve(x.Elt); elt.rt != nil && x.Len == nil {
			return typ{rt: reflect.SliceOf(elt.rt), isType: true}
		}
		return typ{expr: x, isType: true}
	case *ast.MapType:
		k, v := e.resolve(x.Key), e.resolve(x.Value)
		if k.rt != nil && v.rt != nil && k.rt.Comparable() {
			return typ{rt: reflect.MapOf(k.rt, v.rt), isType: true}
		}
		return typ{expr: x, isType: true}
	case *ast.IndexExpr, *ast.IndexListExpr:
		// An instance of a generic type of the cells' (see instance),
		// or unknown.
		if _, _, ok := e.instance(x); ok {
			return typ{expr: x, isType: true}
		}
		return typ{}
	case ast.Expr:
		return typ{expr: x, isType: true}
	}
	return typ{}
}

// pointer is *t.
func (e *env) pointer(t typ) typ {
	switch {
	case t.rt != nil:
		return typ{rt: reflect.PointerTo(t.rt)}
	case t.expr != nil:
		return typ{expr: &ast.StarExpr{X: t.expr}}
	}
	return typ{}
}

// deref is what a pointer of type t points to.
func (e *env) deref(t typ) typ {
	switch {
	case t.rt != nil && t.rt.Kind() == reflect.Pointer:
		return typ{rt: t.rt.Elem()}
	case t.expr != nil:
		if star, ok := e.under(t.expr).(*ast.StarExpr); ok {
			return e.resolve(star.X).value()
		}
	}
	return typ{}
}

// under is the type expression that a declared type stands for, followed
// through names and parentheses, nil where it leads to a compiled type.
func (e *env) under(x ast.Expr) ast.Expr {
	def, declared := e.definition(x)
	if !declared {
		return nil
	}
	return def
}

// underRT is the compiled type that declared type x is defined from, if any:
// type celsius float64, type list []string.
func (e *env) underRT(x ast.Expr) reflect.Type {
	def, _ := e.definition(x)
	if def == nil {
		return nil
	}
	return e.resolve(def).rt
}

// definition follows the names of the types the cells declare, and
// parentheses, from x: to the type expression they stand for (declared), or
// to the first name that is not theirs, a compiled type. It is nil when the
// names go round in a loop.
func (e *env) definition(x ast.Expr) (def ast.Expr, declared bool) {
	for range maxDepth {
		switch y := x.(type) {
		case *ast.ParenExpr:
			x = y.X
		case *ast.Ident:
			g, ok := e.names[y.Name]
			spec, _ := g.node.(*ast.TypeSpec)
			if !ok || g.kind != "type" || spec == nil {
				return y, false
			}
			x = spec.Type
		default:
			return x, true
		}
	}
	return nil, false
}

// elem is the type of the elements of t: indexing a slice, array, map or
// string, receiving from a channel, ranging over any of them.
func (e *env) elem(t typ) typ {
	if t.expr != nil {
		switch u := e.under(t.expr).(type) {
		case *ast.ArrayType:
			return e.resolve(u.Elt).value()
		case *ast.MapType:
			return e.resolve(u.Value).value()
		case *ast.ChanType:
			return e.resolve(u.Value).value()
		case *ast.StarExpr:
			return e.elem(e.deref(t))
		}
		if rt := e.underRT(t.expr); rt != nil {
			return e.elem(typ{rt: rt})
		}
		return typ{}
	}
	if t.rt == nil {
		return typ{}
	}
	rt := t.rt
	if rt.Kind() == reflect.Pointer && rt.Elem().Kind() == reflect.Array {
		rt = rt.Elem()
	}
	switch rt.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return typ{rt: rt.Elem()}
	case reflect.String:
		return typ{rt: reflect.TypeFor[byte]()}
	}
	return typ{}
}

// key is the type of the first variable of a range over t.
func (e *env) key(t typ) typ {
	if t.expr != nil {
		switch u := e.under(t.expr).(type) {
		case *ast.MapType:
			return e.resolve(u.Key).value()
		case *ast.ChanType:
			return e.resolve(u.Value).value()
		}
		if rt := e.underRT(t.expr); rt != nil {
			return e.key(typ{rt: rt})
		}
		return typ{rt: reflect.TypeFor[int]()}
	}
	if t.rt == nil {
		return typ{}
	}
	switch t.rt.Kind() {
	case reflect.Map:
		return typ{rt: t.rt.Key()}
	case reflect.Chan:
		return typ{rt: t.rt.Elem()}
	}
	return typ{rt: reflect.TypeFor[int]()}
}

// result is the type of the nth result of a call of a function of type f.
func (e *env) result(f typ, nth int) typ {
	if f.rt != nil {
		if f.rt.Kind() == reflect.Func && nth < f.rt.NumOut() {
			return typ{rt: f.rt.Out(nth)}
		}
		return typ{}
	}
	ft, ok := f.expr.(*ast.FuncType)
	if !ok || ft.Results == nil {
		return typ{}
	}
	i := 0
	for _, field := range ft.Results.List {
		for range max(len(field.Names), 1) {
			if i == nth {
				return e.resolve(field.Type).value()
			}
			i++
		}
	}
	return typ{}
}

// member is the type of t.name: a field's type, or a method's signature.
// found tells a member of an unknown type from no member at all.
func (e *env) member(t typ, name string) (m typ, found bool) {
	if !e.enter() {
		return typ{}, false
	}
	defer e.leave()
	if t.rt != nil {
		return rtMember(t.rt, name, t.isType)
	}
	if t.expr == nil {
		return typ{}, false
	}
	x := t.expr
	if star, ok := x.(*ast.StarExpr); ok {
		x = star.X
	}
	if spec, args, ok := e.instance(x); ok {
		return e.instanceMember(spec, args, name, t.isType)
	}
	if id, ok := x.(*ast.Ident); ok {
		if g, ok := e.names[id.Name]; ok && g.kind == "type" {
			if spec, ok := g.node.(*ast.TypeSpec); ok && spec.Assign.IsValid() {
				return e.member(e.resolve(spec.Type), name) // an alias
			}
			if m, ok := e.methods[id.Name][name]; ok {
				if d, ok := m.node.(*ast.FuncDecl); ok {
					return typ{expr: d.Type}, true
				}
				return typ{}, true
			}
		}
	}
	if t.isType {
		return typ{}, false
	}
	switch u := e.under(x).(type) {
	case *ast.StructType:
		// Fields first, then what embedded fields promote, as Go looks them up.
		for _, f := range u.Fields.List {
			for _, n := range f.Names {
				if n.Name == name {
					ft := e.resolve(f.Type).value()
					ft.addressable = true
					return ft, true
				}
			}
			if len(f.Names) == 0 && embeddedName(f.Type) == name {
				return e.resolve(f.Type).value(), true
			}
		}
		for _, f := range u.Fields.List {
			if len(f.Names) == 0 {
				if m, ok := e.member(e.resolve(f.Type).value(), name); ok {
					return m, true
				}
			}
		}
	case *ast.InterfaceType:
		for _, f := range u.Methods.List {
			for _, n := range f.Names {
				if n.Name == name {
					return typ{expr: f.Type}, true
				}
			}
			if len(f.Names) == 0 {
				if m, ok := e.member(e.resolve(f.Type).value(), name); ok {
					return m, true
				}
			}
		}
	case nil:
		if rt := e.underRT(x); rt != nil {
			// A type defined from a compiled one has its fields, not its methods.
			return rtField(rt, name)
		}
	}
	return typ{}, false
}

// embeddedName is the field name of an embedded type: T for *pkg.T.
func embeddedName(x ast.Expr) string {
	for {
		switch y := x.(type) {
		case *ast.StarExpr:
			x = y.X
		case *ast.ParenExpr:
			x = y.X
		case *ast.SelectorExpr:
			return y.Sel.Name
		case *ast.IndexExpr:
			x = y.X
		case *ast.IndexListExpr:
			x = y.X
		case *ast.Ident:
			return y.Name
		default:
			return ""
		}
	}
}

// fieldName is the name cells know a field by. Compiled types show their
// exported fields; yaegi builds the structs that cells declare with
// reflect.StructOf, which renames an unexported field x to Xx.
func fieldName(owner reflect.Type, f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	if owner.PkgPath() == "" && owner.Name() == "" && len(f.Name) > 1 && f.Name[0] == 'X' {
		if r, _ := utf8.DecodeRuneInString(f.Name[1:]); unicode.IsLower(r) || r == '_' {
			return f.Name[1:], true
		}
	}
	return f.Name, true
}

// rtMember is the type of field or method name of a compiled type.
func rtMember(rt reflect.Type, name string, isType bool) (typ, bool) {
	if m, ok := rt.MethodByName(name); ok {
		return typ{rt: m.Type}, true
	}
	if rt.Kind() != reflect.Pointer && rt.Kind() != reflect.Interface {
		if m, ok := reflect.PointerTo(rt).MethodByName(name); ok {
			return typ{rt: m.Type}, true
		}
	}
	if isType {
		return typ{}, false
	}
	return rtField(rt, name)
}

func rtField(rt reflect.Type, name string) (typ, bool) {
	if rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	if rt.Kind() != reflect.Struct {
		return typ{}, false
	}
	for _, f := range reflect.VisibleFields(rt) {
		if n, ok := fieldName(rt, f); ok && n == name {
			return typ{rt: f.Type, addressable: true}, true
		}
	}
	return typ{}, false
}

// String is t as Go writes it, for inspection.
func (t typ) String() string {
	switch {
	case t.rt != nil:
		return t.rt.String()
	case t.expr != nil:
		return strings.TrimSpace(render(token.NewFileSet(), t.expr))
	}
	return ""
}

var predeclaredTypes = map[string]reflect.Type{
	"any": reflect.TypeFor[any](), "bool": reflect.TypeFor[bool](), "byte": reflect.TypeFor[byte](),
	"complex64": reflect.TypeFor[complex64](), "complex128": reflect.TypeFor[complex128](),
	"error": reflect.TypeFor[error](), "float32": reflect.TypeFor[float32](), "float64": reflect.TypeFor[float64](),
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "int64": reflect.TypeFor[int64](), "rune": reflect.TypeFor[rune](),
	"string": reflect.TypeFor[string](), "uint": reflect.TypeFor[uint](), "uint8": reflect.TypeFor[uint8](),
	"uint16": reflect.TypeFor[uint16](), "uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](),
	"uintptr": reflect.TypeFor[uintptr](),
}

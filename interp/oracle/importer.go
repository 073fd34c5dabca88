package oracle

import (
	"fmt"
	"go/constant"
	"go/importer"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"strings"
	"sync"
	"unsafe"
)

// Tables finds the compiled symbol table of the package at an import
// path, as yaegi's interp.Use takes them: names to values, where a
// function is its value, a variable the element of a pointer to it, a type
// a nil pointer to it, and an untyped constant a constant.Value. ok is
// false for a package with no table.
type Tables func(importPath string) (table map[string]reflect.Value, ok bool)

// Importer makes go/types packages of the compiled packages cells can
// import from their symbol tables, so that the oracle needs no Go
// toolchain: what the interpreter can run is what it type-checks against.
// A table knows only exported names, and no generic function or type (Go
// has no reflect value of one), so neither does a package made from it;
// a package that is a part of main (SetMainParts) has its unexported
// names too.
//
// Packages are made once and kept, with the named types they reach
// through fields and signatures, which belong to packages of their own
// (time.Duration in net/http's signatures is time's): every package the
// Importer makes shares one types.Named per reflect type.
type Importer struct {
	tables Tables
	source types.Importer // of generic packages' source, when it is there

	// mainParts, when set, tells the packages whose code is the session's
	// own, package main's, built apart (gopherlab's compiled cells): their
	// unexported names are in their packages' scopes, and their unexported
	// fields main's, which the cells' code reaches as one program's.
	mainParts func(importPath string) bool
	main      *types.Package
	// generic gives the generic declarations the tables lack (generics.go).
	generic func(importPath, name string) types.Object

	mu       sync.Mutex
	packages map[string]*types.Package // by import path
	complete map[string]bool           // whose table was read
	named    map[reflect.Type]*types.Named
}

// generic are the packages of generic functions and types, which the
// Importer makes from the Go toolchain's source when it is on the
// machine, and from their tables (which hold what is not generic) when
// not. Their own imports (cmp, iter, math/bits, unsafe) come from the
// same source: no type of another package appears in what they declare.
var generic = map[string]bool{"cmp": true, "iter": true, "maps": true, "slices": true}

// NewImporter returns an importer of the packages tables holds.
func NewImporter(tables Tables) *Importer {
	return &Importer{
		tables:   tables,
		source:   importer.ForCompiler(token.NewFileSet(), "source", nil),
		packages: map[string]*types.Package{},
		complete: map[string]bool{},
		named:    map[reflect.Type]*types.Named{},
	}
}

// Import implements types.Importer.
func (im *Importer) Import(importPath string) (*types.Package, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if importPath == "unsafe" {
		return types.Unsafe, nil
	}
	if im.complete[importPath] {
		return im.packages[importPath], nil
	}
	if generic[importPath] && im.source != nil {
		// A table holds no generic function or type: these packages hold
		// little else.
		if pkg, err := im.source.Import(importPath); err == nil {
			im.packages[importPath] = pkg
			im.complete[importPath] = true
			return pkg, nil
		}
	}
	table, ok := im.tables(importPath)
	if !ok {
		return nil, fmt.Errorf("oracle: no symbol table for package %q", importPath)
	}
	pkg := im.pkg(importPath)
	scope := pkg.Scope()
	part := im.mainPart(importPath)
	for name, v := range table {
		if !token.IsExported(name) && (!part || strings.HasPrefix(name, "_")) || scope.Lookup(name) != nil {
			continue // yaegi's wrappers of interfaces (_io_Reader) are its own
		}
		if obj := im.object(pkg, name, v); obj != nil {
			scope.Insert(obj)
		}
	}
	pkg.MarkComplete()
	im.complete[importPath] = true
	return pkg, nil
}

// SetMainParts tells the importer which packages are parts of the
// session's package main (see mainParts), before it imports any.
func (im *Importer) SetMainParts(part func(importPath string) bool) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.mainParts, im.main = part, types.NewPackage("main", "main")
}

// mainPart tells whether the package at importPath is one of main's parts.
func (im *Importer) mainPart(importPath string) bool {
	return im.mainParts != nil && im.mainParts(importPath)
}

// pkg is the package at importPath, made empty on first sight: a named
// type can reach one whose table is never read (internal/poll's FD).
func (im *Importer) pkg(importPath string) *types.Package {
	if p := im.packages[importPath]; p != nil {
		return p
	}
	name := path.Base(importPath)
	if isMajorVersion(name) { // math/rand/v2 is package rand
		name = path.Base(path.Dir(importPath))
	}
	p := types.NewPackage(importPath, name)
	im.packages[importPath] = p
	return p
}

// isMajorVersion tells whether an import path's last element is a major
// version suffix (v2, v3…), which is not the package's name.
func isMajorVersion(elem string) bool {
	if len(elem) < 2 || elem[0] != 'v' || elem[1] == '0' {
		return false
	}
	for _, r := range elem[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// object is the declaration that table entry v names, or nil for one the
// oracle cannot tell (none today: a table holds nothing else).
func (im *Importer) object(pkg *types.Package, name string, v reflect.Value) types.Object {
	if !v.IsValid() {
		return nil
	}
	if c, ok := v.Interface().(constant.Value); ok {
		return types.NewConst(token.NoPos, pkg, name, untyped(c), c)
	}
	t := v.Type()
	switch {
	case v.CanAddr():
		return types.NewVar(token.NoPos, pkg, name, im.typ(t))
	case t.Kind() == reflect.Func:
		sig, _ := im.typ(t).(*types.Signature)
		return types.NewFunc(token.NoPos, pkg, name, sig)
	case t.Kind() == reflect.Pointer && v.IsNil():
		// A type: its Named is made by typ, unless it is an alias of
		// another package's type, or of an unnamed one (os.FileMode is
		// fs.FileMode).
		elem := t.Elem()
		if elem.Name() == name && elem.PkgPath() == pkg.Path() {
			return im.typ(elem).(*types.Named).Obj()
		}
		return types.NewTypeName(token.NoPos, pkg, name, im.typ(elem))
	default:
		if c := constantOf(v); c != nil {
			return types.NewConst(token.NoPos, pkg, name, im.typ(t), c)
		}
		return types.NewVar(token.NoPos, pkg, name, im.typ(t))
	}
}

// untyped is the untyped type of a constant of c's kind.
func untyped(c constant.Value) types.Type {
	switch c.Kind() {
	case constant.Bool:
		return types.Typ[types.UntypedBool]
	case constant.String:
		return types.Typ[types.UntypedString]
	case constant.Int:
		return types.Typ[types.UntypedInt]
	case constant.Float:
		return types.Typ[types.UntypedFloat]
	case constant.Complex:
		return types.Typ[types.UntypedComplex]
	}
	return types.Typ[types.Invalid]
}

// constantOf is the value of a typed constant (time.Hour), or nil where
// v is not of a kind constants have.
func constantOf(v reflect.Value) constant.Value {
	switch v.Kind() {
	case reflect.Bool:
		return constant.MakeBool(v.Bool())
	case reflect.String:
		return constant.MakeString(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return constant.MakeInt64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return constant.MakeUint64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return constant.MakeFloat64(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return constant.BinaryOp(constant.MakeFloat64(real(c)), token.ADD,
			constant.MakeImag(constant.MakeFloat64(imag(c))))
	}
	return nil
}

var errorType = reflect.TypeFor[error]()

// typ is the go/types type of t.
func (im *Importer) typ(t reflect.Type) types.Type {
	switch {
	case t == errorType:
		return types.Universe.Lookup("error").Type()
	case t.Kind() == reflect.UnsafePointer && t.Name() == "Pointer":
		return types.Typ[types.UnsafePointer] // named, in package unsafe, to reflect
	}
	if t.Name() != "" && t.PkgPath() != "" {
		return im.namedType(t)
	}
	if b, ok := basic[t.Kind()]; ok {
		if t.Name() != "" && t.Name() != t.Kind().String() {
			// byte and rune are uint8 and int32 to reflect too.
			return types.Universe.Lookup(t.Name()).Type()
		}
		return types.Typ[b]
	}
	switch t.Kind() {
	case reflect.Array:
		return types.NewArray(im.typ(t.Elem()), int64(t.Len()))
	case reflect.Slice:
		return types.NewSlice(im.typ(t.Elem()))
	case reflect.Map:
		return types.NewMap(im.typ(t.Key()), im.typ(t.Elem()))
	case reflect.Pointer:
		return types.NewPointer(im.typ(t.Elem()))
	case reflect.Chan:
		dir := map[reflect.ChanDir]types.ChanDir{
			reflect.BothDir: types.SendRecv, reflect.SendDir: types.SendOnly, reflect.RecvDir: types.RecvOnly,
		}[t.ChanDir()]
		return types.NewChan(dir, im.typ(t.Elem()))
	case reflect.Func:
		return im.signature(t, nil, 0)
	case reflect.Struct:
		return im.structType(t)
	case reflect.Interface:
		return im.interfaceType(t)
	}
	return types.Typ[types.Invalid]
}

// basic are the go/types types of reflect's basic kinds.
var basic = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.String: types.String,
	reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
	reflect.Int32: types.Int32, reflect.Int64: types.Int64,
	reflect.Uint: types.Uint, reflect.Uint8: types.Uint8, reflect.Uint16: types.Uint16,
	reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64, reflect.Uintptr: types.Uintptr,
	reflect.Float32: types.Float32, reflect.Float64: types.Float64,
	reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128,
	reflect.UnsafePointer: types.UnsafePointer,
}

// namedType is the types.Named of a named reflect type, with its
// methods: made once, and kept before its underlying type is, which may
// lead back to it (a linked list's node).
func (im *Importer) namedType(t reflect.Type) *types.Named {
	if n := im.named[t]; n != nil {
		return n
	}
	pkg := im.pkg(t.PkgPath())
	// An instance of a generic type (atomic.Pointer[int]) has no generic
	// type to instantiate here: it is a type of its own, named as
	// reflect names it, and out of its package's scope.
	name := t.Name()
	instance := strings.IndexByte(name, '[') >= 0
	obj := types.NewTypeName(token.NoPos, pkg, name, nil)
	n := types.NewNamed(obj, nil, nil)
	im.named[t] = n
	if !instance && obj.Exported() && pkg.Scope().Lookup(name) == nil {
		pkg.Scope().Insert(obj)
	}
	under := t
	if t.Kind() != reflect.Interface {
		// The unnamed type of t's kind and structure.
		switch t.Kind() {
		case reflect.Struct:
			n.SetUnderlying(im.structType(t))
		default:
			n.SetUnderlying(im.typ(unnamed(t)).Underlying())
		}
	} else {
		n.SetUnderlying(im.interfaceType(under))
		return n
	}
	// Methods: those of t have a value receiver, those only *t has a
	// pointer one. reflect knows the exported ones only.
	ptr := reflect.PointerTo(t)
	for i := range ptr.NumMethod() {
		m := ptr.Method(i)
		if promoted(t, m) {
			continue // go/types finds it through the embedded field
		}
		var recv types.Type = types.NewPointer(n)
		if _, ok := t.MethodByName(m.Name); ok {
			recv = n
		}
		r := types.NewVar(token.NoPos, pkg, "", recv)
		n.AddMethod(types.NewFunc(token.NoPos, pkg, m.Name, im.signature(m.Type, r, 1)))
	}
	return n
}

// promoted tells whether struct type t has method m through one of its
// embedded fields, which reflect lists with t's own. A method of t's own
// that has the name and the signature of an embedded one's is taken for
// that one: reflect cannot tell them apart, and to go/types they are the
// same.
func promoted(t reflect.Type, m reflect.Method) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.Anonymous {
			continue
		}
		ft := f.Type
		if ft.Kind() != reflect.Pointer && ft.Kind() != reflect.Interface {
			ft = reflect.PointerTo(ft)
		}
		if e, ok := ft.MethodByName(m.Name); ok && sameSignature(m.Type, e.Type, ft.Kind() == reflect.Interface) {
			return true
		}
	}
	return false
}

// sameSignature tells whether method types a, with its receiver first, and
// b, with one unless of an interface, take and return the same types.
func sameSignature(a, b reflect.Type, interfaceMethod bool) bool {
	skip := 1
	if interfaceMethod {
		skip = 0
	}
	if a.NumIn()-1 != b.NumIn()-skip || a.NumOut() != b.NumOut() || a.IsVariadic() != b.IsVariadic() {
		return false
	}
	for i := 1; i < a.NumIn(); i++ {
		if a.In(i) != b.In(i-1+skip) {
			return false
		}
	}
	for i := range a.NumOut() {
		if a.Out(i) != b.Out(i) {
			return false
		}
	}
	return true
}

// unnamed is the type literal of a named type of a basic, composite or
// function kind: its structure without its name.
func unnamed(t reflect.Type) reflect.Type {
	switch t.Kind() {
	case reflect.Array:
		return reflect.ArrayOf(t.Len(), t.Elem())
	case reflect.Slice:
		return reflect.SliceOf(t.Elem())
	case reflect.Map:
		return reflect.MapOf(t.Key(), t.Elem())
	case reflect.Pointer:
		return reflect.PointerTo(t.Elem())
	case reflect.Chan:
		return reflect.ChanOf(t.ChanDir(), t.Elem())
	case reflect.Func:
		in := make([]reflect.Type, t.NumIn())
		for i := range in {
			in[i] = t.In(i)
		}
		out := make([]reflect.Type, t.NumOut())
		for i := range out {
			out[i] = t.Out(i)
		}
		return reflect.FuncOf(in, out, t.IsVariadic())
	}
	// A basic kind: the predeclared type of that kind.
	return basicTypes[t.Kind()]
}

var basicTypes = map[reflect.Kind]reflect.Type{
	reflect.Bool: reflect.TypeFor[bool](), reflect.String: reflect.TypeFor[string](),
	reflect.Int: reflect.TypeFor[int](), reflect.Int8: reflect.TypeFor[int8](),
	reflect.Int16: reflect.TypeFor[int16](), reflect.Int32: reflect.TypeFor[int32](),
	reflect.Int64: reflect.TypeFor[int64](), reflect.Uint: reflect.TypeFor[uint](),
	reflect.Uint8: reflect.TypeFor[uint8](), reflect.Uint16: reflect.TypeFor[uint16](),
	reflect.Uint32: reflect.TypeFor[uint32](), reflect.Uint64: reflect.TypeFor[uint64](),
	reflect.Uintptr: reflect.TypeFor[uintptr](), reflect.Float32: reflect.TypeFor[float32](),
	reflect.Float64: reflect.TypeFor[float64](), reflect.Complex64: reflect.TypeFor[complex64](),
	reflect.Complex128: reflect.TypeFor[complex128](), reflect.UnsafePointer: reflect.TypeFor[unsafe.Pointer](),
}

// signature is the signature of function type t, with recv as its
// receiver and the first skip parameters of t (a method's receiver, as
// reflect's Method gives it) left out.
func (im *Importer) signature(t reflect.Type, recv *types.Var, skip int) *types.Signature {
	params := make([]*types.Var, 0, t.NumIn()-skip)
	for i := skip; i < t.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, nil, "", im.typ(t.In(i))))
	}
	results := make([]*types.Var, t.NumOut())
	for i := range results {
		results[i] = types.NewParam(token.NoPos, nil, "", im.typ(t.Out(i)))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), types.NewTuple(results...), t.IsVariadic())
}

// structType is the struct of t's fields, unexported ones included, in
// the packages that declare them.
func (im *Importer) structType(t reflect.Type) *types.Struct {
	fields := make([]*types.Var, t.NumField())
	tags := make([]string, t.NumField())
	for i := range fields {
		f := t.Field(i)
		var pkg *types.Package
		switch {
		case f.PkgPath != "" && im.mainPart(f.PkgPath):
			pkg = im.main
		case f.PkgPath != "":
			pkg = im.pkg(f.PkgPath)
		}
		fields[i] = types.NewField(token.NoPos, pkg, f.Name, im.typ(f.Type), f.Anonymous)
		tags[i] = string(f.Tag)
	}
	return types.NewStruct(fields, tags)
}

// interfaceType is the interface of t's methods, the unexported ones of
// which reflect tells too.
func (im *Importer) interfaceType(t reflect.Type) *types.Interface {
	methods := make([]*types.Func, t.NumMethod())
	for i := range methods {
		m := t.Method(i)
		var pkg *types.Package
		if m.PkgPath != "" {
			pkg = im.pkg(m.PkgPath)
		}
		methods[i] = types.NewFunc(token.NoPos, pkg, m.Name, im.signature(m.Type, nil, 0))
	}
	return types.NewInterfaceType(methods, nil).Complete()
}

// TablesOf serves the tables of maps as yaegi keys them, by import path
// and package name ("math/rand/v2/rand"); a later map's table of a package
// adds to an earlier one's.
func TablesOf(maps ...map[string]map[string]reflect.Value) Tables {
	byPath := map[string][]map[string]reflect.Value{}
	for _, m := range maps {
		for key, table := range m {
			if i := strings.LastIndexByte(key, '/'); i > 0 {
				byPath[key[:i]] = append(byPath[key[:i]], table)
			}
		}
	}
	return func(importPath string) (map[string]reflect.Value, bool) {
		tables, ok := byPath[importPath]
		if len(tables) == 1 {
			return tables[0], true
		}
		merged := map[string]reflect.Value{}
		for _, t := range tables {
			for name, v := range t {
				merged[name] = v
			}
		}
		return merged, ok
	}
}

package native

import (
	"bytes"
	"fmt"
	"go/constant"
	"go/format"
	"go/types"
	"sort"
	"strings"
)

// A table is the Go source, in a plugin's package, of the variable
// Symbols that hands a package's declarations to the interpreter as its
// interp.Use takes them: under key (import path "/" package name), each
// declaration by its name. Types are given as nil pointers to them,
// variables as the addressable variable, functions as values, typed
// constants as values and untyped ones as go/constant values, and each
// interface with a wrapper type ("_" + its name) whose fields the
// interpreter fills with an interpreted value's methods, as yaegi's own
// tables give them.
type table struct {
	pkg   *types.Package
	local bool // pkg is the plugin's own package, else one it imports
	key   string

	imports  map[string]string // import path → name in the table's file
	entries  bytes.Buffer
	wrappers bytes.Buffer // the wrapper types' declarations
}

// localTable is the table of the plugin's own declarations, all of them
// but its generic functions and types, which have no value to hand over (a
// compiled generic exists only as the instances compiled code makes): the
// caller hands the interpreter their source. What else the interpreter
// cannot take from compiled code is an error that names it.
func localTable(pkg *types.Package, key string) ([]byte, error) {
	t := &table{pkg: pkg, local: true, key: key}
	skipped, err := t.write()
	if err != nil {
		return nil, err
	}
	if len(skipped) > 0 {
		return nil, fmt.Errorf("cannot hand to the interpreter: %s", strings.Join(skipped, ", "))
	}
	return t.source()
}

// importTable is the table of the exported declarations of pkg, which the
// plugin imports; skipped names what it leaves out, and why.
func importTable(pkg *types.Package) (src []byte, skipped []string, err error) {
	t := &table{pkg: pkg, key: pkg.Path() + "/" + pkg.Name()}
	if skipped, err = t.write(); err != nil {
		return nil, nil, err
	}
	src, err = t.source()
	return src, skipped, err
}

// importName is what the table's file calls the package of path: renamed
// out of the way of the plugin's own names, which share the package block
// with the file's imports.
func (t *table) importName(path string) string {
	if t.imports == nil {
		t.imports = map[string]string{}
	}
	name, ok := t.imports[path]
	if !ok {
		name = fmt.Sprintf("_glimp%d", len(t.imports))
		if path == "reflect" || path == "go/constant" || path == "go/token" {
			name = "_gl" + path[strings.LastIndex(path, "/")+1:]
		}
		t.imports[path] = name
	}
	return name
}

// qualifier names packages in the table's file: the plugin's own package
// unqualified.
func (t *table) qualifier(p *types.Package) string {
	if t.local && p == t.pkg {
		return ""
	}
	return t.importName(p.Path())
}

// write adds the package's declarations to the table, and says which it
// leaves out.
func (t *table) write() (skipped []string, err error) {
	reflectName := t.importName("reflect")
	scope := t.pkg.Scope()
	names := scope.Names()
	sort.Strings(names)
	for _, name := range names {
		obj := scope.Lookup(name)
		if !t.local && !obj.Exported() {
			continue
		}
		if t.local && name == "Symbols" {
			skipped = append(skipped, "Symbols (the plugin's own name for its table)")
			continue
		}
		if t.local && SourceOnly(obj) {
			continue // its source goes to the interpreter instead
		}
		value, why := t.value(obj)
		if why != "" {
			skipped = append(skipped, fmt.Sprintf("%s (%s)", name, why))
			continue
		}
		fmt.Fprintf(&t.entries, "\t\t%q: %s,\n", name, value)
		if tn, ok := obj.(*types.TypeName); ok && types.IsInterface(tn.Type()) && !tn.IsAlias() {
			wrapper, why := t.wrapper(tn)
			if why != "" {
				// Compiled code still takes compiled values as the
				// interface; only interpreted ones cannot be passed.
				skipped = append(skipped, fmt.Sprintf("a wrapper for %s (%s)", name, why))
				continue
			}
			fmt.Fprintf(&t.entries, "\t\t%q: %s.ValueOf((*%s)(nil)),\n", "_"+name, reflectName, wrapper)
		}
	}
	return skipped, nil
}

// value is the expression of the reflect.Value that gives obj to the
// interpreter, or why there is none.
func (t *table) value(obj types.Object) (value, why string) {
	r := t.importName("reflect")
	name := obj.Name()
	if !t.local {
		name = t.importName(t.pkg.Path()) + "." + name
	}
	switch obj := obj.(type) {
	case *types.TypeName:
		if named, ok := obj.Type().(*types.Named); ok && named.TypeParams().Len() > 0 {
			return "", "a generic type"
		}
		return fmt.Sprintf("%s.ValueOf((*%s)(nil))", r, name), ""
	case *types.Func:
		if obj.Type().(*types.Signature).TypeParams().Len() > 0 {
			return "", "a generic function"
		}
		return fmt.Sprintf("%s.ValueOf(%s)", r, name), ""
	case *types.Var:
		// Addressable, so that the interpreter reads and sets the
		// variable itself.
		return fmt.Sprintf("%s.ValueOf(&%s).Elem()", r, name), ""
	case *types.Const:
		if basic, ok := obj.Type().(*types.Basic); ok && basic.Info()&types.IsUntyped != 0 {
			c, why := t.untypedConstant(obj.Val())
			if why != "" {
				return "", why
			}
			return fmt.Sprintf("%s.ValueOf(%s)", r, c), ""
		}
		return fmt.Sprintf("%s.ValueOf(%s)", r, name), ""
	}
	return "", fmt.Sprintf("a %T", obj)
}

// untypedConstant is the exact value of an untyped constant as go/constant
// source, which keeps it untyped on the interpreted side: `const big = 1 <<
// 100` is no int64.
func (t *table) untypedConstant(v constant.Value) (value, why string) {
	c := t.importName("go/constant")
	switch v.Kind() {
	case constant.Bool:
		return fmt.Sprintf("%s.MakeBool(%t)", c, constant.BoolVal(v)), ""
	case constant.String:
		return fmt.Sprintf("%s.MakeString(%q)", c, constant.StringVal(v)), ""
	case constant.Int:
		return fmt.Sprintf("%s.MakeFromLiteral(%q, %s.INT, 0)", c, v.ExactString(), t.importName("go/token")), ""
	case constant.Float:
		// Exact as a fraction: the numerator over the denominator.
		tok := t.importName("go/token")
		return fmt.Sprintf("%s.BinaryOp(%s.MakeFromLiteral(%q, %s.INT, 0), %s.QUO, %s.MakeFromLiteral(%q, %s.INT, 0))",
			c, c, constant.Num(v).ExactString(), tok, tok, c, constant.Denom(v).ExactString(), tok), ""
	}
	return "", "an untyped complex constant"
}

// wrapper writes the wrapper type of interface tn: a struct with the
// interpreted value (IValue) and a function field per method (W + the
// method's name) that its method calls. It returns the wrapper's name, or
// why there is none.
func (t *table) wrapper(tn *types.TypeName) (name, why string) {
	iface := tn.Type().Underlying().(*types.Interface)
	if !iface.IsMethodSet() {
		return "", "a constraint, not a type of values"
	}
	name = "_gl" + strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(t.pkg.Path()) + "_" + tn.Name()
	var fields, methods bytes.Buffer
	for m := range iface.Methods() {
		if !t.local && !m.Exported() {
			return "", "its method " + m.Name() + " is unexported"
		}
		sig := m.Type().(*types.Signature)
		if t.hidden(sig) {
			return "", "its method " + m.Name() + " has a type no other package can name"
		}
		params, args, results := Forward(sig, t.qualifier)
		fmt.Fprintf(&fields, "\tW%s func(%s)%s\n", m.Name(), params, results)
		ret := "return "
		if sig.Results().Len() == 0 {
			ret = ""
		}
		fmt.Fprintf(&methods, "func (w %s) %s(%s)%s { %sw.W%s(%s) }\n", name, m.Name(), params, results, ret, m.Name(), args)
	}
	fmt.Fprintf(&t.wrappers, "// %s lets interpreted values be %s.\ntype %s struct {\n\tIValue any\n%s}\n\n%s\n",
		name, tn.Name(), name, fields.String(), methods.String())
	return name, ""
}

// source is the table's file, formatted.
func (t *table) source() ([]byte, error) {
	var b bytes.Buffer
	// A local table is a file of the package itself, which the compiler
	// gets named main (asmain.go, which the line says: a change of how
	// the package is compiled is a change of its source, for the go
	// command's cache); an imported package's is the plugin's main
	// package.
	fmt.Fprintf(&b, "// Code generated by gopherlab/interp/native. DO NOT EDIT.\n\n")
	pkgName := "main"
	if t.local {
		pkgName = t.pkg.Name()
		fmt.Fprintf(&b, "// The compiler gets the package named main, %s renamed (asmain.go).\n", renamedPrefix+"*")
	}
	fmt.Fprintf(&b, "package %s\n\nimport (\n", pkgName)
	paths := make([]string, 0, len(t.imports))
	for path := range t.imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		name := t.imports[path]
		if !bytes.Contains(t.entries.Bytes(), []byte(name+".")) && !bytes.Contains(t.wrappers.Bytes(), []byte(name+".")) && name != t.importName("reflect") {
			// A package whose table names nothing of it (its names are
			// generic, or untyped constants): the plugin still links
			// it, for the instances built later (instantiate.go).
			name = "_"
		}
		fmt.Fprintf(&b, "\t%s %q\n", name, path)
	}
	b.WriteString(")\n\n")
	b.Write(t.wrappers.Bytes())
	fmt.Fprintf(&b, "// Symbols is what this plugin hands to the interpreter.\nvar Symbols = map[string]map[string]%s.Value{\n\t%q: {\n",
		t.importName("reflect"), t.key)
	b.Write(t.entries.Bytes())
	b.WriteString("\t},\n")
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("the symbol table of %s does not format: %w\n%s", t.key, err, b.Bytes())
	}
	return src, nil
}

// hidden tells whether a type contains a type of another package that
// the table's file cannot name: an unexported one.
func (t *table) hidden(typ types.Type) bool {
	switch typ := typ.(type) {
	case *types.Named:
		obj := typ.Obj()
		if obj.Pkg() != nil && !obj.Exported() && !(t.local && obj.Pkg() == t.pkg) {
			return true
		}
		for arg := range typ.TypeArgs().Types() {
			if t.hidden(arg) {
				return true
			}
		}
	case *types.Alias:
		return t.hidden(types.Unalias(typ))
	case *types.Pointer:
		return t.hidden(typ.Elem())
	case *types.Slice:
		return t.hidden(typ.Elem())
	case *types.Array:
		return t.hidden(typ.Elem())
	case *types.Chan:
		return t.hidden(typ.Elem())
	case *types.Map:
		return t.hidden(typ.Key()) || t.hidden(typ.Elem())
	case *types.Signature:
		for _, tuple := range []*types.Tuple{typ.Params(), typ.Results()} {
			for v := range tuple.Variables() {
				if t.hidden(v.Type()) {
					return true
				}
			}
		}
	case *types.Struct:
		for f := range typ.Fields() {
			if t.hidden(f.Type()) {
				return true
			}
		}
	case *types.Interface:
		for m := range typ.Methods() {
			if t.hidden(m.Type()) {
				return true
			}
		}
	}
	return false
}

// SourceOnly tells whether obj is a declaration that a table cannot hold,
// whose source the caller hands the interpreter instead: a generic
// function or type (not an alias of an instance, which is a type), or a
// constraint interface, which is no type of values, or an alias of one.
func SourceOnly(obj types.Object) bool {
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Type().(*types.Signature).TypeParams().Len() > 0
	case *types.TypeName:
		if iface, ok := obj.Type().Underlying().(*types.Interface); ok && !iface.IsMethodSet() {
			return true
		}
		switch t := obj.Type().(type) {
		case *types.Alias:
			return t.TypeParams().Len() > 0
		case *types.Named:
			return t.TypeParams().Len() > 0
		}
	}
	return false
}

package native

import (
	"fmt"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"
)

// The unexported fields of a Build package's struct types, and the
// unexported methods of its types, which other code reaches through
// functions the package exports: reflect, with which yaegi reads and sets
// a compiled struct's fields and calls its methods, refuses unexported
// fields and lists no unexported method, and another package's code cannot
// name them. In one Go program (cells are one, package main) they are
// within reach: the interpreter rewrites p.x and p.m(), where x and m are
// such, into calls of these functions.

// FieldPointer is the name of the function that a Build package exports
// for field of its struct type typeName, when the field is unexported:
// given a pointer to a value of the type, it returns a pointer to the
// field, which reads, sets and addresses it.
func FieldPointer(typeName, field string) string {
	return fieldPointerPrefix + typeName + "_" + field
}

// FieldValue is the name of the function that gives the value of the
// same field of a value of the type, for a value that has no address (a
// call's result).
func FieldValue(typeName, field string) string {
	return fieldValuePrefix + typeName + "_" + field
}

// MethodPointer is the name of the function that a Build package exports
// for the unexported method of its type typeName: given a pointer to a
// value of the type, it returns the method value, which reflect cannot
// give (it lists exported methods alone).
func MethodPointer(typeName, method string) string {
	return methodPointerPrefix + typeName + "_" + method
}

// MethodValue is the name of the function that gives the method value of
// a value with no address, for a method with a value receiver.
func MethodValue(typeName, method string) string {
	return methodValuePrefix + typeName + "_" + method
}

const (
	fieldPointerPrefix  = "GlField_"
	fieldValuePrefix    = "GlFieldOf_"
	methodPointerPrefix = "GlMethod_"
	methodValuePrefix   = "GlMethodOf_"
)

// fieldSource is the file of the functions of the unexported fields of
// pkg's struct types (FieldPointer, FieldValue) and of the unexported
// methods of its types (MethodPointer, and MethodValue for a value
// receiver's), and the names it declares. A generic type has none (Build
// refuses them), nor an interface, nor a field or method whose functions'
// names two would share (type a_b's field c and type a's field b_c): the
// interpreter then says it cannot reach it.
func fieldSource(pkg *types.Package) (src string, names []string) {
	type field struct {
		typeName string
		f        *types.Var
	}
	type method struct {
		typeName string
		m        *types.Func
	}
	var fields []field
	var methods []method
	count := map[string]int{}
	for _, name := range pkg.Scope().Names() {
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || name == "_" {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 || types.IsInterface(named) {
			continue
		}
		for m := range named.Methods() {
			if !m.Exported() && m.Name() != "_" {
				methods = append(methods, method{name, m})
				count[MethodPointer(name, m.Name())]++
			}
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for f := range st.Fields() {
			if f.Exported() || f.Name() == "_" {
				continue
			}
			fields = append(fields, field{name, f})
			count[FieldPointer(name, f.Name())]++
		}
	}
	imports := map[string]string{} // path → name in the file
	qualify := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		name, ok := imports[p.Path()]
		if !ok {
			name = fmt.Sprintf("_glfield%d", len(imports))
			imports[p.Path()] = name
		}
		return name
	}
	var body strings.Builder
	for _, fd := range fields {
		ptr, val := FieldPointer(fd.typeName, fd.f.Name()), FieldValue(fd.typeName, fd.f.Name())
		if count[ptr] > 1 || pkg.Scope().Lookup(ptr) != nil || pkg.Scope().Lookup(val) != nil {
			continue
		}
		typ := reachableName(importedUnexported, types.TypeString(fd.f.Type(), qualify))
		fmt.Fprintf(&body, "func %s(_glv *%s) *%s { return &_glv.%s }\n", ptr, fd.typeName, typ, fd.f.Name())
		fmt.Fprintf(&body, "func %s(_glv %s) %s { return _glv.%s }\n", val, fd.typeName, typ, fd.f.Name())
		names = append(names, ptr, val)
	}
	for _, md := range methods {
		ptr, val := MethodPointer(md.typeName, md.m.Name()), MethodValue(md.typeName, md.m.Name())
		if count[ptr] > 1 || pkg.Scope().Lookup(ptr) != nil || pkg.Scope().Lookup(val) != nil {
			continue
		}
		sig := reachableName(importedUnexported, types.TypeString(md.m.Type(), qualify))
		fmt.Fprintf(&body, "func %s(_glv *%s) %s { return _glv.%s }\n", ptr, md.typeName, sig, md.m.Name())
		names = append(names, ptr)
		if _, pointer := md.m.Type().(*types.Signature).Recv().Type().(*types.Pointer); !pointer {
			fmt.Fprintf(&body, "func %s(_glv %s) %s { return _glv.%s }\n", val, md.typeName, sig, md.m.Name())
			names = append(names, val)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// Code generated by gopherlab/interp/native. DO NOT EDIT.\n\npackage %s\n\n", pkg.Name())
	paths := make([]string, 0, len(imports))
	for path := range imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		fmt.Fprintf(&b, "import %s %q\n", imports[path], path)
	}
	b.WriteString("\n" + body.String())
	return b.String(), names
}

// importedUnexported matches an unexported name of another package in a
// type that fieldSource writes: an earlier Build package's (no other
// package's unexported type can be written in a cell), which its alias
// reaches (Access).
var importedUnexported = regexp.MustCompile(`\b(_glfield\d+)\.([\p{Ll}_]\w*)`)

// reachableName is typ with the other packages' unexported names, which
// unexported matches, made their aliases.
func reachableName(unexported *regexp.Regexp, typ string) string {
	return unexported.ReplaceAllStringFunc(typ, func(m string) string {
		pkg, name, _ := strings.Cut(m, ".")
		if token.IsExported(name) {
			return m
		}
		return pkg + "." + Access(name)
	})
}

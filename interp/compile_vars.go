package interp

// A %%compile cell's package-level variables are one variable each, which
// compiled and interpreted code share (compile.go):
//
//   - a later compiled cell declares the variable under its name with
//     //go:linkname, so that the name is the earlier package's symbol
//     (Go has no alias of a variable, and yaegi none either);
//   - interpreted cells hold a declaration of the name for the oracle,
//     completion and %who, but the rewrite of their uses
//     (rewrite_compiledvars.go) reaches the compiled variable through
//     the cell's package, and %who and inspection read that variable.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strings"

	"gopherlab/interp/native"
)

// sharedVar is what a compiled cell's variable needs to be shared: its
// type, as a later compiled cell writes it (with cellQualifier, reachable
// from another package), the imports that type needs, and the variable,
// addressable, as the plugin's symbol table gives it.
type sharedVar struct {
	typ     string
	imports map[string]string
	value   reflect.Value
}

// newSharedVar is what shares obj, a variable of the compiled cell's
// package pkg at importPath, whose symbol table is symbols.
func newSharedVar(obj types.Object, pkg, importPath string, symbols map[string]reflect.Value) sharedVar {
	imports := map[string]string{}
	qualify := cellQualifier(imports)
	typ := types.TypeString(obj.Type(), func(p *types.Package) string {
		if p.Path() == "main" { // the cell's own package, checked as main
			imports[cellAlias(pkg)] = importPath
			return cellAlias(pkg)
		}
		return qualify(p)
	})
	return sharedVar{typ: reachable(typ), imports: imports, value: symbols[obj.Name()]}
}

// accessAlias matches, in a type written with cellQualifier, the alias by
// which another package reaches an earlier cell's unexported name
// (reachable): a hoisted variable's type may name one.
var accessAlias = regexp.MustCompile(`\b(_gl\w+)\.` + regexp.QuoteMeta(strings.TrimSuffix(native.Access("x"), "x")) + `(\w+)`)

// interpreterType is typ, a type written with cellQualifier, as the
// interpreter names it: yaegi reaches an unexported name of a compiled
// package itself, not the alias reachable wrote.
func interpreterType(typ string) string { return accessAlias.ReplaceAllString(typ, "$1.$2") }

// declaredType is the type, with a leading space, with which the
// interpreter declares a compiled cell's variable of type t, or nothing
// where yaegi might not take it as the compiled type: a struct, interface
// or function type written out (yaegi's struct with an unexported field
// is not reflect's), an instance of a generic type.
func declaredType(t types.Type, qualify types.Qualifier) string {
	if !plainType(t) {
		return ""
	}
	return " " + interpreterType(types.TypeString(t, qualify))
}

// plainType tells a type made of predeclared and non-generic named types
// and any by pointers, slices, arrays, maps and channels.
func plainType(t types.Type) bool {
	switch t := t.(type) {
	case *types.Basic:
		return t.Kind() != types.UnsafePointer && t.Info()&types.IsUntyped == 0
	case *types.Named:
		return t.TypeArgs().Len() == 0 && t.TypeParams().Len() == 0
	case *types.Alias:
		return t.TypeArgs().Len() == 0 && plainType(types.Unalias(t))
	case *types.Pointer:
		return plainType(t.Elem())
	case *types.Slice:
		return plainType(t.Elem())
	case *types.Array:
		return plainType(t.Elem())
	case *types.Chan:
		return plainType(t.Elem())
	case *types.Map:
		return plainType(t.Key()) && plainType(t.Elem())
	case *types.Interface:
		return t.Empty() // any
	}
	return false
}

// linkedVar declares, in a later compiled cell's source, the variable name
// of an earlier compiled cell as the very same variable: the linker
// resolves the declaration without a value to the package's symbol.
func linkedVar(name string, cn compiledName) string {
	return fmt.Sprintf("//go:linkname %s %s.%s\nvar %s %s\n", name, cn.path, name, name, cn.typ)
}

// stripBodies is src with the bodies of the functions and methods that
// the declaration runs decls declare blanked, newlines kept, so that
// positions stay where they are: the first check of a compiled cell, which
// gives the types of the variables its statements define, cannot see
// them at the package level yet, where the cell's functions use them.
func stripBodies(src string, decls []run) string {
	b := []byte(src)
	for _, r := range decls {
		for _, body := range funcBodies(src[r.start:r.end]) {
			for i := r.start + body[0]; i < r.start+body[1]; i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
		}
	}
	return string(b)
}

// funcBodies are the offsets in text, a declaration run, of what lies
// between the braces of each function's or method's body.
func funcBodies(text string) [][2]int {
	const prefix = "package p\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", prefix+text, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var bodies [][2]int
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Body != nil {
			from := fset.Position(fn.Body.Lbrace).Offset + 1 - len(prefix)
			to := fset.Position(fn.Body.Rbrace).Offset - len(prefix)
			if 0 <= from && from <= to && to <= len(text) {
				bodies = append(bodies, [2]int{from, to})
			}
		}
	}
	return bodies
}

// isMissingReturn tells the error of a function whose body stripBodies
// blanked.
func isMissingReturn(msg string) bool { return strings.HasSuffix(msg, "missing return") }

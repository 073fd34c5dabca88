package oracle_test

import (
	"fmt"
	"go/constant"
	"go/importer"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	"gopherlab/interp/oracle"
)

// TestImporterAgreesWithTheToolchain checks every exported declaration
// that the Importer makes of a package from its symbol table against the
// same declaration type-checked from the package's source by the Go
// toolchain's importer: the same kind of object, and the same type, up to
// the names of parameters, which a table does not have.
func TestImporterAgreesWithTheToolchain(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks standard packages from source")
	}
	ours := oracle.NewImporter(oracle.TablesOf(stdlib.Symbols, unrestricted.Symbols))
	source := importer.ForCompiler(token.NewFileSet(), "source", nil)
	// Every package of the tables, which are yaegi's (Go 1.22) here:
	// the oracle's test needs no more than the Importer's.
	var paths []string
	for key := range stdlib.Symbols {
		if i := strings.LastIndexByte(key, '/'); i > 0 && !strings.HasPrefix(key, "github.com/") {
			paths = append(paths, key[:i])
		}
	}
	slices.Sort(paths)
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			got, err := ours.Import(path)
			if err != nil {
				t.Fatal(err)
			}
			want, err := source.Import(path)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name() != want.Name() {
				t.Errorf("package name %s, the toolchain says %s", got.Name(), want.Name())
			}
			checked := 0
			for _, name := range got.Scope().Names() {
				g, w := got.Scope().Lookup(name), want.Scope().Lookup(name)
				if w == nil {
					t.Errorf("%s.%s: not declared in the source", path, name)
					continue
				}
				if gk, wk := kind(g), kind(w); gk != wk {
					t.Errorf("%s.%s: a %s, the toolchain says a %s", path, name, gk, wk)
					continue
				}
				gs, ws := shape(g.Type(), true), shape(w.Type(), true)
				if gs != ws && !untypedRune(g, w) {
					t.Errorf("%s.%s:\n got %s\nwant %s", path, name, gs, ws)
				}
				if gc, ok := g.(*types.Const); ok {
					if wc := w.(*types.Const); !sameValue(gc.Val(), wc.Val()) {
						t.Errorf("%s.%s = %s, the toolchain says %s", path, name, gc.Val(), wc.Val())
					}
				}
				checked++
			}
			if checked == 0 && !slices.Contains([]string{"cmp", "maps", "slices"}, path) {
				// Those three declare generic functions only.
				t.Errorf("no declaration of %s checked", path)
			}
		})
	}
}

// untypedRune tells whether g is an untyped integer constant where the
// toolchain has an untyped rune: a table holds both as an integer
// constant.Value, and the interpreter runs them as such, so the oracle,
// which answers for the interpreter, agrees with it there.
func untypedRune(g, w types.Object) bool {
	return g.Type() == types.Typ[types.UntypedInt] && w.Type() == types.Typ[types.UntypedRune]
}

// sameValue tells whether two constants are equal, floats as float64s: a
// table's literal and the source's can write one float differently.
func sameValue(a, b constant.Value) bool {
	if a.Kind() == constant.Float || b.Kind() == constant.Float {
		x, _ := constant.Float64Val(a)
		y, _ := constant.Float64Val(b)
		return x == y
	}
	return constant.Compare(a, token.EQL, b)
}

// kind names the kind of declaration obj is.
func kind(obj types.Object) string {
	switch obj := obj.(type) {
	case *types.Const:
		return "constant"
	case *types.Var:
		return "variable"
	case *types.Func:
		return "function"
	case *types.TypeName:
		if obj.IsAlias() {
			return "type" // an alias or a defined type: reflect cannot tell
		}
		return "type"
	}
	return fmt.Sprintf("%T", obj)
}

// shape writes t without parameter names, a named type as its package
// path and name, and, at the top (top), with the underlying type and
// the exported methods of a named type.
func shape(t types.Type, top bool) string {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		obj := t.Obj()
		// An instance of a generic type is a type of its own to the
		// Importer, whose name says its type arguments.
		name, _, _ := strings.Cut(obj.Name(), "[")
		if obj.Pkg() != nil {
			name = obj.Pkg().Path() + "." + name
		}
		if !top {
			return name
		}
		// The method set of a pointer to it: reflect lists promoted
		// methods with declared ones, and cannot tell which one of two of
		// the same name was declared.
		var methods []string
		set := types.NewMethodSet(types.NewPointer(t))
		for i := range set.Len() {
			if m := set.At(i).Obj(); m.Exported() {
				methods = append(methods, m.Name()+shape(m.Type(), false))
			}
		}
		slices.Sort(methods)
		return name + " " + shape(t.Underlying(), false) + " {" + strings.Join(methods, "; ") + "}"
	case *types.Signature:
		params := func(tu *types.Tuple, variadic bool) string {
			var s []string
			for i := range tu.Len() {
				p := shape(tu.At(i).Type(), false)
				if variadic && i == tu.Len()-1 {
					p = "..." + strings.TrimPrefix(p, "[]")
				}
				s = append(s, p)
			}
			return "(" + strings.Join(s, ", ") + ")"
		}
		return "func" + params(t.Params(), t.Variadic()) + params(t.Results(), false)
	case *types.Struct:
		var fields []string
		for i := range t.NumFields() {
			f := t.Field(i)
			fields = append(fields, fmt.Sprintf("%s %s %v", f.Name(), shape(f.Type(), false), f.Embedded()))
		}
		return "struct{" + strings.Join(fields, "; ") + "}"
	case *types.Interface:
		var methods []string
		for i := range t.NumMethods() {
			m := t.Method(i)
			methods = append(methods, m.Name()+shape(m.Type(), false))
		}
		slices.Sort(methods)
		return "interface{" + strings.Join(methods, "; ") + "}"
	case *types.Basic:
		return types.Typ[t.Kind()].Name() // byte is uint8, rune int32
	case *types.Pointer:
		return "*" + shape(t.Elem(), false)
	case *types.Slice:
		return "[]" + shape(t.Elem(), false)
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), shape(t.Elem(), false))
	case *types.Map:
		return "map[" + shape(t.Key(), false) + "]" + shape(t.Elem(), false)
	case *types.Chan:
		return types.TypeString(types.NewChan(t.Dir(), types.Typ[types.Invalid]), nil) + shape(t.Elem(), false)
	}
	return types.TypeString(t, nil)
}

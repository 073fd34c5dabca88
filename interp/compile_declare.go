package interp

// What a %%compile cell declared, declared in the interpreter (compile.go).

import (
	"context"
	"errors"
	"fmt"
	"go/types"
	"gopherlab/interp/native"
	"maps"
	"slices"
	"strings"
)

// declareCompiled declares what a compiled cell declared in the
// interpreter, as a cell of its own that the interpreter runs (and records,
// for completion, inspection and the oracle): aliases of its types,
// functions that call its functions, its constants, and its variables,
// whose uses interpreted cells make the compiled ones'.
func (in *Interpreter) declareCompiled(ctx context.Context, count int, name, importPath string, u *unit) error {
	alias := cellAlias(name)
	imports := map[string]string{alias: importPath}
	qualify := cellQualifier(imports)
	// Types first, then constants, variables and functions: yaegi v0.16.1
	// fails a function whose result is of an alias declared below it
	// ("constant definition loop").
	var types_, consts, vars, funcs []string
	scope := u.pkg.Scope()
	for _, name := range scope.Names() {
		// An earlier compiled cell's name the cell used is that cell's,
		// declared already.
		if strings.HasPrefix(name, "_gl") || name == "_" || u.earlier[name] || native.SourceOnly(scope.Lookup(name)) {
			continue // a generic goes as its source, after these (declareGenerics)
		}
		switch obj := scope.Lookup(name).(type) {
		case *types.TypeName:
			types_ = append(types_, fmt.Sprintf("type %s = %s.%s", name, alias, name))
		case *types.Const:
			consts = append(consts, fmt.Sprintf("const %s = %s.%s", name, alias, name))
		case *types.Var:
			// With its type, which the oracle cannot tell from an
			// unexported variable of another package, where yaegi
			// takes the type as written (declaredType). Interpreted
			// code uses the compiled variable (rewrite_compiledvars.go).
			vars = append(vars, fmt.Sprintf("var %s%s = %s.%s", name, declaredType(obj.Type(), qualify), alias, name))
		case *types.Func:
			sig := obj.Type().(*types.Signature)
			if mentionsGeneric(sig) {
				// The interpreter cannot write the compiled instance's type.
				funcs = append(funcs, fmt.Sprintf("var %s = %s.%s", name, alias, name))
				continue
			}
			params, args, results := native.Forward(sig, qualify)
			args = unwrappedArgs(sig, args)
			ret := "return "
			if sig.Results().Len() == 0 {
				ret = ""
			}
			funcs = append(funcs, fmt.Sprintf("func %s(%s)%s { %s%s.%s(%s) }", name, params, results, ret, alias, name, args))
		}
	}
	var b strings.Builder
	b.WriteString("import (\n")
	for _, name := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&b, "\t%s %q\n", name, imports[name])
	}
	b.WriteString(")\n\n")
	for _, d := range slices.Concat(types_, consts, vars, funcs) {
		b.WriteString(d + "\n")
	}
	if _, err := in.execute(ctx, in.newCell(count, b.String())); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Value = "%%compile: declaring the compiled cell's names in the interpreter failed, a bug of gopherlab: " + e.Value
			return e
		}
		return err
	}
	return nil
}

// unwrappedArgs is args, the arguments native.Forward passes on for sig,
// with those of type any, or ...any, unwrapped of yaegi's interface value
// (interpreted_values.go): compiled code would get yaegi's own struct
// for an interpreted value, and print it as {0xc000… {…}}.
func unwrappedArgs(sig *types.Signature, args string) string {
	list := strings.Split(args, ", ")
	for i := range sig.Params().Len() {
		t := sig.Params().At(i).Type()
		variadic := sig.Variadic() && i == sig.Params().Len()-1
		if variadic {
			t = t.(*types.Slice).Elem()
		}
		if i >= len(list) || !types.IsInterface(t) || !t.Underlying().(*types.Interface).Empty() {
			continue
		}
		if variadic {
			list[i] = cellPkgName + ".UnwrapAll(" + strings.TrimSuffix(list[i], "...") + ")..."
		} else {
			list[i] = cellPkgName + ".Unwrap(" + list[i] + ")"
		}
	}
	return strings.Join(list, ", ")
}

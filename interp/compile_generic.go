package interp

// The generic functions and types of a %%compile cell, for the
// interpreter (compile.go). A compiled generic exists only as the
// instances compiled code makes, so no symbol table can hold it; the
// interpreter gets its source instead, re-expressed against the cell's
// package: every name of the cell's package that is not generic (a type, a
// function, a constant, a variable) becomes a selector of the compiled
// package, so that the interpreted generic uses the compiled types, with
// their real methods, calls the compiled functions and reads and sets the
// compiled variables, as the compiled generic does. The cell's other
// generics stay as they are: the interpreter declares them from the same
// source, beside.

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"

	"gopherlab/interp/native"
)

// genericDecl is a generic declaration of a compiled cell, for the
// interpreter.
type genericDecl struct {
	name string // the function, method or type
	at   string // its position in the cell: cell[3]:12:1
	text string // its source, as the interpreter takes it
}

// genericSource is the interpreter's source of the generic declarations
// of u, a compiled cell's checked plugin source src, whose package the
// interpreter imports as pkg, less those of earlier cells' names that src
// declares as theirs (earlier), which the interpreter has: the
// declarations, and the imports they need, by name.
func genericSource(u *checkedUnit, src, pkg string, earlier map[string]bool) (decls []genericDecl, imports map[string]string) {
	imports = map[string]string{}
	file := u.fset.File(u.file.Pos())
	text := func(n ast.Node) string {
		from, to := file.Offset(n.Pos()), file.Offset(n.End())
		type edit struct {
			at, end int
			with    string
		}
		var edits []edit
		ast.Inspect(n, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			switch obj := u.info.Uses[id].(type) {
			case nil:
			case *types.PkgName:
				imports[obj.Name()] = obj.Imported().Path()
			default:
				if obj.Parent() == u.pkg.Scope() && !native.SourceOnly(obj) {
					at := file.Offset(id.Pos())
					edits = append(edits, edit{at, at + len(id.Name), pkg + "." + id.Name})
				}
			}
			return true
		})
		slices.SortFunc(edits, func(a, b edit) int { return b.at - a.at })
		out := src[from:to]
		for _, e := range edits {
			out = out[:e.at-from] + e.with + out[e.end-from:]
		}
		return out
	}
	at := func(n ast.Node) string {
		p := u.fset.Position(n.Pos()) // the cell's, by the source's //line comments
		return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
	}
	for _, d := range u.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if genericFunc(d) && !earlier[d.Name.Name] {
				decls = append(decls, genericDecl{d.Name.Name, at(d), text(d)})
			}
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			for _, s := range d.Specs {
				if spec := s.(*ast.TypeSpec); native.SourceOnly(u.info.Defs[spec.Name]) && !earlier[spec.Name.Name] {
					decls = append(decls, genericDecl{spec.Name.Name, at(spec), "type " + text(spec)})
				}
			}
		}
	}
	return decls, imports
}

// genericFunc tells whether fn is a generic function or a method of a
// generic type.
func genericFunc(fn *ast.FuncDecl) bool {
	if fn.Recv == nil {
		return fn.Type.TypeParams != nil && len(fn.Type.TypeParams.List) > 0
	}
	if len(fn.Recv.List) == 0 {
		return false
	}
	recv := fn.Recv.List[0].Type
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	switch ast.Unparen(recv).(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// mentionsGeneric tells whether typ, a type of a compiled cell's
// declaration, has an instance of a compiled generic type in it: the
// interpreter cannot write that type (the cell's package hands it no
// generic type), so it does not write the declaration's signature.
func mentionsGeneric(typ types.Type) bool {
	found := false
	var visit func(t types.Type)
	visit = func(t types.Type) {
		if found || t == nil {
			return
		}
		switch t := t.(type) {
		case *types.Named:
			// The cell's own (checked as main), or an earlier cell's.
			if pkg := t.Obj().Pkg(); t.TypeArgs().Len() > 0 && pkg != nil && (pkg.Path() == "main" || strings.HasPrefix(pkg.Path(), modulePrefix)) {
				found = true
			}
			for a := range t.TypeArgs().Types() {
				visit(a)
			}
		case *types.Alias:
			visit(types.Unalias(t))
		case *types.Pointer:
			visit(t.Elem())
		case *types.Slice:
			visit(t.Elem())
		case *types.Array:
			visit(t.Elem())
		case *types.Map:
			visit(t.Key())
			visit(t.Elem())
		case *types.Chan:
			visit(t.Elem())
		case *types.Signature:
			visit(t.Params())
			visit(t.Results())
		case *types.Tuple:
			for v := range t.Variables() {
				visit(v.Type())
			}
		case *types.Struct:
			for f := range t.Fields() {
				visit(f.Type())
			}
		}
	}
	visit(typ)
	return found
}

// earlierGeneric is the declaration by which a compiled cell's package
// reaches e, an earlier compiled cell's generic function or type (an
// earlier package's generic cannot be a variable or an alias without its
// type parameters), of the package imp gives: a generic function that
// calls it, or a generic alias; "" when e is not generic. imports gets the
// packages the declaration names, by the names it gives them.
func earlierGeneric(e earlierName, imp types.Importer, imports map[string]string) (string, error) {
	pkg, err := imp.Import(e.path)
	if err != nil {
		return "", fmt.Errorf("%%%%compile: %s of %s: %w", e.name, e.cell, err)
	}
	obj := pkg.Scope().Lookup(native.Access(e.name))
	if obj == nil || !native.SourceOnly(obj) {
		return "", nil
	}
	qualify := func(p *types.Package) string {
		name := "_glimp_" + p.Name()
		if strings.HasPrefix(p.Path(), modulePrefix) {
			name = cellAlias(p.Name())
		}
		imports[name] = p.Path()
		return name
	}
	target := qualify(pkg) + "." + obj.Name()
	switch obj := obj.(type) {
	case *types.Func:
		sig := obj.Type().(*types.Signature)
		tparams, targs := native.TypeParams(sig.TypeParams(), qualify)
		params, args, results := native.Forward(sig, qualify)
		ret := "return "
		if sig.Results().Len() == 0 {
			ret = ""
		}
		// Its signature may name the earlier cell's unexported types.
		return reachable(fmt.Sprintf("func %s%s(%s)%s { %s%s%s(%s) }", e.name, tparams, params, results, ret, target, targs, args)), nil
	case *types.TypeName:
		var list *types.TypeParamList
		switch t := obj.Type().(type) {
		case *types.Alias:
			list = t.TypeParams()
		case *types.Named:
			list = t.TypeParams()
		}
		tparams, targs := native.TypeParams(list, qualify)
		return reachable(fmt.Sprintf("type %s%s = %s%s", e.name, tparams, target, targs)), nil
	}
	return "", nil
}

// declareGenerics declares a compiled cell's generic declarations in the
// interpreter, as a cell of their own after its other names (which they
// use through alias, the cell's package at importPath). yaegi may fail on
// one (a generic alias of a generic type): then it is an error at the
// declaration's line, and interpreted cells do not get that one nor those
// after it, which compiled cells still get.
func (in *Interpreter) declareGenerics(ctx context.Context, count int, alias, importPath string, u *unit) error {
	if len(u.generics) == 0 {
		return nil
	}
	imports := maps.Clone(u.genericImports)
	imports[alias] = importPath
	var b strings.Builder
	b.WriteString("import (\n")
	for _, name := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&b, "\t%s %q\n", name, imports[name])
	}
	b.WriteString(")\n\n")
	firstLines := make([]int, len(u.generics)) // of each declaration, in b
	for i, d := range u.generics {
		firstLines[i] = strings.Count(b.String(), "\n") + 1
		b.WriteString(d.text + "\n")
	}
	c := in.newCell(count, b.String())
	_, err := in.execute(ctx, c)
	var e *Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	// yaegi's error is at a line of b (of the cell c, by its name or its
	// file's): the declaration's there is the one to name, at its line in the
	// compiled cell.
	d := u.generics[0]
	msg := e.Value
	if m := messagePosition.FindStringSubmatch(e.Value); m != nil && (m[1] == c.file || m[1] == c.name) {
		line, _ := strconv.Atoi(m[2])
		for i, first := range firstLines {
			if line >= first {
				d = u.generics[i]
			}
		}
		msg = strings.TrimSpace(strings.TrimPrefix(e.Value, m[0]))
	}
	e.Value = fmt.Sprintf("%s: the interpreter cannot declare %s from its source, so interpreted cells cannot use it (compiled cells can): %s", d.at, d.name, msg)
	e.Traceback = []string{e.Name + ": " + e.Value}
	return e
}

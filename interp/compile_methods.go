package interp

import (
	"go/ast"
	"go/token"
	"go/types"

	"gopherlab/interp/native"
)

// The methods of a compiled cell's types, in interpreted cells: what Go
// allows in one package and the interpreter cannot do, each reported at
// its place with why and what to do, where yaegi would say Go's words
// about another package ("cannot define new methods on non-local type") or
// none ("undefined method").
//
// A later %%compile cell that adds a method to an earlier one's type is
// not made to declare the type again for the user: values made before
// would keep the old type, without the method, and a type assertion to an
// interface that needs it would be false where Go's is true, silently. The
// user who declares the type again knows that values made before keep the
// old type, as with any redefinition.

// compiledType is the compiled cell's named type that t is, or points to;
// nil for another.
func compiledType(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !isCellPackage(named.Obj().Pkg().Path()) {
		return nil
	}
	return named
}

// compiledCellOf names the compiled cell that declared named, as errors
// name cells (cell[3]), where the interpreter's name of the type is still
// that cell's; "a compiled cell" where it is not.
func (r *rewriter) compiledCellOf(named *types.Named) string {
	r.in.mu.Lock()
	defer r.in.mu.Unlock()
	if cn, ok := r.in.compiledNames[named.Obj().Name()]; ok && cn.kind == "type" && cn.path == named.Obj().Pkg().Path() {
		return cn.cell + ", a compiled cell"
	}
	return "a compiled cell"
}

// compiledReceivers reports the methods that file f, an interpreted
// cell's declarations, declares on a compiled cell's type: its methods are
// compiled with it, and yaegi cannot give a compiled type another.
func (r *rewriter) compiledReceivers(f *ast.File) {
	if !r.compiledAny() {
		return
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
			continue
		}
		id := typeIdent(fd.Recv.List[0].Type) // scope.go
		if id == nil {
			continue
		}
		tn, ok := r.objectOf(id).(*types.TypeName)
		if !ok {
			continue
		}
		named := compiledType(tn.Type())
		if named == nil {
			continue
		}
		r.fail(id, "cannot add method "+fd.Name.Name+" to "+id.Name+", a type of "+r.compiledCellOf(named)+
			": its methods are compiled with it, and the interpreter cannot give a compiled type another; declare "+id.Name+
			" again with all its methods, in this cell or a %%compile cell (later cells get the new type, values made before keep the old one)")
		return
	}
}

// unexportedMethod rewrites sel, where it selects an unexported method of
// a compiled cell's type, declared on the type itself, into a call of the
// function the cell's package exports for it (native.MethodPointer and
// native.MethodValue), which gives the method value:
//
//	p.bump()   _glcell1.GlMethod_point_bump(&p)()
//
// yaegi calls compiled methods through reflect, which does not list
// unexported ones, nor does the oracle, which knows compiled packages from
// what reflect tells: the compiled cell's package, as the builder checked
// it, tells that the method is there. Where it cannot be rewritten (a
// method promoted from an embedded field, a value
// reached through an unexported field, whose address yaegi cannot take),
// it is reported.
func (r *rewriter) unexportedMethod(sel *ast.SelectorExpr) {
	if !r.compiledAny() || token.IsExported(sel.Sel.Name) || r.objectOf(sel.Sel) != nil {
		return
	}
	x := r.typeOf(sel.X)
	if x == nil {
		return
	}
	named := compiledType(x)
	if named == nil {
		return
	}
	b, err := r.in.pkgs.modules.builder()
	if err != nil {
		return
	}
	pkg, err := b.Importer().Import(named.Obj().Pkg().Path())
	if err != nil {
		return
	}
	tn, ok := pkg.Scope().Lookup(named.Obj().Name()).(*types.TypeName)
	if !ok {
		return
	}
	m, path, _ := types.LookupFieldOrMethod(tn.Type(), true, pkg, sel.Sel.Name)
	method, ok := m.(*types.Func)
	if !ok {
		return
	}
	_, pointer := types.Unalias(x).(*types.Pointer)
	tv, _ := r.in.typeChecked(r.c).TypeAndValue(r.off(sel.X.Pos()), r.off(sel.X.End()))
	_, pointerRecv := method.Type().(*types.Signature).Recv().Type().(*types.Pointer)
	// A receiver reached through an unexported field is rewritten too
	// (compile_fields.go), where yaegi could not take its address.
	throughField := false
	if inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok {
		f, ok := r.objectOf(inner.Sel).(*types.Var)
		throughField = ok && f.IsField() && !f.Exported()
	}
	fn, arg := native.MethodPointer(tn.Name(), sel.Sel.Name), ""
	switch {
	case pointer:
	case tv.Addressable():
		arg = "&"
		r.addressCompiledVar(sel.X) // rewrite_compiledvars.go
	case !pointerRecv:
		fn = native.MethodValue(tn.Name(), sel.Sel.Name)
	default:
		r.fail(sel.Sel, "cannot call pointer method "+sel.Sel.Name+" on "+named.Obj().Name())
		return
	}
	if len(path) != 1 || throughField && arg == "&" || pkg.Scope().Lookup(fn) == nil {
		r.fail(sel.Sel, "cannot call "+sel.Sel.Name+", an unexported method of "+named.Obj().Name()+", a type of "+r.compiledCellOf(named)+
			", here: the interpreter calls compiled methods through reflect, which does not list unexported ones, and gopherlab reaches one only "+
			"declared on the type itself, of a variable, a pointer or a value; export the method, or call it from compiled code")
		return
	}
	open := cellAlias(named.Obj().Pkg().Name()) + "." + fn + "(" + arg
	if at := r.off(sel.X.Pos()); at >= 0 && r.startsStatement(sel.X.Pos()) {
		r.late = append(r.late, edit{start: at, end: at, text: open}) // after the statement's bounds checks
	} else {
		r.insert(sel.X.Pos(), open)
	}
	r.replace(sel.X.End(), sel.End(), ")")
}

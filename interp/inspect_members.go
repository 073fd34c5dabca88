package interp

import (
	"fmt"
	"go/types"
	"gopherlab/interp/oracle"
	"maps"
	"strings"
)

// Inspection of x.name asks the type oracle, as completion does
// (complete_members.go), which field or method name selects, and the type
// that declares it: a compiled package's is documented from its sources.

// typedMember is the object that x.name selects, name at byte offset at of
// code, and the type that declares it; ok is false where the oracle cannot
// tell.
func (in *Interpreter) typedMember(code string, at int, name string) (obj types.Object, owner *types.Named, ok bool) {
	dot := at - 1
	start, ok := operandAt(code, dot)
	if !ok {
		return nil, nil, false
	}
	c := in.oracleOperand(code, start, dot)
	tv, ok := c.TypeAndValue(start, dot)
	if !ok {
		return nil, nil, false
	}
	obj, index, _ := types.LookupFieldOrMethod(tv.Type, tv.Addressable(), c.Package(), name)
	if obj == nil {
		return nil, nil, false
	}
	// The embedded fields the selection goes through lead to the type
	// that declares the member.
	t := tv.Type
	for _, i := range index[:len(index)-1] {
		st, isStruct := deref(t).Underlying().(*types.Struct)
		if !isStruct {
			return obj, nil, true
		}
		t = st.Field(i).Type()
	}
	owner, _ = types.Unalias(deref(t)).(*types.Named)
	return obj, owner, true
}

// deref is what t points to, or t.
func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// nameObject is what the name at byte offset start of code names, as the
// type oracle tells it, and the check that tells it; a nil object where it
// cannot tell. Code that does not parse is checked as completion checks
// it, a broken line left out.
func (in *Interpreter) nameObject(code string, start int) (types.Object, *oracle.Checked) {
	in.mu.Lock()
	imports := maps.Clone(in.imports)
	in.mu.Unlock()
	c := in.session.Check(cellPieces(code), imports, in.pkgs.typeAutoImports())
	if obj := c.ObjectAt(start); obj != nil {
		return obj, c
	}
	c = in.session.Check(statementPieces(blankBrokenLines(code, start)), imports, in.pkgs.typeAutoImports())
	return c.ObjectAt(start), c
}

// varTypeText is the type of obj, a variable or constant, written as the
// code would name it (an untyped constant's default type); false for
// another object, or a type the code cannot name.
func varTypeText(obj types.Object, c *oracle.Checked) (string, bool) {
	switch obj.(type) {
	case *types.Var, *types.Const:
		return c.TypeText(types.Default(obj.Type()))
	}
	return "", false
}

// codeVarHelp describes obj, what a name alone names, if it is a variable
// or constant that the code declares, at its top level or in a function:
// its type, as no value of it exists yet.
func codeVarHelp(obj types.Object, c *oracle.Checked) (h help, found, ok bool) {
	kind := "var"
	switch obj := obj.(type) {
	case *types.Var:
		if obj.IsField() {
			return help{}, false, false
		}
	case *types.Const:
		kind = "const"
	default:
		return help{}, false, false
	}
	if obj.Parent() == c.Package().Scope() && !c.Declared(obj) {
		return help{}, false, false // an earlier cell's, with its value
	}
	t, known := varTypeText(obj, c)
	if !known {
		return help{}, false, true
	}
	return help{decl: kind + " " + obj.Name() + " " + t}, true, true
}

// packageMemberHelp documents pkg.name, name at byte offset at of code,
// where the oracle finds pkg a package's name.
func (in *Interpreter) packageMemberHelp(code string, at int, name string) (help, bool) {
	dot := at - 1
	start, ok := operandAt(code, dot)
	if !ok || !operandIsName(code, start, dot) {
		return help{}, false
	}
	named, ok := in.oracleOperand(code, start, dot).ObjectAt(start).(*types.PkgName)
	if !ok {
		return help{}, false
	}
	return in.pkgs.memberHelp(named.Imported().Path(), name)
}

// compiledMemberHelp documents x.name where the oracle finds it declared
// by a compiled package's type: from the package's sources, or by its
// signature or type where they are missing.
func (in *Interpreter) compiledMemberHelp(code string, at int, name string) (help, bool) {
	obj, owner, ok := in.typedMember(code, at, name)
	if !ok {
		return help{}, false
	}
	// The declaring type's package: the Importer gives a compiled
	// struct's fields and interface's methods no package of their own.
	pkg := obj.Pkg()
	if owner != nil {
		pkg = owner.Obj().Pkg()
	}
	if pkg == nil || pkg.Path() == "main" {
		return help{}, false
	}
	path := pkg.Path()
	if owner != nil {
		if h, ok := docs.lookup(path, owner.Obj().Name()+"."+name); ok {
			return h, true
		}
	}
	return help{decl: memberDecl(obj, owner, (*types.Package).Name), note: noDocs(path)}, true
}

// declaredMemberHelp describes x.name, a field or method a cell
// declared, as the oracle finds it: a method that a cell that ran
// declared with its declaration and doc comment as the interpreter keeps
// them, at detail 1 its source.
func (in *Interpreter) declaredMemberHelp(code string, at int, name string, detail int) (help, bool) {
	obj, owner, ok := in.typedMember(code, at, name)
	if !ok {
		return help{}, false
	}
	if _, isMethod := obj.(*types.Func); isMethod && owner != nil {
		in.mu.Lock()
		m, ran := in.methods[owner.Obj().Name()][name]
		in.mu.Unlock()
		if ran {
			h := help{decl: gofmt(m.decl)}
			h.doc, h.md = userDoc(m.doc)
			if detail > 0 && m.src != "" {
				h.more = m.src
			}
			return h, true
		}
	}
	qualifier := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		return p.Name()
	}
	return help{decl: memberDecl(obj, owner, qualifier)}, true
}

// memberDecl is what inspection shows of a field or method, obj, that
// owner declares, as Go writes a method's declaration: "func (T) m(int)",
// "field f int // in T".
func memberDecl(obj types.Object, owner *types.Named, q types.Qualifier) string {
	if f, ok := obj.(*types.Func); ok {
		sig := f.Signature()
		// An interface's method has the interface as its receiver, not
		// the type that names it.
		var recv types.Type = owner
		if owner == nil || !types.IsInterface(owner) {
			recv = sig.Recv().Type()
		}
		return fmt.Sprintf("func (%s) %s%s", types.TypeString(recv, q), f.Name(), strings.TrimPrefix(types.TypeString(sig, q), "func"))
	}
	in := ""
	if owner != nil {
		in = " // in " + types.TypeString(owner, q)
	}
	return fmt.Sprintf("field %s %s%s", obj.Name(), types.TypeString(obj.Type(), q), in)
}

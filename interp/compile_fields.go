package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"gopherlab/interp/native"
)

// The unexported fields of a compiled cell's struct types, in interpreted
// cells. In a Go program the cells are one package, main, and p.x is
// within reach; yaegi reads and sets a compiled struct's fields through
// reflect, which refuses unexported ones. The compiled cell's package
// exports a function for each such field (native.FieldPointer, and
// native.FieldValue for a value with no address), and the rewrite makes
// each selector of one, as the type oracle tells it, a call:
//
//	p.x        (*_glcell1.GlField_point_x(&p))   p a variable: read, set, x++
//	&p.x       (_glcell1.GlField_point_x(&p))
//	pp.x       (*_glcell1.GlField_point_x(pp))   pp a *point
//	mk().x     (_glcell1.GlFieldOf_point_x(mk())) a value with no address
//
// a step each for a field reached through embedded fields or fields of
// fields (o.in.x). A struct literal that sets one becomes a function that
// sets the fields of a variable, as for generic literals
// (rewrite_genericlit.go):
//
//	point{1, 2}   func() (_glv _glcell1.point) { *_glcell1.GlField_point_x(&_glv) = 1; … ; return }()
//
// The oracle accepts these: it takes a compiled cell's package for a part
// of main (oracle.Importer.SetMainParts), whose unexported fields are
// main's.

// compiledAny tells whether the interpreter built a compiled cell: before
// it does, no code reaches a compiled struct type, and the rewrites of
// this file and compile_methods.go leave the oracle unasked.
func (r *rewriter) compiledAny() bool { return len(r.in.compiled.packages) > 0 }

// isCellPackage tells whether importPath is a compiled cell's package.
func isCellPackage(importPath string) bool {
	return strings.HasPrefix(importPath, modulePrefix) && strings.Contains(importPath, "/cells/")
}

// compiledStruct is the named type of t, a compiled cell's struct type,
// or nil when t is not one.
func compiledStruct(t types.Type) (*types.Named, *types.Struct) {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !isCellPackage(named.Obj().Pkg().Path()) {
		return nil, nil
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return nil, nil
	}
	return named, st
}

// fieldFunc is the name, in interpreted code, of the function of the
// compiled package of named (fields.go of native) that reaches its field;
// ok is false where the package has none.
func fieldFunc(named *types.Named, field string, pointer bool) (name string, ok bool) {
	fn := native.FieldValue(named.Obj().Name(), field)
	if pointer {
		fn = native.FieldPointer(named.Obj().Name(), field)
	}
	pkg := named.Obj().Pkg()
	return cellAlias(pkg.Name()) + "." + fn, pkg.Scope().Lookup(fn) != nil
}

// fieldStep is one field that a selector reaches, through embedded fields
// and the selectors of fields of fields (o.in.x): of struct type t, whose
// field index i it is, written by the selector of level (its place in
// the chain of selectors, the innermost first).
type fieldStep struct {
	t     types.Type
	i     int
	level int
}

// fieldChain is the chain of field selectors that sel ends, the innermost
// first, with the fields each reaches; nil where the oracle cannot tell
// them.
func (r *rewriter) fieldChain(sel *ast.SelectorExpr) (chain []*ast.SelectorExpr, steps []fieldStep) {
	checked := r.in.typeChecked(r.c)
	for cur := sel; ; {
		field, ok := r.objectOf(cur.Sel).(*types.Var)
		if !ok || !field.IsField() {
			break
		}
		chain = append([]*ast.SelectorExpr{cur}, chain...)
		inner, ok := ast.Unparen(cur.X).(*ast.SelectorExpr)
		if !ok {
			break
		}
		cur = inner
	}
	for level, s := range chain {
		x := r.typeOf(s.X)
		if x == nil {
			return nil, nil
		}
		_, path, _ := types.LookupFieldOrMethod(x, false, checked.Package(), s.Sel.Name)
		if path == nil {
			return nil, nil
		}
		t := x
		for _, i := range path {
			if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			st, ok := types.Unalias(t).Underlying().(*types.Struct)
			if !ok || i >= st.NumFields() {
				return nil, nil
			}
			steps = append(steps, fieldStep{t: x, i: i, level: level})
			t, x = st.Field(i).Type(), st.Field(i).Type()
		}
	}
	return chain, steps
}

// compiledField rewrites sel, when the chain of field selectors that it
// ends reaches an unexported field of a compiled cell's struct type,
// directly or through embedded fields. The selectors inside the chain are
// rewritten with it.
func (r *rewriter) compiledField(sel *ast.SelectorExpr) {
	if !r.compiledAny() || r.chainedFields[sel] {
		return
	}
	chain, steps := r.fieldChain(sel)
	if len(chain) == 0 {
		return
	}
	if r.chainedFields == nil {
		r.chainedFields = map[*ast.SelectorExpr]bool{}
	}
	for _, s := range chain {
		r.chainedFields[s] = true
	}
	root := chain[0].X
	tv, _ := r.in.typeChecked(r.c).TypeAndValue(r.off(root.Pos()), r.off(root.End()))
	addressable := tv.Addressable()
	amp, addressed := r.addressedFields[sel]
	opens := make([]string, len(steps))  // each step's text before its operand
	closes := make([]string, len(chain)) // each selector's text after its operand
	rewritten := false
	// leftPointer: the step before gave a pointer to the struct that it
	// reached, not the struct: yaegi cannot take the address of *f(…).
	leftPointer := false
	for k, step := range steps {
		t := step.t
		pointer := leftPointer
		if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
			t, pointer = p.Elem(), true
		}
		leftPointer = false
		f := types.Unalias(t).Underlying().(*types.Struct).Field(step.i)
		named, _ := compiledStruct(t)
		if named == nil || f.Exported() {
			closes[step.level] += "." + f.Name()
			addressable = addressable || pointer
			continue
		}
		fn, ok := fieldFunc(named, f.Name(), pointer || addressable)
		if !ok {
			r.fail(sel.Sel, "gopherlab cannot reach the unexported field "+f.Name()+" of "+named.Obj().Name()+", a compiled cell's struct type, here: "+
				"its package has no function for it (two fields' functions would share the name "+native.FieldPointer(named.Obj().Name(), f.Name())+"); export the field")
			return
		}
		rewritten = true
		if !pointer && !addressable {
			opens[k], closes[step.level] = "("+fn+"(", closes[step.level]+"))"
			continue
		}
		arg := "&"
		if star, ok := ast.Unparen(root).(*ast.StarExpr); ok && k == 0 && !pointer {
			// (*pp).x: pp itself, as yaegi cannot take &(*pp).
			r.replace(star.Pos(), star.X.Pos(), "")
			arg = ""
		}
		if pointer {
			arg = ""
		}
		if arg == "&" && k == 0 {
			r.addressCompiledVar(root) // rewrite_compiledvars.go
		}
		_, fieldPointer := types.Unalias(f.Type()).Underlying().(*types.Pointer)
		switch last := k == len(steps)-1; {
		case last && addressed:
			// &p.x is the pointer itself.
			r.replace(amp, amp+1, "")
			opens[k], closes[step.level] = "("+fn+"("+arg, closes[step.level]+"))"
		case last || fieldPointer:
			opens[k], closes[step.level] = "(*"+fn+"("+arg, closes[step.level]+"))"
		default:
			opens[k], closes[step.level] = fn+"("+arg, closes[step.level]+")"
			leftPointer = true
		}
		addressable = true
	}
	if !rewritten {
		return
	}
	var open strings.Builder
	for k := len(opens) - 1; k >= 0; k-- {
		open.WriteString(opens[k])
	}
	if r.startsStatement(root.Pos()) {
		// After the statement's bounds checks (rewrite_bounds.go),
		// which its later expressions may add.
		if at := r.off(root.Pos()); at >= 0 {
			r.late = append(r.late, edit{start: at, end: at, text: open.String()})
		} else {
			r.insert(root.Pos(), open.String()) // reports the place outside the cell
		}
	} else {
		r.insert(root.Pos(), open.String())
	}
	for level, s := range chain {
		r.replace(s.X.End(), s.End(), closes[level])
	}
}

// addressedField notes &sel, for compiledField.
func (r *rewriter) addressedField(u *ast.UnaryExpr) {
	sel, ok := ast.Unparen(u.X).(*ast.SelectorExpr)
	if !ok || u.Op != token.AND {
		return
	}
	if r.addressedFields == nil {
		r.addressedFields = map[*ast.SelectorExpr]token.Pos{}
	}
	r.addressedFields[sel] = u.OpPos
}

// compiledLiteral rewrites lit, a literal of a compiled cell's struct type
// that sets an unexported field, from start (its type, or the & of
// &T{…}, or its brace where the type is left out); pointer for &T{…} and
// an element of a []*T that leaves it out.
func (r *rewriter) compiledLiteral(lit *ast.CompositeLit, pointer bool, start token.Pos) {
	if !r.compiledAny() || len(lit.Elts) == 0 || r.literals[lit] {
		return
	}
	t := r.typeOf(lit)
	if t == nil {
		return
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem() // the type of an element of a []*T that leaves &T out
	}
	named, st := compiledStruct(t)
	if named == nil {
		return
	}
	// The field each element sets, in order.
	fields := make([]*types.Var, len(lit.Elts))
	hidden := false
	for i, e := range lit.Elts {
		var f *types.Var
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				return
			}
			for g := range st.Fields() {
				if g.Name() == key.Name {
					f = g
				}
			}
		} else if i < st.NumFields() {
			f = st.Field(i)
		}
		if f == nil {
			// In Go's words: yaegi's would be about the unexported
			// fields.
			r.fail(e, r.typeError(e))
			return
		}
		fields[i] = f
		hidden = hidden || !f.Exported()
	}
	if !hidden {
		return
	}
	if r.literals == nil {
		r.literals = map[*ast.CompositeLit]bool{}
	}
	r.literals[lit] = true
	typeText := cellAlias(named.Obj().Pkg().Name()) + "." + named.Obj().Name()
	head, tail := fieldSetter(typeText, pointer) // rewrite_genericlit.go
	if !start.IsValid() {
		start = lit.Lbrace
	}
	r.replace(start, lit.Lbrace+1, head)
	for i, e := range lit.Elts {
		value := e
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			value = kv.Value
			r.replace(kv.Pos(), kv.Value.Pos(), "")
		}
		target := "_glv." + fields[i].Name() + " = "
		if !fields[i].Exported() {
			fn, ok := fieldFunc(named, fields[i].Name(), true)
			if !ok {
				r.fail(value, "gopherlab cannot set the unexported field "+fields[i].Name()+" of "+named.Obj().Name()+", a compiled cell's struct type, here: "+
					"its package has no function for it (two fields' functions would share the name "+native.FieldPointer(named.Obj().Name(), fields[i].Name())+"); export the field")
				return
			}
			target = "*" + fn + "(&_glv) = "
		}
		r.insert(value.Pos(), target)
		end, text := lit.Rbrace, "; "
		if i+1 < len(lit.Elts) {
			end = lit.Elts[i+1].Pos()
		} else {
			end, text = lit.Rbrace+1, tail
		}
		r.replace(e.End(), end, text)
	}
}

// compiledLiterals rewrites the literals of compiled struct types in lit
// (compiledLiteral): lit itself, and its elements that leave their type
// out.
func (r *rewriter) compiledLiterals(lit *ast.CompositeLit) {
	if !r.compiledAny() {
		return
	}
	if lit.Type != nil {
		r.compiledLiteral(lit, false, lit.Type.Pos())
	}
	elemPointer := false
	if t := r.typeOf(lit); t != nil {
		switch u := types.Unalias(t).Underlying().(type) {
		case *types.Slice:
			_, elemPointer = types.Unalias(u.Elem()).(*types.Pointer)
		case *types.Array:
			_, elemPointer = types.Unalias(u.Elem()).(*types.Pointer)
		case *types.Map:
			_, elemPointer = types.Unalias(u.Elem()).(*types.Pointer)
		default:
			return
		}
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if inner, ok := e.(*ast.CompositeLit); ok && inner.Type == nil {
			r.compiledLiteral(inner, elemPointer, token.NoPos)
		}
	}
}

// addressedCompiledLiteral rewrites &T{…}, T a compiled struct type.
func (r *rewriter) addressedCompiledLiteral(u *ast.UnaryExpr) {
	if lit, ok := u.X.(*ast.CompositeLit); ok && u.Op == token.AND && lit.Type != nil {
		r.compiledLiteral(lit, true, u.Pos())
	}
}

// startsStatement tells whether a statement of the run starts at pos.
func (r *rewriter) startsStatement(pos token.Pos) bool {
	starts := false
	ast.Inspect(r.root, func(n ast.Node) bool {
		if st, ok := n.(ast.Stmt); ok && st.Pos() == pos {
			starts = true
		}
		return !starts
	})
	return starts
}

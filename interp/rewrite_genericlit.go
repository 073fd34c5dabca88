package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// yaegi v0.16.1 builds only the first composite literal of an instance of
// a generic struct type with two type parameters or more: every later one,
// keyed or not, of that instance or another, comes out as the zero value
// (P[string, int]{n: 3}.n is 0), with no error. Setting the fields of a
// zero value one by one works. So a non-empty literal of such a type,
// written with its type, becomes a function that does that:
//
//	P[string, int]{n: 3, m: nil}
//	func() (_glv P[string, int]) { _glv.n = 3; _glv.m = nil; return }()
//
// and &P[…]{…} returns the address of its variable. The elements keep their text and
// their order of evaluation. Literals whose type is left out (the elements
// of a []P[string, int]{{…}}) are rewritten with the type of their
// container.

// genericLiteral rewrites lit, if it is a non-empty literal of an instance
// of a cell's generic struct type with two type parameters or more, from
// start (its type, or the & of &P[…]{…}); typ is its type as the container
// gives it, for a literal that leaves it out. It tells whether it did.
func (r *rewriter) genericLiteral(lit *ast.CompositeLit, typ ast.Expr, pointer bool, start token.Pos) bool {
	if typ == nil {
		typ = lit.Type
	}
	fields, ok := r.multiGenericFields(typ)
	if !ok || len(lit.Elts) == 0 || r.literals[lit] {
		return false
	}
	if r.literals == nil {
		r.literals = map[*ast.CompositeLit]bool{}
	}
	r.literals[lit] = true
	typeText := r.source(typ)
	if typeText == "" {
		return false
	}
	head, tail := fieldSetter(typeText, pointer)
	if !start.IsValid() {
		start = lit.Lbrace
	}
	r.replace(start, lit.Lbrace+1, head)
	for i, e := range lit.Elts {
		name := ""
		value := e
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				return true // not a struct's literal: cannot be
			}
			name, value = key.Name, kv.Value
			r.replace(kv.Pos(), kv.Value.Pos(), "")
		} else if i < len(fields) {
			name = fields[i]
		} else {
			return true // more values than fields: the compiler says so
		}
		r.insert(value.Pos(), "_glv."+name+" = ")
		end := lit.Rbrace
		if i+1 < len(lit.Elts) {
			end = lit.Elts[i+1].Pos()
		}
		text := "; "
		if i+1 == len(lit.Elts) {
			text = tail
			end = lit.Rbrace + 1
		}
		r.replace(e.End(), end, text)
	}
	return true
}

// elidedLiterals rewrites the literals in lit, a slice, array or map
// literal, that leave out their type, an instance of a cell's generic
// struct type.
func (r *rewriter) elidedLiterals(lit *ast.CompositeLit) {
	if lit.Type == nil {
		return
	}
	var elem ast.Expr
	switch t := lit.Type.(type) {
	case *ast.ArrayType:
		elem = t.Elt
	case *ast.MapType:
		elem = t.Value
	default:
		return
	}
	pointer := false
	if star, ok := elem.(*ast.StarExpr); ok {
		elem, pointer = star.X, true
	}
	if _, ok := r.multiGenericFields(elem); !ok {
		return
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if inner, ok := e.(*ast.CompositeLit); ok && inner.Type == nil {
			r.genericLiteral(inner, elem, pointer, token.NoPos)
		}
	}
}

// multiGenericFields tells whether typ is an instance of a struct type that
// a cell declared with two type parameters or more, as the type oracle
// tells it (typecheck.go), and its fields' names in order. Where the
// oracle cannot resolve a name that a cell declares as a type, the cell
// is reported.
func (r *rewriter) multiGenericFields(typ ast.Expr) ([]string, bool) {
	t, ok := typ.(*ast.IndexListExpr)
	if !ok {
		return nil, false
	}
	id, ok := t.X.(*ast.Ident)
	if !ok {
		return nil, false
	}
	obj := r.objectOf(id)
	if obj == nil && r.cellTypeName(id.Name) {
		// Left as it is, the literal could be a zero value, silently.
		r.fail(typ, "gopherlab cannot tell whether "+r.source(typ)+" is an instance of a generic struct type with two type parameters or more, whose literals it must rewrite for yaegi ("+r.typeError(typ)+")")
		return nil, false
	}
	tn, ok := obj.(*types.TypeName)
	if !ok || tn.Pkg() == nil || tn.Pkg().Path() != "main" {
		return nil, false
	}
	named, ok := types.Unalias(tn.Type()).(*types.Named)
	if !ok || named.TypeParams().Len() < 2 {
		return nil, false
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return nil, false
	}
	var names []string
	for f := range st.Fields() {
		names = append(names, f.Name()) // an embedded field's is its type's
	}
	return names, true
}

// addressedLiteral rewrites &P[…]{…}.
func (r *rewriter) addressedLiteral(u *ast.UnaryExpr) {
	if lit, ok := u.X.(*ast.CompositeLit); ok && u.Op == token.AND && lit.Type != nil {
		r.genericLiteral(lit, nil, true, u.Pos())
	}
}

// cellTypeName tells whether name is a type that cells or this cell
// declare, as their declarations and tokens tell it.
func (r *rewriter) cellTypeName(name string) bool {
	if r.typeNames == nil {
		r.typeNames = cellTypeNames(r.c.src) // rewrite_new.go
	}
	if r.typeNames[name] {
		return true
	}
	r.in.mu.Lock()
	g, ok := r.in.globals[name]
	r.in.mu.Unlock()
	return ok && g.kind == "type"
}

// fieldSetter opens and closes the function that a literal of type
// typeText becomes, whose body sets the fields of a zero value _glv one by
// one and returns it, or its address where pointer (new(P[…]) trips
// yaegi's compiler: the address of a variable).
func fieldSetter(typeText string, pointer bool) (head, tail string) {
	if pointer {
		return "func() *" + typeText + " { var _glv " + typeText + "; ", "; return &_glv }()"
	}
	return "func() (_glv " + typeText + ") { ", "; return }()"
}

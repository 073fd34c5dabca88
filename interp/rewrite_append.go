package interp

import (
	"go/ast"
	"go/types"
)

// yaegi v0.16.1 spreads the one value appended to a slice of interfaces
// when that value is a slice of the same type: append(v, w) with v and w
// of type []any gives v with w's elements, where Go appends w itself, as
// one element (and with ... would spread it). So the value gets its
// conversion to the element type written out, which Go does implicitly:
//
//	append(v, w)  →  append(v, any(w))
//
// Which calls these are the type oracle says (typecheck.go); where it
// cannot, or where the element type cannot be written in the cell, the call
// is left as it is.
func (r *rewriter) appendedSlice(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "append" || len(call.Args) != 2 || call.Ellipsis.IsValid() {
		return
	}
	if obj := r.objectOf(id); obj != nil {
		if _, builtin := obj.(*types.Builtin); !builtin {
			return
		}
	}
	slice, value := r.typeOf(call.Args[0]), r.typeOf(call.Args[1])
	if slice == nil || value == nil || !types.Identical(slice, value) {
		return
	}
	s, ok := slice.Underlying().(*types.Slice)
	if !ok || !types.IsInterface(s.Elem()) {
		return
	}
	elem, ok := r.in.typeText(r.in.typeChecked(r.c), s.Elem())
	if !ok {
		return
	}
	r.insert(call.Args[1].Pos(), elem+"(")
	r.insert(call.Args[1].End(), ")")
}

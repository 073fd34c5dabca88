package interp

import (
	"go/ast"
	"go/types"
)

// An *encoding/json.Encoder's Encode is Go's own, compiled: given a value
// that holds yaegi's interface values (a cell's struct in an []any, a
// map[string]any, an any variable) it wrote {} for each, as json.Marshal
// did before jsonSymbols took the values out. Where the type oracle tells
// that the method is the Encoder's, the call becomes one of a compiled
// function that does the same with the values taken out (jsonEncode):
//
//	enc.Encode(v)  →  _gopherlab.JSONEncode(enc, v)
//
// A method value (f := enc.Encode) and an Encoder behind an interface
// keep Go's method.

// jsonEncodeCall rewrites a call of an Encoder's Encode.
func (r *rewriter) jsonEncodeCall(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Encode" || len(call.Args) != 1 {
		return
	}
	fn, ok := r.objectOf(sel.Sel).(*types.Func)
	if !ok || fn.FullName() != "(*encoding/json.Encoder).Encode" {
		return
	}
	if _, ptr := r.typeOf(sel.X).(*types.Pointer); !ptr {
		return // an Encoder variable, whose address Go takes
	}
	r.insert(sel.X.Pos(), cellPkgName+".JSONEncode(")
	r.replace(sel.X.End(), call.Lparen+1, ", ")
}

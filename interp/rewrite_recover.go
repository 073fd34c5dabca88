package interp

import (
	"go/ast"
	"go/types"
	"reflect"
)

// recoverCall rewrites recover() into _gopherlab.Recovered(recover()):
// yaegi hands recover the value of a panic of the cell's code wrapped in a
// reflect.Value, which no type assertion sees through (r.(error) and
// r.(string) fail), and runtime errors in reflect's words. A go or defer
// statement's own call of recover is left alone: a deferred recover() is
// called by no deferred function, which Go says recovers nothing.
func (r *rewriter) recoverCall(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "recover" || id.Obj != nil || len(call.Args) != 0 || r.goDeferCalls[call] {
		return
	}
	// A cell's own function or variable named recover is left alone:
	// where the oracle cannot tell, the call is Go's.
	if obj := r.objectOf(id); obj != nil {
		if _, builtin := obj.(*types.Builtin); !builtin {
			return
		}
	}
	r.insert(call.Pos(), cellPkgName+".Recovered(")
	r.insert(call.End(), ")")
}

// recovered is _gopherlab.Recovered (see recoverCall): the panic's value
// as Go's recover gives it.
func recovered(r any) any {
	if v, ok := r.(reflect.Value); ok {
		if !v.IsValid() || !v.CanInterface() {
			return nil
		}
		r = v.Interface()
	}
	return goRuntimeError(r)
}

package interp

import (
	"go/ast"
	"go/types"
)

// yaegi v0.16.1's type switch that binds a variable, switch x := v.(type),
// matches no case of a concrete type when v is a variable of type any
// holding yaegi's valueInterface, as it holds every value of a type a cell
// declares with methods (and every struct type of a cell's has one,
// celltypes.go): its clause looks for the value's type on the reflect
// type of the interface (interface {}) and never gets to the
// valueInterface's own type, so that the switch takes default. The switch
// that binds nothing compares that type, the interpreter's, with the
// case's. So such a switch, where a case names a type of the cells', binds
// nothing, and each clause binds its variable itself, by the assertion
// that Go's binding means:
//
//	switch x := v.(type) { case shape: A; case bare, C: B; default: D }
//	→ switch _glts9 := v; _glts9.(type) {
//	  case shape: x := _glts9.(shape); _ = x; A
//	  case bare, C: x := _glts9; _ = x; B
//	  default: x := _glts9; _ = x; D }
//
// A switch with an init statement of its own is left as it is, and so is
// one with a case of an interface type or of a pointer type: the switch
// that binds nothing never matches an interface for a valueInterface (it
// compares the types' names), where the one that binds looks for the
// methods, nor a pointer that yaegi keeps as reflect has it (a pointer to
// a cell's struct type: it compares the reflect type's name, *struct {…},
// with the case's), which the one that binds matches.

// typeSwitch rewrites n as above where it needs it.
func (r *rewriter) typeSwitch(n *ast.TypeSwitchStmt) {
	assign, ok := n.Assign.(*ast.AssignStmt)
	if !ok || n.Init != nil || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
		return
	}
	x, ok := assign.Lhs[0].(*ast.Ident)
	ta, ok2 := assign.Rhs[0].(*ast.TypeAssertExpr)
	if !ok || !ok2 || x.Name == "_" {
		return
	}
	needed := false
	for _, s := range n.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			t := r.typeOf(e)
			if t == nil {
				return
			}
			if types.IsInterface(t) {
				return // see above
			}
			if _, ok := t.(*types.Pointer); ok {
				return // see above
			}
			if r.cellsNamed(t) {
				needed = true
			}
		}
	}
	if !needed {
		return
	}
	v := r.hidden("ts", n.Pos())
	r.replace(assign.Pos(), ta.X.Pos(), v+" := ")
	r.replace(ta.X.End(), assign.End(), "; "+v+".(type)")
	for _, s := range n.Body.List {
		cc := s.(*ast.CaseClause)
		bind := v
		if len(cc.List) == 1 {
			if id, ok := cc.List[0].(*ast.Ident); !ok || id.Name != "nil" || r.objectOf(id) != types.Universe.Lookup("nil") {
				bind = v + ".(" + r.source(cc.List[0]) + ")"
			}
		}
		r.insert(cc.Colon+1, " "+x.Name+" := "+bind+"; _ = "+x.Name+";")
	}
}

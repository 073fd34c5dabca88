package interp

import (
	"go/ast"
)

// cellDefers follows each defer statement at the top level of a cell with a
// call of Deferred, which makes the deferred call the cell's (defers.go).
// A defer in a block at the top level (for, if, switch, { … }) would be
// the cell's too in Go, but such a block runs in a function literal of its
// own (see segment.block), whose end would run it: it is reported instead.
func (r *rewriter) cellDefers(body *ast.BlockStmt) {
	for _, s := range body.List {
		switch s := s.(type) {
		case *ast.DeferStmt:
			r.insert(s.End(), "; "+cellPkgName+".Deferred()")
		case *ast.ExprStmt:
			call, ok := s.X.(*ast.CallExpr)
			if !ok {
				continue
			}
			lit, ok := call.Fun.(*ast.FuncLit)
			if !ok || r.off(lit.Pos()) >= 0 {
				continue // not the wrapper of a block (see parseWith)
			}
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false // its defers are its own
				case *ast.DeferStmt:
					r.fail(n, "defer in a block at the top level of a cell is not supported: "+
						"move it out of the block, or the block into a function")
				}
				return true
			})
		}
	}
}

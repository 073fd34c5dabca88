package oracle

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
)

// dropPartLiterals drops the errors of positional literals of a main
// part's struct types (Importer.SetMainParts) that set unexported fields:
// go/types tells there whether a field is the checked package's by the
// identity of its package, where it compares paths everywhere else, so
// point{1, 2} of a compiled cell's point is an error to it that Go would
// not report in one package, and that would stand for another error of
// the cell.
func (c *Checked) dropPartLiterals() {
	im, ok := c.s.imp.(*Importer)
	if !ok || im.mainParts == nil {
		return
	}
	c.errs = slices.DeleteFunc(c.errs, func(e Error) bool {
		if !strings.HasPrefix(e.Msg, "implicit assignment to unexported field ") {
			return false
		}
		lit := c.literalOf(e)
		if lit == nil {
			return false
		}
		t := c.info.Types[lit].Type
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		return ok && named.Obj().Pkg() != nil && im.mainPart(named.Obj().Pkg().Path())
	})
}

// literalOf is the composite literal of the cell one of whose elements is
// where e is, or nil.
func (c *Checked) literalOf(e Error) *ast.CompositeLit {
	var found *ast.CompositeLit
	for _, p := range c.pieces {
		ast.Inspect(p.file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok && found == nil {
				for _, elt := range lit.Elts {
					if elt.Pos() == e.pos {
						found = lit
					}
				}
			}
			return found == nil
		})
	}
	return found
}

package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// yaegi v0.16.1 evaluates the channel of a select's case before the
// select, but not that of a case that receives two values, "case v, ok :=
// <-s.c": where the channel is no name, which yaegi holds without code
// to run, the case waits on a nil channel, without a word: the select
// takes its default, or blocks for ever. A compiled cell's channel field
// or element, which the rewrites reach through its package, is one. The
// select runs inside a switch whose init evaluates those channels into
// variables of its own, which the cases receive from:
//
//	select { case v, ok := <-s.c: … }  →  switch _glC := s.c; { default: select { case v, ok := <-_glC: … } }
//
// Go evaluates every case's channel, and the value each sends, on entering
// the select, in the order of the cases; the others are left where they
// are only where they call nothing and receive nothing, so that the order
// cannot show; a select where one does is reported. A break, labelled or
// not, still leaves the select, and the switch with it.
//
// Such a case with no statement yaegi takes for no case at all, and
// panics ("reflect.Select: invalid Dir"): it gets an empty block.

// selectStmt rewrites s, where a case receives two values from what is no
// name.
func (r *rewriter) selectStmt(s *ast.SelectStmt) {
	var lost []ast.Expr // the channels that yaegi would not evaluate
	var others []ast.Expr
	for _, st := range s.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok {
			continue
		}
		switch c := cc.Comm.(type) {
		case *ast.SendStmt:
			others = append(others, c.Chan, c.Value)
		case *ast.ExprStmt:
			if u, ok := ast.Unparen(c.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				others = append(others, u.X)
			}
		case *ast.AssignStmt:
			u, ok := ast.Unparen(c.Rhs[0]).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				continue
			}
			if _, name := ast.Unparen(u.X).(*ast.Ident); len(c.Lhs) == 2 && !name {
				lost = append(lost, u.X)
			} else {
				others = append(others, u.X)
			}
		}
	}
	for _, st := range s.Body.List {
		if cc, ok := st.(*ast.CommClause); ok && len(cc.Body) == 0 {
			if a, ok := cc.Comm.(*ast.AssignStmt); ok && len(a.Lhs) == 2 {
				r.insert(cc.Colon+1, " {}")
			}
		}
	}
	if len(lost) == 0 {
		return
	}
	for _, x := range others {
		if !pure(x) {
			r.fail(x, fmt.Sprintf("gopherlab cannot run this select: yaegi loses the channel of a case that receives two values from what is no name (%s), which gopherlab evaluates before the select, and that would change the order of this call or receive; assign the channels to variables before the select",
				r.source(lost[0])))
			return
		}
	}
	var names, values []string
	for _, x := range lost {
		name := r.hidden("C", x.Pos())
		names, values = append(names, name), append(values, r.moved(x))
		r.replace(x.Pos(), x.End(), name)
		r.skip[x] = true // moved whole, with the compiled variables in it replaced
	}
	r.insert(s.Select, "switch "+strings.Join(names, ", ")+" := "+strings.Join(values, ", ")+"; { default: ")
	r.post = append(r.post, func() { r.insert(s.End(), " }") })
}

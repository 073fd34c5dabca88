package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// A compiled cell's variable is the compiled one, shared with the
// interpreter (compile_vars.go): an interpreted cell that names it, where
// the type oracle says the name is that variable, reaches it through the
// cell's package, which the cell that declared the compiled names in the
// interpreter imported as _glcellN:
//
//	count = 10    →  *&_glcell3.count = 10
//	p := &count   →  p := &_glcell3.count
//	count + 1     →  (*&_glcell3.count) + 1
//
// yaegi v0.16.1 reads and addresses a compiled package's variable, but an
// assignment to _glcell3.count is an error ("cannot assign to … constant")
// and one of a struct or slice is lost without a word; through *& it is
// made. A parenthesised target, (count) = …, loses its parentheses: yaegi
// drops an assignment to (*&_glcell3.pt) too.
//
// The passes that copy the text of an expression (rewrite_bounds.go's
// len(xs), rewrite_builtins.go's arguments) copy it with these
// replacements (source); where a pass replaces a piece whole, its copy
// holds them.

// compiledVarUse is the replacement of one use of a compiled variable:
// the cell's bytes [start, end) become text.
type compiledVarUse struct {
	start, end int
	text       string
}

// findCompiledVars finds the uses of compiled variables in the run root,
// before the passes run, or reports a use it cannot tell.
func (r *rewriter) findCompiledVars(root ast.Node) {
	r.in.mu.Lock()
	shared := map[string]compiledName{}
	for name, cn := range r.in.compiledNames {
		if cn.kind == "var" {
			shared[name] = cn
		}
	}
	r.in.mu.Unlock()
	if len(shared) == 0 {
		return
	}
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, ok := n.(*ast.Ident); ok {
			if cn, ok := shared[id.Name]; ok {
				r.compiledVarUse(id, cn, stack)
			}
		}
		stack = append(stack, n)
		return true
	})
}

// compiledVarUse records the replacement of id, a name of compiled
// variable cn, where it is that variable; stack holds id's ancestors.
func (r *rewriter) compiledVarUse(id *ast.Ident, cn compiledName, stack []ast.Node) {
	parent := func(i int) ast.Node {
		if i < 0 {
			return nil
		}
		return stack[i]
	}
	// A selector's name, a field's, a key of a struct literal: not the
	// variable whatever the oracle says.
	switch p := parent(len(stack) - 1).(type) {
	case *ast.SelectorExpr:
		if p.Sel == id {
			return
		}
	case *ast.KeyValueExpr:
		if p.Key == id && r.objectOf(id) == nil {
			return
		}
	case *ast.Field, *ast.LabeledStmt, *ast.BranchStmt:
		return
	}
	obj := r.objectOf(id)
	if obj == nil {
		// The oracle cannot tell (the cell does not type-check): the
		// copy the interpreter holds must not be what the cell uses.
		p := r.fset.Position(id.Pos())
		r.fail(id, fmt.Sprintf("gopherlab cannot tell whether %s here is the variable of %s, a compiled cell, which interpreted code reaches through its package (the cell does not type-check: %s)",
			id.Name, cn.cell, r.typeErrorAt(p)))
		return
	}
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() || r.in.typeChecked(r.c).Declared(v) {
		return // a local, a field, or the cell's own declaration of the name
	}
	if r.compiledVars == nil {
		r.compiledVars = map[int]compiledVarUse{}
	}
	// The outermost parentheses around the name, and what holds them.
	top, i := ast.Node(id), len(stack)-1
	for ; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		top = stack[i]
	}
	qualified := cellAlias(cn.pkg) + "." + id.Name
	use := compiledVarUse{start: r.off(id.Pos()), end: r.off(id.End()), text: "(*&" + qualified + ")"}
	switch p := parent(i).(type) {
	case *ast.UnaryExpr:
		switch {
		case p.Op == token.AND:
			use = compiledVarUse{start: r.off(top.Pos()), end: r.off(top.End()), text: qualified}
		case p.Op == token.ARROW && selectRecv(p, stack[:i]):
			// yaegi's select fails "case v := <-(*&_glcell1.ch)" ("receive
			// from non-chan type"); it receives from _glcell1.ch.
			use = compiledVarUse{start: r.off(top.Pos()), end: r.off(top.End()), text: qualified}
		}
	case *ast.AssignStmt:
		if p.Tok != token.DEFINE && slices.Contains(p.Lhs, ast.Expr(top.(ast.Expr))) {
			use = compiledVarUse{start: r.off(top.Pos()), end: r.off(top.End()), text: "*&" + qualified}
		}
	case *ast.IncDecStmt:
		use = compiledVarUse{start: r.off(top.Pos()), end: r.off(top.End()), text: "*&" + qualified}
	case *ast.RangeStmt:
		// A target: the range rewrites (rewrite_rangeassign.go,
		// rewrite_loops.go) assign it in the loop's body.
		if p.Key == top || p.Value == top {
			use = compiledVarUse{start: r.off(top.Pos()), end: r.off(top.End()), text: "*&" + qualified}
		}
	}
	if use.start < 0 || use.end < use.start {
		r.fail(id, "gopherlab could not rewrite this code for the interpreter (a rewrite of a place outside the cell); this is a bug of gopherlab, not of the cell")
		return
	}
	r.compiledVars[use.start] = use
}

// selectRecv tells whether receive x, whose ancestors are stack, is the
// communication of a select's case: case <-x, case v := <-x.
func selectRecv(x *ast.UnaryExpr, stack []ast.Node) bool {
	n := len(stack)
	if n < 2 {
		return false
	}
	var comm ast.Stmt
	switch s := stack[n-1].(type) {
	case *ast.ExprStmt:
		if s.X != x {
			return false
		}
		comm = s
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 || s.Rhs[0] != x {
			return false
		}
		comm = s
	default:
		return false
	}
	cc, ok := stack[n-2].(*ast.CommClause)
	return ok && cc.Comm == comm
}

// addressCompiledVar turns x, where it is a use of a compiled cell's
// variable, into the variable's selector, _glcellN.v, for a rewrite that
// takes its address (compile_fields.go, compile_methods.go): yaegi cannot
// take the address of (*&_glcellN.v), the form that reads it.
func (r *rewriter) addressCompiledVar(x ast.Expr) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return
	}
	at := r.off(id.Pos())
	if use, ok := r.compiledVars[at]; ok && strings.HasPrefix(use.text, "(*&") {
		use.text = strings.TrimSuffix(strings.TrimPrefix(use.text, "(*&"), ")")
		r.compiledVars[at] = use
	}
}

// typeErrorAt is the oracle's first error of the cell, for a message.
func (r *rewriter) typeErrorAt(p token.Position) string {
	errs := r.in.typeChecked(r.c).Errors()
	if len(errs) == 0 {
		return "it has no type error that gopherlab knows of"
	}
	return errs[0].Msg
}

// compiledVarEdits makes the replacements of the uses of compiled
// variables that no pass replaced with a piece around them: those copied
// them with source, with the replacements.
func (r *rewriter) compiledVarEdits() {
	for _, use := range r.compiledVars {
		covered := slices.ContainsFunc(r.edits, func(e edit) bool {
			return e.start < e.end && e.start <= use.start && use.end <= e.end
		})
		if !covered {
			r.edits = append(r.edits, edit{start: use.start, end: use.end, text: use.text})
		}
	}
}

// withCompiledVars is the cell's bytes [a, b) with the replacements of the
// uses of compiled variables within them.
func (r *rewriter) withCompiledVars(a, b int) string {
	text := r.c.src[a:b]
	if len(r.compiledVars) == 0 {
		return text
	}
	var uses []compiledVarUse
	for _, u := range r.compiledVars {
		if a <= u.start && u.end <= b {
			uses = append(uses, u)
		}
	}
	slices.SortFunc(uses, func(x, y compiledVarUse) int { return x.start - y.start })
	out, last := "", a
	for _, u := range uses {
		out += r.c.src[last:u.start] + u.text
		last = u.end
	}
	return out + r.c.src[last:b]
}

// asWritten is msg, which may quote the cell's code as source gives it,
// with the uses of compiled variables as the cell wrote them.
func (r *rewriter) asWritten(msg string) string {
	for _, u := range r.compiledVars {
		msg = strings.ReplaceAll(msg, u.text, r.c.src[u.start:u.end])
	}
	return msg
}

package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// The loops of Go 1.22 and 1.23 that yaegi v0.16.1 lacks: range over an
// integer and over a function, and variables of their own for each
// iteration, which yaegi shares between iterations, so that a closure that
// captures the loop variable sees its last value.

// rangeStmt rewrites a range statement over an integer or a function, and
// gives the variables of any other its per-iteration copies. What it
// ranges over, the type oracle tells (typecheck.go); where it cannot (the
// code has a type error there), the statement is reported rather than
// left to yaegi, which fails on a range over an integer or a function
// without saying where.
func (r *rewriter) rangeStmt(s *ast.RangeStmt) {
	kind, arity := typeRange(r.typeOf(s.X)) // typecheck.go
	switch kind {
	case overUnknown:
		r.fail(s.X, fmt.Sprintf("cannot range over %s: gopherlab cannot tell its type, which it needs to know for a range "+
			"over an integer (Go 1.22) or a function (Go 1.23 iterators): %s", r.source(s.X), r.typeError(s.X)))
	case overNothing:
		r.fail(s.X, fmt.Sprintf("cannot range over %s (value of type %s)", r.source(s.X), r.typeOf(s.X)))
	case overInt:
		r.rangeInt(s)
	case overFunc:
		r.rangeFunc(s, arity)
	default:
		r.rangeAssign(s) // rewrite_rangeassign.go
		r.rangeVars(s)
	}
}

// rangeInt rewrites "for i := range n { … }" into
//
//	for _glN := n; ; { for i := _glN ^ _glN; i < _glN; i++ { … }; break }
//
// n is evaluated once, and i has n's type (int for a constant); the zero
// of that type is _glN ^ _glN, which compiles for integers only. When the
// body assigns i, takes its address or captures it in a closure, the inner
// loop counts with a variable of its own and each iteration begins with
// "i := _glI". The outer loop, which runs once, holds n where the user
// wrote it; it takes the statement's label, so that "continue L" goes to a
// label the inner loop gets and "break L" ends both.
func (r *rewriter) rangeInt(s *ast.RangeStmt) {
	if s.Value != nil {
		return // for i, j := range n: the compiler says it is wrong
	}
	key, ok := s.Key.(*ast.Ident)
	if s.Key != nil && !ok {
		r.fail(s.Key, "range over an integer (Go 1.22): assigning to anything but a variable is not supported; range into a variable and assign from it")
		return
	}
	if key != nil && key.Name == "_" {
		key = nil
	}
	n, i := r.hidden("N", s.For), r.hidden("I", s.For)
	assign := key != nil && s.Tok == token.ASSIGN
	start := s.Range
	if s.Key != nil {
		start = s.Key.Pos()
	}
	head, closing := n+" := ", ""
	// target is the variable assigned as the rewrites write it: a
	// compiled cell's, through its package (rewrite_compiledvars.go).
	target := ""
	if assign {
		target = r.source(key)
		// The values have the type of the variable assigned.
		head += target + " ^ " + target + " + ("
		closing = ")"
	}
	r.replace(start, s.X.Pos(), head)

	counter, bind := i, ""
	if key != nil {
		u := uses(s.Body, []string{key.Name})[key.Name]
		switch {
		case assign:
			bind = target + " = " + i + "; "
		case u.captured || u.written:
			bind = key.Name + " := " + i + "; "
			r.snapshots(s.Body, []string{key.Name})
		default:
			counter = key.Name
		}
	}
	inner := "for " + counter + " := " + n + " ^ " + n + "; " + counter + " < " + n + "; " + counter + "++ {"
	if label := r.labels[s]; label != "" && r.relabel(s.Body, label, r.hidden("L", s.For)) {
		inner = r.hidden("L", s.For) + ": " + inner
	}
	end := "; break }"
	if bind != "" {
		// The body is a block of its own, where it may declare a
		// variable of the same name again (i := i, as before Go 1.22).
		bind += "{"
		end = "}" + end
	}
	r.replace(s.X.End(), s.Body.Lbrace+1, closing+"; ; { "+inner+" "+bind)
	r.post = append(r.post, func() { r.insert(s.Body.Rbrace+1, end) })
}

// rangeFunc rewrites "for k, v := range seq { … }" into
//
//	for _glS := seq; ; {
//		_glP := _gopherlab.Pull(_glS); defer _glP.Stop()
//		for { _glA, _glB, _glOK := _glP.Next(); if !_glOK { break }
//			k, v := _glElem2(_glS, _glA, _glB); … }
//		_glP.Stop(); break
//	}
//
// on one line, where seq was. The iterator runs on a goroutine of its own,
// yielding one value each time the loop asks (see puller): the loop body
// stays a loop body, so break, continue, return, goto and defer mean in it
// what they mean in Go. An iterator that the loop leaves early is told so
// after a break, and by the deferred Stop when the function returns.
// _glElem2 gives the values the types seq's signature says.
func (r *rewriter) rangeFunc(s *ast.RangeStmt, arity int) {
	key, ok1 := s.Key.(*ast.Ident)
	value, ok2 := s.Value.(*ast.Ident)
	if (s.Key != nil && !ok1) || (s.Value != nil && !ok2) {
		r.fail(s.Key, "range over function (Go 1.23 iterators): assigning to anything but variables is not supported; range into variables and assign from them")
		return
	}
	seq, puller, ok := r.hidden("S", s.For), r.hidden("P", s.For), r.hidden("OK", s.For)
	a, b := r.hidden("A", s.For), r.hidden("B", s.For)
	start := s.Range
	if s.Key != nil {
		start = s.Key.Pos()
	}
	r.replace(start, s.X.Pos(), seq+" := ")
	if fn := r.unnamedIterator(s.X); fn != "" {
		r.insert(s.X.Pos(), "("+fn+")(") // a func type converting needs parentheses
		r.insert(s.X.End(), ")")
	}

	name := func(id *ast.Ident) string {
		switch {
		case id == nil:
			return "_"
		case s.Tok == token.ASSIGN:
			return r.source(id) // a compiled variable through its package
		}
		return id.Name
	}
	define := " := "
	if s.Tok == token.ASSIGN {
		define = " = "
	}
	bind := ""
	switch {
	case arity == 1 && key != nil && key.Name != "_":
		bind = name(key) + define + "_glElem(" + seq + ", " + a + "); "
	case arity == 2 && (key != nil && key.Name != "_" || value != nil && value.Name != "_"):
		bind = name(key) + ", " + name(value) + define + "_glElem2(" + seq + ", " + a + ", " + b + "); "
	default:
		a, b = "_", "_"
	}
	if arity < 2 {
		b = "_"
	}
	if s.Tok == token.DEFINE {
		var vars []string
		for _, id := range []*ast.Ident{key, value} {
			if id != nil && id.Name != "_" {
				vars = append(vars, id.Name)
			}
		}
		r.snapshots(s.Body, vars)
	}
	inner := "for { " + a + ", " + b + ", " + ok + " := " + puller + ".Next(); if !" + ok + " { break }; " + bind
	if label := r.labels[s]; label != "" && r.relabel(s.Body, label, r.hidden("L", s.For)) {
		inner = r.hidden("L", s.For) + ": " + inner
	}
	end := "; " + puller + ".Stop(); break }"
	if bind != "" {
		inner += "{" // a block of the body's own, as in rangeInt
		end = "}" + end
	}
	r.replace(s.X.End(), s.Body.Lbrace+1,
		"; ; { "+puller+" := "+cellPkgName+".Pull("+seq+"); defer "+puller+".Stop(); "+inner)
	r.post = append(r.post, func() { r.insert(s.Body.Rbrace+1, end) })
}

// rangeVars gives the variables a range statement declares a copy of
// their own at the start of each iteration, where the body captures them
// in a closure or takes their address: the range assigns them anew each
// time, whatever the body did, so the copy is all that Go 1.22 changed.
func (r *rewriter) rangeVars(s *ast.RangeStmt) {
	if s.Tok != token.DEFINE {
		return
	}
	var names []string
	for _, x := range []ast.Expr{s.Key, s.Value} {
		if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	var copied []string
	for name, u := range uses(s.Body, names) {
		if u.captured {
			copied = append(copied, name)
		}
	}
	if len(copied) > 0 {
		list := strings.Join(copied, ", ")
		r.insert(s.Body.Lbrace+1, " "+list+" := "+list+"; {")
		r.post = append(r.post, func() { r.insert(s.Body.Rbrace, "}") })
		r.snapshots(s.Body, copied)
	}
}

// forStmt gives the variables that a three-clause loop declares a copy of
// their own in each iteration, where the body captures them. A copy that
// the body may also assign is written back to the loop's variable at the
// end of each iteration, and before each continue, for the condition and
// the post statement to see, as Go 1.22 copies the variable at the end of
// each iteration:
//
//	for i := 0; i < n; i++ { _glO := &i; i := *_glO; _glQ := &i; { … }; *_glO = *_glQ }
//
// A copy costs yaegi time (a loop of simple statements runs about three
// times slower), which is why only captured variables get one.
func (r *rewriter) forStmt(s *ast.ForStmt) {
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return
	}
	var names []string
	for _, x := range init.Lhs {
		if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	var (
		copied       []string
		outer, inner []string // the pointers of the variables written back
		head         strings.Builder
	)
	use := uses(s.Body, names)
	for _, name := range names {
		u := use[name]
		switch {
		case !u.captured:
		case !u.written:
			copied = append(copied, name)
		default:
			o, q := r.hidden("O", s.For)+"_"+name, r.hidden("Q", s.For)+"_"+name
			head.WriteString(o + " := &" + name + "; " + name + " := *" + o + "; " + q + " := &" + name + "; ")
			outer, inner = append(outer, "*"+o), append(inner, "*"+q)
		}
	}
	if len(copied) > 0 {
		list := strings.Join(copied, ", ")
		head.WriteString(list + " := " + list + "; ")
	}
	if head.Len() == 0 {
		return
	}
	// The body is a block of its own, where it may declare a variable of
	// the same name again (i := i, as before Go 1.22).
	r.insert(s.Body.Lbrace+1, " "+head.String()+"{")
	r.snapshots(s.Body, names)
	if len(outer) == 0 {
		r.post = append(r.post, func() { r.insert(s.Body.Rbrace, "}") })
		return
	}
	back := strings.Join(outer, ", ") + " = " + strings.Join(inner, ", ")
	for _, br := range branches(s.Body, r.labels[s], token.CONTINUE, true) {
		r.replace(br.Pos(), br.End(), "{ "+back+"; "+r.source(br)+" }")
	}
	r.post = append(r.post, func() { r.insert(s.Body.Rbrace, "}; "+back+"; ") })
}

// snapshots makes the closures in body that refer to the variables names
// and that are passed to a function that may be compiled capture the
// variables' values of the iteration. yaegi gives compiled code a closure
// that reads its variables from the frame where it was passed, which the
// next iteration reuses, unless the closure was made a value first (see
// yaegi's getFunc): time.AfterFunc(d, func() { … i … }) in a loop would
// see the last i. Passed through the generic identity _glId, the closure
// is a value first. yaegi's defer has the same flaw, and deferred closure
// values in a loop hang it, so deferred closures are left as they are.
func (r *rewriter) snapshots(body *ast.BlockStmt, names []string) {
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if _, ok := call.Fun.(*ast.SelectorExpr); !ok {
			return true // a builtin, or a function of the cells'
		}
		for _, a := range call.Args {
			lit, ok := a.(*ast.FuncLit)
			if !ok {
				continue
			}
			for _, u := range uses(lit, names) {
				if u.captured || u.written {
					r.insert(lit.Pos(), "_glId(")
					r.insert(lit.End(), ")")
					break
				}
			}
		}
		return true
	})
}

// relabel gives the continue and break statements of body that name label
// the label to instead, and tells whether there were any.
func (r *rewriter) relabel(body *ast.BlockStmt, label, to string) bool {
	found := false
	for _, tok := range []token.Token{token.CONTINUE, token.BREAK} {
		for _, br := range branches(body, label, tok, false) {
			r.replace(br.Label.Pos(), br.Label.End(), to)
			found = true
		}
	}
	return found
}

// branches are the branch statements tok of body that name label, and
// with unlabelled, those without a label that belong to the loop whose
// body it is: outside the loops nested in it (and for break, outside the
// switch and select statements too). Function literals are another world.
func branches(body *ast.BlockStmt, label string, tok token.Token, unlabelled bool) []*ast.BranchStmt {
	var (
		out    []*ast.BranchStmt
		inner  int    // the loops (or, for break, also switches) open
		opened []bool // whether each node open counts in inner
	)
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			if opened[len(opened)-1] {
				inner--
			}
			opened = opened[:len(opened)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == tok && ((n.Label == nil && unlabelled && inner == 0) || (n.Label != nil && n.Label.Name == label)) {
				out = append(out, n)
			}
		}
		counts := false
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			counts = true
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			counts = tok == token.BREAK
		}
		if counts {
			inner++
		}
		opened = append(opened, counts)
		return true
	})
	return out
}

// varUse is what a loop body does with a loop variable.
type varUse struct {
	// captured: a closure refers to it, or its address is taken; the
	// variable may outlive the iteration.
	captured bool
	// written: it may change in the body: assigned, incremented, its
	// address taken, a method called on it (which may have a pointer
	// receiver).
	written bool
}

// uses tells what body does with each of the variables names. It is
// conservative: a closure's own variable of the same name counts.
func uses(body ast.Node, names []string) map[string]*varUse {
	m := map[string]*varUse{}
	for _, n := range names {
		m[n] = &varUse{}
	}
	closures := 0
	var open []bool // whether each node open is a closure
	note := func(x ast.Expr, escapes bool) {
		if u := m[rootName(x)]; u != nil {
			u.written = true
			u.captured = u.captured || escapes || closures > 0
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			if open[len(open)-1] {
				closures--
			}
			open = open[:len(open)-1]
			return true
		}
		_, closure := n.(*ast.FuncLit)
		if closure {
			closures++
		}
		open = append(open, closure)
		switch n := n.(type) {
		case *ast.Ident:
			if u := m[n.Name]; u != nil && closures > 0 {
				u.captured = true
			}
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					note(l, false)
				}
			}
		case *ast.IncDecStmt:
			note(n.X, false)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if x != nil {
						note(x, false)
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				note(n.X, true)
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				note(sel.X, true)
			}
		}
		return true
	})
	return m
}

// rootName is the variable that x is part of: v for v, v.f, v[i], v[i:j].
func rootName(x ast.Expr) string {
	for {
		switch y := x.(type) {
		case *ast.Ident:
			return y.Name
		case *ast.SelectorExpr:
			x = y.X
		case *ast.IndexExpr:
			x = y.X
		case *ast.SliceExpr:
			x = y.X
		case *ast.ParenExpr:
			x = y.X
		default:
			return ""
		}
	}
}

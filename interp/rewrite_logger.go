package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"log"
	"slices"
)

// A cell's *log.Logger is Go's own (stdsymbols.go): its Fatal methods call
// the real os.Exit, which would end the kernel's process, and yaegi calls
// its formatting methods with the cell's values unwrapped, so that their
// String methods go unseen (yaegi wraps them for the functions of its
// MapTypes only). Where the type oracle tells that the receiver is a
// logger, loggerCall rewrites the calls of these methods into calls
// of compiled functions that do the same and are in the MapTypes
// (interp.go), with os.Exit as a cell's:
//
//	l.Fatalf("bad %d", n)  →  _gopherlab.LoggerFatalf(l, "bad %d", n)
//
// and loggerValue a method value of Fatal… (f := l.Fatal) into the method
// of a logger whose Fatal… end the cell (_gopherlab.Logger(l).Fatal). The
// methods a struct promotes from an embedded logger are rewritten too
// (s.Fatal(…) → _gopherlab.LoggerFatal(s.Logger, …)). A logger behind an
// interface, or in a cell the oracle cannot check, keeps Go's methods:
// its Fatal ends the kernel's process, which the supervisor reports.

// loggerMethods are the *log.Logger methods that loggerCall rewrites.
var loggerMethods = map[string]bool{
	"Fatal": true, "Fatalf": true, "Fatalln": true,
	"Panic": true, "Panicf": true, "Panicln": true,
	"Print": true, "Printf": true, "Println": true,
}

// loggerFuncs are the functions the calls of loggerMethods become, under
// the names cells call them by: Go's methods, printing the values of
// cells' struct types as Go does (m, cellfmt.go).
func loggerFuncs(m *cellMethods) map[string]any {
	return map[string]any{
		"Fatal":   func(l *log.Logger, v ...any) { loggerFatal(m, l, v...) },
		"Fatalf":  func(l *log.Logger, format string, v ...any) { loggerFatalf(m, l, format, v...) },
		"Fatalln": func(l *log.Logger, v ...any) { loggerFatalln(m, l, v...) },
		"Panic":   func(l *log.Logger, v ...any) { l.Panic(m.args(v)...) },
		"Panicf": func(l *log.Logger, format string, v ...any) {
			format, v = m.format(format, v)
			l.Panicf(format, v...)
		},
		"Panicln": func(l *log.Logger, v ...any) { l.Panicln(m.args(v)...) },
		"Print":   func(l *log.Logger, v ...any) { l.Output(2, fmt.Sprint(m.args(v)...)) },
		"Printf": func(l *log.Logger, format string, v ...any) {
			format, v = m.format(format, v)
			l.Output(2, fmt.Sprintf(format, v...))
		},
		"Println": func(l *log.Logger, v ...any) { l.Output(2, fmt.Sprintln(m.args(v)...)) },
	}
}

// loggerCall rewrites a call of a formatting method of a logger.
func (r *rewriter) loggerCall(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !loggerMethods[sel.Sel.Name] {
		return
	}
	amp, field, ok := r.loggerRecv(sel)
	if !ok {
		return
	}
	r.loggerSels[sel] = true
	r.insert(sel.X.Pos(), cellPkgName+".Logger"+sel.Sel.Name+"("+amp)
	r.replace(sel.X.End(), call.Lparen+1, field+", ")
}

// loggerValue rewrites a method value of a logger's Fatal methods.
func (r *rewriter) loggerValue(sel *ast.SelectorExpr) {
	switch sel.Sel.Name {
	case "Fatal", "Fatalf", "Fatalln":
	default:
		return
	}
	if r.loggerSels[sel] {
		return // a call that loggerCall rewrote
	}
	amp, field, ok := r.loggerRecv(sel)
	if !ok {
		return
	}
	r.insert(sel.X.Pos(), cellPkgName+".Logger("+amp)
	r.insert(sel.X.End(), field+")")
}

// loggerRecv tells whether sel, x.method, is the method of a logger, as
// the type oracle tells it (typecheck.go): x is a *log.Logger, or a
// log.Logger variable, or a struct that embeds one, at any depth, and
// promotes its method. The logger is amp+x+field: amp "&" takes the
// address of a variable, field ".Logger" selects the embedded one. Where
// the oracle cannot tell, the method is left as Go's.
func (r *rewriter) loggerRecv(sel *ast.SelectorExpr) (amp, field string, ok bool) {
	x, method := sel.X, sel.Sel.Name
	// A cheap look first: most cells call fmt.Println, and need no check.
	if id, isIdent := x.(*ast.Ident); isIdent && r.isPackage(id.Name) {
		return "", "", false
	}
	fn, isFunc := r.objectOf(sel.Sel).(*types.Func)
	if !isFunc || fn.Signature().Recv() == nil || !isLogger(fn.Signature().Recv().Type(), true) {
		return "", "", false
	}
	checked := r.in.typeChecked(r.c)
	start, end := r.off(x.Pos()), r.off(x.End())
	if start < 0 || end < 0 {
		return "", "", false
	}
	tv, known := checked.TypeAndValue(start, end)
	if !known || !tv.IsValue() {
		return "", "", false // a method expression, (*log.Logger).Fatal
	}
	t := tv.Type
	switch {
	case isLogger(t, true):
		return "", "", true
	case isLogger(t, false):
		return "&", "", true // addressable, or the check would have failed
	}
	// A method of an embedded logger: the one that x.Logger selects, and
	// not one a shallower field or method of that name hides.
	mobj, mindex, _ := types.LookupFieldOrMethod(t, true, checked.Package(), method)
	fobj, findex, _ := types.LookupFieldOrMethod(t, true, checked.Package(), "Logger")
	v, isVar := fobj.(*types.Var)
	if mobj == nil || !isVar || !v.Embedded() || len(mindex) != len(findex)+1 || !slices.Equal(mindex[:len(findex)], findex) {
		return "", "", false
	}
	switch {
	case isLogger(v.Type(), true):
		return "", ".Logger", true
	case isLogger(v.Type(), false):
		return "&", ".Logger", true
	}
	return "", "", false
}

// isLogger tells whether t is log.Logger, or with pointer *log.Logger.
func isLogger(t types.Type, pointer bool) bool {
	if pointer {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			return false
		}
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == "Logger" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "log"
}

// isPackage tells, without the type oracle, which checks the cell, that
// name is a package's, as fmt is in fmt.Println: a package the cell can
// use, not a global, and nowhere in the cell but before a dot, where no
// declaration of the name can be.
func (r *rewriter) isPackage(name string) bool {
	r.in.mu.Lock()
	_, global := r.in.globals[name]
	imported := r.in.imports[name] != ""
	r.in.mu.Unlock()
	if global {
		return false
	}
	if !imported && r.in.pkgs.autoImports()[name] == "" && importsIn(r.c.src)[name] == "" {
		return false
	}
	if r.qualifiers == nil {
		r.qualifiers = map[string]bool{}
		toks := tokens(r.c.src)
		for i, t := range toks {
			if t.t != token.IDENT {
				continue
			}
			dot := i+1 < len(toks) && toks[i+1].t == token.PERIOD
			if q, seen := r.qualifiers[t.lit]; !seen || q {
				r.qualifiers[t.lit] = dot
			}
		}
	}
	return r.qualifiers[name]
}

// The functions a logger's Fatal… calls become (_gopherlab.LoggerFatal…):
// Go's methods, with os.Exit as a cell's.

func loggerFatal(m *cellMethods, l *log.Logger, v ...any) {
	l.Output(2, fmt.Sprint(m.args(v)...))
	cellExit(1)
}

func loggerFatalf(m *cellMethods, l *log.Logger, format string, v ...any) {
	format, v = m.format(format, v)
	l.Output(2, fmt.Sprintf(format, v...))
	cellExit(1)
}

func loggerFatalln(m *cellMethods, l *log.Logger, v ...any) {
	l.Output(2, fmt.Sprintln(m.args(v)...))
	cellExit(1)
}

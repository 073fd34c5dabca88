package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"log"
	"reflect"
)

// A cell's *log.Logger is Go's own (stdsymbols.go): its Fatal methods call
// the real os.Exit, which would end the kernel's process, and yaegi calls
// its formatting methods with the cell's values unwrapped, so that their
// String methods go unseen (yaegi wraps them for the functions of its
// MapTypes only). Where the declarations in sight tell that the receiver
// is a logger, loggerCall rewrites the calls of these methods into calls
// of compiled functions that do the same and are in the MapTypes
// (interp.go), with os.Exit as a cell's:
//
//	l.Fatalf("bad %d", n)  →  _gopherlab.LoggerFatalf(l, "bad %d", n)
//
// and loggerValue a method value of Fatal… (f := l.Fatal) into the method
// of a logger whose Fatal… end the cell (_gopherlab.Logger(l).Fatal). The
// methods a struct promotes from an embedded logger are rewritten too
// (s.Fatal(…) → _gopherlab.LoggerFatal(s.Logger, …)). A logger the
// declarations do not tell (behind an interface, deeper in embedded
// structs, the result of a cell's own generic function) keeps Go's
// methods: its Fatal ends the kernel's process, which the supervisor
// reports.

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

var loggerType = reflect.TypeFor[*log.Logger]()

// loggerCall rewrites a call of a formatting method of a logger.
func (r *rewriter) loggerCall(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !loggerMethods[sel.Sel.Name] {
		return
	}
	amp, field, ok := r.loggerRecv(sel.X, sel.Sel.Name)
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
	amp, field, ok := r.loggerRecv(sel.X, sel.Sel.Name)
	if !ok {
		return
	}
	r.insert(sel.X.Pos(), cellPkgName+".Logger("+amp)
	r.insert(sel.X.End(), field+")")
}

// loggerRecv tells whether x.method is the method of a logger: x is a
// *log.Logger, or a log.Logger variable, or a struct that embeds one and
// promotes its method. The logger is amp+x+field: amp "&" takes the
// address of a variable, field ".Logger" selects the embedded one.
func (r *rewriter) loggerRecv(x ast.Expr, method string) (amp, field string, ok bool) {
	if id, isIdent := x.(*ast.Ident); isIdent && r.isPackage(id.Name) {
		return "", "", false
	}
	e := r.envAt(x.Pos())
	t := e.typeOf(x, 0)
	if t.isType || t.pkg != "" || !t.known() {
		return "", "", false
	}
	if amp, ok := loggerAmp(t); ok {
		return amp, "", true
	}
	// A method of an embedded logger: the struct's own field or method
	// of that name, which would hide it, has another type (or none
	// compiled).
	embedded, found := e.member(t, "Logger")
	// The field of a variable, or of what a pointer points to, is a variable.
	_, isStar := t.expr.(*ast.StarExpr)
	embedded.addressable = t.addressable || isStar || (t.rt != nil && t.rt.Kind() == reflect.Pointer)
	amp, ok = loggerAmp(embedded)
	if !found || !ok {
		return "", "", false
	}
	// A compiled method's type has its receiver, the logger.
	m, _ := e.member(t, method)
	want, _ := loggerType.MethodByName(method)
	if m.rt != want.Type {
		return "", "", false
	}
	return amp, ".Logger", true
}

// loggerAmp tells whether t is a logger, and how to have a *log.Logger of it.
func loggerAmp(t typ) (amp string, ok bool) {
	switch {
	case t.isType:
		return "", false
	case t.rt == loggerType:
		return "", true
	case t.rt == loggerType.Elem() && t.addressable:
		return "&", true
	}
	return "", false
}

// isPackage tells, without envAt, which reads the cell again for each
// call, that name is a package's, as fmt is in fmt.Println: a package the
// cell can use, not a global, and nowhere in the cell but before a dot,
// where no declaration of the name can be.
func (r *rewriter) isPackage(name string) bool {
	base := r.baseEnv()
	if _, ok := base.names[name]; ok {
		return false
	}
	if base.imports[name] == "" && r.in.pkgs.autoImports()[name] == "" {
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

package interp

import (
	"io"
	"log"
	"reflect"

	cellpkg "gopherlab/interp/cell"
)

// Cells get Go's own *log.Logger (the unrestricted tables' log.New, see
// stdsymbols.go), whose Fatal methods call the real os.Exit, which would
// end the kernel's process. The log package's functions, and the Fatal
// methods of the loggers the rewrite can tell (rewrite_logfatal.go), end
// the cell instead, as os.Exit does in a cell: Go's message on the logger's
// output, then the error "exit: exit status 1", the kernel's state kept.

// logSymbols are the log package's functions as cells see them, on a
// standard logger of the interpreter's own that writes to stderr, the
// cell's standard error, as Go's writes to os.Stderr; and the functions
// among them that format their arguments, which need yaegi's wrappers to
// call the String and Format methods of the cell's types.
func logSymbols(stderr io.Writer, m *cellMethods) (syms map[string]reflect.Value, formatting []reflect.Value) {
	std := log.New(stderr, "", log.LstdFlags)
	fatal := cellLogger{std, m}
	syms = map[string]reflect.Value{
		// log.Default is the standard logger, so that what a cell sets
		// on it the package's functions use.
		"Default":   reflect.ValueOf(func() *log.Logger { return std }),
		"Fatal":     reflect.ValueOf(fatal.Fatal),
		"Fatalf":    reflect.ValueOf(fatal.Fatalf),
		"Fatalln":   reflect.ValueOf(fatal.Fatalln),
		"Flags":     reflect.ValueOf(std.Flags),
		"Output":    reflect.ValueOf(std.Output),
		"Panic":     reflect.ValueOf(std.Panic),
		"Panicf":    reflect.ValueOf(std.Panicf),
		"Panicln":   reflect.ValueOf(std.Panicln),
		"Prefix":    reflect.ValueOf(std.Prefix),
		"Print":     reflect.ValueOf(std.Print),
		"Printf":    reflect.ValueOf(std.Printf),
		"Println":   reflect.ValueOf(std.Println),
		"SetFlags":  reflect.ValueOf(std.SetFlags),
		"SetOutput": reflect.ValueOf(std.SetOutput),
		"SetPrefix": reflect.ValueOf(std.SetPrefix),
		"Writer":    reflect.ValueOf(std.Writer),
	}
	// They print the values of the struct types of cells as Go prints
	// them (cellfmt.go).
	for _, name := range []string{"Fatal", "Panic", "Print", "Fatalln", "Panicln", "Println"} {
		f := syms[name].Interface().(func(...any))
		syms[name] = reflect.ValueOf(func(v ...any) { f(m.args(v)...) })
	}
	for _, name := range []string{"Fatalf", "Panicf", "Printf"} {
		f := syms[name].Interface().(func(string, ...any))
		syms[name] = reflect.ValueOf(func(format string, v ...any) {
			format, v = m.format(format, v)
			f(format, v...)
		})
	}
	for _, name := range []string{"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "Print", "Printf", "Println"} {
		formatting = append(formatting, syms[name])
	}
	return syms, formatting
}

// cellLogger gives a *log.Logger the Fatal methods of a cell: what the
// log.Fatal functions are on the standard logger, and what a method value
// l.Fatal… becomes (_gopherlab.Logger(l).Fatal…, rewrite_logger.go).
type cellLogger struct {
	l *log.Logger
	m *cellMethods
}

// logger is _gopherlab.Logger.
func logger(m *cellMethods) func(*log.Logger) cellLogger {
	return func(l *log.Logger) cellLogger { return cellLogger{l, m} }
}

func (c cellLogger) Fatal(v ...any)                 { loggerFatal(c.m, c.l, v...) }
func (c cellLogger) Fatalf(format string, v ...any) { loggerFatalf(c.m, c.l, format, v...) }
func (c cellLogger) Fatalln(v ...any)               { loggerFatalln(c.m, c.l, v...) }

// cellFmtWrappers are the interfaces yaegi wraps the cell's values in for
// the functions that format as fmt.Sprint does (its stdlib.MapTypes): the
// String and Format methods of the types cells declare other than their
// struct types, which the rewrite marks (celltypes.go). A value of a
// cell's struct type implements none: it reaches them as it is, in
// yaegi's valueInterface where an interface held it, and they call its
// methods themselves (cellmethods.go). A wrapper would hold what yaegi
// gets by evaluating again the expression the value came from, in the
// frame running then: another value when the variable changed since, or
// the slot of another function (see cell.NamedStringer).
var cellFmtWrappers = []reflect.Type{
	reflect.TypeFor[cellpkg.NamedFormatter](),
	reflect.TypeFor[cellpkg.NamedStringer](),
}

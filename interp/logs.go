package interp

import (
	"fmt"
	"io"
	"log"
	"reflect"
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
func logSymbols(stderr io.Writer) (syms map[string]reflect.Value, formatting []reflect.Value) {
	std := log.New(stderr, "", log.LstdFlags)
	fatal := cellLogger{std}
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
	for _, name := range []string{"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "Print", "Printf", "Println"} {
		formatting = append(formatting, syms[name])
	}
	return syms, formatting
}

// cellLogger gives a *log.Logger the Fatal methods of a cell: what the
// log.Fatal functions are on the standard logger, and what a method value
// l.Fatal… becomes (_gopherlab.Logger(l).Fatal…, rewrite_logger.go).
type cellLogger struct{ l *log.Logger }

// logger is _gopherlab.Logger.
func logger(l *log.Logger) cellLogger { return cellLogger{l} }

func (c cellLogger) Fatal(v ...any)                 { loggerFatal(c.l, v...) }
func (c cellLogger) Fatalf(format string, v ...any) { loggerFatalf(c.l, format, v...) }
func (c cellLogger) Fatalln(v ...any)               { loggerFatalln(c.l, v...) }

// fmtWrappers are the interfaces yaegi wraps the cell's values in for fmt's
// functions (its stdlib.MapTypes): a cell's String and Format methods are
// called by the log functions that format as fmt.Sprint does.
var fmtWrappers = []reflect.Type{
	reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
	reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
}

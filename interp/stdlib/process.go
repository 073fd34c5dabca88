package stdlib

import (
	"fmt"
	"log"
	"os"
)

// yaegi's extract writes the functions of os and log that end the process,
// and those its restricted tables replace, as identifiers of the
// generated package: these. Cells get log.New, *log.Logger and
// os.FindProcess as Go has them. What would end the worker the cell runs
// in, os.Exit and log.Fatal…, the interpreter replaces with its own,
// which end only the cell (interp.Interpreter's overrides); the ones
// here say so if a table's were ever reached, rather than exit.
var (
	osFindProcess = os.FindProcess
	logNew        = log.New
)

type logLogger = log.Logger

func osExit(code int) {
	panic(fmt.Sprintf("os.Exit(%d) reached interp/stdlib's table: the interpreter's own os.Exit should have replaced it", code))
}

func logFatal(v ...any)                 { log.Panic(v...) }
func logFatalf(format string, v ...any) { log.Panicf(format, v...) }
func logFatalln(v ...any)               { log.Panicln(v...) }

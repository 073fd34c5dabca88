// Package symbols holds the yaegi symbol tables of the gopherlab packages
// that notebook cells import, so the interpreter runs them as compiled code.
// The tables are generated; run go generate after changing an exported
// declaration of those packages (a test fails while they are stale).
package symbols

import "reflect"

//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -exclude=^SetSink$ gopherlab/display

// Symbols maps "import/path/name" to the package's exported symbols, the form
// yaegi's Interpreter.Use takes.
var Symbols = map[string]map[string]reflect.Value{}

// Package stdlib holds the symbol tables of what the Go toolchain adds to
// the standard library after the Go 1.22 tables that yaegi v0.16.1 ships,
// for the packages those tables cover: new functions, variables, constants
// and types, and the wrappers yaegi needs for new interfaces. The
// interpreter merges them over yaegi's (interp/stdsymbols.go).
//
// The files go1_N_*.go are generated, for the toolchain that runs go
// generate (Go 1.N), by gen/main.go; a test checks that they are up to
// date. A toolchain other than 1.N builds the package without them.
package stdlib

import "reflect"

//go:generate go run ./gen

// Symbols are the tables, keyed as yaegi's: "import/path/name".
var Symbols = map[string]map[string]reflect.Value{}

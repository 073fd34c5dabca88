// Package stdlib holds the symbol tables of the standard library that cells
// import: for every package of the toolchain that builds gopherlab, its
// exported functions, variables, constants and types, and the wrappers
// yaegi needs for its interfaces (syscall's tables, which differ by
// system, are yaegi's: see interp/stdsymbols.go).
//
// A table is registered as the function that builds it. Building all of
// them when a process starts costs about 14 MB of memory (the tables, and
// the pages of code and type data they touch), which the kernel process,
// which never runs a cell, and a worker, whose cells import a handful of
// packages, would pay for nothing. The interpreter builds a package's
// table when a cell first imports it.
//
// The files go1_N_*.go are generated, for the toolchain that runs go
// generate (Go 1.N), by gen/main.go, with go1_N_generic_names.go, which
// lists the generic functions and types that no table can hold; a test
// checks that they are up to date.
package stdlib

import "reflect"

//go:generate go run ./gen

// Tables are the functions that build the tables, keyed as yaegi keys its
// symbols: "import/path/name".
var Tables = map[string]func() map[string]reflect.Value{}

// All builds every table, for tools and tests that want the whole
// standard library at once; the interpreter asks for the ones it needs.
func All() map[string]map[string]reflect.Value {
	all := make(map[string]map[string]reflect.Value, len(Tables))
	for key, build := range Tables {
		all[key] = build()
	}
	return all
}

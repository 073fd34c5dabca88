// Package native builds Go source into a plugin that the worker opens, so
// that what a cell declares can run as compiled Go: its types with their
// real methods (which fmt, encoding/json and errors.As see), its functions
// at native speed. The plugin hands its declarations to the interpreter as
// a symbol table, the same shape as the tables of the compiled packages
// cells import (yaegi's interp.Use), under an import path of its own.
//
// A plugin can only be opened by a process built from the same Go release,
// with cgo, and with the same build flags for every package the two share
// (the standard library first of all). Find checks all three and says in
// one line why compiled cells cannot work when they cannot. A Builder
// builds and opens: Build, a cell's declarations as a package of their own
// (not the plugin's main, so that later Builds import it; the plugin's main
// package only hands its table over), which the compiler nonetheless gets
// named main, so that %T names its types main's, as a program's are
// (asmain.go, through -toolexec); Import,
// a package of any module the go command can get, which reaches the
// interpreter at native speed. The Builder's go.mod keeps every module this
// binary links at the version it links, for the same reason. Plugins never
// unload: each build stays in memory for the life of the worker.
//
// What yaegi v0.16.1 does not do with compiled declarations, and the
// interpreter's rewrite has to work around when cells compile: read or set
// an unexported field of a compiled struct (reflect refuses: a Build
// package exports a function for each, FieldPointer and FieldValue, which
// its table hands over with its declarations), call an unexported method
// (reflect does not list them: MethodPointer and MethodValue); assign to a
// compiled variable of a basic type (it takes it for a constant; through a
// pointer it works); pass interpreted values to a compiled variadic
// function of interfaces one by one (as a slice they pass).
//
// The package knows Go and the go command, not cells: deciding what to
// compile, and how the interpreter's names reach the compiled code and back,
// is the interpreter's.
package native

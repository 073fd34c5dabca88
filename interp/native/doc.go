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
// one line why compiled cells cannot work when they cannot; Builder builds
// and opens. Plugins never unload: each build stays in memory for the life
// of the worker.
//
// The package knows Go and the go command, not cells: deciding what to
// compile, and how the interpreter's names reach the compiled code and back,
// is the interpreter's.
package native

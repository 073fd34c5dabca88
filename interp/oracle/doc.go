// Package oracle is the interpreter's type oracle: go/types over a
// session of cells, so that what a rewrite, completion or inspection
// decides about a cell's code follows from Go's own rules rather than from
// guesses, and no decision waits on the wording of a yaegi error.
//
// The packages cells import are made from the compiled symbol tables the
// interpreter runs them with (Importer), so the oracle needs no Go
// toolchain on the machine. A session is the declarations of the cells
// run so far (Session), each cell checked as part of it.
package oracle

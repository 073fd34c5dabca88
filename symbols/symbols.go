// Package symbols holds the yaegi symbol tables of the gopherlab packages
// (display, lab, widgets),
// and of golang.org/x/sync/errgroup, that notebook cells import, so the
// interpreter runs them as compiled code.
// The tables are generated; run go generate after changing an exported
// declaration of those packages (a test fails while they are stale).
package symbols

import "reflect"

// display without what only the kernel's side calls: the sink, the cell's
// context, and the delivery of front ends' comm messages.
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -exclude=^SetSink$,^SetContext$,^Deliver$,^CloseComms$ gopherlab/display

// Jupyter widgets, for interactive cells.
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gopherlab/widgets

// gopherlab/lab without what only a program's main may call: the worker
// side of process pools, and Register, which must run in every process.
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -exclude=^ServeWorker$,^IsWorker$,^SetWorkerCommand$,^Register$ gopherlab/lab

// errgroup, the structured concurrency Go programmers use, so that the
// lesson can put it beside lab.Nursery.
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract golang.org/x/sync/errgroup

// Symbols maps "import/path/name" to the package's exported symbols, the form
// yaegi's Interpreter.Use takes.
var Symbols = map[string]map[string]reflect.Value{}

package debugger

import "reflect"

// Target is what the Adapter debugs: the interpreter. Cells are named by
// the paths the Adapter gives (PathOf), lines counted from 1.
type Target interface {
	// Attach starts debugging: cells run from now on stop at breakpoints.
	// pathOf names a cell's code as the front end does; events receives
	// what happens, from any goroutine.
	Attach(pathOf func(code string) string, events func(Event))
	// Detach stops debugging: breakpoints are cleared, stopped goroutines
	// go on.
	Detach()
	// SetBreakpoints replaces the breakpoints of the cell at path.
	SetBreakpoints(path string, lines []int)
	// Threads are the goroutines of the code being debugged.
	Threads() []Thread
	// Stack is the call stack of a stopped goroutine, innermost first.
	Stack(thread int) ([]Frame, error)
	// Resume lets a stopped goroutine go on, or step.
	Resume(thread int, how Resume) error
	// Pause stops a running goroutine at its next statement.
	Pause(thread int) error
	// SetExceptionBreakpoints sets the exception filters the front end
	// chose, of those the Adapter advertises (ExceptionFilters).
	SetExceptionBreakpoints(filters []string)
	// ExceptionInfo is the panic a goroutine stopped on (a Panicked
	// event).
	ExceptionInfo(thread int) (Exception, error)
	// Busy tells whether code of the cells runs now, not stopped: the
	// values it sees may be changing under a reader (a map read while it
	// is written is a fatal error of Go's runtime).
	Busy() bool
	// Globals are the variables the cells declared, for the front end's
	// variable explorer between cells.
	Globals() []Variable
	// TypeName is a type as the cells' Go names it: main.point for a
	// struct type a cell declared, which reflect knows no name for.
	TypeName(t reflect.Type) string
	// FieldNames are the fields of a struct type as its cell declared
	// them (an interpreter may rename them), or nil for reflect's names.
	FieldNames(t reflect.Type) []string
}

// Resume is how a stopped goroutine goes on.
type Resume int

const (
	Continue Resume = iota // until the next breakpoint
	StepOver               // to the next statement of this function
	StepIn                 // into the function the statement calls
	StepOut                // to the caller
)

// Thread is a goroutine.
type Thread struct {
	ID   int
	Name string
}

// Frame is one call of a stopped goroutine's stack.
type Frame struct {
	Name   string
	Path   string // the cell's path, "" where the code is not a cell's
	Line   int
	Column int
	Scopes []Scope
}

// Scope is a set of variables a frame sees: its locals, a closure's
// captures.
type Scope struct {
	Name      string
	Variables []Variable
}

// Variable is a named value.
type Variable struct {
	Name  string
	Value reflect.Value
}

// Event is what the Target tells the front end through the Adapter.
type Event struct {
	Kind   EventKind
	Thread int
	Text   string // of Panicked: the panic's value, in a line
}

// Exception is what a goroutine stopped on: a panic.
type Exception struct {
	ID          string // the exception's kind: "panic"
	Description string // the panic's value, as the cell's error says it
	TypeName    string // the value's type
	StackTrace  string // the traceback, as the cell's error shows it
}

// PanicFilter is the exception filter that stops a cell's goroutine on a
// panic nothing recovers.
const PanicFilter = "panic"

// EventKind says what happened to a goroutine.
type EventKind int

const (
	Breakpoint EventKind = iota + 1 // stopped at a breakpoint
	Stepped                         // stopped after a step
	Paused                          // stopped after a pause
	Started                         // a goroutine started
	Exited                          // a goroutine ended
	Panicked                        // stopped on an exception: a panic
)

package interp

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"unsafe"

	yaegi "github.com/traefik/yaegi/interp"
)

// A defer at the top level of a cell belongs to the cell, as one in main
// belongs to the program: it runs once, when the cell's statements end or
// panic, in LIFO order with the cell's other defers, and a recover in it
// stops the cell's panic. yaegi runs the statements of a cell in its global
// frame, whose defer stack it runs at the end of every program it executes
// (every run of every later cell) and never empties: left to itself, a
// deferred call runs too early, and again and again.
//
// So each top-level defer statement is followed by a call of Deferred
// (rewrite_defer.go), which moves what the statement pushed on the global
// frame's stack onto the cell's own, out of yaegi's reach; when the cell
// ends, Unwind runs the cell's stack as yaegi would run a frame's: with the
// panic, if any, where recover finds it. The frame's fields are yaegi's
// own, reached by reflection: v0.16.1 is the only version there is, and
// newYaegi fails if they are not there (checkFrame).

// cellDefers is the defer stack of the cell that runs, newest first.
type cellDefers struct {
	mu    sync.Mutex
	stack [][]reflect.Value // what yaegi's frame keeps: the function, then its arguments
	// panicking is set while the cell panics, with the value it panics
	// with: what Unwind gives the deferred calls to recover.
	panicking bool
	value     any
	// replaced tells that a deferred call panicked anew while Unwind ran.
	replaced bool
	// lastPanic is the value of the last panic runProgram saw; exiting
	// tells that it was os.Exit's.
	lastPanic any
	exiting   bool
}

// frameFields are the fields of yaegi's global frame that the cell's
// defers need.
type frameFields struct {
	mu        *sync.RWMutex
	deferred  *[][]reflect.Value
	recovered *any
}

// globalFrame reaches the fields of yi's global frame.
func globalFrame(yi *yaegi.Interpreter) (frameFields, error) {
	fp := reflect.ValueOf(yi).Elem().FieldByName("frame")
	if !fp.IsValid() || fp.Kind() != reflect.Pointer || fp.IsNil() {
		return frameFields{}, fmt.Errorf("interp: yaegi's Interpreter has no frame: this yaegi is not v0.16.1")
	}
	frame := reflect.NewAt(fp.Type().Elem(), fp.UnsafePointer()).Elem()
	field := func(name string, t reflect.Type) (unsafe.Pointer, error) {
		f := frame.FieldByName(name)
		if !f.IsValid() || f.Type() != t {
			return nil, fmt.Errorf("interp: yaegi's frame has no field %s of type %v: this yaegi is not v0.16.1", name, t)
		}
		return unsafe.Pointer(f.UnsafeAddr()), nil
	}
	mu, err := field("mutex", reflect.TypeFor[sync.RWMutex]())
	if err != nil {
		return frameFields{}, err
	}
	deferred, err := field("deferred", reflect.TypeFor[[][]reflect.Value]())
	if err != nil {
		return frameFields{}, err
	}
	recovered, err := field("recovered", reflect.TypeFor[any]())
	if err != nil {
		return frameFields{}, err
	}
	return frameFields{(*sync.RWMutex)(mu), (*[][]reflect.Value)(deferred), (*any)(recovered)}, nil
}

// deferred moves the calls that the cell's defer statements pushed on the
// global frame onto the cell's stack. Rewritten cells call it as Deferred
// right after each top-level defer statement.
func (in *Interpreter) deferred() {
	f, err := globalFrame(in.yi)
	if err != nil {
		panic(err)
	}
	f.mu.Lock()
	pushed := *f.deferred
	*f.deferred = nil
	f.mu.Unlock()
	// yaegi keeps the variables the arguments were read from, not their
	// values: Go evaluates a deferred call's arguments at the defer.
	for _, call := range pushed {
		for i, v := range call {
			if v.IsValid() && v.CanAddr() {
				cp := reflect.New(v.Type()).Elem()
				cp.Set(v)
				call[i] = cp
			}
		}
	}
	in.defers.mu.Lock()
	in.defers.stack = append(pushed, in.defers.stack...)
	in.defers.mu.Unlock()
}

// unwind runs the cell's deferred calls, newest first, as yaegi runs a
// frame's (see runCfg): with the cell's panic where recover finds it.
// Rewritten cells call it as Unwind, in a program of its own, so that it
// runs in the global frame, which the calls' recover reads, and under the
// cell's context. A panic left when the calls are done goes on from here.
func (in *Interpreter) unwind() {
	f, err := globalFrame(in.yi)
	if err != nil {
		panic(err)
	}
	in.defers.mu.Lock()
	stack, panicking, value := in.defers.stack, in.defers.panicking, in.defers.value
	in.defers.stack = nil
	in.defers.mu.Unlock()
	if panicking {
		f.mu.Lock()
		*f.recovered = value
		f.mu.Unlock()
	}
	for _, call := range stack {
		func() {
			defer func() {
				if r := recover(); r != nil {
					// A deferred call's panic replaces the one before,
					// and the calls after it may recover it.
					f.mu.Lock()
					*f.recovered = r
					f.mu.Unlock()
					in.defers.mu.Lock()
					in.defers.replaced = true
					in.defers.mu.Unlock()
				}
			}()
			call[0].Call(call[1:])
		}()
	}
	f.mu.Lock()
	r := *f.recovered
	*f.recovered = nil
	f.mu.Unlock()
	if r != nil {
		panic(r)
	}
}

// endCell runs the cell's deferred calls when its statements are done:
// err is how they ended, nil, a panic, or an error before or besides them.
// It returns how the cell ends: recovered, err is gone; a deferred call's
// own panic replaces it. os.Exit and an interrupt end the cell with no
// deferred call run.
func (in *Interpreter) endCell(ctx context.Context, c *cell, err error) error {
	in.defers.mu.Lock()
	stack := in.defers.stack
	exiting := in.defers.exiting
	in.defers.exiting = false
	// An interrupted cell ends as a program stopped by a signal: no
	// deferred call runs (and none would, in a context already done).
	if len(stack) == 0 || exiting || ctx.Err() != nil {
		in.defers.stack = nil
		in.defers.mu.Unlock()
		return err
	}
	var pe *Error
	in.defers.panicking = errors.As(err, &pe) && pe.Name == "panic" && in.defers.lastPanic != nil
	in.defers.value, in.defers.replaced = in.defers.lastPanic, false
	if !in.defers.panicking {
		in.defers.value = nil
	}
	in.defers.mu.Unlock()
	defer func() {
		in.defers.mu.Lock()
		in.defers.stack, in.defers.panicking, in.defers.value = nil, false, nil
		in.defers.mu.Unlock()
	}()
	prog, cerr := in.compileBody(c, cellPkgName+".Unwind()")
	if cerr != nil {
		return fmt.Errorf("interp: run the cell's deferred calls: %w", cerr)
	}
	_, uerr := in.runProgram(ctx, c, prog)
	switch {
	case uerr == nil:
		// Recovered, or no panic: an error other than a panic stays.
		if pe != nil && pe.Name == "panic" {
			return nil
		}
		return err
	case pe != nil && pe.Name == "panic" && !in.replacedPanic():
		return err // the cell's own panic, with its own traceback
	}
	return uerr
}

func (in *Interpreter) replacedPanic() bool {
	in.defers.mu.Lock()
	defer in.defers.mu.Unlock()
	return in.defers.replaced
}

// exitCode is what os.Exit panics with in a cell: a cell cannot end the
// kernel's process, so it ends the cell, and runs none of its deferred
// calls, as os.Exit runs none.
type exitCode int

func (e exitCode) String() string { return fmt.Sprintf("exit status %d", int(e)) }

// cellExit is os.Exit as cells see it.
func cellExit(code int) { panic(exitCode(code)) }

// exitError reports a cell's os.Exit.
func exitError(code exitCode) *Error {
	return &Error{
		Name:  "exit",
		Value: code.String(),
		Traceback: []string{
			"exit: " + code.String(),
			"os.Exit ended the cell; its deferred calls did not run, and the kernel keeps its state",
		},
	}
}

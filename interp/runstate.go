package interp

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	yaegi "github.com/traefik/yaegi/interp"
)

// yaegi stops interpreted code with a run id: the interpreter has one, every
// frame (a call's variables) another, copied from the frame it was made
// from, and the loop that runs a function goes on while the two are equal.
// Its only way to stop code, ExecuteWithContext's stop, adds one to the
// interpreter's id, for good: every frame made before, those that closures
// and function values keep (handlers, callbacks), never runs again, and
// what such a function returns is zeros, silently. It also closes the
// channel that blocked channel operations of the run select on, and a
// closure made in that run ends, silently, at its first channel operation
// that blocks.
//
// gopherlab stops code itself (see stop.go): it raises the id, wakes the
// channel operations by sending on the channel instead of closing it, and
// when the code it stopped has returned, puts the id back. yaegi exports
// none of this, so runState reaches the fields of yaegi's Interpreter by
// reflection, as globalFrame does the frame's (defers.go): v0.16.1 is the
// only version there is; a yaegi whose fields differ fails newYaegi, and
// TestRunState says which field.

// runState is the part of a yaegi Interpreter that stopping code needs.
type runState struct {
	id *uint64 // the run id, read and written atomically, as yaegi does
	// mu guards done, which yaegi's run copies into the global frame, and
	// cancelChan, which makes compiled channel operations select on done.
	mu         *sync.RWMutex
	done       *chan struct{}
	cancelChan *bool
}

// yaegiRunState reaches yi's run state.
func yaegiRunState(yi *yaegi.Interpreter) (runState, error) {
	v := reflect.ValueOf(yi).Elem()
	field := func(name string, t reflect.Type) (unsafe.Pointer, error) {
		f := v.FieldByName(name)
		if !f.IsValid() || f.Type() != t {
			return nil, fmt.Errorf("interp: yaegi's Interpreter has no field %s of type %v: this yaegi is not v0.16.1", name, t)
		}
		return unsafe.Pointer(f.UnsafeAddr()), nil
	}
	id, err := field("id", reflect.TypeFor[uint64]())
	if err != nil {
		return runState{}, err
	}
	mu, err := field("mutex", reflect.TypeFor[sync.RWMutex]())
	if err != nil {
		return runState{}, err
	}
	done, err := field("done", reflect.TypeFor[chan struct{}]())
	if err != nil {
		return runState{}, err
	}
	cancelChan, err := field("cancelChan", reflect.TypeFor[bool]())
	if err != nil {
		return runState{}, err
	}
	return runState{(*uint64)(id), (*sync.RWMutex)(mu), (*chan struct{})(done), (*bool)(cancelChan)}, nil
}

func (r runState) runID() uint64      { return atomic.LoadUint64(r.id) }
func (r runState) setRunID(id uint64) { atomic.StoreUint64(r.id, id) }

// useDone makes done the channel that every run's blocked channel
// operations select on, as ExecuteWithContext does with a channel of each
// run's; it must be called before the first program compiles, since yaegi
// decides at code generation whether a channel operation can be woken.
func (r runState) useDone(done chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*r.done = done
	*r.cancelChan = true
}

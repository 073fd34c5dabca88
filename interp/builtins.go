package interp

import (
	"fmt"
	"reflect"
)

// The compiled side of what rewrite.go makes of modern Go: functions that
// rewritten cells call through the cell package (see Interpreter.overrides),
// for what yaegi cannot express itself.

// clearValue is clear(x) for a map or a slice: it deletes a map's entries,
// and sets a slice's elements to their zero value.
func clearValue(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	default:
		panic(fmt.Sprintf("clear: argument must be a map or slice, not %T", x))
	}
}

// puller runs a range-over-function loop's iterator on a goroutine of its
// own and hands its values over one at a time, so that the loop body stays
// a loop body: break, continue, return and goto keep their meaning, which
// they would lose in the yield function a direct translation would need.
// The handover is synchronous: the iterator runs only while the loop waits
// for its next value, so that the two interleave as in compiled Go.
type puller struct {
	next chan bool            // the loop asks for a value (true) or stops (closed)
	vals chan []reflect.Value // the iterator's yielded values; closed when it returns
	done bool                 // the loop has seen the end, or stopped

	// set by the iterator's goroutine before it closes vals
	panicked  bool
	recovered any
}

// pull starts iterating over seq, a func(yield func(...) bool) of yaegi's.
// The iterator does not run until the first Next.
func pull(seq any) *puller {
	f := reflect.ValueOf(seq)
	if !f.IsValid() || f.Kind() != reflect.Func || f.IsNil() {
		panic("runtime error: invalid memory address or nil pointer dereference")
	}
	p := &puller{next: make(chan bool), vals: make(chan []reflect.Value)}
	stopped := false
	yield := reflect.MakeFunc(f.Type().In(0), func(args []reflect.Value) []reflect.Value {
		if stopped {
			// What Go's runtime says of an iterator that does this.
			panic("runtime error: range function continued iteration after function for loop body returned false")
		}
		p.vals <- args
		more := <-p.next
		stopped = !more
		return []reflect.Value{reflect.ValueOf(more)}
	})
	go func() {
		defer func() {
			if r := recover(); r != nil {
				p.panicked, p.recovered = true, r
			}
			close(p.vals)
		}()
		if <-p.next {
			f.Call([]reflect.Value{yield})
		}
	}()
	return p
}

// Next returns the next values the iterator yields, up to two, and false
// when it has returned. A panic of the iterator goes on from here.
func (p *puller) Next() (a, b any, ok bool) {
	if p.done {
		return nil, nil, false
	}
	p.next <- true
	args, ok := <-p.vals
	if !ok {
		p.done = true
		p.repanic()
		return nil, nil, false
	}
	if len(args) > 0 {
		a = args[0].Interface()
	}
	if len(args) > 1 {
		b = args[1].Interface()
	}
	return a, b, true
}

// Stop ends the iteration early: the iterator's yield returns false, and
// Stop waits for the iterator to return. It may be called more than once.
func (p *puller) Stop() {
	if p.done {
		return
	}
	p.done = true
	close(p.next)
	for range p.vals {
		// An iterator that yields after its yield returned false panics
		// (see pull); its values go nowhere.
	}
	p.repanic()
}

func (p *puller) repanic() {
	if p.panicked {
		p.panicked = false
		panic(p.recovered)
	}
}

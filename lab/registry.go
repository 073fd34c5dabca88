package lab

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"sort"
	"sync"
	"time"
)

// The functions a process pool can run, by name. Worker processes run the
// same binary as the pool's process, so both hold the same table: the one
// its init functions built. That is why only compiled functions, registered
// as the program starts, can run in a worker. A function a cell defines
// lives in the interpreter of one process and cannot be sent to another.
var registry = struct {
	sync.RWMutex
	funcs map[string]*registered
}{funcs: map[string]*registered{}}

// registered is a function and the types it moves across the pipes.
type registered struct {
	name   string
	fn     reflect.Value
	in     []reflect.Type
	out    reflect.Type // nil when it returns no value
	hasErr bool         // its last result is an error
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// Register makes fn available to process pools under name. Call it from an
// init function of the program (gopherlab itself), so that the worker
// processes, which run the same program, have it too; a cell cannot
// register functions. fn is any function whose parameters and result are
// values encoding/gob can carry (numbers, strings, slices, maps, structs of
// exported fields, *big.Int…), with at most one result and an optional
// error last: func(int, int) *big.Int, func([]byte) ([]byte, error),
// func(time.Duration). Register panics if fn is not such a function or the
// name is taken, as http.Handle does: both are mistakes in the program.
func Register(name string, fn any) {
	r, err := inspectFunc(name, fn)
	if err != nil {
		panic("lab.Register: " + err.Error())
	}
	registry.Lock()
	defer registry.Unlock()
	if _, taken := registry.funcs[name]; taken {
		panic(fmt.Sprintf("lab.Register: %q is already registered", name))
	}
	registry.funcs[name] = r
}

// Registered returns the names of the functions process pools can run.
func Registered() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.funcs))
	for n := range registry.funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func inspectFunc(name string, fn any) (*registered, error) {
	v := reflect.ValueOf(fn)
	if name == "" {
		return nil, errors.New("empty name")
	}
	if v.Kind() != reflect.Func || v.IsNil() {
		return nil, fmt.Errorf("%s: %T is not a function", name, fn)
	}
	t := v.Type()
	if t.IsVariadic() {
		return nil, fmt.Errorf("%s: variadic functions are not supported", name)
	}
	r := &registered{name: name, fn: v}
	for i := range t.NumIn() {
		if !carriable(t.In(i)) {
			return nil, fmt.Errorf("%s: parameter %d of type %s cannot be serialized", name, i+1, t.In(i))
		}
		r.in = append(r.in, t.In(i))
	}
	outs := t.NumOut()
	if outs > 0 && t.Out(outs-1) == errorType {
		r.hasErr = true
		outs--
	}
	switch outs {
	case 0:
	case 1:
		if !carriable(t.Out(0)) {
			return nil, fmt.Errorf("%s: result of type %s cannot be serialized", name, t.Out(0))
		}
		r.out = t.Out(0)
	default:
		return nil, fmt.Errorf("%s: more than one result besides an error", name)
	}
	return r, nil
}

// carriable reports whether gob can carry values of t without a
// registration of concrete types, which the two processes could not agree
// on for interfaces.
func carriable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Uintptr:
		return false
	}
	return true
}

func lookup(name string) (*registered, error) {
	registry.RLock()
	defer registry.RUnlock()
	r, ok := registry.funcs[name]
	if !ok {
		return nil, fmt.Errorf("lab: no function %q is registered for process pools (registered: %v); "+
			"functions defined in a cell cannot run in another process", name, Registered())
	}
	return r, nil
}

// wireValue is one serialized argument or result. Nil is separate because
// gob cannot encode a nil pointer, slice or map on its own.
type wireValue struct {
	Nil bool
	Gob []byte
}

func (w wireValue) size() int { return len(w.Gob) }

// args converts what a caller passed to the function's parameter types,
// so that a mistake fails at Submit, in the caller's process.
func (r *registered) args(vals []any) ([]reflect.Value, error) {
	if len(vals) != len(r.in) {
		return nil, fmt.Errorf("%s takes %d arguments, got %d", r.name, len(r.in), len(vals))
	}
	out := make([]reflect.Value, len(vals))
	for i, v := range vals {
		want := r.in[i]
		if v == nil {
			switch want.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Map:
				out[i] = reflect.Zero(want)
				continue
			}
			return nil, fmt.Errorf("%s: argument %d is nil, want %s", r.name, i+1, want)
		}
		rv := reflect.ValueOf(v)
		switch {
		case rv.Type().AssignableTo(want):
			out[i] = rv
		case isNumber(rv.Kind()) && isNumber(want.Kind()):
			out[i] = rv.Convert(want) // 1000 for a time.Duration, 3 for an int64
		default:
			return nil, fmt.Errorf("%s: argument %d is %T, want %s", r.name, i+1, v, want)
		}
	}
	return out, nil
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

func encodeValue(v reflect.Value) (wireValue, error) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		if v.IsNil() {
			return wireValue{Nil: true}, nil
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).EncodeValue(v); err != nil {
		return wireValue{}, err
	}
	return wireValue{Gob: buf.Bytes()}, nil
}

func decodeValue(w wireValue, t reflect.Type) (reflect.Value, error) {
	p := reflect.New(t)
	if w.Nil {
		return p.Elem(), nil
	}
	if err := gob.NewDecoder(bytes.NewReader(w.Gob)).DecodeValue(p); err != nil {
		return reflect.Value{}, err
	}
	// gob sends an empty slice or map as nothing; it was not nil.
	switch v := p.Elem(); v.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			v.Set(reflect.MakeSlice(t, 0, 0))
		}
	case reflect.Map:
		if v.IsNil() {
			v.Set(reflect.MakeMap(t))
		}
	}
	return p.Elem(), nil
}

// call runs the function on serialized arguments, in a worker process,
// and returns the reply: a panic is the task's failure, not the worker's.
// The reply's work times exclude decoding and encoding, which are the
// price of the process boundary.
func (r *registered) call(args []wireValue) reply {
	if len(args) != len(r.in) {
		return reply{Err: fmt.Sprintf("%s takes %d arguments, got %d", r.name, len(r.in), len(args))}
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		v, err := decodeValue(a, r.in[i])
		if err != nil {
			return reply{Err: fmt.Sprintf("%s: decode argument %d: %v", r.name, i+1, err)}
		}
		in[i] = v
	}
	start := time.Now()
	out, p := r.protectedCall(in)
	rep := reply{WorkStart: start.UnixNano(), WorkEnd: time.Now().UnixNano()}
	switch {
	case p != nil:
		rep.Panic, rep.Stack = p.Value.(string), p.Stack
	case r.hasErr && !out[len(out)-1].IsNil():
		rep.Err = out[len(out)-1].Interface().(error).Error()
	case r.out == nil:
		rep.Result = wireValue{Nil: true}
	default:
		result, err := encodeValue(out[0])
		if err != nil {
			rep.Err = fmt.Sprintf("%s: encode result: %v", r.name, err)
		}
		rep.Result = result
	}
	return rep
}

func (r *registered) protectedCall(in []reflect.Value) (out []reflect.Value, p *PanicError) {
	defer func() {
		if v := recover(); v != nil {
			p = &PanicError{Value: fmt.Sprint(v), Stack: string(debug.Stack())}
		}
	}()
	return r.fn.Call(in), nil
}

// result decodes a worker's result, in the pool's process.
func (r *registered) result(w wireValue) (any, error) {
	if r.out == nil {
		return nil, nil
	}
	v, err := decodeValue(w, r.out)
	if err != nil {
		return nil, fmt.Errorf("%s: decode result: %w", r.name, err)
	}
	return v.Interface(), nil
}

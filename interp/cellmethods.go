package interp

import (
	"fmt"
	"reflect"
	"sync"
)

// cellMethods are the methods that fmt calls (Format, GoString, Error,
// String) of the struct types that cells declared, by the types' reflect
// types (tagged, see celltypes.go): compiled code cannot call the methods
// of a cell's value, yaegi keeps them apart from its reflect type. The
// rewrite makes each cell that declares one register a function that
// calls it, an interpreted function that compiled code can call
// (celltypes.go). One interpreter's, as the types are.
type cellMethods struct {
	mu     sync.Mutex
	byType map[reflect.Type]map[methodKey]cellMethod
}

type methodKey struct {
	name string
	ptr  bool // of the pointer type
}

// cellMethod calls a method on a value of its type: str a method that
// returns a string, format a Format method.
type cellMethod struct {
	str    func(any) string
	format func(any, fmt.State, rune)
}

// register is _gopherlab.CellMethod: the method name of the type that
// sample points to, with a pointer receiver when ptr, is called by str or
// format. It returns true, for a package-level var to hold.
func (m *cellMethods) register(sample any, name string, ptr bool, str func(any) string, format func(any, fmt.State, rune)) bool {
	t := reflect.TypeOf(sample).Elem()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byType == nil {
		m.byType = map[reflect.Type]map[methodKey]cellMethod{}
	}
	if m.byType[t] == nil {
		m.byType[t] = map[methodKey]cellMethod{}
	}
	m.byType[t][methodKey{name, ptr}] = cellMethod{str, format}
	return true
}

// lookup returns the method name of v's type, and the receiver to call
// it on: v's type's own methods, and for a pointer those of the type it
// points to, as Go's method sets have them.
func (m *cellMethods) lookup(v reflect.Value, name string) (cellMethod, reflect.Value, bool) {
	if m == nil {
		return cellMethod{}, reflect.Value{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch v.Kind() {
	case reflect.Struct:
		f, ok := m.byType[v.Type()][methodKey{name, false}]
		return f, v, ok
	case reflect.Pointer:
		ms := m.byType[v.Type().Elem()]
		if f, ok := ms[methodKey{name, true}]; ok {
			return f, v, true
		}
		if f, ok := ms[methodKey{name, false}]; ok {
			return f, v.Elem(), true // invalid for nil: the call panics as Go's
		}
	}
	return cellMethod{}, reflect.Value{}, false
}

// method prints v with the method fmt would call, as fmt's handleMethods
// does, and tells whether there was one.
func (p *cellPrinter) method(v reflect.Value) (handled bool) {
	if f, recv, ok := p.m.lookup(v, "Format"); ok {
		handled = true // also when it panics
		defer p.catchPanic(v, "Format")
		if !recv.IsValid() {
			panic("nil receiver")
		}
		f.format(recv.Interface(), p.s, p.verb)
		return true
	}
	var names []string
	switch {
	case p.sharpV:
		names = []string{"GoString"}
	case p.verb == 'v' || p.verb == 's' || p.verb == 'x' || p.verb == 'X' || p.verb == 'q':
		names = []string{"Error", "String"}
	}
	for _, name := range names {
		f, recv, ok := p.m.lookup(v, name)
		if !ok {
			continue
		}
		handled = true
		defer p.catchPanic(v, name)
		if !recv.IsValid() {
			panic("nil receiver")
		}
		s := f.str(recv.Interface())
		if name == "GoString" {
			// Printed unadorned, as a %s.
			p.verb = 's'
			defer func() { p.verb = 'v' }()
		}
		fmt.Fprintf(p.s, p.format(), s)
		return
	}
	return false
}

// cellError is a cellArg whose value has an Error method, given to
// fmt.Errorf for a %w: an error, as the value is in Go.
type cellError struct{ cellArg }

func (e cellError) Error() string {
	f, recv, _ := e.m.lookup(e.v, "Error")
	if !recv.IsValid() {
		panic("nil receiver")
	}
	return f.str(recv.Interface())
}

// asError is a as an error, if its value has an Error method.
func (a cellArg) asError() (any, bool) {
	if _, _, ok := a.m.lookup(a.v, "Error"); ok {
		return cellError{a}, true
	}
	return a, false
}

// catchPanic prints a method's panic as fmt does: <nil>, unpadded, for a
// nil pointer receiver, the panic's value otherwise.
func (p *cellPrinter) catchPanic(v reflect.Value, method string) {
	r := recover()
	if r == nil {
		return
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		p.write("<nil>")
		return
	}
	p.write("%!" + string(p.verb) + "(PANIC=" + method + " method: " + fmt.Sprint(r) + ")")
}

// panicValue is v, the value of a panic, as an error when it is a value of
// a cell's struct type with an Error method, as a value that prints with
// its String method when it has one: Go prints a panic's value so. yaegi
// gives compiled code the value without its methods, in a reflect.Value.
func (m *cellMethods) panicValue(v any) any {
	if v == nil {
		return v
	}
	if _, ok := v.(error); ok {
		return v
	}
	rv, ok := v.(reflect.Value)
	if !ok {
		rv = reflect.ValueOf(v)
	}
	if !rv.IsValid() {
		return v
	}
	a := cellArg{v: rv, m: m}
	if err, ok := a.asError(); ok {
		return err
	}
	if _, _, ok := m.lookup(rv, "String"); ok {
		return a // printed with its String method, as Go prints a Stringer
	}
	return v
}

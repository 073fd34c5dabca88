package interp

import (
	"cmp"
	"fmt"
	"go/token"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// fmt's functions as cells see them hand each value that holds a cell's
// struct type (celltypes.go) to fmt as a cellArg, a fmt.Formatter that
// prints it as Go prints the value of the declared type: the fields'
// names as declared, main.point for %T and %#v, at any depth of slices,
// maps, pointers and structs. Where the value holds nothing of the kind,
// it hands the work back to fmt, with the verb and flags it was given, so
// that everything else prints as fmt prints it. The printing follows the
// rules that fmt documents, value by value:
//
//   - a Formatter's Format first; with %#v a GoStringer's GoString; with
//     %v %s %x %X %q an error's Error, then a Stringer's String;
//   - methods are not called on what Go reaches through unexported fields;
//   - a pointer to a struct, array, slice or map prints as & and the value
//     at the top level, and as an address below it;
//   - map keys in sorted order.
//
// Compiled code cannot call the methods of a cell's value: yaegi keeps
// them apart from the value's reflect type. It gives a compiled function
// that looks for them (fmt's, see cellFmtWrappers) a value whose type has
// methods in a wrapper of its own, the value in the field IValue, the
// methods in the others, and only at the top level of a call; it makes the
// wrapper from the node of the expression the value came from, which it
// evaluates again then. The struct types of cells get no wrapper (see
// cellFmtWrappers): they reach fmt as they are, and register the methods
// that fmt calls (cellmethods.go); the values of other types that cells
// declare have their String and Format at the top level only.

// cellArg is a value given to fmt that fmt would print otherwise than Go.
type cellArg struct {
	v reflect.Value // the value, out of yaegi's wrapper
	// wrapper is the value with the methods yaegi's wrapper gives it (a
	// fmt.Stringer or a fmt.Formatter), nil when it has none.
	wrapper any
	m       *cellMethods // the methods of cells' struct types
}

// The verbs that the format of a cellArg gets instead of %T and %p, which
// fmt handles itself rather than calling Format (see cellFormat).
const (
	typeVerb    = '\uE000'
	pointerVerb = '\uE001'
)

// Format prints the value as Go prints it with verb.
func (a cellArg) Format(s fmt.State, verb rune) {
	p := &cellPrinter{s: s, verb: verb, sharpV: verb == 'v' && s.Flag('#'), plusV: verb == 'v' && s.Flag('+'), m: a.m}
	switch verb {
	case typeVerb:
		p.verb = 's'
		fmt.Fprintf(s, p.format(), typeString(a.v.Type()))
		return
	case pointerVerb:
		p.verb = 'p'
		switch a.v.Kind() {
		case reflect.Pointer, reflect.Chan, reflect.Func, reflect.Map, reflect.Slice, reflect.UnsafePointer:
			p.pointer(a.v)
		default:
			p.badVerb(a.v)
		}
		return
	}
	if a.wrapper != nil {
		switch w := a.wrapper.(type) {
		case fmt.Formatter:
			w.Format(s, verb)
			return
		case fmt.Stringer:
			switch verb {
			case 'v', 's', 'x', 'X', 'q':
				if !p.sharpV {
					// fmt calls String, catching its panics as it does.
					fmt.Fprintf(s, p.format(), w)
					return
				}
			}
		}
	}
	if p.method(a.v) {
		return
	}
	p.value(a.v, 0, false)
}

// cellPrinter prints one value with one verb and its flags.
type cellPrinter struct {
	s             fmt.State
	verb          rune
	sharpV, plusV bool
	m             *cellMethods
}

// format is the verb with its flags, width and precision, to hand a
// value to fmt.
func (p *cellPrinter) format() string {
	var b strings.Builder
	b.WriteByte('%')
	for _, f := range "+-# 0" {
		if p.s.Flag(int(f)) {
			b.WriteRune(f)
		}
	}
	if w, ok := p.s.Width(); ok {
		b.WriteString(strconv.Itoa(w))
	}
	if prec, ok := p.s.Precision(); ok {
		b.WriteString("." + strconv.Itoa(prec))
	}
	b.WriteRune(p.verb)
	return b.String()
}

func (p *cellPrinter) write(s string) { p.s.Write([]byte(s)) }

// value prints v at depth, as fmt's printValue does; ro marks a value Go
// reaches through an unexported field, whose methods fmt does not call.
func (p *cellPrinter) value(v reflect.Value, depth int, ro bool) {
	if inner, ok := interpretedValue(v); ok { // interpreted_values.go
		v = inner
	}
	if !v.IsValid() {
		switch {
		case depth == 0:
			p.write("<invalid reflect.Value>")
		case p.verb == 'v':
			p.write("<nil>")
		default:
			p.write("%!" + string(p.verb) + "(<nil>)")
		}
		return
	}
	t := v.Type()
	if v.Kind() != reflect.Interface && !holdsCellStruct(t) && !holdsInterpreted(v) {
		p.other(v, depth, ro)
		return
	}
	if depth > 0 && !ro && p.method(v) {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		cs, isCell := cellStructOf(t)
		if p.sharpV {
			p.write(typeString(t))
		}
		p.write("{")
		n := v.NumField()
		if isCell {
			n = len(cs.fields) // without the hidden field
		}
		for i := range n {
			if i > 0 {
				if p.sharpV {
					p.write(", ")
				} else {
					p.write(" ")
				}
			}
			name, exported := t.Field(i).Name, t.Field(i).IsExported()
			if isCell {
				name = cs.fields[i]
				exported = token.IsExported(name)
			}
			if p.plusV || p.sharpV {
				p.write(name + ":")
			}
			p.value(v.Field(i), depth+1, ro || !exported)
		}
		p.write("}")
	case reflect.Map:
		if p.sharpV {
			p.write(typeString(t))
			if v.IsNil() {
				p.write("(nil)")
				return
			}
			p.write("{")
		} else {
			p.write("map[")
		}
		keys := v.MapKeys()
		slices.SortStableFunc(keys, compareKeys)
		for i, k := range keys {
			if i > 0 {
				if p.sharpV {
					p.write(", ")
				} else {
					p.write(" ")
				}
			}
			p.value(k, depth+1, ro)
			p.write(":")
			p.value(v.MapIndex(k), depth+1, ro)
		}
		if p.sharpV {
			p.write("}")
		} else {
			p.write("]")
		}
	case reflect.Slice, reflect.Array:
		if p.sharpV {
			p.write(typeString(t))
			if v.Kind() == reflect.Slice && v.IsNil() {
				p.write("(nil)")
				return
			}
			p.write("{")
		} else {
			p.write("[")
		}
		for i := range v.Len() {
			if i > 0 {
				if p.sharpV {
					p.write(", ")
				} else {
					p.write(" ")
				}
			}
			p.value(v.Index(i), depth+1, ro)
		}
		if p.sharpV {
			p.write("}")
		} else {
			p.write("]")
		}
	case reflect.Pointer:
		if depth == 0 && !v.IsNil() {
			switch v.Elem().Kind() {
			case reflect.Array, reflect.Slice, reflect.Struct, reflect.Map:
				p.write("&")
				p.value(v.Elem(), depth+1, ro)
				return
			}
		}
		p.pointer(v)
	case reflect.Interface:
		if v.IsNil() {
			if p.sharpV {
				p.write(typeString(t) + "(nil)")
			} else {
				p.write("<nil>")
			}
			return
		}
		p.value(v.Elem(), depth+1, ro)
	default: // chan, func
		p.pointer(v)
	}
}

// other prints a value that holds no cell's struct type: fmt does, as it
// would at depth, where it prints a pointer as an address, not as & and
// the value (unless a method prints it).
func (p *cellPrinter) other(v reflect.Value, depth int, ro bool) {
	if ro {
		fmt.Fprintf(p.s, p.format(), readOnly(v))
		return
	}
	if depth > 0 && v.Kind() == reflect.Pointer && !p.methodPrints(v) {
		p.pointer(v)
		return
	}
	fmt.Fprintf(p.s, p.format(), v.Interface())
}

// methodPrints tells whether fmt would print v, at depth, with one of its
// methods.
func (p *cellPrinter) methodPrints(v reflect.Value) bool {
	switch v.Interface().(type) {
	case fmt.Formatter:
		return true
	case fmt.GoStringer:
		if p.sharpV {
			return true
		}
	}
	if p.sharpV {
		return false
	}
	switch p.verb {
	case 'v', 's', 'x', 'X', 'q':
		switch v.Interface().(type) {
		case error, fmt.Stringer:
			return true
		}
	}
	return false
}

// readOnly is v as fmt sees a value reached through an unexported field:
// a reflect.Value that cannot give its value as an interface, so that fmt
// calls no method of it, nor of what it holds.
func readOnly(v reflect.Value) reflect.Value {
	box := struct{ v any }{v.Interface()}
	return reflect.ValueOf(&box).Elem().Field(0).Elem()
}

// pointer prints a pointer, channel, function, map or slice as an address,
// as fmt's fmtPointer does.
func (p *cellPrinter) pointer(v reflect.Value) {
	ptr := v.UnsafePointer()
	u := uintptr(ptr)
	if p.verb == 'v' && p.sharpV {
		p.write("(" + typeString(v.Type()) + ")(")
		if u == 0 {
			p.write("nil")
		} else {
			p.write("0x" + strconv.FormatUint(uint64(u), 16))
		}
		p.write(")")
		return
	}
	switch p.verb {
	case 'v', 'p', 'b', 'o', 'd', 'x', 'X':
		// fmt prints an unsafe.Pointer as it prints any pointer.
		fmt.Fprintf(p.s, p.format(), ptr)
	default:
		p.badVerb(v)
	}
}

// badVerb prints what fmt prints for a verb that does not fit the value.
func (p *cellPrinter) badVerb(v reflect.Value) {
	p.write("%!" + string(p.verb) + "(" + typeString(v.Type()) + "=")
	(&cellPrinter{s: plainState{p.s}, verb: 'v'}).value(v, 0, true)
	p.write(")")
}

// plainState is a State without flags, width or precision, for the value
// in a bad verb's message, which fmt prints as %v.
type plainState struct{ fmt.State }

func (plainState) Flag(int) bool          { return false }
func (plainState) Width() (int, bool)     { return 0, false }
func (plainState) Precision() (int, bool) { return 0, false }

// compareKeys orders map keys as fmt prints them: numbers, strings and
// booleans (false first) by value, NaN first among floats, pointers and
// channels by address, structs and arrays element by element, interfaces
// by their dynamic type first, nil first.
func compareKeys(a, b reflect.Value) int {
	if a.Kind() != b.Kind() {
		return cmp.Compare(a.Kind(), b.Kind())
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(a.Uint(), b.Uint())
	case reflect.String:
		return cmp.Compare(a.String(), b.String())
	case reflect.Float32, reflect.Float64:
		return compareFloats(a.Float(), b.Float())
	case reflect.Complex64, reflect.Complex128:
		if c := compareFloats(real(a.Complex()), real(b.Complex())); c != 0 {
			return c
		}
		return compareFloats(imag(a.Complex()), imag(b.Complex()))
	case reflect.Bool:
		switch {
		case a.Bool() == b.Bool():
			return 0
		case a.Bool():
			return 1
		}
		return -1
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan:
		return cmp.Compare(a.Pointer(), b.Pointer())
	case reflect.Struct:
		for i := range a.NumField() {
			if c := compareKeys(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Array:
		for i := range a.Len() {
			if c := compareKeys(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Interface:
		switch {
		case a.IsNil() && b.IsNil():
			return 0
		case a.IsNil():
			return -1
		case b.IsNil():
			return 1
		}
		ta, tb := reflect.ValueOf(a.Elem().Type()), reflect.ValueOf(b.Elem().Type())
		if c := cmp.Compare(ta.Pointer(), tb.Pointer()); c != 0 {
			return c
		}
		return compareKeys(a.Elem(), b.Elem())
	}
	return 0
}

func compareFloats(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return -1
	case math.IsNaN(b):
		return 1
	}
	return cmp.Compare(a, b)
}

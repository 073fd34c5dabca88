// Package cell holds the types of gopherlab/interp/cell, the package that
// the interpreter imports into every cell (as _gopherlab), that must be
// Go types of that import path: yaegi finds the wrapper of an interface
// in the symbol table of the interface's own package. It also holds the
// functions of that package that the Go source of interp/gensrc calls,
// so that the toolchain checks that source as it is.
package cell

import (
	"fmt"
	"math"
	"reflect"
)

// NegZero tells whether x is a floating-point negative zero, which min and
// max order before positive zero although the two compare equal.
func NegZero(x any) bool {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		return f == 0 && math.Signbit(f)
	}
	return false
}

// NamedStringer and NamedFormatter are what fmt's functions as cells see
// them ask yaegi to wrap a value in (interp's cellFmtWrappers): a String
// or a Format method of a type a cell declares that is not one of its
// struct types, with the mark the rewrite gives such a method
// (celltypes.go). A cell's struct type has no mark: fmt's functions get
// its values as they are, and call its methods themselves, for yaegi
// makes the wrapper from the node of the expression the value came from,
// which it evaluates again when the wrapper is made.
type NamedStringer interface {
	String() string
	GopherlabNamedString()
}

// NamedFormatter: see NamedStringer.
type NamedFormatter interface {
	Format(f fmt.State, verb rune)
	GopherlabNamedFormat()
}

// NamedStringerWrapper is yaegi's wrapper of NamedStringer, in the form
// its wrappers have: the value, then a field for each method.
type NamedStringerWrapper struct {
	IValue                any
	WString               func() string
	WGopherlabNamedString func()
}

func (w NamedStringerWrapper) String() string        { return w.WString() }
func (w NamedStringerWrapper) GopherlabNamedString() { w.WGopherlabNamedString() }

// NamedFormatterWrapper is yaegi's wrapper of NamedFormatter.
type NamedFormatterWrapper struct {
	IValue                any
	WFormat               func(f fmt.State, verb rune)
	WGopherlabNamedFormat func()
}

func (w NamedFormatterWrapper) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }
func (w NamedFormatterWrapper) GopherlabNamedFormat()         { w.WGopherlabNamedFormat() }

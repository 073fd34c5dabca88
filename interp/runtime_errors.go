package interp

import (
	"reflect"
)

// yaegi runs a cell's indexing, slicing, make and dereferences through
// package reflect, so a cell's runtime errors come out in reflect's words
// ("reflect: slice index out of range", "call of reflect.Value.Set on zero
// Value"), as strings or *reflect.ValueError, not as Go's runtime.Error.
// goRuntimeError gives the cell's error Go's words. The strings are those
// package reflect panics with (Go's own, fixed by the toolchain), not
// yaegi's.
//
// Go's index and slice messages carry the index and the length ("index
// out of range [5] with length 3"), which reflect's panics do not: those
// get Go's words without them, as Go printed them before 1.12.

// runtimeError is a runtime panic of Go's: its Error is Go's message, and
// it is a runtime.Error.
type runtimeError struct{ msg string }

func (e runtimeError) Error() string { return "runtime error: " + e.msg }

// RuntimeError makes runtimeError a runtime.Error.
func (runtimeError) RuntimeError() {}

const nilDereference = "invalid memory address or nil pointer dereference"

// reflectMessages are reflect's panics, as strings, and the messages of
// Go's runtime errors they stand for.
var reflectMessages = map[string]string{
	"reflect: slice index out of range":                           "index out of range",
	"reflect: array index out of range":                           "index out of range",
	"reflect: string index out of range":                          "index out of range",
	"reflect.Value.Slice: slice index out of bounds":              "slice bounds out of range",
	"reflect.Value.Slice: string slice index out of bounds":       "slice bounds out of range",
	"reflect.Value.Slice3: slice index out of bounds":             "slice bounds out of range",
	"reflect.MakeSlice: negative len":                             "makeslice: len out of range",
	"reflect.MakeSlice: negative cap":                             "makeslice: cap out of range",
	"reflect.MakeSlice: len > cap":                                "makeslice: cap out of range",
	"reflect.MakeChan: negative buffer size":                      "makechan: size out of range",
	"reflect.Value.Call: call of nil function":                    nilDereference,
	"reflect: Method on nil interface value":                      nilDereference,
	"reflect: call of method on nil interface value":              nilDereference,
	"reflect: indirection through nil pointer to embedded struct": nilDereference,
}

// goRuntimeError returns the runtime error of Go's that the value of a
// panic stands for, or v when it is none of reflect's runtime panics.
func goRuntimeError(v any) any {
	switch x := v.(type) {
	case string:
		if msg, ok := reflectMessages[x]; ok {
			return runtimeError{msg: msg}
		}
	case *reflect.ValueError:
		// A method of the zero Value: what yaegi reaches through a nil
		// pointer or interface.
		if x.Kind == reflect.Invalid {
			return runtimeError{msg: nilDereference}
		}
	}
	return v
}

// derefCheck is _gopherlab.Deref, what "_ = *p" becomes (rewrite_deref.go):
// it panics as Go does when p is a nil pointer.
func derefCheck(p any) bool {
	if v := reflect.ValueOf(p); !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		panic(runtimeError{msg: nilDereference})
	}
	return true
}

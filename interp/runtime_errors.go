package interp

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
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
// out of range [5] with length 3"), which reflect's panics do not. Where
// the rewrite can, the cell checks the bounds itself first, with the
// functions below (rewrite_bounds.go); reflect's panics get Go's words
// without the numbers, as Go printed them before 1.12.

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
		if strings.HasSuffix(x, " using value obtained using unexported field") {
			return compiledFieldError{}
		}
	case *reflect.ValueError:
		// A method of the zero Value: what yaegi reaches through a nil
		// pointer or interface.
		if x.Kind == reflect.Invalid {
			return runtimeError{msg: nilDereference}
		}
	case error:
		// A failed type assertion: yaegi's message starts with the
		// position, which Go's does not (the traceback gives it).
		if m := yaegiConversion.FindStringSubmatch(x.Error()); m != nil {
			return conversionError{msg: "interface conversion: " + strings.Replace(m[1], "nil is not ", "interface is nil, not ", 1)}
		}
	}
	return v
}

// compiledFieldError is a cell's read or write of an unexported field of a
// compiled struct type, one a %%compile cell declared: Go would allow it in
// the same package, but the interpreter reaches a compiled value's fields
// through reflect, which refuses unexported ones (reflect's own words
// would not say why).
type compiledFieldError struct{}

func (compiledFieldError) Error() string {
	return "an unexported field of a compiled type (a %%compile cell's) cannot be read or set by interpreted code, " +
		"which reaches compiled fields through reflect; export the field, or declare the type in an interpreted cell"
}

// yaegiConversion matches the panic of a failed type assertion in yaegi.
var yaegiConversion = regexp.MustCompile(`^[^\s:]+:\d+:\d+: interface conversion: (.*)$`)

// conversionError is Go's *runtime.TypeAssertionError as a panic shows it:
// a runtime.Error whose message has no "runtime error: " before it.
type conversionError struct{ msg string }

func (e conversionError) Error() string { return e.msg }

// RuntimeError makes conversionError a runtime.Error.
func (conversionError) RuntimeError() {}

// derefCheck is _gopherlab.Deref, what "_ = *p" becomes (rewrite_deref.go):
// it panics as Go does when p is a nil pointer.
func derefCheck(p any) bool {
	if v := reflect.ValueOf(p); !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		panic(runtimeError{msg: nilDereference})
	}
	return true
}

// checkIndex is _gopherlab.Index: i, if it is an index of a value of
// length n, else Go's panic.
func checkIndex(i, n int) int {
	if uint(i) >= uint(n) {
		if i < 0 {
			panic(runtimeError{msg: fmt.Sprintf("index out of range [%d]", i)})
		}
		panic(runtimeError{msg: fmt.Sprintf("index out of range [%d] with length %d", i, n)})
	}
	return i
}

// indexPanic is _gopherlab.IndexPanic: Go's panic for an index i out of
// the range of a value of length n.
func indexPanic(i, n int) { checkIndex(i, n) }

// boundsWord is what Go's slice messages give: a slice's capacity, a
// string's or an array's length.
func boundsWord(isSlice bool) string {
	if isSlice {
		return "capacity"
	}
	return "length"
}

// checkSlice is _gopherlab.Slice: lo, if x[lo:hi] is within a value of
// capacity c, else Go's panic, for the bound Go checks first.
func checkSlice(isSlice bool, lo, hi, c int) int {
	switch {
	case uint(hi) > uint(c) && hi < 0:
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [:%d]", hi)})
	case uint(hi) > uint(c):
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [:%d] with %s %d", hi, boundsWord(isSlice), c)})
	case uint(lo) > uint(hi) && lo < 0:
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [%d:]", lo)})
	case uint(lo) > uint(hi):
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [%d:%d]", lo, hi)})
	}
	return lo
}

// checkSlice3 is _gopherlab.Slice3: checkSlice for x[lo:hi:max].
func checkSlice3(isSlice bool, lo, hi, max, c int) int {
	switch {
	case uint(max) > uint(c) && max < 0:
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [::%d]", max)})
	case uint(max) > uint(c):
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [::%d] with %s %d", max, boundsWord(isSlice), c)})
	case uint(hi) > uint(max) && hi < 0:
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [:%d:]", hi)})
	case uint(hi) > uint(max):
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [:%d:%d]", hi, max)})
	case uint(lo) > uint(hi) && lo < 0:
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [%d::]", lo)})
	case uint(lo) > uint(hi):
		panic(runtimeError{msg: fmt.Sprintf("slice bounds out of range [%d:%d:]", lo, hi)})
	}
	return lo
}

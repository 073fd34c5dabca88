package interp

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"testing"
)

// The panics yaegi and reflect raise for Go's runtime errors get Go's
// words, and are runtime.Errors as Go's are; other panics stay as they are.
func TestGoRuntimeError(t *testing.T) {
	tests := []struct {
		name    string
		panic   any
		want    string
		runtime bool
	}{
		{"reflect's index", "reflect: slice index out of range", "runtime error: index out of range", true},
		{"the zero Value", &reflect.ValueError{Method: "reflect.Value.Field", Kind: reflect.Invalid},
			"runtime error: invalid memory address or nil pointer dereference", true},
		{"yaegi's type assertion", errors.New("cell[3]:2:1: interface conversion: interface {} is string, not int"),
			"interface conversion: interface {} is string, not int", true},
		{"yaegi's assertion of nil", errors.New("cell[4]:2:5: interface conversion: nil is not interface { Foo()}"),
			"interface conversion: interface is nil, not interface { Foo()}", true},
		{"a user's string", "boom", "boom", false},
		{"a user's error that mentions a conversion", errors.New("interface conversion: mine"), "interface conversion: mine", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := goRuntimeError(tt.panic)
			_, isRuntime := got.(runtime.Error)
			if fmt.Sprint(got) != tt.want || isRuntime != tt.runtime {
				t.Errorf("got %q (runtime.Error %v), want %q (%v)", fmt.Sprint(got), isRuntime, tt.want, tt.runtime)
			}
		})
	}
}

package cmp

import (
	stdcmp "cmp"
	"math"
	"testing"
)

// What cells get for package cmp does what the standard library does,
// NaNs included.
func TestLikeTheStandardLibrary(t *testing.T) {
	nan := math.NaN()
	values := []float64{nan, math.Inf(-1), -1, math.Copysign(0, -1), 0, 2.5, math.Inf(1)}
	for _, x := range values {
		for _, y := range values {
			if got, want := Less(x, y), stdcmp.Less(x, y); got != want {
				t.Errorf("Less(%v, %v) = %v, the standard library %v", x, y, got, want)
			}
			if got, want := Compare(x, y), stdcmp.Compare(x, y); got != want {
				t.Errorf("Compare(%v, %v) = %v, the standard library %v", x, y, got, want)
			}
		}
	}
	for _, args := range [][]string{{""}, {"", "", "b"}, {"a", "b"}, {"", "c", "d"}} {
		if got, want := Or(args[0], args[1:]...), stdcmp.Or(args...); got != want {
			t.Errorf("Or(%q) = %q, the standard library %q", args, got, want)
		}
	}
}

// Package cmp replaces the functions of yaegi's package cmp with ones that
// compiled named types such as time.Duration can instantiate: the
// interpreter erases their constraints to any (see interp/generics.go).
package cmp

import stdcmp "cmp"

func Less[T stdcmp.Ordered](x, y T) bool {
	return (x != x && y == y) || x < y
}

func Compare[T stdcmp.Ordered](x, y T) int {
	xNaN, yNaN := x != x, y != y
	if xNaN && yNaN {
		return 0
	}
	if xNaN || x < y {
		return -1
	}
	if yNaN || x > y {
		return +1
	}
	return 0
}

// Or returns the first of its arguments that is not the zero value, as
// cmp.Or does. It takes (first T, rest ...T), not Go's (vals ...T):
// yaegi infers a type parameter only from a parameter that is not
// variadic, so that a slice spread into it (cmp.Or(s...)) cannot be
// taken.
func Or[T comparable](first T, rest ...T) T {
	var zero T
	if first != zero {
		return first
	}
	for _, v := range rest {
		if v != zero {
			return v
		}
	}
	return zero
}

package gensrc

import (
	"cmp"

	_gopherlab "gopherlab/interp/cell"
)

// _glMin and _glMax are the builtins min and max of two values, with the
// spec's rules for NaN and negative zero.
func _glMin[T cmp.Ordered](a, b T) T {
	if b < a || b != b || (b == a && _gopherlab.NegZero(b)) {
		return b
	}
	return a
}

func _glMax[T cmp.Ordered](a, b T) T {
	if b > a || b != b || (b == a && _gopherlab.NegZero(a)) {
		return b
	}
	return a
}

// _glId returns its argument: a closure passed through it is a value, as
// yaegi must make it to keep the variables it captures (see snapshots).
func _glId[T any](x T) T { return x }

// _glNew is Go 1.26's new(expr): a pointer to a new variable holding the
// value of expr (see rewrite_new.go).
func _glNew[T any](v T) *T { return &v }

// _glElem gives a value that a range-over-function loop pulled the type
// its iterator yields, which seq's type tells.
func _glElem[V any](seq func(func(V) bool), v any) V {
	if v == nil {
		var zero V
		return zero
	}
	return v.(V)
}

func _glElem2[K, V any](seq func(func(K, V) bool), k, v any) (K, V) {
	var (
		zk K
		zv V
	)
	if k != nil {
		zk = k.(K)
	}
	if v != nil {
		zv = v.(V)
	}
	return zk, zv
}

// _glError is what a value becomes an error through (rewrite_error.go):
// yaegi gives a value of a cell's type its methods when it passes it as a
// parameter of type error, not when it assigns or converts it.
func _glError(e error) error { return e }

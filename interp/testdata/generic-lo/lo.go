// Package lo is a module of generic functions and types, for the tests of
// their instances in interpreted cells (interp/instantiate.go).
package lo

// Map is f of each of xs.
func Map[T, R any](xs []T, f func(T) R) []R {
	out := make([]R, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// Sum adds xs.
func Sum[T ~int | ~float64](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

// Stack is a last-in first-out stack.
type Stack[T any] struct{ items []T }

// Push puts x on top.
func (s *Stack[T]) Push(x T) { s.items = append(s.items, x) }

// Pop takes the top off, if there is one.
func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	x := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return x, true
}

// Len is how many the stack holds.
func (s *Stack[T]) Len() int { return len(s.items) }

// Pair is a key and its value.
type Pair[K comparable, V any] struct {
	Key   K
	Value V
}

// Version is an untyped constant: the table of a package of generics and
// untyped constants names nothing of it (native.importTable).
const Version = "1.1"

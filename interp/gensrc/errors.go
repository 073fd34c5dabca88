// Package gensrc holds Go source that the interpreter compiles into the
// package main of cells when it starts (interp/generics.go): generic
// functions of the standard library that compiled symbol tables cannot
// give cells. It is a package of its own so that the Go toolchain checks
// it; the interpreter replaces its package clause. The rewrites of
// interp/rewrite_stdgeneric.go turn the standard names into these.
package gensrc

import "errors"

// _glAsType is Go 1.26's errors.AsType: the first error in err's tree of
// type E, and whether there is one.
func _glAsType[E error](err error) (E, bool) {
	var target E
	ok := errors.As(err, &target)
	return target, ok
}

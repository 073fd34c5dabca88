package gensrc

import "reflect"

// _glTypeAssert is Go 1.25's reflect.TypeAssert: v's value as a T, and
// whether it is one.
func _glTypeAssert[T any](v reflect.Value) (T, bool) {
	x, ok := v.Interface().(T)
	return x, ok
}

package interp

// yaegi keeps a value of an interface type that interpreted code made from
// a value of another type (a struct in an []any, a map[string]any's
// value, an any parameter, field or channel element) as its own
// valueInterface: the value, with the interpreter's node of its type. It
// hands that to compiled code as it is, where the value is one level
// below: fmt printed [{0xc000… {0xc000… 409}} 5] for []any{point{3, 4}, 5},
// and encoding/json {} for it. fmt as cells see it (cellfmt.go) and the
// functions of encoding/json that cells call (jsonSymbols) take the values
// out first; other compiled code still gets them as yaegi gives them.

import (
	"reflect"
	"slices"
	"sync"
	"unsafe"
)

// interpretedValue is the value in v when v is one of yaegi's interface
// values, or an interface holding one: the value as compiled code would
// have got it from a Go program.
func interpretedValue(v reflect.Value) (reflect.Value, bool) {
	found := false
	for {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		if !v.IsValid() || !isValueInterface(v.Type()) {
			return v, found
		}
		// A copy, which is addressable, gives its unexported field.
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v, found = *(*reflect.Value)(unsafe.Pointer(c.Field(valueField).UnsafeAddr())), true
		if !v.IsValid() {
			return v, true
		}
	}
}

// valueField is the index of the value in yaegi's valueInterface,
// struct{ node *node; value reflect.Value }.
const valueField = 1

// isValueInterface tells yaegi's valueInterface type: a struct of its
// interp package of that name, whose second field is a reflect.Value.
func isValueInterface(t reflect.Type) bool {
	return t != nil && t.Kind() == reflect.Struct && t.Name() == "valueInterface" && t.PkgPath() == yaegiPrefix+"interp" &&
		t.NumField() > valueField && t.Field(valueField).Type == reflect.TypeFor[reflect.Value]()
}

// maxPlainDepth bounds how deep holdsInterpreted and plainValue look: a
// value deeper than that is left as it is.
const maxPlainDepth = 32

// holdsInterpreted tells whether v holds one of yaegi's interface values,
// as deep as compiled code that walks it would look.
func holdsInterpreted(v reflect.Value) bool {
	return holdsInterpretedAt(v, 0)
}

func holdsInterpretedAt(v reflect.Value, depth int) bool {
	if !v.IsValid() || depth > maxPlainDepth {
		return false
	}
	switch v.Kind() {
	case reflect.Interface:
		return !v.IsNil() && holdsInterpretedAt(v.Elem(), depth+1)
	case reflect.Struct:
		if isValueInterface(v.Type()) {
			return true
		}
		for i := range v.NumField() {
			if mayHoldInterface(v.Field(i).Type()) && holdsInterpretedAt(v.Field(i), depth+1) {
				return true
			}
		}
	case reflect.Pointer:
		return !v.IsNil() && mayHoldInterface(v.Type().Elem()) && holdsInterpretedAt(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if !mayHoldInterface(v.Type().Elem()) {
			return false
		}
		for i := range v.Len() {
			if holdsInterpretedAt(v.Index(i), depth+1) {
				return true
			}
		}
	case reflect.Map:
		if !mayHoldInterface(v.Type().Elem()) && !mayHoldInterface(v.Type().Key()) {
			return false
		}
		it := v.MapRange()
		for it.Next() {
			if holdsInterpretedAt(it.Key(), depth+1) || holdsInterpretedAt(it.Value(), depth+1) {
				return true
			}
		}
	}
	return false
}

// mayHoldInterface tells whether a value of type t may hold an interface
// value, and so one of yaegi's: asked for every element fmt prints, so
// kept.
func mayHoldInterface(t reflect.Type) bool {
	if v, ok := mayHoldTypes.Load(t); ok {
		return v.(bool)
	}
	may := mayHold(t, map[reflect.Type]bool{})
	mayHoldTypes.Store(t, may)
	return may
}

var mayHoldTypes sync.Map // reflect.Type → bool

func mayHold(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Struct:
		if isValueInterface(t) {
			return true
		}
		for i := range t.NumField() {
			if mayHold(t.Field(i).Type, seen) {
				return true
			}
		}
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return mayHold(t.Elem(), seen)
	case reflect.Map:
		return mayHold(t.Key(), seen) || mayHold(t.Elem(), seen)
	}
	return false
}

// plainValue is v with yaegi's interface values in it replaced by the
// values they hold, in copies of what holds them (slices, arrays, maps,
// structs, what pointers point to), for compiled code that only reads it:
// v itself when it holds none.
func plainValue(v reflect.Value) reflect.Value {
	if !holdsInterpreted(v) {
		return v
	}
	return plainAt(v, 0)
}

func plainAt(v reflect.Value, depth int) reflect.Value {
	if !v.IsValid() || depth > maxPlainDepth || !holdsInterpretedAt(v, 0) {
		return v
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.Interface:
		inner, _ := interpretedValue(v)
		if !inner.IsValid() {
			return reflect.Zero(t)
		}
		out := reflect.New(t).Elem()
		plain := plainAt(inner, depth+1)
		if !plain.Type().AssignableTo(t) {
			return v
		}
		out.Set(plain)
		return out
	case reflect.Struct:
		if isValueInterface(t) {
			inner, _ := interpretedValue(v)
			return plainAt(inner, depth+1)
		}
		out := reflect.New(t).Elem()
		out.Set(v)
		for i := range v.NumField() {
			if f := out.Field(i); f.CanSet() && mayHoldInterface(f.Type()) {
				setPlain(f, plainAt(v.Field(i), depth+1))
			}
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t.Elem())
		setPlain(out.Elem(), plainAt(v.Elem(), depth+1))
		return out
	case reflect.Slice:
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			setPlain(out.Index(i), plainAt(v.Index(i), depth+1))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := range v.Len() {
			setPlain(out.Index(i), plainAt(v.Index(i), depth+1))
		}
		return out
	case reflect.Map:
		out := reflect.MakeMapWithSize(t, v.Len())
		it := v.MapRange()
		for it.Next() {
			k, e := plainAt(it.Key(), depth+1), plainAt(it.Value(), depth+1)
			if !k.Type().AssignableTo(t.Key()) || !e.Type().AssignableTo(t.Elem()) {
				return v
			}
			out.SetMapIndex(k, e)
		}
		return out
	}
	return v
}

// setPlain sets dst to v where it may, which a value of yaegi's that the
// interpreter typed otherwise than reflect does may not.
func setPlain(dst, v reflect.Value) {
	if v.IsValid() && v.Type().AssignableTo(dst.Type()) {
		dst.Set(v)
	}
}

// unwrapInterface is v, or the value in it when it is one of yaegi's
// interface values: what the interpreter's function for a compiled cell's
// passes on for a parameter of type any (compile_declare.go), which
// yaegi would hand over in its wrapper. Only the top level: a value that
// holds one deeper is the caller's, which the compiled function may
// change, and is left as it is.
func unwrapInterface(v any) any {
	u, _ := unwrapped(v)
	return u
}

// unwrapped is unwrapInterface's value, and whether v was yaegi's.
func unwrapped(v any) (any, bool) {
	inner, ok := interpretedValue(reflect.ValueOf(v))
	switch {
	case !ok:
		return v, false
	case !inner.IsValid() || !inner.CanInterface():
		return nil, true
	}
	return inner.Interface(), true
}

// unwrapInterfaces is vs with unwrapInterface applied to each, for a
// variadic ...any: vs itself when none is yaegi's.
func unwrapInterfaces(vs []any) []any {
	var out []any
	for i, v := range vs {
		u, ok := unwrapped(v)
		if ok && out == nil {
			out = slices.Clone(vs)
		}
		if out != nil {
			out[i] = u
		}
	}
	if out == nil {
		return vs
	}
	return out
}

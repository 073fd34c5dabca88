package interp

import (
	"encoding"
	"encoding/json"
	"reflect"
)

// jsonSymbols are encoding/json's Marshal and MarshalIndent as cells see
// them: with yaegi's interface values in what they are given replaced by
// the values they hold (interpreted_values.go), without which
// json.Marshal(map[string]any{"p": point{3, 4}}) gives {"p":{}}. The
// mapTypes are what yaegi wraps their argument in, as for json's own
// (stdMapTypes): MarshalJSON and MarshalText at the top level.
func jsonSymbols() (syms map[string]reflect.Value, mapTypes map[reflect.Value][]reflect.Type) {
	marshal := reflect.ValueOf(func(v any) ([]byte, error) { return json.Marshal(plainAny(v)) })
	indent := reflect.ValueOf(func(v any, prefix, indent string) ([]byte, error) {
		return json.MarshalIndent(plainAny(v), prefix, indent)
	})
	wrappers := []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}
	return map[string]reflect.Value{"Marshal": marshal, "MarshalIndent": indent},
		map[reflect.Value][]reflect.Type{marshal: wrappers, indent: wrappers}
}

// plainAny is v with yaegi's interface values in it replaced by the values
// they hold, for compiled code that reads it.
func plainAny(v any) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return v
	}
	if inner, ok := interpretedValue(rv); ok {
		if !inner.IsValid() {
			return nil
		}
		rv = inner
	}
	if p := plainValue(rv); p.CanInterface() {
		return p.Interface()
	}
	return v
}

// jsonEncode is what a call of an Encoder's Encode becomes
// (rewrite_jsonencode.go): Encode of v with yaegi's interface values in
// it replaced by the values they hold.
func jsonEncode(e *json.Encoder, v any) error { return e.Encode(plainAny(v)) }

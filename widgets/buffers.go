package widgets

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
)

// Binary values of a state ([]byte: an image's pixels) do not travel as
// JSON. The widget protocol takes them out of the state and sends them as
// the message's binary buffers, with buffer_paths saying where each goes
// back in: ["value"] for a key of the state, ["states", id, "state", "value"]
// deeper down. These functions do that in both directions, as ipywidgets'
// _remove_buffers and _put_buffers do.

// splitBuffers returns state without its binary values, the paths they were
// at and the values, in the same order. state itself is not changed; the
// maps and slices on a path to a binary value are copied.
func splitBuffers(state map[string]any) (clean map[string]any, paths []any, buffers [][]byte) {
	var walk func(v any, path []any) (any, bool)
	walk = func(v any, path []any) (any, bool) {
		switch v := v.(type) {
		case []byte:
			paths = append(paths, append([]any(nil), path...))
			buffers = append(buffers, v)
			return nil, true
		case map[string]any:
			var out map[string]any
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if nv, changed := walk(v[k], append(path, k)); changed {
					if out == nil {
						out = maps.Clone(v)
					}
					if _, binary := v[k].([]byte); binary {
						delete(out, k) // ipywidgets leaves no key behind
					} else {
						out[k] = nv
					}
				}
			}
			if out == nil {
				return v, false
			}
			return out, true
		case []any:
			var out []any
			for i, e := range v {
				if nv, changed := walk(e, append(path, i)); changed {
					if out == nil {
						out = append([]any(nil), v...)
					}
					out[i] = nv // a list keeps its place, with null
				}
			}
			if out == nil {
				return v, false
			}
			return out, true
		}
		return v, false
	}
	paths = []any{} // JSON's [], never null
	out, _ := walk(state, nil)
	return out.(map[string]any), paths, buffers
}

// putBuffers puts each buffer into state at its path, the inverse of
// splitBuffers, for what a front end sends. A path that does not lead into
// the state is an error: the message is malformed.
func putBuffers(state map[string]any, paths []any, buffers [][]byte) error {
	if len(paths) != len(buffers) {
		return fmt.Errorf("widgets: %d buffer paths for %d buffers", len(paths), len(buffers))
	}
	for i, p := range paths {
		path, ok := p.([]any)
		if !ok || len(path) == 0 {
			return fmt.Errorf("widgets: buffer path %d is %v, not a list of keys", i, p)
		}
		var at any = state
		for j, key := range path {
			last := j == len(path)-1
			switch c := at.(type) {
			case map[string]any:
				k, ok := key.(string)
				if !ok {
					return fmt.Errorf("widgets: buffer path %v: %v is no key of an object", path, key)
				}
				if last {
					c[k] = buffers[i]
				} else {
					at = c[k]
				}
			case []any:
				n, ok := index(key)
				if !ok || n < 0 || n >= len(c) {
					return fmt.Errorf("widgets: buffer path %v: %v is no index of a list of %d", path, key, len(c))
				}
				if last {
					c[n] = buffers[i]
				} else {
					at = c[n]
				}
			default:
				return fmt.Errorf("widgets: buffer path %v leads nowhere at %v", path, key)
			}
		}
	}
	return nil
}

// index reads a list index of a path, a number as JSON gives it.
func index(key any) (int, bool) {
	switch key.(type) {
	case int, float64, json.Number:
		f := toFloat(key)
		return int(f), f == math.Trunc(f)
	}
	return 0, false
}

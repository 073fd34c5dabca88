package debugger

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"

	"gopherlab/display"
)

// What a variable shows: its value in a line, its type, and, for a value
// made of others (a struct, a slice, a map, a pointer), a number the front
// end asks for those by.

// maxChildren bounds the elements of a slice, array or map listed: a
// million-element slice is shown by its first elements, as delve does.
const maxChildren = 100

// maxValue bounds a value's line of text.
const maxValue = 200

// refs numbers the lists of variables handed out while goroutines are
// stopped (or for one inspectVariables), as DAP's variablesReference.
type refs struct {
	lists []func() []Variable
}

// addList numbers a list of variables.
func (r *refs) addList(vars []Variable) int {
	return r.add(func() []Variable { return vars })
}

func (r *refs) add(children func() []Variable) int {
	r.lists = append(r.lists, children)
	return len(r.lists)
}

func (r *refs) children(ref int) ([]Variable, bool) {
	if ref < 1 || ref > len(r.lists) {
		return nil, false
	}
	return r.lists[ref-1](), true
}

// variableList is vars as DAP variables; a.mu is held.
func (a *Adapter) variableList(vars []Variable) []any {
	list := make([]any, 0, len(vars))
	for _, v := range vars {
		dv := map[string]any{
			"name": v.Name, "value": valueLine(v.Value), "type": a.typeName(v.Value),
			"evaluateName": v.Name, "variablesReference": 0,
		}
		if children := a.childrenOf(v.Value); children != nil {
			dv["variablesReference"] = a.values.add(children)
		}
		list = append(list, dv)
	}
	return list
}

func (a *Adapter) typeName(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	return a.target.TypeName(v.Type())
}

// valueLine is a value in one line, short.
func valueLine(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	var s string
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		if v.IsNil() {
			return "nil"
		}
	}
	switch v.Kind() {
	case reflect.String:
		s = strconv.Quote(v.String())
	case reflect.Slice, reflect.Array:
		s = fmt.Sprintf("%s len=%d", v.Type(), v.Len())
		if v.Kind() == reflect.Slice {
			s += fmt.Sprintf(" cap=%d", v.Cap())
		}
	case reflect.Map:
		s = fmt.Sprintf("%s len=%d", v.Type(), v.Len())
	case reflect.Chan:
		s = fmt.Sprintf("%s len=%d cap=%d", v.Type(), v.Len(), v.Cap())
	case reflect.Func:
		s = v.Type().String()
	case reflect.Pointer:
		s = "&" + valueLine(v.Elem())
	case reflect.Interface:
		s = valueLine(v.Elem())
	default:
		s = fmt.Sprint(v) // fmt reads a reflect.Value's content, unexported fields too
	}
	if len(s) > maxValue {
		s = s[:maxValue] + "…"
	}
	return s
}

// childrenOf returns the function listing the values v is made of, or nil
// for a value that has none.
func (a *Adapter) childrenOf(v reflect.Value) func() []Variable {
	if !v.IsValid() {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		e := v.Elem()
		if a.childrenOf(e) == nil {
			return func() []Variable { return []Variable{{Name: "*", Value: e}} }
		}
		return a.childrenOf(e)
	case reflect.Struct:
		names := a.target.FieldNames(v.Type())
		if v.NumField() == 0 || names != nil && len(names) != v.NumField() {
			return nil // no fields, or only one the interpreter hides
		}
		return func() []Variable {
			vars := make([]Variable, v.NumField())
			for i := range vars {
				name := v.Type().Field(i).Name
				if names != nil {
					name = names[i]
				}
				vars[i] = Variable{Name: name, Value: v.Field(i)}
			}
			return vars
		}
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			return nil
		}
		return func() []Variable {
			n := min(v.Len(), maxChildren)
			vars := make([]Variable, n)
			for i := range vars {
				vars[i] = Variable{Name: "[" + strconv.Itoa(i) + "]", Value: v.Index(i)}
			}
			return vars
		}
	case reflect.Map:
		if v.Len() == 0 {
			return nil
		}
		return func() []Variable {
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
			vars := make([]Variable, 0, min(len(keys), maxChildren))
			for _, k := range keys[:min(len(keys), maxChildren)] {
				vars = append(vars, Variable{Name: valueLine(k), Value: v.MapIndex(k)})
			}
			return vars
		}
	}
	return nil
}

// richInspect shows a variable as a cell shows its value: a MIME bundle,
// for the front end's variable viewer.
func (a *Adapter) richInspect(args map[string]any) (map[string]any, error) {
	name, _ := args["variableName"].(string)
	for _, v := range a.target.Globals() {
		if v.Name == name && v.Value.IsValid() && v.Value.CanInterface() {
			return map[string]any{"data": display.Bundle(v.Value.Interface()), "metadata": map[string]any{}}, nil
		}
	}
	return map[string]any{"data": map[string]any{}, "metadata": map[string]any{}}, nil
}

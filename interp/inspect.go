package interp

import (
	"fmt"
	"go/constant"
	"reflect"
	"strconv"
	"strings"

	"gopherlab/display"
)

// Inspect describes the identifier at cursor (an offset in code points),
// or the pkg.Name selector it ends: a package member's kind and type, from
// the interpreter's symbol table; a name a cell declared, with its
// declaration, or its type and value for a variable. found is false when
// the name means nothing the interpreter knows. detail is accepted for the
// messaging spec and is unused for now: the text is the same at any level.
func (in *Interpreter) Inspect(code string, cursor, detail int) (data map[string]any, found bool) {
	off := byteOffset(code, cursor)
	start, end := identStart(code, off), identEnd(code, off)
	if start == end {
		return nil, false
	}
	name := code[start:end]
	var text string
	if base, ok := selectorBase(code, start); ok {
		text, found = in.inspectMember(code, base, name)
	} else {
		text, found = in.inspectName(code, name)
	}
	if !found {
		return nil, false
	}
	return map[string]any{display.MIMEText: text}, true
}

func (in *Interpreter) inspectMember(code, base, name string) (string, bool) {
	ipath, ok := in.packagePath(code, base)
	if !ok {
		return "", false
	}
	v, ok := packageSymbols(ipath)[name]
	if !ok {
		return "", false
	}
	return describeSymbol(base+"."+name, v), true
}

func (in *Interpreter) inspectName(code, name string) (string, bool) {
	in.mu.Lock()
	g, declared := in.globals[name]
	in.mu.Unlock()
	if declared {
		switch g.kind {
		case "func", "type":
			return g.decl, true
		}
		if v, ok := in.global(name); ok {
			if c, ok := v.Interface().(constant.Value); ok {
				return fmt.Sprintf("const %s = %s", name, constantString(c)), true
			}
			return fmt.Sprintf("%s %s %s = %s", g.kind, name, typeName(v), display.Plain(valueOf(v))), true
		}
		return g.kind + " " + name, true
	}
	if ipath, ok := in.packagePath(code, name); ok {
		return fmt.Sprintf("package %s // import %q", packageName(ipath), ipath), true
	}
	return "", false
}

// describeSymbol renders a symbol of a compiled package as Go would
// declare it, as far as reflection can tell.
func describeSymbol(name string, v reflect.Value) string {
	switch {
	case !v.IsValid():
		return name
	case isConstant(v):
		return fmt.Sprintf("const %s = %s", name, constantString(v.Interface().(constant.Value)))
	case v.Kind() == reflect.Func:
		return fmt.Sprintf("func %s%s", name, strings.TrimPrefix(v.Type().String(), "func"))
	case v.Kind() == reflect.Pointer && v.IsNil():
		// yaegi's tables give a type T as a nil *T.
		t := v.Type().Elem()
		return fmt.Sprintf("type %s %s", name, underlying(t))
	case v.CanAddr():
		return fmt.Sprintf("var %s %s", name, v.Type())
	default:
		return fmt.Sprintf("const %s %s = %v", name, v.Type(), v.Interface())
	}
}

func isConstant(v reflect.Value) bool {
	if !v.CanInterface() {
		return false
	}
	_, ok := v.Interface().(constant.Value)
	return ok
}

// constantString prints an untyped constant in full, where its String
// abbreviates: math.Pi is 3.141592653589793, not 3.14159.
func constantString(c constant.Value) string {
	if c.Kind() == constant.Float {
		f, _ := constant.Float64Val(c)
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return c.ExactString()
}

// underlying describes what a type is made of: its kind, with the fields
// of a struct and the methods of an interface.
func underlying(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		var b strings.Builder
		b.WriteString("struct {")
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() {
				fmt.Fprintf(&b, "\n\t%s %s", f.Name, f.Type)
			}
		}
		if t.NumField() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
		return b.String()
	case reflect.Interface:
		var b strings.Builder
		b.WriteString("interface {")
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			fmt.Fprintf(&b, "\n\t%s%s", m.Name, strings.TrimPrefix(m.Type.String(), "func"))
		}
		if t.NumMethod() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
		return b.String()
	}
	return t.Kind().String()
}

// typeName is a value's type as people write it.
func typeName(v reflect.Value) string {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	return v.Type().String()
}

// valueOf is v's value for printing.
func valueOf(v reflect.Value) any {
	if !v.CanInterface() {
		return fmt.Sprint(v)
	}
	if inner, ok := unwrap(v.Interface()); ok {
		return inner
	}
	return v.Interface()
}

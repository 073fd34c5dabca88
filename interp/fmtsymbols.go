package interp

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// fmtSymbols are fmt's printing functions as cells see them: fmt's own,
// given the cell's values that hold its struct types as cellArgs
// (cellfmt.go), Print, Printf and Println writing to stdout, the cell's
// standard output. formatting are those to which yaegi must give values
// with methods in its wrappers, which carry the methods to compiled code.
func fmtSymbols(stdout io.Writer, m *cellMethods) (syms map[string]reflect.Value, formatting []reflect.Value) {
	syms = map[string]reflect.Value{
		"Print": reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprint(stdout, m.args(a)...) }),
		"Printf": reflect.ValueOf(func(format string, a ...any) (int, error) {
			format, a = m.format(format, a)
			return fmt.Fprintf(stdout, format, a...)
		}),
		"Println": reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprintln(stdout, m.args(a)...) }),
		"Sprint":  reflect.ValueOf(func(a ...any) string { return fmt.Sprint(m.args(a)...) }),
		"Sprintf": reflect.ValueOf(func(format string, a ...any) string {
			format, a = m.format(format, a)
			return fmt.Sprintf(format, a...)
		}),
		"Sprintln": reflect.ValueOf(func(a ...any) string { return fmt.Sprintln(m.args(a)...) }),
		"Fprint":   reflect.ValueOf(func(w io.Writer, a ...any) (int, error) { return fmt.Fprint(w, m.args(a)...) }),
		"Fprintf": reflect.ValueOf(func(w io.Writer, format string, a ...any) (int, error) {
			format, a = m.format(format, a)
			return fmt.Fprintf(w, format, a...)
		}),
		"Fprintln": reflect.ValueOf(func(w io.Writer, a ...any) (int, error) { return fmt.Fprintln(w, m.args(a)...) }),
		"Errorf": reflect.ValueOf(func(format string, a ...any) error {
			format, a = m.format(format, a)
			return fmt.Errorf(format, a...)
		}),
		"Append": reflect.ValueOf(func(b []byte, a ...any) []byte { return fmt.Append(b, m.args(a)...) }),
		"Appendf": reflect.ValueOf(func(b []byte, format string, a ...any) []byte {
			format, a = m.format(format, a)
			return fmt.Appendf(b, format, a...)
		}),
		"Appendln": reflect.ValueOf(func(b []byte, a ...any) []byte { return fmt.Appendln(b, m.args(a)...) }),
	}
	for _, v := range syms {
		formatting = append(formatting, v)
	}
	return syms, formatting
}

// fmtKey is the key of fmtSymbols in the tables given to yaegi. It names
// the package fmt as "fmt/fmt" does, but yaegi, seeing "fmt/fmt" in a
// table, takes it for its standard library and replaces Print, Printf,
// Println and log's functions with its own (its fixStdlib).
const fmtKey = "fmt/./fmt"

// args is args with the values fmt would print otherwise than Go as
// cellArgs; args itself when there are none.
func (m *cellMethods) args(args []any) []any {
	out, _ := m.wrapArgs(args)
	return out
}

// wrapArgs is cellArgs, and whether it wrapped any: then out is a copy,
// and the caller's slice stays as it was.
func (m *cellMethods) wrapArgs(args []any) (out []any, wrapped bool) {
	for i, a := range args {
		if ca, ok := m.cellArg(a); ok {
			if !wrapped {
				out, wrapped = append([]any(nil), args...), true
			}
			out[i] = ca
		}
	}
	if !wrapped {
		return args, false
	}
	return out, true
}

// cellArg tells whether fmt would print a otherwise than Go: a value
// that holds a cell's struct type, or one in yaegi's wrapper, whose %d
// and %#v would show the wrapper, or that holds yaegi's interface values.
func (m *cellMethods) cellArg(a any) (cellArg, bool) {
	if a == nil {
		return cellArg{}, false
	}
	v := reflect.ValueOf(a)
	if inner, ok := yaegiWrapped(v); ok {
		return cellArg{v: inner, wrapper: a, m: m}, true
	}
	if inner, ok := interpretedValue(v); ok { // interpreted_values.go
		if !inner.IsValid() {
			return cellArg{}, false
		}
		return cellArg{v: inner, m: m}, true
	}
	if holdsCellStruct(v.Type()) || holdsInterpreted(v) {
		return cellArg{v: v, m: m}, true
	}
	return cellArg{}, false
}

// yaegiWrapped returns the value in a wrapper that yaegi gives compiled
// code for a value with methods: a struct of its stdlib package, or of
// the cell package (cell.NamedStringerWrapper), whose first field,
// IValue, holds the value.
func yaegiWrapped(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	if v.Kind() != reflect.Struct || t.PkgPath() != yaegiPrefix+"stdlib" && t.PkgPath() != cellPkgPath || t.NumField() == 0 || t.Field(0).Name != "IValue" {
		return reflect.Value{}, false
	}
	inner := v.Field(0)
	if inner.Kind() == reflect.Interface {
		inner = inner.Elem()
	}
	return inner, inner.IsValid()
}

// format is format and args for fmt, with args as cellArgs gives them
// and, in format, the verbs %T and %p of those args replaced by verbs of
// cellArg's own: fmt handles %T and %p itself, never calling Format. It
// finds the argument of each verb as fmt does (explicit indexes, * for
// width and precision).
func (m *cellMethods) format(format string, args []any) (string, []any) {
	args2, ok := m.wrapArgs(args)
	if !ok {
		if !slices.ContainsFunc(args, namesCellPackage) { // compiled_typenames.go
			return format, args
		}
		args2 = slices.Clone(args)
	}
	wrapped := func(n int) bool {
		_, ok := args2[n].(cellArg)
		return ok
	}
	var b strings.Builder
	last, argNum, end := 0, 0, len(format)
	for i := 0; i < end; {
		if format[i] != '%' {
			i++
			continue
		}
		i++
		good := true
		for i < end && strings.IndexByte("#0+- ", format[i]) >= 0 {
			i++
		}
		var afterIndex bool
		argNum, i, afterIndex = argNumber(argNum, format, i, len(args), &good)
		if i < end && format[i] == '*' {
			i++
			if argNum < len(args) {
				argNum++
			}
			afterIndex = false
		} else {
			start := i
			for i < end && '0' <= format[i] && format[i] <= '9' {
				i++
			}
			if afterIndex && i > start {
				good = false
			}
		}
		if i+1 < end && format[i] == '.' {
			i++
			if afterIndex {
				good = false
			}
			argNum, i, afterIndex = argNumber(argNum, format, i, len(args), &good)
			if i < end && format[i] == '*' {
				i++
				if argNum < len(args) {
					argNum++
				}
				afterIndex = false
			} else {
				for i < end && '0' <= format[i] && format[i] <= '9' {
					i++
				}
			}
		}
		if !afterIndex {
			argNum, i, _ = argNumber(argNum, format, i, len(args), &good)
		}
		if i >= end {
			break
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		at := i
		i += size
		if verb == '%' || !good || argNum >= len(args) {
			continue
		}
		if ca, ok := args2[argNum].(cellArg); ok && verb == 'w' {
			args2[argNum], _ = ca.asError()
		}
		if verb == 'T' && !wrapped(argNum) && namesCellPackage(args2[argNum]) {
			args2[argNum] = cellPathTyped{args2[argNum]}
		}
		if _, typed := args2[argNum].(cellPathTyped); typed && verb == 'T' || wrapped(argNum) && (verb == 'T' || verb == 'p') {
			b.WriteString(format[last:at])
			if verb == 'T' {
				b.WriteRune(typeVerb)
			} else {
				b.WriteRune(pointerVerb)
			}
			last = i
		}
		argNum++
	}
	if last == 0 {
		return format, args2
	}
	b.WriteString(format[last:])
	return b.String(), args2
}

// argNumber reads an explicit argument index [n] at format[i:], as fmt
// does: the argument number it gives, where the format goes on, and
// whether there was one; good becomes false for an index out of range.
func argNumber(argNum int, format string, i, numArgs int, good *bool) (int, int, bool) {
	if i >= len(format) || format[i] != '[' {
		return argNum, i, false
	}
	for j := i + 1; j < len(format); j++ {
		if format[j] != ']' {
			continue
		}
		n, digits := 0, 0
		for k := i + 1; k < j && '0' <= format[k] && format[k] <= '9'; k++ {
			n = n*10 + int(format[k]-'0')
			digits++
		}
		if digits == 0 || i+1+digits != j {
			*good = false
			return argNum, j + 1, false
		}
		if n-1 < 0 || n-1 >= numArgs {
			*good = false
			return argNum, j + 1, true
		}
		return n - 1, j + 1, true
	}
	*good = false
	return argNum, i + 1, false
}

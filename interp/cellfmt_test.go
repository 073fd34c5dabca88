package interp

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// The types whose values TestCellFormat prints as Go does, and, made as
// yaegi makes a cell's types (mirror), as fmt's functions in cells do.
type (
	fmtPoint struct{ x, y int }
	fmtSeg   struct {
		from, to fmtPoint
		Label    string
		next     *fmtPoint
		M        map[string]fmtPoint
		L        []*fmtPoint
		A        any
		at       time.Duration
		Took     time.Duration
	}
	fmtTemp struct{ deg float64 } // with a String method
	fmtBox  struct {
		T fmtTemp
		t fmtTemp
		P *fmtTemp
	}
	fmtEmpty struct{}
)

func (t fmtTemp) String() string { return fmt.Sprintf("%.1f°", t.deg) }

// mirrorType is t as yaegi would make it, had a cell declared its types:
// structs of this package unnamed, their fields exported, and tagged as
// the rewrite tags them (celltypes.go).
func mirrorType(t reflect.Type) reflect.Type {
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.PointerTo(mirrorType(t.Elem()))
	case reflect.Slice:
		return reflect.SliceOf(mirrorType(t.Elem()))
	case reflect.Map:
		return reflect.MapOf(mirrorType(t.Key()), mirrorType(t.Elem()))
	case reflect.Struct:
		if t.PkgPath() != "gopherlab/interp" {
			return t
		}
		names := []string{t.Name()}
		var fields []reflect.StructField
		for i := range t.NumField() {
			f := t.Field(i)
			names = append(names, f.Name)
			name := f.Name
			if !f.IsExported() {
				name = "X" + name
			}
			fields = append(fields, reflect.StructField{Name: name, Type: mirrorType(f.Type)})
		}
		tag := cellTag + `:"` + strings.Join(names, " ") + `"`
		if len(fields) == 0 {
			fields = append(fields, reflect.StructField{Name: "X_", Type: reflect.TypeFor[[0]int](), Tag: reflect.StructTag(`json:"-" ` + tag)})
		} else {
			fields[0].Tag = reflect.StructTag(tag)
		}
		return reflect.StructOf(fields)
	}
	return t
}

// mirror is v with the type mirrorType gives.
func mirror(v reflect.Value) reflect.Value {
	t := mirrorType(v.Type())
	if t == v.Type() {
		return v
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(mirror(v.Elem()))
		return p
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		s := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			s.Index(i).Set(mirror(v.Index(i)))
		}
		return s
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		m := reflect.MakeMap(t)
		for _, k := range v.MapKeys() {
			m.SetMapIndex(mirror(k), mirror(v.MapIndex(k)))
		}
		return m
	case reflect.Struct:
		// An addressable copy, whose unexported fields can be read.
		cp := reflect.New(v.Type()).Elem()
		cp.Set(v)
		s := reflect.New(t).Elem()
		for i := range v.NumField() {
			f := cp.Field(i)
			f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			if f.Kind() == reflect.Interface {
				if f.IsNil() {
					continue
				}
				f = f.Elem()
			}
			s.Field(i).Set(mirror(f))
		}
		return s
	}
	return v
}

// address matches the addresses that pointers print as, which differ
// between a value and its mirror.
var address = regexp.MustCompile(`0x[0-9a-f]+|\b[0-9a-f]{9,}\b`)

func TestCellFormat(t *testing.T) {
	m := &cellMethods{}
	temp := mirrorType(reflect.TypeFor[fmtTemp]())
	m.register(reflect.New(temp).Interface(), "String", false,
		func(v any) string { return fmtTemp{reflect.ValueOf(v).Field(0).Float()}.String() }, nil)

	p := fmtPoint{1, 2}
	seg := fmtSeg{from: p, to: fmtPoint{3, 4}, Label: "s", next: &p, M: map[string]fmtPoint{"b": {5, 6}, "a": {7, 8}},
		L: []*fmtPoint{nil, &p}, A: p, at: time.Second, Took: time.Second}
	values := []any{
		p, &p, []fmtPoint{p, {3, 4}}, map[string]fmtPoint{"z": p, "a": {}}, seg, &seg, []fmtSeg{{}},
		fmtTemp{21.5}, &fmtTemp{1}, []fmtTemp{{1}, {2}}, map[fmtTemp]int{{3}: 1, {-1}: 2},
		fmtBox{fmtTemp{1}, fmtTemp{2}, &fmtTemp{3}}, fmtBox{}, fmtEmpty{}, []fmtEmpty{{}},
		[]*fmtPoint{nil}, map[fmtPoint]bool{{2, 1}: true, {1, 9}: false},
	}
	formats := []string{"%v", "%+v", "%#v", "%T", "%d", "%s", "%x", "%q", "%6.2v", "%[1]T %[1]v", "%v %d"}
	for _, v := range values {
		for _, f := range formats {
			args := []any{v}
			if strings.Count(f, "%") == 2 && !strings.Contains(f, "[") {
				args = append(args, v)
			}
			want := strings.ReplaceAll(fmt.Sprintf(f, args...), "interp.fmt", "main.fmt")
			mirrored := make([]any, len(args))
			for i, a := range args {
				mirrored[i] = mirror(reflect.ValueOf(a)).Interface()
			}
			mf, margs := m.format(f, mirrored)
			got := fmt.Sprintf(mf, margs...)
			if address.ReplaceAllString(got, "0x…") != address.ReplaceAllString(want, "0x…") {
				t.Errorf("Sprintf(%q, %T):\n got %s\nwant %s", f, v, got, want)
			}
		}
		want := strings.ReplaceAll(fmt.Sprintln(v, "|", v), "interp.fmt", "main.fmt")
		mv := mirror(reflect.ValueOf(v)).Interface()
		if got := fmt.Sprintln(m.args([]any{mv, "|", mv})...); address.ReplaceAllString(got, "0x…") != address.ReplaceAllString(want, "0x…") {
			t.Errorf("Sprintln(%T):\n got %s\nwant %s", v, got, want)
		}
	}
}

// TestCellFormatArgs checks that format finds the argument of each verb
// as fmt does: %T of a cell's value names its type wherever it is.
func TestCellFormatArgs(t *testing.T) {
	m := &cellMethods{}
	pt := mirror(reflect.ValueOf(fmtPoint{1, 2})).Interface()
	for _, tc := range []struct {
		format string
		args   []any
		want   string
	}{
		{"%T %v", []any{pt, pt}, "main.fmtPoint {1 2}"},
		{"%[2]T %[1]v %T", []any{pt, 3}, "int {1 2} int"},
		{"%*d %T", []any{3, 4, pt}, "  4 main.fmtPoint"},
		{"%.*f %T|%-14T|", []any{1, 2.0, pt, pt}, "2.0 main.fmtPoint|main.fmtPoint |"},
		{"%% %T %T", []any{pt}, "% main.fmtPoint %!T(MISSING)"},
		{"%[3]T %T", []any{pt}, "%!T(BADINDEX) main.fmtPoint"},
		{"%T", []any{pt, 1}, "main.fmtPoint%!(EXTRA int=1)"},
		{"%d %p", []any{pt, 1}, "{1 2} %!p(int=1)"},
		{"%p", []any{pt}, "%!p(main.fmtPoint={1 2})"},
	} {
		f, args := m.format(tc.format, tc.args)
		if got := fmt.Sprintf(f, args...); got != tc.want {
			t.Errorf("Sprintf(%q) = %q, want %q", tc.format, got, tc.want)
		}
	}
}

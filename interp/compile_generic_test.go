package interp

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"
	"testing"
)

// checkedSource is src, a compiled cell's package as the plugin source
// has it, type-checked as compileUnit checks it.
func checkedSource(t *testing.T, src string) *checkedUnit {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("main", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return &checkedUnit{fset: fset, file: f, pkg: pkg, info: info}
}

// The interpreter's source of a compiled cell's generics names the
// compiled package's other declarations, and nothing else: not the
// generics, not what a local name, a field or a method resolves to.
func TestGenericSource(t *testing.T) {
	tests := []struct {
		name, src string
		earlier   []string // names the source declares as earlier cells'
		want      []string // the declarations
		imports   []string // the names they import
	}{
		{"a function that uses the cell's type and function",
			"import \"strings\"\ntype Celsius float64\nfunc label(c Celsius) string { return \"\" }\nfunc Labels[T ~float64](xs []T) []string { return []string{label(Celsius(xs[0])), strings.ToUpper(\"x\")} }",
			nil, []string{"func Labels[T ~float64](xs []T) []string { return []string{_glcell1.label(_glcell1.Celsius(xs[0])), strings.ToUpper(\"x\")} }"}, []string{"strings"}},
		{"a generic type, its methods, and a generic that uses both",
			"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nfunc Of[T any](v T) *Stack[T] { s := &Stack[T]{}; s.Push(v); return s }",
			nil, []string{"type Stack[T any] struct{ items []T }", "func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }", "func Of[T any](v T) *Stack[T] { s := &Stack[T]{}; s.Push(v); return s }"}, nil},
		{"locals, fields and methods named as the cell's names",
			"type P struct{ limit int }\nfunc (P) count() int { return 0 }\nconst limit = 3\nfunc count() int { return 1 }\nfunc F[T any](p P) int { count := p.count() + p.limit; return count + limit }",
			nil, []string{"func F[T any](p _glcell1.P) int { count := p.count() + p.limit; return count + _glcell1.limit }"}, nil},
		{"a constraint interface, of the cell's type",
			"type Celsius float64\ntype Temp interface{ ~int | Celsius }\nfunc Warm[T Temp](t T) T { return t + 1 }",
			nil, []string{"type Temp interface{ ~int | _glcell1.Celsius }", "func Warm[T Temp](t T) T { return t + 1 }"}, nil},
		{"no non-generic declaration, and no earlier cell's",
			"type A int\nfunc (a A) M() {}\nfunc g() {}\nfunc Map[T any](t T) T { return t }\ntype (\n\tB int\n\tS[T any] []T\n)\nfunc Twice[T any](t T) []T { return S[T]{Map(t), t} }",
			[]string{"Map", "S"}, []string{"func Twice[T any](t T) []T { return S[T]{Map(t), t} }"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package main\n\n" + tt.src + "\n"
			earlier := map[string]bool{}
			for _, n := range tt.earlier {
				earlier[n] = true
			}
			generics, imports := genericSource(checkedSource(t, src), src, "_glcell1", earlier)
			var decls []string
			for _, d := range generics {
				decls = append(decls, d.text)
			}
			if !slices.Equal(decls, tt.want) {
				t.Errorf("declarations\n%s\nwant\n%s", strings.Join(decls, "\n"), strings.Join(tt.want, "\n"))
			}
			if got := slices.Sorted(maps.Keys(imports)); !slices.Equal(got, tt.imports) {
				t.Errorf("imports %v, want %v", got, tt.imports)
			}
		})
	}
}

// A signature that has a compiled generic's instance in it cannot be
// written by the interpreter; others can.
func TestMentionsGeneric(t *testing.T) {
	u := checkedSource(t, `package main

type Stack[T any] []T
type IntStack = Stack[int]
type Celsius float64

func a() *Stack[int]                 { return nil }
func b(m map[string][]Stack[bool])   {}
func c(f func() IntStack)            {}
func d(c Celsius, xs []int) []string { return nil }
func e(p struct{ S Stack[string] })  {}
func f(x any, ch chan<- Celsius)     {}
`)
	for name, want := range map[string]bool{"a": true, "b": true, "c": true, "d": false, "e": true, "f": false} {
		if got := mentionsGeneric(u.pkg.Scope().Lookup(name).Type()); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

// A compiled cell's generics: its statements instantiate them natively,
// later interpreted cells with their own types, and a compiled instance is
// not the interpreter's instance of the same type, which is an error.
func TestCompileGenerics(t *testing.T) {
	h := newHarness(t, "")
	if got := h.exec(`%%compile
type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Len() int { return len(s.items) }

func NewStack[T any](vs ...T) *Stack[T] {
	s := &Stack[T]{}
	for _, v := range vs {
		s.Push(v)
	}
	return s
}

func Ints() *Stack[int] { return NewStack(1, 2) }

func first[T any](s *Stack[T]) T { return s.items[0] }

type box[T any] struct{ v T }

func (b box[T]) get() T { return b.v }

func newBox[T any](v T) box[T] { return box[T]{v} }

names := NewStack("a", "b", "c")
names.Len()`); got != "3" {
		t.Fatalf("the compiled cell's value: %s", got)
	}
	for _, tt := range []struct{ code, want string }{
		{"type P struct{ X int }\nNewStack(P{1}, P{2}).Len()", "2"},
		{"ints := Ints()\nints.Push(3)\nints.Len()", "3"},
		{"names.Push(\"d\")\nnames.Len()", "4"},
		{`fmt.Sprintf("%T", names)`, `"*main.Stack[string]"`},
	} {
		if got := h.exec(tt.code); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.code, got, tt.want)
		}
	}
	e := h.fail("var mine *Stack[string] = names")
	if e.Name != "CompileError" || !strings.Contains(e.Value, "cell[6]:1:27: cannot use names (variable of type *cell1.Stack[string]) as *Stack[string] value") {
		t.Errorf("a compiled instance as the interpreter's: %s: %s", e.Name, e.Value)
	}
	// A generic yaegi cannot declare is an error at its line; the cell's
	// other names are declared, and compiled cells still have it.
	e = h.fail("%%compile\ntype Pair[T any] struct{ A, B T }\n\ntype Twin[T any] = Pair[T]\n\nfunc Swap(p Pair[int]) Pair[int] { return Pair[int]{p.B, p.A} }\n\nconst Answer = 42")
	if want := "cell[7]:4:6: the interpreter cannot declare Twin from its source, so interpreted cells cannot use it (compiled cells can): type not found: Pair[any]"; e.Value != want {
		t.Errorf("a generic yaegi cannot declare: %s: %s, want %s", e.Name, e.Value, want)
	}
	if got := h.exec("Answer"); got != "42" {
		t.Errorf("the failed cell's constant: %s", got)
	}
	if got := h.exec("%%compile\nvar t Twin[int] = Pair[int]{1, 2}\nSwap(t)"); got != "{2 1}" {
		t.Errorf("a later compiled cell with the generics the interpreter has not: %s", got)
	}
	// A later compiled cell reaches the generics, unexported ones too, and
	// its own generics reach the interpreter, calling the earlier ones.
	if got := h.exec("%%compile\nfunc pair[T any](a, b T) *Stack[T] { return NewStack(a, b) }\n\nfirst(pair(first(NewStack(\"a\")), \"z\"))"); got != `"a"` {
		t.Errorf("a later compiled cell: %s", got)
	}
	if got := h.exec("first(pair(7, 8)) + pair(1, 2).Len()"); got != "9" {
		t.Errorf("the later cell's generic, interpreted: %s", got)
	}
	// A variable of a later compiled cell may be of an earlier cell's
	// unexported generic type, which the interpreter cannot name.
	if got := h.exec("%%compile\nb := newBox(4)\nfmt.Sprint(b)"); got != `"{4}"` {
		t.Errorf("a later compiled cell's box: %s", got)
	}
	if got := h.exec("fmt.Sprintf(\"%T %v\", b, b)"); got != `"main.box[int] {4}"` {
		t.Errorf("its variable, interpreted: %s", got)
	}
}

package native

import (
	"context"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"testing"
)

// asMain renames what would be in a plugin's table and keeps every line
// where it was.
func TestAsMain(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // in the file asMain writes
		not  []string // not in it
	}{
		{"exported function and its uses", "package c\n\nfunc Fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn Fib(n-1) + Fib(n-2)\n}\n\nvar f = Fib\n",
			[]string{"package main; import _ \"unsafe\"\n", "func _glmain_Fib(n int) int", "return _glmain_Fib(n-1) + _glmain_Fib(n-2)", "var f = _glmain_Fib", "//go:linkname _glmain_Fib c.Fib\n"},
			[]string{" Fib(", "linkname f "}},
		{"exported variables", "package c\n\nvar Count, Total = 1, 2\n\nfunc add() { Count++ }\n",
			[]string{"var _glmain_Count, _glmain_Total = 1, 2", "func add() { _glmain_Count++ }", "//go:linkname _glmain_Count c.Count\n", "//go:linkname _glmain_Total c.Total\n"},
			nil},
		{"kept: types, constants, methods, fields, generics", "package c\n\ntype T struct{ N int }\n\nconst Max = 3\n\nfunc (t T) Get() int { return t.N }\n\nfunc First[E any](s []E) E { return s[0] }\n\nvar v = T{N: Max}\n",
			[]string{"type T struct{ N int }", "const Max = 3", "func (t T) Get() int { return t.N }", "func First[E any]", "var v = T{N: Max}"},
			[]string{"linkname"}},
		{"a variable another package's already", "package c\n\nimport _ \"unsafe\"\n\n//go:linkname Hits other.Hits\nvar Hits int\n",
			[]string{"//go:linkname _glmain_Hits other.Hits\nvar _glmain_Hits int\n"},
			[]string{"c.Hits"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "c.go", tt.src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}}
			pkg, err := (&types.Config{Importer: importer.Default()}).Check("c", fset, []*ast.File{f}, info)
			if err != nil {
				t.Fatal(err)
			}
			out, err := asMain(fset, []*ast.File{f}, map[string][]byte{"c.go": []byte(tt.src)}, pkg, info, func(string) bool { return false })
			if err != nil {
				t.Fatal(err)
			}
			got := string(out["c.go"])
			body, _, _ := strings.Cut(got, "\n// Added by gopherlab")
			if strings.Count(body, "\n") != strings.Count(tt.src, "\n") {
				t.Errorf("the lines moved:\n%s", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("no %q in:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("%q in:\n%s", n, got)
				}
			}
		})
	}
}

// A name asMain would give that the package declares already is an error
// that says so.
func TestAsMainNameTaken(t *testing.T) {
	b := newBuilder(t)
	_, err := b.Build(context.Background(), "taken", "package taken\n\nfunc Fib() {}\n\nfunc _glmain_Fib() {}\n")
	if err == nil || !strings.Contains(err.Error(), "_glmain_Fib is a name gopherlab gives Fib") {
		t.Errorf("Build: %v", err)
	}
}

// Compiled as main, a Build package's types are main's to fmt, reflect and
// the runtime, in its own code and a later Build's, which calls its
// exported functions (with a parameter of its unexported type), uses its
// variables and generics, and redeclares its names.
func TestBuildAsMain(t *testing.T) {
	b := newBuilder(t)
	first, err := b.Build(context.Background(), "first", `package first

import "fmt"

type Celsius float64

type point struct{ X, Y int }

func Hot(c Celsius) bool { return c > 30 }

func Mid(p point) int { return (p.X + p.Y) / 2 }

var Count = 1

func Max[T int | Celsius](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func Describe() string { return fmt.Sprintf("%T %T %v", Celsius(1), point{}, Hot(31)) }
`)
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.Build(context.Background(), "second", fmt.Sprintf(`package second

import (
	"fmt"
	f %q
)

type Celsius struct{ f.Celsius }

func Describe() string {
	f.Count++
	return fmt.Sprintf("%%T %%T %%v %%v %%d %%v", Celsius{}, f.Max[f.Celsius](1, 2), f.Hot(40), f.Mid(f.%s{4, 6}), f.Count, f.Describe())
}

var Count = f.Count * 10
`, first.ImportPath, Access("point")))
	if err != nil {
		t.Fatal(err)
	}
	describe := func(p *Plugin, name string) string {
		return p.Symbols[p.ImportPath+"/"+name]["Describe"].Call(nil)[0].String()
	}
	if got, want := describe(first, "first"), "main.Celsius main.point true"; got != want {
		t.Errorf("first.Describe() = %q, want %q", got, want)
	}
	if got, want := describe(second, "second"), "main.Celsius main.Celsius true 5 2 main.Celsius main.point true"; got != want {
		t.Errorf("second.Describe() = %q, want %q", got, want)
	}
	count := second.Symbols[second.ImportPath+"/second"]["Count"]
	if got := reflect.Indirect(count).Interface(); got != 10 {
		t.Errorf("second.Count = %v, want 10", got)
	}
	// A later compiled cell declares an earlier one's variable as the
	// same (interp's compile_vars.go).
	third, err := b.Build(context.Background(), "third", fmt.Sprintf(`package third

import _ "unsafe"

//go:linkname Count %s.Count
var Count int

func Bump() int { Count += 100; return Count }
`, first.ImportPath))
	if err != nil {
		t.Fatal(err)
	}
	if got := third.Symbols[third.ImportPath+"/third"]["Bump"].Call(nil)[0].Interface(); got != 102 {
		t.Errorf("third.Bump() = %v, want 102: first.Count is 2, and the same variable", got)
	}
}

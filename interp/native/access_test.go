package native

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// The aliases of a Build package's unexported names are what other
// packages reach them by, generic ones too: the aliases type-check with the
// package, and a generic's pass its type parameters on.
func TestAccessSource(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // lines of the aliases' file
	}{
		{"plain names", "type point struct{ x int }\nfunc fib(n int) int { return n }\nconst limit = 3\nvar count int\nfunc Exported() {}",
			[]string{"type Gl_point = point", "var Gl_fib = fib", "const Gl_limit = limit"}},
		{"a generic type", "type stack[T any] struct{ items []T }",
			[]string{"type Gl_stack[T any] = stack[T]"}},
		{"a generic function with a constraint of a package", "import \"cmp\"\nfunc largest[T cmp.Ordered](xs ...T) T { return xs[0] }",
			[]string{`import _glacc0 "cmp"`, "func Gl_largest[T _glacc0.Ordered](p0 ...T) T { return largest[T](p0...) }"}},
		{"type parameters of each other, no result", "func apply[S ~[]E, E any](s S, f func(E)) {}",
			[]string{"func Gl_apply[S ~[]E, E any](p0 S, p1 func(E)) { apply[S, E](p0, p1) }"}},
		{"a constraint interface", "type number interface{ ~int | ~float64 }\nfunc sum[T number](xs []T) (s T) { return }",
			[]string{"type Gl_number = number", "func Gl_sum[T number](p0 []T) T { return sum[T](p0) }"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package main\n\n" + tt.src + "\n"
			access := accessSource(check(t, src))
			for _, line := range tt.want {
				if !strings.Contains(access, line+"\n") {
					t.Errorf("no %s in\n%s", line, access)
				}
			}
			if strings.Contains(access, "Gl_count") || strings.Contains(access, "Gl_Exported") {
				t.Errorf("an alias of a variable or an exported name:\n%s", access)
			}
			fset := token.NewFileSet()
			var files []*ast.File
			for _, text := range []string{src, access} {
				f, err := parser.ParseFile(fset, "", text, 0)
				if err != nil {
					t.Fatalf("%v in\n%s", err, text)
				}
				files = append(files, f)
			}
			if _, err := (&types.Config{Importer: importer.Default()}).Check("main", fset, files, nil); err != nil {
				t.Errorf("the aliases do not type-check: %v\n%s", err, access)
			}
		})
	}
}

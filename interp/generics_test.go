package interp

import (
	"bytes"
	"go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// The Go source of gensrc keeps Go's constraints for the toolchain; yaegi
// gets them erased to any, with the imports only they used gone.
func TestEraseConstraints(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"an ordered constraint and its import",
			"package p\n\nimport \"cmp\"\n\nfunc Min[T cmp.Ordered](a, b T) T { return a }\n",
			"package p\n\nfunc Min[T any](a, b T) T { return a }\n"},
		{"an import the body still uses stays",
			"package p\n\nimport (\n\t\"cmp\"\n\t\"sort\"\n)\n\nfunc Sort[E cmp.Ordered](x []E) { sort.Slice(x, nil) }\n",
			"package p\n\nimport (\n\t\"sort\"\n)\n\nfunc Sort[E any](x []E) { sort.Slice(x, nil) }\n"},
		{"a renamed import",
			"package p\n\nimport stdcmp \"cmp\"\n\nfunc Less[T stdcmp.Ordered](x, y T) bool { return x < y }\n",
			"package p\n\nfunc Less[T any](x, y T) bool { return x < y }\n"},
		{"several parameters, comparable too",
			"package p\n\nfunc Equal[K, V comparable, W any](m map[K]V, w W) bool { return true }\n",
			"package p\n\nfunc Equal[K, V any, W any](m map[K]V, w W) bool { return true }\n"},
		{"functions without type parameters are left alone",
			"package p\n\nimport \"fmt\"\n\nfunc Say(x int) { fmt.Println(x) }\n",
			"package p\n\nimport \"fmt\"\n\nfunc Say(x int) { fmt.Println(x) }\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", tt.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			eraseConstraints(f)
			var b bytes.Buffer
			if err := format.Node(&b, fset, f); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); strings.TrimSpace(got) != strings.TrimSpace(tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// The generic sources of slices, maps and cmp are compiled when a cell
// first imports one of the three, all of them then, and a cell that imports
// none leaves them out: what a cell gets of them is the same either way.
func TestGenericsOnImport(t *testing.T) {
	tests := []struct{ name, cell, want string }{
		{"slices and maps", `import ("fmt"; "maps"; "slices")
fmt.Println(slices.Sorted(maps.Keys(map[string]int{"b": 1, "a": 2})))`, "[a b]\n"},
		{"maps alone, then slices through it", `import ("fmt"; "maps")
m := maps.Collect(maps.All(map[int]bool{3: true}))
fmt.Println(len(m), m[3])`, "1 true\n"},
		{"cmp alone", `import ("cmp"; "fmt"; "math")
fmt.Println(cmp.Compare(math.NaN(), 1), cmp.Less(1.0, math.NaN()))`, "-1 false\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			h.exec(`import ("fmt"; "sort"); xs := []int{2, 1}; sort.Ints(xs); fmt.Println(xs)`)
			if got := h.stdout.take(); got != "[1 2]\n" {
				t.Fatalf("a cell without slices, maps or cmp printed %q", got)
			}
			if n := len(h.in.std.generics); n != 3 {
				t.Fatalf("after a cell that imports none of them, %d generic sources wait, want 3", n)
			}
			h.exec(tt.cell)
			if got := h.stdout.take(); got != tt.want {
				t.Errorf("printed %q, want %q", got, tt.want)
			}
			if n := len(h.in.std.generics); n != 0 {
				t.Errorf("after a cell that imports one of them, %d generic sources still wait", n)
			}
		})
	}
}

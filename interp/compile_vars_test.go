package interp

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// The interpreter declares a compiled cell's variable with its type where
// yaegi takes the type as written, and without one elsewhere.
func TestDeclaredType(t *testing.T) {
	src := `package main

import (
	"iter"
	"time"
)

type point struct{ X, Y int }

var (
	count   int
	pt      *point
	byName  map[string][]time.Duration
	ch      chan [2]point
	anon    struct{ a, B int }
	fn      func(int) int
	seq     iter.Seq[int]
	boxed   any
)
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("main", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"count":  " int",
		"pt":     " *point",
		"byName": " map[string][]time.Duration",
		"ch":     " chan [2]point",
		"anon":   "",
		"fn":     "",
		"seq":    "",
		"boxed":  " any",
	} {
		imports := map[string]string{}
		if got := declaredType(pkg.Scope().Lookup(name).Type(), cellQualifier(imports)); got != want {
			t.Errorf("declaredType(%s) = %q, want %q", name, got, want)
		}
	}
	if got, want := interpreterType("[]_glcell3.Gl_secret"), "[]_glcell3.secret"; got != want {
		t.Errorf("interpreterType = %q, want %q", got, want)
	}
}

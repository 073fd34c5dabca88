package oracle_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"testing"

	"gopherlab/interp/oracle"
)

// partPoint stands for a compiled cell's struct type: a type of a package
// of its own (this test's), with unexported fields.
type partPoint struct{ x, y int }

// A package that is a part of main (a compiled cell's) has its unexported
// names in its scope, and main's code reaches its unexported fields, as
// one program's; another package's are out of reach, as in Go.
func TestMainParts(t *testing.T) {
	const path = "gopherlab/interp/oracle_test"
	table := map[string]reflect.Value{
		"partPoint": reflect.ValueOf((*partPoint)(nil)),
		"Origin":    reflect.ValueOf(func() partPoint { return partPoint{} }),
	}
	const src = `package main

import c "gopherlab/interp/oracle_test"

func _() {
	p := c.Origin()
	p.x = 1
	p.y++
	_ = &p.x
	_ = c.Origin().y
}
`
	for _, tt := range []struct {
		name   string
		part   bool
		errors string // the first error, "" for none
	}{
		{"a part of main", true, ""},
		{"another package", false, "p.x undefined (cannot refer to unexported field x)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			im := oracle.NewImporter(func(p string) (map[string]reflect.Value, bool) { return table, p == path })
			if tt.part {
				im.SetMainParts(func(p string) bool { return p == path })
			}
			pkg, err := im.Import(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := pkg.Scope().Lookup("partPoint") != nil; got != tt.part {
				t.Errorf("partPoint in the package's scope: %v, want %v", got, tt.part)
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "main.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			var first string
			conf := types.Config{Importer: im, Error: func(err error) {
				if first == "" {
					first = err.(types.Error).Msg
				}
			}}
			conf.Check("main", fset, []*ast.File{f}, nil)
			if !strings.Contains(first, tt.errors) || (tt.errors == "") != (first == "") {
				t.Errorf("first error %q, want %q", first, tt.errors)
			}
		})
	}
}

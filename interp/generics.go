package interp

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"
)

// Generic functions cannot come through yaegi's compiled symbol tables, so
// what cells need of them is Go source that the interpreter compiles when
// it starts: the helpers that rewritten cells call (see rewrite.go), and
// the common functions of the standard slices, maps and cmp packages,
// which yaegi's own sources lack or get wrong.
//
// yaegi's generics have limits that shape this source: a type parameter
// is inferred only from an argument of that very type ([]E, not S ~[]E),
// so the functions take and return []E and map[K]V instead of the standard
// S and M, and a named slice type comes back as its underlying type; a
// constraint such as cmp.Ordered breaks on compiled named types like
// time.Duration, so the source says what Go says for the toolchain, and
// the interpreter erases the constraints to any, leaving the check to the
// operators (eraseConstraints); a generic closure may not send on a
// channel, which is why range over a function pulls its values through
// compiled code.

// The Go source that the interpreter compiles when it starts lives in
// interp/gensrc, as packages the toolchain builds and vets: helpers.go
// holds the functions that rewritten cells call (see rewrite.go), the
// other files of gensrc the generic functions of errors, sync and reflect,
// which cells reach through a rewrite (rewrite_stdgeneric.go), and
// gensrc/slices, maps and cmp what is added to, or replaces, yaegi's own
// source of those packages.
var (
	//go:embed gensrc/helpers.go
	gensrcHelpers string
	//go:embed gensrc/errors.go
	gensrcErrors string
	//go:embed gensrc/sync.go
	gensrcSync string
	//go:embed gensrc/reflect.go
	gensrcReflect string
	//go:embed gensrc/slices/slices.go
	gensrcSlices string
	//go:embed gensrc/maps/maps.go
	gensrcMaps string
	//go:embed gensrc/cmp/cmp.go
	gensrcCmp string
)

// generics are the files loadGenerics compiles, each with the package it
// goes into: gensrc's own files go into the cells' package main.
var generics = []gensrcFile{
	{"gopherlab-helpers.go", gensrcHelpers, "main"},
	{"gopherlab-errors.go", gensrcErrors, "main"},
	{"gopherlab-sync.go", gensrcSync, "main"},
	{"gopherlab-reflect.go", gensrcReflect, "main"},
	{"gopherlab-slices.go", gensrcSlices, "slices"},
	{"gopherlab-maps.go", gensrcMaps, "maps"},
	{"gopherlab-cmp.go", gensrcCmp, "cmp"},
}

type gensrcFile struct{ name, src, pkg string }

// loadGenerics compiles the generic sources of package main into yi,
// whose standard library must be loaded already, and gives std those of
// the standard packages, which it compiles when a file first imports one
// of them: compiled, the three take an interpreter a megabyte of memory
// (more than all the rest of its start), which a worker whose cells never
// import slices, maps or cmp need not keep.
func loadGenerics(yi *yaegi.Interpreter, std *stdLoader) error {
	for _, g := range generics {
		if g.pkg != "main" {
			std.generics = append(std.generics, g)
			continue
		}
		if err := compileGeneric(yi, std, g); err != nil {
			return err
		}
	}
	return nil
}

// compileGeneric compiles and runs one of the generic sources in yi.
func compileGeneric(yi *yaegi.Interpreter, std *stdLoader, g gensrcFile) error {
	// A file name of its own: imports belong to a file, and yaegi's own
	// generic sources already imported into theirs.
	f, err := parser.ParseFile(yi.FileSet(), g.name, g.src, 0)
	if err != nil {
		return fmt.Errorf("interp: parse %s: %w", g.name, err)
	}
	f.Name.Name = g.pkg
	eraseConstraints(f)
	if err := std.load(f); err != nil {
		return fmt.Errorf("interp: %s: %w", g.name, err)
	}
	prog, err := yi.CompileAST(f)
	if err != nil {
		return fmt.Errorf("interp: compile %s: %w", g.name, err)
	}
	if _, err := yi.Execute(prog); err != nil {
		return fmt.Errorf("interp: load %s: %w", g.name, err)
	}
	return nil
}

// eraseConstraints makes the constraint of every type parameter of f's
// functions any, and drops the imports that only constraints used (see
// the top of the file for why).
func eraseConstraints(f *ast.File) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Type.TypeParams == nil {
			continue
		}
		for _, field := range fd.Type.TypeParams.List {
			field.Type = &ast.Ident{NamePos: field.Type.Pos(), Name: "any"}
		}
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	keep := func(spec *ast.ImportSpec) bool {
		name := path.Base(strings.Trim(spec.Path.Value, `"`))
		if spec.Name != nil {
			name = spec.Name.Name
		}
		return used[name] || name == "_"
	}
	f.Imports = slices.DeleteFunc(f.Imports, func(s *ast.ImportSpec) bool { return !keep(s) })
	f.Decls = slices.DeleteFunc(f.Decls, func(d ast.Decl) bool {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			return false
		}
		g.Specs = slices.DeleteFunc(g.Specs, func(s ast.Spec) bool { return !keep(s.(*ast.ImportSpec)) })
		return len(g.Specs) == 0
	})
}

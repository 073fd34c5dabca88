package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/importer"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"gopherlab/interp/native"
)

// modules builds the packages that cells import from Go modules, which no
// compiled symbol table holds (golang.org/x/text/cases, any module path),
// into plugins (gopherlab/interp/native), once each for the life of the
// process: a plugin never unloads, and %reset's fresh interpreter is handed
// the same tables again. %go get picks modules' versions (magic.go).
type modules struct {
	builder func() (*native.Builder, error) // made on the first import

	mu     sync.Mutex
	tables map[string]map[string]reflect.Value // by import path
	keys   map[string]string                   // import path → its key in yaegi's form

	inst *instances // instances of generics of compiled packages (instantiate.go)
}

func newModules() *modules {
	return &modules{
		builder: sync.OnceValues(newBuilder),
		tables:  map[string]map[string]reflect.Value{},
		keys:    map[string]string{},
		inst:    newInstances(),
	}
}

// newBuilder makes the builder of the worker's modules: in the module that
// the workers for notebooks of this directory share (what one built, the
// next opens), following the go.mod beside the notebook or above it.
func newBuilder() (*native.Builder, error) {
	ctx := context.Background()
	tc, err := native.Find(ctx)
	if err != nil {
		return nil, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("the notebook's directory: %w", err)
	}
	dir, err := native.ModuleDir(tc, wd)
	if err != nil {
		return nil, err
	}
	// Plugins import only the modules' packages, whose types come from
	// the go command's export data.
	b, err := native.NewBuilder(tc, dir, importer.Default())
	if err != nil {
		return nil, err
	}
	if gomod, ok := native.FindGoMod(wd); ok {
		if err := b.Follow(ctx, gomod); err != nil {
			return nil, fmt.Errorf("following %s: %w", gomod, err)
		}
	}
	return b, nil
}

// getModules is %go get.
func (m *modules) getModules(ctx context.Context, queries []string) ([]string, error) {
	b, err := m.builder()
	if err != nil {
		return nil, fmt.Errorf("getting modules needs the go command, and %w", err)
	}
	return b.Get(ctx, queries)
}

// table is the symbol table of a module's package built so far.
func (m *modules) table(importPath string) (map[string]reflect.Value, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tables[importPath]
	return t, ok
}

// get builds the package of importPath, once, and returns its symbols in
// the form yaegi's Use takes.
func (m *modules) get(ctx context.Context, importPath string, notices io.Writer) (map[string]map[string]reflect.Value, error) {
	m.mu.Lock()
	if t, ok := m.tables[importPath]; ok {
		key := m.keys[importPath]
		m.mu.Unlock()
		return map[string]map[string]reflect.Value{key: t}, nil
	}
	m.mu.Unlock()
	b, err := m.builder()
	if err != nil {
		return nil, fmt.Errorf("a package of a module needs the go command to build it, and %w", err)
	}
	b.Notify = func(msg string) { fmt.Fprintf(notices, "gopherlab: %s\n", msg) }
	p, _, err := b.Import(ctx, importPath)
	if err != nil {
		return nil, err
	}
	m.add(importPath, p.Symbols)
	return p.Symbols, nil
}

// add records the table of a package built otherwise (a compiled cell's,
// compile.go), for the oracle and for cells that import it again.
func (m *modules) add(importPath string, symbols map[string]map[string]reflect.Value) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for key, t := range symbols {
		m.tables[importPath], m.keys[importPath] = t, key
	}
}

// isModulePath tells whether a cell's import names a package of a module
// rather than of the standard library: its first element has a dot, as Go
// reserves dotless paths to the standard library.
func isModulePath(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return strings.Contains(first, ".")
}

// importModules builds, or finds built, the packages of modules the cell
// imports, and hands their symbols to the interpreter, before anything of
// the cell is type-checked against them. What cannot be had is an error
// at the import that says why.
func (in *Interpreter) importModules(ctx context.Context, c *cell, imports []parsed) *Error {
	for _, p := range imports {
		f, ok := p.node.(*ast.File)
		if !ok {
			continue
		}
		for _, spec := range f.Imports {
			importPath, err := strconv.Unquote(spec.Path.Value)
			if err != nil || !isModulePath(importPath) || in.pkgs.compiled(importPath) {
				continue
			}
			symbols, err := in.pkgs.modules.get(ctx, importPath, in.opts.Stderr)
			if err == nil {
				err = in.yi.Use(symbols)
			}
			if err != nil {
				at := in.yi.FileSet().Position(spec.Path.Pos())
				return c.positionedError("CompileError", fmt.Sprintf("%s:%d:%d: import %q: %v", at.Filename, at.Line, at.Column, importPath,
					strings.TrimPrefix(err.Error(), fmt.Sprintf("import %q: ", importPath))))
			}
		}
	}
	// With the packages in, the generics of compiled packages the cell
	// uses are instantiated before its code is rewritten.
	return in.instantiate(ctx, c, imports) // instantiate.go
}

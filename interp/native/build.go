package native

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"plugin"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
)

// modulePath is the import path under which plugins' packages live; no
// module of the Go proxy can have it (its first element has a dot and no
// host behind it).
const modulePath = "gopherlab.cells"

// Builder builds plugins in a directory of its own, one package each, and
// opens them. It is not safe for concurrent use.
type Builder struct {
	tc       *Toolchain
	dir      string // a module: go.mod, and a package directory per build
	importer types.Importer
	linked   map[string]*debug.Module // this binary's modules, by path
	imports  int                      // packages built by Import
	id       int64                    // of this Builder among the process's
}

// builders numbers the process's Builders, for the import paths of their
// plugins.
var builders atomic.Int64

// NewBuilder builds with tc in dir, which it makes a module, and
// type-checks what Build builds with importer, which knows the packages
// that source may import.
func NewBuilder(tc *Toolchain, dir string, importer types.Importer) (*Builder, error) {
	linked := linkedModules()
	release := strings.TrimPrefix(runtime.Version(), "go")
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), goMod(release, linked), 0o644); err != nil {
		return nil, fmt.Errorf("native: %w", err)
	}
	return &Builder{tc: tc, dir: dir, importer: importer, linked: linked, id: builders.Add(1)}, nil
}

// Plugin is a package built and opened.
type Plugin struct {
	// ImportPath is what the interpreter imports the package as: its
	// Symbols are under ImportPath + "/" + its name (the name Build was
	// given, or the name of the package Import built).
	ImportPath string
	Symbols    map[string]map[string]reflect.Value
}

// Build compiles src, the source of a main package (its package clause
// included), as the plugin called name (an identifier, unique to the
// Builder: plugins never unload, and one of each name can be open), and
// opens it; its Symbols are under its ImportPath + "/" + name. Its errors
// give the lines of src.
func (b *Builder) Build(ctx context.Context, name string, src string) (*Plugin, error) {
	if !token.IsIdentifier(name) {
		return nil, fmt.Errorf("native: plugin name %q is not an identifier", name)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name+".go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	if file.Name.Name != "main" {
		return nil, fmt.Errorf("%s: a plugin is package main, not %s", name, file.Name.Name)
	}
	conf := types.Config{Importer: b.importer}
	pkg, err := conf.Check("main", fset, []*ast.File{file}, nil)
	if err != nil {
		return nil, err
	}
	table, err := localTable(pkg, b.importPath(name)+"/"+name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b.build(ctx, name, map[string][]byte{name + ".go": []byte(src), "zz_symbols.go": table})
}

// build writes files as the package of the plugin called name, builds it
// and opens it. The package's import path, which is the plugin's path too,
// has the Builder's number in it: the runtime opens one plugin of a path
// in a process, where every Builder's first import is called import-1.
func (b *Builder) build(ctx context.Context, name string, files map[string][]byte) (*Plugin, error) {
	importPath := b.importPath(name)
	pkgDir := filepath.Join(b.dir, filepath.FromSlash(strings.TrimPrefix(importPath, modulePath+"/")))
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		return nil, fmt.Errorf("native: %w", err)
	}
	for file, text := range files {
		if err := os.WriteFile(filepath.Join(pkgDir, file), text, 0o644); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	so := pkgDir + ".so"
	// The plugin's path is its import path (the go command would derive
	// one from the content, and a second plugin of the same text would
	// not open).
	args := append([]string{"build", "-buildmode=plugin", "-ldflags=-pluginpath=" + importPath, "-o", so}, b.tc.flags...)
	if _, err := b.goCommand(ctx, append(args, importPath)...); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p, err := plugin.Open(so)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sym, err := p.Lookup("Symbols")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	symbols, ok := sym.(*map[string]map[string]reflect.Value)
	if !ok {
		return nil, fmt.Errorf("%s: Symbols is a %T", name, sym)
	}
	return &Plugin{ImportPath: importPath, Symbols: *symbols}, nil
}

// importPath is the import path of the package of the plugin called name.
func (b *Builder) importPath(name string) string {
	return fmt.Sprintf("%s/builder%d/%s", modulePath, b.id, name)
}

// command is the go command with args, in the toolchain's environment.
func (tc *Toolchain) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, tc.goCmd, args...)
	cmd.Env = append(os.Environ(), tc.env...)
	return cmd
}

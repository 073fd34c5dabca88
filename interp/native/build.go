package native

import (
	"bytes"
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
	"strings"
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
}

// NewBuilder builds with tc in dir, which it makes a module, and
// type-checks what it builds with importer, which knows the packages the
// source may import.
func NewBuilder(tc *Toolchain, dir string, importer types.Importer) (*Builder, error) {
	release := strings.TrimPrefix(runtime.Version(), "go")
	gomod := fmt.Sprintf("module %s\n\ngo %s\n", modulePath, release)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return nil, fmt.Errorf("native: %w", err)
	}
	return &Builder{tc: tc, dir: dir, importer: importer}, nil
}

// Plugin is a package built and opened.
type Plugin struct {
	// ImportPath is what the interpreter imports the package as: its
	// Symbols are under ImportPath + "/" + the name Build was given.
	ImportPath string
	Symbols    map[string]map[string]reflect.Value
}

// Build compiles src, the source of a main package (its package clause
// included), as the plugin called name (an identifier, unique to the
// Builder: plugins never unload, and one of each name can be open), and
// opens it. Its errors give the lines of src.
func (b *Builder) Build(ctx context.Context, name string, src string) (*Plugin, error) {
	if !token.IsIdentifier(name) {
		return nil, fmt.Errorf("native: plugin name %q is not an identifier", name)
	}
	importPath := modulePath + "/" + name
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
	table, err := localTable(pkg, importPath+"/"+name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	pkgDir := filepath.Join(b.dir, name)
	if err := os.Mkdir(pkgDir, 0o755); err != nil {
		return nil, fmt.Errorf("native: %w", err)
	}
	for file, text := range map[string][]byte{name + ".go": []byte(src), "zz_symbols.go": table} {
		if err := os.WriteFile(filepath.Join(pkgDir, file), text, 0o644); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	so := filepath.Join(b.dir, name+".so")
	if err := b.goBuild(ctx, importPath, so); err != nil {
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

// goBuild runs go build for the plugin of package importPath. The plugin
// path is the import path: unique, where the go command would otherwise
// derive it from the content and refuse a second plugin of the same text.
func (b *Builder) goBuild(ctx context.Context, importPath, out string) error {
	args := append([]string{"build", "-buildmode=plugin", "-ldflags=-pluginpath=" + importPath, "-o", out}, b.tc.flags...)
	cmd := exec.CommandContext(ctx, b.tc.goCmd, append(args, importPath)...)
	cmd.Dir = b.dir
	cmd.Env = append(os.Environ(), b.tc.env...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("go build: %v\n%s", err, strings.TrimSpace(output.String()))
	}
	return nil
}

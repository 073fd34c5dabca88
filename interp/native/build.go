package native

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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

// Builder builds plugins in a module of its own, one package each, and
// opens them. The module may be shared by the workers of several kernels
// (ModuleDir), which take turns with it: a lock file orders their go
// commands. A Builder is not safe for concurrent use.
type Builder struct {
	tc       *Toolchain
	dir      string // the module: go.mod, go.sum, a directory per package
	module   string // its module path
	importer types.Importer
	linked   map[string]*debug.Module // this binary's modules, by path
	cells    string                   // the directory of this Builder's Build packages, in dir
	loaded   map[string]bool          // the import paths of the packages Import opened

	// Notify, when set, is told what Import builds before it builds it,
	// which takes seconds the first time (half a minute on a machine
	// whose go command has never built a plugin).
	Notify func(msg string)
}

// builders numbers the process's Builders, for their Build packages'
// directories.
var builders atomic.Int64

// NewBuilder builds with tc in the module at dir, which it makes when there
// is none, and type-checks what Build builds with importer, which knows the
// packages that source may import.
func NewBuilder(tc *Toolchain, dir string, importer types.Importer) (*Builder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("native: %w", err)
	}
	// The module path names the directory: two modules' plugins of one
	// package have different paths, which a process needs to open both.
	sum := sha256.Sum256([]byte(dir))
	b := &Builder{
		tc:       tc,
		dir:      dir,
		module:   "gopherlab.cells/m" + hex.EncodeToString(sum[:6]),
		importer: importer,
		linked:   linkedModules(),
		cells:    fmt.Sprintf("cells/p%d-%d", os.Getpid(), builders.Add(1)),
		loaded:   map[string]bool{},
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	gomod := filepath.Join(dir, "go.mod")
	if _, err := os.Stat(gomod); os.IsNotExist(err) {
		release := strings.TrimPrefix(runtime.Version(), "go")
		if err := os.WriteFile(gomod, goMod(b.module, release, b.linked), 0o644); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	return b, nil
}

// ModuleDir is the module, in the user's cache, that the workers of one
// gopherlab binary share for the notebooks of workdir: what one kernel
// built, the next opens without building again, and a module a notebook
// got with %go get stays at its version for the notebooks beside it.
func ModuleDir(tc *Toolchain, workdir string) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("native: %w", err)
	}
	abs, err := filepath.Abs(workdir)
	if err != nil {
		return "", fmt.Errorf("native: %w", err)
	}
	h := sha256.New()
	fmt.Fprintln(h, runtime.Version(), tc.flags, tc.env, abs)
	for _, m := range sortedModules(linkedModules()) {
		fmt.Fprintln(h, m.Path, m.Version, m.Sum, m.Replace != nil)
	}
	return filepath.Join(cache, "gopherlab", "modules", hex.EncodeToString(h.Sum(nil)[:8])), nil
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
	rel := b.cells + "/" + name
	table, err := localTable(pkg, b.module+"/"+rel+"/"+name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	unlock, err := lockDir(b.dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	// The package and its plugin file go once the plugin is open (the
	// process keeps the file's pages): no other worker builds this
	// Builder's cells, and a module shared by every kernel of a directory
	// would otherwise keep a plugin of every cell ever compiled.
	pkgDir := filepath.Join(b.dir, filepath.FromSlash(rel))
	defer func() {
		os.RemoveAll(pkgDir)
		if sos, err := filepath.Glob(pkgDir + "-*.so"); err == nil {
			for _, so := range sos {
				os.Remove(so)
			}
		}
		os.Remove(filepath.Dir(pkgDir)) // this Builder's directory, when empty
	}()
	return b.build(ctx, rel, map[string][]byte{name + ".go": []byte(src), "zz_symbols.go": table})
}

// build writes files as the package at rel in the module, builds it into
// a plugin and opens it. The caller holds the module's lock.
func (b *Builder) build(ctx context.Context, rel string, files map[string][]byte) (*Plugin, error) {
	importPath := b.module + "/" + rel
	pkgDir := filepath.Join(b.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		return nil, fmt.Errorf("native: %w", err)
	}
	for file, text := range files {
		if err := writeIfChanged(filepath.Join(pkgDir, file), text); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	so, err := b.pluginFile(rel)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(so); err != nil {
		// The plugin's path is its import path (the go command would
		// derive one from the content, and a second plugin of the same
		// text would not open).
		args := append([]string{"build", "-mod=mod", "-buildmode=plugin", "-ldflags=-pluginpath=" + importPath, "-o", so}, b.tc.flags...)
		if _, err := b.goCommand(ctx, append(args, importPath)...); err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		// Named for go.sum as the build left it (it adds what it
		// checked), where the next worker looks.
		built := so
		if so, err = b.pluginFile(rel); err != nil {
			return nil, err
		}
		if err := os.Rename(built, so); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	return b.open(rel, so)
}

// pluginFile is the file of the plugin of the package at rel as its
// sources and the module's go.mod and go.sum are now. A file is never
// built again in place: another worker may have it open.
func (b *Builder) pluginFile(rel string) (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, b.tc.flags, b.tc.env)
	pkgDir := filepath.Join(b.dir, filepath.FromSlash(rel))
	sources, _ := filepath.Glob(filepath.Join(pkgDir, "*.go"))
	for _, file := range append([]string{filepath.Join(b.dir, "go.mod"), filepath.Join(b.dir, "go.sum")}, sources...) {
		text, err := os.ReadFile(file)
		if err != nil && !os.IsNotExist(err) {
			return "", fmt.Errorf("native: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(file), len(text))
		h.Write(text)
	}
	return pkgDir + "-" + hex.EncodeToString(h.Sum(nil)[:8]) + ".so", nil
}

// open opens the plugin file so of the package at rel.
func (b *Builder) open(rel, so string) (*Plugin, error) {
	p, err := plugin.Open(so)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	sym, err := p.Lookup("Symbols")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	symbols, ok := sym.(*map[string]map[string]reflect.Value)
	if !ok {
		return nil, fmt.Errorf("%s: Symbols is a %T", rel, sym)
	}
	return &Plugin{ImportPath: b.module + "/" + rel, Symbols: *symbols}, nil
}

// writeIfChanged writes text to file unless the file holds it already:
// a source file rewritten, even the same, is newer than the plugin built
// from it.
func writeIfChanged(file string, text []byte) error {
	if old, err := os.ReadFile(file); err == nil && string(old) == string(text) {
		return nil
	}
	return os.WriteFile(file, text, 0o644)
}

// command is the go command with args, in the toolchain's environment.
func (tc *Toolchain) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, tc.goCmd, args...)
	cmd.Env = append(os.Environ(), tc.env...)
	return cmd
}

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
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"plugin"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
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
	linked   map[string]*debug.Module  // this binary's modules, by path
	cells    string                    // the directory of this Builder's Build packages, in dir
	loaded   map[string]bool           // the import paths of the packages Import opened
	built    map[string]*types.Package // the packages Build built, by name, as other packages see them
	paths    map[string]*types.Package // the same, by import path

	// Notify, when set, is told what Import builds before it builds it,
	// which takes seconds the first time (half a minute on a machine
	// whose go command has never built a plugin).
	Notify func(msg string)
}

// builders numbers the process's Builders, for their Build packages'
// directories.
var builders atomic.Int64

// removeGone removes the Build packages of the processes that are gone from
// the module at dir, whose sources stay while their process lives (later
// Builds import them). The caller holds the module's lock.
func removeGone(dir string) {
	owners, _ := filepath.Glob(filepath.Join(dir, "cells", "p*-*"))
	for _, owner := range owners {
		var pid, n int
		if _, err := fmt.Sscanf(filepath.Base(owner), "p%d-%d", &pid, &n); err != nil || alive(pid) {
			continue
		}
		os.RemoveAll(owner)
	}
}

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
		built:    map[string]*types.Package{},
		paths:    map[string]*types.Package{},
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	removeGone(dir)
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

// Build compiles src, the source of a package called name (its package
// clause included: an identifier, unique to the Builder, and not main),
// into a plugin, and opens it; its Symbols are under its ImportPath + "/" +
// name. Its errors give the lines of src.
//
// The package is not the plugin's main package but one the plugin's main
// imports, so that later Builds may import it too, by its ImportPath: a
// plugin that contains a package an earlier plugin loaded, built from the
// same sources with the same flags, shares the loaded one, its variables
// and its types. Its unexported names are reached from other packages
// through exported aliases (Access), which Build adds. The package's
// sources stay in the module for those later builds, for the life of the
// process (NewBuilder removes those of processes that are gone).
func (b *Builder) Build(ctx context.Context, name string, src string) (*Plugin, error) {
	if !token.IsIdentifier(name) {
		return nil, fmt.Errorf("native: package name %q is not an identifier", name)
	}
	if name == "main" {
		return nil, fmt.Errorf("native: a Build package is imported by later ones, so it cannot be main")
	}
	if b.built[name] != nil {
		return nil, fmt.Errorf("native: %s was built already: plugins never unload, and a package of one path has one version in a process", name)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name+".go", src, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	if file.Name.Name != name {
		return nil, fmt.Errorf("%s: the package is %s, not %s", name, file.Name.Name, name)
	}
	rel := b.cells + "/" + name
	importPath := b.module + "/" + rel
	conf := types.Config{Importer: b.Importer()}
	pkg, err := conf.Check(importPath, fset, []*ast.File{file}, nil)
	if err != nil {
		return nil, err
	}
	for _, n := range pkg.Scope().Names() {
		if !token.IsExported(n) && pkg.Scope().Lookup(Access(n)) != nil {
			return nil, fmt.Errorf("%s: %s is the name of the alias by which other packages reach %s: rename it", name, Access(n), n)
		}
	}
	// The functions that reach its unexported fields (fields.go) are
	// the interpreter's too: in its table.
	fields, _ := fieldSource(pkg)
	ffile, err := parser.ParseFile(fset, "zz_fields.go", fields, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%s: the functions of its unexported fields, a bug of gopherlab: %w", name, err)
	}
	withFields, err := (&types.Config{Importer: b.Importer()}).Check(importPath, fset, []*ast.File{file, ffile}, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: the functions of its unexported fields, a bug of gopherlab: %w", name, err)
	}
	table, err := localTable(withFields, importPath+"/"+name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	access := accessSource(pkg)
	// The package as later Builds see it: with its aliases.
	afile, err := parser.ParseFile(fset, "zz_access.go", access, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%s: the aliases of its unexported names, a bug of gopherlab: %w", name, err)
	}
	full, err := (&types.Config{Importer: b.Importer()}).Check(importPath, fset, []*ast.File{file, afile, ffile}, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: the aliases of its unexported names, a bug of gopherlab: %w", name, err)
	}
	// The files as the compiler gets them, which name the package main
	// (asmain.go), from a check of all of them.
	tfile, err := parser.ParseFile(fset, "zz_symbols.go", table, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%s: its symbol table, a bug of gopherlab: %w", name, err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}}
	all, err := (&types.Config{Importer: b.Importer()}).Check(importPath, fset, []*ast.File{file, afile, ffile, tfile}, info)
	if err != nil {
		return nil, fmt.Errorf("%s: the package with its symbol table, a bug of gopherlab: %w", name, err)
	}
	mains, err := asMain(fset, []*ast.File{file, afile, ffile, tfile},
		map[string][]byte{name + ".go": []byte(src), "zz_access.go": []byte(access), "zz_fields.go": []byte(fields), "zz_symbols.go": table},
		all, info, func(path string) bool { return b.paths[path] != nil })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	unlock, err := lockDir(b.dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	pkgDir := filepath.Join(b.dir, filepath.FromSlash(rel))
	// The plugin file goes once the plugin is open (the process keeps its
	// pages): a module shared by every kernel of a directory would
	// otherwise keep a plugin of every cell ever compiled. A package that
	// does not build goes too, since nothing will import it.
	defer func() {
		if sos, err := filepath.Glob(pkgDir + "-*.so"); err == nil {
			for _, so := range sos {
				os.Remove(so)
			}
		}
	}()
	main := fmt.Sprintf(pluginMain, name, importPath, importPath)
	files := map[string][]byte{
		name + ".go":       []byte(src),
		"zz_symbols.go":    table,
		"zz_access.go":     []byte(access),
		"zz_fields.go":     []byte(fields),
		"plugin/plugin.go": []byte(main),
	}
	for file, text := range mains {
		files[mainDir+"/"+file] = text
	}
	p, err := b.build(ctx, rel, "plugin", files)
	if err != nil {
		os.RemoveAll(pkgDir)
		return nil, err
	}
	b.built[name] = full
	b.paths[importPath] = full
	return p, nil
}

// pluginMain is the main package of a Build package's plugin, given the
// package's name and import path (twice): the plugin's entry alone. The
// package, compiled as main, exports no variable (asmain.go), so its table
// is reached by its symbol's name.
const pluginMain = `// Code generated by gopherlab/interp/native. DO NOT EDIT.

// The plugin of %s, whose main package is the plugin's entry alone.
package main

import (
	"reflect"
	_ "unsafe" // for go:linkname

	_ %q
)

//go:linkname symbols %s.Symbols
var symbols map[string]map[string]reflect.Value

// Symbols is what this plugin hands to the interpreter.
var Symbols = symbols
`

// Importer is the importer of the packages the Builder's packages may
// import: those Build built, and those of the importer NewBuilder was
// given. Source type-checked with it uses the same types.Package for a path
// as Build does, so its types are identical to those Build checks.
func (b *Builder) Importer() types.Importer { return builtImporter{b} }

type builtImporter struct{ b *Builder }

func (i builtImporter) Import(path string) (*types.Package, error) {
	if pkg, ok := i.b.paths[path]; ok {
		return pkg, nil
	}
	return i.b.importer.Import(path)
}

// Access is the exported name by which other packages reach the name that
// a Build package declares: the name itself when it is exported, else an
// alias Build adds (a type alias, a constant, or a variable holding the
// function).
func Access(name string) string {
	if token.IsExported(name) {
		return name
	}
	return accessPrefix + name
}

// accessPrefix starts the aliases of a Build package's unexported names.
const accessPrefix = "Gl_"

// accessSource is the file of the aliases of pkg's unexported names, for
// Access: none for a variable, which another package would share through a
// pointer only. A generic type's is a generic alias, a generic function's
// a generic function that calls it.
func accessSource(pkg *types.Package) string {
	imports := map[string]string{} // path → name in the file
	qualify := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		if _, ok := imports[p.Path()]; !ok {
			imports[p.Path()] = fmt.Sprintf("_glacc%d", len(imports))
		}
		return imports[p.Path()]
	}
	var decls strings.Builder
	for _, name := range pkg.Scope().Names() {
		if token.IsExported(name) || name == "_" {
			continue
		}
		switch obj := pkg.Scope().Lookup(name).(type) {
		case *types.TypeName:
			tparams, targs := TypeParams(typeParamsOf(obj), qualify)
			fmt.Fprintf(&decls, "type %s%s = %s%s\n", Access(name), tparams, name, targs)
		case *types.Const:
			fmt.Fprintf(&decls, "const %s = %s\n", Access(name), name)
		case *types.Func:
			sig := obj.Type().(*types.Signature)
			if sig.TypeParams().Len() == 0 {
				fmt.Fprintf(&decls, "var %s = %s\n", Access(name), name)
				continue
			}
			tparams, targs := TypeParams(sig.TypeParams(), qualify)
			params, args, results := Forward(sig, qualify)
			ret := "return "
			if sig.Results().Len() == 0 {
				ret = ""
			}
			fmt.Fprintf(&decls, "func %s%s(%s)%s { %s%s%s(%s) }\n", Access(name), tparams, params, results, ret, name, targs, args)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// Code generated by gopherlab/interp/native. DO NOT EDIT.\n\npackage %s\n\n", pkg.Name())
	for _, path := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&b, "import %s %q\n", imports[path], path)
	}
	b.WriteString("\n" + decls.String())
	return b.String()
}

// typeParamsOf are the type parameters of a generic type, nil for another.
func typeParamsOf(obj *types.TypeName) *types.TypeParamList {
	switch t := obj.Type().(type) {
	case *types.Named:
		if !obj.IsAlias() {
			return t.TypeParams()
		}
	case *types.Alias:
		return t.TypeParams()
	}
	return nil
}

// build writes files as the package at rel in the module (a name with a
// slash is a file of a package under it), builds the package at rel + "/"
// + main, or at rel when main is "", into a plugin, and opens it. The
// caller holds the module's lock.
//
// Every build goes through the -toolexec program (toolexec.go): a plugin
// of a module's package or of instances may contain a Build package, and
// the go command builds it again where its cache has lost it, which must
// give the same package as the plugin that loaded it first.
func (b *Builder) build(ctx context.Context, rel, main string, files map[string][]byte) (*Plugin, error) {
	importPath := b.module + "/" + rel
	pkgDir := filepath.Join(b.dir, filepath.FromSlash(rel))
	for file, text := range files {
		path := filepath.Join(pkgDir, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
		if err := writeIfChanged(path, text); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	so, err := b.pluginFile(rel)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(so); err != nil {
		target := importPath
		if main != "" {
			target += "/" + main
		}
		// The plugin's path is its main package's import path (the go
		// command would derive one from the content, and a second plugin
		// of the same text would not open).
		args := append([]string{"build", "-mod=mod", "-buildmode=plugin", "-ldflags=-pluginpath=" + target, "-o", so}, b.tc.flags...)
		toolexec, err := b.toolexec(ctx)
		if err != nil {
			return nil, err
		}
		args = append(args, toolexec)
		if _, err := b.goCommand(ctx, append(args, target)...); err != nil {
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
	// A Build package's plugin's main, and its files as main (asmain.go).
	for _, dir := range []string{"plugin", mainDir} {
		more, _ := filepath.Glob(filepath.Join(pkgDir, dir, "*.go"))
		sources = append(sources, more...)
	}
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

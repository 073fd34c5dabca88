package native

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
)

// The modules a plugin is built with: the builder's go.mod requires every
// module this binary links, at the version it links, and every go get
// keeps them there. The runtime refuses a plugin whose copy of a package
// this binary also has differs from it, so a module a cell imports may
// not move them.

// linkedModules are the modules this binary was built with, by path.
func linkedModules() map[string]*debug.Module {
	mods := map[string]*debug.Module{}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			mods[m.Path] = m
		}
	}
	return mods
}

// goMod is a new builder's go.mod: this binary's modules required at their
// versions, and replaced where they were replaced.
func goMod(module, release string, linked map[string]*debug.Module) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "module %s\n\ngo %s\n", module, release)
	for _, m := range sortedModules(linked) {
		fmt.Fprintf(&b, "\nrequire %s %s\n", m.Path, m.Version)
		if r := m.Replace; r != nil {
			target := r.Path
			if r.Version != "" {
				target += " " + r.Version
			}
			fmt.Fprintf(&b, "replace %s => %s\n", m.Path, target)
		}
	}
	return b.Bytes()
}

// pins are the go get arguments that keep this binary's modules at its
// versions.
func pins(linked map[string]*debug.Module) []string {
	var args []string
	for _, m := range sortedModules(linked) {
		if m.Replace == nil {
			args = append(args, m.Path+"@"+m.Version)
		}
	}
	return args
}

// Import builds the package of importPath, from a module the go command
// finds (through GOPROXY, or a replace in the builder's go.mod), into a
// plugin that hands its exported declarations to the interpreter, under
// importPath and the package's name. skipped says which it leaves out, and
// why (generic functions and types: compiled generics exist only as the
// instances compiled code makes). The error of a package that cannot be
// had or built is one line that names it.
func (b *Builder) Import(ctx context.Context, importPath string) (p *Plugin, skipped []string, err error) {
	unlock, err := lockDir(b.dir)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	wrap := func(err error) error { return fmt.Errorf("import %q: %w", importPath, err) }
	rel := "imports/" + importPath
	// A plugin of the package built before, by this worker or another
	// one, for the modules go.mod and go.sum hold now, opens as it is: no
	// go command runs.
	if p, skipped, err := b.openBuilt(rel); err != nil || p != nil {
		return p, skipped, err
	}
	if err := b.get(ctx, importPath); err != nil {
		return nil, nil, wrap(err)
	}
	if p, skipped, err := b.openBuilt(rel); err != nil || p != nil {
		return p, skipped, err
	}
	if b.Notify != nil {
		b.Notify(fmt.Sprintf("building %s into a plugin, once for the kernels of this directory", importPath))
	}
	pkg, err := b.exportData(ctx, importPath)
	if err != nil {
		return nil, nil, wrap(err)
	}
	table, skipped, err := importTable(pkg)
	if err != nil {
		return nil, nil, wrap(err)
	}
	skippedText := []byte(strings.Join(skipped, "\n"))
	p, err = b.build(ctx, rel, "", map[string][]byte{"zz_symbols.go": table, "skipped.txt": skippedText})
	if err != nil {
		return nil, nil, wrap(err)
	}
	p.ImportPath = importPath
	b.loaded[importPath] = true
	return p, skipped, nil
}

// openBuilt opens the plugin of the package at rel if one was built for
// the module's go.mod and go.sum as they are; nil if none was.
func (b *Builder) openBuilt(rel string) (p *Plugin, skipped []string, err error) {
	so, err := b.pluginFile(rel)
	if err != nil {
		return nil, nil, err
	}
	if _, err := os.Stat(so); err != nil {
		return nil, nil, nil
	}
	p, err = b.open(rel, so)
	if err != nil {
		return nil, nil, err
	}
	if text, err := os.ReadFile(filepath.Join(b.dir, filepath.FromSlash(rel), "skipped.txt")); err == nil && len(text) > 0 {
		skipped = strings.Split(string(text), "\n")
	}
	p.ImportPath = strings.TrimPrefix(rel, "imports/")
	b.loaded[p.ImportPath] = true
	return p, skipped, nil
}

// get makes sure the builder's go.mod requires the module of importPath:
// one of this binary's at its version (go get would ask for the latest), a
// module required already at the version required (by %go get, or by a
// go.mod the builder follows), another at the latest that agrees with
// this binary's.
func (b *Builder) get(ctx context.Context, importPath string) error {
	query := importPath
	if m := moduleOf(importPath, b.linked); m != nil {
		if m.Replace != nil {
			return nil // go.mod requires and replaces it already
		}
		query += "@" + m.Version
	} else {
		required, err := b.required(ctx)
		if err != nil {
			return err
		}
		if moduleOf(importPath, required) != nil {
			return nil
		}
	}
	_, err := b.goCommand(ctx, append([]string{"get", query}, pins(b.linked)...)...)
	return err
}

// Get runs go get with queries (module@version, as a user gives them to
// %go get) in the builder's module, this binary's modules kept at their
// versions, and returns what changed: a line per module, its version and
// what it was.
func (b *Builder) Get(ctx context.Context, queries []string) (changes []string, err error) {
	if len(queries) == 0 {
		return nil, errors.New("go get: name a module, as MODULE@VERSION")
	}
	unlock, err := lockDir(b.dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	before, err := b.required(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := b.goCommand(ctx, append(append([]string{"get"}, queries...), pins(b.linked)...)...); err != nil {
		return nil, err
	}
	after, err := b.required(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range sortedModules(after) {
		switch was := before[m.Path]; {
		case was == nil:
			changes = append(changes, fmt.Sprintf("%s %s (added)", m.Path, m.Version))
		case was.Version != m.Version:
			change := fmt.Sprintf("%s %s (was %s)", m.Path, m.Version, was.Version)
			if loaded := b.loadedFrom(m.Path); len(loaded) > 0 {
				// A plugin never unloads, and a process has one version
				// of a package.
				change += fmt.Sprintf("; loaded at %s until the kernel restarts: %s", was.Version, strings.Join(loaded, ", "))
			}
			changes = append(changes, change)
		}
	}
	return changes, nil
}

// loadedFrom are the packages of module that this Builder's Import opened.
func (b *Builder) loadedFrom(module string) []string {
	var paths []string
	for path := range b.loaded {
		if path == module || strings.HasPrefix(path, module+"/") {
			paths = append(paths, path)
		}
	}
	slices.Sort(paths)
	return paths
}

// Follow makes the builder's module require what the go.mod at path
// requires, at its versions, and replace what it replaces (a directory
// relative to that go.mod's): a class repository's go.mod pins the
// versions for every student's kernel. This binary's modules stay at its
// versions.
func (b *Builder) Follow(ctx context.Context, path string) error {
	unlock, err := lockDir(b.dir)
	if err != nil {
		return err
	}
	defer unlock()
	cmd := b.tc.command(ctx, "mod", "edit", "-json", path)
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var theirs modFile
	if err := json.Unmarshal(out, &theirs); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	args := []string{"mod", "edit"}
	for _, r := range theirs.Require {
		if b.linked[r.Path] == nil {
			args = append(args, "-require="+r.Path+"@"+r.Version)
		}
	}
	for _, r := range theirs.Replace {
		if b.linked[r.Old.Path] != nil {
			continue
		}
		target := r.New.Path
		if r.New.Version != "" {
			target += "@" + r.New.Version
		} else if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		old := r.Old.Path
		if r.Old.Version != "" {
			old += "@" + r.Old.Version
		}
		args = append(args, "-replace="+old+"="+target)
	}
	if len(args) == 2 {
		return nil
	}
	_, err = b.goCommand(ctx, args...)
	return err
}

// FindGoMod is the go.mod in dir or the nearest directory above it, if any.
func FindGoMod(dir string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		path := filepath.Join(dir, "go.mod")
		if info, err := os.Stat(path); err == nil && !info.IsDir() {
			return path, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// modFile is what the builder reads of `go mod edit -json`.
type modFile struct {
	Require []struct{ Path, Version string }
	Replace []struct {
		Old, New struct{ Path, Version string }
	}
}

// required are the modules the builder's go.mod requires, by path.
func (b *Builder) required(ctx context.Context) (map[string]*debug.Module, error) {
	out, err := b.goCommand(ctx, "mod", "edit", "-json")
	if err != nil {
		return nil, err
	}
	var f modFile
	if err := json.Unmarshal(out, &f); err != nil {
		return nil, fmt.Errorf("go mod edit: %w", err)
	}
	mods := map[string]*debug.Module{}
	for _, r := range f.Require {
		mods[r.Path] = &debug.Module{Path: r.Path, Version: r.Version}
	}
	return mods, nil
}

// moduleOf is the module of mods that holds the package of importPath,
// if any: the one with the longest path that is a prefix of it.
func moduleOf(importPath string, mods map[string]*debug.Module) *debug.Module {
	var best *debug.Module
	for path, m := range mods {
		if (importPath == path || strings.HasPrefix(importPath, path+"/")) && (best == nil || len(path) > len(best.Path)) {
			best = m
		}
	}
	return best
}

// listed is what Import reads of `go list -export -json`.
type listed struct {
	ImportPath, Export string
	Error              *struct{ Err string }
}

// exportData type-checks the package of importPath from the export data
// the go command writes for it and its dependencies.
func (b *Builder) exportData(ctx context.Context, importPath string) (*types.Package, error) {
	out, err := b.goCommand(ctx, "list", "-mod=mod", "-export", "-deps", "-json=ImportPath,Export,Error", importPath)
	if err != nil {
		return nil, err
	}
	exports := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list: %w", err)
		}
		if p.Error != nil {
			return nil, errors.New(firstLine(p.Error.Err))
		}
		exports[p.ImportPath] = p.Export
	}
	lookup := func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	}
	return importer.ForCompiler(token.NewFileSet(), "gc", lookup).Import(importPath)
}

// goCommand runs the go command in the builder's module and returns its
// standard output; its error is the go command's line of complaint.
func (b *Builder) goCommand(ctx context.Context, args ...string) ([]byte, error) {
	cmd := b.tc.command(ctx, args...)
	cmd.Dir = b.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("go %s: %s", args[0], complaint(stderr.String(), err))
	}
	return stdout.Bytes(), nil
}

// complaint is the line of the go command's standard error that says what
// went wrong: the last that is not about downloading.
func complaint(stderr string, err error) string {
	last := ""
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "go: downloading") && !strings.HasPrefix(line, "go: finding") {
			last = line
		}
	}
	if last == "" {
		return err.Error()
	}
	return strings.TrimPrefix(last, "go: ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

func sortedModules(mods map[string]*debug.Module) []*debug.Module {
	out := make([]*debug.Module, 0, len(mods))
	for _, m := range mods {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b *debug.Module) int { return strings.Compare(a.Path, b.Path) })
	return out
}

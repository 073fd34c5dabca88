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
	"runtime/debug"
	"slices"
	"strings"
)

// The modules a plugin is built with: the builder's go.mod requires every
// module this binary links, at the version it links, and Import asks the
// go command to keep them there. The runtime refuses a plugin whose copy
// of a package this binary also has differs from it, so a module a cell
// imports may not move them.

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

// goMod is the builder's go.mod: this binary's modules required at their
// versions, and replaced where they were replaced.
func goMod(release string, linked map[string]*debug.Module) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "module %s\n\ngo %s\n", modulePath, release)
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
	if err := b.get(ctx, importPath); err != nil {
		return nil, nil, fmt.Errorf("import %q: %w", importPath, err)
	}
	pkg, err := b.exportData(ctx, importPath)
	if err != nil {
		return nil, nil, fmt.Errorf("import %q: %w", importPath, err)
	}
	table, skipped, err := importTable(pkg)
	if err != nil {
		return nil, nil, fmt.Errorf("import %q: %w", importPath, err)
	}
	b.imports++
	name := fmt.Sprintf("import-%d", b.imports)
	p, err = b.build(ctx, name, map[string][]byte{"zz_symbols.go": table})
	if err != nil {
		return nil, nil, fmt.Errorf("import %q: %w", importPath, err)
	}
	p.ImportPath = importPath
	return p, skipped, nil
}

// get adds the module of importPath to the builder's go.mod, with this
// binary's modules kept at their versions: a package of one of them at
// that version (go get would ask for the latest), another module's at the
// latest that agrees with them.
func (b *Builder) get(ctx context.Context, importPath string) error {
	query := importPath
	if m := b.linkedModuleOf(importPath); m != nil {
		if m.Replace != nil {
			return nil // go.mod requires and replaces it already
		}
		query += "@" + m.Version
	}
	_, err := b.goCommand(ctx, append([]string{"get", query}, pins(b.linked)...)...)
	return err
}

// linkedModuleOf is the module this binary links that holds the package
// of importPath, if any.
func (b *Builder) linkedModuleOf(importPath string) *debug.Module {
	var best *debug.Module
	for path, m := range b.linked {
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
	out, err := b.goCommand(ctx, "list", "-export", "-deps", "-json=ImportPath,Export,Error", importPath)
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
// standard output; its error is the go command's first line of complaint.
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

// Command gen writes the symbol tables of the standard library of the Go
// toolchain in use, which cells import: one file per package, made by
// yaegi's extract package, whose table is built only when a cell first
// needs the package (see ../stdlib.go for why). Generic functions and
// types have no symbols (extract skips them: see interp/gensrc); a package
// with nothing else gets an empty table, which lets cells import it.
//
// It runs from interp/stdlib, through go generate:
//
//	go run ./gen [-o dir]
//
// writing into dir (default "."), after removing the files it wrote
// before there. interp/stdlib's staleness test runs it into a temporary
// directory and compares.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"

	"github.com/traefik/yaegi/extract"
	"golang.org/x/sync/errgroup"
)

func main() {
	out := flag.String("o", ".", "the `directory` to write the tables into")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	if err := generate(*out); err != nil {
		log.Fatal(err)
	}
}

// generatedFile matches the names of the files gen writes.
var generatedFile = regexp.MustCompile(`^go1_[0-9]+_.*\.go$`)

func generate(dir string) error {
	minor, err := goMinor()
	if err != nil {
		return err
	}
	packages, err := stdPackages()
	if err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(dir, "go1_*.go"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if generatedFile.MatchString(filepath.Base(f)) {
			if err := os.Remove(f); err != nil {
				return fmt.Errorf("remove the old table: %w", err)
			}
		}
	}
	// extract type-checks each package and its dependencies from source
	// anew, a few seconds a package: the packages go side by side.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, ipath := range packages {
		g.Go(func() error {
			src, err := extractTable(ipath)
			if err != nil {
				return err
			}
			name := fmt.Sprintf("go1_%d_%s.go", minor, strings.NewReplacer("/", "_", ".", "_").Replace(ipath))
			if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
				return fmt.Errorf("write the table of %s: %w", ipath, err)
			}
			return nil
		})
	}
	g.Go(func() error {
		src, err := genericNames(packages)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("go1_%d_generic_names.go", minor)
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			return fmt.Errorf("write the generic names: %w", err)
		}
		return nil
	})
	return g.Wait()
}

// goMinor is the minor version of the toolchain that runs gen, whose
// standard library the tables describe.
func goMinor() (int, error) {
	var minor int
	if _, err := fmt.Sscanf(runtime.Version(), "go1.%d", &minor); err != nil {
		return 0, fmt.Errorf("the tables are made with a released toolchain, not %s", runtime.Version())
	}
	return minor, nil
}

// notForCells are standard packages that get no table: unsafe, which yaegi
// knows itself; syscall, whose tables differ by system and come from
// yaegi's (interp/stdsymbols.go); and the packages that exist only for
// the toolchain's own instrumentation.
var notForCells = []string{"unsafe", "syscall", "runtime/cgo", "runtime/race", "runtime/msan", "runtime/asan", "runtime/coverage"}

// stdPackages are the import paths of the standard library that a program
// may import, sorted: go list std, without internal, vendored and command
// packages, and without notForCells.
func stdPackages() ([]string, error) {
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		return nil, fmt.Errorf("go list std: %w", err)
	}
	var paths []string
	for _, p := range strings.Fields(string(out)) {
		if strings.Contains(p, "internal") || strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "cmd/") || slices.Contains(notForCells, p) {
			continue
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths, nil
}

// extractTable is the table of the package at ipath, as yaegi's extract
// writes it, with its registration made lazy, formatted.
func extractTable(ipath string) ([]byte, error) {
	e := extract.Extractor{Dest: "stdlib"}
	var buf bytes.Buffer
	if _, err := e.Extract(ipath, "", &buf); err != nil {
		return nil, fmt.Errorf("extract %s: %w", ipath, err)
	}
	src := strings.Replace(buf.String(), "'yaegi extract "+ipath+"'", "'go generate' in interp/stdlib (gen/main.go), yaegi's extract of "+ipath, 1)
	lazy, err := lazyTable([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("the table of %s: %w", ipath, err)
	}
	out, err := format.Source(lazy)
	if err != nil {
		return nil, fmt.Errorf("format the table of %s: %w", ipath, err)
	}
	return out, nil
}

// lazyTable turns extract's registration of a table,
//
//	func init() { Symbols[key] = map[string]reflect.Value{…} }
//
// into the registration of the function that builds it,
//
//	func init() { Tables[key] = func() map[string]reflect.Value { return map[string]reflect.Value{…} } }
//
// so that a process pays for the table only when it is asked for.
func lazyTable(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parse extract's output: %w", err)
	}
	var assign *ast.AssignStmt
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != "init" || fd.Recv != nil {
			continue
		}
		if len(fd.Body.List) != 1 {
			return nil, fmt.Errorf("extract's init has %d statements, gen knows one", len(fd.Body.List))
		}
		assign, _ = fd.Body.List[0].(*ast.AssignStmt)
	}
	if assign == nil || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
		return nil, fmt.Errorf("extract's init is not the one assignment gen knows")
	}
	index, ok := assign.Lhs[0].(*ast.IndexExpr)
	if !ok || !isIdent(index.X, "Symbols") {
		return nil, fmt.Errorf("extract's init does not assign to Symbols[key]")
	}
	at := func(p token.Pos) int { return fset.Position(p).Offset }
	var b bytes.Buffer
	b.Write(src[:at(index.X.Pos())])
	b.WriteString("Tables")
	b.Write(src[at(index.X.End()):at(assign.Rhs[0].Pos())])
	b.WriteString("func() map[string]reflect.Value {\n\treturn ")
	b.Write(src[at(assign.Rhs[0].Pos()):at(assign.Rhs[0].End())])
	b.WriteString("\n}")
	b.Write(src[at(assign.Rhs[0].End()):])
	return b.Bytes(), nil
}

// genericNames is the source of the file that lists, for each package of
// packages that has some, the exported generic functions and types that
// its table cannot hold, so that a cell that names one is told why it
// cannot have it rather than that it is undefined.
func genericNames(packages []string) ([]byte, error) {
	args := append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \" \"}}"}, packages...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("go list the packages' files: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by 'go generate' in interp/stdlib (gen/main.go); DO NOT EDIT.\n\n")
	b.WriteString("package stdlib\n\n")
	b.WriteString("// GenericNames are the exported generic functions and types of the\n")
	b.WriteString("// standard packages, by import path, which no table holds: Go has no\n")
	b.WriteString("// reflect value of a generic.\n")
	b.WriteString("var GenericNames = map[string][]string{\n")
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		ipath, rest, _ := strings.Cut(line, "\t")
		dir, files, _ := strings.Cut(rest, "\t")
		names, err := exportedGenerics(dir, strings.Fields(files))
		if err != nil {
			return nil, fmt.Errorf("the generics of %s: %w", ipath, err)
		}
		if len(names) > 0 {
			fmt.Fprintf(&b, "\t%q: {%s},\n", ipath, quoted(names))
		}
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// exportedGenerics are the exported generic functions and types that the
// files of dir declare, sorted.
func exportedGenerics(dir string, files []string) ([]string, error) {
	var names []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Type.TypeParams != nil && d.Name.IsExported() {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok && ts.TypeParams != nil && ts.Name.IsExported() {
						names = append(names, ts.Name.Name)
					}
				}
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

func isIdent(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name
}

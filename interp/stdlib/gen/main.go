// Command gen writes the symbol tables of what the Go toolchain in use adds
// to the standard library since the tables yaegi v0.16.1 ships (Go 1.22),
// for the packages those tables cover: one file per package that has new
// exported functions, variables, constants or types, made by yaegi's
// extract package and restricted to the new names. Generic functions and
// types have no symbols (extract skips them: see interp/gensrc).
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
	"go/format"
	"go/importer"
	"go/token"
	"go/types"
	"log"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"

	"github.com/traefik/yaegi/extract"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"
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
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	for _, ipath := range coveredPackages() {
		names, err := newNames(imp, ipath)
		if err != nil {
			return err
		}
		if len(names) == 0 {
			continue
		}
		src, err := extractNames(ipath, names)
		if err != nil {
			return err
		}
		if !bytes.Contains(src, []byte("reflect.ValueOf(")) {
			continue // its new names are all generic
		}
		name := fmt.Sprintf("go1_%d_%s.go", minor, strings.NewReplacer("/", "_", ".", "_").Replace(ipath))
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			return fmt.Errorf("write the table of %s: %w", ipath, err)
		}
	}
	return nil
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

// yaegiTables are the tables whose packages gen covers, and whose names it
// leaves out.
var yaegiTables = []map[string]map[string]reflect.Value{stdlib.Symbols, unrestricted.Symbols}

// coveredPackages are the import paths of the packages of yaegiTables,
// sorted; not syscall, whose tables differ by system (see
// interp/stdsymbols.go), nor yaegi's own.
func coveredPackages() []string {
	var paths []string
	for _, table := range yaegiTables {
		for key := range table {
			ipath := path.Dir(key)
			if ipath == "." || ipath == "syscall" || strings.Contains(ipath, ".") || slices.Contains(paths, ipath) {
				continue
			}
			paths = append(paths, ipath)
		}
	}
	slices.Sort(paths)
	return paths
}

// newNames are the exported names of the package at ipath, in the
// toolchain's standard library, that yaegiTables lack.
func newNames(imp types.Importer, ipath string) ([]string, error) {
	pkg, err := imp.Import(ipath)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", ipath, err)
	}
	key := ipath + "/" + pkg.Name()
	var names []string
	for _, name := range pkg.Scope().Names() {
		if !token.IsExported(name) {
			continue
		}
		known := false
		for _, table := range yaegiTables {
			if _, ok := table[key][name]; ok {
				known = true
			}
		}
		if !known {
			names = append(names, name)
		}
	}
	return names, nil
}

// extractNames is the table of names of the package at ipath, as yaegi's
// extract writes it, formatted.
func extractNames(ipath string, names []string) ([]byte, error) {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	e := extract.Extractor{
		Dest:    "stdlib",
		Include: []string{"^(" + strings.Join(quoted, "|") + ")$"},
	}
	var buf bytes.Buffer
	if _, err := e.Extract(ipath, "", &buf); err != nil {
		return nil, fmt.Errorf("extract %s: %w", ipath, err)
	}
	src := strings.Replace(buf.String(), "'yaegi extract "+ipath+"'", "'go generate' in interp/stdlib (gen/main.go), yaegi's extract of "+ipath, 1)
	out, err := format.Source([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("format the table of %s: %w", ipath, err)
	}
	return out, nil
}

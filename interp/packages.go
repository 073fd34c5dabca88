package interp

import (
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"

	"gopherlab/interp/oracle"
)

// packages is what an interpreter knows of the compiled packages cells can
// import: the standard library's symbol tables (stdsymbols.go) and those
// its Options add (gopherlab's own helper packages, which main registers),
// with what completion, inspection, automatic imports and the type oracle
// derive from them, each made once, on first need.
type packages struct {
	extra   map[string]map[string]reflect.Value
	modules *modules // the packages of modules cells import (modules.go)

	autoImports func() map[string]string
	importPaths func() []candidate
	importer    func() *oracle.Importer
}

func newPackages(extra map[string]map[string]reflect.Value) *packages {
	p := &packages{extra: extra, modules: newModules()}
	p.autoImports = sync.OnceValue(func() map[string]string { return autoImportsOf(p.keys()) })
	p.importPaths = sync.OnceValue(func() []candidate { return importPathsOf(p.keys()) })
	p.importer = sync.OnceValue(func() *oracle.Importer {
		im := oracle.NewImporter(func(importPath string) (map[string]reflect.Value, bool) {
			if t, ok := p.table(importPath); ok {
				return t, true
			}
			return p.modules.table(importPath)
		})
		// Compiled cells are parts of the cells' one program
		// (compile_fields.go).
		im.SetMainParts(isCellPackage)
		// The generics of compiled packages that the interpreter
		// instantiates natively (instantiate.go).
		im.SetGenerics(p.genericObject)
		return im
	})
	return p
}

// compiled tells whether a compiled symbol table holds the package at
// importPath.
func (p *packages) compiled(importPath string) bool {
	key := importPath + "/" + packageName(importPath)
	_, extra := p.extra[key]
	return stdSymbols.has(key) || extra
}

// keys are the keys of the symbol tables, the standard library's and
// those of Options.Packages: "import/path/name".
func (p *packages) keys() []string {
	return append(slices.Clone(stdKeys()), slices.Sorted(maps.Keys(p.extra))...)
}

// table is the symbol table of the package at importPath, the standard
// library's built if it was not (stdsymbols.go), merged with what
// Options.Packages add to it.
func (p *packages) table(importPath string) (map[string]reflect.Value, bool) {
	key := importPath + "/" + packageName(importPath)
	t, std := stdSymbols.table(key)
	extra, ok := p.extra[key]
	switch {
	case !ok:
		return t, std
	case !std:
		return extra, true
	}
	merged := maps.Clone(t)
	maps.Copy(merged, extra)
	return merged, true
}

// symbols are the exported compiled symbols of the package at ipath.
func (p *packages) symbols(ipath string) map[string]reflect.Value {
	if syms, ok := p.table(ipath); ok {
		return exported(syms)
	}
	syms, _ := p.modules.table(ipath)
	return exported(syms)
}

// importPathsOf are the packages of the tables keyed by keys, which cells
// can import.
func importPathsOf(keys []string) []candidate {
	var paths []candidate
	for _, key := range keys {
		if ipath := path.Dir(key); ipath != "." && !strings.Contains(ipath, "internal") {
			paths = append(paths, candidate{ipath, KindPath})
		}
	}
	return paths
}

// autoImports maps package names to the paths imported for cells that use
// them without an import: every package in the interpreter's symbol tables
// whose name is unique, and the usual choice for the names that are not.
func autoImportsOf(keys []string) map[string]string {
	preferred := map[string]string{
		"rand":     "math/rand",
		"template": "text/template",
		"scanner":  "text/scanner",
		"pprof":    "runtime/pprof",
	}
	byName := map[string][]string{}
	for _, key := range keys {
		ipath := path.Dir(key)
		if ipath == "." || strings.Contains(ipath, "internal") || strings.HasPrefix(ipath, "github.com/") {
			continue
		}
		name := path.Base(key)
		byName[name] = append(byName[name], ipath)
	}
	m := map[string]string{}
	for name, paths := range byName {
		if p, ok := preferred[name]; ok {
			m[name] = p
		} else if len(paths) == 1 {
			m[name] = paths[0]
		}
	}
	return m
}

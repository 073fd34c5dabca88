package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path"
	"reflect"
	"slices"
	"strconv"
	"sync"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib/generic"
)

// A stdLoader gives one yaegi interpreter the symbol tables of the standard
// packages its code imports, each when first imported (stdsymbols.go says
// why not all at once). Every piece of a cell reaches yaegi through
// Interpreter.compile, which asks it first; a package no table has is
// left to yaegi, whose error names it.
type stdLoader struct {
	yi     *yaegi.Interpreter
	loaded map[string]bool // import paths
	// generics are gensrc's sources of standard packages not compiled yet
	// (generics.go): all of them are, in their order, when a file first
	// imports the package of one.
	generics []gensrcFile
}

// corePackages are the standard packages loaded with the interpreter,
// whatever cells import: those yaegi changes when it loads fmt (its
// fixStdlib), and those its generic sources, compiled then, import.
var corePackages = sync.OnceValue(func() []string {
	paths := []string{"fmt", "flag", "log", "os", "math/bits"}
	for _, src := range generic.Sources {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
		if err != nil {
			panic(fmt.Sprintf("interp: yaegi's generic sources do not parse: %v", err))
		}
		paths = append(paths, importPaths(f)...)
	}
	return paths
})

// newStdLoader loads the core packages into yi, and those whose symbols
// overrides replace, so that the overrides, loaded after them, win.
func newStdLoader(yi *yaegi.Interpreter, overrides yaegi.Exports) (*stdLoader, error) {
	l := &stdLoader{yi: yi, loaded: map[string]bool{}}
	paths := slices.Clone(corePackages())
	for key := range overrides {
		if key != "." {
			paths = append(paths, path.Dir(key))
		}
	}
	exports := stdSymbols.exports(paths...)
	exports["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(stdMapTypes())}
	if err := yi.Use(exports); err != nil {
		return nil, fmt.Errorf("interp: load the standard library: %w", err)
	}
	for key := range exports {
		l.loaded[path.Dir(key)] = true
	}
	return l, nil
}

// load gives the interpreter the tables of the standard packages that n,
// a file about to be compiled, imports and it lacks.
func (l *stdLoader) load(n ast.Node) error {
	f, ok := n.(*ast.File)
	if !ok {
		return nil
	}
	var missing []string
	generics := false
	for _, ipath := range importPaths(f) {
		if !l.loaded[ipath] {
			missing = append(missing, ipath)
		}
		generics = generics || slices.ContainsFunc(l.generics, func(g gensrcFile) bool { return g.pkg == ipath })
	}
	if exports := stdSymbols.exports(missing...); len(exports) > 0 {
		if err := l.yi.Use(exports); err != nil {
			return fmt.Errorf("load the standard packages %v: %w", slices.Sorted(maps.Keys(exports)), err)
		}
		for key := range exports {
			l.loaded[path.Dir(key)] = true
		}
	}
	if generics {
		// Taken first: compiling them loads the packages they import.
		pending := l.generics
		l.generics = nil
		for _, g := range pending {
			if err := compileGeneric(l.yi, l, g); err != nil {
				return err
			}
		}
	}
	return nil
}

// importPaths are the paths f imports.
func importPaths(f *ast.File) []string {
	var paths []string
	for _, spec := range f.Imports {
		if ipath, err := strconv.Unquote(spec.Path.Value); err == nil {
			paths = append(paths, ipath)
		}
	}
	return paths
}

package native

// A Build package is compiled as a package named main, so that its types
// are main's, as a Go program's are: %T, fmt's %#v, reflect's String and
// the runtime's panics name main.Celsius, not cell1.Celsius. The go
// command never sees that name: it would not let later Builds import a
// package main, so the package's files say their own name, and the
// compiler gets, through -toolexec (toolexec.go), the files asMain writes
// beside them.
//
// The compiler makes a plugin's table (plugin.Open's lookups, by the
// plugin's path) of the exported functions and variables of every package
// named main it compiles, and a second one breaks the plugin ("could not
// find symbol"). So in the files asMain writes, the package has no exported
// function or variable: each is renamed to an unexported name that
// //go:linkname gives the symbol of its own name, which is what other
// packages, the linker and the runtime see. Other Build packages' functions
// and variables that a package uses are declared in it with //go:linkname
// too, since a renamed one is no longer in its package's export data;
// generic functions, which have no symbol, stay exported, and are in no
// table. Edits keep every line where it was.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// mainDir is the directory, beside a Build package's files, of the files
// the compiler gets in their place.
const mainDir = "_main"

const (
	renamedPrefix    = "_glmain_"   // a function or variable renamed
	pulledPrefix     = "_glpull_"   // another Build package's, declared here
	mainImportPrefix = "_glmainimp" // an import the declarations need
)

// mainImported matches an unexported name of another package in a type
// that a pulled declaration writes: an earlier Build package's, which its
// alias reaches (Access).
var mainImported = regexp.MustCompile(`\b(` + mainImportPrefix + `\d+)\.([\p{Ll}_]\w*)`)

// asMain writes the files of pkg, type-checked with info from files
// (whose sources are src, by the name fset gives each), as the package
// named main: by file name, the text the compiler gets. built tells the
// packages of earlier Builds.
func asMain(fset *token.FileSet, files []*ast.File, src map[string][]byte, pkg *types.Package, info *types.Info, built func(path string) bool) (map[string][]byte, error) {
	renamed := map[types.Object]string{}
	for _, name := range pkg.Scope().Names() {
		if obj := pkg.Scope().Lookup(name); inPluginTable(obj) {
			renamed[obj] = renamedPrefix + name
			if pkg.Scope().Lookup(renamed[obj]) != nil {
				return nil, fmt.Errorf("%s is a name gopherlab gives %s when it compiles the package as main: rename it", renamed[obj], name)
			}
		}
	}
	out := map[string][]byte{}
	for _, f := range files {
		name := fset.File(f.Pos()).Name()
		text, ok := src[name]
		if !ok {
			return nil, fmt.Errorf("native: no source of %s", name)
		}
		w := &mainFile{fset: fset, file: f, src: text, pkg: pkg, info: info, renamed: renamed, built: built,
			pulled: map[types.Object]string{}, imports: map[string]string{}}
		main, err := w.write()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[filepath.Base(name)] = main
	}
	return out, nil
}

// inPluginTable tells a package-level object the compiler would put in a
// plugin's table, were its package main: an exported variable, or an
// exported function that is not generic.
func inPluginTable(obj types.Object) bool {
	if obj == nil || !obj.Exported() || obj.Pkg() == nil || obj.Pkg().Scope().Lookup(obj.Name()) != obj {
		return false
	}
	switch obj := obj.(type) {
	case *types.Var:
		return true
	case *types.Func:
		return obj.Type().(*types.Signature).TypeParams().Len() == 0
	}
	return false
}

// mainFile writes one file of a package as main.
type mainFile struct {
	fset    *token.FileSet
	file    *ast.File
	src     []byte
	pkg     *types.Package
	info    *types.Info
	renamed map[types.Object]string
	built   func(path string) bool

	edits   []edit
	pulled  map[types.Object]string // another package's, by the name declared here
	imports map[string]string       // the file's imports, by path, and those added
	added   []string                // the paths of the imports added
}

// edit replaces the text from..to with text; pkg is the package name
// whose use it replaces, if any.
type edit struct {
	from, to int
	text     string
	pkg      types.Object
}

func (w *mainFile) offset(p token.Pos) int { return w.fset.Position(p).Offset }

func (w *mainFile) write() ([]byte, error) {
	for _, spec := range w.file.Imports {
		if pn := w.info.PkgNameOf(spec); pn != nil && pn.Name() != "_" && pn.Name() != "." {
			w.imports[pn.Imported().Path()] = pn.Name()
		}
	}
	// Another Build package's function or variable is a selector of its
	// package: the selector becomes the name declared here.
	var err error
	ast.Inspect(w.file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || err != nil {
			return err == nil
		}
		obj := w.info.Uses[sel.Sel]
		if !inPluginTable(obj) || obj.Pkg() == w.pkg || !w.built(obj.Pkg().Path()) {
			return true
		}
		var name string
		if name, err = w.pull(obj); err == nil {
			var pkg types.Object
			if x, ok := sel.X.(*ast.Ident); ok {
				pkg = w.info.Uses[x]
			}
			w.edits = append(w.edits, edit{from: w.offset(sel.Pos()), to: w.offset(sel.End()), text: name, pkg: pkg})
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	w.blankUnused()
	for id, obj := range w.info.Defs {
		w.rename(id, obj)
	}
	for id, obj := range w.info.Uses {
		w.rename(id, obj)
	}
	// A //go:linkname of a renamed name (a later Build's declaration of
	// an earlier one's variable) names it by its new name.
	var directives []string
	has := map[types.Object]bool{}
	for _, group := range w.file.Comments {
		for _, c := range group.List {
			fields := strings.Fields(c.Text)
			if len(fields) < 2 || fields[0] != "//go:linkname" {
				continue
			}
			obj := w.pkg.Scope().Lookup(fields[1])
			if to, ok := w.renamed[obj]; ok {
				has[obj] = true
				at := w.offset(c.Pos()) + strings.Index(c.Text, fields[1])
				w.edits = append(w.edits, edit{from: at, to: at + len(fields[1]), text: to})
			}
		}
	}
	for _, d := range w.file.Decls {
		for _, obj := range declared(d, w.info) {
			if to, ok := w.renamed[obj]; ok && !has[obj] {
				directives = append(directives, fmt.Sprintf("//go:linkname %s %s.%s\n", to, w.pkg.Path(), obj.Name()))
			}
		}
	}
	for _, obj := range slices.SortedFunc(maps.Keys(w.pulled), func(a, b types.Object) int { return strings.Compare(w.pulled[a], w.pulled[b]) }) {
		decl, err := w.pulledDecl(obj)
		if err != nil {
			return nil, err
		}
		directives = append(directives, decl)
	}
	clause := "main; import _ \"unsafe\""
	for _, path := range w.added {
		clause += fmt.Sprintf("; import %s %q", w.imports[path], path)
	}
	w.edits = append(w.edits, edit{from: w.offset(w.file.Name.Pos()), to: w.offset(w.file.Name.End()), text: clause})
	slices.SortFunc(w.edits, func(a, b edit) int { return a.from - b.from })
	var b bytes.Buffer
	at := 0
	for _, e := range w.edits {
		if e.from < at {
			return nil, fmt.Errorf("native: overlapping edits at offset %d, a bug of gopherlab", e.from)
		}
		b.Write(w.src[at:e.from])
		b.WriteString(e.text)
		at = e.to
	}
	b.Write(w.src[at:])
	if len(directives) > 0 {
		b.WriteString("\n// Added by gopherlab/interp/native to compile the package as main (asmain.go).\n")
		for _, d := range directives {
			b.WriteString(d)
		}
	}
	return b.Bytes(), nil
}

// blankUnused makes blank the imports whose every use the file's edits
// replaced with names declared in it: the compiler would say they are not
// used. A blank import still orders the packages' initialization.
func (w *mainFile) blankUnused() {
	replaced := map[types.Object]int{}
	for _, e := range w.edits {
		replaced[e.pkg]++
	}
	uses := map[types.Object]int{}
	for _, obj := range w.info.Uses {
		if pn, ok := obj.(*types.PkgName); ok {
			uses[pn]++
		}
	}
	for _, spec := range w.file.Imports {
		pn := w.info.PkgNameOf(spec)
		if pn == nil || replaced[pn] == 0 || replaced[pn] < uses[pn] {
			continue
		}
		if spec.Name != nil {
			w.edits = append(w.edits, edit{from: w.offset(spec.Name.Pos()), to: w.offset(spec.Name.End()), text: "_"})
		} else {
			at := w.offset(spec.Path.Pos())
			w.edits = append(w.edits, edit{from: at, to: at, text: "_ "})
		}
	}
}

// rename renames id, which defines or uses obj, if obj is renamed.
func (w *mainFile) rename(id *ast.Ident, obj types.Object) {
	if to, ok := w.renamed[obj]; ok && w.fset.File(id.Pos()) == w.fset.File(w.file.Pos()) {
		w.edits = append(w.edits, edit{from: w.offset(id.Pos()), to: w.offset(id.End()), text: to})
	}
}

// pull is the name by which the file reaches obj, another Build package's
// function or variable.
func (w *mainFile) pull(obj types.Object) (string, error) {
	if name, ok := w.pulled[obj]; ok {
		return name, nil
	}
	name := pulledPrefix + obj.Pkg().Name() + "_" + obj.Name()
	if w.pkg.Scope().Lookup(name) != nil {
		return "", fmt.Errorf("%s is a name gopherlab gives %s.%s when it compiles the package as main: rename it", name, obj.Pkg().Name(), obj.Name())
	}
	w.pulled[obj] = name
	return name, nil
}

// pulledDecl declares obj, another Build package's, under its name here
// as the same symbol: a function without a body, or a variable without a
// value, that //go:linkname resolves.
func (w *mainFile) pulledDecl(obj types.Object) (string, error) {
	// Another package by an import of the file's own, so that its
	// unexported names, an earlier Build's, become their aliases.
	qualify := func(p *types.Package) string {
		if p == w.pkg {
			return ""
		}
		if name, ok := w.imports[p.Path()]; ok && strings.HasPrefix(name, mainImportPrefix) {
			return name
		}
		name := fmt.Sprintf("%s%d", mainImportPrefix, len(w.added))
		w.imports[p.Path()] = name
		w.added = append(w.added, p.Path())
		return name
	}
	name := w.pulled[obj]
	link := fmt.Sprintf("//go:linkname %s %s.%s\n", name, obj.Pkg().Path(), obj.Name())
	switch obj := obj.(type) {
	case *types.Func:
		sig := reachableName(mainImported, types.TypeString(obj.Type(), qualify))
		return link + "func " + name + strings.TrimPrefix(sig, "func") + "\n", nil
	case *types.Var:
		return link + "var " + name + " " + reachableName(mainImported, types.TypeString(obj.Type(), qualify)) + "\n", nil
	}
	return "", fmt.Errorf("native: %s is not a function or variable, a bug of gopherlab", obj.Name())
}

// declared are the package-level objects that d declares.
func declared(d ast.Decl, info *types.Info) []types.Object {
	var objs []types.Object
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			objs = append(objs, info.Defs[d.Name])
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			if vs, ok := s.(*ast.ValueSpec); ok {
				for _, id := range vs.Names {
					objs = append(objs, info.Defs[id])
				}
			}
		}
	}
	return objs
}

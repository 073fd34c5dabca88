package interp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/doc/comment"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Inspection shows the doc comments of compiled packages, which reflection
// knows nothing of: they are read from the packages' sources, in GOROOT
// for the standard library, with go/doc, the way go doc does. A package is
// parsed the first time one of its symbols is inspected, and kept.

// docIndex reads and keeps the documentation of packages.
type docIndex struct {
	// dir is the directory of the sources of the package at an import
	// path, "" where there are none.
	dir func(ipath string) string

	mu   sync.Mutex
	pkgs map[string]*docPackage
}

// docPackage is the documentation of one package, read once.
type docPackage struct {
	once sync.Once
	fset *token.FileSet
	pkg  *doc.Package
	err  error
}

func newDocIndex(dir func(ipath string) string) *docIndex {
	return &docIndex{dir: dir, pkgs: map[string]*docPackage{}}
}

// docs is the index inspection reads: the standard library from GOROOT,
// gopherlab's packages from the module's sources when this binary was
// built from them.
var docs = newDocIndex(func(ipath string) string {
	// An import path, not a place: a cell's import of "../x" reads
	// nothing from beside the sources.
	if !localImportPath.MatchString(ipath) || strings.Contains(ipath, "..") {
		return ""
	}
	if rest, ok := strings.CutPrefix(ipath, "gopherlab/"); ok {
		if root := moduleRoot(); root != "" {
			return filepath.Join(root, filepath.FromSlash(rest))
		}
		return ""
	}
	if root := goroot(); root != "" {
		return filepath.Join(root, "src", filepath.FromSlash(ipath))
	}
	return ""
})

// localImportPath matches the import paths whose sources docs reads: of
// the standard library and gopherlab's packages, letters, digits and a
// few marks between slashes.
var localImportPath = regexp.MustCompile(`^[A-Za-z0-9_]+(/[A-Za-z0-9_.\-]+)*$`)

// goroot is the Go installation whose sources document the standard
// library, "" if there is none: the one this program was built with, or
// the go command's.
var goroot = sync.OnceValue(func() string {
	hasSources := func(root string) bool {
		fi, err := os.Stat(filepath.Join(root, "src", "fmt"))
		return root != "" && err == nil && fi.IsDir()
	}
	if root := os.Getenv("GOROOT"); hasSources(root) {
		return root
	}
	// Deprecated for programs that build others, it is still where this
	// one's sources were.
	if root := runtime.GOROOT(); hasSources(root) {
		return root
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if root := strings.TrimSpace(string(out)); err == nil && hasSources(root) {
		return root
	}
	return ""
})

// moduleRoot is the directory of gopherlab's sources, if this binary was
// built from a checkout that is still there.
var moduleRoot = sync.OnceValue(func() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "" // built with -trimpath
	}
	root := filepath.Dir(filepath.Dir(file))
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !bytes.HasPrefix(mod, []byte("module gopherlab\n")) {
		return ""
	}
	return root
})

// errNoSources says that a package's sources are not installed.
var errNoSources = errors.New("no sources")

// load returns the documentation of the package at ipath.
func (x *docIndex) load(ipath string) (*docPackage, error) {
	x.mu.Lock()
	p, ok := x.pkgs[ipath]
	if !ok {
		p = &docPackage{}
		x.pkgs[ipath] = p
	}
	x.mu.Unlock()
	p.once.Do(func() { p.fset, p.pkg, p.err = x.read(ipath) })
	return p, p.err
}

func (x *docIndex) read(ipath string) (*token.FileSet, *doc.Package, error) {
	dir := x.dir(ipath)
	if dir == "" {
		return nil, nil, errNoSources
	}
	// The files that build for this system, as go doc reads them.
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil && (bp == nil || len(bp.GoFiles)+len(bp.CgoFiles) == 0) {
		return nil, nil, fmt.Errorf("%s: %w", ipath, errNoSources)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range slices.Concat(bp.GoFiles, bp.CgoFiles) {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, nil, fmt.Errorf("parse %s: %w", ipath, err)
		}
		files = append(files, f)
	}
	var mode doc.Mode
	if ipath == "builtin" {
		mode = doc.AllDecls // its names are lower case
	}
	pkg, err := doc.NewFromFiles(fset, files, ipath, mode)
	if err != nil {
		return nil, nil, fmt.Errorf("read documentation of %s: %w", ipath, err)
	}
	return fset, pkg, nil
}

// help is what inspection shows of a symbol.
type help struct {
	decl string // Go: the declaration, signature or value
	doc  string // its doc comment, as text
	md   string // its doc comment, as Markdown
	more string // Go after the doc: a type's methods, a function's source
	note string // a remark on what could not be shown
}

// bundle is h as a MIME bundle: plain text laid out as go doc lays it out,
// and Markdown for front ends that render it.
func (h help) bundle() map[string]any {
	var text, md strings.Builder
	text.WriteString(h.decl)
	md.WriteString("```go\n" + h.decl + "\n```\n")
	if h.doc != "" {
		text.WriteString("\n" + strings.TrimRight(h.doc, "\n"))
		md.WriteString("\n" + h.md)
	}
	if h.more != "" {
		text.WriteString("\n\n" + h.more)
		md.WriteString("\n```go\n" + h.more + "\n```\n")
	}
	if h.note != "" {
		text.WriteString("\n\n" + h.note)
		md.WriteString("\n*" + h.note + "*\n")
	}
	return map[string]any{"text/plain": text.String(), "text/markdown": md.String()}
}

// lookup finds the documentation of sym in the package at ipath: Name, for
// a function, type, variable or constant, or Type.Name, for a method or a
// field of a type (an interface's method).
func (x *docIndex) lookup(ipath, sym string) (help, bool) {
	p, err := x.load(ipath)
	if err != nil {
		return help{}, false
	}
	typeName, member, isMember := strings.Cut(sym, ".")
	if isMember {
		for _, t := range p.pkg.Types {
			if t.Name == typeName {
				return p.member(t, member)
			}
		}
		return help{}, false
	}
	if f := findFunc(p.pkg.Funcs, sym); f != nil {
		return p.funcHelp(f), true
	}
	if v := findValue(sym, p.pkg.Consts, p.pkg.Vars); v != nil {
		return p.valueHelp(v), true
	}
	for _, t := range p.pkg.Types {
		if t.Name == sym {
			return p.typeHelp(t), true
		}
		if f := findFunc(t.Funcs, sym); f != nil {
			return p.funcHelp(f), true
		}
		if v := findValue(sym, t.Consts, t.Vars); v != nil {
			return p.valueHelp(v), true
		}
	}
	return help{}, false
}

// packageHelp is the documentation of a package itself: its synopsis, or
// all of it at detail level 1.
func (x *docIndex) packageHelp(ipath string, detail int) (help, bool) {
	p, err := x.load(ipath)
	if err != nil {
		return help{}, false
	}
	h := help{decl: fmt.Sprintf("package %s // import %q", p.pkg.Name, ipath)}
	text := p.pkg.Doc
	if detail < 1 {
		text = p.pkg.Synopsis(text)
	}
	h.doc, h.md = p.format(text)
	return h, true
}

func findFunc(funcs []*doc.Func, name string) *doc.Func {
	for _, f := range funcs {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func findValue(name string, groups ...[]*doc.Value) *doc.Value {
	for _, g := range groups {
		for _, v := range g {
			if slices.Contains(v.Names, name) {
				return v
			}
		}
	}
	return nil
}

func (p *docPackage) funcHelp(f *doc.Func) help {
	h := help{decl: p.render(f.Decl)}
	h.doc, h.md = p.format(f.Doc)
	return h
}

func (p *docPackage) valueHelp(v *doc.Value) help {
	h := help{decl: p.render(v.Decl)}
	h.doc, h.md = p.format(v.Doc)
	return h
}

// typeHelp shows a type's declaration, its doc, and the functions and
// methods that go with it, as go doc does.
func (p *docPackage) typeHelp(t *doc.Type) help {
	h := help{decl: p.render(t.Decl)}
	h.doc, h.md = p.format(t.Doc)
	var more []string
	for _, v := range slices.Concat(t.Consts, t.Vars) {
		more = append(more, p.render(v.Decl))
	}
	for _, f := range slices.Concat(t.Funcs, t.Methods) {
		more = append(more, p.render(f.Decl))
	}
	h.more = strings.Join(more, "\n")
	return h
}

// member documents a method, a field of a struct type or a method of an
// interface type.
func (p *docPackage) member(t *doc.Type, name string) (help, bool) {
	if f := findFunc(t.Methods, name); f != nil {
		return p.funcHelp(f), true
	}
	if len(t.Decl.Specs) != 1 {
		return help{}, false
	}
	spec, ok := t.Decl.Specs[0].(*ast.TypeSpec)
	if !ok {
		return help{}, false
	}
	var fields *ast.FieldList
	switch st := spec.Type.(type) {
	case *ast.StructType:
		fields = st.Fields
	case *ast.InterfaceType:
		fields = st.Methods
	default:
		return help{}, false
	}
	for _, f := range fields.List {
		for _, n := range f.Names {
			if n.Name != name {
				continue
			}
			var h help
			if ft, ok := f.Type.(*ast.FuncType); ok {
				h.decl = fmt.Sprintf("func (%s) %s%s", t.Name, name, strings.TrimPrefix(p.render(ft), "func"))
			} else {
				h.decl = fmt.Sprintf("field %s %s // in %s.%s", name, p.render(f.Type), p.pkg.Name, t.Name)
			}
			text := f.Doc.Text()
			if text == "" {
				text = f.Comment.Text()
			}
			if _, isInterface := spec.Type.(*ast.InterfaceType); isInterface && text == "" {
				// io.Writer's Write is documented with Writer.
				text = t.Doc
			}
			h.doc, h.md = p.format(text)
			return h, true
		}
	}
	return help{}, false
}

// render prints a declaration as gofmt would, without its comments.
func (p *docPackage) render(n any) string {
	var b strings.Builder
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, p.fset, n); err != nil {
		return ""
	}
	return b.String()
}

// format turns a doc comment into indented text, as go doc prints it, and
// into Markdown whose links lead to pkg.go.dev.
func (p *docPackage) format(text string) (plain, md string) {
	pr := p.pkg.Printer()
	pr.DocLinkURL = func(link *comment.DocLink) string {
		l := *link
		if l.ImportPath == "" { // the package's own symbol, which would be a bare #anchor
			l.ImportPath = p.pkg.ImportPath
		}
		return l.DefaultURL("https://pkg.go.dev")
	}
	return formatDoc(p.pkg.Parser(), pr, text)
}

func formatDoc(parser *comment.Parser, pr *comment.Printer, text string) (plain, md string) {
	if strings.TrimSpace(text) == "" {
		return "", ""
	}
	d := parser.Parse(text)
	pr.TextPrefix = "    "
	return string(pr.Text(d)), string(pr.Markdown(d))
}

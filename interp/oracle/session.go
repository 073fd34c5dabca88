package oracle

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// A Session is the package the cells of one interpreter make together:
// what they import, and the declarations of the cells run so far, the
// latest of each name, as a Go file would hold them. A cell is checked as
// part of it (Check); a cell that ran adds its declarations (Commit).
//
// A cell is Go a file cannot hold: declarations and statements at its top
// level. Check makes it a file: its declarations stay at the top level, a
// variable its top-level statements declare (x := …, var x = …) becomes a
// package variable with the same initializer, as it is a global of the
// interpreter, and the other statements form the body of a function.
//
// An earlier cell's functions and methods are checked by their signatures
// alone, so that a cell pays for what it declares, not for every body
// before it. Type errors do not stop a check: what is wrong has no type,
// and the rest does.
type Session struct {
	imp  types.Importer
	fset *token.FileSet

	mu     sync.Mutex
	decls  []*decl // in the order cells made them
	latest map[string]*decl
	files  int
	// replaced counts the names declared again since the declarations
	// were last swept (Commit).
	replaced int
}

// decl is one top-level declaration a cell made.
type decl struct {
	node  ast.Decl
	names []string // what it declares ("T.m" for a method)
	// refs are the names it uses, a function's in its signature alone:
	// what a cell that uses it needs declared too.
	refs []string
	// qualifiers are the names before a dot in it (pkg.Name, x.field):
	// the packages it may need, which a later cell need not import.
	qualifiers []string
}

// newDecl is the decl of d.
func newDecl(d ast.Decl) *decl {
	var used ast.Node = d
	if f, ok := d.(*ast.FuncDecl); ok {
		signature := *f
		signature.Body = nil
		used = &signature
	}
	return &decl{node: d, names: declNames(d), qualifiers: qualifiers(d), refs: identifiers(used)}
}

// identifiers are the names of the identifiers in n, fields' and
// methods' with the rest: more than n uses, never less.
func identifiers(n ast.Node) []string {
	seen := map[string]bool{}
	var ids []string
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !seen[id.Name] {
			seen[id.Name] = true
			ids = append(ids, id.Name)
		}
		return true
	})
	return ids
}

// reach is the earlier cells' declarations that checked cell c leads to,
// through the names it uses and then the names they use, in the order
// the cells made them: a cell pays for what it uses of a long session, not
// for all of it. A type brings its methods.
func (s *Session) reach(c *Checked, mine map[string]bool) []*decl {
	methods := map[string][]*decl{}
	for name, d := range s.latest {
		if recv, _, ok := strings.Cut(name, "."); ok {
			methods[recv] = append(methods[recv], d)
		}
	}
	work := slices.Clone(c.wanted)
	for _, d := range c.lifted {
		work = append(work, d.refs...)
		if f, ok := d.node.(*ast.FuncDecl); ok && f.Body != nil {
			work = append(work, identifiers(f.Body)...)
		}
	}
	for _, st := range c.body {
		work = append(work, identifiers(st)...)
	}
	reached := map[*decl]bool{}
	add := func(d *decl) {
		if d != nil && !reached[d] {
			reached[d] = true
			work = append(work, d.refs...)
		}
	}
	for len(work) > 0 {
		name := work[len(work)-1]
		work = work[:len(work)-1]
		if mine[name] {
			continue
		}
		add(s.latest[name])
		for _, m := range methods[name] {
			add(m)
		}
	}
	var out []*decl
	for _, d := range s.decls {
		if reached[d] {
			out = append(out, d)
		}
	}
	return out
}

// qualifiers are the names before a dot in n.
func qualifiers(n ast.Node) []string {
	seen := map[string]bool{}
	var qs []string
	ast.Inspect(n, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && !seen[x.Name] {
				seen[x.Name] = true
				qs = append(qs, x.Name)
			}
		}
		return true
	})
	return qs
}

// NewSession returns an empty session over the packages imp makes.
func NewSession(imp types.Importer) *Session {
	return &Session{imp: imp, fset: token.NewFileSet(), latest: map[string]*decl{}}
}

// Kind classifies a piece of a cell.
type Kind int

const (
	Stmts   Kind = iota // statements at the cell's top level
	Decls               // declarations: func, method, type, const, var
	Imports             // import declarations
)

// A Piece is a run of a cell's top-level code of one kind, at byte Offset
// of the cell.
type Piece struct {
	Kind   Kind
	Offset int
	Text   string
	// Partial keeps a piece that does not parse as far as the parser
	// understood it, its error recorded: code being written, whose types
	// completion and inspection ask for before it is finished.
	Partial bool
}

// Checked is a cell checked as part of its session.
type Checked struct {
	s       *Session
	pieces  []parsedPiece
	info    *types.Info
	errs    []Error
	imports map[string]string
	lifted  []*decl // the cell's declarations, top-level variables made package ones
	own     []ast.Decl
	body    []ast.Stmt // the cell's statements but those lifted
	// wanted are names the check must reach besides the cell's own
	// (Globals).
	wanted []string
	pkg    *types.Package
	// autoImport imports the packages of the qualifiers given that the
	// interpreter imports on use.
	autoImport func(qualifiers []string)
}

// parsedPiece is a piece of a cell parsed into a file of the session's
// file set.
type parsedPiece struct {
	Piece
	file   *ast.File
	prefix int // bytes added before the piece's text
}

// Check type-checks the cell made of pieces as part of the session, with
// imports (name to path) in scope besides those its pieces declare, and
// auto, the path of a package the interpreter imports for a cell that uses
// its name without importing it. A piece that does not parse is left out,
// with its error.
func (s *Session) Check(pieces []Piece, imports map[string]string, auto map[string]string) *Checked {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.prepare(pieces, imports, auto)
	s.typecheck(c)
	return c
}

// Globals are what names, the session's globals, declare, with imports
// (name to path) in scope as Check has them: nil for a name the session
// does not declare. Only the declarations the names lead to are checked.
func (s *Session) Globals(names []string, imports map[string]string, auto map[string]string) map[string]types.Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.prepare(nil, imports, auto)
	c.wanted = names
	s.typecheck(c)
	objs := make(map[string]types.Object, len(names))
	for _, name := range names {
		if c.pkg != nil {
			objs[name] = c.pkg.Scope().Lookup(name)
		}
	}
	return objs
}

// Record adds the declarations of a cell that ran to the session without
// checking it: a cell that nothing asked the oracle about costs a parse.
func (s *Session) Record(pieces []Piece) {
	s.mu.Lock()
	c := s.prepare(pieces, nil, nil)
	s.mu.Unlock()
	c.Commit()
}

// prepare parses the pieces of a cell and makes its declarations those
// of a file.
func (s *Session) prepare(pieces []Piece, imports map[string]string, auto map[string]string) *Checked {
	c := &Checked{s: s, imports: map[string]string{}}
	for name, path := range imports {
		c.imports[name] = path
	}
	declared := map[string]bool{}
	for _, p := range pieces {
		pp, err := s.parse(p)
		if err != nil {
			c.errs = append(c.errs, parseError(p, err))
			if !p.Partial || pp.file == nil || p.Kind == Stmts && !isStmtsFile(pp.file) {
				continue
			}
		}
		c.pieces = append(c.pieces, pp)
		switch p.Kind {
		case Imports:
			for _, spec := range pp.file.Imports {
				path, _ := strconv.Unquote(spec.Path.Value)
				name := packageName(path)
				if spec.Name != nil {
					name = spec.Name.Name
				}
				c.imports[name] = path
			}
		case Decls:
			for _, d := range pp.file.Decls {
				c.lifted = append(c.lifted, newDecl(d))
				c.own = append(c.own, d)
			}
		case Stmts:
			fn := pp.file.Decls[0].(*ast.FuncDecl)
			for _, st := range fn.Body.List {
				if d := lift(st, declared); d != nil {
					c.lifted = append(c.lifted, newDecl(d))
					c.own = append(c.own, d)
					continue
				}
				c.body = append(c.body, st)
			}
		}
	}
	mine := map[string]bool{}
	for _, d := range c.lifted {
		for _, n := range d.names {
			mine[n] = true
		}
	}
	// Packages used by name and not imported, by the cell or by an
	// earlier one: what shadows one (a local variable) shadows its import
	// too, and an unused import is no error here.
	autoImport := func(qualifiers []string) {
		for _, q := range qualifiers {
			if c.imports[q] == "" && !mine[q] && s.latest[q] == nil {
				if path, ok := auto[q]; ok {
					c.imports[q] = path
				}
			}
		}
	}
	for _, d := range c.lifted {
		autoImport(d.qualifiers)
	}
	for _, st := range c.body {
		autoImport(qualifiers(st))
	}
	c.autoImport = autoImport
	return c
}

// typecheck checks prepared cell c as part of the session.
func (s *Session) typecheck(c *Checked) {
	mine := map[string]bool{}
	for _, d := range c.lifted {
		for _, n := range d.names {
			mine[n] = true
		}
	}
	file := &ast.File{Name: ast.NewIdent("main")}
	importDecl := &ast.GenDecl{Tok: token.IMPORT}
	file.Decls = append(file.Decls, importDecl)
	for _, d := range s.reach(c, mine) {
		c.autoImport(d.qualifiers)
		if n := s.current(d, mine); n != nil {
			file.Decls = append(file.Decls, n)
		}
	}
	for name, path := range c.imports {
		importDecl.Specs = append(importDecl.Specs, &ast.ImportSpec{
			Name: ast.NewIdent(name), Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)},
		})
	}
	file.Decls = append(file.Decls, c.own...)
	file.Decls = append(file.Decls, &ast.FuncDecl{
		Name: ast.NewIdent("_"), Type: &ast.FuncType{Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{List: c.body},
	})

	c.info = &types.Info{
		Types:     map[ast.Expr]types.TypeAndValue{},
		Defs:      map[*ast.Ident]types.Object{},
		Uses:      map[*ast.Ident]types.Object{},
		Instances: map[*ast.Ident]types.Instance{},
		Scopes:    map[ast.Node]*types.Scope{},
	}
	conf := types.Config{
		Importer: s.imp,
		Error: func(err error) {
			te, ok := err.(types.Error)
			if !ok || te.Soft {
				return // unused variables and imports, as a cell may have
			}
			// Only the cell's own: an earlier cell's function has no
			// body here, and what went wrong before is not its fault.
			if off, ok := c.offset(te.Pos); ok {
				c.errs = append(c.errs, Error{Offset: off, Msg: te.Msg, pos: te.Pos})
			}
		},
	}
	s.graftNamed(file, c.imports) // generics.go
	c.pkg, _ = conf.Check("main", s.fset, []*ast.File{file}, c.info)
	c.dropPartLiterals() // mainparts.go
	c.markGaps()
}

// markGaps marks the errors that say a package lacks a name, which is the
// Importer's gap (a generic function of a compiled package) at least as
// likely as the cell's mistake.
func (c *Checked) markGaps() {
	gaps := map[token.Pos]bool{}
	for _, p := range c.pieces {
		ast.Inspect(p.file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok {
					if _, isPkg := c.info.Uses[x].(*types.PkgName); isPkg {
						gaps[sel.Sel.Pos()] = true
					}
				}
			}
			return true
		})
	}
	for i, e := range c.errs {
		c.errs[i].Gap = gaps[e.pos]
	}
}

// parseError is the Error of piece p that did not parse, at its place in
// the cell: the file the piece was parsed as is the oracle's own.
func parseError(p Piece, err error) Error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		off := list[0].Pos.Offset - piecePrefix(p.Kind)
		return Error{Offset: p.Offset + max(0, min(off, len(p.Text))), Msg: list[0].Msg}
	}
	return Error{Offset: p.Offset, Msg: err.Error()}
}

// piecePrefix is what parse writes before a piece's text.
func piecePrefix(k Kind) int {
	if k == Stmts {
		return len(stmtsPrefix)
	}
	return len(declsPrefix)
}

const (
	declsPrefix = "package main;"
	stmtsPrefix = "package main; func _() {"
)

// parse parses piece p into a file of its own in the session's file set:
// statements as the body of a function.
func (s *Session) parse(p Piece) (parsedPiece, error) {
	s.files++
	prefix, suffix := declsPrefix, ""
	if p.Kind == Stmts {
		prefix, suffix = stmtsPrefix, "\n}"
	}
	f, err := parser.ParseFile(s.fset, fmt.Sprintf("cell-piece-%d", s.files), prefix+p.Text+suffix, parser.SkipObjectResolution)
	// A file the parser gave up on early is empty, with no positions.
	if err != nil && (!p.Partial || f == nil || !f.Package.IsValid()) {
		return parsedPiece{}, err
	}
	return parsedPiece{Piece: p, file: f, prefix: len(prefix)}, err
}

// isStmtsFile tells whether f, a piece of statements parsed in part, has
// the function whose body holds them.
func isStmtsFile(f *ast.File) bool {
	if len(f.Decls) == 0 {
		return false
	}
	fn, ok := f.Decls[0].(*ast.FuncDecl)
	return ok && fn.Body != nil
}

// lift is the package-level declaration of the variables that top-level
// statement st declares, or nil: x, y := f() is var x, y = f(), with the
// names declared before in the cell made blank, as := reuses them.
func lift(st ast.Stmt, declared map[string]bool) ast.Decl {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return nil
		}
		spec := &ast.ValueSpec{Values: st.Rhs}
		for _, l := range st.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				return nil
			}
			if declared[id.Name] {
				id = &ast.Ident{NamePos: id.NamePos, Name: "_"}
			}
			declared[id.Name] = true
			spec.Names = append(spec.Names, id)
		}
		return &ast.GenDecl{TokPos: st.Pos(), Tok: token.VAR, Specs: []ast.Spec{spec}}
	case *ast.DeclStmt:
		d := st.Decl.(*ast.GenDecl)
		if d.Tok == token.VAR || d.Tok == token.CONST || d.Tok == token.TYPE {
			for _, n := range declNames(d) {
				declared[n] = true
			}
			return d
		}
	}
	return nil
}

// declNames are the names d declares: a method as "T.m".
func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) == 1 {
			return []string{receiverName(d.Recv.List[0].Type) + "." + d.Name.Name}
		}
		return []string{d.Name.Name}
	case *ast.GenDecl:
		var names []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, id := range s.Names {
					names = append(names, id.Name)
				}
			}
		}
		return names
	}
	return nil
}

// receiverName is the name of a method's receiver type (T of *T[K]).
func receiverName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// current is an earlier cell's declaration d as it stands now: nil where
// every name it declares was declared again since, by a later cell or by
// the one being checked (mine); a function without its body; and the
// names of a variable or constant that were declared again made blank.
func (s *Session) current(d *decl, mine map[string]bool) ast.Decl {
	stale := func(name string) bool { return mine[name] || s.latest[name] != d }
	live := false
	for _, n := range d.names {
		live = live || !stale(n)
	}
	if !live {
		return nil
	}
	switch n := d.node.(type) {
	case *ast.FuncDecl:
		signature := *n
		signature.Body = nil
		return &signature
	case *ast.GenDecl:
		if n.Tok == token.TYPE {
			return n
		}
		g := *n
		g.Specs = make([]ast.Spec, len(n.Specs))
		for i, spec := range n.Specs {
			vs := *spec.(*ast.ValueSpec)
			vs.Names = make([]*ast.Ident, len(vs.Names))
			for j, id := range spec.(*ast.ValueSpec).Names {
				if stale(id.Name) {
					id = &ast.Ident{NamePos: id.NamePos, Name: "_"}
				}
				vs.Names[j] = id
			}
			g.Specs[i] = &vs
		}
		return &g
	}
	return d.node
}

// Commit adds the declarations and imports of checked cell c to its
// session, the latest of their names.
func (c *Checked) Commit() {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	// A type declared again loses the methods declared for it before, as
	// it does in the interpreter; the cell's own are added below.
	for _, d := range c.lifted {
		if g, ok := d.node.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, t := range d.names {
				for name := range s.latest {
					if recv, _, ok := strings.Cut(name, "."); ok && recv == t {
						delete(s.latest, name)
						s.replaced++
					}
				}
			}
		}
	}
	for _, d := range c.lifted {
		s.decls = append(s.decls, d)
		for _, n := range d.names {
			if n == "_" {
				continue
			}
			if s.latest[n] != nil {
				s.replaced++
			}
			s.latest[n] = d
		}
	}
	// Declarations no name leads to any more are dropped, once there may
	// be many: a cell run again and again must not make each commit cost
	// the whole session.
	if s.replaced < len(s.latest)/2+16 {
		return
	}
	s.replaced = 0
	kept := s.decls[:0]
	for _, d := range s.decls {
		for _, n := range d.names {
			if s.latest[n] == d {
				kept = append(kept, d)
				break
			}
		}
	}
	clear(s.decls[len(kept):])
	s.decls = kept
}

// Reset forgets every cell, as %reset does.
func (s *Session) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.decls, s.latest = nil, map[string]*decl{}
}

// An Error is a type error in a cell, at byte Offset of it.
type Error struct {
	Offset int
	Msg    string
	// Gap marks an error that may be the oracle's rather than the cell's:
	// a package's member it does not know (pkg.Name undefined), which a
	// symbol table may lack where the package has it.
	Gap bool
	pos token.Pos
}

func (e Error) Error() string { return e.Msg }

// Errors are the errors of the check in the cell's own code: its type
// errors, and the pieces that did not parse.
func (c *Checked) Errors() []Error { return c.errs }

// offset is the offset in the cell of pos, if pos is in one of its pieces.
func (c *Checked) offset(pos token.Pos) (int, bool) {
	for _, p := range c.pieces {
		if pos >= p.file.FileStart && pos <= p.file.FileEnd {
			off := c.s.fset.File(pos).Offset(pos) - p.prefix
			return p.Offset + max(0, min(off, len(p.Text))), true
		}
	}
	return 0, false
}

// TypeOf is the type of the expression that spans bytes [start, end) of
// the cell, nil if there is none or it has no type the check could tell.
func (c *Checked) TypeOf(start, end int) types.Type {
	x := c.exprAt(start, end)
	if x == nil {
		return nil
	}
	tv, ok := c.info.Types[x]
	if !ok || tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
		return nil
	}
	return tv.Type
}

// exprAt finds the expression that spans [start, end) of the cell; with
// end -1, the identifier that starts at start.
func (c *Checked) exprAt(start, end int) ast.Expr {
	ident := end < 0
	if ident {
		end = start
	}
	for _, p := range c.pieces {
		if start < p.Offset || end > p.Offset+len(p.Text) {
			continue
		}
		tf := c.s.fset.File(p.file.Pos())
		from := tf.Pos(p.prefix + start - p.Offset)
		to := tf.Pos(p.prefix + end - p.Offset)
		var found ast.Expr
		ast.Inspect(p.file, func(n ast.Node) bool {
			if found != nil || n == nil || n.Pos() > from || n.End() < to {
				return false
			}
			if id, ok := n.(*ast.Ident); ok && ident && id.Pos() == from {
				found = id
				return false
			}
			if x, ok := n.(ast.Expr); ok && !ident && n.Pos() == from && n.End() == to {
				found = x
				return false
			}
			return true
		})
		return found
	}
	return nil
}

// packageName is the name a package is imported by without one given:
// the last element of its path, not a major version.
func packageName(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			if isMajorVersion(path[i+1:]) {
				return packageName(path[:i])
			}
			return path[i+1:]
		}
	}
	return path
}

// Instantiated tells whether the expression that spans [start, end) of
// the cell is a generic function that a call instantiates (Map, or
// slices.Sorted, with their type arguments inferred or given).
func (c *Checked) Instantiated(start, end int) bool {
	x := c.exprAt(start, end)
	for {
		switch e := x.(type) {
		case *ast.ParenExpr:
			x = e.X
			continue
		case *ast.IndexExpr:
			x = e.X
			continue
		case *ast.IndexListExpr:
			x = e.X
			continue
		case *ast.SelectorExpr:
			x = e.Sel
			continue
		case *ast.Ident:
			_, ok := c.info.Instances[e]
			return ok
		}
		return false
	}
}

// TypeText writes t as Go source that means t in the cell: a package's
// types by the name the cell imports it as (or would, imported on use),
// the cell's own by their names. ok is false for a type no source in the
// cell can name: another package's unexported type. An instance of iter's
// Seq or Seq2 is written as its function type, which it is identical to
// and the interpreter can run.
func (c *Checked) TypeText(t types.Type) (text string, ok bool) {
	names := map[string]string{}
	for name, path := range c.imports {
		names[path] = name
	}
	ok = true
	qualifier := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		name, found := names[p.Path()]
		if !found {
			ok = false
		}
		return name
	}
	if n, isNamed := types.Unalias(t).(*types.Named); isNamed && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "iter" {
		t = n.Underlying()
	}
	im, _ := c.s.imp.(*Importer)
	part := func(path string) bool { return im != nil && im.mainPart(path) }
	if !nameable(t, map[types.Type]bool{}, part) {
		return "", false
	}
	text = types.TypeString(t, qualifier)
	return text, ok
}

// nameable tells whether every named type in t can be named by a cell:
// none is another package's unexported type, but for a package that is a
// part of main (a compiled cell's, Importer.SetMainParts), or an instance
// of iter's.
func nameable(t types.Type, seen map[types.Type]bool, part func(path string) bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if p := t.Obj().Pkg(); p != nil && p.Path() != "main" && (!t.Obj().Exported() && !part(p.Path()) || p.Path() == "iter") {
			return false
		}
		for a := range t.TypeArgs().Types() {
			if !nameable(a, seen, part) {
				return false
			}
		}
		return true
	case *types.Pointer:
		return nameable(t.Elem(), seen, part)
	case *types.Slice:
		return nameable(t.Elem(), seen, part)
	case *types.Array:
		return nameable(t.Elem(), seen, part)
	case *types.Chan:
		return nameable(t.Elem(), seen, part)
	case *types.Map:
		return nameable(t.Key(), seen, part) && nameable(t.Elem(), seen, part)
	case *types.Signature:
		for _, tu := range []*types.Tuple{t.Params(), t.Results()} {
			for v := range tu.Variables() {
				if !nameable(v.Type(), seen, part) {
					return false
				}
			}
		}
		return true
	case *types.Struct:
		for f := range t.Fields() {
			if !f.Exported() && f.Pkg() != nil && f.Pkg().Path() != "main" && !part(f.Pkg().Path()) || !nameable(f.Type(), seen, part) {
				return false
			}
		}
		return true
	case *types.Interface:
		for m := range t.Methods() {
			if !m.Exported() && m.Pkg() != nil && m.Pkg().Path() != "main" && !part(m.Pkg().Path()) || !nameable(m.Type(), seen, part) {
				return false
			}
		}
		return true
	}
	return true
}

// DefinedType is the type of the variable whose name the identifier at
// byte offset of the cell declares, nil where none is declared there or
// its type is unknown.
func (c *Checked) DefinedType(offset int) types.Type {
	x := c.exprAt(offset, -1)
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil
	}
	obj, ok := c.info.Defs[id].(*types.Var)
	if !ok || obj.Type() == types.Typ[types.Invalid] {
		return nil
	}
	return obj.Type()
}

// TypeArgs are the type arguments of the instance of a generic function
// of the cells that the identifier spanning [start, end) names, inferred
// or given; ok is false where it names none.
func (c *Checked) TypeArgs(start, end int) (args []types.Type, ok bool) {
	id, isIdent := c.exprAt(start, end).(*ast.Ident)
	if !isIdent {
		return nil, false
	}
	inst, found := c.info.Instances[id]
	if !found || inst.TypeArgs == nil {
		return nil, false
	}
	if obj := c.info.Uses[id]; obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "main" {
		return nil, false
	}
	for t := range inst.TypeArgs.Types() {
		args = append(args, t)
	}
	return args, true
}

// ObjectAt is what the identifier that starts at byte offset of the cell
// names or declares, nil where there is none or the check could not tell.
func (c *Checked) ObjectAt(offset int) types.Object {
	id, ok := c.exprAt(offset, -1).(*ast.Ident)
	if !ok {
		return nil
	}
	if obj := c.info.Uses[id]; obj != nil {
		return obj
	}
	return c.info.Defs[id]
}

// Declared tells whether obj is declared by the cell's own code, not by
// an earlier cell or a package.
func (c *Checked) Declared(obj types.Object) bool {
	_, ok := c.offset(obj.Pos())
	return ok
}

// TypeAndValue is what the check recorded of the expression that spans
// bytes [start, end) of the cell: its type, and whether it is a type or a
// value; ok is false where it recorded nothing.
func (c *Checked) TypeAndValue(start, end int) (tv types.TypeAndValue, ok bool) {
	x := c.exprAt(start, end)
	if x == nil {
		return tv, false
	}
	tv, ok = c.info.Types[x]
	return tv, ok && tv.Type != nil && tv.Type != types.Typ[types.Invalid]
}

// Package is the package the cell was checked as, the session's: what a
// lookup of a cell's unexported field or method needs.
func (c *Checked) Package() *types.Package { return c.pkg }

// ScopeAt is what names mean at byte offset of the cell: the objects of
// the scopes around it, innermost first, a local declared after it left
// out; the universe's are not among them. Nil where offset is in no piece
// that parsed.
func (c *Checked) ScopeAt(offset int) []types.Object {
	if c.pkg == nil {
		return nil
	}
	for _, p := range c.pieces {
		if offset < p.Offset || offset > p.Offset+len(p.Text) {
			continue
		}
		pos := c.s.fset.File(p.file.Pos()).Pos(p.prefix + offset - p.Offset)
		// The file the check made has no extent: the scopes of its
		// functions are searched under it.
		inner := c.pkg.Scope()
		for file := range c.pkg.Scope().Children() {
			for fn := range file.Children() {
				if fn.Contains(pos) {
					inner = fn.Innermost(pos)
				}
			}
		}
		var objs []types.Object
		for s := inner; s != nil && s != types.Universe; s = s.Parent() {
			local := s != c.pkg.Scope()
			for _, name := range s.Names() {
				if obj := s.Lookup(name); !local || obj.Pos() < pos {
					objs = append(objs, obj)
				}
			}
		}
		return objs
	}
	return nil
}

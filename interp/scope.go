package interp

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"maps"
	"reflect"
	"strings"
)

// env is what names mean in the code being written, for inspection of a
// name alone: the code's own top-level declarations, what cells declared
// and imported, with their declarations, doc comments and sources. The
// code is usually unfinished, so its declarations are read one by one,
// those that parse. What a name means at the cursor, a local variable
// among others, and what type a variable has, are the type oracle's
// (inspect_members.go).
type env struct {
	in      *Interpreter
	names   map[string]global            // variables, constants, functions, types
	methods map[string]map[string]global // by receiver type name, then method name
	imports map[string]string
	// shadowed are the names the code declares: a global of the same name
	// no longer says what they hold.
	shadowed map[string]bool
}

// env reads code's top-level declarations.
func (in *Interpreter) env(code string) *env {
	e := &env{
		in:       in,
		names:    map[string]global{},
		methods:  map[string]map[string]global{},
		imports:  map[string]string{},
		shadowed: map[string]bool{},
	}
	in.mu.Lock()
	maps.Copy(e.names, in.globals)
	for recv, ms := range in.methods {
		e.methods[recv] = maps.Clone(ms)
	}
	maps.Copy(e.imports, in.imports)
	in.mu.Unlock()
	maps.Copy(e.imports, importsIn(code))

	fset := token.NewFileSet()
	for _, s := range split(code) {
		if s.kind == declKind {
			e.declare(fset, code[s.start:s.end], commentAbove(code, s.start))
		}
	}
	return e
}

// declare adds the declarations of one top-level piece of the code, if
// it parses: a function, method, type or constant; doc is the comment
// above it.
func (e *env) declare(fset *token.FileSet, src, doc string) {
	f, err := parser.ParseFile(fset, "", "package p\n"+src, parser.ParseComments)
	if err != nil {
		return
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			g := global{kind: "func", decl: funcSignature(fset, d), node: d, doc: doc, src: src}
			if recv := receiverName(d); recv != "" {
				if e.methods[recv] == nil {
					e.methods[recv] = map[string]global{}
				}
				e.methods[recv][d.Name.Name] = g
			} else if d.Recv == nil {
				e.names[d.Name.Name] = g
				e.shadowed[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					g := global{kind: "type", decl: "type " + render(fset, s), node: s, doc: s.Doc.Text()}
					if !d.Lparen.IsValid() {
						g.doc = doc
					}
					e.names[s.Name.Name] = g
					e.shadowed[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, id := range s.Names {
						e.names[id.Name] = global{kind: strings.ToLower(d.Tok.String()), node: s}
						e.shadowed[id.Name] = true
					}
				}
			}
		}
	}
}

// receiverName is the name of the type a method is declared on.
func receiverName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) != 1 {
		return ""
	}
	return embeddedName(d.Recv.List[0].Type)
}

// embeddedName is the field name of an embedded type: T for *pkg.T.
func embeddedName(x ast.Expr) string {
	if id := typeIdent(x); id != nil {
		return id.Name
	}
	return ""
}

// typeIdent is the identifier that names the type x writes: T of *pkg.T,
// (T), T[K]; nil for a type literal.
func typeIdent(x ast.Expr) *ast.Ident {
	for {
		switch y := x.(type) {
		case *ast.StarExpr:
			x = y.X
		case *ast.ParenExpr:
			x = y.X
		case *ast.SelectorExpr:
			return y.Sel
		case *ast.IndexExpr:
			x = y.X
		case *ast.IndexListExpr:
			x = y.X
		case *ast.Ident:
			return y
		default:
			return nil
		}
	}
}

// tok is a token of code and where it starts.
type tok struct {
	off int
	t   token.Token
	lit string
}

// tokens scans code, however broken, comments left out.
func tokens(code string) []tok {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			return toks
		}
		toks = append(toks, tok{file.Offset(pos), t, lit})
	}
}

// annotate completes what remember recorded of a run's top-level
// declarations with what completion and inspection read: the node that
// declares each name, the comment above a function or type and a
// function's source; and it records the methods the run declares, which
// yaegi's values do not show.
func (in *Interpreter) annotate(c *cell, p parsed) {
	fset := in.yi.FileSet()
	nodes := map[*ast.Ident]global{}
	var (
		methods []*ast.FuncDecl
		types   []string
	)
	// text is the cell's source of n, and the comment above it.
	text := func(n, docAt ast.Node) (doc, src string) {
		start, ok1 := c.offset(fset.Position(n.Pos()))
		end, ok2 := c.offset(fset.Position(n.End()))
		at, ok3 := c.offset(fset.Position(docAt.Pos()))
		if !ok1 || !ok2 || !ok3 || start > end {
			return "", ""
		}
		return commentAbove(c.src, at), c.src[start:end]
	}
	value := func(kind string, n ast.Node, ids []*ast.Ident) {
		for _, id := range ids {
			nodes[id] = global{kind: kind, node: n}
		}
	}
	gen := func(d *ast.GenDecl) {
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				docAt := ast.Node(s)
				if !d.Lparen.IsValid() {
					docAt = d
				}
				doc, _ := text(s, docAt)
				nodes[s.Name] = global{node: s, doc: doc}
				types = append(types, s.Name.Name)
			case *ast.ValueSpec:
				value("", s, s.Names)
			}
		}
	}
	switch n := p.node.(type) {
	case *ast.File:
		for _, d := range n.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					methods = append(methods, d)
					continue
				}
				doc, src := text(d, d)
				nodes[d.Name] = global{node: d, doc: doc, src: src}
			case *ast.GenDecl:
				gen(d)
			}
		}
	case *ast.BlockStmt:
		for _, s := range n.List {
			switch s := s.(type) {
			case *ast.AssignStmt:
				if s.Tok == token.DEFINE {
					for _, l := range s.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							value("", s, []*ast.Ident{id})
						}
					}
				}
			case *ast.DeclStmt:
				if d, ok := s.Decl.(*ast.GenDecl); ok {
					gen(d)
				}
			}
		}
	}

	in.mu.Lock()
	defer in.mu.Unlock()
	for id, extra := range nodes {
		if g, ok := in.globals[id.Name]; ok {
			g.node, g.doc, g.src = extra.node, extra.doc, extra.src
			in.globals[id.Name] = g
		}
	}
	if in.methods == nil {
		in.methods = map[string]map[string]global{}
	}
	// A type declared again loses the methods of the old one.
	for _, name := range types {
		delete(in.methods, name)
	}
	for _, d := range methods {
		recv := receiverName(d)
		if recv == "" {
			continue
		}
		if in.methods[recv] == nil {
			in.methods[recv] = map[string]global{}
		}
		doc, src := text(d, d)
		in.methods[recv][d.Name.Name] = global{kind: "func", decl: funcSignature(fset, d), node: d, doc: doc, src: src}
	}
}

// commentAbove is the text of the comment that ends on the line above
// byte offset off of src and is alone on its lines: a doc comment.
func commentAbove(src string, off int) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), off)
	var s scanner.Scanner
	s.Init(file, []byte(src[:off]), func(token.Position, string) {}, scanner.ScanComments)
	var (
		group    []*ast.Comment
		lastLine int // of the end of the group
		tokLine  int // of the last token that is not a comment
	)
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		line := file.Line(pos)
		switch {
		case t == token.COMMENT && line != tokLine:
			if len(group) == 0 || line != lastLine+1 {
				group = nil
			}
			group = append(group, &ast.Comment{Text: lit})
			lastLine = line + strings.Count(lit, "\n")
		case t == token.COMMENT:
			group = nil // at the end of a line of code
		case t == token.SEMICOLON && lit == "\n":
		default:
			group, tokLine = nil, line
		}
	}
	if len(group) == 0 || lastLine != strings.Count(src[:off], "\n") {
		return ""
	}
	return (&ast.CommentGroup{List: group}).Text()
}

// global is the value of a variable or constant cells declared.
func (in *Interpreter) global(name string) (reflect.Value, bool) {
	in.mu.Lock()
	_, declared := in.globals[name]
	cn := in.compiledNames[name]
	in.mu.Unlock()
	if !declared {
		return reflect.Value{}, false
	}
	// A compiled cell's variable is the compiled one, not the copy the
	// interpreter declared (compile_vars.go).
	if cn.kind == "var" && cn.value.IsValid() {
		return cn.value, true
	}
	v, ok := in.yi.Globals()[name]
	if !ok || !v.IsValid() {
		return reflect.Value{}, false
	}
	return v, true
}

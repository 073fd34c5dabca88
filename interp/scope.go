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

// env is what names mean at a place in the code being written, for
// completion and inspection: the variables the code declares before that
// place and still in scope there, the code's own top-level declarations,
// what cells declared and imported, and the standard packages imported on
// use. The code is usually unfinished, so it is read in pieces: the
// declarations that parse on their own, the statements that do.
type env struct {
	in      *Interpreter
	names   map[string]global            // variables, constants, functions, types
	methods map[string]map[string]global // by receiver type name, then method name
	imports map[string]string
	// shadowed are the names the code declares: a global of the same name
	// no longer says what they hold.
	shadowed map[string]bool
}

// env reads code, up to byte offset at for its local variables.
func (in *Interpreter) env(code string, at int) *env {
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
	for name, g := range locals(fset, code[:at]) {
		e.names[name] = g
		e.shadowed[name] = true
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
	for {
		switch y := x.(type) {
		case *ast.StarExpr:
			x = y.X
		case *ast.ParenExpr:
			x = y.X
		case *ast.SelectorExpr:
			return y.Sel.Name
		case *ast.IndexExpr:
			x = y.X
		case *ast.IndexListExpr:
			x = y.X
		case *ast.Ident:
			return y.Name
		default:
			return ""
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

// locals finds the variables that code declares and that are in scope at
// its end: var declarations and := statements, a function's parameters and
// results in its body, the variables of a for, if or switch header in
// their block. Each statement is parsed alone; what does not parse yet
// declares nothing.
func locals(fset *token.FileSet, code string) map[string]global {
	toks := tokens(code)
	type local struct {
		name  string
		g     global
		block int
	}
	var (
		found  []local
		stack  = []int{0} // the blocks open, innermost last; 0 is the top level
		closed = map[int]bool{}
		nextID = 1
		// pending are declared in the block whose brace is at a token
		// index: parameters, the variables of a header.
		pending = map[int][]local{}
	)
	end := func(i int) int { return tokenEnd(code, toks[i].off, toks[i].t, toks[i].lit) }
	text := func(i, j int) string { return code[toks[i].off:end(j-1)] }
	stmtStart := func(i int) bool {
		if i == 0 {
			return true
		}
		switch toks[i-1].t {
		case token.SEMICOLON, token.LBRACE, token.RBRACE, token.COLON:
			return true
		}
		return false
	}
	// stmtEnd is the index past the last token of the statement at i.
	stmtEnd := func(i int) int {
		depth := 0
		for j := i; j < len(toks); j++ {
			switch toks[j].t {
			case token.LPAREN, token.LBRACK, token.LBRACE:
				depth++
			case token.RPAREN, token.RBRACK, token.RBRACE:
				if depth--; depth < 0 {
					return j
				}
			case token.SEMICOLON:
				if depth == 0 {
					return j
				}
			}
		}
		return len(toks)
	}
	// body finds the brace that opens the block of the header at i: the
	// first one, after i, that makes the header parse.
	body := func(i int, semicolons bool, parse func(header string) bool) (int, bool) {
		depth, tries := 0, 0
		for j := i + 1; j < len(toks) && tries < 4; j++ {
			switch toks[j].t {
			case token.SEMICOLON:
				if depth == 0 && !semicolons {
					return 0, false
				}
			case token.LPAREN, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACK, token.RBRACE:
				if depth--; depth < 0 {
					return 0, false
				}
			case token.LBRACE:
				if depth == 0 {
					tries++
					if parse(code[toks[i].off:toks[j].off]) {
						return j, true
					}
				}
				depth++
			}
		}
		return 0, false
	}
	stmt := func(src string) ast.Stmt {
		f, err := parser.ParseFile(fset, "", "package p;func _(){"+src+"\n}", 0)
		if err != nil {
			return nil
		}
		list := f.Decls[0].(*ast.FuncDecl).Body.List
		if len(list) == 0 {
			return nil
		}
		return list[0]
	}
	declareFields := func(into *[]local, lists ...*ast.FieldList) {
		for _, l := range lists {
			if l == nil {
				continue
			}
			for _, f := range l.List {
				for _, n := range f.Names {
					*into = append(*into, local{name: n.Name, g: global{kind: "var", node: f}})
				}
			}
		}
	}
	assignments := func(s ast.Stmt) []local {
		var out []local
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						out = append(out, local{name: id.Name, g: global{kind: "var", node: s}})
					}
				}
			}
		case *ast.DeclStmt:
			d, ok := s.Decl.(*ast.GenDecl)
			if !ok {
				break
			}
			for _, spec := range d.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						out = append(out, local{name: id.Name, g: global{kind: strings.ToLower(d.Tok.String()), node: vs}})
					}
				}
			}
		}
		return out
	}

	for i := 0; i < len(toks); i++ {
		switch toks[i].t {
		case token.LBRACE:
			id := nextID
			nextID++
			stack = append(stack, id)
			for _, l := range pending[i] {
				l.block = id
				found = append(found, l)
			}
		case token.RBRACE:
			if len(stack) > 1 {
				closed[stack[len(stack)-1]] = true
				stack = stack[:len(stack)-1]
			}
		case token.FUNC:
			var params []local
			b, ok := body(i, false, func(sig string) bool {
				if f, err := parser.ParseFile(fset, "", "package p;"+sig+"{}", 0); err == nil && len(f.Decls) == 1 {
					if d, ok := f.Decls[0].(*ast.FuncDecl); ok {
						declareFields(&params, d.Recv, d.Type.Params, d.Type.Results)
						return true
					}
				}
				if x, err := parser.ParseExprFrom(fset, "", sig+"{}", 0); err == nil {
					if lit, ok := x.(*ast.FuncLit); ok {
						declareFields(&params, lit.Type.Params, lit.Type.Results)
						return true
					}
				}
				return false
			})
			if ok {
				pending[b] = append(pending[b], params...)
			}
		case token.FOR, token.IF, token.SWITCH:
			var vars []local
			b, ok := body(i, true, func(header string) bool {
				s := stmt(header + "{}")
				switch s := s.(type) {
				case *ast.RangeStmt:
					if s.Tok == token.DEFINE {
						for _, x := range []ast.Expr{s.Key, s.Value} {
							if id, ok := x.(*ast.Ident); ok {
								vars = append(vars, local{name: id.Name, g: global{kind: "var", node: s}})
							}
						}
					}
				case *ast.ForStmt:
					vars = assignments(s.Init)
				case *ast.IfStmt:
					vars = assignments(s.Init)
				case *ast.SwitchStmt:
					vars = assignments(s.Init)
				case nil:
					return false
				}
				return true
			})
			if ok {
				pending[b] = append(pending[b], vars...)
			}
		case token.VAR, token.CONST:
			if stmtStart(i) {
				for _, l := range assignments(stmt(text(i, stmtEnd(i)))) {
					l.block = stack[len(stack)-1]
					found = append(found, l)
				}
			}
		case token.IDENT:
			if !stmtStart(i) {
				continue
			}
			k := i
			for k+2 < len(toks) && toks[k+1].t == token.COMMA && toks[k+2].t == token.IDENT {
				k += 2
			}
			if k+1 < len(toks) && toks[k+1].t == token.DEFINE {
				if j := stmtEnd(i); j > k+2 {
					for _, l := range assignments(stmt(text(i, j))) {
						l.block = stack[len(stack)-1]
						found = append(found, l)
					}
				}
			}
		}
	}
	vars := map[string]global{}
	for _, l := range found {
		if !closed[l.block] {
			vars[l.name] = l.g
		}
	}
	return vars
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
	in.mu.Unlock()
	if !declared {
		return reflect.Value{}, false
	}
	v, ok := in.yi.Globals()[name]
	if !ok || !v.IsValid() {
		return reflect.Value{}, false
	}
	return v, true
}

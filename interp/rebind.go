package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// yaegi binds a call to the function a name denotes when the call
// compiles: after a cell declares base anew, a function of an earlier
// cell that calls base still calls the old one, where a notebook user
// expects, as in a Go file, every call of base to run the definition in
// force. rebindCallers compiles such callers again, from their source as
// written, after the cell's declarations: those that call a function the
// run declared anew with another body, and those that call them, and so
// on, all in one file so that they call each other's new versions. Their
// positions stay those of their own cells, so that errors and panics name
// the lines people wrote.
//
// Left as they were: methods (yaegi keeps the first method of a name a
// type was given), generic functions, init and main, function values taken before (f :=
// caller keeps the old caller, and so the old base), and a caller that
// does not compile any more (a function it calls now has another
// signature), of which the cell's standard error says a word.
func (in *Interpreter) rebindCallers(ctx context.Context, c *cell, p parsed) {
	f, ok := p.node.(*ast.File)
	if !ok {
		return
	}
	fset := in.yi.FileSet()
	changed, declared := map[string]bool{}, map[string]bool{}
	type caller struct {
		name string
		g    global
		uses map[string]bool
	}
	var callers []caller
	in.mu.Lock()
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		declared[fd.Name.Name] = true
		if old, ok := in.globals[fd.Name.Name]; ok && old.kind == "func" && old.src != cellText(c, fset, fd) {
			changed[fd.Name.Name] = true
		}
	}
	if len(changed) > 0 {
		for name, g := range in.globals {
			fd, ok := g.node.(*ast.FuncDecl)
			if g.kind != "func" || declared[name] || name == "init" || name == "main" || g.src == "" ||
				!ok || fd.Body == nil || fd.Type.TypeParams != nil {
				continue
			}
			callers = append(callers, caller{name, g, usedNames(fd.Body)})
		}
	}
	in.mu.Unlock()
	stale := map[string]bool{}
	for grew := true; grew; {
		grew = false
		for _, cl := range callers {
			if !stale[cl.name] && (meets(cl.uses, changed) || meets(cl.uses, stale)) {
				stale[cl.name], grew = true, true
			}
		}
	}
	if len(stale) == 0 {
		return
	}
	slices.SortFunc(callers, func(a, b caller) int { return int(a.g.node.Pos() - b.g.node.Pos()) })
	// One file, whose place (that of its package clause) is the first
	// function's file: yaegi looks the imports up by it.
	var (
		merged *ast.File
		first  *cell
		names  []string
	)
	for _, cl := range callers {
		if !stale[cl.name] {
			continue
		}
		sc, file, err := in.reparse(cl.g)
		if err != nil {
			in.staleCallers(cl.name, changed, err)
			continue
		}
		if merged == nil {
			merged, first = &ast.File{Package: file.Package, Name: file.Name}, sc
		}
		merged.Decls = append(merged.Decls, file.Decls...)
		names = append(names, cl.name)
	}
	if merged == nil {
		return
	}
	err := in.importInherited(ctx, first)
	if err == nil {
		err = in.compilesAsLiterals(ctx, first, merged)
	}
	if err == nil {
		_, err = in.run(ctx, first, merged)
	}
	if err != nil {
		in.staleCallers(strings.Join(names, ", "), changed, err)
	}
}

// reparse parses and rewrites a function of an earlier cell again, as a
// cell of its own that holds it where it was: its own cell's line and
// column, in a file of its own (cell[3]~2, which errors show as cell[3]):
// yaegi takes a declaration in the file of another for a second
// declaration in one file.
func (in *Interpreter) reparse(g global) (*cell, *ast.File, error) {
	pos := in.yi.FileSet().Position(g.node.Pos())
	m := cellNumber.FindStringSubmatch(pos.Filename)
	if m == nil || pos.Line < 1 || pos.Column < 1 {
		return nil, nil, fmt.Errorf("its place is unknown")
	}
	count, _ := strconv.Atoi(m[1])
	pad := strings.Repeat("\n", pos.Line-1) + strings.Repeat(" ", pos.Column-1)
	sc := in.newCell(count, pad+g.src)
	r := run{kind: declKind, start: len(pad), end: len(sc.src)}
	r.segs = []segment{{kind: declKind, start: r.start, end: r.end}}
	p, err := in.parseRun(sc, r)
	if err != nil {
		return nil, nil, err
	}
	return sc, p.node.(*ast.File), nil
}

// compilesAsLiterals checks that the functions of f compile, as function
// literals that are never called: a declaration that fails to compile
// leaves yaegi's global scope broken (the old function would no longer
// run), a literal leaves it as it was.
func (in *Interpreter) compilesAsLiterals(ctx context.Context, c *cell, f *ast.File) error {
	outer := &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: &ast.BlockStmt{}}
	for _, d := range f.Decls {
		fd := d.(*ast.FuncDecl)
		outer.Body.List = append(outer.Body.List, &ast.AssignStmt{
			Lhs: []ast.Expr{ast.NewIdent("_")},
			Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.FuncLit{Type: fd.Type, Body: fd.Body}},
		})
	}
	block := &ast.BlockStmt{List: []ast.Stmt{&ast.AssignStmt{
		Lhs: []ast.Expr{ast.NewIdent("_")},
		Tok: token.ASSIGN,
		Rhs: []ast.Expr{outer},
	}}}
	_, err := in.run(ctx, c, block)
	return err
}

var cellNumber = regexp.MustCompile(`^cell\[(-?\d+)\]`)

// importInherited imports into c's file the packages that cells imported.
func (in *Interpreter) importInherited(ctx context.Context, c *cell) error {
	var b strings.Builder
	b.WriteString("package main\nimport (\n")
	b.WriteString(cellPkgName + " " + strconv.Quote(cellPkgPath) + "\n")
	in.mu.Lock()
	for _, name := range slices.Sorted(maps.Keys(in.imports)) {
		b.WriteString(name + " " + strconv.Quote(in.imports[name]) + "\n")
	}
	in.mu.Unlock()
	b.WriteString(")\n")
	f, err := parseFile(in.yi.FileSet(), c.file, b.String())
	if err != nil {
		return err
	}
	_, err = in.run(ctx, c, f)
	return err
}

// staleCallers tells the cell that functions could not be compiled again,
// and so still call the old definitions.
func (in *Interpreter) staleCallers(names string, changed map[string]bool, err error) {
	fmt.Fprintf(in.panics.w, "gopherlab: %s still calls the old %s: compiling it again failed: %v\n",
		names, strings.Join(slices.Sorted(maps.Keys(changed)), ", "), err)
}

// cellText is the cell's text of node n, as written.
func cellText(c *cell, fset *token.FileSet, n ast.Node) string {
	a, ok1 := c.offset(fset.Position(n.Pos()))
	b, ok2 := c.offset(fset.Position(n.End()))
	if !ok1 || !ok2 || a > b {
		return ""
	}
	return c.src[a:b]
}

// usedNames are the names n refers to, but for those after a dot.
func usedNames(n ast.Node) map[string]bool {
	names := map[string]bool{}
	var visit func(ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, visit)
			return false
		case *ast.Ident:
			names[n.Name] = true
		}
		return true
	}
	ast.Inspect(n, visit)
	return names
}

// meets tells whether a and b share a name.
func meets(a, b map[string]bool) bool {
	for name := range a {
		if b[name] {
			return true
		}
	}
	return false
}

package interp

import (
	"errors"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"
)

// declarationsFirst orders the runs of a cell as a Go file orders them:
// not at all. A cell may call a function it declares further down
// ("fmt.Println(f())" above "func f() int"), which in source order would
// run before f exists; so the cell's declarations are compiled before its
// statements. A declaration may use a variable the cell's own statements
// define (base := 100, then func plus(v int) int { return base + v }),
// as a function of a Go file uses a package variable that main sets: the
// variable is then declared first, with its type (var base int), and the
// statement that defines it assigns it instead (base = 100), where the
// type oracle tells its type (see predeclare); where it cannot,
// everything stays in the order written, and a call above the function
// is reported as such (see orderError). The trailing expression, if any,
// stays last.
//
// "Uses" is what go/types resolves: a parameter, local or field of the
// name of one of the cell's variables is no use of it (freeNames).
func (in *Interpreter) declarationsFirst(c *cell, code []parsed) []parsed {
	fset := in.yi.FileSet()
	defined := map[string]bool{}
	seenStmt, declAfterStmt := false, false
	for _, p := range code {
		switch p.kind {
		case stmtKind:
			for _, id := range topLevelNames(p.node) {
				defined[id.Name] = true
			}
			seenStmt = true
		case declKind:
			declAfterStmt = declAfterStmt || seenStmt
		}
	}
	if !declAfterStmt {
		return code // nothing to move
	}
	used := map[string]bool{}
	for _, p := range code {
		if p.kind == declKind {
			for name := range freeNames(fset, p.node) {
				if defined[name] {
					used[name] = true
				}
			}
		}
	}
	if len(used) > 0 {
		var ok bool
		if code, ok = in.predeclare(c, code, used); !ok {
			return code
		}
	}
	ordered := make([]parsed, 0, len(code))
	for _, p := range code {
		if p.kind == declKind {
			ordered = append(ordered, p)
		}
	}
	for _, p := range code {
		if p.kind != declKind {
			ordered = append(ordered, p)
		}
	}
	return ordered
}

// predeclare declares the variables of names, which the cell's statements
// define at the top level and its declarations use, in the first run of
// declarations that uses them (var base int, where the run's own types
// and those before it are declared), and makes the statements that define
// them assign them (base = 100). It returns the runs of code so changed;
// ok is false, and code as it was, where the type oracle cannot tell a
// variable's type (the cell does not type-check there), or the type cannot
// be written in the cell, or its statement is of a form it does not
// change (a variable it cannot tell among several, an edit of the
// rewrites there).
func (in *Interpreter) predeclare(c *cell, code []parsed, names map[string]bool) (out []parsed, ok bool) {
	fset := in.yi.FileSet()
	var decls strings.Builder
	out = slices.Clone(code)
	found := map[string]bool{}
	for i, p := range code {
		if p.kind != stmtKind || p.expr != nil {
			continue
		}
		var edits []edit
		kept := p.edits
		for _, st := range p.user().node.(*ast.BlockStmt).List {
			vars, more, defines, fine := in.definition(c, st, names)
			if !defines {
				continue
			}
			// A rewrite that gave the variables their types where they
			// are defined (var w T; w = f[T](…)) gives way: they are
			// declared with them above.
			kept = slices.DeleteFunc(slices.Clone(kept), func(e edit) bool { return typedDefine(c, fset, st, e) })
			if !fine || slices.ContainsFunc(more, func(e edit) bool { return overlaps(kept, e) }) {
				return code, false
			}
			for _, v := range vars {
				decls.WriteString("\nvar " + v)
				name, _, _ := strings.Cut(v, " ")
				found[name] = true
			}
			edits = append(edits, more...)
		}
		if len(edits) == 0 {
			continue
		}
		all := append(slices.Clone(kept), edits...)
		q, err := in.parseWith(c, p.run, all)
		if err != nil {
			return code, false
		}
		q.edits, q.orig = all, p.user().node
		out[i] = q
	}
	for name := range names {
		if !found[name] {
			return code, false
		}
	}
	for i, p := range out {
		if p.kind != declKind || !usesAny(fset, p.user().node, names) {
			continue
		}
		all := append(slices.Clone(p.edits), edit{start: p.end, end: p.end, text: decls.String() + "\n"})
		q, err := in.parseWith(c, p.run, all)
		if err != nil {
			return code, false
		}
		q.edits, q.orig = all, p.user().node
		out[i] = q
		return out, true
	}
	return code, false
}

// definition tells whether top-level statement st defines any of names,
// and if so the declarations of the variables it defines ("base int"),
// the edits that make it assign them, and whether it could tell them.
func (in *Interpreter) definition(c *cell, st ast.Stmt, names map[string]bool) (vars []string, edits []edit, defines, ok bool) {
	fset := in.yi.FileSet()
	off := func(pos token.Pos) int {
		o, found := c.offset(fset.Position(pos))
		if !found {
			ok = false
		}
		return o
	}
	var (
		ids      []*ast.Ident
		values   []ast.Expr
		declared ast.Expr // the type the var statement gives
	)
	ok = true
	switch s := st.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE {
			return nil, nil, false, false
		}
		for _, x := range s.Lhs {
			id, _ := x.(*ast.Ident)
			ids = append(ids, id)
		}
		values = s.Rhs
		at := off(s.TokPos)
		edits = []edit{{start: at, end: at + 2, text: "="}} // base := 100 → base = 100
	case *ast.DeclStmt:
		d, isVar := s.Decl.(*ast.GenDecl)
		if !isVar || d.Tok != token.VAR || len(d.Specs) != 1 {
			return nil, nil, false, false
		}
		spec := d.Specs[0].(*ast.ValueSpec)
		ids, values, declared = spec.Names, spec.Values, spec.Type
		switch {
		case len(values) == 0 && declared != nil: // var base int → base = *new(int)
			zero := make([]string, len(ids))
			for i := range zero {
				zero[i] = "*new(" + render(fset, declared) + ")"
			}
			edits = []edit{
				{start: off(d.Pos()), end: off(spec.Names[0].Pos())},
				{start: off(declared.Pos()), end: off(declared.End()), text: "= " + strings.Join(zero, ", ")},
			}
		case declared != nil: // var base int = 100 → base = 100
			edits = []edit{
				{start: off(d.Pos()), end: off(spec.Names[0].Pos())},
				{start: off(declared.Pos()), end: off(declared.End())},
			}
		default: // var base = 100 → base = 100
			edits = []edit{{start: off(d.Pos()), end: off(spec.Names[0].Pos())}}
		}
	default:
		return nil, nil, false, false
	}
	if !slices.ContainsFunc(ids, func(id *ast.Ident) bool { return id != nil && names[id.Name] }) {
		return nil, nil, false, false
	}
	if !ok {
		return nil, nil, true, false
	}
	// The variables' types, as the type oracle tells them, written as the
	// cell would write them.
	checked := in.typeChecked(c) // typecheck.go
	for _, id := range ids {
		if id == nil {
			return nil, nil, true, false
		}
		if id.Name == "_" {
			continue
		}
		var text string
		if t := checked.DefinedType(off(id.Pos())); t != nil {
			text, ok = in.typeText(checked, t)
		}
		if text == "" || !ok {
			return nil, nil, true, false
		}
		vars = append(vars, id.Name+" "+text)
	}
	return vars, edits, true, true
}

// orderError is err, a statement's, with more to say when it is a
// function of the cell's undefined where it is called: a declaration below
// that, declarationsFirst could not move above the statements (see
// predeclare).
func (in *Interpreter) orderError(c *cell, code []parsed, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Name != "CompileError" {
		return err
	}
	m := undefinedName.FindStringSubmatch(e.Value)
	if m == nil {
		return err
	}
	fset := in.yi.FileSet()
	defined := map[string]bool{}
	for _, p := range code {
		if p.kind == stmtKind {
			for _, id := range topLevelNames(p.node) {
				defined[id.Name] = true
			}
		}
	}
	for _, p := range code {
		if p.kind != declKind || !slices.ContainsFunc(topLevelNames(p.node), func(id *ast.Ident) bool { return id.Name == m[2] }) {
			continue
		}
		var uses []string
		for name := range freeNames(fset, p.node) {
			if defined[name] {
				uses = append(uses, name)
			}
		}
		if len(uses) == 0 {
			return err
		}
		slices.Sort(uses)
		return c.positionedError("CompileError", m[1]+": undefined: "+m[2]+": the cell declares it below, where it uses "+
			strings.Join(uses, ", ")+", which the cell's statements define, of a type gopherlab cannot tell; "+
			"so the cell runs in the order written: declare "+uses[0]+" with its type above (var "+uses[0]+" T), or call "+m[2]+" below its declaration")
	}
	return err
}

var undefinedName = regexp.MustCompile(`^(cell\[-?\d+\](?:~\d+)?:\d+:\d+): undefined: ([\pL_][\pL\pN_]*)$`)

// typedDefine tells whether e is an edit of a rewrite that declares the
// variables of top-level definition st with their types: one that
// replaces what lies before its first value (w := …, var w = …).
func typedDefine(c *cell, fset *token.FileSet, st ast.Stmt, e edit) bool {
	var first ast.Expr
	switch s := st.(type) {
	case *ast.AssignStmt:
		first = s.Rhs[0]
	case *ast.DeclStmt:
		if d, ok := s.Decl.(*ast.GenDecl); ok && len(d.Specs) == 1 {
			if vs, ok := d.Specs[0].(*ast.ValueSpec); ok && len(vs.Values) > 0 {
				first = vs.Values[0]
			}
		}
	}
	if first == nil {
		return false
	}
	start, ok1 := c.offset(fset.Position(st.Pos()))
	value, ok2 := c.offset(fset.Position(first.Pos()))
	return ok1 && ok2 && e.start == start && e.end == value
}

// overlaps tells whether e overlaps any of edits.
func overlaps(edits []edit, e edit) bool {
	for _, x := range edits {
		if x.start < e.end && e.start < x.end || x.start == e.start {
			return true
		}
	}
	return false
}

// usesAny tells whether n, a run of declarations, refers to any of names
// other than through a declaration of its own.
func usesAny(fset *token.FileSet, n ast.Node, names map[string]bool) bool {
	for name := range freeNames(fset, n) {
		if names[name] {
			return true
		}
	}
	return false
}

// freeNames are the names that n, a file of declarations, refers to
// without declaring them: go/types resolves the file's own scopes (the
// declarations, their parameters, locals and type parameters, which a
// name of n's may shadow a variable of the cell with), and what it cannot
// resolve is free. Imports are not read: package names are free too, and
// so are the fields and methods selected from what is free; a key in a
// composite literal of a free type counts as free, which errs towards
// keeping the cell in the order written. A node that is no file gives
// all its names.
func freeNames(fset *token.FileSet, n ast.Node) map[string]bool {
	free := map[string]bool{}
	f, ok := n.(*ast.File)
	if !ok {
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				free[id.Name] = true
			}
			return true
		})
		return free
	}
	info := &types.Info{
		Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{},
	}
	// The run's imports are gathered elsewhere (see importAll): the check
	// reads no package, and its errors (the undefined names among them)
	// are expected.
	conf := types.Config{Error: func(error) {}, Importer: noImports{}}
	_, _ = conf.Check("main", fset, []*ast.File{f}, info)
	selected := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if _, resolved := info.Uses[s.Sel]; !resolved {
				selected[s.Sel] = true
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id == f.Name || selected[id] {
			return true
		}
		if _, ok := info.Defs[id]; ok {
			return true
		}
		if _, ok := info.Uses[id]; ok {
			return true
		}
		free[id.Name] = true
		return true
	})
	return free
}

// noImports imports nothing.
type noImports struct{}

func (noImports) Import(path string) (*types.Package, error) {
	return nil, errNoImports
}

var errNoImports = errors.New("imports are not read here")

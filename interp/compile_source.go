package interp

// The plugin source of a %%compile cell (compile.go), and the checks that
// decide what it may do.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gopherlab/interp/native"
)

// unit is a compiled cell's plugin source and what it declares.
type unit struct {
	source string
	pkg    *types.Package
	// earlier are the names of earlier compiled cells that the source
	// declares as theirs (earlierNames): not the cell's own.
	earlier map[string]bool
	// last is the cell's trailing expression, nil when it ends otherwise:
	// a print call's results are hidden, as an interpreted cell's.
	last ast.Expr
	// generics is the interpreter's source of the cell's generic
	// declarations, and genericImports what it imports (genericSource).
	generics       []genericDecl
	genericImports map[string]string
}

// compileUnitOnce is the plugin source of cell c: checked twice, once
// with its statements as they are in _glRun, for the types of the
// variables they define, then with those variables at the package level.
// access are the earlier cells' packages, by alias, whose functions the
// cell's text calls (compile_earlier.go).
func (in *Interpreter) compileUnitOnce(c *cell, name string, imp types.Importer, access map[string]string) (*unit, error) {
	var imports, decls, stmts []run
	for _, r := range runs(split(c.src)) {
		switch r.kind {
		case importKind:
			imports = append(imports, r)
		case declKind:
			decls = append(decls, r)
		default:
			stmts = append(stmts, r)
		}
	}
	// Each run parses on its own, so that a syntax error is the cell's
	// line's, not the plugin source's.
	vars := map[string]bool{}     // the variables the statements define
	declared := map[string]bool{} // the cell's own names, and its imports'
	used := map[string]bool{}     // the identifiers the cell writes
	for _, r := range append(append(append([]run{}, imports...), decls...), stmts...) {
		text := "package p\n" + c.directive(r.start) + c.src[r.start:r.end]
		if r.kind == stmtKind {
			text = "package p\nfunc _() {" + c.directive(r.start) + c.src[r.start:r.end] + "\n}"
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", text, 0)
		if err != nil {
			return nil, c.syntaxError(err)
		}
		switch r.kind {
		case stmtKind:
			for _, id := range topLevelNames(f.Decls[0].(*ast.FuncDecl).Body) {
				vars[id.Name], declared[id.Name] = true, true
			}
		case importKind:
			for _, spec := range f.Imports {
				ipath, _ := strconv.Unquote(spec.Path.Value)
				name := packageName(ipath)
				if spec.Name != nil {
					name = spec.Name.Name
				}
				declared[name] = true
			}
		default:
			for _, id := range topLevelNames(f) {
				declared[id.Name] = true
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				used[id.Name] = true
			}
			return true
		})
	}
	earlier := in.earlierNames(used, declared)
	for i := range earlier {
		var err error
		earlier[i].declImports = map[string]string{}
		if earlier[i].decl, err = earlierGeneric(earlier[i], imp, earlier[i].declImports); err != nil {
			return nil, err
		}
	}
	// A trailing expression other than a call is the cell's value; a
	// call's, when the check says it has one.
	value := false
	bodiesChecked := true // the first check saw the functions' bodies
	var lastExpr ast.Expr
	if len(stmts) > 0 {
		last := stmts[len(stmts)-1]
		if x, err := parser.ParseExpr(c.src[last.start:last.end]); err == nil {
			_, call := x.(*ast.CallExpr)
			value, lastExpr = !call, x
		}
	}
	first, err := in.compiledSource(c, name, imports, decls, stmts, earlier, c.src, nil, access, value)
	if err != nil {
		return nil, err
	}
	check, err := typeCheckUnit(c, first, true, imp)
	var undefined *compiledUndefined
	if errors.As(err, &undefined) && vars[undefined.name] {
		// A function uses a variable of the cell's statements, which is
		// the package's only once hoisted: the types of the variables
		// come from a check without the functions' bodies, and the
		// second check, with them, says what is wrong in them.
		stripped := *c
		stripped.src = stripBodies(c.src, decls)
		if first, err = in.compiledSource(&stripped, name, imports, decls, stmts, earlier, stripped.src, nil, access, value); err != nil {
			return nil, err
		}
		check, err = typeCheckUnit(&stripped, first, true, imp)
		bodiesChecked = false
	}
	if errors.As(err, &undefined) {
		return nil, undefined.err
	}
	if err != nil {
		return nil, err
	}
	hoistImports := maps.Clone(access)
	body, hoisted, result := c.hoist(check, cellQualifier(hoistImports))
	second, err := in.compiledSource(c, name, imports, decls, stmts, earlier, body, hoisted, hoistImports, value || result)
	if err != nil {
		return nil, err
	}
	again, err := typeCheckUnit(c, second, false, imp)
	if err != nil && !bodiesChecked { // an error in a function's body
		if errors.As(err, &undefined) {
			return nil, undefined.err
		}
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%%%%compile: the cell's variables moved to the package do not type-check, a bug of gopherlab: %w", err)
	}
	names := map[string]bool{}
	for _, e := range earlier {
		names[e.name] = true
	}
	generics, genericImports := genericSource(again, second, cellAlias(name), names)
	return &unit{source: second, pkg: again.pkg, earlier: names, last: lastExpr, generics: generics, genericImports: genericImports}, nil
}

// earlierName is a name of an earlier compiled cell that a compiled cell
// uses.
type earlierName struct {
	name string
	compiledName
	// decl declares a generic one, with the packages it imports
	// (earlierGeneric); "" for another.
	decl        string
	declImports map[string]string
}

// earlierNames are the types, functions, constants and variables of
// earlier compiled cells, still the interpreter's, among the identifiers a
// compiled cell uses, less those it declares or imports: the cell's
// package declares them as aliases of theirs, a variable as the same
// variable (compiledSource). An identifier that is something else (a
// field, a local variable) only adds an alias no one uses.
func (in *Interpreter) earlierNames(used, declared map[string]bool) []earlierName {
	in.mu.Lock()
	defer in.mu.Unlock()
	var names []earlierName
	for _, name := range slices.Sorted(maps.Keys(used)) {
		if cn, ok := in.compiledNames[name]; ok && !declared[name] {
			names = append(names, earlierName{name: name, compiledName: cn})
		}
	}
	return names
}

// compiledSource writes the source of the cell's package, name: the
// cell's imports, those it uses without importing them (earlier cells' and
// the standard library's, as cells get them, and the packages of the
// types of its hoisted variables, hoistImports), the earlier compiled
// cells' names it uses as aliases of theirs, its declarations, hoisted
// variables, and _glRun with the statements, from text (the cell, or its
// statements with their variables' definitions made assignments). With
// result, the trailing expression statement is what _glRun returns.
func (in *Interpreter) compiledSource(c *cell, name string, imports, decls, stmts []run, earlier []earlierName, text string, hoisted []string, hoistImports map[string]string, result bool) (string, error) {
	var b strings.Builder
	b.WriteString("package " + name + "\n")
	for _, r := range imports {
		b.WriteString(c.directive(r.start) + c.src[r.start:r.end] + "\n")
	}
	extra, own, err := in.compiledImports(c, imports)
	if err != nil {
		return "", err
	}
	linked := map[string]bool{} // the packages of the variables linked
	for _, e := range earlier {
		if e.kind != "var" {
			extra[cellAlias(e.pkg)] = e.path
			maps.Copy(extra, e.declImports)
			continue
		}
		linked["unsafe"], linked[e.path] = true, true // for //go:linkname
		for n, path := range e.imports {
			if !own[n] {
				extra[n] = path
			}
		}
	}
	for n, path := range hoistImports {
		if !own[n] {
			extra[n] = path
		}
	}
	if len(extra) > 0 {
		b.WriteString("import (\n")
		for _, name := range slices.Sorted(maps.Keys(extra)) {
			fmt.Fprintf(&b, "\t%s %q\n", name, extra[name])
		}
		b.WriteString(")\n")
	}
	for _, path := range slices.Sorted(maps.Keys(linked)) {
		fmt.Fprintf(&b, "import _ %q\n", path)
	}
	// An earlier cell's unexported names are reached through the aliases
	// its package exports (native.Access); a function is a variable that
	// holds it, which calls as the function does.
	for _, e := range earlier {
		if e.kind == "var" {
			b.WriteString(linkedVar(e.name, e.compiledName))
			continue
		}
		if e.decl != "" {
			b.WriteString(e.decl + "\n")
			continue
		}
		keyword := map[string]string{"type": "type %s = %s.%s", "func": "var %s = %s.%s", "const": "const %s = %s.%s"}[e.kind]
		b.WriteString(fmt.Sprintf(keyword, e.name, cellAlias(e.pkg), native.Access(e.name)) + "\n")
	}
	for _, r := range decls {
		b.WriteString(c.directive(r.start) + c.src[r.start:r.end] + "\n")
	}
	for _, v := range hoisted {
		b.WriteString("var " + v + "\n")
	}
	b.WriteString("\nfunc _glValues(v ...any) []any { return v }\n\nfunc _glRun() (_glResult []any) {\n")
	for i, r := range stmts {
		piece := text[r.start:r.end]
		if result && i == len(stmts)-1 {
			// The expression keeps its place: the edits of
			// compile_earlier.go find their places by it.
			at := r.start + len(piece) - len(strings.TrimLeftFunc(piece, unicode.IsSpace))
			piece = "_glResult = _glValues(" + c.inline(at) + strings.TrimSpace(piece) + ")"
		}
		b.WriteString(c.directive(r.start) + piece + "\n")
	}
	b.WriteString("\treturn\n}\n")
	return b.String(), nil
}

// compiledImports are the imports a compiled cell uses without importing
// them: earlier cells' and the standard library's, by name; and own, the
// names of those it imports. gopherlab's own packages and modules are not
// a plugin's yet.
func (in *Interpreter) compiledImports(c *cell, imports []run) (extra map[string]string, own map[string]bool, err error) {
	own = map[string]bool{}
	for _, r := range imports {
		g, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+c.src[r.start:r.end], parser.ImportsOnly)
		if err != nil {
			return nil, nil, c.syntaxError(err)
		}
		for _, spec := range g.Imports {
			ipath, _ := strconv.Unquote(spec.Path.Value)
			if strings.HasPrefix(ipath, "gopherlab/") || isModulePath(ipath) {
				return nil, nil, c.positionedError("CompileError", fmt.Sprintf("%s: %%%%compile cannot import %s yet: a compiled cell imports the standard library", c.file, ipath))
			}
			name := packageName(ipath)
			if spec.Name != nil {
				name = spec.Name.Name
			}
			own[name] = true
		}
	}
	in.mu.Lock()
	known := maps.Clone(in.imports)
	in.mu.Unlock()
	for name, ipath := range in.pkgs.autoImports() {
		if _, ok := known[name]; !ok {
			known[name] = ipath
		}
	}
	extra = map[string]string{}
	for _, name := range selectorRoots(c.src) {
		if ipath, ok := known[name]; ok && !own[name] && !strings.HasPrefix(ipath, "gopherlab/") && !isModulePath(ipath) {
			extra[name] = ipath
		}
	}
	return extra, own, nil
}

// selectorRoots are the names x of the selectors x.Sel in src, the cell's
// Go, that no declaration of the cell resolves: packages, if anything.
func selectorRoots(src string) []string {
	var code []parsed
	for _, r := range runs(split(src)) {
		text := src[r.start:r.end]
		var n ast.Node
		if r.kind == stmtKind {
			if f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+text+"\n}", 0); err == nil {
				n = f
			}
		} else if f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+text, 0); err == nil {
			n = f
		}
		if n != nil {
			code = append(code, parsed{node: n})
		}
	}
	declared := declaredNames(code)
	var roots []string
	for _, name := range usedPackages(code) {
		if !declared[name] {
			roots = append(roots, name)
		}
	}
	return roots
}

// checkedUnit is a compiled cell's source type-checked.
type checkedUnit struct {
	fset *token.FileSet
	file *ast.File
	pkg  *types.Package
	info *types.Info
}

// typeCheckUnit type-checks a compiled cell's plugin source; its errors
// are at the cell's lines. With lenient, the soft errors (a variable or
// import not used) and values not used are not: the variables _glRun
// defines are the package's in the end, and its last expression its
// result.
func typeCheckUnit(c *cell, src string, lenient bool, imp types.Importer) (*checkedUnit, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, c.file+".go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, c.syntaxError(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	var first error
	conf := types.Config{Importer: imp, Error: func(err error) {
		// A trailing call that is a conversion or a builtin's is "not
		// used" until the second source makes it _glRun's result.
		var te types.Error
		// A function's body that stripBodies blanked misses its return.
		if lenient && errors.As(err, &te) && (te.Soft || strings.HasSuffix(te.Msg, " is not used") || isMissingReturn(te.Msg)) {
			return
		}
		if first == nil {
			first = err
		}
	}}
	pkg, _ := conf.Check("main", fset, []*ast.File{f}, info)
	if first != nil {
		// What the earlier cells' packages reach for the cell, the cell
		// is rewritten to reach through them.
		if access := accessEdits(c, fset, f, pkg, info); access != nil {
			return nil, access
		}
		msg := first.Error()
		if at, name, ok := strings.Cut(msg, ": undefined: "); ok {
			return nil, &compiledUndefined{at: at, name: name, err: c.positionedError("CompileError",
				msg+" (a %%compile cell sees its own declarations, the types, functions and constants of earlier compiled cells, and the packages it imports, not what interpreted cells declared)")}
		}
		// Only another package's fields are unexported to the cell, and
		// only another package's types are non-local.
		switch {
		case strings.Contains(msg, "unexported field"):
			msg += " (an earlier compiled cell's struct type is its cell's package's, whose unexported fields a later compiled cell cannot reach, as in Go: export the field, or declare the type in this cell)"
		case strings.Contains(msg, "cannot define new methods on non-local type"):
			msg += " (it is an earlier compiled cell's type, built and loaded with its methods in that cell's package, which a later cell cannot add to: declare the type again in this cell, with all its methods; later cells get the new type, values made before keep the old one)"
		}
		return nil, c.positionedError("CompileError", msg)
	}
	return &checkedUnit{fset: fset, file: f, pkg: pkg, info: info}, nil
}

// compiledUndefined is a compiled cell's use of a name it does not declare.
type compiledUndefined struct {
	at, name string // the position, as the cell's, and the name
	err      *Error
}

func (u *compiledUndefined) Error() string { return u.err.Error() }

// Unwrap gives the cell's CompileError.
func (u *compiledUndefined) Unwrap() error { return u.err }

// hoist makes the variables that _glRun's top-level statements define
// the package's: it returns the cell's text with each definition made an
// assignment (of the same length: := becomes " =", var and the type
// blanked), the declarations of the variables, and whether the last
// statement is an expression with a value, the cell's result.
func (c *cell) hoist(u *checkedUnit, qualify types.Qualifier) (text string, hoisted []string, result bool) {
	run := u.run()
	if run == nil {
		return c.src, nil, false
	}
	src := []byte(c.src)
	blank := func(from, to token.Pos) {
		a, okA := c.offset(u.fset.Position(from))
		b, okB := c.offset(u.fset.Position(to))
		if !okA || !okB {
			return
		}
		for i := a; i < b; i++ {
			if src[i] != '\n' {
				src[i] = ' '
			}
		}
	}
	declare := func(id *ast.Ident) {
		if obj := u.info.Defs[id]; obj != nil && id.Name != "_" {
			hoisted = append(hoisted, id.Name+" "+reachable(types.TypeString(obj.Type(), qualify)))
		}
	}
	for _, st := range run.Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					declare(id)
				}
			}
			if a, ok := c.offset(u.fset.Position(st.TokPos)); ok {
				src[a] = ' ' // ":=" becomes " ="
			}
		case *ast.DeclStmt:
			g, ok := st.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			blank(g.TokPos, g.TokPos+3)
			if g.Lparen.IsValid() {
				blank(g.Lparen, g.Lparen+1)
				blank(g.Rparen, g.Rparen+1)
			}
			for _, s := range g.Specs {
				spec := s.(*ast.ValueSpec)
				for _, id := range spec.Names {
					declare(id)
				}
				if len(spec.Values) == 0 {
					blank(spec.Pos(), spec.End()) // the zero value is the declaration's
				} else if spec.Type != nil {
					blank(spec.Type.Pos(), spec.Type.End())
				}
			}
		}
	}
	if n := len(run.Body.List); n > 1 { // the last is the return
		if es, ok := run.Body.List[n-2].(*ast.ExprStmt); ok {
			if tv, ok := u.info.Types[es.X]; ok && !tv.IsVoid() {
				result = true
			}
		}
	}
	return string(src), hoisted, result
}

// run is _glRun's declaration.
func (u *checkedUnit) run() *ast.FuncDecl {
	for _, d := range u.file.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "_glRun" {
			return fn
		}
	}
	return nil
}

// cellQualifier names packages in the source written for a compiled
// cell: its own (checked as main) unqualified, an earlier compiled cell's
// by cellAlias, another by its name; each named one is recorded in
// imports, by the name given it.
func cellQualifier(imports map[string]string) types.Qualifier {
	return func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		name := p.Name()
		if strings.HasPrefix(p.Path(), modulePrefix) {
			name = cellAlias(name)
		}
		imports[name] = p.Path()
		return name
	}
}

// unexportedOfCell matches an unexported name of an earlier compiled
// cell's package in a type written with cellQualifier.
var unexportedOfCell = regexp.MustCompile(`\b(_gl\w+)\.([\p{Ll}_]\w*)`)

// reachable is typ, a type written with cellQualifier, with the earlier
// compiled cells' unexported names replaced by the aliases that reach them
// from another package (native.Access): a variable of the cell may be of
// an earlier cell's unexported type.
func reachable(typ string) string {
	return unexportedOfCell.ReplaceAllStringFunc(typ, func(m string) string {
		pkg, name, _ := strings.Cut(m, ".")
		return pkg + "." + native.Access(name)
	})
}

// cellAlias is the name an earlier compiled cell's package, pkg, is
// imported as in generated source: out of the way of the cells' names.
func cellAlias(pkg string) string { return "_gl" + pkg }

package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"gopherlab/interp/magic"
)

// %%compile builds a whole cell as compiled Go (gopherlab/interp/native)
// and hands what it declares to the interpreter, so that later cells,
// interpreted or compiled, go on with it.
//
// The cell becomes the main package of a plugin: its imports and
// declarations as they are, its statements the body of a function,
// _glRun, whose top-level variables become the package's, and whose
// trailing expression is what _glRun returns. The interpreter then runs
// _glRun and declares the cell's names as its own: each type an alias of
// the compiled one (with its real methods), each function a function that
// calls the compiled one, each constant the compiled constant, and each
// variable a variable that starts with the compiled one's value.
//
// What a compiled cell cannot do yet is an error at the line that does it:
// use what interpreted cells declared (it sees its own declarations and
// the packages it imports), use the cell's variables in its functions (the
// interpreter's copies would part from the compiled ones), import
// gopherlab's own packages or a module, declare generic functions or types.

// compiled is the state of %%compile in an interpreter, which %reset
// keeps: plugins never unload.
type compiled struct{ n int } // plugins built, for their names

// CompileCell makes the magicHost a magic.CellCompiler.
func (h *magicHost) CompileCell(ctx context.Context, code magic.Code) (any, error) {
	res, err := h.in.compileCell(ctx, h.count, h.in.newCell(h.count, code.Blanked()))
	if err != nil || res == nil {
		return nil, err
	}
	return res, nil
}

// compileCell builds cell c, runs it and declares its names.
func (in *Interpreter) compileCell(ctx context.Context, count int, c *cell) (*Result, error) {
	b, err := in.pkgs.modules.builder()
	if err != nil {
		return nil, c.positionedError("CompileError", fmt.Sprintf("%%%%compile needs the go command, and %v", err))
	}
	unit, err := in.compileUnit(c)
	if err != nil {
		return nil, err
	}
	in.compiled.n++
	name := fmt.Sprintf("cell%d", in.compiled.n)
	p, err := b.Build(ctx, name, unit.source)
	if err != nil {
		return nil, c.positionedError("CompileError", c.name+": "+strings.TrimPrefix(err.Error(), name+": "))
	}
	symbols := p.Symbols[p.ImportPath+"/"+name]
	values, perr := callRun(symbols["_glRun"])
	if perr != nil {
		return nil, perr
	}
	if err := in.yi.Use(p.Symbols); err != nil {
		return nil, fmt.Errorf("%%%%compile: %w", err)
	}
	in.pkgs.modules.add(p.ImportPath, p.Symbols)
	if err := in.declareCompiled(ctx, count, p.ImportPath, unit); err != nil {
		return nil, err
	}
	if values == nil {
		return nil, nil
	}
	return &Result{Data: bundle(values)}, nil
}

// unit is a compiled cell's plugin source and what it declares.
type unit struct {
	source string
	pkg    *types.Package
}

// compileUnit is the plugin source of cell c: checked twice, once with
// its statements as they are in _glRun, for the types of the variables
// they define, then with those variables at the package level.
func (in *Interpreter) compileUnit(c *cell) (*unit, error) {
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
	vars := map[string]bool{} // the variables the statements define
	for _, r := range append(append(append([]run{}, imports...), decls...), stmts...) {
		text := "package p\n" + c.directive(r.start) + c.src[r.start:r.end]
		if r.kind == stmtKind {
			text = "package p\nfunc _() {" + c.directive(r.start) + c.src[r.start:r.end] + "\n}"
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", text, 0)
		if err != nil {
			return nil, c.syntaxError(err)
		}
		if r.kind == stmtKind {
			for _, id := range topLevelNames(f.Decls[0].(*ast.FuncDecl).Body) {
				vars[id.Name] = true
			}
		}
	}
	// A trailing expression other than a call is the cell's value; a
	// call's, when the check says it has one.
	value := false
	if len(stmts) > 0 {
		last := stmts[len(stmts)-1]
		if x, err := parser.ParseExpr(c.src[last.start:last.end]); err == nil {
			_, call := x.(*ast.CallExpr)
			value = !call
		}
	}
	first, err := in.compiledSource(c, imports, decls, stmts, c.src, nil, value)
	if err != nil {
		return nil, err
	}
	check, err := typeCheckUnit(c, first, true)
	var undefined *compiledUndefined
	switch {
	case errors.As(err, &undefined) && vars[undefined.name]:
		// Declared by the cell's statements, which run in _glRun: a
		// function would have to use the package's, whose copy the
		// interpreter gets.
		return nil, c.positionedError("CompileError", fmt.Sprintf("%s: %s is a variable of the cell's statements, which a compiled function cannot use yet: later cells get a copy of it", undefined.at, undefined.name))
	case undefined != nil:
		return nil, undefined.err
	case err != nil:
		return nil, err
	}
	body, hoisted, result := c.hoist(check)
	second, err := in.compiledSource(c, imports, decls, stmts, body, hoisted, value || result)
	if err != nil {
		return nil, err
	}
	again, err := typeCheckUnit(c, second, false)
	if err != nil {
		return nil, fmt.Errorf("%%%%compile: the cell's variables moved to the package do not type-check, a bug of gopherlab: %w", err)
	}
	return &unit{source: second, pkg: again.pkg}, nil
}

// compiledSource writes the plugin's source: the cell's imports, those it
// uses without importing them (earlier cells' and the standard library's,
// as cells get them), its declarations, hoisted variables, and _glRun with
// the statements, from text (the cell, or its statements with their
// variables' definitions made assignments). With result, the trailing
// expression statement is what _glRun returns.
func (in *Interpreter) compiledSource(c *cell, imports, decls, stmts []run, text string, hoisted []string, result bool) (string, error) {
	var b strings.Builder
	b.WriteString("package main\n")
	for _, r := range imports {
		b.WriteString(c.directive(r.start) + c.src[r.start:r.end] + "\n")
	}
	extra, err := in.compiledImports(c, imports)
	if err != nil {
		return "", err
	}
	if len(extra) > 0 {
		b.WriteString("import (\n")
		for _, name := range slices.Sorted(maps.Keys(extra)) {
			fmt.Fprintf(&b, "\t%s %q\n", name, extra[name])
		}
		b.WriteString(")\n")
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
			piece = "_glResult = _glValues(" + strings.TrimSpace(piece) + ")"
		}
		b.WriteString(c.directive(r.start) + piece + "\n")
	}
	b.WriteString("\treturn\n}\n")
	return b.String(), nil
}

// compiledImports are the imports a compiled cell uses without importing
// them: earlier cells' and the standard library's, by name. gopherlab's own
// packages and modules are not a plugin's yet.
func (in *Interpreter) compiledImports(c *cell, imports []run) (map[string]string, error) {
	own := map[string]bool{}
	for _, r := range imports {
		g, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+c.src[r.start:r.end], parser.ImportsOnly)
		if err != nil {
			return nil, c.syntaxError(err)
		}
		for _, spec := range g.Imports {
			ipath, _ := strconv.Unquote(spec.Path.Value)
			if strings.HasPrefix(ipath, "gopherlab/") || isModulePath(ipath) {
				return nil, c.positionedError("CompileError", fmt.Sprintf("%s: %%%%compile cannot import %s yet: a compiled cell imports the standard library", c.file, ipath))
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
	extra := map[string]string{}
	for _, name := range selectorRoots(c.src) {
		if ipath, ok := known[name]; ok && !own[name] && !strings.HasPrefix(ipath, "gopherlab/") && !isModulePath(ipath) {
			extra[name] = ipath
		}
	}
	return extra, nil
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
// import not used) are not: the variables _glRun defines are the
// package's in the end.
func typeCheckUnit(c *cell, src string, lenient bool) (*checkedUnit, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, c.file+".go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, c.syntaxError(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	var first error
	conf := types.Config{Importer: importer.Default(), Error: func(err error) {
		var te types.Error
		if lenient && errors.As(err, &te) && te.Soft {
			return
		}
		if first == nil {
			first = err
		}
	}}
	pkg, _ := conf.Check("main", fset, []*ast.File{f}, info)
	if first != nil {
		msg := first.Error()
		if at, name, ok := strings.Cut(msg, ": undefined: "); ok {
			return nil, &compiledUndefined{at: at, name: name, err: c.positionedError("CompileError",
				msg+" (a %%compile cell sees its own declarations and the packages it imports, not what interpreted cells declared)")}
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
func (c *cell) hoist(u *checkedUnit) (text string, hoisted []string, result bool) {
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
			hoisted = append(hoisted, id.Name+" "+types.TypeString(obj.Type(), qualifyByName))
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

// qualifyByName names another package by its name, as the cell imports it.
func qualifyByName(p *types.Package) string {
	if p.Path() == "main" {
		return ""
	}
	return p.Name()
}

// callRun runs a compiled cell's statements, and reports a panic as a
// cell's, with the frames of the cell's code.
func callRun(run reflect.Value) (values []any, err *Error) {
	defer func() {
		if v := recover(); v != nil {
			msg := fmt.Sprint(v)
			if e, ok := v.(error); ok {
				msg = e.Error()
			}
			err = &Error{Name: "panic", Value: msg, Traceback: append([]string{"panic: " + msg, ""}, cellFrames(debug.Stack())...)}
		}
	}()
	if !run.IsValid() {
		return nil, &Error{Name: "CompileError", Value: "%%compile: the plugin has no _glRun", Traceback: []string{"CompileError: the plugin has no _glRun"}}
	}
	out := run.Call(nil)
	values, _ = out[0].Interface().([]any)
	return values, nil
}

// cellFrames are the frames of a compiled cell's code in a stack that
// debug.Stack wrote, as a panic's traceback shows them: the function, as
// the cell names it, and the cell's line; _glRun is the cell's statements.
func cellFrames(stack []byte) []string {
	var frames []string
	lines := strings.Split(string(stack), "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if !strings.HasPrefix(fn, modulePrefix) {
			continue
		}
		fn = fn[strings.LastIndexByte(fn, '/')+1:] // cell3.fib(...)
		if dot := strings.IndexByte(fn, '.'); dot >= 0 {
			fn = fn[dot+1:]
		}
		fn, _, _ = strings.Cut(fn, "(")
		if fn == "_glRun" {
			fn = "(cell)"
		} else {
			fn = "main." + fn
		}
		where, _, _ := strings.Cut(strings.TrimSpace(lines[i+1]), " +0x")
		frames = append(frames, fn, "\t"+where)
		i++
	}
	return frames
}

// modulePrefix starts the names of the functions of plugins' packages.
const modulePrefix = "gopherlab.cells/"

// declareCompiled declares what a compiled cell declared in the
// interpreter, as a cell of its own that the interpreter runs (and records,
// for completion, inspection and the oracle): aliases of its types,
// functions that call its functions, its constants, and variables with its
// variables' values.
func (in *Interpreter) declareCompiled(ctx context.Context, count int, importPath string, u *unit) error {
	alias := "_glc" + strconv.Itoa(in.compiled.n)
	imports := map[string]string{alias: importPath}
	qualify := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		imports[p.Name()] = p.Path()
		return p.Name()
	}
	var decls []string
	scope := u.pkg.Scope()
	for _, name := range scope.Names() {
		if strings.HasPrefix(name, "_gl") || name == "_" {
			continue
		}
		switch obj := scope.Lookup(name).(type) {
		case *types.TypeName:
			decls = append(decls, fmt.Sprintf("type %s = %s.%s", name, alias, name))
		case *types.Const:
			decls = append(decls, fmt.Sprintf("const %s = %s.%s", name, alias, name))
		case *types.Var:
			decls = append(decls, fmt.Sprintf("var %s = %s.%s", name, alias, name))
		case *types.Func:
			sig := obj.Type().(*types.Signature)
			var params, args []string
			for i := range sig.Params().Len() {
				t := sig.Params().At(i).Type()
				typ, arg := types.TypeString(t, qualify), fmt.Sprintf("p%d", i)
				if sig.Variadic() && i == sig.Params().Len()-1 {
					typ = "..." + types.TypeString(t.(*types.Slice).Elem(), qualify)
					arg += "..."
				}
				params = append(params, fmt.Sprintf("p%d %s", i, typ))
				args = append(args, arg)
			}
			results := types.TypeString(sig.Results(), qualify)
			if sig.Results().Len() == 1 {
				results = types.TypeString(sig.Results().At(0).Type(), qualify)
			}
			ret := "return "
			if sig.Results().Len() == 0 {
				ret = ""
			}
			decls = append(decls, fmt.Sprintf("func %s(%s) %s { %s%s.%s(%s) }", name, strings.Join(params, ", "), results, ret, alias, name, strings.Join(args, ", ")))
		}
	}
	var b strings.Builder
	b.WriteString("import (\n")
	for _, name := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&b, "\t%s %q\n", name, imports[name])
	}
	b.WriteString(")\n\n")
	for _, d := range decls {
		b.WriteString(d + "\n")
	}
	if _, err := in.execute(ctx, in.newCell(count, b.String())); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Value = "%%compile: declaring the compiled cell's names in the interpreter failed, a bug of gopherlab: " + e.Value
			return e
		}
		return err
	}
	return nil
}

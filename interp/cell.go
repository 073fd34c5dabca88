package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/scanner"
	"go/token"
	"reflect"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"

	"gopherlab/interp/oracle"
)

// cell is one Execute's code and the name of the file it is compiled as.
type cell struct {
	src string
	// name is what errors call the cell: cell[3] for execution count 3.
	name string
	// file is the file name given to the compiler, name unless the count
	// was executed before (user_expressions, silent requests): Go imports
	// belong to a file, and yaegi refuses to import a package twice into
	// one, so each Execute needs a file of its own. Errors show name.
	file string
	// checked is the cell type-checked by the oracle, once it was asked
	// (typecheck.go); goPieces are the cell's Go code as the oracle takes
	// it, where not all of src is Go (%timeit's setup and body).
	checked  *oracle.Checked
	goPieces []oracle.Piece
}

func (in *Interpreter) newCell(count int, src string) *cell {
	name := fmt.Sprintf("cell[%d]", count)
	c := &cell{src: src, name: name, file: name}
	if n := in.files[count]; n > 0 {
		c.file = fmt.Sprintf("%s~%d", name, n)
	}
	in.files[count]++
	return c
}

// directive is a //line comment that gives the text after it, from the
// start of the next line, the position of offset off of the cell, so that
// yaegi reports the cell's own lines and columns.
func (c *cell) directive(off int) string {
	p := position(c.src, off)
	return fmt.Sprintf("\n//line %s:%d:%d\n", c.file, p.Line, p.Column)
}

// inline is the /*line*/ form of directive, for the middle of a line.
func (c *cell) inline(off int) string {
	p := position(c.src, off)
	return fmt.Sprintf("/*line %s:%d:%d*/", c.file, p.Line, p.Column)
}

// parsed is a run ready to compile.
type parsed struct {
	run
	node ast.Node // *ast.File for declarations, *ast.BlockStmt for statements
	// expr is the trailing expression of a result run, nil when the run
	// turned out to be another kind of statement.
	expr ast.Expr
	// edits made node from the run's text; orig is the run as written,
	// what remember records, nil when there were no edits.
	edits []edit
	orig  ast.Node
}

// user is the run as its author wrote it, for what records the cell's
// declarations: rewrites add names no one declared.
func (p parsed) user() parsed {
	if p.orig != nil {
		p.node, p.expr, p.edits, p.orig = p.orig, nil, nil, nil
	}
	return p
}

// parseRun parses one run of a cell with yaegi's file set, as CompileAST
// requires. Declarations become a file; statements the body of a function,
// which yaegi runs in the global scope. Go statements are made to start
// their goroutines under watch (see goroutines.go), and what yaegi lacks
// of modern Go is rewritten (see rewrite.go): each pass contributes
// edits of the run's text, and the edited run is parsed again.
func (in *Interpreter) parseRun(c *cell, r run) (parsed, error) {
	p, err := in.parseWith(c, r, nil)
	if err != nil || r.kind == importKind {
		return p, err
	}
	edits, err := in.rewrite(c, p)
	if err != nil {
		return p, err
	}
	// Go statements start their goroutines under watch (goroutines.go),
	// except under the debugger: a goroutine started by the watch, stopped
	// at a breakpoint, would never let the cell end (yaegi's debugger
	// counts it as the cell's own), so yaegi's own go statement starts it.
	if !in.debug.isAttached() {
		edits = in.goEdits(c, p.node, edits)
	}
	if len(edits) == 0 {
		return p, nil
	}
	if err := c.checkEdits(r.pieces(), edits); err != nil {
		return p, err
	}
	q, err := in.parseWith(c, r, edits)
	if err != nil {
		return p, c.rewriteError(err) // errors.go
	}
	q.edits, q.orig = edits, p.node
	return q, nil
}

// offset is the inverse of position: the offset in the cell of a position
// the //line directives gave, if it is in the cell.
func (c *cell) offset(p token.Position) (int, bool) {
	if p.Filename != c.file || p.Line < 1 || p.Column < 1 {
		return 0, false
	}
	line := 1
	for i := 0; i < len(c.src); i++ {
		if line == p.Line {
			if off := i + p.Column - 1; off <= len(c.src) {
				return off, true
			}
			return 0, false
		}
		if c.src[i] == '\n' {
			line++
		}
	}
	return 0, false
}

func (in *Interpreter) parseWith(c *cell, r run, ins []edit) (parsed, error) {
	fset := in.yi.FileSet()
	p := parsed{run: r}
	if r.kind != stmtKind {
		f, err := parseFile(fset, c.file, "package main\n"+c.inline(r.start)+c.edited(r.start, r.end, ins)+"\n")
		if err != nil {
			return p, err
		}
		p.node = f
		return p, nil
	}
	var b strings.Builder
	b.WriteString("package main; func main() {")
	for _, s := range r.segs {
		if s.block {
			// The wrapper is no code of the cell's: a panic's traceback
			// leaves out its frame (see panicError).
			b.WriteString("\n" + internalLine + "func() {" + c.inline(s.start) + c.edited(s.start, s.end, ins) + "\n" + internalLine + "}()\n")
		} else {
			b.WriteString("\n" + c.inline(s.start) + c.edited(s.start, s.end, ins) + "\n")
		}
	}
	// What the parser finds missing at the end, it finds at the cell's end.
	b.WriteString(c.inline(r.end) + "}\n")
	f, err := parser.ParseFile(fset, c.file, b.String(), 0)
	if err != nil {
		return p, err
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	p.node = body
	if r.result && len(body.List) == 1 {
		if e, ok := body.List[0].(*ast.ExprStmt); ok {
			p.expr = e.X
		}
	}
	return p, nil
}

// execute runs a cell: parse every run first, so that a syntax error
// anywhere runs nothing; then import, then compile and run each run in
// order.
func (in *Interpreter) execute(ctx context.Context, c *cell) (*Result, error) {
	var (
		imports []parsed
		code    []parsed
	)
	// The imports first: the packages of modules they name are built
	// before the code that uses them is type-checked (modules.go).
	all := runs(split(c.src))
	for _, importPass := range []bool{true, false} {
		for _, r := range all {
			if (r.kind == importKind) != importPass {
				continue
			}
			p, err := in.parseRun(c, r)
			var reported *Error // a construct the rewrites report (rewrite.go)
			switch {
			case errors.As(err, &reported):
				return nil, reported
			case err != nil:
				return nil, c.syntaxError(err)
			}
			if r.kind == importKind {
				imports = append(imports, p)
			} else {
				code = append(code, p)
			}
		}
		if !importPass {
			continue
		}
		if err := c.embedImport(in.yi.FileSet(), imports); err != nil {
			return nil, err
		}
		if err := in.importModules(ctx, c, imports); err != nil {
			return nil, err
		}
	}
	if err := c.embedDirective(); err != nil { // embed.go
		return nil, err
	}
	if err := in.importAll(ctx, c, imports, code); err != nil {
		return nil, err
	}
	res, err := in.runCode(ctx, c, code)
	if err := in.endCell(ctx, c, err); err != nil { // defers.go
		return nil, err
	}
	return res, nil
}

// runCode compiles and runs the runs of a cell that are not imports, in
// order, declarations first.
func (in *Interpreter) runCode(ctx context.Context, c *cell, code []parsed) (*Result, error) {
	for _, p := range in.declarationsFirst(c, code) { // order.go
		if err := in.mixedTypeError(c, p); err != nil { // typecheck.go
			return nil, err
		}
		if err := in.declareGlobals(ctx, c, p); err != nil {
			return nil, err
		}
		if p.expr != nil {
			return in.result(ctx, c, p)
		}
		if _, err := in.run(ctx, c, p.node); err != nil {
			if ran(err) {
				// What the run declares is declared, the variables set
				// up to the failure: later cells, and the rewrites that
				// read their types, see them.
				in.remember(p.user())
				in.annotate(c, p.user())
				in.recordRun(c, p) // typecheck.go
			}
			return nil, in.orderError(c, code, in.goError(c, p, err)) // order.go
		}
		if p.kind == declKind {
			in.rebindCallers(ctx, c, p.user()) // rebind.go
		}
		in.remember(p.user())
		in.annotate(c, p.user())
		in.recordRun(c, p) // typecheck.go
	}
	return nil, nil
}

// ran tells whether err ended a run that compiled and started: a panic,
// an os.Exit, an interrupt.
func ran(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Name {
	case "panic", "exit", "KeyboardInterrupt":
		return true
	}
	return false
}

// run compiles and runs one piece of a cell.
func (in *Interpreter) run(ctx context.Context, c *cell, n ast.Node) (reflect.Value, error) {
	prog, err := in.compile(n)
	if err != nil {
		return reflect.Value{}, c.compileError(err)
	}
	return in.runProgram(ctx, c, prog)
}

// declareGlobals declares the globals that the edits of run p use and
// cannot hold themselves (edit.global), before p runs.
func (in *Interpreter) declareGlobals(ctx context.Context, c *cell, p parsed) error {
	var decls []string
	for _, e := range p.edits {
		if e.global {
			decls = append(decls, e.text)
		}
	}
	if len(decls) == 0 {
		return nil
	}
	prog, err := in.compileBody(c, strings.Join(decls, "\n"))
	if err != nil {
		return c.compileError(err)
	}
	_, err = in.runProgram(ctx, c, prog)
	return err
}

// compile compiles n, turning a panic of the compiler (yaegi has some, on
// code it does not support) into an error.
func (in *Interpreter) compile(n ast.Node) (prog *yaegi.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, fmt.Errorf("the interpreter failed on this code (%v); it may use a Go feature yaegi lacks", r)
		}
	}()
	if err := in.std.load(n); err != nil { // stdload.go
		return nil, err
	}
	return in.yi.CompileAST(n)
}

// runProgram runs a compiled piece of cell c; ctx's end interrupts it,
// stopping the interpreted code but not the function values made before
// (stop.go).
func (in *Interpreter) runProgram(ctx context.Context, c *cell, prog *yaegi.Program) (reflect.Value, error) {
	in.panics.start()
	v, err := in.debug.execute(ctx, c, prog) // debug.go, or stop.go's executeProgram
	frames := in.panics.stop()
	if e := debuggerGap(err); e != nil { // debug.go
		return reflect.Value{}, e
	}
	switch {
	case err == nil:
		return v, nil
	case ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		return reflect.Value{}, interrupted()
	}
	var p yaegi.Panic
	if errors.As(err, &p) {
		in.defers.mu.Lock()
		in.defers.lastPanic = p.Value
		code, exiting := p.Value.(exitCode)
		in.defers.exiting = exiting
		in.defers.mu.Unlock()
		if exiting {
			return reflect.Value{}, exitError(code)
		}
		return reflect.Value{}, panicError(c, in.fmtMethods.panicValue(p.Value), frames)
	}
	// genRun and global initialisation report errors after compiling.
	return reflect.Value{}, c.compileError(err)
}

// remember records what a run declared at the top level.
func (in *Interpreter) remember(p parsed) {
	fset := in.yi.FileSet()
	kinds := map[*ast.Ident]global{}
	ast.Inspect(p.node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			kinds[n.Name] = global{kind: "func", decl: funcSignature(fset, n)}
		case *ast.GenDecl:
			for _, s := range n.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					kinds[s.Name] = global{kind: "type", decl: "type " + render(fset, s)}
				case *ast.ValueSpec:
					for _, id := range s.Names {
						kinds[id] = global{kind: strings.ToLower(n.Tok.String())}
					}
				}
			}
		case *ast.FuncLit:
			return false // its declarations are its own
		}
		return true
	})
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, id := range topLevelNames(p.node) {
		if id.Name == "_" {
			continue
		}
		g, ok := kinds[id]
		if !ok {
			g = global{kind: "var"} // x := …
		}
		in.globals[id.Name] = g
		// The interpreter's own now, which compiled code cannot see;
		// a compiled cell's names are recorded again after this.
		delete(in.compiledNames, id.Name)
	}
}

// funcSignature renders a function declaration without its body.
func funcSignature(fset *token.FileSet, d *ast.FuncDecl) string {
	sig := *d
	sig.Body, sig.Doc = nil, nil
	return render(fset, &sig)
}

// render prints a node as gofmt would.
func render(fset *token.FileSet, n any) string {
	var b strings.Builder
	if err := printer.Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}

// syntaxError reports what the parser found wrong, first error first.
func (c *cell) syntaxError(err error) *Error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		list.Sort()
		err = list[0]
	}
	return c.positionedError("SyntaxError", err.Error())
}

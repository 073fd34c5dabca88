package interp

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// yaegi v0.16.1 predates the Go that people now write: range over an
// integer or a function, per-iteration loop variables, min, max and clear.
// Before a run of a cell compiles, the passes of this file rewrite its
// text into Go that yaegi runs the same way, or report the construct. The
// user's own text stays where it was, between the edits, and a /*line*/
// comment after each edit gives what follows its place in the cell back,
// so that errors and panics name the user's lines and columns.
//
// Names the rewrites introduce start with _gl, which no one types.

// edit replaces the cell's bytes [start, end) by text; start == end
// inserts. Several passes edit one run (see parseRun): their edits must
// not overlap, except that insertions may share an offset, where they
// keep the order in which they were made.
type edit struct {
	start, end int
	text       string
	// global marks a declaration of a global that the run's edits use,
	// which the run cannot hold (a cell's trailing expression must stay
	// one): edited leaves it out, and it runs before the run does
	// (declareGlobals).
	global bool
}

// internalLine gives what follows it a place outside every cell, for code
// that gopherlab wraps around a cell's, whose frames a panic's traceback
// leaves out (see panicError). Its line is far past any cell's: yaegi's
// debugger sets a breakpoint by line alone, in every file of a program,
// and a breakpoint on a cell's first line must not stop in the wrapper.
const internalLine = "/*line " + internalFile + ":1000000:1*/"

const internalFile = "gopherlab"

// sortEdits orders edits as edited applies them: by offset, and at one
// offset, insertions before a replacement that starts there.
func sortEdits(edits []edit) []edit {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(x, y edit) int {
		if d := cmp.Compare(x.start, y.start); d != 0 {
			return d
		}
		return cmp.Compare(x.end-x.start, y.end-y.start)
	})
	return sorted
}

// checkEdits makes sure that edited can make every edit: each lies within
// one of the pieces [start, end) of the cell that are edited, and none
// overlaps another. Two passes that claim one piece of code are a bug of
// gopherlab's, reported at the place as a CompileError: an edit is never
// dropped, and the text as written never runs in its place.
func (c *cell) checkEdits(pieces [][2]int, edits []edit) *Error {
	last := -1
	for _, e := range sortEdits(edits) {
		inside := slices.ContainsFunc(pieces, func(p [2]int) bool { return p[0] <= e.start && e.end <= p[1] })
		var problem string
		switch {
		case !inside:
			problem = "a rewrite reaches outside the code it rewrites"
		case e.start < last:
			problem = "two rewrites claim one piece of this code"
		default:
			last = e.end
			continue
		}
		p := position(c.src, e.start)
		return c.positionedError("CompileError", fmt.Sprintf("%s:%d:%d: gopherlab could not rewrite this code for the interpreter (%s); "+
			"this is a bug of gopherlab, not of the cell", c.file, p.Line, p.Column, problem))
	}
	return nil
}

// edited is the cell's [a, b) with the edits that lie within it, each
// followed by a /*line*/ comment that gives the text after it its place.
// checkEdits has made sure that none overlaps another.
func (c *cell) edited(a, b int, edits []edit) string {
	sorted := sortEdits(edits)
	var sb strings.Builder
	last := a
	for _, e := range sorted {
		if e.global || e.start < last || e.start < a || e.end > b {
			continue
		}
		sb.WriteString(c.src[last:e.start])
		sb.WriteString(e.text + c.inline(e.end))
		last = e.end
	}
	sb.WriteString(c.src[last:b])
	return sb.String()
}

// rewriter makes the edits of one run.
type rewriter struct {
	in    *Interpreter
	c     *cell
	fset  *token.FileSet
	lines []int // the offsets at which the cell's lines start
	edits []edit
	err   *Error // the first construct reported

	labels map[ast.Stmt]string // the labels of labelled statements
	skip   map[ast.Node]bool   // nodes that an edit replaced or moved whole
	consts map[ast.Node]bool   // the values of constant declarations
	post   []func()            // what to do when the node being walked ends

	// literals are the composite literals rewritten as a cell's generic
	// struct instances (rewrite_genericlit.go).
	literals map[*ast.CompositeLit]bool
	// defines are the top-level := statements that a pass has rewritten
	// into declarations and an assignment; the passes after it leave them.
	defines map[*ast.AssignStmt]bool
	// goDeferCalls are the calls of go and defer statements (rewrite_recover.go).
	goDeferCalls map[*ast.CallExpr]bool
	// typeNames are the names the cell may declare as types (rewrite_new.go).
	typeNames map[string]bool
	// loggerSels are the selectors of the logger calls rewritten, and
	// qualifiers the names that the cell uses only before a dot
	// (rewrite_logger.go).
	loggerSels map[*ast.SelectorExpr]bool
	qualifiers map[string]bool

	// root is the run's node; parents maps each node under it to the
	// node that holds it, made when first needed (rewrite_bounds.go).
	root    ast.Node
	parents map[ast.Node]ast.Node
	result  bool // the run is a cell's trailing expression

	// addressedFields are the selectors x.f of &x.f, at the &
	// (compile_fields.go).
	addressedFields map[*ast.SelectorExpr]token.Pos
	// chainedFields are the selectors that the rewrite of a chain of
	// them made (compile_fields.go).
	chainedFields map[*ast.SelectorExpr]bool
	// late are edits that go after every other edit made at their
	// offsets, whenever those are made: a selector's at the start of a
	// statement comes after the statement's bounds checks.
	late []edit

	// versioned are the names under which the types a cell redefines
	// are declared (see redefinitions).
	versioned map[*ast.TypeSpec]string
	// compiledVars are the replacements of the uses of compiled cells'
	// variables, by offset (rewrite_compiledvars.go).
	compiledVars map[int]compiledVarUse
}

// rewrite returns the edits that make run p Go that yaegi runs, or an
// *Error naming a construct it cannot run.
func (in *Interpreter) rewrite(c *cell, p parsed) ([]edit, error) {
	r := &rewriter{
		in:     in,
		c:      c,
		fset:   in.yi.FileSet(),
		lines:  lineStarts(c.src),
		labels: map[ast.Stmt]string{},
		skip:   map[ast.Node]bool{},
		consts: map[ast.Node]bool{},

		defines:      map[*ast.AssignStmt]bool{},
		goDeferCalls: map[*ast.CallExpr]bool{},
		loggerSels:   map[*ast.SelectorExpr]bool{},
	}
	r.findCompiledVars(p.node) // first: the passes copy them (source)
	switch n := p.node.(type) {
	case *ast.File:
		r.compiledReceivers(n) // compile_methods.go
		r.redefinitions(n)
		r.structTags(n) // celltypes.go
	case *ast.BlockStmt:
		r.genericDefines(n)
		r.stdGenericDefines(n) // rewrite_stdgeneric.go
		r.commaOKDefines(n)
		r.cellDefers(n)
	}
	ast.Inspect(p.node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.LabeledStmt:
			r.labels[n.Stmt] = n.Label.Name
		case *ast.GenDecl:
			if n.Tok == token.CONST {
				for _, s := range n.Specs {
					for _, v := range s.(*ast.ValueSpec).Values {
						r.consts[v] = true
					}
				}
			}
		}
		return true
	})
	r.stdGenericCalls(p.node) // rewrite_stdgeneric.go
	r.instanceUses(p.node)    // instantiate.go
	r.root, r.result = p.node, p.result
	r.walk(p.node)
	r.compiledVarEdits()
	if r.err != nil {
		return nil, r.err
	}
	return append(r.edits, r.late...), nil
}

// walk visits the run's nodes in order, and each node's post functions
// after its children: edits that close what an edit opened must follow
// those of the constructs nested inside.
func (r *rewriter) walk(root ast.Node) {
	var stack []int // for each node open, the number of post functions before it
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			from := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for i := len(r.post) - 1; i >= from; i-- {
				r.post[i]()
			}
			r.post = r.post[:from]
			return true
		}
		if r.skip[n] || r.err != nil {
			return false
		}
		stack = append(stack, len(r.post))
		switch n := n.(type) {
		case *ast.RangeStmt:
			r.rangeStmt(n)
		case *ast.ForStmt:
			r.forStmt(n)
		case *ast.SendStmt:
			r.compiledSend(n) // rewrite_compiledvars_ops.go
		case *ast.SelectStmt:
			r.selectStmt(n) // rewrite_select.go
		case *ast.TypeSwitchStmt:
			r.typeSwitch(n) // rewrite_typeswitch.go
		case *ast.DeferStmt:
			r.goDeferCalls[n.Call] = true
		case *ast.GoStmt:
			r.goDeferCalls[n.Call] = true
		case *ast.CallExpr:
			r.builtinCall(n)
			r.newCall(n)
			r.recoverCall(n)    // rewrite_recover.go
			r.loggerCall(n)     // rewrite_logger.go
			r.errorValues(n)    // rewrite_error.go
			r.typeArgs(n)       // rewrite_typeargs.go
			r.appendedSlice(n)  // rewrite_append.go
			r.interfaceArgs(n)  // rewrite_ifaceargs.go
			r.jsonEncodeCall(n) // rewrite_jsonencode.go
		case *ast.SelectorExpr:
			r.loggerValue(n)         // rewrite_logger.go
			r.compiledField(n)       // compile_fields.go
			r.unexportedMethod(n)    // compile_methods.go
			r.compiledMethodValue(n) // rewrite_compiledvars_ops.go
		case *ast.AssignStmt:
			r.blankDeref(n)       // rewrite_deref.go
			r.errorValues(n)      // rewrite_error.go
			r.assignedLiterals(n) // rewrite_boxedlit.go
		case *ast.ValueSpec:
			r.errorValues(n)
			if n.Type != nil {
				r.boxedLiterals(nil, n.Type, n.Values)
			}
		case *ast.UnaryExpr:
			r.addressedLiteral(n)         // rewrite_genericlit.go
			r.addressedCompiledLiteral(n) // compile_fields.go
			r.addressedField(n)
			r.addressedCompiledElem(n) // rewrite_compiledvars_ops.go
		case *ast.CompositeLit:
			if n.Type != nil {
				r.genericLiteral(n, nil, false, n.Type.Pos())
			}
			r.elidedLiterals(n)
			r.compiledLiterals(n) // compile_fields.go
		case *ast.IndexExpr:
			r.iterType(n, n.X, n.Lbrack, n.Rbrack)
			r.indexExpr(n) // rewrite_bounds.go
		case *ast.SliceExpr:
			r.sliceExpr(n)
		case *ast.IndexListExpr:
			r.iterType(n, n.X, n.Lbrack, n.Rbrack)
		}
		if r.skip[n] { // an edit replaced it whole
			stack = stack[:len(stack)-1]
			return false
		}
		return true
	})
}

// lineStarts lists the offsets at which src's lines start.
func lineStarts(src string) []int {
	lines := []int{0}
	for i := range len(src) {
		if src[i] == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// off is the cell offset of pos, or -1 where pos is not in the cell (code
// that gopherlab wrapped around it).
func (r *rewriter) off(pos token.Pos) int {
	p := r.fset.Position(pos)
	if p.Filename != r.c.file || p.Line < 1 || p.Line > len(r.lines) {
		return -1
	}
	off := r.lines[p.Line-1] + p.Column - 1
	if off > len(r.c.src) {
		return -1
	}
	return off
}

// replace replaces [from, to) of the cell; insert inserts at pos. An edit
// of a place outside the cell cannot be made: it is reported, since yaegi
// would get the construct as written, which is why it is rewritten.
func (r *rewriter) replace(from, to token.Pos, text string) {
	a, b := r.off(from), r.off(to)
	if a < 0 || b < a {
		if r.err == nil {
			p := r.fset.Position(from)
			r.err = r.c.positionedError("CompileError", fmt.Sprintf("%s: gopherlab could not rewrite this code for the interpreter (a rewrite of a place outside the cell); "+
				"this is a bug of gopherlab, not of the cell", p))
		}
		return
	}
	r.edits = append(r.edits, edit{start: a, end: b, text: text})
}

func (r *rewriter) insert(pos token.Pos, text string) { r.replace(pos, pos, text) }

// source is the cell's text of n, with the uses of compiled variables in
// it replaced (rewrite_compiledvars.go).
func (r *rewriter) source(n ast.Node) string {
	a, b := r.off(n.Pos()), r.off(n.End())
	if a < 0 || b < a {
		return ""
	}
	return r.withCompiledVars(a, b)
}

// moved is the text of n for a place other than its own: preceded by the
// /*line*/ comment that keeps its position.
func (r *rewriter) moved(n ast.Node) string {
	a := r.off(n.Pos())
	if a < 0 {
		return r.source(n)
	}
	return r.c.inline(a) + r.source(n)
}

// fail reports a construct that cannot run, at n.
func (r *rewriter) fail(n ast.Node, msg string) {
	if r.err != nil {
		return
	}
	p := r.fset.Position(n.Pos())
	r.err = r.c.positionedError("CompileError", fmt.Sprintf("%s:%d:%d: %s", p.Filename, p.Line, p.Column, r.asWritten(msg)))
}

// hidden is the name of a variable, label or type that a rewrite
// introduces for the construct at pos: unique in the cell, and in no one's
// way.
func (r *rewriter) hidden(what string, pos token.Pos) string {
	return "_gl" + what + strconv.Itoa(max(r.off(pos), 0))
}

// iterType rewrites iter.Seq[V] and iter.Seq2[K, V], generic types that no
// compiled package can give yaegi, into the function types they stand for.
func (r *rewriter) iterType(n, x ast.Node, lbrack, rbrack token.Pos) {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != "iter" || pkg.Obj != nil || (sel.Sel.Name != "Seq" && sel.Sel.Name != "Seq2") {
		return
	}
	// Not where iter names something else, as the type oracle tells it;
	// where it cannot tell, iter is the package.
	if obj := r.objectOf(pkg); obj != nil {
		if named, ok := obj.(*types.PkgName); !ok || named.Imported().Path() != "iter" {
			return
		}
	}
	r.replace(n.Pos(), lbrack+1, "func(func(")
	r.replace(rbrack, rbrack+1, ") bool)")
}

// The types a cell redefines. yaegi keeps the first definition of a type
// name: a later "type P struct{ X, Y int }" compiles, and P stays the old
// struct. A redefinition that changes the type is therefore given a name
// of its own, P__v2, and P becomes an alias of it: the cell's own uses
// of P get the new name, later cells the alias. Values made before keep
// the old type, as in any notebook.

// typeVersions tracks the versions of the types cells declared.
type typeVersions struct {
	// version is the number of definitions of each type name that gave
	// it a new type; zero for one defined once.
	version map[string]int
	// deps holds, for each type, the versions of the cells' types its
	// definition named: a type is new when one of them is.
	deps map[string]map[string]int
}

// versionSuffix separates a type's name from its version; clean takes it
// out of messages.
const versionSuffix = "__v"

// redefinitions renames the types that file f declares anew. yaegi also
// keeps the first method of a name that a type was given: a type whose
// methods f changes is declared anew too, when f declares it; a method
// changed without its type is reported.
func (r *rewriter) redefinitions(f *ast.File) {
	tv := &r.in.types
	if tv.version == nil {
		tv.version, tv.deps = map[string]int{}, map[string]map[string]int{}
	}
	declared := map[string]bool{}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, s := range gd.Specs {
				declared[s.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	changedMethods := map[string]bool{} // by receiver type
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || !r.methodChanged(fd) {
			continue
		}
		recv := receiverName(fd)
		if !declared[recv] {
			r.fail(fd, "cannot redefine method "+recv+"."+fd.Name.Name+": yaegi keeps the first method of a name a type was given, "+
				"and calls would still run it; declare the type again in this cell with its methods "+
				"(values made before keep the old type and its methods)")
			return
		}
		changedMethods[recv] = true
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			if ts.Assign.IsValid() || ts.TypeParams != nil || ts.Name.Name == "_" {
				continue
			}
			name := ts.Name.Name
			deps := r.typeDeps(ts)
			if changedMethods[name] || r.changed(ts, deps) {
				tv.version[name] = max(tv.version[name], 1) + 1
				r.rename(f, ts, name+versionSuffix+strconv.Itoa(tv.version[name]), gd.Lparen.IsValid())
			}
			tv.deps[name] = deps
		}
	}
}

// typeDeps are the current versions of the cells' types that ts names.
func (r *rewriter) typeDeps(ts *ast.TypeSpec) map[string]int {
	deps := map[string]int{}
	r.in.mu.Lock()
	defer r.in.mu.Unlock()
	ast.Inspect(ts.Type, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name != ts.Name.Name {
			if g, ok := r.in.globals[id.Name]; ok && g.kind == "type" {
				deps[id.Name] = r.in.types.version[id.Name]
			}
		}
		return true
	})
	return deps
}

// changed tells whether ts declares anew a type that cells declared
// before: as another type, or from types that changed since.
func (r *rewriter) changed(ts *ast.TypeSpec, deps map[string]int) bool {
	r.in.mu.Lock()
	g, ok := r.in.globals[ts.Name.Name]
	r.in.mu.Unlock()
	if !ok || g.kind != "type" {
		return false
	}
	if g.decl != "type "+render(r.fset, ts) {
		return true
	}
	for name, v := range r.in.types.deps[ts.Name.Name] {
		if deps[name] != v {
			return true
		}
	}
	return false
}

// methodChanged tells whether fd declares anew, as another function, a
// method that cells declared before.
func (r *rewriter) methodChanged(fd *ast.FuncDecl) bool {
	r.in.mu.Lock()
	defer r.in.mu.Unlock()
	old, ok := r.in.methods[receiverName(fd)][fd.Name.Name]
	return ok && old.src != r.source(fd)
}

// rename gives the type ts declares, and every use of it in f, the name
// versioned, and declares ts's name an alias of it.
func (r *rewriter) rename(f *ast.File, ts *ast.TypeSpec, versioned string, grouped bool) {
	if r.versioned == nil {
		r.versioned = map[*ast.TypeSpec]string{}
	}
	r.versioned[ts] = versioned
	obj := ts.Name.Obj
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && (id == ts.Name || (obj != nil && id.Obj == obj)) {
			r.replace(id.Pos(), id.End(), versioned)
		}
		return true
	})
	alias := "; " + ts.Name.Name + " = " + versioned
	if !grouped {
		alias = "; type" + alias[1:]
	}
	r.insert(ts.End(), alias)
}

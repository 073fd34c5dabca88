package interp

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"

	"gopherlab/interp/native"
)

// The unexported fields and methods of an earlier compiled cell's types,
// in a later compiled cell. In a Go program the cells are one package,
// main; here each compiled cell is a package of its own, whose unexported
// fields and methods another cannot name. The earlier cell's package
// exports a function for each (native.FieldPointer, native.FieldValue,
// native.MethodPointer, native.MethodValue), and the later cell's source
// calls it where the check of that source says that a selector or a
// literal reaches one:
//
//	origin.x       (*_glcell1.GlField_point_x(&origin))   origin a variable: read, set, x++, &origin.x
//	pp.x           (*_glcell1.GlField_point_x(pp))        pp a *point
//	mk().x         _glcell1.GlFieldOf_point_x(mk())       a value with no address
//	origin.bump    _glcell1.GlMethod_point_bump(&origin)  called, or a method value
//	point{3, 4}    func() (_glv _glcell1.Gl_point) { *_glcell1.GlField_point_x(&_glv) = 3; …; return }()
//
// a step each for a field reached through embedded fields. The check
// fails where the cell reaches one, and says nothing of what lies around
// it (a.b.x reaches x only once a.b is rewritten): the cell's text is
// rewritten and checked again, until no such place is left
// (compileUnit). What none of these functions reaches (an unnamed
// struct's field, a pointer method of a value with no address) stays the
// check's error.

// earlierAccess is the rewrite of a compiled cell's text that a check of
// its source asks for: edits of the cell's text, none overlapping another,
// and the packages, by alias, whose functions they call.
type earlierAccess struct {
	edits   []edit
	imports map[string]string
}

func (e *earlierAccess) Error() string {
	return fmt.Sprintf("%%%%compile: %d places reach the unexported names of earlier compiled cells", len(e.edits))
}

// maxAccessRounds bounds the checks of a cell rewritten for earlierAccess:
// each round reaches one more step of the longest chain of selectors.
const maxAccessRounds = 16

// compileUnit is the plugin source of cell c (compileUnitOnce), with the
// places where it reaches the unexported fields and methods of earlier
// compiled cells' types rewritten.
func (in *Interpreter) compileUnit(c *cell, name string, imp types.Importer) (*unit, error) {
	imports := map[string]string{}
	original := c
	var rounds [][]edit
	for range maxAccessRounds {
		u, err := in.compileUnitOnce(c, name, imp, imports)
		var access *earlierAccess
		if !errors.As(err, &access) {
			return u, originalError(original, c, rounds, err)
		}
		edited := *c
		edited.src, edited.checked = applyEdits(c.src, access.edits), nil
		c = &edited
		rounds = append(rounds, access.edits)
		for alias, path := range access.imports {
			imports[alias] = path
		}
	}
	u, err := in.compileUnitOnce(c, name, imp, imports)
	return u, originalError(original, c, rounds, err)
}

// originalError is err, an error of edited, the cell original rewritten by
// the edits of rounds, at its place in original, which it shows: the
// rewrites keep the lines, not the columns.
func originalError(original, edited *cell, rounds [][]edit, err error) error {
	e, ok := err.(*Error)
	if !ok || len(rounds) == 0 {
		return err
	}
	m := messagePosition.FindStringSubmatch(e.Value)
	if m == nil || m[1] != edited.file {
		return err
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	off, ok := edited.offset(token.Position{Filename: edited.file, Line: line, Column: col})
	if !ok {
		return err
	}
	for i := len(rounds) - 1; i >= 0; i-- {
		off = unedited(off, rounds[i])
	}
	p := position(original.src, off)
	return original.positionedError(e.Name, fmt.Sprintf("%s:%d:%d: %s", m[1], p.Line, p.Column, e.Value[len(m[0]):]))
}

// unedited is the offset in a text of off, an offset in the text that
// edits made of it: the start of an edit for a place in what it wrote.
func unedited(off int, edits []edit) int {
	shift := 0 // what the edits before off added
	for _, e := range sortEdits(edits) {
		start := e.start + shift
		if off < start {
			break
		}
		if off < start+len(e.text) {
			return e.start
		}
		shift += len(e.text) - (e.end - e.start)
	}
	return off - shift
}

// applyEdits is src with edits, which do not overlap, made.
func applyEdits(src string, edits []edit) string {
	var b strings.Builder
	last := 0
	for _, e := range sortEdits(edits) {
		b.WriteString(src[last:e.start] + e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String()
}

// accessEdits are the edits of c's text that the check of its source, f
// as checked into pkg with info, asks for (an *earlierAccess); where there
// are none, the error that Go would report in one package at a place that
// none reaches, or nil.
func accessEdits(c *cell, fset *token.FileSet, f *ast.File, pkg *types.Package, info *types.Info) error {
	if pkg == nil {
		return nil
	}
	cells := cellPackages(pkg)
	if len(cells) == 0 {
		return nil
	}
	a := &accessor{c: c, fset: fset, info: info, cells: cells}
	var edits []edit
	imports := map[string]string{}
	// Each place names the packages it needs in a.imports, which add
	// keeps where it keeps the place: an import not used does not build.
	add := func(from, to token.Pos, text string) {
		start, ok1 := c.offset(fset.Position(from))
		end, ok2 := c.offset(fset.Position(to))
		if !ok1 || !ok2 || start > end || end > len(c.src) || text == "" {
			return
		}
		if e := (edit{start: start, end: end, text: text}); !overlaps(edits, e) {
			edits = append(edits, e)
			maps.Copy(imports, a.imports)
		}
	}
	parents := map[ast.Node]ast.Node{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			parents[n.X] = n
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				parents[e] = n
			}
		case *ast.SelectorExpr:
			a.imports = map[string]string{}
			if text := a.selector(n); text != "" {
				add(n.Pos(), n.End(), text)
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		from, pointer := lit.Pos(), false
		if u, ok := parents[lit].(*ast.UnaryExpr); ok && u.Op == token.AND {
			from, pointer = u.Pos(), true
		} else if outer, ok := parents[lit].(*ast.CompositeLit); ok && lit.Type == nil {
			pointer = elemIsPointer(info.Types[outer].Type)
		}
		a.imports = map[string]string{}
		if text := a.literal(lit, pointer); text != "" {
			add(from, lit.End(), text)
		}
		return true
	})
	if len(edits) == 0 {
		if a.refused != "" {
			return c.positionedError("CompileError", a.refused)
		}
		return nil
	}
	return &earlierAccess{edits: edits, imports: imports}
}

// cellPackages are the compiled cells' packages that pkg imports, directly
// or through others.
func cellPackages(pkg *types.Package) []*types.Package {
	seen := map[*types.Package]bool{}
	var cells []*types.Package
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		for _, q := range p.Imports() {
			if seen[q] {
				continue
			}
			seen[q] = true
			if isCellPackage(q.Path()) {
				cells = append(cells, q)
			}
			visit(q)
		}
	}
	visit(pkg)
	return cells
}

// elemIsPointer tells whether the elements of t, a slice, array or map
// type, are pointers: an element literal that leaves its type out is
// then &T{…}.
func elemIsPointer(t types.Type) bool {
	var elem types.Type
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
	default:
		return false
	}
	_, ok := types.Unalias(elem).(*types.Pointer)
	return ok
}

// accessor writes the text that reaches the unexported names of earlier
// compiled cells' types.
type accessor struct {
	c       *cell
	fset    *token.FileSet
	info    *types.Info
	cells   []*types.Package
	imports map[string]string // the packages the text names, by alias
	// refused is Go's error at the first place where the cell, as one
	// package, would be wrong: "" when there is none.
	refused string
}

// text is the cell's text of n.
func (a *accessor) text(n ast.Node) string {
	start, ok1 := a.c.offset(a.fset.Position(n.Pos()))
	end, ok2 := a.c.offset(a.fset.Position(n.End()))
	if !ok1 || !ok2 || start > end || end > len(a.c.src) {
		return ""
	}
	return a.c.src[start:end]
}

// function is the name, qualified by its package's alias, of the
// function fn that the package of named exports; "" where it has none.
func (a *accessor) function(named *types.Named, fn string) string {
	pkg := named.Obj().Pkg()
	if pkg == nil || !isCellPackage(pkg.Path()) || pkg.Scope().Lookup(fn) == nil {
		return ""
	}
	alias := cellAlias(pkg.Name())
	a.imports[alias] = pkg.Path()
	return alias + "." + fn
}

// selector is the text that sel becomes where it selects an unexported
// field or method of an earlier compiled cell's type, which the check
// refused; "" elsewhere.
func (a *accessor) selector(sel *ast.SelectorExpr) string {
	if _, ok := a.info.Selections[sel]; ok || token.IsExported(sel.Sel.Name) {
		return ""
	}
	tv, ok := a.info.Types[sel.X]
	if !ok || tv.Type == nil || !tv.IsValue() {
		return ""
	}
	if _, ok := types.Unalias(tv.Type).Underlying().(*types.Basic); ok {
		return "" // invalid
	}
	for _, pkg := range a.cells {
		obj, path, indirect := types.LookupFieldOrMethod(tv.Type, tv.Addressable(), pkg, sel.Sel.Name)
		if obj == nil && indirect && a.refused == "" {
			// A pointer method of a value with no address.
			a.refused = fmt.Sprintf("%s: cannot call pointer method %s on %s", a.fset.Position(sel.Sel.Pos()), sel.Sel.Name, types.TypeString(tv.Type, types.RelativeTo(pkg)))
		}
		if obj == nil || obj.Pkg() != pkg {
			continue
		}
		x := a.text(sel.X)
		if x == "" {
			return ""
		}
		return a.steps(x, tv.Type, tv.Addressable(), path, obj)
	}
	return ""
}

// steps is the text that reaches obj, a field or method, from x, of type
// t, through the fields of path (LookupFieldOrMethod's, whose last index
// is obj's); "" where no function of a cell's package reaches a step.
func (a *accessor) steps(x string, t types.Type, addressable bool, path []int, obj types.Object) string {
	fields := path
	if _, ok := obj.(*types.Func); ok {
		fields = path[:len(path)-1]
	}
	for _, i := range fields {
		pointer := false
		if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
			t, pointer = p.Elem(), true
		}
		st, ok := types.Unalias(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return ""
		}
		f := st.Field(i)
		named, _ := types.Unalias(t).(*types.Named)
		switch {
		case f.Exported() || f.Pkg() == nil || !isCellPackage(f.Pkg().Path()):
			x = x + "." + f.Name()
			addressable = addressable || pointer
		case named == nil:
			return "" // an unnamed struct's field: no function reaches it
		case pointer || addressable:
			fn := a.function(named, native.FieldPointer(named.Obj().Name(), f.Name()))
			if fn == "" {
				return ""
			}
			if !pointer {
				x = "&" + x
			}
			x, addressable = "(*"+fn+"("+x+"))", true
		default:
			fn := a.function(named, native.FieldValue(named.Obj().Name(), f.Name()))
			if fn == "" {
				return ""
			}
			x = fn + "(" + x + ")"
		}
		t = f.Type()
	}
	m, ok := obj.(*types.Func)
	if !ok {
		return x
	}
	sig := m.Type().(*types.Signature)
	recv := sig.Recv().Type()
	_, pointerRecv := types.Unalias(recv).(*types.Pointer)
	named := compiledType(recv)
	if named == nil {
		return ""
	}
	_, pointer := types.Unalias(t).Underlying().(*types.Pointer)
	switch {
	case !pointerRecv:
		// A method value copies the receiver when it is made, as Go's.
		if pointer {
			x = "*" + x
		}
		fn := a.function(named, native.MethodValue(named.Obj().Name(), m.Name()))
		if fn == "" {
			return ""
		}
		return fn + "(" + x + ")"
	case pointer || addressable:
		if !pointer {
			x = "&" + x
		}
		fn := a.function(named, native.MethodPointer(named.Obj().Name(), m.Name()))
		if fn == "" {
			return ""
		}
		return fn + "(" + x + ")"
	}
	return "" // a pointer method of a value with no address (refused)
}

// literal is the text that lit becomes, &lit with pointer, where it is a
// literal of an earlier compiled cell's struct type that sets unexported
// fields: a function that sets the fields of a variable and returns it;
// "" elsewhere.
func (a *accessor) literal(lit *ast.CompositeLit, pointer bool) string {
	t := a.info.Types[lit].Type
	if t == nil || len(lit.Elts) == 0 {
		return ""
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, st := compiledStruct(t)
	if named == nil || !slices.Contains(a.cells, named.Obj().Pkg()) {
		return ""
	}
	typeText := reachable(types.TypeString(named, cellQualifier(a.imports)))
	var body strings.Builder
	hidden := false
	gap := lit.Lbrace + 1 // the end of what came before the element
	for i, e := range lit.Elts {
		// The lines between the elements stay the cell's lines.
		body.WriteString(a.newlines(gap, e.Pos()))
		gap = e.End()
		var f *types.Var
		value := e
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				return ""
			}
			for g := range st.Fields() {
				if g.Name() == key.Name {
					f = g
				}
			}
			value = kv.Value
		} else if i < st.NumFields() {
			f = st.Field(i)
		}
		if f == nil {
			return ""
		}
		text := a.text(value)
		if text == "" {
			return ""
		}
		if f.Exported() {
			body.WriteString("_glv." + f.Name() + " = " + text + "; ")
			continue
		}
		fn := a.function(named, native.FieldPointer(named.Obj().Name(), f.Name()))
		if fn == "" {
			return ""
		}
		hidden = true
		body.WriteString("*" + fn + "(&_glv) = " + text + "; ")
	}
	body.WriteString(a.newlines(gap, lit.Rbrace))
	if !hidden {
		return ""
	}
	if pointer {
		return "func() *" + typeText + " { var _glv " + typeText + "; " + body.String() + "return &_glv }()"
	}
	return "func() (_glv " + typeText + ") { " + body.String() + "return }()"
}

// newlines are the line breaks of the cell's text between from and to.
func (a *accessor) newlines(from, to token.Pos) string {
	start, ok1 := a.c.offset(a.fset.Position(from))
	end, ok2 := a.c.offset(a.fset.Position(to))
	if !ok1 || !ok2 || start > end || end > len(a.c.src) {
		return ""
	}
	return strings.Repeat("\n", strings.Count(a.c.src[start:end], "\n"))
}

package interp

import (
	"errors"
	"fmt"
	"go/ast"
	"go/types"
	"maps"
	"regexp"

	"gopherlab/interp/oracle"
)

// The interpreter's use of the type oracle (interp/oracle): a session of
// the cells that ran, which a rewrite asks about a cell's code when what
// it decides depends on a type. A cell is type-checked once, on the first
// question, never when nothing asks.

// typeAutoImports are the packages a cell may use without importing them:
// those the interpreter imports on use (imports.go), and the generic
// packages that the rewrites and gensrc provide, which have no symbol
// table of their own (iter.Seq is rewritten away).
func (p *packages) typeAutoImports() map[string]string {
	auto := maps.Clone(p.autoImports())
	for _, path := range []string{"cmp", "iter", "maps", "slices"} {
		if _, ok := auto[path]; !ok {
			auto[path] = path
		}
	}
	return auto
}

// cellPieces are the runs of src, a cell, as the oracle takes them.
func cellPieces(src string) []oracle.Piece {
	var pieces []oracle.Piece
	for _, r := range runs(split(src)) {
		kind := oracle.Stmts
		switch r.kind {
		case declKind:
			kind = oracle.Decls
		case importKind:
			kind = oracle.Imports
		}
		pieces = append(pieces, oracle.Piece{Kind: kind, Offset: r.start, Text: src[r.start:r.end]})
	}
	return pieces
}

// typeChecked is cell c checked as part of the session: once a cell.
func (in *Interpreter) typeChecked(c *cell) *oracle.Checked {
	if c.checked == nil {
		in.mu.Lock()
		imports := maps.Clone(in.imports)
		in.mu.Unlock()
		pieces := c.goPieces
		if pieces == nil {
			pieces = cellPieces(c.src)
		}
		c.checked = in.session.Check(pieces, imports, in.pkgs.typeAutoImports())
	}
	return c.checked
}

// typeOf is the type of expression x of the cell being rewritten, as the
// oracle tells it; nil where it cannot.
func (r *rewriter) typeOf(x ast.Expr) types.Type {
	start, end := r.off(x.Pos()), r.off(x.End())
	if start < 0 || end < 0 {
		return nil
	}
	return r.in.typeChecked(r.c).TypeOf(start, end)
}

// objectOf is what identifier id of the cell being rewritten names, as
// the oracle tells it; nil where it cannot.
func (r *rewriter) objectOf(id *ast.Ident) types.Object {
	at := r.off(id.Pos())
	if at < 0 {
		return nil
	}
	return r.in.typeChecked(r.c).ObjectAt(at)
}

// recordRun adds what run p of cell c declares to the session.
func (in *Interpreter) recordRun(c *cell, p parsed) {
	kind := oracle.Stmts
	if p.kind == declKind {
		kind = oracle.Decls
	}
	in.session.Record([]oracle.Piece{{Kind: kind, Offset: p.start, Text: c.src[p.start:p.end]}})
}

// typeRange classifies what a range statement ranges over by its type, as
// the loop rewrites need to know (rewrite_loops.go); overUnknown for nil.
func typeRange(t types.Type) (rangeKind, int) {
	if t == nil {
		return overUnknown, -1
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			return overInt, 0
		case u.Info()&types.IsString == 0:
			return overNothing, 0
		}
	case *types.Signature:
		if u.Params().Len() == 1 && u.Results().Len() == 0 {
			if y, ok := u.Params().At(0).Type().Underlying().(*types.Signature); ok && y.Results().Len() == 1 {
				return overFunc, y.Params().Len()
			}
		}
		return overNothing, 0
	}
	return overOther, 0
}

// typeError is what the oracle says is wrong in the cell at or around x,
// for an error about x: the first error within it, or the cell's first.
func (r *rewriter) typeError(x ast.Expr) string {
	errs := r.in.typeChecked(r.c).Errors()
	if len(errs) == 0 {
		return "it has no type error that gopherlab knows of"
	}
	start, end := r.off(x.Pos()), r.off(x.End())
	for _, e := range errs {
		if e.Offset >= start && e.Offset < end {
			return e.Msg
		}
	}
	return errs[0].Msg
}

// goError is err, yaegi's failure to compile run p of cell c, in Go's
// words where the type oracle finds what is wrong there: yaegi says
// "constant definition loop" for an undefined name at a cell's top level,
// and less than Go elsewhere. An error that may be the oracle's own gap
// (see oracle.Error) leaves yaegi's.
func (in *Interpreter) goError(c *cell, p parsed, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Name != "CompileError" {
		return err
	}
	for _, te := range in.typeChecked(c).Errors() {
		if te.Gap || te.Offset < p.start || te.Offset >= p.end {
			continue
		}
		at := position(c.src, te.Offset)
		return c.positionedError("CompileError", fmt.Sprintf("%s:%d:%d: %s", c.file, at.Line, at.Column, te.Msg))
	}
	return err
}

// compiledTypeMixed matches, in the oracle's message, a value of a
// compiled cell's type used where another type is wanted: the oracle
// names a compiled cell's package cellN.
var compiledTypeMixed = regexp.MustCompile(`^cannot use .*\bcell\d+\.`)

// mixedTypeError is the oracle's error in run p of cell c where a value of
// a compiled cell's type is used as another type, nil where it finds
// none. The oracle is the one to say it: yaegi tells types apart by their
// names, and a compiled cell's types are main's (native/asmain.go), as
// the interpreter's are, so it takes a compiled Stack[string] for the
// interpreter's instance of the same generic, and the cell would panic
// in reflect instead.
func (in *Interpreter) mixedTypeError(c *cell, p parsed) error {
	in.mu.Lock()
	compiled := len(in.compiledNames) > 0
	in.mu.Unlock()
	if !compiled {
		return nil
	}
	for _, te := range in.typeChecked(c).Errors() {
		if te.Gap || te.Offset < p.start || te.Offset >= p.end || !compiledTypeMixed.MatchString(te.Msg) {
			continue
		}
		at := position(c.src, te.Offset)
		return c.positionedError("CompileError", fmt.Sprintf("%s:%d:%d: %s", c.file, at.Line, at.Column, te.Msg))
	}
	return nil
}

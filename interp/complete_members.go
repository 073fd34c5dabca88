package interp

import (
	"bytes"
	"errors"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"

	"gopherlab/interp/oracle"
)

// Completion after "x." asks the type oracle for the type of x. The code
// before the cursor is unfinished: a call or block is open around x, and
// what follows the cursor may not parse. So the cell checked is the code
// up to the dot, with the brackets still open there closed, and it is
// checked as part of the session without being committed to it.

// checkUpTo checks the code before byte offset at, with filler written
// at the cursor to finish the expression there and the brackets left open
// closed, as part of the session without committing it.
func (in *Interpreter) checkUpTo(code string, at int, filler string) *oracle.Checked {
	text := code[:at] + filler + closers(tokens(code[:at]))
	in.mu.Lock()
	imports := maps.Clone(in.imports)
	in.mu.Unlock()
	return in.session.Check(cellPieces(text), imports, in.pkgs.typeAutoImports())
}

// oracleOperand checks the code before the dot at byte offset dot, the
// operand before it, which starts at byte offset start, selecting a blank
// name, so that a package's name is a qualifier as the interpreter
// imports on use. The code is being written, and may not parse as it
// is: where the check tells nothing of the operand, it is checked again
// with each top-level statement a piece of its own, kept as far as it
// parses (oracle.Piece.Partial), so that a statement that does not parse
// leaves out only itself, and with what finishes the statement that holds
// the operand where that is the header of an if, for or switch statement
// ("if t." is "if t._ {}", "for i := 0; i < t." needs a ";"), a case
// ("case t." is "case t._:") or a go statement ("go t." is "go t._()").
func (in *Interpreter) oracleOperand(code string, start, dot int) *oracle.Checked {
	var c *oracle.Checked
	for i, filler := range []string{"._", "._", "._ {}", "._; {}", "._:", "._()"} {
		text := code[:dot] + filler + closers(tokens(code[:dot]))
		pieces := cellPieces(text)
		if i > 0 {
			pieces = statementPieces(blankBrokenLines(text, dot))
		}
		in.mu.Lock()
		imports := maps.Clone(in.imports)
		in.mu.Unlock()
		c = in.session.Check(pieces, imports, in.pkgs.typeAutoImports())
		if c.ObjectAt(start) != nil {
			return c
		}
		if _, ok := c.TypeAndValue(start, dot); ok {
			return c
		}
	}
	return c
}

// blankBrokenLines blanks, in src, the lines before the one that holds
// byte offset keep where a top-level statement or declaration does not
// parse, a few at most: a statement being written further up leaves out
// only its own line. The offsets of what is left do not change.
func blankBrokenLines(src string, keep int) string {
	b := []byte(src)
	for range 4 {
		line := -1
		for _, s := range split(string(b)) {
			prefix, suffix := "package p;", ""
			if s.kind == stmtKind {
				prefix, suffix = "package p;func _(){", "\n}"
			}
			_, err := parser.ParseFile(token.NewFileSet(), "", prefix+string(b[s.start:s.end])+suffix, parser.SkipObjectResolution)
			var list scanner.ErrorList
			if errors.As(err, &list) && len(list) > 0 {
				line = s.start + list[0].Pos.Offset - len(prefix)
				break
			}
		}
		if line < 0 || line >= len(b) {
			break
		}
		start := bytes.LastIndexByte(b[:line], '\n') + 1
		end := len(b)
		if i := bytes.IndexByte(b[line:], '\n'); i >= 0 {
			end = line + i
		}
		if keep >= start && keep <= end {
			break
		}
		for i := start; i < end; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// statementPieces are src's top-level statements and declarations, each a
// piece of its own, kept as far as it parses.
func statementPieces(src string) []oracle.Piece {
	var pieces []oracle.Piece
	for _, s := range split(src) {
		kind := oracle.Stmts
		switch s.kind {
		case declKind:
			kind = oracle.Decls
		case importKind:
			kind = oracle.Imports
		}
		pieces = append(pieces, oracle.Piece{Kind: kind, Offset: s.start, Text: src[s.start:s.end], Partial: true})
	}
	return pieces
}

// scopeNames are the candidates the type oracle finds in scope at byte
// offset at of code, the cursor, where a name starts: the code's
// declarations and locals there, with the session's it uses; nil where
// the code before the cursor does not parse.
func (in *Interpreter) scopeNames(code string, at int) []candidate {
	// A blank operand finishes "x + " as it does "f(".
	objs := in.checkUpTo(code, at, "_").ScopeAt(at)
	if objs == nil {
		return nil
	}
	names := make([]candidate, 0, len(objs))
	for _, obj := range objs {
		names = append(names, candidate{obj.Name(), objectKind(obj)})
	}
	return names
}

// objectKind is the kind of candidate obj is.
func objectKind(obj types.Object) string {
	switch obj.(type) {
	case *types.Const, *types.Nil:
		return KindConstant
	case *types.TypeName:
		return KindType
	case *types.Func, *types.Builtin:
		return KindFunction
	case *types.PkgName:
		return KindPackage
	}
	return KindVariable
}

// closers are the brackets that close those toks leave open, innermost
// first.
func closers(toks []tok) string {
	var open []byte
	for _, t := range toks {
		switch t.t {
		case token.LPAREN:
			open = append(open, ')')
		case token.LBRACK:
			open = append(open, ']')
		case token.LBRACE:
			open = append(open, '}')
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	// Closed on the same line: a newline before ")" would end the
	// statement inside the call.
	out := make([]byte, 0, len(open))
	for i := len(open) - 1; i >= 0; i-- {
		out = append(out, open[i])
	}
	return string(out)
}

// typeMembers are the fields and methods that a selector of tv, a value
// or a type, can name: a value's fields (those promoted through embedded
// ones, and the embedded ones by their names) and the methods of its
// method set or, for a variable, its pointer's; a type's methods, as a
// method expression names them. Another package's unexported ones are
// left out.
func typeMembers(tv types.TypeAndValue) []candidate {
	t := tv.Type
	var names []candidate
	visible := func(o types.Object) bool {
		return o.Exported() || o.Pkg() == nil || o.Pkg().Path() == "main"
	}
	if !tv.IsType() {
		for _, f := range fields(t) {
			if visible(f) {
				names = append(names, candidate{f.Name(), KindField})
			}
		}
	}
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) && (tv.Addressable() || tv.IsType()) {
		t = types.NewPointer(t)
	}
	ms := types.NewMethodSet(t)
	for sel := range ms.Methods() {
		if visible(sel.Obj()) {
			names = append(names, candidate{sel.Obj().Name(), KindMethod})
		}
	}
	return names
}

// fields are the fields a selector of a value of type t can name, those
// of embedded structs with them.
func fields(t types.Type) map[string]*types.Var {
	out := map[string]*types.Var{}
	var walk func(t types.Type, seen map[types.Type]bool)
	walk = func(t types.Type, seen map[types.Type]bool) {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		if seen[t] {
			return
		}
		seen[t] = true
		s, ok := t.Underlying().(*types.Struct)
		if !ok {
			return
		}
		for f := range s.Fields() {
			if _, shadowed := out[f.Name()]; !shadowed {
				out[f.Name()] = f
			}
			if f.Embedded() {
				walk(f.Type(), seen)
			}
		}
	}
	walk(t, map[types.Type]bool{})
	return out
}

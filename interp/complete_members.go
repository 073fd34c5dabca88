package interp

import (
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
// operand before it selecting a blank name, so that a package's name is
// a qualifier as the interpreter imports on use.
func (in *Interpreter) oracleOperand(code string, dot int) *oracle.Checked {
	return in.checkUpTo(code, dot, "._")
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

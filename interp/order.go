package interp

import "go/ast"

// declarationsFirst orders the runs of a cell as a Go file orders them:
// not at all. A cell may call a function it declares further down
// ("fmt.Println(f())" above "func f() int"), which in source order would
// run before f exists; so the cell's declarations are compiled before its
// statements. The exception is a declaration that uses a variable the
// cell's own statements define (x := 1, then func f() int { return x }):
// then everything stays in the order written, as before. The trailing
// expression, if any, stays last.
func declarationsFirst(code []parsed) []parsed {
	defined := map[string]bool{}
	hasDecl, stmtFirst := false, false
	for _, p := range code {
		switch p.kind {
		case stmtKind:
			for _, id := range topLevelNames(p.node) {
				defined[id.Name] = true
			}
			if !hasDecl {
				stmtFirst = true
			}
		case declKind:
			hasDecl = true
		}
	}
	if !hasDecl || !stmtFirst {
		return code // nothing to move
	}
	for _, p := range code {
		if p.kind == declKind && mentions(p.node, defined) {
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

// mentions tells whether n names any of names.
func mentions(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

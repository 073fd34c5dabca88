package interp

import (
	"errors"
	"go/ast"
	"go/token"
	"go/types"
)

// declarationsFirst orders the runs of a cell as a Go file orders them:
// not at all. A cell may call a function it declares further down
// ("fmt.Println(f())" above "func f() int"), which in source order would
// run before f exists; so the cell's declarations are compiled before its
// statements. The exception is a declaration that uses a variable the
// cell's own statements define (x := 1, then func f() int { return x }):
// then everything stays in the order written, as before. The trailing
// expression, if any, stays last.
//
// "Uses" is what go/types resolves: a parameter, local or field of the
// name of one of the cell's variables is no use of it (freeNames).
func declarationsFirst(fset *token.FileSet, code []parsed) []parsed {
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
	for _, p := range code {
		if p.kind == declKind && usesAny(fset, p.node, defined) {
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

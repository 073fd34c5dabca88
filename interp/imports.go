package interp

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// importAll imports into the cell's file every package earlier cells
// imported, the packages the cell imports itself, and the standard-library
// packages it uses without importing them.
func (in *Interpreter) importAll(ctx context.Context, c *cell, own []parsed, code []parsed) error {
	// The cell's own imports override earlier ones of the same name, as a
	// new import "crypto/rand" replaces math/rand's rand.
	mine := map[string]string{}
	for _, p := range own {
		for _, d := range p.node.(*ast.File).Decls {
			for _, s := range d.(*ast.GenDecl).Specs {
				spec := s.(*ast.ImportSpec)
				ipath, err := strconv.Unquote(spec.Path.Value)
				if err != nil {
					continue // the compiler reports it
				}
				name := packageName(ipath)
				if spec.Name != nil {
					name = spec.Name.Name
				}
				if name != "_" && name != "." {
					mine[name] = ipath
				}
			}
		}
	}

	in.mu.Lock()
	inherited := make(map[string]string, len(in.imports))
	for name, ipath := range in.imports {
		if _, ok := mine[name]; !ok {
			inherited[name] = ipath
		}
	}
	auto := map[string]string{}
	declared := declaredNames(code)
	for _, name := range usedPackages(code) {
		if _, ok := mine[name]; ok {
			continue
		}
		if _, ok := inherited[name]; ok {
			continue
		}
		if _, ok := in.globals[name]; ok || declared[name] {
			continue
		}
		if ipath, ok := in.pkgs.autoImports()[name]; ok {
			auto[name] = ipath
		}
	}
	in.mu.Unlock()

	var b strings.Builder
	b.WriteString("package main\nimport (\n")
	b.WriteString(cellPkgName + " " + strconv.Quote(cellPkgPath) + "\n")
	for _, m := range []map[string]string{inherited, auto} {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			b.WriteString(name + " " + strconv.Quote(m[name]) + "\n")
		}
	}
	b.WriteString(")\n")
	for _, p := range own {
		b.WriteString(c.directive(p.start) + c.src[p.start:p.end] + "\n")
	}
	f, err := parseFile(in.yi.FileSet(), c.file, b.String())
	if err != nil {
		return c.syntaxError(err)
	}
	if _, err := in.run(ctx, c, f); err != nil {
		return err
	}

	in.mu.Lock()
	defer in.mu.Unlock()
	for _, m := range []map[string]string{mine, auto} {
		for name, ipath := range m {
			in.imports[name] = ipath
		}
	}
	return nil
}

// usedPackages lists the names x of the selectors x.Sel in code that no
// declaration in reach of the parser resolves: packages, if anything.
func usedPackages(code []parsed) []string {
	seen := map[string]bool{}
	for _, p := range code {
		ast.Inspect(p.node, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil {
					seen[x.Name] = true
				}
			}
			return true
		})
	}
	return slices.Sorted(maps.Keys(seen))
}

// declaredNames are the names a cell declares at the top level, which the
// parser resolves only within the run that declares them.
func declaredNames(code []parsed) map[string]bool {
	names := map[string]bool{}
	for _, p := range code {
		for _, id := range topLevelNames(p.node) {
			names[id.Name] = true
		}
	}
	return names
}

// topLevelNames are the identifiers a run declares in the global scope:
// functions, types, variables and constants of a file, the variables a
// statement run defines with :=.
func topLevelNames(n ast.Node) []*ast.Ident {
	var ids []*ast.Ident
	switch n := n.(type) {
	case *ast.File:
		for _, d := range n.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					ids = append(ids, d.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						ids = append(ids, s.Name)
					case *ast.ValueSpec:
						ids = append(ids, s.Names...)
					}
				}
			}
		}
	case *ast.BlockStmt:
		for _, s := range n.List {
			switch s := s.(type) {
			case *ast.AssignStmt:
				if s.Tok == token.DEFINE {
					for _, l := range s.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							ids = append(ids, id)
						}
					}
				}
			case *ast.DeclStmt:
				for _, spec := range s.Decl.(*ast.GenDecl).Specs {
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						ids = append(ids, spec.Names...)
					case *ast.TypeSpec:
						ids = append(ids, spec.Name)
					}
				}
			}
		}
	}
	return ids
}

// packageName guesses the name of the package at ipath, as Go tools do:
// the last element, or the one before a major version suffix
// (math/rand/v2 is rand).
func packageName(ipath string) string {
	base := path.Base(ipath)
	if majorVersion.MatchString(base) && path.Dir(ipath) != "." {
		return path.Base(path.Dir(ipath))
	}
	return base
}

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// parseFile parses a file the interpreter compiles, with the checks yaegi
// itself asks of the parser.
func parseFile(fset *token.FileSet, name, src string) (*ast.File, error) {
	return parser.ParseFile(fset, name, src, parser.DeclarationErrors)
}

package oracle

import (
	"go/ast"
	"go/types"
)

// A compiled package's symbol table has no generic function or type, so
// neither has the package the Importer makes of it. Where the interpreter
// can instantiate one natively (interp/instantiate.go), the oracle must
// know its declaration, to infer and check its type arguments: the
// Importer grafts it into the package, from a source it is given
// (SetGenerics), when a cell names it and the table lacks it. A grafted
// declaration is of the package as its source made it: a type of the
// package that it mentions is that source's, not the table's, so a value
// of it passed to the grafted function is a type error here (see
// docs/ARCHITECTURE.md); the generics wanted most mention none.

// SetGenerics gives the importer the generic declarations that the
// tables lack: generic(importPath, name) is the declaration of name in
// the package at importPath, nil where there is none to give.
func (im *Importer) SetGenerics(generic func(importPath, name string) types.Object) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.generic = generic
}

// graft adds name to the package at importPath when its table lacks it
// and the importer's generics have it.
func (im *Importer) graft(importPath, name string) {
	im.mu.Lock()
	generic := im.generic
	im.mu.Unlock()
	if generic == nil {
		return
	}
	pkg, err := im.Import(importPath)
	if err != nil || pkg.Scope().Lookup(name) != nil {
		return
	}
	obj := generic(importPath, name)
	if obj == nil || !isGeneric(obj) {
		return
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	if pkg.Scope().Lookup(name) == nil {
		pkg.Scope().Insert(obj)
	}
}

// isGeneric tells whether obj is a generic function or type.
func isGeneric(obj types.Object) bool {
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Type().(*types.Signature).TypeParams().Len() > 0
	case *types.TypeName:
		return typeParams(obj) != nil
	}
	return false
}

// typeParams are the type parameters of a generic type, nil for another.
func typeParams(obj *types.TypeName) *types.TypeParamList {
	switch t := obj.Type().(type) {
	case *types.Named:
		if !obj.IsAlias() && t.TypeParams().Len() > 0 {
			return t.TypeParams()
		}
	case *types.Alias:
		if t.TypeParams().Len() > 0 {
			return t.TypeParams()
		}
	}
	return nil
}

// graftNamed grafts, before file is checked, the names that its
// selectors pick from the packages imports names (name to path).
func (s *Session) graftNamed(file *ast.File, imports map[string]string) {
	im, ok := s.imp.(*Importer)
	if !ok {
		return
	}
	ast.Inspect(file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok {
			if path, ok := imports[x.Name]; ok && !generic[path] {
				im.graft(path, sel.Sel.Name)
			}
		}
		return true
	})
}

// PackageInstance is a use in a cell of a generic function or type of a
// compiled package, instantiated.
type PackageInstance struct {
	// Start and End are the bytes of the cell that name the instance:
	// the selector (lo.Map), with the type arguments where the cell
	// writes them (atomic.Pointer[int]).
	Start, End int
	// Obj is the generic function or type, TypeArgs the instance's.
	Obj      types.Object
	TypeArgs []types.Type
}

// PackageInstances are the cell's uses of instances of generic functions
// and types of the compiled packages whose import path want accepts, in
// the order of the cell.
func (c *Checked) PackageInstances(want func(importPath, name string) bool) []PackageInstance {
	var out []PackageInstance
	for _, p := range c.pieces {
		spans := map[*ast.SelectorExpr]ast.Expr{} // a selector's type arguments' expression
		ast.Inspect(p.file, func(n ast.Node) bool {
			var x ast.Expr
			switch n := n.(type) {
			case *ast.IndexExpr:
				x = n.X
			case *ast.IndexListExpr:
				x = n.X
			case *ast.SelectorExpr:
				if inst, ok := c.packageInstance(n, spans[n], want); ok {
					out = append(out, inst)
				}
				return true
			default:
				return true
			}
			if sel, ok := ast.Unparen(x).(*ast.SelectorExpr); ok {
				spans[sel] = n.(ast.Expr)
			}
			return true
		})
	}
	return out
}

// packageInstance is the instance that sel names, if it names one that
// want accepts; span is the expression that gives its type arguments, nil
// where they are inferred.
func (c *Checked) packageInstance(sel *ast.SelectorExpr, span ast.Expr, want func(importPath, name string) bool) (PackageInstance, bool) {
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return PackageInstance{}, false
	}
	if _, isPkg := c.info.Uses[x].(*types.PkgName); !isPkg {
		return PackageInstance{}, false
	}
	obj := c.info.Uses[sel.Sel]
	if obj == nil || obj.Pkg() == nil || !want(obj.Pkg().Path(), obj.Name()) {
		return PackageInstance{}, false
	}
	inst, ok := c.info.Instances[sel.Sel]
	if !ok || inst.TypeArgs == nil || inst.TypeArgs.Len() == 0 {
		return PackageInstance{}, false
	}
	if span == nil {
		span = sel
	}
	start, ok1 := c.offset(span.Pos())
	end, ok2 := c.offset(span.End())
	if !ok1 || !ok2 {
		return PackageInstance{}, false
	}
	args := make([]types.Type, 0, inst.TypeArgs.Len())
	for t := range inst.TypeArgs.Types() {
		args = append(args, t)
	}
	return PackageInstance{Start: start, End: end, Obj: obj, TypeArgs: args}, true
}

package interp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/importer"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gopherlab/interp/native"
	"gopherlab/interp/oracle"
	"gopherlab/interp/stdlib"
)

// The interpreter reaches compiled packages through reflect, which has no
// generics, so a generic function or type of a module's package, or of a
// standard package that gensrc gives no source for (atomic.Pointer,
// unique.Make, rand.N…), has no symbol. Instead, before a cell's code is
// rewritten, the type oracle, which knows their declarations (grafted
// into its packages: oracle/generics.go), tells the instances the cell
// uses and their type arguments; a plugin declares them
// (native.Instantiate), and the rewrite makes the cell use the plugin's:
//
//	lo.Map(xs, f)                 →  _glinst_i3f….Map_a41c…(xs, f)
//	var p atomic.Pointer[int]     →  var p _glinst_i3f….Pointer_9b2e…
//
// One plugin for the instances a cell wants that the worker has not built;
// the same instance again costs nothing. A type argument must be one the
// Go compiler can see: the interpreter's own types (an interpreted cell's)
// are not, and the cell is refused with an error that says so.

// instances are the worker's instances of compiled generics, kept with
// the modules' plugins: a plugin never unloads.
type instances struct {
	mu    sync.Mutex
	built map[string]instanceRef // by instanceKey

	// The generic declarations the oracle is given, by import path: a
	// module's from the go command's export data, the standard
	// library's from its source.
	exports map[string]*types.Package
	source  types.Importer

	// The current cell's rewrites: the instance's name, by the bytes
	// of the cell that name the generic.
	cell *cell
	uses map[[2]int]string
}

// instanceRef is an instance built: the import path of its plugin, the
// name the cells import that as, its name in the plugin, and the plugin's
// symbols.
type instanceRef struct {
	path, alias, name string
	symbols           map[string]map[string]reflect.Value
}

func newInstances() *instances {
	return &instances{
		built:   map[string]instanceRef{},
		exports: map[string]*types.Package{},
		source:  importer.ForCompiler(token.NewFileSet(), "source", nil),
	}
}

// sourceGeneric tells whether the standard package at importPath has the
// generic name, and gensrc has no source for it: one the interpreter
// instantiates natively.
func sourceGeneric(importPath, name string) bool {
	switch importPath {
	case "cmp", "iter", "maps", "slices":
		return false // gensrc's, all of them
	}
	return stdGenerics[importPath][name] == "" && slices.Contains(stdlib.GenericNames[importPath], name)
}

// moduleGeneric tells whether the package at importPath is a module's,
// whose generics the interpreter instantiates natively; not a compiled
// cell's, whose generics it runs as source (compile_generic.go), nor an
// instances plugin's.
func moduleGeneric(importPath string) bool {
	return isModulePath(importPath) && !strings.HasPrefix(importPath, modulePrefix)
}

// instantiable tells whether a generic of the package at importPath called
// name is one the interpreter instantiates natively.
func instantiable(importPath, name string) bool {
	return moduleGeneric(importPath) || sourceGeneric(importPath, name)
}

// genericObject is the generic declaration of name in the package at
// importPath that the oracle's table of it lacks; nil where there is none
// (the name is no generic of the package, or the go command is missing).
func (p *packages) genericObject(importPath, name string) types.Object {
	inst := p.modules.inst
	inst.mu.Lock()
	defer inst.mu.Unlock()
	pkg, ok := inst.exports[importPath]
	if !ok {
		switch {
		case moduleGeneric(importPath):
			if _, imported := p.modules.table(importPath); !imported {
				return nil
			}
			if b, err := p.modules.builder(); err == nil {
				pkg, _ = b.ExportPackage(context.Background(), importPath)
			}
		case slices.ContainsFunc(stdlib.GenericNames[importPath], func(n string) bool { return sourceGeneric(importPath, n) }):
			pkg, _ = inst.source.Import(importPath)
		}
		inst.exports[importPath] = pkg // nil too: not asked again
	}
	if pkg == nil || !sourceGeneric(importPath, name) && !moduleGeneric(importPath) {
		return nil
	}
	return pkg.Scope().Lookup(name)
}

// selectorText finds the selectors x.name in a cell's text, cheaply: a
// cell that names no compiled generic is never type-checked for it.
var selectorText = regexp.MustCompile(`([\pL_][\pL\pN_]*)\s*\.\s*([\pL_][\pL\pN_]*)`)

// mayInstantiate tells whether cell c, whose own imports are imports, may
// name a generic of a compiled package that the interpreter instantiates.
func (in *Interpreter) mayInstantiate(c *cell, imports []parsed) bool {
	names := map[string]string{}
	in.mu.Lock()
	for name, path := range in.imports {
		names[name] = path
	}
	in.mu.Unlock()
	for _, p := range imports {
		f, ok := p.node.(*ast.File)
		if !ok {
			continue
		}
		for _, spec := range f.Imports {
			path := strings.Trim(spec.Path.Value, "`\"")
			name := packageName(path)
			if spec.Name != nil {
				name = spec.Name.Name
			}
			names[name] = path
		}
	}
	auto := in.pkgs.autoImports()
	for _, m := range selectorText.FindAllStringSubmatch(c.src, -1) {
		path, ok := names[m[1]]
		if !ok {
			path = auto[m[1]]
		}
		if path == "" || !instantiable(path, m[2]) {
			continue
		}
		if moduleGeneric(path) {
			// A generic is the name a module package's table lacks.
			if t, ok := in.pkgs.modules.table(path); ok && t[m[2]].IsValid() {
				continue
			}
		}
		return true
	}
	return false
}

// instantiate builds the instances of compiled generics that cell c uses,
// those not built already in one plugin, and makes them the cell's, for
// the rewrite (instanceUses). A type argument the compiler cannot see,
// or a build that fails, is the cell's CompileError at the use.
func (in *Interpreter) instantiate(ctx context.Context, c *cell, imports []parsed) *Error {
	inst := in.pkgs.modules.inst
	inst.mu.Lock()
	inst.cell, inst.uses = nil, nil
	inst.mu.Unlock()
	if !in.mayInstantiate(c, imports) {
		return nil
	}
	uses := in.typeChecked(c).PackageInstances(instantiable)
	if len(uses) == 0 {
		return nil
	}
	type wanted struct {
		use oracle.PackageInstance
		key string
	}
	var all []wanted
	var fresh []native.Instance
	freshKeys := map[string]int{}  // key → index in fresh
	aliases := map[string]string{} // import path → name in the plugin's source
	alias := func(p *types.Package) string {
		if _, ok := aliases[p.Path()]; !ok {
			aliases[p.Path()] = fmt.Sprintf("_i%d", len(aliases))
		}
		return aliases[p.Path()]
	}
	for _, u := range uses {
		what := packageName(u.Obj.Pkg().Path()) + "." + u.Obj.Name()
		for _, t := range u.TypeArgs {
			if why := uncompiled(t); why != "" {
				return instanceError(c, u, what, why)
			}
		}
		for i, t := range u.TypeArgs {
			// A compiled cell's type is the interpreter's alias of it,
			// which the plugin cannot name.
			u.TypeArgs[i] = unaliased(t)
		}
		key := instanceKey(u)
		all = append(all, wanted{u, key})
		inst.mu.Lock()
		_, done := inst.built[key]
		inst.mu.Unlock()
		if _, dup := freshKeys[key]; done || dup {
			continue
		}
		args := make([]string, len(u.TypeArgs))
		for i, t := range u.TypeArgs {
			args[i] = types.TypeString(t, alias)
		}
		sum := sha256.Sum256([]byte(key))
		_, isType := u.Obj.(*types.TypeName)
		freshKeys[key] = len(fresh)
		fresh = append(fresh, native.Instance{
			Name: u.Obj.Name() + "_" + hex.EncodeToString(sum[:4]),
			Type: isType,
			Expr: alias(u.Obj.Pkg()) + "." + u.Obj.Name() + "[" + strings.Join(args, ", ") + "]",
		})
	}
	if len(fresh) > 0 {
		b, err := in.pkgs.modules.builder()
		if err != nil {
			return instanceError(c, all[0].use, packageName(all[0].use.Obj.Pkg().Path())+"."+all[0].use.Obj.Name(),
				"instantiating it needs the go command, and "+err.Error())
		}
		imports := map[string]string{}
		for path, name := range aliases {
			imports[name] = path
		}
		p, err := b.Instantiate(ctx, imports, fresh)
		if err != nil {
			first := all[0].use
			return instanceError(c, first, packageName(first.Obj.Pkg().Path())+"."+first.Obj.Name(), strings.TrimSpace(strings.SplitN(err.Error(), "\n", 2)[0]))
		}
		inst.mu.Lock()
		for key, i := range freshKeys {
			inst.built[key] = instanceRef{
				path:    p.ImportPath,
				alias:   "_glinst_" + p.ImportPath[strings.LastIndexByte(p.ImportPath, '/')+1:],
				name:    fresh[i].Name,
				symbols: p.Symbols,
			}
		}
		inst.mu.Unlock()
	}
	// The cells import the plugins by name (importAll imports in.imports
	// for every cell), and the oracle reads their tables.
	uses2 := map[[2]int]string{}
	for _, w := range all {
		inst.mu.Lock()
		ref := inst.built[w.key]
		inst.mu.Unlock()
		in.mu.Lock()
		_, imported := in.imports[ref.alias]
		in.mu.Unlock()
		if !imported {
			if err := in.yi.Use(ref.symbols); err != nil {
				return instanceError(c, w.use, w.use.Obj.Name(), err.Error())
			}
			in.pkgs.modules.add(ref.path, ref.symbols)
			in.mu.Lock()
			in.imports[ref.alias] = ref.path
			in.mu.Unlock()
		}
		uses2[[2]int{w.use.Start, w.use.End}] = ref.alias + "." + ref.name
	}
	inst.mu.Lock()
	inst.cell, inst.uses = c, uses2
	inst.mu.Unlock()
	return nil
}

// instanceKey names the instance u uses whatever the names of packages:
// the generic's import path and name, and its type arguments with theirs.
func instanceKey(u oracle.PackageInstance) string {
	args := make([]string, len(u.TypeArgs))
	for i, t := range u.TypeArgs {
		args[i] = types.TypeString(t, func(p *types.Package) string { return p.Path() })
	}
	return u.Obj.Pkg().Path() + "." + u.Obj.Name() + "[" + strings.Join(args, ", ") + "]"
}

// uncompiled says why type t cannot be a type argument of a compiled
// instance: it is, or is made of, a type the interpreter declares (an
// interpreted cell's), or another package's unexported type, which the
// plugin cannot name; "" where it can be one.
func uncompiled(t types.Type) string {
	var why string
	eachType(t, func(t types.Type) bool {
		switch t := t.(type) {
		case *types.Named:
			obj := t.Obj()
			switch {
			case obj.Pkg() == nil: // error
			case obj.Pkg().Path() == "main":
				why = fmt.Sprintf("its type argument %s is declared by an interpreted cell, which the Go compiler cannot see: declare it in a %%%%compile cell", obj.Name())
			case !obj.Exported():
				why = fmt.Sprintf("its type argument %s.%s is unexported, which the instance's package cannot name", packageName(obj.Pkg().Path()), obj.Name())
			}
		case *types.TypeParam:
			why = "its type argument " + t.Obj().Name() + " is a type parameter of the cell's generic code, whose instances the interpreter makes, not the Go compiler: write the generic in a %%compile cell"
		}
		return why == ""
	})
	return why
}

// eachType calls visit with t, aliases resolved, and, while visit says
// so, with the types t is made of: a named type's type arguments, the
// elements, keys, parameters, results, fields and methods; once each.
func eachType(t types.Type, visit func(types.Type) bool) {
	seen := map[types.Type]bool{}
	var walk func(t types.Type)
	walk = func(t types.Type) {
		t = types.Unalias(t)
		if seen[t] {
			return
		}
		seen[t] = true
		if !visit(t) {
			return
		}
		switch t := t.(type) {
		case *types.Named:
			for a := range t.TypeArgs().Types() {
				walk(a)
			}
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Signature:
			for _, tu := range []*types.Tuple{t.Params(), t.Results()} {
				for v := range tu.Variables() {
					walk(v.Type())
				}
			}
		case *types.Struct:
			for f := range t.Fields() {
				walk(f.Type())
			}
		case *types.Interface:
			for m := range t.Methods() {
				walk(m.Type())
			}
		}
	}
	walk(t)
}

// instanceError is the CompileError of a use of a compiled generic that
// cannot be instantiated, at the use: what it is, and why.
func instanceError(c *cell, u oracle.PackageInstance, what, why string) *Error {
	at := position(c.src, u.Start)
	return c.positionedError("CompileError", fmt.Sprintf("%s:%d:%d: %s", c.file, at.Line, at.Column, genericNotInstantiated(what, u.Obj.Pkg().Path(), why)))
}

// instanceUses makes the uses of compiled generics in the run the
// instances that instantiate built for the cell.
func (r *rewriter) instanceUses(root ast.Node) {
	inst := r.in.pkgs.modules.inst
	inst.mu.Lock()
	uses := inst.uses
	mine := inst.cell == r.c
	inst.mu.Unlock()
	if !mine {
		// A run that no cell's execute instantiated for: a function of
		// an earlier cell compiled again (rebind.go) uses the instances
		// it used, built then.
		uses = r.in.builtUses(r.c)
	}
	if len(uses) == 0 {
		return
	}
	ast.Inspect(root, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		switch x.(type) {
		case *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
		default:
			return true
		}
		start, end := r.off(x.Pos()), r.off(x.End())
		if name, ok := uses[[2]int{start, end}]; ok && start >= 0 {
			r.replace(x.Pos(), x.End(), name)
			return false
		}
		return true
	})
}

// isInstanceUse tells whether x, of the run being rewritten, is a use of
// a compiled generic that instanceUses makes an instance's.
func (r *rewriter) isInstanceUse(x ast.Expr) bool {
	inst := r.in.pkgs.modules.inst
	inst.mu.Lock()
	defer inst.mu.Unlock()
	if inst.cell != r.c {
		return false
	}
	_, ok := inst.uses[[2]int{r.off(x.Pos()), r.off(x.End())}]
	return ok
}

// unaliased is t with the aliases in it replaced by the types they stand
// for, as far as a type argument usually nests them.
func unaliased(t types.Type) types.Type {
	switch t := t.(type) {
	case *types.Alias:
		return unaliased(types.Unalias(t))
	case *types.Pointer:
		return types.NewPointer(unaliased(t.Elem()))
	case *types.Slice:
		return types.NewSlice(unaliased(t.Elem()))
	case *types.Array:
		return types.NewArray(unaliased(t.Elem()), t.Len())
	case *types.Map:
		return types.NewMap(unaliased(t.Key()), unaliased(t.Elem()))
	case *types.Chan:
		return types.NewChan(t.Dir(), unaliased(t.Elem()))
	case *types.Signature:
		tuple := func(tu *types.Tuple) *types.Tuple {
			vars := make([]*types.Var, tu.Len())
			for i := range vars {
				v := tu.At(i)
				vars[i] = types.NewParam(v.Pos(), v.Pkg(), v.Name(), unaliased(v.Type()))
			}
			return types.NewTuple(vars...)
		}
		return types.NewSignatureType(nil, nil, nil, tuple(t.Params()), tuple(t.Results()), t.Variadic())
	case *types.Named:
		if t.TypeArgs().Len() == 0 {
			return t
		}
		args := make([]types.Type, t.TypeArgs().Len())
		for i := range args {
			args[i] = unaliased(t.TypeArgs().At(i))
		}
		if inst, err := types.Instantiate(nil, t.Origin(), args, false); err == nil {
			return inst
		}
	}
	return t
}

// builtUses are the instances that cell c uses, if the worker has built
// them all and the cells import them; nil otherwise.
func (in *Interpreter) builtUses(c *cell) map[[2]int]string {
	if !in.mayInstantiate(c, nil) {
		return nil
	}
	inst := in.pkgs.modules.inst
	uses := map[[2]int]string{}
	for _, u := range in.typeChecked(c).PackageInstances(instantiable) {
		for i, t := range u.TypeArgs {
			u.TypeArgs[i] = unaliased(t)
		}
		inst.mu.Lock()
		ref, ok := inst.built[instanceKey(u)]
		inst.mu.Unlock()
		in.mu.Lock()
		_, imported := in.imports[ref.alias]
		in.mu.Unlock()
		if !ok || !imported {
			return nil
		}
		uses[[2]int{u.Start, u.End}] = ref.alias + "." + ref.name
	}
	return uses
}

// typeText is the text of type t that a rewrite writes into a cell
// (Checked.TypeText), with the instances of compiled generics in it
// written as the interpreter has them: the top-level comma-ok's
// declaration of h in h, ok := m["a"], m a map[string]unique.Handle[string],
// would otherwise name unique.Handle[string], of which the interpreter has
// no symbol. Not ok where the oracle cannot write t, or t holds an
// instance the worker has not built.
func (in *Interpreter) typeText(checked *oracle.Checked, t types.Type) (string, bool) {
	text, ok := checked.TypeText(t)
	if !ok {
		return "", false
	}
	var found []*types.Named
	eachType(t, func(t types.Type) bool {
		if n, ok := t.(*types.Named); ok && n.TypeArgs().Len() > 0 && n.Obj().Pkg() != nil && instantiable(n.Obj().Pkg().Path(), n.Obj().Name()) {
			found = append(found, n)
		}
		return true
	})
	if len(found) == 0 {
		return text, true
	}
	type replacement struct{ from, to string }
	var reps []replacement
	inst := in.pkgs.modules.inst
	for _, n := range found {
		u := oracle.PackageInstance{Obj: n.Origin().Obj()}
		for a := range n.TypeArgs().Types() {
			u.TypeArgs = append(u.TypeArgs, unaliased(a))
		}
		inst.mu.Lock()
		ref, built := inst.built[instanceKey(u)]
		inst.mu.Unlock()
		from, ok := checked.TypeText(n)
		if !built || !ok {
			return "", false
		}
		reps = append(reps, replacement{from, ref.alias + "." + ref.name})
	}
	// The outer instances first: their text holds the inner ones'.
	slices.SortStableFunc(reps, func(a, b replacement) int { return len(b.from) - len(a.from) })
	for _, r := range reps {
		text = strings.ReplaceAll(text, r.from, r.to)
	}
	return text, true
}

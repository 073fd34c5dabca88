package interp

// %compile: which cells of declarations compile as %%compile would,
// without it.

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"

	"gopherlab/interp/magic"
)

// policy is %compile's setting.
type policy int

const (
	// never interprets every cell without %%compile: the default, as
	// before %compile (docs/BENCHMARKS.md says why).
	never policy = iota
	// auto compiles the cells that declare methods: interpreted values
	// have no real methods, so fmt, encoding/json and errors.As treat
	// them otherwise than Go does.
	auto
	// always compiles every cell that declares a function, type or
	// constant.
	always
)

var policyNames = [...]string{never: "never", auto: "auto", always: "always"}

func (p policy) String() string { return policyNames[p] }

// CompilePolicy makes the magicHost a magic.CompilePolicy: it says the
// policy, what it does and what it did.
func (h *magicHost) CompilePolicy() string {
	c := &h.in.compiled
	what := map[policy]string{
		never:  "cells of declarations are interpreted; %%compile compiles a cell",
		auto:   "cells that declare methods are compiled, as %%compile would",
		always: "cells that declare functions, types or constants are compiled, as %%compile would",
	}[c.policy]
	did := ""
	if c.policy != never {
		did = fmt.Sprintf("; so far %d compiled, %d interpreted because they could not be", c.compiledN, c.fellBackN)
	}
	return fmt.Sprintf("%%compile %s: %s%s", c.policy, what, did)
}

// SetCompilePolicy makes the magicHost a magic.CompilePolicy. The policy
// stays as set through %reset, as a setting of the kernel.
func (h *magicHost) SetCompilePolicy(name string) error {
	for p, n := range policyNames {
		if n == name {
			h.in.compiled.policy = policy(p)
			return nil
		}
	}
	return fmt.Errorf("%%compile: no policy %q: auto, always or never", name)
}

var _ magic.CompilePolicy = (*magicHost)(nil)

// compileByPolicy compiles cell c when the policy says it should and it
// can, and says whether it did (ok): then res and err are the cell's. A
// cell the policy picks that cannot compile (it uses what an interpreted
// cell declared, declares a generic…) is left to the interpreter, with a
// line on the cell's standard error that says why.
func (in *Interpreter) compileByPolicy(ctx context.Context, count int, c *cell) (res *Result, ok bool, err error) {
	p := in.compiled.policy
	if p == never || !picked(c.src, p) {
		return nil, false, nil
	}
	fallBack := func(why string) (*Result, bool, error) {
		in.compiled.fellBackN++
		why, _, _ = strings.Cut(why, "\n")
		fmt.Fprintf(in.opts.Stderr, "gopherlab: %%compile %s: %s is interpreted: %s\n", p, c.name, why)
		return nil, false, nil
	}
	b, err := in.pkgs.modules.builder()
	if err != nil {
		return fallBack(fmt.Sprintf("compiling needs the go command, and %v", err))
	}
	name := in.compiled.packageName(count)
	unit, err := in.compileUnit(c, name, b.Importer())
	var syntax *Error
	if errors.As(err, &syntax) && syntax.Name == "SyntaxError" {
		// Not Go: the interpreter reports it as it would without a
		// policy, and a line about compiling would say nothing more.
		return nil, false, nil
	}
	if err != nil {
		return fallBack(strings.TrimPrefix(err.Error(), "CompileError: "))
	}
	if generic := genericNames(unit.pkg); generic != "" {
		// Interpreted, its instances are all the interpreter's; compiled,
		// those the cell's statements make would be types of their own
		// (compile_generic.go), which %%compile asks for.
		return fallBack("it declares " + generic + ", whose compiled instances would be other types than the interpreter's (%%compile compiles it)")
	}
	in.compiled.compiledN++
	res, err = in.buildCell(ctx, count, c, b, name, unit)
	return res, true, err
}

// picked tells whether policy p compiles a cell of source src: one that
// declares a method (auto), or a function, type or constant (always).
// Declarations that do not parse are the interpreter's to report.
func picked(src string, p policy) bool {
	for _, r := range runs(split(src)) {
		if r.kind != declKind {
			continue
		}
		if p == always {
			return true
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src[r.start:r.end], parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil {
				return true
			}
		}
	}
	return false
}

// genericNames names the generic functions and types of pkg, "" if none.
func genericNames(pkg *types.Package) string {
	var names []string
	for _, n := range pkg.Scope().Names() {
		switch obj := pkg.Scope().Lookup(n).(type) {
		case *types.Func:
			if obj.Type().(*types.Signature).TypeParams().Len() > 0 {
				names = append(names, "the generic function "+n)
			}
		case *types.TypeName:
			if named, ok := obj.Type().(*types.Named); ok && named.TypeParams().Len() > 0 && !obj.IsAlias() {
				names = append(names, "the generic type "+n)
			}
		}
	}
	return strings.Join(names, ", ")
}

package magic

import "context"

// CellCompiler is a Host that can build a whole cell as compiled Go, for
// %%compile.
type CellCompiler interface {
	// CompileCell builds code, the cell's Go, into native code, runs it,
	// and makes what it declares the interpreter's; it returns the value
	// of the cell's trailing expression, as Run does.
	CompileCell(ctx context.Context, code Code) (result any, err error)
}

// CompilePolicy is a Host whose cells of declarations may compile without
// %%compile, for %compile.
type CompilePolicy interface {
	// CompilePolicy says the policy, what it does and what it did.
	CompilePolicy() string
	// SetCompilePolicy sets it: auto, always or never.
	SetCompilePolicy(policy string) error
}

// compileLine is %compile: the policy said, or set.
func compileLine(x *call) (any, error) {
	p, ok := x.host.(CompilePolicy)
	if !ok {
		return nil, unsupported(x)
	}
	if x.piece.Args == "" {
		x.printf("%s\n", p.CompilePolicy())
		return nil, nil
	}
	if err := p.SetCompilePolicy(x.piece.Args); err != nil {
		return nil, magicError(x.piece.Start, "%v", err)
	}
	return nil, nil
}

// compileCell is %%compile: the rest of the cell, Go alone, compiled.
func compileCell(x *call) (any, error) {
	c, ok := x.host.(CellCompiler)
	if !ok {
		return nil, unsupported(x)
	}
	for _, p := range x.piece.Body {
		if p.Kind != Go {
			return nil, usageError(p.Start, "%%%%compile compiles Go alone: a compiled cell has no magics or shell commands")
		}
	}
	return c.CompileCell(x.ctx, Code{Cell: x.src, Start: x.piece.BodyAt, End: len(x.src)})
}

// checkCompile checks %%compile, which takes no arguments, and %compile,
// which takes a policy or nothing.
func checkCompile(p Piece, cell bool) error {
	if cell {
		return noArgs(p, cell)
	}
	switch p.Args {
	case "", "auto", "always", "never":
		return nil
	}
	return usageError(p.Start, "%%compile takes auto, always or never (or nothing, to show the policy), got %q; %%%%compile on the first line of a cell compiles the cell", p.Args)
}

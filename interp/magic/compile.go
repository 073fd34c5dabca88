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

// checkCompile checks %%compile, which takes no arguments and is a cell
// magic only.
func checkCompile(p Piece, cell bool) error {
	if !cell {
		return usageError(p.Start, "%%compile is a cell magic: %%%%compile on the first line of the cell compiles the cell")
	}
	return noArgs(p, cell)
}

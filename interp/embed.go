package interp

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
)

// A //go:embed directive needs the files of a package that the compiler
// reads, and a cell has none; package embed, which serves it, is no
// package of yaegi's tables. Left to yaegi, the directive is ignored (its
// variable stays empty, a silent wrong answer) and the import fails with a
// message about GOPATH. Both are reported instead, naming what is not
// supported.

// embedDirective reports a //go:embed comment of the cell.
func (c *cell) embedDirective() *Error {
	fset := token.NewFileSet()
	file := fset.AddFile(c.file, fset.Base(), len(c.src))
	var s scanner.Scanner
	s.Init(file, []byte(c.src), func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			return nil
		}
		if t == token.COMMENT && (lit == "//go:embed" || strings.HasPrefix(lit, "//go:embed ")) {
			p := fset.Position(pos)
			return c.positionedError("CompileError", fmt.Sprintf("%s:%d:%d: //go:embed is not supported in a cell: a cell has no package directory to embed files from; read the file with os.ReadFile instead", c.file, p.Line, p.Column))
		}
	}
}

// embedImport reports an import of package embed among the cell's imports.
func (c *cell) embedImport(fset *token.FileSet, imports []parsed) *Error {
	for _, p := range imports {
		f, ok := p.node.(*ast.File)
		if !ok {
			continue
		}
		for _, spec := range f.Imports {
			if path, err := strconv.Unquote(spec.Path.Value); err == nil && path == "embed" {
				at := fset.Position(spec.Path.Pos())
				return c.positionedError("CompileError", fmt.Sprintf("%s:%d:%d: package embed is not supported in a cell: it serves //go:embed, which a cell cannot use; read the file with os.ReadFile instead", at.Filename, at.Line, at.Column))
			}
		}
	}
	return nil
}

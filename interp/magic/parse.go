package magic

import (
	"go/scanner"
	"go/token"
	"strings"
)

// Kind tells what a piece of a cell is.
type Kind int

const (
	Go        Kind = iota // lines of Go
	Line                  // a line magic: %name args
	CellMagic             // a cell magic: %%name args on the first line, the rest of the cell its body
	Shell                 // a shell command: !command
)

func (k Kind) String() string {
	switch k {
	case Line:
		return "line"
	case CellMagic:
		return "cell"
	case Shell:
		return "shell"
	}
	return "go"
}

// Piece is a part of a cell: Go lines, or a magic.
type Piece struct {
	Kind Kind
	// Start and End are the bytes of the cell the piece covers: Go lines,
	// the line of a magic or shell command without its line end, or for a
	// cell magic the whole cell from its line on.
	Start, End int
	// Name is a magic's name, without % or %%.
	Name string
	// Args is the text after a magic's name, or a shell command, without
	// the blanks around it; ArgsAt is its offset in the cell.
	Args   string
	ArgsAt int
	// Body is what follows a cell magic's line, cut into pieces of its
	// own; BodyAt is the offset where it starts.
	Body   []Piece
	BodyAt int
}

// Parse cuts a cell into Go and magics, or returns nil when it has no magic.
//
// The rule is IPython's, with Go's reading of the cell: a line magic or a
// shell command is a line whose first token is % or ! where a Go statement
// could start, at the top level of the cell, outside any bracket, string
// or comment (so a raw string may hold lines that start with %, and a
// condition may go on with !ok on the next line). A cell magic is a %%
// line first in the cell, blank lines aside; the rest of the cell is its
// body, cut by the same rule.
func Parse(src string) []Piece {
	if !mayHaveMagic(src) {
		return nil
	}
	start := skipBlankLines(src, 0)
	if rest := strings.TrimLeft(src[start:], " \t"); strings.HasPrefix(rest, "%%") {
		lineEnd := endOfLine(src, start)
		p := magicLine(src, start, lineEnd, CellMagic)
		p.End = len(src)
		p.BodyAt = min(lineEnd+1, len(src))
		p.Body = pieces(src, p.BodyAt)
		return []Piece{p}
	}
	ps := pieces(src, 0)
	for _, p := range ps {
		if p.Kind != Go {
			return ps
		}
	}
	return nil
}

// mayHaveMagic is a quick look for a line that starts with % or !, which
// most cells do not have.
func mayHaveMagic(src string) bool {
	for line := range strings.Lines(src) {
		line = strings.TrimLeft(line, " \t")
		if strings.HasPrefix(line, "%") || strings.HasPrefix(line, "!") {
			return true
		}
	}
	return false
}

// pieces cuts src from offset from on into Go runs and magic lines.
func pieces(src string, from int) []Piece {
	var out []Piece
	goStart := from
	flushGo := func(end int) {
		if strings.TrimSpace(src[goStart:end]) != "" {
			out = append(out, Piece{Kind: Go, Start: goStart, End: end})
		}
	}
	for off := from; off < len(src); {
		lineStart, ok := nextMagicLine(src, off)
		if !ok {
			break
		}
		lineEnd := endOfLine(src, lineStart)
		flushGo(lineStart)
		first := strings.TrimLeft(src[lineStart:lineEnd], " \t")
		switch {
		case strings.HasPrefix(first, "!"):
			out = append(out, shellLine(src, lineStart, lineEnd))
		case strings.HasPrefix(first, "%%"):
			// Misplaced: checked, and reported, before anything runs.
			out = append(out, magicLine(src, lineStart, lineEnd, CellMagic))
		default:
			out = append(out, magicLine(src, lineStart, lineEnd, Line))
		}
		off = min(lineEnd+1, len(src))
		goStart = off
	}
	flushGo(len(src))
	return out
}

// nextMagicLine scans src from off, the start of a line where a statement
// may start, and returns the start of the first magic line, if any.
func nextMagicLine(src string, off int) (int, bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src)-off)
	var s scanner.Scanner
	// Errors are the compiler's to report, on the Go the cell keeps.
	s.Init(file, []byte(src[off:]), func(token.Position, string) {}, 0)
	depth := 0
	stmtStart := true // a statement may start at the next token
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return 0, false
		}
		at := off + file.Offset(pos)
		if (tok == token.REM || tok == token.NOT) && depth == 0 && stmtStart {
			if ls := lineStart(src, at); strings.Trim(src[ls:at], " \t") == "" {
				return ls, true
			}
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth = max(depth-1, 0)
		}
		stmtStart = tok == token.SEMICOLON
	}
}

func magicLine(src string, start, end int, kind Kind) Piece {
	p := Piece{Kind: kind, Start: start, End: end}
	i := start + strings.IndexByte(src[start:end], '%') + 1
	if kind == CellMagic {
		i++
	}
	j := i
	for j < end && isNameByte(src[j]) {
		j++
	}
	p.Name = src[i:j]
	p.Args, p.ArgsAt = trimmed(src, j, end)
	return p
}

func shellLine(src string, start, end int) Piece {
	i := start + strings.IndexByte(src[start:end], '!') + 1
	p := Piece{Kind: Shell, Start: start, End: end}
	p.Args, p.ArgsAt = trimmed(src, i, end)
	return p
}

// trimmed is src[i:j] without the blanks around it, and where it starts.
func trimmed(src string, i, j int) (string, int) {
	for i < j && isBlank(src[i]) {
		i++
	}
	for j > i && isBlank(src[j-1]) {
		j--
	}
	return src[i:j], i
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' || b == '\r' }

func isNameByte(b byte) bool {
	return b == '_' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

func lineStart(src string, off int) int {
	return strings.LastIndexByte(src[:off], '\n') + 1
}

// endOfLine is the offset of the line end after off, or len(src).
func endOfLine(src string, off int) int {
	if i := strings.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(src)
}

// skipBlankLines returns the start of the first line at or after off with
// something other than blanks on it, or len(src).
func skipBlankLines(src string, off int) int {
	for off < len(src) {
		end := endOfLine(src, off)
		if strings.Trim(src[off:end], " \t\r") != "" {
			return off
		}
		off = end + 1
	}
	return len(src)
}

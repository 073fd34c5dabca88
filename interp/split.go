package interp

import (
	"go/scanner"
	"go/token"
	"strings"
	"unicode/utf8"
)

// A cell mixes what Go keeps apart: imports and declarations, which belong
// at the top level of a file, and statements, which belong in a function
// body. yaegi compiles one or the other, so a cell is cut into its
// top-level pieces, each classified, and consecutive pieces of one class
// are compiled together (see runs).

// kind classifies a top-level piece of a cell.
type kind int

const (
	stmtKind   kind = iota // a statement, run in the interpreter's global scope
	declKind               // func, method, type or const declaration
	importKind             // an import declaration
)

func (k kind) String() string {
	switch k {
	case declKind:
		return "decl"
	case importKind:
		return "import"
	}
	return "stmt"
}

// segment is one top-level statement or declaration: the bytes
// [start, end) of the cell, from its first token to the end of its last.
type segment struct {
	kind       kind
	start, end int
	// block marks a statement with a block of its own (for, if, switch,
	// select, { … }, a labelled statement): Execute runs it inside a
	// function literal, because yaegi lets the variables such a statement
	// declares (for i := …) overwrite globals of the same name.
	block bool
}

// split cuts src into its top-level statements and declarations. It only
// scans, never parses, so it accepts anything: pieces that are not valid Go
// are left for the parser to report with their positions. A top-level
// piece ends at a semicolon, written or inserted by the scanner at a line
// end, outside any bracket.
func split(src string) []segment {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	// Errors (a stray character, an unterminated string) are the parser's
	// to report; the scanner goes on past them.
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)

	var (
		segs       []segment
		toks       []token.Token // of the piece being read
		start, end int
		depth      int
		// header is set in the header of a for, if or switch statement,
		// whose semicolons do not end it: for i := 0; i < n; i++ {
		header bool
	)
	flush := func() {
		if len(toks) > 0 {
			segs = append(segs, segment{classify(toks), start, end, hasBlock(toks)})
		}
		toks = toks[:0]
	}
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch t {
		case token.FOR, token.IF, token.SWITCH:
			if depth == 0 {
				header = true
			}
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
			depth++
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			// A stray closer is a syntax error the parser will report;
			// staying at zero keeps the rest of the cell split sensibly.
			if depth > 0 {
				depth--
			}
		case token.SEMICOLON:
			if depth == 0 && !header {
				flush()
				continue
			}
		}
		if len(toks) == 0 {
			start = off
		}
		toks = append(toks, t)
		end = tokenEnd(src, off, t, lit)
	}
	flush()
	return segs
}

// tokenEnd is the offset just past the token at off.
func tokenEnd(src string, off int, t token.Token, lit string) int {
	switch {
	case t == token.ILLEGAL:
		// Its literal is the character as decoded, U+FFFD for a bad byte.
		_, size := utf8.DecodeRuneInString(src[off:])
		return off + max(size, 1)
	case t == token.STRING && strings.HasPrefix(lit, "`"):
		// The scanner drops carriage returns from raw strings' literals.
		if i := strings.IndexByte(src[off+1:], '`'); i >= 0 {
			return off + 1 + i + 1
		}
		return len(src)
	case lit != "":
		return min(off+len(lit), len(src))
	default:
		return min(off+len(t.String()), len(src))
	}
}

// hasBlock tells a statement with a block of its own by its first tokens.
func hasBlock(toks []token.Token) bool {
	switch toks[0] {
	case token.FOR, token.IF, token.SWITCH, token.SELECT, token.LBRACE:
		return true
	case token.IDENT:
		return len(toks) > 1 && toks[1] == token.COLON
	}
	return false
}

// classify tells a declaration from a statement by its first tokens. func
// starts a declaration when a name follows it ("func f(") or a receiver and
// then a name ("func (r T) M("); otherwise it is a function literal, as in
// "func() { … }()", which is a statement.
func classify(toks []token.Token) kind {
	switch toks[0] {
	case token.IMPORT:
		return importKind
	case token.CONST, token.TYPE:
		return declKind
	case token.VAR:
		// A var declaration runs as a statement, in order: yaegi cannot
		// initialise a package-level variable from one that statements
		// defined (x := 1, then var y = x), and cells run in order anyway.
		return stmtKind
	case token.FUNC:
		if len(toks) == 1 || toks[1] == token.IDENT {
			return declKind // a lone "func" gets the parser's message for declarations
		}
		if toks[1] != token.LPAREN {
			return stmtKind
		}
		depth := 0
		for i := 1; i < len(toks); i++ {
			switch toks[i] {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
			}
			if depth == 0 {
				// After the receiver: a name then "(" (or "[", a
				// mistake the parser reports better as a method).
				if i+2 < len(toks) && toks[i+1] == token.IDENT &&
					(toks[i+2] == token.LPAREN || toks[i+2] == token.LBRACK) {
					return declKind
				}
				return stmtKind
			}
		}
	}
	return stmtKind
}

// run is a sequence of consecutive segments of one kind, compiled at once:
// declarations together may refer to each other in any order, as in a file.
type run struct {
	kind       kind
	start, end int // bytes of the cell, first segment's start to last one's end
	segs       []segment
	// result marks the cell's trailing expression statement, whose value
	// is the cell's result; it is always a run of its own.
	result bool
}

// pieces are the stretches of the cell that parseWith edits for r: its
// segments one by one for statements, all of it for the other kinds.
func (r run) pieces() [][2]int {
	if r.kind != stmtKind {
		return [][2]int{{r.start, r.end}}
	}
	var out [][2]int
	for _, s := range r.segs {
		out = append(out, [2]int{s.start, s.end})
	}
	return out
}

// runs groups the segments of a cell. Imports come out one run per segment
// (they are gathered into one import declaration later). The last segment,
// when it is a statement, gets a run of its own: it is the candidate result,
// kept apart so that the statements before it run whatever it turns out to
// be.
func runs(segs []segment) []run {
	var out []run
	for i, s := range segs {
		result := i == len(segs)-1 && s.kind == stmtKind && !s.block
		if n := len(out); n > 0 && s.kind != importKind && out[n-1].kind == s.kind && !result {
			out[n-1].end = s.end
			out[n-1].segs = append(out[n-1].segs, s)
			continue
		}
		out = append(out, run{kind: s.kind, start: s.start, end: s.end, segs: []segment{s}, result: result})
	}
	return out
}

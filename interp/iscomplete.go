package interp

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"

	"gopherlab/interp/magic"
)

// IsComplete tells a front end whether code is a cell to run ("complete"),
// needs more lines ("incomplete", with the indent of the next one), or can
// never become valid however it goes on ("invalid"), from its tokens
// alone: brackets left open, a trailing operator, an unterminated raw
// string or comment make it incomplete; a bracket closed that was never
// opened, or closed by the wrong kind, makes it invalid. Everything else is
// complete, and the compiler will say what else may be wrong.
//
// Magic and shell lines (%time, !ls) are whole lines, complete as typed: they
// are blanked before the Go around them is judged.
func (in *Interpreter) IsComplete(code string) (status, indent string) {
	return isComplete(withoutMagics(code))
}

// withoutMagics replaces the magic and shell lines of a cell with blanks,
// keeping its line ends, so that what remains is the cell's Go in place.
func withoutMagics(code string) string {
	pieces := magic.Parse(code)
	if pieces == nil {
		return code
	}
	b := []byte(code)
	blank := func(start, end int) {
		for i := start; i < end && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	var walk func([]magic.Piece)
	walk = func(ps []magic.Piece) {
		for _, p := range ps {
			switch p.Kind {
			case magic.Go:
			case magic.CellMagic:
				blank(p.Start, p.BodyAt)
				walk(p.Body)
			default:
				blank(p.Start, p.End)
			}
		}
	}
	walk(pieces)
	return string(b)
}

func isComplete(code string) (status, indent string) {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var (
		s        scanner.Scanner
		open     bool // a raw string or a comment runs to the end
		badToken bool // an interpreted string or rune left open on its line
	)
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		switch msg {
		case "raw string literal not terminated", "comment not terminated":
			open = true
		default:
			badToken = true
		}
	}, scanner.ScanComments)

	var (
		stack []token.Token // open brackets
		last  token.Token   // last token that is not a comment or semicolon
	)
	closes := map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.COMMENT:
			continue
		case token.SEMICOLON:
			if lit == "\n" {
				continue // inserted: a line end, not a token typed
			}
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, t)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != closes[t] {
				return "invalid", ""
			}
			stack = stack[:len(stack)-1]
		}
		last = t
	}
	switch {
	case open:
		return "incomplete", ""
	case badToken:
		return "invalid", ""
	case len(stack) > 0:
		return "incomplete", strings.Repeat("    ", len(stack))
	case continues(last):
		return "incomplete", "    "
	case !parses(code):
		return "invalid", ""
	}
	return "complete", ""
}

// parses reports whether every top-level piece of a balanced cell is valid
// Go syntax (x := := 1 is balanced, yet no line added can mend it).
func parses(code string) bool {
	fset := token.NewFileSet()
	for _, seg := range split(code) {
		text := code[seg.start:seg.end]
		src := "package p\n" + text + "\n"
		if seg.kind == stmtKind {
			src = "package p; func _() {\n" + text + "\n}\n"
		}
		if _, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution); err != nil {
			return false
		}
	}
	return true
}

// continues tells the tokens after which a statement cannot end.
func continues(t token.Token) bool {
	switch {
	case t.IsOperator():
		switch t {
		case token.INC, token.DEC, token.RPAREN, token.RBRACK, token.RBRACE, token.SEMICOLON, token.ELLIPSIS:
			return false
		}
		return true
	case t.IsKeyword():
		// break, continue, fallthrough and return end statements; the others
		// (func, if, for, var, package…) need what follows them.
		switch t {
		case token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN:
			return false
		}
		return true
	}
	return false
}

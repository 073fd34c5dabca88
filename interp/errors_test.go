package interp

import (
	"errors"
	"go/scanner"
	"go/token"
	"strings"
	"testing"
)

// A rewrite whose text does not parse is reported as gopherlab's bug, at
// the line it broke; the text as written never runs in its place.
func TestRewriteError(t *testing.T) {
	c := &cell{src: "x := 1\nfor i := range 3 {\n\tx += i\n}", name: "cell[4]", file: "cell[4]"}
	tests := []struct {
		name      string
		err       error
		value     string
		traceback []string
	}{
		{"at a line of the cell",
			scanner.ErrorList{{Pos: token.Position{Filename: "cell[4]", Line: 2, Column: 5}, Msg: "expected ';', found 'range'"}},
			"cell[4]:2:5: gopherlab rewrote this code for the interpreter and the rewrite does not parse (expected ';', found 'range'); this is a bug of gopherlab, not of the cell",
			[]string{"    for i := range 3 {", "        ^"}},
		{"without a position",
			errors.New("unexpected EOF"),
			"gopherlab rewrote this code for the interpreter and the rewrite does not parse (unexpected EOF); this is a bug of gopherlab, not of the cell",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := c.rewriteError(tt.err)
			if e.Name != "CompileError" || e.Value != tt.value {
				t.Errorf("got %s: %s\nwant CompileError: %s", e.Name, e.Value, tt.value)
			}
			if got := strings.Join(e.Traceback[1:], "\n"); got != strings.Join(tt.traceback, "\n") {
				t.Errorf("traceback below the message:\n%s\nwant:\n%s", got, strings.Join(tt.traceback, "\n"))
			}
		})
	}
}

package magic

import (
	"fmt"
	"strings"
	"testing"
)

// describe renders pieces one a line, for comparison.
func describe(src string, ps []Piece) []string {
	var out []string
	for _, p := range ps {
		switch p.Kind {
		case Go:
			out = append(out, fmt.Sprintf("go %q", src[p.Start:p.End]))
		case Shell:
			out = append(out, fmt.Sprintf("shell %q", p.Args))
		case Line:
			out = append(out, fmt.Sprintf("line %s %q", p.Name, p.Args))
		case CellMagic:
			out = append(out, fmt.Sprintf("cell %s %q", p.Name, p.Args))
			for _, d := range describe(src, p.Body) {
				out = append(out, "  "+d)
			}
		}
	}
	return out
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // nil: no magic
	}{
		{"go only", "x := 1\nx", nil},
		{"empty", "", nil},
		{"line magic", "%time f()", []string{`line time "f()"`}},
		{"blanks around", "  %timeit   -n 3  f() \r\n", []string{`line timeit "-n 3  f()"`}},
		{"shell", "!echo hi there", []string{`shell "echo hi there"`}},
		{"shell blanks", "  ! ls -l  ", []string{`shell "ls -l"`}},
		{"no name", "%", []string{`line  ""`}},
		{"mixed", "x := 1\n!echo $HOME\n%env\ny := x\ny",
			[]string{`go "x := 1\n"`, `shell "echo $HOME"`, `line env ""`, `go "y := x\ny"`}},
		{"cell magic", "%%time\nx := 1\n!ls\nx",
			[]string{`cell time ""`, `  go "x := 1\n"`, `  shell "ls"`, `  go "x"`}},
		{"cell magic after blank lines", "\n  \n%%timeit -n 2 s := 0\ns++",
			[]string{`cell timeit "-n 2 s := 0"`, `  go "s++"`}},
		{"cell magic alone", "%%time", []string{`cell time ""`}},
		{"cell magic not first", "x := 1\n%%time\nx",
			[]string{`go "x := 1\n"`, `cell time ""`, `go "x"`}},
		{"in raw string", "s := `\n%time\n!ls\n`\n%who",
			[]string{"go \"s := `\\n%time\\n!ls\\n`\\n\"", `line who ""`}},
		{"raw string only", "s := `\n%d items\n`", nil},
		{"in block comment", "/*\n%time\n*/\n!ls", []string{"go \"/*\\n%time\\n*/\\n\"", `shell "ls"`}},
		{"not continuation", "ok := a &&\n!b\n", nil},
		{"continuation then magic", "ok := a &&\n!b\n!ls",
			[]string{`go "ok := a &&\n!b\n"`, `shell "ls"`}},
		{"inside braces", "func f() {\n%time g()\n}", nil},
		{"inside call", "f(1,\n!x)", nil},
		{"after closing brace", "func f() {\n}\n%time f()",
			[]string{`go "func f() {\n}\n"`, `line time "f()"`}},
		{"after comment", "x := 1 // note\n%who", []string{`go "x := 1 // note\n"`, `line who ""`}},
		{"comment before on the line", "/* c */ %time f()", nil},
		{"modulo is not a magic", "x := 7 %\n2", nil},
		{"unterminated raw string in shell", "!echo `date\n%who\nx := 1",
			[]string{"shell \"echo `date\"", `line who ""`, `go "x := 1"`}},
		{"unterminated quote in shell", "!echo 'it\n%env HOME",
			[]string{`shell "echo 'it"`, `line env "HOME"`}},
		{"name stops at punctuation", "%env-x", []string{`line env "-x"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := describe(tc.src, Parse(tc.src))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Parse(%q) =\n\t%s\nwant\n\t%s", tc.src, strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
			if (Parse(tc.src) == nil) != (tc.want == nil) {
				t.Errorf("Parse(%q) nil = %v, want %v", tc.src, Parse(tc.src) == nil, tc.want == nil)
			}
		})
	}
}

func TestBlanked(t *testing.T) {
	src := "x := 1\n%time y := f()\nz"
	c := Code{src, strings.Index(src, "y"), strings.Index(src, "\nz")}
	want := "      \n      y := f()\n "
	if got := c.Blanked(); got != want {
		t.Errorf("Blanked() = %q, want %q", got, want)
	}
	if got := c.Text(); got != "y := f()" {
		t.Errorf("Text() = %q", got)
	}
}

// FuzzParse checks what holds of any cell: the pieces are in order, inside
// the cell and apart; their fields agree with the text; a cell with no line
// starting with % or ! has no magic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"x := 1", "%time f()", "!ls\nx", "%%timeit -n 3 s := 1\ns++\n%who",
		"s := `\n%x\n`", "a &&\n!b", "func f() {\n%time\n}", "/*\n!x\n*/", "!echo `x\n%env A=b",
		"\r\n%env A B\r\n", "% \n%%\n!",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ps := Parse(src)
		if !mayHaveMagic(src) && ps != nil {
			t.Fatalf("no line starts with %% or !, yet pieces: %v", describe(src, ps))
		}
		checkPieces(t, src, ps, 0, true)
	})
}

func checkPieces(t *testing.T, src string, ps []Piece, from int, top bool) {
	t.Helper()
	last := from
	for i, p := range ps {
		if p.Start < last || p.End < p.Start || p.End > len(src) {
			t.Fatalf("piece %d [%d, %d) out of order or bounds (after %d, cell of %d)", i, p.Start, p.End, last, len(src))
		}
		last = p.End
		if p.Kind == Go {
			if strings.TrimSpace(src[p.Start:p.End]) == "" {
				t.Fatalf("blank Go piece %q", src[p.Start:p.End])
			}
			continue
		}
		if p.ArgsAt < p.Start || p.ArgsAt+len(p.Args) > len(src) || src[p.ArgsAt:p.ArgsAt+len(p.Args)] != p.Args {
			t.Fatalf("piece %d: Args %q not at %d", i, p.Args, p.ArgsAt)
		}
		line := strings.TrimLeft(src[p.Start:endOfLine(src, p.Start)], " \t")
		want := map[Kind]string{Line: "%", CellMagic: "%%", Shell: "!"}[p.Kind]
		if !strings.HasPrefix(line, want) || p.Kind == Line && strings.HasPrefix(line, "%%") {
			t.Fatalf("piece %d of kind %v on line %q", i, p.Kind, line)
		}
		if p.Kind != CellMagic {
			if strings.Contains(src[p.Start:p.End], "\n") {
				t.Fatalf("piece %d spans lines: %q", i, src[p.Start:p.End])
			}
			continue
		}
		if top && i == 0 {
			if p.End != len(src) || p.BodyAt < p.Start || p.BodyAt > len(src) {
				t.Fatalf("cell magic [%d, %d) body at %d, cell of %d", p.Start, p.End, p.BodyAt, len(src))
			}
			checkPieces(t, src, p.Body, p.BodyAt, false)
			last = p.BodyAt
			if len(p.Body) > 0 {
				last = p.Body[len(p.Body)-1].End
			}
		}
	}
}

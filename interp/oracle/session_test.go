package oracle_test

import (
	"go/types"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	"gopherlab/interp/oracle"
	newstd "gopherlab/interp/stdlib"
)

// piecesOf cuts a test cell into pieces at lines that start with "--":
// each piece's kind is named there (stmts, decls, imports).
func piecesOf(t *testing.T, cell string) ([]oracle.Piece, string) {
	t.Helper()
	var pieces []oracle.Piece
	var src strings.Builder
	for _, part := range strings.Split(cell, "-- ")[1:] {
		head, text, _ := strings.Cut(part, "\n")
		kind := map[string]oracle.Kind{"stmts": oracle.Stmts, "decls": oracle.Decls, "imports": oracle.Imports}[head]
		pieces = append(pieces, oracle.Piece{Kind: kind, Offset: src.Len(), Text: text})
		src.WriteString(text)
	}
	return pieces, src.String()
}

// TestSessionTypeOf checks the types the oracle tells of expressions in a
// cell, after earlier cells ran, for what the interpreter's rewrites ask.
func TestSessionTypeOf(t *testing.T) {
	tests := []struct {
		name    string
		earlier []string // cells that ran before
		cell    string
		expr    string // in cell: its first occurrence
		want    string // types.TypeString, "" for none
	}{
		{"a variable of the cell", nil, "-- stmts\nn := 10\nfor i := range n {}\n", "n {", "int"},
		{"a variable of an earlier cell", []string{"-- stmts\nn := int64(3)\n"}, "-- stmts\nfor range n {}\n", "n {", "int64"},
		{"redeclared by a later cell", []string{"-- stmts\nn := 3\n", "-- stmts\nn := []string{\"a\"}\n"}, "-- stmts\nfor range n {}\n", "n {", "[]string"},
		{"a function's result", []string{"-- decls\nfunc count() int { return 3 }\n"}, "-- stmts\nfor i := range count() {}\n", "count()", "int"},
		{"a local in a function of the cell", nil, "-- decls\nfunc f(xs map[string]int) {\n\tfor k := range xs {}\n}\n", "xs {", "map[string]int"},
		{"an iterator method of a generic type", []string{
			"-- imports\nimport \"iter\"\n-- decls\ntype List[T any] struct{ items []T }\n\nfunc (l *List[T]) All() iter.Seq[T] { return nil }\n",
			"-- stmts\nl := &List[string]{}\n",
		}, "-- stmts\nfor v := range l.All() {}\n", "l.All()", "iter.Seq[string]"},
		{"an iterator of the standard library", nil, "-- imports\nimport \"strings\"\n-- stmts\nfor w := range strings.SplitSeq(\"a b\", \" \") {}\n", "strings.SplitSeq(\"a b\", \" \")", "iter.Seq[string]"},
		{"slices.Values", nil, "-- imports\nimport \"slices\"\n-- stmts\nfor v := range slices.Values([]int{1}) {}\n", "slices.Values([]int{1})", "iter.Seq[int]"},
		{"a cell's variable used by its function", nil, "-- stmts\nlimit := uint8(4)\n-- decls\nfunc f() {\n\tfor range limit {}\n}\n", "limit {", "uint8"},
		{"a package imported on first use", nil, "-- stmts\nfor range time.Second {}\n", "time.Second", "time.Duration"},
		{":= that reuses a name", nil, "-- stmts\na, err := 1, error(nil)\nb, err := \"s\", error(nil)\nfor range b {}\n", "b {", "string"},
		{"an undefined name", nil, "-- stmts\nfor range nowhere {}\n", "nowhere", ""},
		{"an earlier function's body is not the cell's", []string{"-- decls\nfunc g() int { return 1 }\n", "-- decls\nfunc f() int { return g() }\n"},
			"-- decls\nfunc g() string { return \"\" }\n-- stmts\nfor range f() {}\n", "f()", "int"},
	}
	imp := oracle.NewImporter(oracle.TablesOf(newstd.All(), unrestricted.Symbols))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := oracle.NewSession(imp)
			// What the interpreter imports for a cell that uses it, and
			// what the earlier cells imported (in a test, the same).
			auto := map[string]string{"time": "time", "iter": "iter"}
			for _, e := range tt.earlier {
				pieces, _ := piecesOf(t, e)
				c := s.Check(pieces, auto, auto)
				if errs := c.Errors(); len(errs) > 0 {
					t.Fatalf("earlier cell %q: %v", e, errs)
				}
				c.Commit()
			}
			pieces, src := piecesOf(t, tt.cell)
			c := s.Check(pieces, auto, auto)
			start := strings.Index(src, tt.expr)
			if start < 0 {
				t.Fatalf("no %q in the cell", tt.expr)
			}
			end := start + len(tt.expr)
			if strings.HasSuffix(tt.expr, " {") {
				end -= 2
			}
			if errs := c.Errors(); tt.want != "" && len(errs) > 0 {
				t.Errorf("errors: %v", errs)
			}
			got := ""
			if typ := c.TypeOf(start, end); typ != nil {
				got = types.TypeString(typ, func(p *types.Package) string { return p.Name() })
			}
			if got != tt.want {
				t.Errorf("type of %q: %q, want %q (errors: %v)", src[start:end], got, tt.want, c.Errors())
			}
		})
	}
}

// TestSessionErrors checks that a cell's type errors are reported at its
// own offsets, and an earlier cell's are not its.
func TestSessionErrors(t *testing.T) {
	imp := oracle.NewImporter(oracle.TablesOf(stdlib.Symbols))
	s := oracle.NewSession(imp)
	pieces, _ := piecesOf(t, "-- decls\nfunc f() int { return \"s\" }\n")
	c := s.Check(pieces, nil, nil)
	if len(c.Errors()) != 1 {
		t.Fatalf("errors %v, want one", c.Errors())
	}
	c.Commit() // as if it ran: its body is not checked again
	pieces, src := piecesOf(t, "-- stmts\nx := 1\ny := undefinedName + x\n")
	errs := s.Check(pieces, nil, nil).Errors()
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "undefined: undefinedName") {
		t.Fatalf("errors %v, want undefined: undefinedName alone", errs)
	}
	if got, want := errs[0].Offset, strings.Index(src, "undefinedName"); got != want {
		t.Errorf("error at offset %d, want %d", got, want)
	}
}

// TestSessionPartial checks that a piece that does not parse is left out,
// with its error, unless it is Partial: then what the parser understood
// of it is checked.
func TestSessionPartial(t *testing.T) {
	s := oracle.NewSession(oracle.NewImporter(oracle.TablesOf(stdlib.Symbols)))
	src := "x := \"s\"\nif len(x) > 0 {\n\tx."
	for _, partial := range []bool{false, true} {
		c := s.Check([]oracle.Piece{{Kind: oracle.Stmts, Text: src, Partial: partial}}, nil, nil)
		if len(c.Errors()) == 0 {
			t.Errorf("partial %v: no error", partial)
		}
		at := strings.Index(src, "len(x)")
		got := c.TypeOf(at, at+len("len(x)"))
		if (got != nil) != partial {
			t.Errorf("partial %v: type of len(x) %v", partial, got)
		}
	}
}

// TestSessionGaps checks that an error naming a package's member the
// Importer does not know is marked as the oracle's possible gap, and a
// cell's own mistake is not.
func TestSessionGaps(t *testing.T) {
	s := oracle.NewSession(oracle.NewImporter(oracle.TablesOf(stdlib.Symbols)))
	pieces, _ := piecesOf(t, "-- stmts\nf := sync.OnceValue(func() int { return 1 })\ng := nosuch + 1\n")
	errs := s.Check(pieces, nil, map[string]string{"sync": "sync"}).Errors()
	if len(errs) != 2 {
		t.Fatalf("errors %v, want two", errs)
	}
	for _, e := range errs {
		if want := strings.Contains(e.Msg, "sync.OnceValue"); e.Gap != want {
			t.Errorf("%q: gap %v, want %v", e.Msg, e.Gap, want)
		}
	}
}

// TestSessionGlobals checks the objects the oracle gives for the
// session's globals by name, the latest declaration of each.
func TestSessionGlobals(t *testing.T) {
	s := oracle.NewSession(oracle.NewImporter(oracle.TablesOf(stdlib.Symbols)))
	auto := map[string]string{"time": "time"}
	for _, cell := range []string{
		"-- decls\ntype P struct{ X int }\n\nfunc first[T any](xs []T) T { return xs[0] }\n",
		"-- stmts\nn := 1\np := first([]P{{1}})\nd := 2 * time.Second\n",
		"-- stmts\nn := \"now a string\"\n",
	} {
		pieces, _ := piecesOf(t, cell)
		c := s.Check(pieces, auto, auto)
		if errs := c.Errors(); len(errs) > 0 {
			t.Fatalf("cell %q: %v", cell, errs)
		}
		c.Commit()
	}
	tests := []struct{ name, want string }{
		{"n", "var n string"},
		{"p", "var p P"},
		{"d", "var d time.Duration"},
		{"P", "type P struct{X int}"},
		{"first", "func first[T any](xs []T) T"},
		{"nowhere", ""},
	}
	var names []string
	for _, tt := range tests {
		names = append(names, tt.name)
	}
	objs := s.Globals(names, auto, auto)
	for _, tt := range tests {
		got := ""
		if obj := objs[tt.name]; obj != nil {
			got = types.ObjectString(obj, func(p *types.Package) string {
				if p.Path() == "main" {
					return ""
				}
				return p.Name()
			})
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

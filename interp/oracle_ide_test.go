package interp

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// typedCell declares what the tests of typed completion and inspection
// select members of: an embedded struct, a generic function.
const typedCell = "type inner struct{ Depth int }\nfunc (*inner) Dig() {}\ntype outer struct {\n\tinner\n\tTop string\n}\nfunc first[T any](xs []T) T { return xs[0] }\nvar deep outer"

// TestCompleteTyped checks member completion where the members follow
// from Go's typing rules rather than from the text: what a generic call
// returns, methods promoted through embedded fields, the variable of a
// type switch case, a name shadowed in an inner scope, with the cursor in
// unfinished code.
func TestCompleteTyped(t *testing.T) {
	in := completionInterpreter(t, typedCell)
	tests := []struct {
		name string
		code string
		want []string
	}{
		{"the result of a generic call, not addressable", "first(items).", []string{"Describe", "Name", "port"}},
		{"the result of a generic call with its type argument", "first[outer]([]outer{}).", []string{"Depth", "inner", "Top"}},
		{"a method promoted through an embedded field", "deep.D", []string{"Depth", "Dig"}},
		{"a type switch case's variable", "var a any = cfg\nswitch v := a.(type) {\ncase *config:\n\tv.S", []string{"SetPort"}},
		{"a name shadowed in a function", "func f() {\n\tcfg := deep\n\tcfg.T", []string{"Top"}},
		{"inside an unfinished call", "fmt.Println(deep.inner.", []string{"Depth", "Dig"}},
		{"a variable's pointer methods too", "deep.", []string{"Depth", "Dig", "inner", "Top"}},
		// Code being written, which does not parse as it is.
		{"an if statement's header", "if deep.T", []string{"Top"}},
		{"a for statement's condition", "for i := 0; i < deep.D", []string{"Depth", "Dig"}},
		{"a switch statement's tag", "switch deep.T", []string{"Top"}},
		{"a case", "switch {\ncase deep.T", []string{"Top"}},
		{"a select case", "select {\ncase <-deep.T", []string{"Top"}},
		{"a go statement", "go deep.D", []string{"Depth", "Dig"}},
		{"after a line that does not parse", "x := )\ndeep.T", []string{"Top"}},
		{"after a line of a function that does not parse", "func k() {\n\tvar d outer\n\tx := )\n\td.T", []string{"Top"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := in.Complete(tt.code, utf8.RuneCountInString(tt.code))
			if !reflect.DeepEqual(got.Matches, tt.want) {
				t.Errorf("Complete(%q) = %v, want %v", tt.code, got.Matches, tt.want)
			}
		})
	}
}

// TestInspectTyped checks inspection of x.name where the type oracle
// tells x's type: the member's declaration, and a compiled one's
// documentation (here the note that the sources are missing).
func TestInspectTyped(t *testing.T) {
	saved := docs
	docs = newDocIndex(func(string) string { return "" })
	t.Cleanup(func() { docs = saved })
	in := completionInterpreter(t, typedCell)
	tests := []struct{ name, code, want string }{
		{"a compiled method of a generic call's result", "first([]*strings.Builder{nil}).Grow", "func (*strings.Builder) Grow(int)\n\nNo documentation found"},
		{"a compiled method promoted through a cell's struct", "srv.ReadByte", "func (*strings.Reader) ReadByte() (uint8, error)\n\nNo documentation found"},
		{"a field of a generic call's result", "first(items).Name", "field Name string // in config"},
		{"a method promoted through an embedded field", "deep.Dig", "func (*inner) Dig()"},
		{"a type switch case's variable", "var a any = cfg\nswitch v := a.(type) {\ncase *config:\n\tv.SetPort", "func (c *config) SetPort(p int)"},
		{"in an if statement's header", "if deep.Top", "field Top string // in outer"},
		{"after a line that does not parse", "x := )\ndeep.Dig", "func (*inner) Dig()"},
		{"a package's member in code being written", "if strings.NewReader", "func strings.NewReader"},
		// A name alone: its type as Go's typing rules give it.
		{"a variable from a generic call", "func f() {\n\tv := first([]outer{})\n\tv", "var v outer"},
		{"a range variable of a generic call's result", "for i, r := range []rune(first([]string{})) {\n\tr", "var r rune"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, found := in.Inspect(tt.code, utf8.RuneCountInString(tt.code), 0)
			if !found {
				t.Fatalf("Inspect(%q): not found", tt.code)
			}
			if text := data["text/plain"].(string); !strings.HasPrefix(text, tt.want) {
				t.Errorf("Inspect(%q) = %q, want %q…", tt.code, text, tt.want)
			}
		})
	}
}

// TestCompleteScope checks the names completed on their own as the type
// oracle finds them in scope at the cursor: with their kinds, a local
// shadowing a global, and no local of a scope the cursor is not in.
func TestCompleteScope(t *testing.T) {
	in := completionInterpreter(t)
	tests := []struct {
		name, code, match string
		kind              string // "": not offered
	}{
		{"a type the code declares", "type point struct{}\nvar p po", "point", KindType},
		{"a function the code declares", "func helper() {}\nhel", "helper", KindFunction},
		{"a local constant shadowing a global variable", "func f() {\n\tconst counter = 1\n\tcoun", "counter", KindConstant},
		{"a parameter inside an unfinished call", "func g(width int) {\n\tfmt.Println(wid", "width", KindVariable},
		{"a local of a function the cursor is not in", "func h() {\n\tinnerOnly := 1\n\t_ = innerOnly\n}\ninnerO", "innerOnly", ""},
		{"a variable of a type switch case", "var a any = 1\nswitch typed := a.(type) {\ncase int:\n\ttyp", "typed", KindVariable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := in.Complete(tt.code, utf8.RuneCountInString(tt.code))
			i := slices.Index(got.Matches, tt.match)
			switch {
			case tt.kind == "" && i >= 0:
				t.Errorf("Complete(%q) offers %q, out of scope", tt.code, tt.match)
			case tt.kind != "" && i < 0:
				t.Errorf("Complete(%q) = %q, want %q among them", tt.code, got.Matches, tt.match)
			case tt.kind != "" && got.Kinds[i] != tt.kind:
				t.Errorf("Complete(%q): %q is a %q, want %q", tt.code, tt.match, got.Kinds[i], tt.kind)
			}
		})
	}
}

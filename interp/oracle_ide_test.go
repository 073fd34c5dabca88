package interp

import (
	"reflect"
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

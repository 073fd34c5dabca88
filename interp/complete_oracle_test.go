package interp

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// TestCompleteTyped checks member completion where the members follow
// from Go's typing rules rather than from the text: what a generic call
// returns, methods promoted through embedded fields, the variable of a
// type switch case, a name shadowed in an inner scope, with the cursor in
// unfinished code.
func TestCompleteTyped(t *testing.T) {
	in := completionInterpreter(t,
		"type inner struct{ Depth int }\nfunc (*inner) Dig() {}\ntype outer struct {\n\tinner\n\tTop string\n}\nfunc first[T any](xs []T) T { return xs[0] }\nvar deep outer",
	)
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

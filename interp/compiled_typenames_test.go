package interp

import "testing"

// Compiled cells' package paths in a type's name become main; nothing
// else of the name changes.
func TestMainTypeName(t *testing.T) {
	const cell1 = modulePrefix + "mf5ee98/cells/p2-1/cell1"
	tests := []struct{ name, want string }{
		{"main.Stack[" + cell1 + ".Celsius]", "main.Stack[main.Celsius]"},
		{"map[string]main.Pair[" + cell1 + ".A," + modulePrefix + "m/cells/p/cell12.B]", "map[string]main.Pair[main.A,main.B]"},
		{"[]*main.Stack[func(" + cell1 + ".T) error]", "[]*main.Stack[func(main.T) error]"},
		{"main.Stack[int]", "main.Stack[int]"},
		{"map[string]int", "map[string]int"},
		{"example.com/cells/cell1.T", "example.com/cells/cell1.T"},
	}
	for _, tt := range tests {
		if got := mainTypeName(tt.name); got != tt.want {
			t.Errorf("mainTypeName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

package interp

import "testing"

func TestDeclarationsAnywhereInACell(t *testing.T) {
	tests := []struct {
		name, code, result string
	}{
		{"call above the declaration", "n := twice(21)\nfunc twice(x int) int { return 2 * x }\nn", "42"},
		{"type used above its declaration", "p := point{1, 2}\ntype point struct{ X, Y int }\np.X + p.Y", "3"},
		{"declaration using the cell's variable stays in order", "base := 10\nfunc plus(x int) int { return base + x }\nplus(5)", "15"},
		{"statements keep their order", "s := \"a\"\ns += \"b\"\nfunc f() string { return \"c\" }\ns += f()\ns", `"abc"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			if got := h.exec(tt.code); got != tt.result {
				t.Errorf("result %s, want %s", got, tt.result)
			}
		})
	}
}

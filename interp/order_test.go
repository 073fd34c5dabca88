package interp

import "testing"

func TestDeclarationsAnywhereInACell(t *testing.T) {
	tests := []struct {
		name, code, result string
	}{
		{"call above the declaration", "n := twice(21)\nfunc twice(x int) int { return 2 * x }\nn", "42"},
		{"type used above its declaration", "p := point{1, 2}\ntype point struct{ X, Y int }\np.X + p.Y", "3"},
		{"declaration using the cell's variable, declared first", "base := 10\nfunc plus(x int) int { return base + x }\nplus(5)", "15"},
		{"a declaration before the statements too", "type pair struct{ a, b int }\nn := sum(pair{1, 2})\nfunc sum(p pair) int { return p.a + p.b }\nn", "3"},
		{"a parameter of the name of the cell's variable", "n := 5\nm := double(n)\nfunc double(n int) int { return n * 2 }\nm", "10"},
		{"a local of the name of the cell's variable", "x := 3\ny := f2() + x\nfunc f2() int { x := 10; return x }\ny", "13"},
		{"a field of the name of the cell's variable", "a := 1\nv := get(pair{a: 4})\ntype pair struct{ a int }\nfunc get(p pair) int { return p.a }\nv + a", "5"},
		{"a constant declared above", "const k = 2\nr := g3(k)\nfunc g3(v int) int { return v * k }\nr", "4"},
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

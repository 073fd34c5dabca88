package interp

import (
	"strings"
	"testing"
)

// What interpreted and compiled cells cannot do with the methods of an
// earlier compiled cell's types is a CompileError at the place, that says
// why and what to do; what they can do instead works.
func TestCompiledMethodErrors(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\nimport \"fmt\"\n\ntype Celsius float64\n\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }\n\n" +
		"type point struct{ x int }\n\nfunc (p *point) bump() { p.x++ }\n\nold := Celsius(1)")
	for _, tt := range []struct{ code, want string }{
		{"func (c Celsius) Kelvin() float64 { return float64(c) + 273.15 }",
			"cell[2]:1:9: cannot add method Kelvin to Celsius, a type of cell[1], a compiled cell: its methods are compiled with it, and the interpreter cannot give a compiled type another; " +
				"declare Celsius again with all its methods, in this cell or a %%compile cell (later cells get the new type, values made before keep the old one)"},
		{"func (p *point) twice() { p.bump(); p.bump() }", "cell[3]:1:10: cannot add method twice to point, a type of cell[1], a compiled cell:"},
		{"%%compile\nfunc (c Celsius) Kelvin() float64 { return float64(c) + 273.15 }",
			"cell[4]:2:9: cannot define new methods on non-local type Celsius (it is an earlier compiled cell's type, built and loaded with its methods in that cell's package, which a later cell cannot add to: " +
				"declare the type again in this cell, with all its methods; later cells get the new type, values made before keep the old one)"},
		{"p := &point{}\np.bump()", "cell[5]:2:3: cannot call bump, an unexported method of point, a type of cell[1], a compiled cell, from an interpreted cell: " +
			"the interpreter calls compiled methods through reflect, which does not list unexported ones; export the method, or call it from compiled code"},
		{"f := (&point{}).bump", "cell[6]:1:17: cannot call bump, an unexported method of point"},
	} {
		e := h.fail(tt.code)
		if e.Name != "CompileError" || !strings.HasPrefix(e.Value, tt.want) {
			t.Errorf("%s\n got %s: %s\nwant CompileError: %s", tt.code, e.Name, e.Value, tt.want)
		}
	}
	// Declared again, with its methods, the type has the new one; values
	// made before keep the old type.
	h.exec("type Celsius float64\n\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.0f C\", float64(c)) }\n\nfunc (c Celsius) Kelvin() float64 { return float64(c) + 273.15 }")
	if got := h.exec("fmt.Sprint(Celsius(2), \" \", Celsius(2).Kelvin(), \" \", old)"); got != `"2 C 275.15 1.0°C"` {
		t.Errorf("after Celsius is declared again: %s", got)
	}
}

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
		"type point struct{ x int }\n\nfunc (p *point) bump() { p.x++ }\n\ntype wrapped struct{ point }\n\nold := Celsius(1)")
	for _, tt := range []struct{ code, want string }{
		{"func (c Celsius) Kelvin() float64 { return float64(c) + 273.15 }",
			"cell[2]:1:9: cannot add method Kelvin to Celsius, a type of cell[1], a compiled cell: its methods are compiled with it, and the interpreter cannot give a compiled type another; " +
				"declare Celsius again with all its methods, in this cell or a %%compile cell (later cells get the new type, values made before keep the old one)"},
		{"func (p *point) twice() { p.bump(); p.bump() }", "cell[3]:1:10: cannot add method twice to point, a type of cell[1], a compiled cell:"},
		{"%%compile\nfunc (c Celsius) Kelvin() float64 { return float64(c) + 273.15 }",
			"cell[4]:2:9: cannot define new methods on non-local type Celsius (it is an earlier compiled cell's type, built and loaded with its methods in that cell's package, which a later cell cannot add to: " +
				"declare the type again in this cell, with all its methods; later cells get the new type, values made before keep the old one)"},
		{"func mk() point { return point{} }\nmk().bump()", "cell[5]:2:6: cannot call pointer method bump on point"},
		{"var w wrapped\nw.bump()", "cell[6]:2:3: cannot call bump, an unexported method of wrapped, a type of cell[1], a compiled cell, here: " +
			"the interpreter calls compiled methods through reflect, which does not list unexported ones, and gopherlab reaches one only declared on the type itself"},
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

// An unexported method of a compiled cell's type, declared on the type,
// is called through the function its package exports for it: of a
// variable's address, a pointer, or a value with no address (a value
// receiver's); a method value binds the receiver then.
func TestCompiledUnexportedMethods(t *testing.T) {
	h := newHarness(t, "")
	h.exec("%%compile\nimport \"fmt\"\n\ntype Celsius float64\n\nfunc (c Celsius) round() Celsius { return Celsius(int(c)) }\n\n" +
		"type point struct{ x int }\n\nfunc (p *point) bump(by ...int) {\n\tp.x++\n\tfor _, b := range by {\n\t\tp.x += b\n\t}\n}\n\n" +
		"func (p point) show() string { return fmt.Sprint(\"p\", p.x) }\n\nfunc mk() point { return point{x: 5} }\n\ntype box struct{ corner *point }")
	h.exec("p := point{}\npp := &p\nvar b box")
	const pkg = "_glcell1."
	for _, tt := range []struct{ code, rewritten, result string }{
		{"p.bump(10, 100)\np.x", pkg + "GlMethod_point_bump(&p)(10, 100)\n(*" + pkg + "GlField_point_x(&p))", "111"},
		{"pp.bump()\npp.show()", pkg + "GlMethod_point_bump(pp)()\n" + pkg + "GlMethod_point_show(pp)()", `"p112"`},
		{"f := p.show\np.bump()\nf() + p.show()", "f := " + pkg + "GlMethod_point_show(&p)\n" + pkg + "GlMethod_point_bump(&p)()\nf() + " + pkg + "GlMethod_point_show(&p)()", `"p112p113"`},
		{"mk().show()", pkg + "GlMethodOf_point_show(mk())()", `"p5"`},
		{"Celsius(3.7).round()", pkg + "GlMethodOf_Celsius_round(Celsius(3.7))()", "3"},
		{"b.corner = pp\nb.corner.bump()\np.x", "(*" + pkg + "GlField_box_corner(&b)) = pp\n" + pkg + "GlMethod_point_bump((*" + pkg + "GlField_box_corner(&b)))()\n(*" + pkg + "GlField_point_x(&p))", "114"},
	} {
		if got := h.rewritten(tt.code); got != tt.rewritten {
			t.Errorf("%s\n got %s\nwant %s", tt.code, got, tt.rewritten)
		}
		if got := h.exec(tt.code); got != tt.result {
			t.Errorf("%s = %s, want %s", tt.code, got, tt.result)
		}
	}
}

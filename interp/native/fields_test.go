package native

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"
)

// The functions of a package's unexported fields: one pair a field, of
// its struct types only, written so that the package still type-checks
// with them; none where two fields would share a name, nor for a name the
// package declares itself.
func TestFieldSource(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  []string // lines of the file
		names []string // the functions it declares
	}{
		{"a field each, exported ones left", "type point struct{ x, y int; Label string }",
			[]string{"func GlField_point_x(_glv *point) *int { return &_glv.x }", "func GlFieldOf_point_y(_glv point) int { return _glv.y }"},
			[]string{"GlField_point_x", "GlFieldOf_point_x", "GlField_point_y", "GlFieldOf_point_y"}},
		{"embedded and pointer fields, another package's types", "import \"time\"\ntype inner struct{ d time.Duration }\ntype outer struct{ inner; next *outer; at []time.Time }",
			[]string{`import _glfield0 "time"`, "func GlField_inner_d(_glv *inner) *_glfield0.Duration { return &_glv.d }",
				"func GlField_outer_inner(_glv *outer) *inner { return &_glv.inner }",
				"func GlFieldOf_outer_next(_glv outer) *outer { return _glv.next }", "func GlField_outer_at(_glv *outer) *[]_glfield0.Time { return &_glv.at }"},
			[]string{"GlField_inner_d", "GlFieldOf_inner_d", "GlField_outer_at", "GlFieldOf_outer_at", "GlField_outer_inner", "GlFieldOf_outer_inner", "GlField_outer_next", "GlFieldOf_outer_next"}},
		{"no struct, no generic, no alias", "type celsius float64\ntype box[T any] struct{ v T }\ntype p2 = struct{ z int }", nil, nil},
		{"names two fields would share", "type a_b struct{ c int }\ntype a struct{ b_c int; d int }",
			[]string{"func GlField_a_d(_glv *a) *int { return &_glv.d }"}, []string{"GlField_a_d", "GlFieldOf_a_d"}},
		{"a name the package declares", "type t struct{ f int }\nfunc GlField_t_f() {}", nil, nil},
		{"unexported methods, of a value receiver with no address too", "type celsius float64\nfunc (c celsius) round() celsius { return c }\n" +
			"func (c *celsius) set(v float64, rest ...int) {}\nfunc (c celsius) Exported() {}\ntype shape interface{ area() float64 }",
			[]string{"func GlMethod_celsius_round(_glv *celsius) func() celsius { return _glv.round }",
				"func GlMethodOf_celsius_round(_glv celsius) func() celsius { return _glv.round }",
				"func GlMethod_celsius_set(_glv *celsius) func(v float64, rest ...int) { return _glv.set }"},
			[]string{"GlMethod_celsius_round", "GlMethodOf_celsius_round", "GlMethod_celsius_set"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package main\n\n" + tt.src
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, "cell.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			conf := types.Config{Importer: importer.Default()}
			pkg, err := conf.Check("main", fset, []*ast.File{file}, nil)
			if err != nil {
				t.Fatal(err)
			}
			fields, names := fieldSource(pkg)
			for _, line := range tt.want {
				if !strings.Contains(fields, line+"\n") {
					t.Errorf("no %s in\n%s", line, fields)
				}
			}
			slices.Sort(names)
			slices.Sort(tt.names)
			if !slices.Equal(names, tt.names) {
				t.Errorf("declares %v, want %v", names, tt.names)
			}
			// The package type-checks with them.
			ffile, err := parser.ParseFile(fset, "zz_fields.go", fields, 0)
			if err != nil {
				t.Fatalf("%v\n%s", err, fields)
			}
			if _, err := conf.Check("main", fset, []*ast.File{file, ffile}, nil); err != nil {
				t.Errorf("%v\n%s", err, fields)
			}
		})
	}
}

// An earlier Build package's unexported type in a field's type is named
// by its alias (Access); exported names and the file's own stay.
func TestReachableName(t *testing.T) {
	for _, tt := range []struct{ typ, want string }{
		{"_glfield0.inner", "_glfield0.Gl_inner"},
		{"map[_glfield1.key][]*_glfield0.Point", "map[_glfield1.Gl_key][]*_glfield0.Point"},
		{"func(own) _glfield2._hidden", "func(own) _glfield2.Gl__hidden"},
	} {
		if got := reachableName(importedUnexported, tt.typ); got != tt.want {
			t.Errorf("reachableName(%q) = %q, want %q", tt.typ, got, tt.want)
		}
	}
}

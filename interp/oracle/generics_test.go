package oracle_test

import (
	"go/importer"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib/unrestricted"

	"gopherlab/interp/oracle"
	newstd "gopherlab/interp/stdlib"
)

// The generics a table lacks are grafted from the source given, so that a
// cell's instances of them are checked and their type arguments told:
// inferred or written, of a function or a type, at the bytes that name
// them.
func TestPackageInstances(t *testing.T) {
	src := importer.ForCompiler(token.NewFileSet(), "source", nil)
	generics := func(path, name string) types.Object {
		if path != "sync/atomic" && path != "math/rand/v2" && path != "unique" {
			return nil
		}
		pkg, err := src.Import(path)
		if err != nil {
			t.Fatal(err)
		}
		return pkg.Scope().Lookup(name)
	}
	tests := []struct {
		name string
		cell string
		want []string // each instance: its text in the cell, the generic, its type arguments
	}{
		{"an inferred function", "-- imports\nimport \"math/rand/v2\"\n-- stmts\nn := rand.N(int64(10))\n",
			[]string{"rand.N N [int64]"}},
		{"a written type", "-- imports\nimport \"sync/atomic\"\n-- stmts\nvar p atomic.Pointer[string]\n",
			[]string{"atomic.Pointer[string] Pointer [string]"}},
		{"in a declaration, and a result's type", "-- imports\nimport \"unique\"\n-- decls\nfunc key(s string) unique.Handle[string] { return unique.Make(s) }\n",
			[]string{"unique.Handle[string] Handle [string]", "unique.Make Make [string]"}},
		{"a type argument of the cell's", "-- imports\nimport \"sync/atomic\"\n-- decls\ntype celsius float64\n-- stmts\nvar c atomic.Pointer[celsius]\n",
			[]string{"atomic.Pointer[celsius] Pointer [main.celsius]"}},
		{"a package the filter refuses", "-- imports\nimport \"slices\"\n-- stmts\ns := slices.Clone([]int{1})\n", nil},
		{"no generic", "-- imports\nimport \"strings\"\n-- stmts\ns := strings.ToUpper(\"a\")\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp := oracle.NewImporter(oracle.TablesOf(newstd.All(), unrestricted.Symbols))
			imp.SetGenerics(generics)
			s := oracle.NewSession(imp)
			pieces, text := piecesOf(t, tt.cell)
			c := s.Check(pieces, nil, nil)
			if errs := c.Errors(); len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			var got []string
			for _, u := range c.PackageInstances(func(path, name string) bool { return path != "slices" }) {
				args := make([]string, len(u.TypeArgs))
				for i, a := range u.TypeArgs {
					args[i] = a.String()
				}
				got = append(got, text[u.Start:u.End]+" "+u.Obj.Name()+" ["+strings.Join(args, ", ")+"]")
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("instances %q, want %q", got, tt.want)
			}
		})
	}
}

// Without the generics given, the package made of a table lacks them, as
// before: the cell's use is an error.
func TestPackageInstancesWithoutGenerics(t *testing.T) {
	s := oracle.NewSession(oracle.NewImporter(oracle.TablesOf(newstd.All(), unrestricted.Symbols)))
	pieces, _ := piecesOf(t, "-- imports\nimport \"sync/atomic\"\n-- stmts\nvar p atomic.Pointer[string]\n")
	c := s.Check(pieces, nil, nil)
	if len(c.Errors()) == 0 {
		t.Errorf("atomic.Pointer checked without its declaration")
	}
}

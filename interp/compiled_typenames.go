package interp

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// The name of an instance of a compiled generic type spells its type
// arguments by their package's import path (the compiler names instances
// so), and a compiled cell's package path is its own,
// gopherlab.cells/…/cell1, where in a program it is main: %T of a
// Stack[Celsius] would print main.Stack[gopherlab.cells/…/cell1.Celsius]
// where Go prints main.Stack[main.Celsius]. typeString, which fmt's %T
// and %#v as cells see them (fmtsymbols.go) and the debugger name types
// with, spells the cells' packages in such a name main.
// reflect.Type's String, which no wrapper reaches, keeps the path.

// cellPackageQualifier matches a compiled cell's package path with the
// dot that ends it, in a type's name.
var cellPackageQualifier = regexp.MustCompile(regexp.QuoteMeta(modulePrefix) + `[^\s\[\],;()]*/cell\d+\.`)

// mainTypeName is name with the compiled cells' package paths in it
// spelled main.
func mainTypeName(name string) string {
	if !strings.Contains(name, modulePrefix) {
		return name
	}
	return cellPackageQualifier.ReplaceAllLiteralString(name, "main.")
}

// namesCellPackage tells whether the name of a's type spells a compiled
// cell's package path.
func namesCellPackage(a any) bool {
	return a != nil && strings.Contains(reflect.TypeOf(a).String(), modulePrefix)
}

// cellPathTyped is an argument of fmt whose type's name spells a compiled
// cell's package path, given to a %T, which the format gives typeVerb
// instead: fmt handles %T itself, never calling Format. Any other verb
// of the same argument prints the value as fmt would.
type cellPathTyped struct{ v any }

func (a cellPathTyped) Format(s fmt.State, verb rune) {
	if verb == typeVerb {
		fmt.Fprintf(s, fmt.FormatString(s, 's'), typeString(reflect.TypeOf(a.v))) // celltypes.go
		return
	}
	fmt.Fprintf(s, fmt.FormatString(s, verb), a.v)
}

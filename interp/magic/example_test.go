package magic_test

import (
	"fmt"

	"gopherlab/interp/magic"
)

func ExampleParse() {
	cell := "x := 40\n!echo hello\n%time y := x + 2\ny"
	for _, p := range magic.Parse(cell) {
		switch p.Kind {
		case magic.Go:
			fmt.Printf("%v %q\n", p.Kind, cell[p.Start:p.End])
		case magic.Shell:
			fmt.Printf("%v %q\n", p.Kind, p.Args)
		default:
			fmt.Printf("%v %s %q\n", p.Kind, p.Name, p.Args)
		}
	}
	// Output:
	// go "x := 40\n"
	// shell "echo hello"
	// line time "y := x + 2"
	// go "y"
}

func ExampleParse_cellMagic() {
	cell := "%%timeit -n 100 s := make([]int, 0, 8)\ns = append(s, 1)"
	p := magic.Parse(cell)[0]
	fmt.Printf("%v %s %q\n", p.Kind, p.Name, p.Args)
	for _, b := range p.Body {
		fmt.Printf("  %v %q\n", b.Kind, cell[b.Start:b.End])
	}
	// Output:
	// cell timeit "-n 100 s := make([]int, 0, 8)"
	//   go "s = append(s, 1)"
}

func ExampleParse_goOnly() {
	// A raw string may hold lines that start with %, and a condition may go
	// on with ! on the next line: Go, no magic.
	cell := "format := `\n%d items\n`\nok := len(format) > 0 &&\n!strings.HasPrefix(format, \"x\")"
	fmt.Println(magic.Parse(cell) == nil)
	// Output:
	// true
}

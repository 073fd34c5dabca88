package native_test

import (
	"context"
	"fmt"
	"go/importer"
	"log"
	"os"

	"gopherlab/interp/native"
)

// A cell's declarations, built into a plugin: the interpreter gets them as
// a symbol table, and a value of the compiled type has its real String
// method wherever it goes, and is named main's, as a program's types are.
func ExampleBuilder_Build() {
	tc, err := native.Find(context.Background())
	if err != nil {
		log.Fatal(err) // says why, in one line: no go command, cgo off…
	}
	dir, err := os.MkdirTemp("", "native-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	b, err := native.NewBuilder(tc, dir, importer.Default())
	if err != nil {
		log.Fatal(err)
	}
	p, err := b.Build(context.Background(), "temps", `package temps

import "fmt"

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func Readings() []Celsius { return []Celsius{20, 37.5} }
`)
	if err != nil {
		log.Fatal(err)
	}
	readings := p.Symbols[p.ImportPath+"/temps"]["Readings"].Call(nil)[0].Interface()
	fmt.Printf("%v %T\n", readings, readings)
	// Output: [20.0°C 37.5°C] []main.Celsius
}

package native

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func TestPluginFlags(t *testing.T) {
	tests := []struct {
		name      string
		settings  map[string]string
		flags     []string
		env       []string
		wantError string
	}{
		{"plain", map[string]string{"-buildmode": "exe", "-compiler": "gc", "CGO_ENABLED": "1", "CGO_CFLAGS": "", "GOARCH": "amd64", "GOAMD64": "v1"},
			nil, []string{"GOARCH=amd64", "GOAMD64=v1"}, ""},
		{"race and tags", map[string]string{"-race": "true", "-tags": "netgo", "-trimpath": "true", "CGO_ENABLED": "1"},
			[]string{"-race", "-tags=netgo", "-trimpath"}, nil, ""},
		{"gcflags and cflags", map[string]string{"-gcflags": "all=-N -l", "CGO_CFLAGS": "-O0", "GOEXPERIMENT": "arenas", "CGO_ENABLED": "1"},
			[]string{"-gcflags=all=-N -l"}, []string{"CGO_CFLAGS=-O0", "GOEXPERIMENT=arenas"}, ""},
		{"no cgo", map[string]string{"CGO_ENABLED": "0"}, nil, nil, "without cgo"},
		{"a shared library", map[string]string{"-buildmode": "c-shared", "CGO_ENABLED": "1"}, nil, nil, "-buildmode=c-shared"},
		{"gccgo", map[string]string{"-compiler": "gccgo", "CGO_ENABLED": "1"}, nil, nil, "gccgo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// In a fixed order, as build information lists them.
			var settings []debug.BuildSetting
			for _, k := range []string{"-buildmode", "-compiler", "-gcflags", "-race", "-tags", "-trimpath", "CGO_ENABLED", "CGO_CFLAGS", "GOARCH", "GOEXPERIMENT", "GOAMD64"} {
				if v, ok := tt.settings[k]; ok {
					settings = append(settings, debug.BuildSetting{Key: k, Value: v})
				}
			}
			flags, env, err := pluginFlags(settings)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(flags, " ") != strings.Join(tt.flags, " ") || strings.Join(env, " ") != strings.Join(tt.env, " ") {
				t.Errorf("flags %q env %q, want %q %q", flags, env, tt.flags, tt.env)
			}
		})
	}
}

func TestSameRelease(t *testing.T) {
	if err := sameRelease("go1.26.8", "go1.26.8"); err != nil {
		t.Error(err)
	}
	err := sameRelease("go1.25.3", "go1.26.8")
	if err == nil || err.Error() != "the go command on PATH is go1.25.3, and gopherlab was built with go1.26.8" {
		t.Errorf("error %v", err)
	}
}

// check type-checks src, a main package, against the toolchain's packages.
func check(t *testing.T, src string) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("main", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func TestSymbolTable(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // lines the table holds
		refused   string   // what the error names, when there is one
	}{
		{"types functions variables", `type Celsius float64
func (c Celsius) String() string { return "" }
func fib(n int) int { return n }
var count int
type point struct{ x, y int }`,
			[]string{`"Celsius": _glreflect.ValueOf((*Celsius)(nil)),`, `"fib":     _glreflect.ValueOf(fib),`,
				`"count":   _glreflect.ValueOf(&count).Elem(),`, `"point":   _glreflect.ValueOf((*point)(nil)),`}, ""},
		{"constants keep their exact values", `const big = 1 << 100
const third = 1.0 / 3
const name = "gopher"
const yes = true
const typed int8 = 7`,
			[]string{`_glconstant.MakeFromLiteral("1267650600228229401496703205376", _gltoken.INT, 0)`,
				`_glconstant.BinaryOp(_glconstant.MakeFromLiteral("1", _gltoken.INT, 0), _gltoken.QUO, _glconstant.MakeFromLiteral("3", _gltoken.INT, 0))`,
				`_glconstant.MakeString("gopher")`, `_glconstant.MakeBool(true)`, `"typed": _glreflect.ValueOf(typed),`}, ""},
		{"no constants, no go/constant", `func f() {}`, []string{`_glreflect "reflect"`}, ""},
		{"generics and constraints are left to the caller", `type Stack[T any] []T
type Number interface{ ~int | ~float64 }
type IntStack = Stack[int]
type Num = Number
type Vec[T any] = []T
func Map[T, U any](s []T, f func(T) U) []U { return nil }
func ok() {}`, []string{`"IntStack": _glreflect.ValueOf((*IntStack)(nil)),`, `"ok":       _glreflect.ValueOf(ok),`}, ""},
		{"an interface gets a wrapper", `type Shape interface {
	Area() float64
	scale(by ...float64) (Shape, error)
}`, []string{`"_Shape": _glreflect.ValueOf((*_glmain_Shape)(nil)),`,
			"func (w _glmain_Shape) Area() float64 { return w.WArea() }",
			"func (w _glmain_Shape) scale(p0 ...float64) (Shape, error) { return w.Wscale(p0...) }"}, ""},
		{"the table's own name", `var Symbols = 1`, nil, "Symbols (the plugin's own name for its table)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := localTable(check(t, "package main\n\n"+tt.src), "gopherlab.cells/c1/c1")
			if tt.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("error %v, want one naming %s", err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// gofmt's alignment aside.
			space := regexp.MustCompile(`[ \t]+`)
			for _, line := range tt.want {
				if !strings.Contains(space.ReplaceAllString(string(table), " "), space.ReplaceAllString(line, " ")) {
					t.Errorf("no %s in\n%s", line, table)
				}
			}
			// What the table must not hold.
			absent := map[string][]string{"generics and constraints are left to the caller": {`"Stack"`, `"Number"`, `"_Number"`, `"Num"`, `"Vec"`, `"Map"`}}
			for _, name := range absent[tt.name] {
				if strings.Contains(string(table), name) {
					t.Errorf("%s in\n%s", name, table)
				}
			}
			if strings.Contains(tt.name, "no go/constant") && strings.Contains(string(table), "go/constant") {
				t.Errorf("go/constant imported for nothing:\n%s", table)
			}
		})
	}
}

func TestFindSaysWhy(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no go on PATH", map[string]string{"PATH": t.TempDir()}, "no go command on PATH"},
		{"cgo off", map[string]string{"CGO_ENABLED": "0"}, "cgo is off"},
		{"no C compiler", map[string]string{"CC": "no-such-cc"}, "no C compiler: no-such-cc is not on PATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, err := Find(context.Background())
			if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want ErrUnavailable saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("the reason takes more than one line: %q", err)
			}
		})
	}
}

// newBuilder is a Builder in a temporary directory, for this test binary,
// whose build flags it matches.
func newBuilder(t *testing.T) *Builder {
	t.Helper()
	tc, err := Find(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(tc, t.TempDir(), importer.Default())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// goRun is what the Go toolchain prints for a program of decls and a main
// of body.
func goRun(t *testing.T, decls, body string) string {
	t.Helper()
	dir := t.TempDir()
	prog := "package main\n\nimport \"fmt\"\n\n" + decls + "\nfunc main() {\n" + body + "\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "main.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	return string(out)
}

// The declarations of a plugin behave in interpreted code as in a Go
// program: a type's String method is its own, for fmt inside slices and
// maps, %T names it, an error type's Error and errors.As work, an untyped
// constant stays exact; and what the interpreted code prints is what the
// toolchain prints for the same program.
func TestPluginInTheInterpreter(t *testing.T) {
	decls := `type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type tooHot struct{ c Celsius }

func (e *tooHot) Error() string { return "too hot: " + e.c.String() }

func check(c Celsius) error {
	if c > 40 {
		return &tooHot{c}
	}
	return nil
}

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

const big = 1 << 40

var readings = map[string]Celsius{"noon": 31.5}
`
	body := `fmt.Println([]Celsius{20, 37.5}, readings)
fmt.Printf("%T %v\n", Celsius(1), Celsius(1))
err := check(45)
var hot *tooHot
fmt.Println(err, errors.As(err, &hot), hot)
fmt.Println(fib(20), big>>38)`
	b := newBuilder(t)
	p, err := b.Build(context.Background(), "c1", "package c1\n\nimport \"fmt\"\n\n"+decls)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(p.Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`import ("errors"; "fmt"; . "` + p.ImportPath + `")`); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(body); err != nil {
		t.Fatal(err)
	}
	// %T names the type main's, as a program's (asmain.go).
	want := goRun(t, "import \"errors\"\n\n"+decls, body)
	if out.String() != want {
		t.Errorf("interpreted with the plugin:\n%s\ngo run:\n%s", out.String(), want)
	}
}

// A variable of a plugin is one variable: what interpreted code sets, the
// compiled functions read. (yaegi v0.16.1 refuses a plain assignment, Hits
// = 41, to a compiled variable of a basic type, which it takes for a
// constant; through a pointer it reaches the variable. The cells' rewrite
// has to write assignments that way when their variables compile.)
func TestPluginVariableIsShared(t *testing.T) {
	b := newBuilder(t)
	p, err := b.Build(context.Background(), "counter", `package counter

var Hits int

func hit() int { Hits++; return Hits }
`)
	if err != nil {
		t.Fatal(err)
	}
	i := interp.New(interp.Options{})
	i.Use(stdlib.Symbols)
	i.Use(p.Symbols)
	if _, err := i.Eval(`import "` + p.ImportPath + `"`); err != nil {
		t.Fatal(err)
	}
	v, err := i.Eval(`counter.hit(); p := &counter.Hits; *p += 40; counter.hit()`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Interface(); got != 42 {
		t.Errorf("hit() after hits = 41 returned %v, want 42", got)
	}
}

// Two plugins may declare the same names, as a later cell redeclares an
// earlier one's: each keeps its own type and methods.
func TestPluginsRedeclare(t *testing.T) {
	b := newBuilder(t)
	var out []string
	for n, unit := range []string{"°C", "K"} {
		name := "temp" + strings.Repeat("x", n)
		p, err := b.Build(context.Background(), name, `package `+name+`

import "fmt"

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%g`+unit+`", float64(t)) }

func Reading() any { return Temp(20) }
`)
		if err != nil {
			t.Fatal(err)
		}
		reading := p.Symbols[p.ImportPath+"/"+name]["Reading"]
		out = append(out, reading.Call(nil)[0].Interface().(interface{ String() string }).String())
	}
	if strings.Join(out, " ") != "20°C 20K" {
		t.Errorf("the two plugins' readings print %q, want [20°C 20K]", out)
	}
	// Open, the plugins need their files no more, and the module keeps
	// none of them; the packages' sources stay, for later Builds.
	if sos, _ := filepath.Glob(filepath.Join(b.dir, filepath.FromSlash(b.cells), "*.so")); len(sos) > 0 {
		t.Errorf("the module keeps the plugins built: %s", sos)
	}
}

// A later Build imports an earlier one's package, by its ImportPath, and
// reaches its unexported names through Access: the two plugins share the
// package, its types (a value of the first plugin's type is the second's)
// and its variables.
func TestBuildImportsEarlierBuild(t *testing.T) {
	b := newBuilder(t)
	first, err := b.Build(context.Background(), "first", `package first

import "fmt"

type celsius float64

func (c celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

var Count int

func warm(c celsius) celsius { Count++; return c + 1 }

const limit = 40
`)
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.Build(context.Background(), "second", fmt.Sprintf(`package second

import f %q

type celsius = f.%s

var warm = f.%s

const limit = f.%s

func Hotter(c celsius) (celsius, int) {
	return warm(warm(c)) + limit, f.Count
}
`, first.ImportPath, Access("celsius"), Access("warm"), Access("limit")))
	if err != nil {
		t.Fatal(err)
	}
	firstSyms, secondSyms := first.Symbols[first.ImportPath+"/first"], second.Symbols[second.ImportPath+"/second"]
	c := firstSyms["warm"].Call([]reflect.Value{reflect.ValueOf(20.0).Convert(firstSyms["celsius"].Type().Elem())})[0]
	out := secondSyms["Hotter"].Call([]reflect.Value{c})
	if got := fmt.Sprint(out[0].Interface(), " ", out[1].Interface(), " ", firstSyms["Count"].Interface()); got != "63.0°C 3 3" {
		t.Errorf("Hotter(warm(20)) = %s, want 63.0°C 3 3: the plugins share the package's type and variable", got)
	}
	if _, err := b.Build(context.Background(), "first", "package first\n"); err == nil || !strings.Contains(err.Error(), "built already") {
		t.Errorf("a second first: %v", err)
	}
}

// What does not compile says where, in the lines of the source given;
// nothing is built.
func TestBuildErrors(t *testing.T) {
	b := newBuilder(t)
	tests := []struct{ name, src, want string }{
		{"syntax", "package bad\n\nfunc f( {\n", "bad.go:3:9: expected ')'"},
		{"types", "package types\n\nfunc f() int {\n\treturn \"x\"\n}\n", `types.go:4:9: cannot use "x"`},
		{"other name", "package cells\n", "the package is cells, not othername"},
		{"main", "package main\n", "cannot be main"},
		{"not a name", "package main\n", `package name "not-a-name" is not an identifier`},
		{"alias name", "package aliasname\n\nfunc f() {}\n\nvar Gl_f = 1\n", "Gl_f is the name of the alias by which other packages reach f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := map[string]string{"syntax": "bad", "types": "types", "not a name": "not-a-name"}[tt.name]
			if name == "" {
				name = strings.ReplaceAll(tt.name, " ", "")
			}
			_, err := b.Build(context.Background(), name, tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one with %q", err, tt.want)
			}
			if _, statErr := os.Stat(filepath.Join(b.dir, filepath.FromSlash(b.cells), name+".so")); statErr == nil {
				t.Errorf("%s.so was built", name)
			}
		})
	}
}

// BenchmarkBuild is the latency a small compiled cell adds, warm: the go
// command's build of one more plugin (its packages come from the build
// cache after the first) and opening it.
func BenchmarkBuild(b *testing.B) {
	tc, err := Find(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	builder, err := NewBuilder(tc, b.TempDir(), importer.Default())
	if err != nil {
		b.Fatal(err)
	}
	for n := 0; b.Loop(); n++ {
		// A new constant each time: the go command would reuse an
		// identical build.
		src := fmt.Sprintf("package b%d\n\nconst n = %d\n\nfunc fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\n", n, n)
		if _, err := builder.Build(context.Background(), fmt.Sprintf("b%d", n), src); err != nil {
			b.Fatal(err)
		}
	}
}

// An interpreted type that implements a compiled interface is passed to
// compiled code as one, through the interface's wrapper.
func TestInterpretedValueAsCompiledInterface(t *testing.T) {
	b := newBuilder(t)
	p, err := b.Build(context.Background(), "shapes", `package shapes

type Shape interface{ Area() float64 }

func Double(s Shape) float64 { return 2 * s.Area() }

func Total(shapes ...Shape) (sum float64) {
	for _, s := range shapes {
		sum += s.Area()
	}
	return sum
}
`)
	if err != nil {
		t.Fatal(err)
	}
	i := interp.New(interp.Options{})
	i.Use(stdlib.Symbols)
	i.Use(p.Symbols)
	if _, err := i.Eval(`import . "` + p.ImportPath + `"`); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`type square float64
func (s square) Area() float64 { return float64(s * s) }`); err != nil {
		t.Fatal(err)
	}
	// (yaegi v0.16.1 does not wrap the arguments of a compiled variadic
	// function, Total(square(2), square(3)): the cells' rewrite has to
	// pass such arguments as a slice when their functions compile.)
	for _, tt := range []struct {
		expr string
		want float64
	}{
		{"Double(square(3))", 18},
		{"Total([]Shape{square(2), square(3)}...)", 13},
	} {
		v, err := i.Eval(tt.expr)
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		if got := v.Interface(); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

func TestForward(t *testing.T) {
	pkg := check(t, `package main

import "io"

func none()                                      {}
func one(a int, r io.Reader) error                { return nil }
func spread(format string, args ...any) (int, error) { return 0, nil }
`)
	for _, tt := range []struct{ name, params, args, results string }{
		{"none", "", "", ""},
		{"one", "p0 int, p1 io.Reader", "p0, p1", " error"},
		{"spread", "p0 string, p1 ...any", "p0, p1...", " (int, error)"},
	} {
		sig := pkg.Scope().Lookup(tt.name).Type().(*types.Signature)
		params, args, results := Forward(sig, func(p *types.Package) string { return p.Name() })
		if params != tt.params || args != tt.args || results != tt.results {
			t.Errorf("%s: %q %q %q, want %q %q %q", tt.name, params, args, results, tt.params, tt.args, tt.results)
		}
	}
}

// A Build package's sources stay while its process lives, for later Builds
// to import; a new Builder removes those of processes that are gone.
func TestNewBuilderRemovesTheGone(t *testing.T) {
	tc, err := Find(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gone := filepath.Join(dir, "cells", "p2147483646-1", "cell1")
	mine := filepath.Join(dir, "cells", fmt.Sprintf("p%d-999", os.Getpid()), "cell1")
	for _, d := range []string{gone, mine} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := NewBuilder(tc, dir, importer.Default()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(gone)); !os.IsNotExist(err) {
		t.Errorf("the packages of a process that is gone stay (%v)", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("this process's packages went: %v", err)
	}
}

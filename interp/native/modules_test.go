package native

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"gopherlab/interp/native/nativetest"
)

// A module's package reaches interpreted code compiled: its functions,
// variables, constants, its types with their methods, and its interfaces,
// which interpreted values implement; what the interpreted code prints is
// what a compiled program prints with the same module.
func TestImportModule(t *testing.T) {
	nativetest.FileProxy(t, "example.com/greet", "v1.0.0", filepath.Join("testdata", "greet"))
	b := newBuilder(t)
	p, skipped, err := b.Import(context.Background(), "example.com/greet")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(skipped, "; ") != "Map (a generic function)" {
		t.Errorf("skipped %q, want the generic Map alone", skipped)
	}
	decls := `type shout struct{}

func (shout) Greet(name string) string { return strings.ToUpper("hey " + name) }
`
	body := `fmt.Println(greet.Hello("gopher"), greet.Hello("again"), greet.Count, greet.Version)
fmt.Println(greet.Polite{Title: "Dr"}.Greet("Who"))
fmt.Printf("%q\n", greet.Welcome(shout{}, []string{"a", "b"}))
fmt.Printf("%T %v\n", greet.Polite{}, greet.Polite{Title: "Ms"})`

	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	i.Use(stdlib.Symbols)
	if err := i.Use(p.Symbols); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{`import ("fmt"; "strings"; "example.com/greet")`, decls, body} {
		if _, err := i.Eval(src); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
	}

	// The toolchain's answer, in the builder's module, which has the
	// module now.
	prog := filepath.Join(b.dir, "prog")
	if err := os.Mkdir(prog, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n\n\t\"example.com/greet\"\n)\n\n" + decls + "\nfunc main() {\n" + body + "\n}\n"
	if err := os.WriteFile(filepath.Join(prog, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "./prog")
	cmd.Dir = b.dir
	want, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, want)
	}
	if out.String() != string(want) {
		t.Errorf("interpreted with the module's plugin:\n%s\ngo run:\n%s", out.String(), want)
	}
}

// What cannot be imported says so in one line that names it.
func TestImportErrors(t *testing.T) {
	nativetest.FileProxy(t, "example.com/greet", "v1.0.0", filepath.Join("testdata", "greet"))
	b := newBuilder(t)
	for _, tt := range []struct{ path, want string }{
		{"example.com/nothere", `import "example.com/nothere": go get: `},
		{"example.com/greet/nopkg", `import "example.com/greet/nopkg": go get: `},
	} {
		_, _, err := b.Import(context.Background(), tt.path)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Import(%q) error %v, want one starting %q", tt.path, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("Import(%q): the error takes more than a line: %q", tt.path, err)
		}
		t.Logf("%s: %v", tt.path, err)
	}
}

// Through the Go proxy, as a user's GOPROXY serves it (CI reaches it): two
// packages of one module, in two plugins that share the module's other
// packages.
func TestImportThroughTheProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("reaches the Go module proxy")
	}
	b := newBuilder(t)
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	i.Use(stdlib.Symbols)
	for _, path := range []string{"golang.org/x/text/cases", "golang.org/x/text/language"} {
		p, _, err := b.Import(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if err := i.Use(p.Symbols); err != nil {
			t.Fatal(err)
		}
	}
	for _, src := range []string{`import ("fmt"; "golang.org/x/text/cases"; "golang.org/x/text/language")`,
		`fmt.Println(cases.Title(language.Dutch).String("ijsselmeer gopher"))`} {
		if _, err := i.Eval(src); err != nil {
			t.Fatal(err)
		}
	}
	// Dutch title case capitalises the digraph ij as one letter.
	if got := out.String(); got != "IJsselmeer Gopher\n" {
		t.Errorf("printed %q", got)
	}
}

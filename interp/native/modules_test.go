package native

import (
	"bytes"
	"context"
	"go/constant"
	"go/importer"
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
	nativetest.Greet(t, "testdata", "example.com/greet")
	b := newBuilder(t)
	if _, err := b.Get(context.Background(), []string{"example.com/greet@v1.0.0"}); err != nil {
		t.Fatal(err)
	}
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
	nativetest.Greet(t, "testdata", "example.com/errors/greet")
	b := newBuilder(t)
	for _, tt := range []struct{ path, want string }{
		{"example.com/nothere", `import "example.com/nothere": go get: `},
		{"example.com/errors/greet/nopkg", `import "example.com/errors/greet/nopkg": go get: module example.com/errors/greet@upgrade found (v1.1.0), but does not contain package example.com/errors/greet/nopkg`},
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

// version is the Version constant of example.com/greet as a plugin has it.
func version(t *testing.T, p *Plugin) string {
	t.Helper()
	sym := p.Symbols[p.ImportPath+"/greet"]["Version"]
	v, ok := sym.Interface().(constant.Value)
	if !ok {
		t.Fatalf("greet.Version is not an untyped constant: %v", sym)
	}
	return constant.StringVal(v)
}

// %go get pins a module's version, and says what changed; a package then
// comes at that version (TestSharedModule's, the latest, without it).
func TestGet(t *testing.T) {
	nativetest.Greet(t, "testdata", "example.com/get/greet")
	ctx := context.Background()
	pinned := newBuilder(t)
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"example.com/get/greet@v1.0.0", []string{"example.com/get/greet v1.0.0 (added)"}},
		{"example.com/get/greet@v1.0.0", nil},
		{"example.com/get/greet@v1.1.0", []string{"example.com/get/greet v1.1.0 (was v1.0.0)"}},
		{"example.com/get/greet@v1.0.0", []string{"example.com/get/greet v1.0.0 (was v1.1.0)"}},
	} {
		changes, err := pinned.Get(ctx, []string{tt.query})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(changes, "; ") != strings.Join(tt.want, "; ") {
			t.Errorf("go get %s: changes %q, want %q", tt.query, changes, tt.want)
		}
	}
	if _, err := pinned.Get(ctx, []string{"example.com/get/greet@v9.9.9"}); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("go get of a version there is not: %v, want a one-line error", err)
	}
	p, _, err := pinned.Import(ctx, "example.com/get/greet")
	if err != nil {
		t.Fatal(err)
	}
	if v := version(t, p); v != "1.0" {
		t.Errorf("pinned at v1.0.0, greet.Version = %q", v)
	}
	// Loaded, the package stays at its version, and go get says so.
	changes, err := pinned.Get(ctx, []string{"example.com/get/greet@v1.1.0"})
	want := "example.com/get/greet v1.1.0 (was v1.0.0); loaded at v1.0.0 until the kernel restarts: example.com/get/greet"
	if err != nil || strings.Join(changes, "; ") != want {
		t.Errorf("go get after the import: %q, %v; want %q", changes, err, want)
	}
}

// A go.mod beside the notebook, or above it, pins the versions of the
// modules it requires.
func TestFollow(t *testing.T) {
	nativetest.Greet(t, "testdata", "example.com/follow/greet")
	class := t.TempDir()
	if err := os.WriteFile(filepath.Join(class, "go.mod"), []byte("module example.com/class\n\ngo 1.22\n\nrequire example.com/follow/greet v1.0.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	week := filepath.Join(class, "week1")
	if err := os.Mkdir(week, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod, ok := FindGoMod(week)
	if !ok || gomod != filepath.Join(class, "go.mod") {
		t.Fatalf("FindGoMod(%s) = %s, %v", week, gomod, ok)
	}
	b := newBuilder(t)
	if err := b.Follow(context.Background(), gomod); err != nil {
		t.Fatal(err)
	}
	p, _, err := b.Import(context.Background(), "example.com/follow/greet")
	if err != nil {
		t.Fatal(err)
	}
	if v := version(t, p); v != "1.0" {
		t.Errorf("the class's go.mod requires v1.0.0; greet.Version = %q", v)
	}
}

// The workers of several kernels share a module (ModuleDir): what one
// built, the next opens as it is, running no go command at all.
func TestSharedModule(t *testing.T) {
	nativetest.Greet(t, "testdata", "example.com/shared/greet")
	tc, err := Find(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	noGo := *tc
	noGo.goCmd = filepath.Join(t.TempDir(), "go") // there is none
	dir := t.TempDir()
	for _, tc := range []*Toolchain{tc, &noGo} {
		b, err := NewBuilder(tc, dir, importer.Default())
		if err != nil {
			t.Fatal(err)
		}
		p, _, err := b.Import(context.Background(), "example.com/shared/greet")
		if err != nil {
			t.Fatal(err)
		}
		if v := version(t, p); v != "1.1" {
			t.Errorf("with no version asked for, greet.Version = %q, want the latest, 1.1", v)
		}
	}
}

package interp

import (
	"path/filepath"
	"strings"
	"testing"

	"gopherlab/interp/native/nativetest"
)

// A cell imports a package of a Go module, served here by a GOPROXY on the
// file system: the package is built into a plugin and its declarations
// reach the cell compiled, the next cells keep it, an interpreted type
// implements its interface, and %reset's fresh interpreter has it again.
func TestImportModule(t *testing.T) {
	nativetest.FileProxy(t, "example.com/greet", "v1.0.0", filepath.Join("native", "testdata", "greet"))
	h := newHarness(t, "")
	if got := h.exec("import \"example.com/greet\"\n\ngreet.Hello(\"gopher\")"); got != `"Hello, gopher"` {
		t.Errorf("greet.Hello = %s", got)
	}
	h.exec(`type shout struct{}

func (shout) Greet(name string) string { return strings.ToUpper("hey " + name) }`)
	if got := h.exec(`fmt.Sprint(greet.Count, greet.Welcome(shout{}, []string{"a"}), greet.Polite{Title: "Dr"})`); got != `"1 [HEY A] {Dr}"` {
		t.Errorf("a later cell: %s", got)
	}
	h.exec("%reset")
	h.stdout.take()
	if got := h.exec("import \"example.com/greet\"\n\ngreet.Version"); got != `"1.0"` {
		t.Errorf("after %%reset: %s", got)
	}
}

// What cannot be imported is a CompileError at the import, in one line
// that names the package and says why; the interpreter goes on.
func TestImportModuleErrors(t *testing.T) {
	nativetest.FileProxy(t, "example.com/greet", "v1.0.0", filepath.Join("native", "testdata", "greet"))
	h := newHarness(t, "")
	h.exec("kept := 7")
	for _, tt := range []struct{ code, want string }{
		{"import \"example.com/nothere\"", `cell[2]:1:8: import "example.com/nothere": go get: module example.com/nothere: reading file://`},
		{"import (\n\t\"fmt\"\n\t\"example.com/greet/nopkg\"\n)", `cell[3]:3:2: import "example.com/greet/nopkg": go get: module example.com/greet@upgrade found (v1.0.0), but does not contain package example.com/greet/nopkg`},
	} {
		e := h.fail(tt.code)
		if e.Name != "CompileError" || !strings.HasPrefix(e.Value, tt.want) || strings.Contains(e.Value, "\n") {
			t.Errorf("%s: %s: %q, want a one-line CompileError starting %q", tt.code, e.Name, e.Value, tt.want)
		}
	}
	if got := h.exec("kept"); got != "7" {
		t.Errorf("kept = %s after the failed imports", got)
	}
}

// Without the go command a module cannot be built, and the error says so.
func TestImportModuleWithoutGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	h := newHarness(t, "")
	e := h.fail("import \"example.com/greet\"")
	want := `cell[1]:1:8: import "example.com/greet": a package of a module needs the go command to build it, and compiled cells are unavailable: no go command on PATH`
	if e.Name != "CompileError" || e.Value != want {
		t.Errorf("%s: %q, want %q", e.Name, e.Value, want)
	}
}

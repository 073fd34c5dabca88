package interp

import (
	"os/exec"
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
	moduleTest(t, "example.com/greet")
	h := newHarness(t, "")
	h.exec("%go get example.com/greet@v1.0.0")
	if out := h.stdout.take(); out != "go get: example.com/greet v1.0.0 (added)\n" {
		t.Errorf("%%go get printed %q", out)
	}
	if got := h.exec("import \"example.com/greet\"\n\ngreet.Hello(\"gopher\")"); got != `"Hello, gopher"` {
		t.Errorf("greet.Hello = %s", got)
	}
	if errs := h.stderr.take(); errs != "gopherlab: building example.com/greet into a plugin, once for the kernels of this directory\n" {
		t.Errorf("the first import's notice: %q", errs)
	}
	// Another kernel's worker for a notebook of this directory opens the
	// plugin built, with no build and no notice.
	other := newHarness(t, "")
	other.exec("%go get example.com/greet@v1.0.0")
	if got := other.exec("import \"example.com/greet\"\n\ngreet.Version"); got != `"1.0"` {
		t.Errorf("greet.Version in another interpreter: %s", got)
	}
	if errs := other.stderr.take(); errs != "" {
		t.Errorf("the second import built again: %q", errs)
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
	moduleTest(t, "example.com/errors/greet")
	h := newHarness(t, "")
	h.exec("kept := 7")
	for _, tt := range []struct{ code, want string }{
		{"import \"example.com/nothere\"", `cell[2]:1:8: import "example.com/nothere": go get: module example.com/nothere: `},
		{"import (\n\t\"fmt\"\n\t\"example.com/errors/greet/nopkg\"\n)", `cell[3]:3:2: import "example.com/errors/greet/nopkg": go get: module example.com/errors/greet@upgrade found (v1.1.0), but does not contain package example.com/errors/greet/nopkg`},
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

// Without the go command a module cannot be built or got, nor a cell
// compiled, and the errors say so.
func TestImportModuleWithoutGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	h := newHarness(t, "")
	for _, tt := range []struct{ code, name, value string }{
		{"import \"example.com/greet\"", "CompileError",
			`cell[1]:1:8: import "example.com/greet": a package of a module needs the go command to build it, and compiled cells are unavailable: no go command on PATH`},
		{"%go get example.com/greet@v1.0.0", "MagicError",
			"getting modules needs the go command, and compiled cells are unavailable: no go command on PATH"},
		{"%%compile\nx := 1", "CompileError",
			"%%compile needs the go command, and compiled cells are unavailable: no go command on PATH"},
	} {
		if e := h.fail(tt.code); e.Name != tt.name || e.Value != tt.value {
			t.Errorf("%s: %s: %q, want %s: %q", tt.code, e.Name, e.Value, tt.name, tt.value)
		}
	}
}

// moduleTest serves the test module greet as path from a GOPROXY on the
// file system, and gives the test a cache of its own, where the module
// that workers share is made.
func moduleTest(t *testing.T, path string) {
	nativetest.Greet(t, filepath.Join("native", "testdata"), path)
	userCacheOfTest(t)
}

// userCacheOfTest gives the test a user cache of its own, where the
// module that workers share is made. The go command's caches stay where
// they are: they follow the user's cache and home by default.
func userCacheOfTest(t *testing.T) {
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	caches := strings.Fields(string(out))
	t.Setenv("GOCACHE", caches[0])
	t.Setenv("GOMODCACHE", caches[1])
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache) // os.UserCacheDir on Linux and BSD
	t.Setenv("HOME", cache)           // on macOS
}

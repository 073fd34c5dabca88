package interp

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestStdSymbols runs cells that use what the unrestricted, syscall and
// interp/stdlib tables add to yaegi's: each must give its result, or fail
// as os.Exit does in a cell, never end the test's process.
func TestStdSymbols(t *testing.T) {
	tests := []struct {
		name, code string
		result     string // "" with errName set: the cell fails
		errName    string
	}{
		{name: "exec output", code: "import \"os/exec\"\nout, err := exec.Command(\"echo\", \"hi\").Output()\nstring(out) + fmt.Sprint(err)", result: `"hi\n<nil>"`},
		{name: "exec auto-import", code: "func missing() bool {\n\t_, err := exec.LookPath(\"no-such-command-gopherlab\")\n\treturn errors.Is(err, exec.ErrNotFound)\n}\nmissing()", result: "true"},
		{name: "exec exit error", code: "err := exec.Command(\"sh\", \"-c\", \"exit 3\").Run()\nvar ee *exec.ExitError\nerrors.As(err, &ee) && ee.ExitCode() == 3", result: "true"},
		{name: "syscall getpid", code: "import \"syscall\"\nsyscall.Getpid() == os.Getpid()", result: "true"},
		{name: "find own process", code: "p, err := os.FindProcess(os.Getpid())\np.Pid == os.Getpid() && err == nil", result: "true"},
		// What Go 1.23 to 1.26 added, from interp/stdlib's tables.
		{name: "os.OpenRoot (Go 1.24)", code: "root, err := os.OpenRoot(os.TempDir())\nfmt.Sprint(root.Name() == os.TempDir(), err)", result: `"true <nil>"`},
		{name: "reflect.SliceAt (Go 1.23)", code: "reflect.SliceAt(reflect.TypeOf(0), nil, 0).Len()", result: "0"},
		{name: "strings.Lines called (Go 1.24)", code: "n := 0\nstrings.Lines(\"a\\nb\\n\")(func(string) bool { n++; return true })\nn", result: "2"},
		{name: "range over strings.Lines", code: "var got []string\nfor l := range strings.Lines(\"a\\nb\\n\") {\n\tgot = append(got, l)\n}\nfmt.Sprintf(\"%q\", got)", result: `"[\"a\\n\" \"b\\n\"]"`},
		{name: "range over bytes.SplitSeq in a function", code: "func count() (n int) {\n\tfor part := range bytes.SplitSeq([]byte(\"x,y,z\"), []byte(\",\")) {\n\t\tn += len(part)\n\t}\n\treturn n\n}\ncount()", result: "3"},
		{name: "exec.ErrDot, missing from yaegi's unrestricted table", code: "errors.Is(exec.ErrDot, exec.ErrDot)", result: "true"},
		{name: "os.Exit still ends only the cell", code: "os.Exit(4)", errName: "exit"},
	}
	// The tables' self-exports, a way to the real os.Exit, stay out of the
	// tables. (A cell that imports yaegi's package gets it as any module's,
	// compiled, as it gets golang.org/x/sys/unix: compiled code that exits
	// ends the worker, which the supervisor reports and restarts.)
	pkgs := newPackages(nil)
	for _, path := range []string{"github.com/traefik/yaegi/stdlib/unrestricted", "github.com/traefik/yaegi/stdlib/syscall"} {
		if pkgs.compiled(path) {
			t.Errorf("a compiled table holds %s", path)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			if tt.errName == "" {
				if got := h.exec(tt.code); got != tt.result {
					t.Errorf("result %s, want %s", got, tt.result)
				}
				return
			}
			_, err := h.run(tt.code)
			var e *Error
			if !errors.As(err, &e) || e.Name != tt.errName {
				t.Fatalf("err = %v, want a %s error", err, tt.errName)
			}
			// The interpreter is still there, with its process.
			if got := h.exec("1 + 1"); got != "2" {
				t.Errorf("after the failed cell: %s, want 2", got)
			}
		})
	}
}

// TestStdSymbolsCompletion checks that completion and automatic imports
// know the packages the unrestricted and syscall tables add, and not the
// tables' own packages.
func TestStdSymbolsCompletion(t *testing.T) {
	h := newHarness(t, "")
	for _, tt := range []struct{ code, want string }{
		{`import "os/ex`, "os/exec"},
		{`import "sysc`, "syscall"},
		{"import \"os/exec\"\nexec.Comm", "Command"},
		{"syscall.Getp", "Getpid"},
		{"os.OpenR", "OpenRoot"}, // interp/stdlib (Go 1.24)
	} {
		got := h.in.Complete(tt.code, len(tt.code))
		if !slices.Contains(got.Matches, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q among them", tt.code, got.Matches, tt.want)
		}
	}
	code := `import "github.com/traefik/yaegi/stdlib/`
	for _, m := range h.in.Complete(code, len(code)).Matches {
		if strings.Contains(m, "unrestricted") || strings.Contains(m, "stdlib/syscall") {
			t.Errorf("Complete(%q) offers %q, a table cells must not reach", code, m)
		}
	}
	for name, want := range map[string]string{"exec": "os/exec", "syscall": "syscall"} {
		if got := h.in.pkgs.autoImports()[name]; got != want {
			t.Errorf("autoImports[%q] = %q, want %q", name, got, want)
		}
	}
}

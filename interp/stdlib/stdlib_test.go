package stdlib

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"testing"
)

// TestTablesUpToDate runs the generator into a temporary directory: the
// files it writes must be the package's, byte for byte, and no other.
func TestTablesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the standard library's source")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	dir := t.TempDir()
	cmd := exec.Command(goTool, "run", "./gen", "-o", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, out)
	}
	want, err := filepath.Glob(filepath.Join(dir, "go1_*.go"))
	if err != nil {
		t.Fatal(err)
	}
	have, err := filepath.Glob("go1_*.go")
	if err != nil {
		t.Fatal(err)
	}
	names := func(paths []string) []string {
		var ns []string
		for _, p := range paths {
			ns = append(ns, filepath.Base(p))
		}
		return ns
	}
	if !slices.Equal(names(want), names(have)) {
		t.Fatalf("the tables are stale: go generate writes %q, the package has %q; run go generate in interp/stdlib", names(want), names(have))
	}
	for _, p := range want {
		w, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		h, err := os.ReadFile(filepath.Base(p))
		if err != nil {
			t.Fatal(err)
		}
		if string(w) != string(h) {
			t.Errorf("%s is stale: run go generate in interp/stdlib", filepath.Base(p))
		}
	}
}

// TestTablesLoad builds every table: each symbol is a valid value, under
// a key "path/name". (A table may be empty: its package's exported names
// are all generic.)
func TestTablesLoad(t *testing.T) {
	if len(Tables) == 0 {
		t.Fatal("no tables: run go generate in interp/stdlib")
	}
	for key, build := range Tables {
		syms := build()
		if path.Dir(key) == "." {
			t.Errorf("table %q: bad key", key)
		}
		for name, v := range syms {
			if !v.IsValid() {
				t.Errorf("%s.%s: invalid value", key, name)
			}
		}
	}
}

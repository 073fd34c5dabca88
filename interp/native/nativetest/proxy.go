// Package nativetest helps the tests of what builds Go modules into
// plugins (gopherlab/interp/native and the interpreter) run offline.
package nativetest

import (
	"archive/zip"
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FileProxy serves versions of the module path, each from the directory
// of its source, from a GOPROXY on the file system, and points the go
// command at it first, with no checksum database for path: the tests of
// modules need no network for their module.
func FileProxy(t *testing.T, path string, versions map[string]string) {
	t.Helper()
	root := t.TempDir()
	at := filepath.Join(root, filepath.FromSlash(path), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	list := slices.Sorted(maps.Keys(versions))
	write := func(name string, text []byte) {
		if err := os.WriteFile(filepath.Join(at, name), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("list", []byte(strings.Join(list, "\n")+"\n"))
	for _, version := range list {
		gomod, archive := zipOf(t, path, version, versions[version])
		write(version+".info", []byte(`{"Version":"`+version+`","Time":"2026-01-01T00:00:00Z"}`))
		write(version+".mod", gomod)
		write(version+".zip", archive)
	}
	// Other modules (those the binary links, which the builder pins, and
	// theirs) come from the module cache, or where the user's go command
	// gets them.
	proxy, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(root)+","+strings.TrimSpace(string(proxy)))
	t.Setenv("GONOSUMDB", path) // the checksum database never saw it
	t.Setenv("GOFLAGS", "-modcacherw")
}

// zipOf is the module zip of the files in dir, as version of path, and
// its go.mod.
func zipOf(t *testing.T, path, version, dir string) (gomod, archive []byte) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		text, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if f.Name() == "go.mod" {
			// Served as path, whatever the directory's module says:
			// tests serve one source under paths of their own.
			text = []byte("module " + path + "\n\ngo 1.22\n")
			gomod = text
		}
		w, err := zw.Create(path + "@" + version + "/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(text); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return gomod, b.Bytes()
}

// Greet serves the test module of package greet as path, v1.0.0 and
// v1.1.0, from testdata, the directory of gopherlab/interp/native's test
// data. A process opens one version of a package: each test that loads
// one has a path of its own.
func Greet(t *testing.T, testdata, path string) {
	FileProxy(t, path, map[string]string{
		"v1.0.0": filepath.Join(testdata, "greet"),
		"v1.1.0": filepath.Join(testdata, "greet-v1.1.0"),
	})
}

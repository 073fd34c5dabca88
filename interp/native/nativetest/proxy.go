// Package nativetest helps the tests of what builds Go modules into
// plugins (gopherlab/interp/native and the interpreter) run offline.
package nativetest

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FileProxy serves the module in dir as version of path from a
// GOPROXY on the file system, and points the go command at it, with no
// checksum database: the tests of modules run offline. The modules this
// test binary links come from the module cache.
func FileProxy(t *testing.T, path, version, dir string) {
	t.Helper()
	root := t.TempDir()
	at := filepath.Join(root, filepath.FromSlash(path), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	var archive bytes.Buffer
	zw := zip.NewWriter(&archive)
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var gomod []byte
	for _, f := range files {
		text, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if f.Name() == "go.mod" {
			gomod = text
		}
		w, err := zw.Create(path + "@" + version + "/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		w.Write(text)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": []byte(`{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}`),
		version + ".mod":  gomod,
		version + ".zip":  archive.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(at, name), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(root))
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GOFLAGS", "-modcacherw")
}

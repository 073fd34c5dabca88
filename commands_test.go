package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestKernelExecutable checks which gopherlab-kernel install names: the
// executable file beside gopherlab, nothing else.
func TestKernelExecutable(t *testing.T) {
	tests := []struct {
		name  string
		setup func(dir string) error // makes what lies beside gopherlab
		want  bool
	}{
		{"none", func(string) error { return nil }, false},
		{"executable", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "gopherlab-kernel"), []byte("#!/bin/sh\n"), 0o755)
		}, true},
		{"not executable", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "gopherlab-kernel"), []byte("#!/bin/sh\n"), 0o644)
		}, false},
		{"a directory", func(dir string) error { return os.Mkdir(filepath.Join(dir, "gopherlab-kernel"), 0o755) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tt.setup(dir); err != nil {
				t.Fatal(err)
			}
			got := kernelExecutable(filepath.Join(dir, "gopherlab"))
			if want := filepath.Join(dir, "gopherlab-kernel"); (got == want) != tt.want || (!tt.want && got != "") {
				t.Errorf("kernelExecutable = %q, want it found: %v", got, tt.want)
			}
		})
	}
}

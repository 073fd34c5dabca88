package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestLessonRuns runs every notebook of the lesson with gopherlab run, as
// the README's first command does: no cell may fail. It builds gopherlab
// (without the race detector, which would slow the interpreter tenfold
// and report yaegi's own races) and runs it as a user would.
func TestLessonRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("the lesson takes half a minute; skipped in -short mode")
	}
	notebooks, err := filepath.Glob(filepath.Join("notebooks", "*.ipynb"))
	if err != nil || len(notebooks) == 0 {
		t.Fatalf("no notebooks/*.ipynb (%v)", err)
	}
	exe := filepath.Join(t.TempDir(), "gopherlab")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, path := range notebooks {
		t.Run(filepath.Base(path), func(t *testing.T) {
			start := time.Now()
			out, err := exec.Command(exe, "run", "-o", filepath.Join(t.TempDir(), "out.ipynb"), path).CombinedOutput()
			if err != nil {
				t.Fatalf("gopherlab run %s: %v\n%s", path, err, out)
			}
			t.Logf("gopherlab run %s: %s", path, time.Since(start).Round(time.Millisecond))
		})
	}
}

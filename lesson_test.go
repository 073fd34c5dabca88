package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopherlab/notebook"
)

// TestLessonRuns runs every notebook of the lesson with gopherlab run, as
// the README's first command does: no cell may fail. It builds gopherlab
// and runs it as a user would, rather than calling runCommand in this
// binary: under go test -race the worker would be this race-instrumented
// binary, ten times slower and reporting yaegi's own races.
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
	var total time.Duration
	for _, path := range notebooks {
		t.Run(filepath.Base(path), func(t *testing.T) {
			total += lessonRun(t, exe, path)
		})
	}
	t.Logf("gopherlab run: %d notebook(s) in %s", len(notebooks), total.Round(time.Millisecond))
}

// lessonRun runs one notebook and checks that every code cell ran and
// none failed; it returns how long the run took.
func lessonRun(t *testing.T, exe, path string) time.Duration {
	t.Helper()
	// A hung cell fails the test instead of holding it until go test's
	// deadline; a healthy lesson takes a fraction of this.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	outPath := filepath.Join(t.TempDir(), "out.ipynb")
	start := time.Now()
	cmd := exec.CommandContext(ctx, exe, "run", "-timeout", "2m", "-o", outPath, path)
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		t.Fatalf("gopherlab run %s: %v\n%s", path, err, out)
	}
	t.Logf("gopherlab run %s: %s", path, took.Round(time.Millisecond))

	nb, err := notebook.Read(outPath)
	if err != nil {
		t.Fatalf("the executed notebook: %v", err)
	}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		if c.ExecutionCount == nil {
			t.Errorf("%s cell %d did not run", path, i)
		}
		for _, o := range c.Outputs {
			if o["output_type"] == "error" {
				t.Errorf("%s cell %d failed:\n%s\n%s", path, i, c.Source, strings.TrimSpace(o.Text()))
			}
		}
	}
	return took
}

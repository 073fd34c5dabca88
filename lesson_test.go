package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopherlab/internal/notebook"
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
	checkSlides(t, path, nb)
	if filepath.Base(path) == "concurrency.ipynb" {
		checkLessonFacts(t, nb)
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

// lessonFacts are what the concurrency lesson's text claims and a fresh
// run must print: none depends on idle cores, so they hold on a loaded
// machine. tests/jupyter/test_lesson.py checks the timings, with margins.
var lessonFacts = []struct{ claim, pattern string }{
	{"the goroutine cost is compiled Go's, with the MemStats fields named",
		`(?m)^100,000 goroutines, in compiled Go, each:\n  start: +[\d.]+ (ns|µs|ms)\n` +
			`  stack: +[\d.]+ KB \(MemStats\.StackInuse\)\n  from the OS: +[\d.]+ KB \(MemStats\.Sys\)`},
	{"switching is measured", `(?m)^a switch between two goroutines over a channel: [\d.]+ (ns|µs)$`},
	{"the process pool's results cost megabytes each", `(?m)^each result: \d,\d{3},\d{3} bytes over a pipe$`},
	{"a buffer or a select ends the leak", `(?m)^both senders returned; nobody read either channel$`},
	{"the kernel recovers a goroutine's panic",
		`(?m)^panic in goroutine: assignment to entry in nil map \[recovered by gopherlab\]$`},
	{"and survives it", `(?m)^the kernel is still here$`},
	{"a deadlock blocks", `(?m)^still blocked after 1s: in a program, a deadlock$`},
	{"the speed-up chart takes medians and shows the range", `range: the runs' lowest and highest speed-up`},
	{"Amdahl's serial fraction comes from the chart",
		`(?m)^([\d.]+× on \d+ workers \(runs [\d.]+–[\d.]+\): (serial fraction f = [\d.]+%|f is below)|one core: )`},
	{"the first error cancels the sibling",
		`(?m)^sibling: cancelled: another goroutine of the group failed \(missing: GET missing\.pdf: 404 Not Found\)$`},
}

// checkLessonFacts checks the lesson's facts in an executed notebook.
func checkLessonFacts(t *testing.T, nb *notebook.Notebook) {
	t.Helper()
	var out strings.Builder
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			out.WriteString(o.Text())
		}
	}
	for _, f := range lessonFacts {
		if !regexp.MustCompile(f.pattern).MatchString(out.String()) {
			t.Errorf("the lesson claims %s; its output lacks /%s/", f.claim, f.pattern)
		}
	}
}

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopherlab/internal/notebook"
)

// asGopherlab makes the test binary act as gopherlab itself, so that the
// commands under test can start it again as their worker.
const asGopherlab = "GOPHERLAB_TEST_BINARY_IS_GOPHERLAB"

func TestMain(m *testing.M) {
	if os.Getenv(asGopherlab) == "1" {
		main()
		os.Exit(0)
	}
	os.Setenv(asGopherlab, "1") // for the workers the tests start
	os.Exit(m.Run())
}

// writeNotebook writes a notebook of code cells (markdown when a source
// starts with "# ") and returns its path.
func writeNotebook(t *testing.T, sources ...string) string {
	t.Helper()
	nb := &notebook.Notebook{Nbformat: 4, NbformatMinor: 5, Metadata: map[string]any{
		"kernelspec": map[string]any{"name": "gopherlab", "display_name": "Go (gopherlab)", "language": "go"},
	}}
	for i, src := range sources {
		c := &notebook.Cell{ID: "c" + string(rune('a'+i)), Type: "code", Source: src}
		if strings.HasPrefix(src, "# ") {
			c.Type = "markdown"
		}
		nb.Cells = append(nb.Cells, c)
	}
	path := filepath.Join(t.TempDir(), "in.ipynb")
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func runNotebook(t *testing.T, args ...string) (stdout, stderr string, out *notebook.Notebook, err error) {
	t.Helper()
	outPath := filepath.Join(t.TempDir(), "out.ipynb")
	var o, e bytes.Buffer
	err = runCommand(append([]string{"-o", outPath}, args...), &o, &e)
	out, readErr := notebook.Read(outPath)
	if readErr != nil {
		t.Fatalf("the executed notebook: %v (stderr: %s)", readErr, e.String())
	}
	return o.String(), e.String(), out, err
}

func outputTexts(c *notebook.Cell) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		b.WriteString(o.Text())
	}
	return b.String()
}

func TestRunNotebook(t *testing.T) {
	path := writeNotebook(t,
		"# A title",
		`fmt.Println("hello")`,
		"x := 6 * 7\nx",
		"h := display.New()\nh.Text(\"first\")\nfmt.Println(\"between\")\nh.Text(\"second\")",
		`fmt.Fprintln(os.Stderr, "to stderr")`,
	)
	stdout, stderr, nb, err := runNotebook(t, path)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	for _, want := range []string{"In [1]: fmt.Println(\"hello\")\nhello\n", "Out[2]: 42\n", "first\nbetween\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "to stderr") {
		t.Errorf("stderr lacks the cell's stderr:\n%s", stderr)
	}
	cells := nb.Cells
	if cells[0].Type != "markdown" || cells[0].Outputs != nil {
		t.Errorf("markdown cell changed: %+v", cells[0])
	}
	wants := []struct {
		count int
		text  string
	}{{1, "hello\n"}, {2, "42\n"}, {3, "second\nbetween\n"}, {4, "to stderr\n"}}
	for i, w := range wants {
		c := cells[i+1]
		if c.ExecutionCount == nil || *c.ExecutionCount != w.count {
			t.Errorf("cell %d: execution_count %v, want %d", i+1, c.ExecutionCount, w.count)
		}
		if got := outputTexts(c); got != w.text {
			t.Errorf("cell %d: outputs %q, want %q", i+1, got, w.text)
		}
	}
}

func TestRunStopsAtAFailingCell(t *testing.T) {
	path := writeNotebook(t, "a := 1", `panic("boom")`, "b := a + 1\nb")
	_, stderr, nb, err := runNotebook(t, path)
	if err == nil {
		t.Fatal("run of a failing notebook succeeded")
	}
	if !strings.Contains(stderr, "boom") {
		t.Errorf("stderr lacks the panic:\n%s", stderr)
	}
	if nb.Cells[2].ExecutionCount != nil {
		t.Error("the cell after the failing one ran")
	}
	if o := nb.Cells[1].Outputs; len(o) == 0 || o[len(o)-1]["output_type"] != "error" {
		t.Errorf("failing cell's outputs: %v", o)
	}

	// With -continue, the rest runs, in the same interpreter.
	_, _, nb, err = runNotebook(t, "-continue", path)
	if err == nil {
		t.Error("-continue hid the failure from the exit status")
	}
	if got := outputTexts(nb.Cells[2]); got != "2\n" {
		t.Errorf("cell after the failure: %q, want %q", got, "2\n")
	}
}

func TestRunSurvivesAFatalError(t *testing.T) {
	path := writeNotebook(t,
		"m := map[int]int{}\nfor g := 0; g < 4; g++ { go func() { for i := 0; ; i++ { m[i%10] = i } }() }\nfor i := 0; ; i++ { m[i%10] = i }",
		"1 + 1",
	)
	_, _, nb, _ := runNotebook(t, "-continue", path)
	if got := outputTexts(nb.Cells[0]); !strings.Contains(got, "FatalError: fatal error: concurrent map writes") {
		t.Errorf("fatal cell's outputs: %q", got)
	}
	if got := outputTexts(nb.Cells[1]); got != "2\n" {
		t.Errorf("cell after the fatal error: %q, want %q", got, "2\n")
	}
}

// TestRunWritesValidNotebooks checks the executed notebook with nbformat's
// own validator, from the test venv (scripts/venv).
func TestRunWritesValidNotebooks(t *testing.T) {
	python := jupyterPython()
	if _, err := exec.Command(python, "-c", "import nbformat").CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs nbformat in %s (scripts/venv)", python)
		}
		t.Skip("no nbformat: create the test venv with scripts/venv")
	}
	outPath := filepath.Join(t.TempDir(), "out.ipynb")
	var o, e bytes.Buffer
	if err := runCommand([]string{"-o", outPath, filepath.Join("tests", "jupyter", "testdata", "hello.ipynb")}, &o, &e); err != nil {
		t.Fatalf("run: %v\n%s", err, e.String())
	}
	check := exec.Command(python, "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", outPath)
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("nbformat rejects the executed notebook: %v\n%s", err, out)
	}
}

func TestReorderFlags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.ipynb -o b.ipynb", "-o b.ipynb a.ipynb"},
		{"-o b.ipynb a.ipynb", "-o b.ipynb a.ipynb"},
		{"a.ipynb -continue -timeout 5s", "-continue -timeout 5s a.ipynb"},
		{"a.ipynb -o=b.ipynb", "-o=b.ipynb a.ipynb"},
		{"-- -odd.ipynb", "-odd.ipynb"},
	}
	for _, tt := range tests {
		got := strings.Join(reorderFlags(strings.Fields(tt.in), "o", "timeout"), " ")
		if got != tt.want {
			t.Errorf("reorderFlags(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

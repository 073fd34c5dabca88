package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// jupyterPython is the venv's Python that scripts/venv makes from the pinned
// tests/requirements.txt: JupyterLab, Notebook 7, jupyter_client 8 and the
// rest. GOPHERLAB_PYTHON names another interpreter that has them.
func jupyterPython() string {
	if p := os.Getenv("GOPHERLAB_PYTHON"); p != "" {
		return p
	}
	abs, _ := filepath.Abs(filepath.Join(".venv", "bin", "python"))
	return abs
}

// TestJupyter builds gopherlab, installs its kernelspec into a temporary
// prefix and runs tests/jupyter through the real Jupyter of the test venv.
func TestJupyter(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end Jupyter tests skipped in -short mode")
	}
	python := jupyterRequirePython(t)

	dir := t.TempDir()
	exe := filepath.Join(dir, "gopherlab")
	build := func(out, pkg string) {
		args := []string{"build", "-o", out}
		if os.Getenv("GOPHERLAB_RACE") == "1" {
			args = append(args, "-race")
		}
		jupyterRun(t, exec.Command("go", append(args, pkg)...))
	}
	build(exe, ".")
	// The kernel process of its own, beside it, which install names in the
	// kernelspec: the suites run the kernel as users who follow the README
	// get it.
	build(filepath.Join(dir, "gopherlab-kernel"), "./cmd/gopherlab-kernel")

	prefix := filepath.Join(dir, "prefix")
	jupyterRun(t, exec.Command(exe, "install", "--prefix", prefix))

	// The race detector writes its reports to file descriptor 2, which a
	// kernel hands to the cells; send them to files we can check instead.
	raceLog := filepath.Join(dir, "race")
	env := append(os.Environ(),
		"GORACE=log_path="+raceLog,
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"GOPHERLAB_KERNEL=gopherlab",
		// Keep the runtime files of these kernels out of the user's.
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"PYTHONDONTWRITEBYTECODE=1",
		"PYTHONUNBUFFERED=1",
		// Debian's debugpy warns about frozen modules on every start.
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
	)
	// One subtest per Python file, named without "test_" and ".py":
	// go test -run TestJupyter/protocol.
	files, err := filepath.Glob(filepath.Join("tests", "jupyter", "test_*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tests/jupyter/test_*.py (%v)", err)
	}
	for _, file := range files {
		module := strings.TrimSuffix(filepath.Base(file), ".py")
		t.Run(strings.TrimPrefix(module, "test_"), func(t *testing.T) {
			cmd := exec.Command(python, "-m", "unittest", "-v", module)
			cmd.Dir = filepath.Join("tests", "jupyter")
			cmd.Env = env
			jupyterRun(t, cmd)
			jupyterRaceReports(t, raceLog)
		})
	}
}

// jupyterRaceReports fails the test for each race report a kernel wrote
// (GORACE log_path appends the process id to the file name), and removes it.
func jupyterRaceReports(t *testing.T, logPath string) {
	t.Helper()
	reports, _ := filepath.Glob(logPath + ".*")
	for _, r := range reports {
		data, err := os.ReadFile(r)
		if err == nil && len(data) > 0 {
			t.Errorf("data race in a gopherlab kernel (%s):\n%s", filepath.Base(r), data)
		}
		os.Remove(r)
	}
}

// jupyterRequirePython returns the Python to run the suites with. It skips
// the test when that Python or its Jupyter is missing, and fails it instead
// in CI, where a missing piece means a broken setup.
func jupyterRequirePython(t *testing.T) string {
	t.Helper()
	python := jupyterPython()
	missing := ""
	if _, err := os.Stat(python); err != nil {
		missing = python
	} else {
		probe := exec.Command(python, "-c",
			"import jupyter_client, jupyter_kernel_test, nbclient, nbconvert, nbformat, jupyter_console, ipykernel, jupyterlab, notebook, playwright")
		if out, err := probe.CombinedOutput(); err != nil {
			missing = "Python modules: " + strings.TrimSpace(lastLine(string(out)))
		}
	}
	if missing == "" {
		return python
	}
	msg := "Jupyter end-to-end tests need " + missing + "; create the test venv with scripts/venv"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// jupyterRun runs cmd, streaming its output line by line into the test log
// as it arrives, and fails the test if it exits non-zero. A deadline short
// of the test binary's keeps a hung kernel from eating the whole timeout.
func jupyterRun(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	timeout := 15 * time.Minute
	if d, ok := t.Deadline(); ok {
		timeout = time.Until(d) - 30*time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	run := exec.CommandContext(ctx, cmd.Path, cmd.Args[1:]...)
	run.Dir, run.Env = cmd.Dir, cmd.Env
	run.WaitDelay = 10 * time.Second

	pr, pw := io.Pipe()
	run.Stdout, run.Stderr = pw, pw
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			t.Log(sc.Text())
		}
		io.Copy(io.Discard, pr)
	}()
	err := run.Run()
	pw.Close()
	<-done
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("%s: timed out after %v", strings.Join(cmd.Args, " "), timeout)
	}
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
}

package interp

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// loggerCells are the cells of TestLogger, run in order in one interpreter:
// l is a logger writing to the cell's standard error, with no flags, T a
// type with a String method.
var loggerCells = []struct {
	name, code string
	stderr     string
	exit       bool // the cell ends with "exit: exit status 1"
}{
	{name: "setup", code: "type T struct{}\nfunc (T) String() string { return \"tee\" }\nl := log.New(os.Stderr, \"p: \", 0)\nlog.SetFlags(0)"},
	{name: "package functions call String", code: "log.Println(T{})\nlog.Printf(\"%v|%s\", T{}, T{})", stderr: "tee\ntee|tee\n"},
	{name: "logger methods call String", code: "l.SetPrefix(\"q: \")\nl.Println(T{}, l.Prefix())\nl.Print()", stderr: "q: tee q: \nq: \n"},
	{name: "log.Fatalf", code: "log.Fatalf(\"bad %d\", 3)\nfmt.Println(\"not reached\")", stderr: "bad 3\n", exit: true},
	{name: "log.Fatal", code: "log.Fatal(\"a\", T{}, 1)", stderr: "atee 1\n", exit: true},
	{name: "log.Fatalln", code: "log.Fatalln(T{}, 1)", stderr: "tee 1\n", exit: true},
	{name: "log.Default is the standard logger", code: "log.Default().SetPrefix(\"d: \")\nlog.Print(log.Prefix())", stderr: "d: d: \n"},
	{name: "logger Fatalln", code: "l.Fatalln(\"a\", T{})", stderr: "q: a tee\n", exit: true},
	{name: "logger Fatalf", code: "l.Fatalf(\"%v!\", T{})", stderr: "q: tee!\n", exit: true},
	{name: "logger Fatal in a function", code: "func f(lg *log.Logger) { lg.Fatal(\"in f\") }\nf(l)", stderr: "q: in f\n", exit: true},
	{name: "logger variable Fatal", code: "var v log.Logger\nv.SetOutput(os.Stderr)\nv.Fatal(\"v\")", stderr: "v\n", exit: true},
	{name: "logger field Fatal", code: "type S struct{ lg *log.Logger }\ns := S{l}\ns.lg.Fatal(\"field\")", stderr: "q: field\n", exit: true},
	{name: "logger named as the package", code: "func shadow() {\n\tlog := log.New(os.Stderr, \"s: \", 0)\n\tlog.Fatal(\"shadow\")\n}\nshadow()", stderr: "s: shadow\n", exit: true},
	{name: "embedded logger", code: "type svc struct {\n\t*log.Logger\n\tname string\n}\nsv := svc{Logger: l, name: \"a\"}\nsv.Printf(\"%s %v\", sv.name, T{})\nsv.Fatalln(\"embedded\")", stderr: "q: a tee\nq: embedded\n", exit: true},
	{name: "embedded logger value", code: "type box struct{ log.Logger }\nvar bx box\nbx.SetOutput(os.Stderr)\nbx.Fatal(\"boxed\")", stderr: "boxed\n", exit: true},
	{name: "deeper embedded logger", code: "type outer struct{ svc }\no := &outer{sv}\nfo := o.Fatalf\nfo(\"%d deep\", 2)", stderr: "q: 2 deep\n", exit: true},
	{name: "method value Fatalf", code: "g := l.Fatalf\ng(\"mv %d\", 1)", stderr: "q: mv 1\n", exit: true},
	{name: "logger from a generic function", code: "func same[L any](x L) L { return x }\nsame(l).Fatalf(\"%s\", \"generic\")", stderr: "q: generic\n", exit: true},
	{name: "logger Panic", code: "defer func() { fmt.Fprintln(os.Stderr, \"recovered:\", recover()) }()\nl.Panicf(\"%v\", T{})", stderr: "q: tee\nrecovered: tee\n"},
	{name: "state kept", code: "log.Print(g != nil, s.lg == l)", stderr: "d: true true\n"},
}

// TestLogger runs loggerCells: the log package and Go's *log.Logger in
// cells, whose Fatal functions and methods end the cell, not the process.
func TestLogger(t *testing.T) {
	h := newHarness(t, "")
	for _, c := range loggerCells {
		_, err := h.run(c.code)
		var e *Error
		switch {
		case c.exit && (!errors.As(err, &e) || e.Name != "exit" || e.Value != "exit status 1"):
			t.Errorf("%s: err = %v, want exit: exit status 1", c.name, err)
		case !c.exit && err != nil:
			t.Errorf("%s: %v", c.name, err)
		}
		if got := h.stderr.take(); got != c.stderr {
			t.Errorf("%s: stderr %q, want %q", c.name, got, c.stderr)
		}
		if got := h.stdout.take(); got != "" {
			t.Errorf("%s: stdout %q, want none", c.name, got)
		}
	}
}

// TestLogFatalLikeGo runs log.Fatal in a cell and in a program that go run
// runs: the message on standard error must be the same, and the cell's
// error must give the program's exit status.
func TestLogFatalLikeGo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	const body = "log.SetFlags(0)\nlog.SetPrefix(\"app: \")\nlog.Fatalf(\"cannot open %s\", \"x.db\")"
	dir := t.TempDir()
	prog := "package main\n\nimport \"log\"\n\nfunc main() {\n" + body + "\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "run", "main.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("go run: %v, want an exit status\n%s", err, stderr.String())
	}
	// go run reports the program's exit status on a line of its own.
	goStderr, _, _ := strings.Cut(stderr.String(), "exit status ")

	h := newHarness(t, "")
	_, err = h.run(body)
	var e *Error
	if !errors.As(err, &e) || e.Name != "exit" {
		t.Fatalf("cell: err = %v, want an exit error", err)
	}
	if want := "exit status 1"; e.Value != want || !strings.Contains(stderr.String(), want) {
		t.Errorf("cell: %s; go run's stderr %q; want %s from both", e.Value, stderr.String(), want)
	}
	if got := h.stderr.take(); got != goStderr {
		t.Errorf("cell's stderr %q, go run's %q", got, goStderr)
	}
}

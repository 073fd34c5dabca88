package interp

// The cell corpus: notebook sessions, each run twice, once cell by cell in
// an Interpreter and once as the Go program that does what the cells do,
// built and run by the Go toolchain. Both must give the outputs the session
// file expects, so the expectations are Go's, never merely what the
// interpreter happens to print.
//
// # Session files
//
// testdata/corpus/*.txt each hold one session: cells run in order in one
// interpreter, each seeing what the ones before it defined. A file starts
// with header lines, then sections, each introduced by a line "-- name --":
//
//	# A line starting with # is a comment; blank lines are ignored.
//	category: runtime-errors     (required; one of corpusCategories)
//	fatal: true                  (the last cell kills the process)
//	-- cell --
//	the cell's code
//	-- out --
//	what the cell writes on standard output, exactly (absent: nothing)
//	-- stderr --
//	what it writes on standard error, exactly (absent: nothing)
//	-- result --
//	the text/plain of its trailing expression (%v, strings %q-quoted; absent: no result)
//	-- error --
//	Name: a regular expression the whole error value must match (absent: no error)
//	-- fatal --
//	a regular expression the first line of the dying process's stderr must match
//	-- xfail --
//	why the interpreter does not give the expected outputs today
//	-- cell --
//	…
//	-- program --
//	package main, the Go program the session corresponds to
//
// Sections after a "-- cell --" belong to that cell; "-- program --" comes
// last. The bodies of out and stderr are exact, newline included; those of
// result, error, fatal and xfail lose their final newline.
//
// # The program of a session
//
// The program is written by hand: a notebook lets a cell redefine what Go
// forbids to redefine, so no mechanical translation would do. Its
// package-level declarations are the cells' declarations (renamed where a
// cell redefines a name: T and T2); main does what the cells' statements
// do, cell after cell. The test adds a file to the program's package with
// these functions, which write what the kernel would show:
//
//	Cell(n)       cell n starts: what the program writes next is cell n's
//	Result(v…)    the cell's trailing expression has the values v…
//	Catch(func)   runs a cell that may panic: the panic becomes the cell's error,
//	              named "panic", as the kernel reports it
//	Exit(code)    stands for os.Exit(code) in a cell: the cell ends with the
//	              error "exit: exit status code", as the kernel reports it
//	GoPanic(r)    reports r, recovered in a goroutine where the kernel's guard
//	              recovers it (first deferred call of the goroutine), as
//	              "panic in goroutine: r [recovered by gopherlab]": a Go program
//	              would die, the kernel reports and goes on (the test rewrites
//	              the kernel's own wording of the report into these words)
//
// All the programs are built by one "go build" in a temporary module (with
// the go version of the toolchain, so loop variables are per iteration),
// then each is run: the outputs between its Cell marks must be the
// expected outputs of its cells, and it must exit 0, or, for a fatal
// session, die with exit status 2 and a first line of standard error, after
// the fatal cell's mark, that matches the cell's fatal pattern.
//
// # The interpreter's run
//
// TestCorpus runs each session's cells in a new Interpreter, in a child
// process (this test binary again), as the kernel's supervisor runs the
// interpreter: a cell may end the process (a fatal error, today a panic in
// some goroutines), and yaegi's own data races, which -race reports in
// cells that start goroutines, must not fail the test (they go to a log
// that the test counts). A fatal cell passes when the child dies with the
// fatal line; turning that death into an error the notebook shows is the
// supervisor's work. Nothing reads standard input: a cell that does fails.
// A cell marked xfail must fail, and the test fails when it passes, so
// that the list of what does not work stays true.
//
// The test logs the counts by category; with -corpus.report=FILE it also
// writes them, and every xfail, into FILE's "## Corpus pass rate" section:
//
//	go test ./interp/ -run TestCorpus -corpus.report=../docs/CELLS.md

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gopherlab/display"
	"gopherlab/symbols"
)

var corpusReport = flag.String("corpus.report", "", "write the corpus pass rate into this markdown `file`")

// corpusCategories are the categories a session may have, in the order
// the report lists them, with what they cover.
var corpusCategories = []corpusCategory{
	{"mixed", "imports, funcs, types and statements in any order, trailing expression"},
	{"redefinition", "variables, functions and types redefined by a later cell; a cell run again"},
	{"modern", "range over int, per-iteration loop variables, min/max/clear, range over func, generics"},
	{"concurrency", "goroutines, channels, select, sync, context"},
	{"big", "math/big"},
	{"json", "encoding/json"},
	{"packages", "the standard library of the toolchain beyond what yaegi's restricted Go 1.22 tables gave: os/exec, syscall, log's own *log.Logger and log.Fatal, what Go 1.23-1.26 added"},
	{"runtime-errors", "a runtime panic, then a working cell that sees the earlier state"},
	{"goroutine-panics", "a panic in a goroutine is reported and the kernel goes on"},
	{"fatal", "errors that kill the process: concurrent map writes, runaway recursion"},
	{"compiled", "%%compile cells: built as Go, real methods, their names for later cells, redefined"},
}

type corpusCategory struct{ name, about string }

// session is one file of testdata/corpus.
type session struct {
	category string
	fatal    bool // its last cell kills the process
	cells    []corpusCell
	program  string
}

// corpusCell is a cell of a session and what it must give.
type corpusCell struct {
	code        string
	out, stderr string
	result      *string // nil: no result
	errName     string  // "": no error
	errValue    string  // a regular expression for the error's value
	fatal       string  // a regular expression for the first line of stderr at death
	xfail       string  // why the interpreter fails it today
}

var sectionLine = regexp.MustCompile(`^-- ([a-z]+) --$`)

// parseSession parses a session file.
func parseSession(src string) (*session, error) {
	s := &session{}
	lines := strings.SplitAfter(src, "\n")
	i := 0
	// Headers.
	for ; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\n")
		if sectionLine.MatchString(line) {
			break
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want a header key: value, got %q", i+1, line)
		}
		value = strings.TrimSpace(value)
		switch key {
		case "category":
			s.category = value
		case "fatal":
			b, err := strconv.ParseBool(value)
			if err != nil {
				return nil, fmt.Errorf("line %d: %s: %w", i+1, key, err)
			}
			s.fatal = b
		default:
			return nil, fmt.Errorf("line %d: unknown header %q", i+1, key)
		}
	}
	// Sections.
	seen := map[string]bool{}
	for i < len(lines) {
		name := sectionLine.FindStringSubmatch(strings.TrimRight(lines[i], "\n"))[1]
		at := i + 1
		var body strings.Builder
		for i++; i < len(lines) && !sectionLine.MatchString(strings.TrimRight(lines[i], "\n")); i++ {
			body.WriteString(lines[i])
		}
		text := body.String()
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		if s.program != "" {
			return nil, fmt.Errorf("line %d: -- %s -- after the program", at, name)
		}
		if name == "cell" {
			s.cells = append(s.cells, corpusCell{code: text})
			seen = map[string]bool{}
			continue
		}
		if len(s.cells) == 0 {
			return nil, fmt.Errorf("line %d: -- %s -- before the first cell", at, name)
		}
		if seen[name] {
			return nil, fmt.Errorf("line %d: a second -- %s -- in one cell", at, name)
		}
		seen[name] = true
		c := &s.cells[len(s.cells)-1]
		oneLine := strings.TrimSuffix(text, "\n")
		switch name {
		case "out":
			c.out = text
		case "stderr":
			c.stderr = text
		case "result":
			c.result = &oneLine
		case "error":
			n, v, ok := strings.Cut(oneLine, ": ")
			if !ok || n == "" || strings.Contains(oneLine, "\n") {
				return nil, fmt.Errorf("line %d: want one line Name: value pattern, got %q", at, oneLine)
			}
			if _, err := regexp.Compile(v); err != nil {
				return nil, fmt.Errorf("line %d: %w", at, err)
			}
			c.errName, c.errValue = n, v
		case "fatal":
			if _, err := regexp.Compile(oneLine); err != nil || oneLine == "" || strings.Contains(oneLine, "\n") {
				return nil, fmt.Errorf("line %d: want one line regular expression, got %q", at, oneLine)
			}
			c.fatal = oneLine
		case "xfail":
			if oneLine == "" || strings.Contains(oneLine, "\n") {
				return nil, fmt.Errorf("line %d: want a one-line reason, got %q", at, oneLine)
			}
			c.xfail = oneLine
		case "program":
			if text == "" {
				return nil, fmt.Errorf("line %d: empty program", at)
			}
			s.program = text
		default:
			return nil, fmt.Errorf("line %d: unknown section -- %s --", at, name)
		}
	}
	return s, s.check()
}

// check validates what the grammar cannot.
func (s *session) check() error {
	if !slices.ContainsFunc(corpusCategories, func(c corpusCategory) bool { return c.name == s.category }) {
		return fmt.Errorf("unknown category %q", s.category)
	}
	if len(s.cells) == 0 || s.program == "" {
		return errors.New("a session needs cells and a program")
	}
	for i, c := range s.cells {
		last := i == len(s.cells)-1
		switch {
		case c.fatal != "" && (!s.fatal || !last):
			return fmt.Errorf("cell %d: a fatal cell must be the last of a session marked fatal: true", i+1)
		case s.fatal && last && c.fatal == "":
			return fmt.Errorf("cell %d: the last cell of a fatal session needs a -- fatal -- section", i+1)
		case c.fatal != "" && (c.result != nil || c.errName != ""):
			return fmt.Errorf("cell %d: a fatal cell can have neither result nor error", i+1)
		case c.result != nil && c.errName != "":
			return fmt.Errorf("cell %d: a cell has a result or an error, not both", i+1)
		}
	}
	return nil
}

// format writes a session in the file format; parseSession(format(s))
// gives s back.
func (s *session) format() string {
	var b strings.Builder
	fmt.Fprintf(&b, "category: %s\n", s.category)
	if s.fatal {
		b.WriteString("fatal: true\n")
	}
	section := func(name, body string) {
		b.WriteString("-- " + name + " --\n" + body)
	}
	for _, c := range s.cells {
		section("cell", c.code)
		if c.out != "" {
			section("out", c.out)
		}
		if c.stderr != "" {
			section("stderr", c.stderr)
		}
		if c.result != nil {
			section("result", *c.result+"\n")
		}
		if c.errName != "" {
			section("error", c.errName+": "+c.errValue+"\n")
		}
		if c.fatal != "" {
			section("fatal", c.fatal+"\n")
		}
		if c.xfail != "" {
			section("xfail", c.xfail+"\n")
		}
	}
	section("program", s.program)
	return b.String()
}

// loadedSession is a session file, parsed.
type loadedSession struct {
	name string // the file name without .txt
	path string
	*session
}

func loadCorpus(t testing.TB) []loadedSession {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var all []loadedSession
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := parseSession(string(src))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		all = append(all, loadedSession{strings.TrimSuffix(filepath.Base(p), ".txt"), p, s})
	}
	return all
}

// outcome is what a cell gave.
type outcome struct {
	Cell   int     `json:"cell"`
	Stdout string  `json:"stdout"`
	Stderr string  `json:"stderr"`
	Result *string `json:"result,omitempty"`
	// Err is the error as "Name: value".
	Err *string `json:"err,omitempty"`
	// Stdin is set when the cell read standard input.
	Stdin bool `json:"stdin,omitempty"`
}

// mismatches compares an outcome with what the cell expects.
func (c corpusCell) mismatches(o outcome) []string {
	var bad []string
	if o.Stdout != c.out {
		bad = append(bad, fmt.Sprintf("stdout %q, want %q", o.Stdout, c.out))
	}
	if o.Stderr != c.stderr {
		bad = append(bad, fmt.Sprintf("stderr %q, want %q", o.Stderr, c.stderr))
	}
	switch {
	case c.result == nil && o.Result != nil:
		bad = append(bad, fmt.Sprintf("result %q, want none", *o.Result))
	case c.result != nil && o.Result == nil:
		bad = append(bad, fmt.Sprintf("no result, want %q", *c.result))
	case c.result != nil && *o.Result != *c.result:
		bad = append(bad, fmt.Sprintf("result %q, want %q", *o.Result, *c.result))
	}
	switch {
	case c.errName == "" && o.Err != nil:
		bad = append(bad, fmt.Sprintf("error %q, want none", *o.Err))
	case c.errName != "" && o.Err == nil:
		bad = append(bad, fmt.Sprintf("no error, want %s: %s", c.errName, c.errValue))
	case c.errName != "":
		name, value, _ := strings.Cut(*o.Err, ": ")
		if name != c.errName || !regexp.MustCompile(`^(?:`+c.errValue+`)$`).MatchString(value) {
			bad = append(bad, fmt.Sprintf("error %q, want %s: %s", *o.Err, c.errName, c.errValue))
		}
	}
	if o.Stdin {
		bad = append(bad, "read standard input")
	}
	return bad
}

// corpusBuffer collects what cells write, from any goroutine.
type corpusBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *corpusBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *corpusBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *corpusBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.b.String()
	b.b.Reset()
	return s
}

// noStdin is the standard input of the corpus: the corpus never reads it.
type noStdin struct{ read atomic.Bool }

func (s *noStdin) Read([]byte) (int, error) {
	s.read.Store(true)
	return 0, io.EOF
}

// cellRunner runs a session's cells in one interpreter.
type cellRunner struct {
	in             *Interpreter
	stdout, stderr corpusBuffer
	stdin          noStdin
	count          int
}

func newCellRunner() (*cellRunner, error) {
	r := &cellRunner{}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: &r.stdout, Stderr: &r.stderr, Stdin: &r.stdin})
	r.in = in
	return r, err
}

// run runs a cell. The report of a goroutine's panic may come after the
// cell ends: what reaches stderr within a while counts as the cell's, as
// long as what came is a strict beginning of what the cell expects.
// Reports are compared in the corpus's words (see canonicalReports).
func (r *cellRunner) run(c corpusCell) outcome {
	r.count++
	// A runaway recursion takes its time to fill 256 MB of stack, all the
	// more in a binary built with -race on a busy machine.
	// So does a compiled cell's go command.
	timeout := 10 * time.Second
	if c.fatal != "" || strings.HasPrefix(c.code, "%%compile") {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	res, err := r.in.Execute(ctx, r.count, c.code)
	o := outcome{Cell: r.count}
	if res != nil {
		text, _ := res.Data[display.MIMEText].(string)
		o.Result = &text
	}
	if err != nil {
		var e *Error
		msg := "Go error: " + err.Error()
		if errors.As(err, &e) {
			msg = e.Name + ": " + e.Value
		}
		o.Err = &msg
	}
	deadline := time.Now().Add(2 * time.Second)
	for strictPrefix(canonicalReports(r.stderr.String()), c.stderr) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	o.Stdout, o.Stderr = r.stdout.take(), canonicalReports(r.stderr.take())
	o.Stdin = r.stdin.read.Swap(false)
	return o
}

func strictPrefix(s, of string) bool { return len(s) < len(of) && strings.HasPrefix(of, s) }

// canonicalReports rewrites the kernel's reports of goroutines' panics in
// the corpus's words, "panic in goroutine: VALUE [recovered by gopherlab]":
// what matters is the value and that the kernel goes on; where the kernel
// says the go statement was is its own business.
func canonicalReports(stderr string) string {
	return goPanicReport.ReplaceAllString(stderr, "panic in goroutine: $1 [recovered by gopherlab]")
}

var goPanicReport = regexp.MustCompile(`(?m)^panic in goroutine: (.*?) (?:\[[^\[\]]*recovered by gopherlab\]|\([^()]*recovered by gopherlab\))$`)

// Environment of a child process that runs one session (see runSession).
const (
	corpusSessionEnv  = "GOPHERLAB_CORPUS_SESSION"
	corpusOutcomesEnv = "GOPHERLAB_CORPUS_OUTCOMES"
)

func TestCorpus(t *testing.T) {
	if path := os.Getenv(corpusSessionEnv); path != "" {
		runChild(t, path, os.Getenv(corpusOutcomesEnv))
		return
	}
	// pass counts the cells that give what they expect, xfail those that
	// fail as marked, fail those that fail unmarked.
	type tally struct{ sessions, cells, pass, xfail, fail int }
	tallies := map[string]*tally{}
	var xfails []xfailCell
	sessions := loadCorpus(t)
	ran := 0
	for _, s := range sessions {
		t.Run(s.name, func(t *testing.T) {
			ran++
			ta := tallies[s.category]
			if ta == nil {
				ta = &tally{}
				tallies[s.category] = ta
			}
			ta.sessions++
			for i, bad := range runSession(t, s) {
				c := s.cells[i]
				ta.cells++
				where := fmt.Sprintf("%s cell %d", s.path, i+1)
				switch {
				case c.xfail != "" && len(bad) == 0:
					ta.pass++
					t.Errorf("%s passes now: remove its xfail (%s)", where, c.xfail)
				case c.xfail != "":
					ta.xfail++
					xfails = append(xfails, xfailCell{s.name, i + 1, c.xfail})
					t.Logf("%s: xfail (%s): %s", where, c.xfail, strings.Join(bad, "; "))
				case len(bad) > 0:
					ta.fail++
					t.Errorf("%s:\n%s\n%s", where, indent(c.code), strings.Join(bad, "\n"))
				default:
					ta.pass++
				}
			}
		})
	}
	var table strings.Builder
	table.WriteString("| category | sessions | cells | pass | xfail | fail | pass rate |\n|---|---:|---:|---:|---:|---:|---:|\n")
	var all tally
	for _, c := range corpusCategories {
		ta := tallies[c.name]
		if ta == nil {
			continue
		}
		all.sessions += ta.sessions
		all.cells += ta.cells
		all.pass += ta.pass
		all.xfail += ta.xfail
		all.fail += ta.fail
		fmt.Fprintf(&table, "| %s | %d | %d | %d | %d | %d | %s |\n", c.name, ta.sessions, ta.cells, ta.pass, ta.xfail, ta.fail, percent(ta.pass, ta.cells))
	}
	fmt.Fprintf(&table, "| **all** | %d | %d | %d | %d | %d | %s |\n", all.sessions, all.cells, all.pass, all.xfail, all.fail, percent(all.pass, all.cells))
	t.Logf("corpus by category:\n%s", table.String())
	switch {
	case *corpusReport == "":
	case ran < len(sessions):
		t.Errorf("-corpus.report needs every session: %d of %d ran", ran, len(sessions))
	default:
		if err := writeCorpusReport(*corpusReport, table.String(), xfails); err != nil {
			t.Error(err)
		}
	}
}

// xfailCell is a cell that fails as its xfail says, for the report.
type xfailCell struct {
	session string
	cell    int
	reason  string
}

func percent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(of))
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n\t")
}

// runChild is TestCorpus in a child process: it runs one session and
// writes each cell's outcome, as a line of JSON, as soon as it has it.
func runChild(t *testing.T, path, outcomes string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := parseSession(string(src))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(outcomes)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := newCellRunner()
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for i, c := range s.cells {
		// The process's own stderr, apart from what the cells write, has
		// what yaegi logs and the runtime's last words: the mark tells
		// which cell was running.
		fmt.Fprintf(os.Stderr, "\x1ecell %d\n", i+1)
		if err := enc.Encode(r.run(c)); err != nil {
			t.Fatal(err)
		}
	}
}

// runSession runs a session in a child process, where a cell may end the
// process without ending the test, and returns for each cell how it
// differs from what it expects, nothing when it passes. A fatal cell
// expects the process's death.
func runSession(t *testing.T, s loadedSession) [][]string {
	path, err := filepath.Abs(s.path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	outcomes := filepath.Join(dir, "outcomes.json")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCorpus$", "-test.count=1")
	cmd.Env = append(os.Environ(), corpusSessionEnv+"="+path, corpusOutcomesEnv+"="+outcomes,
		// Under -race, races are reported in files, not on stderr, where
		// they would come before a fatal cell's last words; and the race
		// runtime does not wait a second before exiting.
		"GORACE=log_path="+filepath.Join(dir, "race")+" atexit_sleep_ms=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	data, err := os.ReadFile(outcomes)
	if err != nil {
		t.Fatalf("child process: %v; %v\n%s", runErr, err, firstLines(stderr.String(), 20))
	}
	var got []outcome
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var o outcome
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("child outcome %q: %v", sc.Text(), err)
		}
		got = append(got, o)
	}
	checkRaces(t, dir)
	last := processStderr(stderr.String(), len(got)+1)
	died := fmt.Sprintf("the process died (%v) in cell %d: %s", runErr, len(got)+1, firstLines(last, 3))
	var verdicts [][]string
	for i, c := range s.cells {
		switch {
		case i < len(got):
			verdicts = append(verdicts, c.mismatches(got[i]))
		case c.fatal != "":
			var bad []string
			if runErr == nil {
				bad = append(bad, "the process did not die")
			}
			if first := firstLines(last, 1); !regexp.MustCompile(`^(?:` + c.fatal + `)$`).MatchString(first) {
				bad = append(bad, fmt.Sprintf("first line of stderr %q, want %s", first, c.fatal))
			}
			verdicts = append(verdicts, bad)
		case i == len(got):
			verdicts = append(verdicts, []string{died})
		default:
			verdicts = append(verdicts, []string{"not run: " + died})
		}
	}
	return verdicts
}

// processStderr is what a child process wrote on its own stderr while
// cell n ran (see runChild), with yaegi's log lines left out.
func processStderr(stderr string, n int) string {
	_, after, _ := strings.Cut(stderr, fmt.Sprintf("\x1ecell %d\n", n))
	chunk, _, _ := strings.Cut(after, "\x1e")
	var keep []string
	for _, l := range strings.SplitAfter(chunk, "\n") {
		if !yaegiLog.MatchString(l) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// yaegiLog matches what yaegi writes with the log package when it panics
// in its compiler, as "2026/01/02 15:04:05 nil type".
var yaegiLog = regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d `)

// checkRaces reads the race detector's reports in dir. yaegi v0.16.1
// races with itself when cells start goroutines, which is no failure of
// the corpus: those are counted. A race in which gopherlab's own code
// makes one of the accesses fails the test.
func checkRaces(t *testing.T, dir string) {
	logs, _ := filepath.Glob(filepath.Join(dir, "race.*"))
	yaegi := 0
	for _, l := range logs {
		data, err := os.ReadFile(l)
		if err != nil {
			t.Error(err)
			continue
		}
		for _, report := range strings.Split(string(data), "WARNING: DATA RACE")[1:] {
			if ours := raceInGopherlab(report); ours != "" {
				t.Errorf("data race in %s:%s", ours, firstLines(report, 40))
			} else {
				yaegi++
			}
		}
	}
	if yaegi > 0 {
		t.Logf("the race detector saw %d data race(s) within yaegi while this session ran", yaegi)
	}
}

// raceAccess matches the line that starts an access of a race report; the
// lines after it are its stack, a function then its file, innermost first.
var raceAccess = regexp.MustCompile(`(?i)^(previous )?(atomic )?(read|write) at 0x`)

// raceInGopherlab returns the function of gopherlab's that made an access
// of a race report, the innermost of its stack that is not the runtime's,
// reflect's or sync's, or "" when none did.
func raceInGopherlab(report string) string {
	lines := strings.Split(report, "\n")
	for i, l := range lines {
		if !raceAccess.MatchString(l) {
			continue
		}
		if f := innermostFunc(lines[i+1:]); strings.HasPrefix(f, "gopherlab/") {
			return f
		}
	}
	return ""
}

// innermostFunc returns the first function of a stack, as the race
// detector writes it, that is not the runtime's, reflect's or sync's.
func innermostFunc(stack []string) string {
	for _, l := range stack {
		f := strings.TrimSpace(l)
		switch {
		case f == "":
			return ""
		case !strings.HasSuffix(f, ")"): // a file:line
		case strings.HasPrefix(f, "runtime."), strings.HasPrefix(f, "reflect."), strings.HasPrefix(f, "sync."):
		default:
			return f
		}
	}
	return ""
}

func TestRaceInGopherlab(t *testing.T) {
	const yaegiRace = `
Write at 0x00c000338a48 by goroutine 37:
  github.com/traefik/yaegi/interp.getFunc.func1.1()
      /m/yaegi/interp/run.go:1922 +0xb32
  gopherlab/interp.(*Interpreter).run()
      /m/interp/cell.go:1 +0x1

Previous read at 0x00c000338a48 by goroutine 27:
  runtime.slicecopy()
      /go/src/runtime/slice.go:392 +0x0
  github.com/traefik/yaegi/interp.(*Interpreter).resizeFrame()
      /m/yaegi/interp/interp.go:486 +0x13d
`
	const ourRace = `
Read at 0x00c0001544f0 by goroutine 10:
  reflect.Value.Call()
      /go/src/reflect/value.go:369 +0xb5
  gopherlab/interp.(*goroutines).begin()
      /m/interp/goroutines.go:120 +0x1
`
	if got := raceInGopherlab(yaegiRace); got != "" {
		t.Errorf("race within yaegi blamed on %q", got)
	}
	if got := raceInGopherlab(ourRace); got != "gopherlab/interp.(*goroutines).begin()" {
		t.Errorf("race in gopherlab blamed on %q", got)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// corpusHelper is added to the package of every program; see the comment
// at the top of the file.
const corpusHelper = `package main

import (
	"fmt"
	"os"
	"strings"
)

// mark separates the program's output into cells and the values they show.
const mark = "\x1e"

func Cell(n int) {
	fmt.Fprintf(os.Stdout, mark+"cell %d\n", n)
	fmt.Fprintf(os.Stderr, mark+"cell %d\n", n)
}

func Result(vs ...any) {
	texts := make([]string, len(vs))
	for i, v := range vs {
		if s, ok := v.(string); ok {
			texts[i] = fmt.Sprintf("%q", s)
		} else {
			texts[i] = fmt.Sprintf("%v", v)
		}
	}
	fmt.Fprint(os.Stdout, mark+"result\n"+strings.Join(texts, ", "))
}

func Catch(cell func()) {
	defer func() {
		if r := recover(); r != nil {
			if code, ok := r.(exitStatus); ok {
				fmt.Fprintf(os.Stdout, mark+"error\nexit: exit status %d", int(code))
				return
			}
			var v string
			if err, ok := r.(error); ok {
				v = err.Error()
			} else {
				v = fmt.Sprint(r)
			}
			fmt.Fprint(os.Stdout, mark+"error\npanic: "+v)
		}
	}()
	cell()
}

// exitStatus is what Exit panics with.
type exitStatus int

// Exit stands for os.Exit in a cell, which the kernel reports as the
// cell's error: the program goes on to the next cell. (A cell's deferred
// calls do not run at os.Exit: the program leaves them out of that cell.)
func Exit(code int) { panic(exitStatus(code)) }

func GoPanic(r any) {
	if r != nil {
		fmt.Fprintf(os.Stderr, "panic in goroutine: %v [recovered by gopherlab]\n", r)
	}
}
`

// programOutcomes cuts a program's output into its cells' outcomes.
func programOutcomes(stdout, stderr string) ([]outcome, error) {
	var cells []outcome
	outs := strings.Split(stdout, "\x1e")
	if outs[0] != "" {
		return nil, fmt.Errorf("output before the first cell: %q", outs[0])
	}
	for _, chunk := range outs[1:] {
		tag, text, _ := strings.Cut(chunk, "\n")
		var n int
		if _, err := fmt.Sscanf(tag, "cell %d", &n); err == nil {
			if n != len(cells)+1 {
				return nil, fmt.Errorf("cell %d after cell %d", n, len(cells))
			}
			cells = append(cells, outcome{Cell: n, Stdout: text})
			continue
		}
		if len(cells) == 0 {
			return nil, fmt.Errorf("%s before the first cell", tag)
		}
		o := &cells[len(cells)-1]
		if o.Result != nil || o.Err != nil {
			return nil, fmt.Errorf("cell %d: %s after its result or error", o.Cell, tag)
		}
		switch tag {
		case "result":
			o.Result = &text
		case "error":
			o.Err = &text
		default:
			return nil, fmt.Errorf("unknown mark %q", tag)
		}
	}
	errs := strings.Split(stderr, "\x1e")
	if errs[0] != "" {
		return nil, fmt.Errorf("standard error before the first cell: %q", errs[0])
	}
	if len(errs)-1 != len(cells) {
		return nil, fmt.Errorf("%d cells on stdout, %d on stderr", len(cells), len(errs)-1)
	}
	for i, chunk := range errs[1:] {
		_, text, _ := strings.Cut(chunk, "\n")
		cells[i].Stderr = text
	}
	return cells, nil
}

// TestCorpusGo builds the programs of the sessions with the Go toolchain
// and checks that they give the outputs the sessions expect.
func TestCorpusGo(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go toolchain: %v", err)
	}
	sessions := loadCorpus(t)
	mod := t.TempDir()
	version := strings.Join(strings.SplitN(strings.TrimPrefix(runtime.Version(), "go"), ".", 3)[:2], ".")
	files := map[string]string{"go.mod": "module corpus\n\ngo " + version + "\n"}
	for _, s := range sessions {
		files[filepath.Join(s.name, "main.go")] = s.program
		files[filepath.Join(s.name, "corpus_helper.go")] = corpusHelper
	}
	for name, content := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(mod, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mod, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(mod, "bin")
	build := exec.Command(goTool, "build", "-o", bin+string(filepath.Separator), "./...")
	build.Dir = mod
	build.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// Run two at a time: the programs are quick, but the machine is small.
	type ran struct {
		stdout, stderr string
		err            error
	}
	results := make([]ran, len(sessions))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, s := range sessions {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(bin, s.name))
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			results[i] = ran{stdout.String(), stderr.String(), err}
		})
	}
	wg.Wait()

	for i, s := range sessions {
		t.Run(s.name, func(t *testing.T) {
			r := results[i]
			got, err := programOutcomes(r.stdout, r.stderr)
			if err != nil {
				t.Fatalf("program output: %v (exit: %v)\nstderr:\n%s", err, r.err, firstLines(r.stderr, 20))
			}
			var exit *exec.ExitError
			switch {
			case s.fatal && (!errors.As(r.err, &exit) || exit.ExitCode() != 2):
				t.Errorf("program exit: %v, want exit status 2", r.err)
			case !s.fatal && r.err != nil:
				t.Errorf("program exit: %v\nstderr:\n%s", r.err, firstLines(r.stderr, 20))
			}
			if len(got) != len(s.cells) {
				t.Errorf("program ran %d cells, the session has %d", len(got), len(s.cells))
			}
			for j, c := range s.cells {
				if j >= len(got) {
					break
				}
				if c.fatal != "" {
					if first := firstLines(got[j].Stderr, 1); !regexp.MustCompile(`^(?:` + c.fatal + `)$`).MatchString(first) {
						t.Errorf("cell %d: first line of stderr %q, want %s", j+1, first, c.fatal)
					}
					if got[j].Stdout != c.out {
						t.Errorf("cell %d: stdout %q, want %q", j+1, got[j].Stdout, c.out)
					}
					continue
				}
				if bad := c.mismatches(got[j]); len(bad) > 0 {
					t.Errorf("%s cell %d:\n%s\n%s", s.path, j+1, indent(c.code), strings.Join(bad, "\n"))
				}
			}
		})
	}
}

// FuzzParseSession checks that the parser never panics, and that what it
// accepts it gives back from its own formatting.
func FuzzParseSession(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.txt"))
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(string(src))
		}
	}
	for _, seed := range []string{
		"", "category: mixed\n-- cell --\n1\n-- result --\n1\n-- program --\npackage main\n",
		"category: mixed\n-- cell --\nx", "-- out --\n", "category: fatal\nfatal: true\n-- cell --\n-- fatal --\n(\n",
		"category: mixed\n-- cell --\n-- error --\npanic: a[\n-- program --\np", "category: mixed\n-- cell --\n-- result --\n-- program --\nx",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		s, err := parseSession(src)
		if err != nil {
			return
		}
		again, err := parseSession(s.format())
		if err != nil {
			t.Fatalf("formatted session does not parse: %v\n%s", err, s.format())
		}
		if !reflect.DeepEqual(again, s) {
			t.Fatalf("round trip changed the session:\n%q\n%q", src, s.format())
		}
	})
}

func TestParseSessionErrors(t *testing.T) {
	for _, src := range []string{
		"-- cell --\n1\n-- program --\np\n",                                                       // no category
		"category: nope\n-- cell --\n1\n-- program --\np\n",                                       // unknown category
		"category: mixed\ncolour: red\n-- cell --\n-- program --\np\n",                            // unknown header
		"category: mixed\n-- out --\n-- cell --\n-- program --\np\n",                              // section before a cell
		"category: mixed\n-- cell --\n-- out --\n-- out --\n-- program --\np\n",                   // twice in a cell
		"category: mixed\n-- cell --\n-- bogus --\n-- program --\np\n",                            // unknown section
		"category: mixed\n-- cell --\n-- error --\nno name\n-- program --\np\n",                   // error without Name:
		"category: mixed\n-- cell --\n-- error --\npanic: (\n-- program --\np\n",                  // bad pattern
		"category: mixed\n-- cell --\n-- program --\np\n-- cell --\n",                             // cell after the program
		"category: mixed\n-- cell --\n",                                                           // no program
		"category: mixed\n-- cell --\n-- fatal --\nx\n-- program --\np\n",                         // fatal cell, session not fatal
		"category: fatal\nfatal: true\n-- cell --\n-- program --\np\n",                            // fatal session, no fatal cell
		"category: mixed\n-- cell --\n-- result --\n1\n-- error --\npanic: x\n-- program --\np\n", // both
	} {
		if s, err := parseSession(src); err == nil {
			t.Errorf("parseSession(%q) = %+v, want an error", src, s)
		}
	}
}

// writeCorpusReport writes the table and the xfails into path's
// "## Corpus pass rate" section, first of the file's sections.
func writeCorpusReport(path, table string, xfails []xfailCell) error {
	var sec strings.Builder
	sec.WriteString(corpusHeading + "\n\n")
	sec.WriteString("How the interpreter does on the notebook sessions of `interp/testdata/corpus`. Each\n" +
		"session runs cell by cell in an interpreter (in a child process) and, as the hand-written\n" +
		"Go program it corresponds to, built and run by the Go toolchain; both must give the\n" +
		"outputs the session expects (`interp/corpus_test.go` explains the format). A cell passes\n" +
		"when the interpreter gives them; an xfail cell is one it gets wrong today, marked so, and\n" +
		"the test fails when it starts to pass. A fatal cell passes when the interpreter's process\n" +
		"dies with Go's fatal error, which the kernel's supervisor then reports.\n\n" +
		"Regenerate this section, from the repository's root, with\n\n" +
		"```\ngo test ./interp/ -run TestCorpus -corpus.report=../docs/CELLS.md\n```\n\n")
	sec.WriteString(table)
	sec.WriteString("\nCategories:\n\n")
	for _, c := range corpusCategories {
		fmt.Fprintf(&sec, "- **%s**: %s\n", c.name, c.about)
	}
	sec.WriteString("\n### Unsupported constructs\n\nThe xfail cells (session, cell number), by reason:\n\n")
	if len(xfails) == 0 {
		sec.WriteString("None.\n")
	}
	var reasons []string
	cells := map[string][]string{}
	for _, x := range xfails {
		if cells[x.reason] == nil {
			reasons = append(reasons, x.reason)
		}
		cells[x.reason] = append(cells[x.reason], fmt.Sprintf("`%s` %d", x.session, x.cell))
	}
	for _, r := range reasons {
		fmt.Fprintf(&sec, "- %s: %s\n", r, strings.Join(cells[r], ", "))
	}

	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		old, err = []byte("# Go in gopherlab cells\n"), nil
	}
	if err != nil {
		return fmt.Errorf("corpus report: %w", err)
	}
	return os.WriteFile(path, []byte(replaceSection(string(old), sec.String())), 0o644)
}

const corpusHeading = "## Corpus pass rate"

// replaceSection drops doc's corpus section, if any, and puts sec before
// its first "## " section, or at its end when it has none.
func replaceSection(doc, sec string) string {
	var kept []string
	in := false
	for _, l := range strings.SplitAfter(doc, "\n") {
		if h := strings.TrimRight(l, "\n"); strings.HasPrefix(h, "## ") {
			in = h == corpusHeading
		}
		if !in {
			kept = append(kept, l)
		}
	}
	for i, l := range kept {
		if strings.HasPrefix(l, "## ") {
			return strings.Join(kept[:i], "") + sec + "\n" + strings.Join(kept[i:], "")
		}
	}
	return strings.TrimRight(strings.Join(kept, ""), "\n") + "\n\n" + sec
}

func TestReplaceSection(t *testing.T) {
	sec := corpusHeading + "\n\nnew\n"
	for _, tt := range []struct{ doc, want string }{
		{"# T\n", "# T\n\n" + sec},
		{"# T\n\nintro\n\n## Modern\n\nm\n", "# T\n\nintro\n\n" + sec + "\n## Modern\n\nm\n"},
		{"# T\n\n" + corpusHeading + "\n\nold\n\n## Modern\n\nm\n", "# T\n\n" + sec + "\n## Modern\n\nm\n"},
		{"# T\n\n## Modern\n\nm\n\n" + corpusHeading + "\n\nold\n", "# T\n\n" + sec + "\n## Modern\n\nm\n\n"},
		{"# T\n\n" + corpusHeading + "\n\nold\n", "# T\n\n" + sec},
	} {
		got := replaceSection(tt.doc, sec)
		if got != tt.want {
			t.Errorf("replaceSection(%q) =\n%q\nwant\n%q", tt.doc, got, tt.want)
		}
		if again := replaceSection(got, sec); again != got {
			t.Errorf("replaceSection is not idempotent on %q: %q", got, again)
		}
	}
}

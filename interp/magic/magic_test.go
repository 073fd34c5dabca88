package magic

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the goroutines of exec.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// fakeHost records the Go it is given; its loops take perLoop a loop,
// without taking any time.
type fakeHost struct {
	stdout, stderr syncBuffer
	ran            []string // the text of each Run
	compiled       [][2]string
	perLoop        time.Duration
	loopRuns       []int // n of each Loop.Run
	fail           error // what Run returns
}

func (h *fakeHost) Run(_ context.Context, c Code) (any, error) {
	h.ran = append(h.ran, strings.TrimSpace(c.Text()))
	if len(c.Blanked()) != len(c.Cell) {
		return nil, errors.New("blanked code is not the cell's length")
	}
	return "result of " + strings.TrimSpace(c.Text()), h.fail
}

func (h *fakeHost) Compile(_ context.Context, setup, body Code) (Loop, error) {
	h.compiled = append(h.compiled, [2]string{setup.Text(), body.Text()})
	return fakeLoop{h}, nil
}

func (h *fakeHost) Stdout() io.Writer { return &h.stdout }
func (h *fakeHost) Stderr() io.Writer { return &h.stderr }

type fakeLoop struct{ h *fakeHost }

func (l fakeLoop) Run(ctx context.Context, n int) (time.Duration, error) {
	l.h.loopRuns = append(l.h.loopRuns, n)
	return time.Duration(n) * l.h.perLoop, ctx.Err()
}

// fullHost has the optional abilities too.
type fullHost struct {
	fakeHost
	names   []Name
	gs      []Goroutine
	resets  int
	queries [][]string // of each GetModules
	policy  string     // %compile's
}

func (h *fullHost) CompilePolicy() string { return "%compile " + h.policy }

func (h *fullHost) SetCompilePolicy(p string) error { h.policy = p; return nil }

func (h *fullHost) Names() []Name           { return h.names }
func (h *fullHost) Goroutines() []Goroutine { return h.gs }
func (h *fullHost) Reset() error            { h.resets++; return nil }

func (h *fullHost) GetModules(_ context.Context, queries []string) ([]string, error) {
	h.queries = append(h.queries, queries)
	if queries[0] == "example.com/none@v9" {
		return nil, errors.New("go get: example.com/none@v9: no matching versions")
	}
	var changes []string
	for _, q := range queries[1:] {
		changes = append(changes, strings.Replace(q, "@", " ", 1)+" (added)")
	}
	return changes, nil
}

func runCell(t *testing.T, h Host, src string) (any, error) {
	t.Helper()
	ps := Parse(src)
	if ps == nil {
		t.Fatalf("no magic in %q", src)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return Run(ctx, h, src, ps)
}

func TestRunInOrder(t *testing.T) {
	h := &fakeHost{}
	res, err := runCell(t, h, "x := 1\n!echo shell\n%time y := 2\nz")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"x := 1", "y := 2", "z"}; strings.Join(h.ran, "|") != strings.Join(want, "|") {
		t.Errorf("ran %q, want %q", h.ran, want)
	}
	if res != "result of z" {
		t.Errorf("result %v, want the last piece's", res)
	}
	if out := h.stdout.String(); !strings.HasPrefix(out, "shell\n") || !strings.Contains(out, "Wall time: ") {
		t.Errorf("stdout %q: want the shell's output, then %%time's", out)
	}
}

func TestRunStopsAtError(t *testing.T) {
	h := &fakeHost{fail: errors.New("compile error")}
	_, err := runCell(t, h, "x := 1\n!echo never")
	if err != h.fail {
		t.Errorf("err = %v, want the host's own", err)
	}
	if h.stdout.String() != "" {
		t.Errorf("ran on after the error: %q", h.stdout.String())
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		src, name, msg string
	}{
		{"%tme f()", "UsageError", "unknown magic %tme; did you mean %time?"},
		{"%timeitt f()", "UsageError", "did you mean %time, %timeit?"},
		{"%xyzzy", "UsageError", "unknown magic %xyzzy (%help lists the magics)"},
		{"%%tim\nx", "UsageError", "unknown magic %%tim; did you mean %%time"},
		{"%", "UsageError", "% needs a magic's name"},
		{"!", "UsageError", "! needs a command"},
		{"%time", "UsageError", "%time needs a statement"},
		{"%%time x\ny", "UsageError", "%%time takes no arguments"},
		{"x := 1\n%%time\ny", "UsageError", "%%time must be the first line of the cell"},
		{"%%time\n%%time\ny", "UsageError", "%%time must be the first line of the cell"},
		{"%%env\nx", "UsageError", "%env has no cell form"},
		{"%timeit", "UsageError", "%timeit needs a statement"},
		{"%timeit -n", "UsageError", "-n needs a whole number"},
		{"%timeit -n 0 f()", "UsageError", "-n needs a whole number ≥ 1, got \"0\""},
		{"%timeit -x f()", "UsageError", "unknown option -x"},
		{"%%timeit\n", "UsageError", "%%timeit needs code"},
		{"%%timeit\nx := 1\n!ls", "UsageError", "%%timeit times Go only"},
		{"%gomaxprocs 0", "UsageError", "%gomaxprocs takes a whole number ≥ 1"},
		{"%gomaxprocs many", "UsageError", "%gomaxprocs takes"},
		{"%who vars", "UsageError", `not "vars"`},
		{"%help me", "UsageError", "%help takes no arguments"},
		{"%reset -s", "UsageError", `%reset takes no arguments but -f, got "-s"`},
		{"%env =x", "UsageError", "%env needs a variable's name"},
		{"%who", "MagicError", "%who is not available in this interpreter"},
		{"%reset", "MagicError", "%reset is not available"},
		{"%goroutines", "MagicError", "%goroutines is not available"},
		{"%env GOPHERLAB_SURELY_UNSET_VARIABLE", "MagicError", "environment variable GOPHERLAB_SURELY_UNSET_VARIABLE is not set"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			h := &fakeHost{}
			src := "before := 1\n" + tc.src
			if strings.HasPrefix(tc.src, "%%") && !strings.HasPrefix(tc.src, "%%time\n%%") {
				src = tc.src // a cell magic must come first
			}
			_, err := runCell(t, h, src)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want a *Error", err)
			}
			if e.Name != tc.name || !strings.Contains(e.Value, tc.msg) {
				t.Errorf("err = %v, want %s containing %q", err, tc.name, tc.msg)
			}
			if e.Name == "UsageError" && len(h.ran) > 0 {
				t.Errorf("ran %q before reporting a usage error", h.ran)
			}
			if line := strings.TrimLeft(src[e.At:], " "); !strings.HasPrefix(line, "%") && !strings.HasPrefix(line, "!") {
				t.Errorf("error at %d, %q: not the magic's line", e.At, line)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	h := &fakeHost{}
	if _, err := runCell(t, h, "%help"); err != nil {
		t.Fatal(err)
	}
	out := h.stdout.String()
	for name := range commands {
		if !regexp.MustCompile(`(?m)^%%?` + name + `\b.*\S`).MatchString(out) { // %%name: a cell magic alone
			t.Errorf("%%help has no line for %%%s:\n%s", name, out)
		}
	}
	for _, want := range []string{"!COMMAND", "A cell is Go"} {
		if !strings.Contains(out, want) {
			t.Errorf("%%help lacks %q:\n%s", want, out)
		}
	}
}

func TestTimeit(t *testing.T) {
	for _, tc := range []struct {
		src        string
		perLoop    time.Duration
		loops      int
		runs       int
		setup, run string
		out        string
	}{
		// 1, 10, 100 loops take less than 0.2 s; 1000 take 1 s.
		{"%timeit f()", time.Millisecond, 1000, 7, "", "f()", "1 ms ± 0 ns per loop (mean ± std. dev. of 7 runs, 1000 loops each)\n"},
		{"%timeit -n 5 -r 3 f()", time.Microsecond, 5, 3, "", "f()", "1 µs ± 0 ns per loop (mean ± std. dev. of 3 runs, 5 loops each)\n"},
		{"%timeit -n1 -r1 -- -x", time.Second, 1, 1, "", "-x", "1 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)\n"},
		{"%%timeit -r 2 s := 0\ns++\ns--", 3 * time.Second, 1, 2, "s := 0", "s++\ns--", "3 s ± 0 ns per loop (mean ± std. dev. of 2 runs, 1 loop each)\n"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			h := &fakeHost{perLoop: tc.perLoop}
			if _, err := runCell(t, h, tc.src); err != nil {
				t.Fatal(err)
			}
			if len(h.compiled) != 1 || h.compiled[0] != [2]string{tc.setup, tc.run} {
				t.Errorf("compiled %q, want once setup %q body %q", h.compiled, tc.setup, tc.run)
			}
			timed := h.loopRuns[len(h.loopRuns)-tc.runs:]
			for _, n := range timed {
				if n != tc.loops {
					t.Errorf("runs of %v loops, want %d each", h.loopRuns, tc.loops)
					break
				}
			}
			if got := h.stdout.String(); got != tc.out {
				t.Errorf("printed %q, want %q", got, tc.out)
			}
		})
	}
}

func TestTimeitInterrupted(t *testing.T) {
	h := &fakeHost{perLoop: time.Microsecond}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := "%timeit f()"
	_, err := Run(ctx, h, src, Parse(src))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the interrupt", err)
	}
}

func TestTimeCell(t *testing.T) {
	h := &fakeHost{}
	res, err := runCell(t, h, "%%time\nx := 1\n%env GOPHERLAB_TEST_TIME=1\nx")
	defer os.Unsetenv("GOPHERLAB_TEST_TIME")
	if err != nil {
		t.Fatal(err)
	}
	if res != "result of x" || strings.Join(h.ran, "|") != "x := 1|x" {
		t.Errorf("ran %q, result %v", h.ran, res)
	}
	cpu := `CPU times: user \S+ (s|ms|µs|ns), sys: \S+ (s|ms|µs|ns), total: \S+ (s|ms|µs|ns)\n`
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		cpu = ""
	}
	re := regexp.MustCompile(`^env: GOPHERLAB_TEST_TIME=1\n` + cpu + `Wall time: [\d.]+ (s|ms|µs|ns)\n$`)
	if out := h.stdout.String(); !re.MatchString(out) {
		t.Errorf("printed %q, want it to match %s", out, re)
	}
}

func TestParseTimeit(t *testing.T) {
	for _, tc := range []struct {
		args         string
		loops, runs  int
		code         string
		errSubstring string
	}{
		{"f()", 0, 7, "f()", ""},
		{"-n 10 f()", 10, 7, "f()", ""},
		{"-r 2 -n 3 f(x, y)", 3, 2, "f(x, y)", ""},
		{"-n3 -r4 f()", 3, 4, "f()", ""},
		{"-- -x", 0, 7, "-x", ""},
		{"-n 3", 3, 7, "", ""},
		{"-q f()", 0, 0, "", "unknown option -q"},
		{"-n x f()", 0, 0, "", `-n needs a whole number ≥ 1, got "x"`},
		{"-r -1 f()", 0, 0, "", "-r needs a whole number"},
	} {
		o, err := parseTimeit(tc.args)
		switch {
		case tc.errSubstring != "":
			if err == nil || !strings.Contains(err.Error(), tc.errSubstring) {
				t.Errorf("parseTimeit(%q): err = %v, want %q", tc.args, err, tc.errSubstring)
			}
		case err != nil:
			t.Errorf("parseTimeit(%q): %v", tc.args, err)
		case o.loops != tc.loops || o.runs != tc.runs || tc.args[o.code:] != tc.code:
			t.Errorf("parseTimeit(%q) = -n %d -r %d code %q, want -n %d -r %d code %q", tc.args, o.loops, o.runs, tc.args[o.code:], tc.loops, tc.runs, tc.code)
		}
	}
}

func TestFormatTime(t *testing.T) {
	for _, tc := range []struct {
		s    float64
		want string
	}{
		{0, "0 ns"},
		{1.5, "1.5 s"},
		{0.5, "500 ms"},
		{0.012, "12 ms"},
		{0.0012345, "1.23 ms"},
		{1.23e-6, "1.23 µs"},
		{5e-8, "50 ns"},
		{4e-10, "0.4 ns"},
		{9.996e-4, "1 ms"}, // not 1e+03 µs
		{59.9, "59.9 s"},
		{65, "1min 5s"},
		{3605, "1h 5s"},
		{90061.5, "1d 1h 1min 1s"},
	} {
		if got := formatTime(tc.s); got != tc.want {
			t.Errorf("formatTime(%v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestEnv(t *testing.T) {
	const name = "GOPHERLAB_TEST_ENV"
	t.Setenv(name, "")
	os.Unsetenv(name)
	t.Setenv("GOPHERLAB_TEST_API_TOKEN", "s3cret")
	h := &fakeHost{}
	for _, cell := range []string{"%env " + name + "=a b", "%env " + name, "%env " + name + " c  d", "%env " + name, "%env"} {
		if _, err := runCell(t, h, cell); err != nil {
			t.Fatalf("%s: %v", cell, err)
		}
	}
	out := h.stdout.String()
	want := "env: " + name + "=a b\na b\nenv: " + name + "=c  d\nc  d\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("printed %q, want it to start with %q", out, want)
	}
	list := strings.TrimPrefix(out, want)
	for _, line := range []string{name + "=c  d", "GOPHERLAB_TEST_API_TOKEN=<hidden>"} {
		if !strings.Contains(list, "\n"+line+"\n") {
			t.Errorf("%%env lists no line %q", line)
		}
	}
	if strings.Contains(list, "s3cret") {
		t.Errorf("%%env shows a token")
	}
	if got := os.Getenv(name); got != "c  d" {
		t.Errorf("os.Getenv = %q after %%env", got)
	}
}

func TestGOMAXPROCS(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	h := &fakeHost{}
	for _, cell := range []string{"%gomaxprocs", "%gomaxprocs 1", "%gomaxprocs 3", "%gomaxprocs default"} {
		if _, err := runCell(t, h, cell); err != nil {
			t.Fatalf("%s: %v", cell, err)
		}
	}
	n := runtime.NumCPU()
	re := regexp.MustCompile(`^GOMAXPROCS is (\d+) \(NumCPU ` + itoa(n) + `\)
GOMAXPROCS set to 1 \(was (\d+); NumCPU \d+\)
GOMAXPROCS set to 3 \(was 1; NumCPU \d+\)
GOMAXPROCS set to \d+ \(was 3; NumCPU \d+\)
$`)
	out := h.stdout.String()
	m := re.FindStringSubmatch(out)
	if m == nil || m[1] != itoa(prev) || m[2] != itoa(prev) {
		t.Errorf("printed %q, want it to match %s with %d", out, re, prev)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestWho(t *testing.T) {
	h := &fullHost{names: []Name{
		{Name: "x", Kind: "var", Type: "int"},
		{Name: "f", Kind: "func", Type: "func(int) string"},
		{Name: "T", Kind: "type", Type: "struct{…}"},
	}}
	if _, err := runCell(t, h, "%who\n%who func\n%who const"); err != nil {
		t.Fatal(err)
	}
	want := "NAME  KIND  TYPE\n" +
		"T     type  struct{…}\n" +
		"f     func  func(int) string\n" +
		"x     var   int\n" +
		"NAME  KIND  TYPE\n" +
		"f     func  func(int) string\n" +
		"No const declared by cells.\n"
	if got := h.stdout.String(); got != want {
		t.Errorf("printed\n%s\nwant\n%s", got, want)
	}
}

func TestReset(t *testing.T) {
	// IPython's notebooks say %reset -f; gopherlab never asks anyway.
	for _, src := range []string{"%reset", "%reset -f"} {
		h := &fullHost{}
		if _, err := runCell(t, h, src); err != nil {
			t.Fatal(err)
		}
		if h.resets != 1 || !strings.HasPrefix(h.stdout.String(), "Reset: ") {
			t.Errorf("%s: resets %d, printed %q", src, h.resets, h.stdout.String())
		}
	}
}

func TestGoroutines(t *testing.T) {
	now := time.Now()
	h := &fullHost{}
	if _, err := runCell(t, h, "%goroutines"); err != nil {
		t.Fatal(err)
	}
	h.gs = []Goroutine{
		{Cell: 4, Pos: "cell[4]:2:1", Started: now.Add(-time.Second)},
		{Cell: 2, Pos: "3:5", Started: now.Add(-time.Minute - 2*time.Second)},
	}
	if _, err := runCell(t, h, "%goroutines"); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^No goroutine started by a cell is running.
2 goroutines started by cells are running:
  cell\[2\]:3:5  started 1min 2s ago
  cell\[4\]:2:1  started 1 s ago
$`)
	if out := h.stdout.String(); !re.MatchString(out) {
		t.Errorf("printed %q, want it to match %s", out, re)
	}
}

func TestGoGet(t *testing.T) {
	for _, tt := range []struct {
		src, out, err string
	}{
		{"%go get example.com/a@v1 example.com/b@v2", "go get: example.com/b v2 (added)\n", ""},
		{"%go get example.com/a", "go get: nothing changed\n", ""},
		{"%go get example.com/none@v9", "", "MagicError: go get: example.com/none@v9: no matching versions"},
		{"%go build .", "", "UsageError: %go takes get and what to get: %go get MODULE[@VERSION]...; for the go command itself, !go"},
		{"%go get", "", "UsageError: %go takes get and what to get"},
		{"%go get -u example.com/a", "", "UsageError: %go get takes modules, not flags such as -u"},
	} {
		h := &fullHost{}
		_, err := runCell(t, h, tt.src)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.src, err, tt.err)
			}
			continue
		}
		if err != nil || h.stdout.String() != tt.out {
			t.Errorf("%s: printed %q, %v; want %q", tt.src, h.stdout.String(), err, tt.out)
		}
	}
	// A host that cannot get modules says so.
	if _, err := runCell(t, &fakeHost{}, "%go get example.com/a"); err == nil || !strings.Contains(err.Error(), "%go is not available in this interpreter") {
		t.Errorf("without a ModuleGetter: %v", err)
	}
}

// %compile alone says the policy, %compile POLICY sets it, and %%compile
// still compiles the cell.
func TestCompilePolicy(t *testing.T) {
	h := &fullHost{policy: "never"}
	for _, tt := range []struct {
		src, out, err, policy string
	}{
		{src: "%compile", out: "%compile never\n", policy: "never"},
		{src: "%compile always", policy: "always"},
		{src: "%compile auto", policy: "auto"},
		{src: "%compile", out: "%compile auto\n", policy: "auto"},
		{src: "%compile sometimes", err: "UsageError: %compile takes auto, always or never (or nothing, to show the policy), got \"sometimes\"", policy: "auto"},
		{src: "%%compile auto\nx := 1", err: "UsageError: %compile takes no arguments", policy: "auto"},
	} {
		h.stdout = syncBuffer{}
		_, err := runCell(t, h, tt.src)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.src, err, tt.err)
			}
		} else if err != nil || h.stdout.String() != tt.out {
			t.Errorf("%s: printed %q, %v; want %q", tt.src, h.stdout.String(), err, tt.out)
		}
		if h.policy != tt.policy {
			t.Errorf("%s: policy %s, want %s", tt.src, h.policy, tt.policy)
		}
	}
	if _, err := runCell(t, &fakeHost{}, "%compile always"); err == nil || !strings.Contains(err.Error(), "%compile is not available in this interpreter") {
		t.Errorf("without a CompilePolicy: %v", err)
	}
}

package supervisor

import (
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gopherlab/internal/cellio"
	"gopherlab/internal/worker"
	"gopherlab/symbols"
)

// The test binary is its own worker: started with workerTestEnv set, it
// serves instead of testing.
const workerTestEnv = "GOPHERLAB_SUPERVISOR_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerTestEnv) == "1" {
		if err := worker.Serve(symbols.Symbols); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// frontend records what a supervisor sends, in order.
type frontend struct {
	mu     sync.Mutex
	events []string // "stdout:text", "stderr:text", "display:text/plain", "clear"
	input  string
	// waitForInput makes Input wait for the cell's end, as a user who
	// types nothing.
	waitForInput bool
}

func (f *frontend) add(e string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, e)
}

func (f *frontend) Stream(name, text string) { f.add(name + ":" + text) }
func (f *frontend) Display(data, metadata map[string]any, id string, update bool) {
	f.add("display:" + data["text/plain"].(string))
}
func (f *frontend) Clear(wait bool) { f.add("clear:") }
func (f *frontend) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if f.waitForInput {
		<-ctx.Done()
		return "", ctx.Err()
	}
	return f.input, nil
}

// take returns what came so far, consecutive pieces of one stream joined,
// events separated by "|", and forgets it.
func (f *frontend) take() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var b strings.Builder
	last := ""
	for _, e := range f.events {
		name, text, _ := strings.Cut(e, ":")
		if name != last || (name != "stdout" && name != "stderr") {
			if b.Len() > 0 {
				b.WriteString("|")
			}
			b.WriteString(name + ":")
			last = name
		}
		b.WriteString(text)
	}
	f.events = nil
	return b.String()
}

func start(t *testing.T) (*Supervisor, *frontend) {
	t.Helper()
	front := &frontend{input: "typed"}
	s, err := Start(Config{
		Command:  []string{os.Args[0], "-test.run=^$"},
		Env:      []string{workerTestEnv + "=1"},
		Frontend: front,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, front
}

func execute(t *testing.T, s *Supervisor, code string) cellio.ExecuteReply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return s.Execute(ctx, cellio.ExecuteRequest{Count: 1, Code: code})
}

func plain(r cellio.ExecuteReply) string {
	if r.Err != nil {
		return r.Err.Name + ": " + r.Err.Value
	}
	if r.Data == nil {
		return "<none>"
	}
	return r.Data["text/plain"].(string)
}

func TestExecuteInOrder(t *testing.T) {
	s, front := start(t)
	// Each cell runs in the same worker; output and displays arrive in the
	// order the cell produced them, all before the reply.
	cells := []struct {
		code, result, events string
	}{
		{`x := 20`, "<none>", ""},
		{`x + 22`, "42", ""},
		{`fmt.Print("a"); display.Text("b"); fmt.Print("c"); display.Clear(); "e"`,
			`"e"`, "stdout:a|display:b|stdout:c|clear:"},
		// Standard error has a pipe of its own, ordered with displays too.
		{`fmt.Fprint(os.Stderr, "a"); display.Text("b"); fmt.Fprint(os.Stderr, "c")`,
			"<none>", "stderr:a|display:b|stderr:c"},
		{"var s string\nfmt.Scanln(&s)\ns", `"typed"`, ""},
		{`fmt.Print("\x00gopherlab-sync-\x00")`, "<none>", "stdout:\x00gopherlab-sync-\x00"},
		{`undefinedThing`, "CompileError: cell[1]:1:1: undefined: undefinedThing", ""},
		{`x`, "20", ""},
	}
	for _, c := range cells {
		r := execute(t, s, c.code)
		if got := plain(r); got != c.result {
			t.Errorf("%q: result %q, want %q", c.code, got, c.result)
		}
		if got := front.take(); got != c.events {
			t.Errorf("%q: events %q, want %q", c.code, got, c.events)
		}
	}
}

func TestUserExpressions(t *testing.T) {
	s, _ := start(t)
	ctx := context.Background()
	r := s.Execute(ctx, cellio.ExecuteRequest{Code: "y := 6", UserExpressions: map[string]string{"double": "y * 2", "bad": "nope"}})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	double := r.UserExpressions["double"].(map[string]any)
	if double["status"] != "ok" || double["data"].(map[string]any)["text/plain"] != "12" {
		t.Errorf("double = %v", double)
	}
	if bad := r.UserExpressions["bad"].(map[string]any); bad["status"] != "error" {
		t.Errorf("bad = %v", bad)
	}
}

func TestInterruptKeepsState(t *testing.T) {
	s, _ := start(t)
	execute(t, s, "kept := 1")
	for _, code := range []string{"for {}", "select {}", "time.Sleep(time.Hour)"} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		r := s.Execute(ctx, cellio.ExecuteRequest{Code: code})
		if r.Err == nil || r.Err.Name != "KeyboardInterrupt" {
			t.Errorf("%s: got %+v, want KeyboardInterrupt", code, r.Err)
		}
		if got := plain(execute(t, s, "kept")); got != "1" {
			t.Errorf("after interrupting %s: kept = %s", code, got)
		}
	}
}

func TestInterruptWhileReadingStdin(t *testing.T) {
	s, front := start(t)
	front.waitForInput = true
	for i := range 5 { // the interrupt and the failed read race: try a few times
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		r := s.Execute(ctx, cellio.ExecuteRequest{Count: i, Code: "var s string\nfmt.Scanln(&s)\nfmt.Println(\"went on\")"})
		if r.Err == nil || r.Err.Name != "KeyboardInterrupt" {
			t.Fatalf("got %+v, want KeyboardInterrupt", r.Err)
		}
		if got := front.take(); strings.Contains(got, "went on") {
			t.Fatalf("the cell went on after the interrupt: %q", got)
		}
	}
}

func TestFatalErrorRestarts(t *testing.T) {
	tests := []struct {
		name, code, cause string
		noStack           bool // the worker ends without a goroutine dump
	}{
		{"concurrent map writes", "m := map[int]int{}\nfor g := 0; g < 4; g++ { go func() { for i := 0; ; i++ { m[i%100] = i } }() }\nfor i := 0; ; i++ { m[i%100] = i }",
			"fatal error: concurrent map writes", false},
		{"runaway recursion", "func down(n int) int { return down(n+1) + 1 }\ndown(0)", "fatal error: stack overflow", false},
		// The interpreter rewrites the Fatal calls of the loggers whose type
		// the declarations tell (interp/rewrite_logger.go); behind an
		// interface, Go's own method calls the real os.Exit(1).
		{"a logger's Fatal behind an interface", "l := log.New(os.Stderr, \"\", 0)\nvar f interface{ Fatal(...any) } = l\nf.Fatal(\"gone\")",
			"exit status 1", true},
	}
	s, _ := start(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			execute(t, s, "lost := 1")
			r := execute(t, s, tt.code)
			if r.Err == nil || r.Err.Name != "FatalError" || !strings.HasPrefix(r.Err.Value, tt.cause) {
				t.Fatalf("got %+v, want a FatalError of %q", r.Err, tt.cause)
			}
			tb := strings.Join(r.Err.Traceback, "\n")
			for _, want := range []string{"goroutine ", "restarted"} {
				if want == "goroutine " && tt.noStack {
					continue
				}
				if !strings.Contains(tb, want) {
					t.Errorf("traceback lacks %q:\n%s", want, tb)
				}
			}
			if got := plain(execute(t, s, "1+1")); got != "2" {
				t.Errorf("after the restart, 1+1 = %s", got)
			}
			if got := plain(execute(t, s, "lost")); !strings.Contains(got, "undefined: lost") {
				t.Errorf("after the restart, lost = %s; want it gone", got)
			}
		})
	}
}

func TestDeathBetweenCellsIsAnnounced(t *testing.T) {
	s, front := start(t)
	execute(t, s, "1")
	s.mu.Lock()
	pid := s.worker.cmd.Process.Pid
	s.mu.Unlock()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	var got string
	for time.Now().Before(deadline) && !strings.Contains(got, "restarted") {
		time.Sleep(20 * time.Millisecond)
		got += front.take()
	}
	if !strings.Contains(got, "stderr:FatalError: killed (signal: killed)") || !strings.Contains(got, "restarted") {
		t.Errorf("announcement = %q", got)
	}
	if got := plain(execute(t, s, "1+1")); got != "2" {
		t.Errorf("after the kill, 1+1 = %s", got)
	}
}

func TestCloseEndsTheWorker(t *testing.T) {
	s, _ := start(t)
	execute(t, s, "go func() { select {} }()")
	s.mu.Lock()
	p := s.worker
	s.mu.Unlock()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !p.isDead() {
		t.Fatal("worker still running after Close")
	}
	if err := syscall.Kill(p.cmd.Process.Pid, 0); err == nil {
		t.Error("the worker process still exists")
	}
	if r := execute(t, s, "1"); r.Err == nil {
		t.Error("Execute after Close succeeded")
	}
}

// yaegi v0.16.1 races with itself when compiled code (here the pools of
// gopherlab/lab) calls interpreted closures while the next cell starts, so
// these tests run without -race; scripts/test runs them so.

//go:build !race

package interp

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gopherlab/display"
	"gopherlab/lab"
	"gopherlab/symbols"
)

// TestLabWorkerProcess is not a test: it is the process pool worker of
// TestLabCells, the test binary started again with this test selected and
// the pool's marker in its environment.
func TestLabWorkerProcess(t *testing.T) {
	if !lab.IsWorker() {
		t.Skip("the worker of TestLabCells' process pools")
	}
	if err := lab.ServeWorker(); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

// labSink records what cells display.
type labSink struct {
	mu    sync.Mutex
	shown []map[string]any
	ids   []string
}

func (s *labSink) Publish(data, _ map[string]any, id string, _ bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shown = append(s.shown, data)
	s.ids = append(s.ids, id)
}

func (s *labSink) Clear(bool) {}

// TestLabCells runs, in the interpreter, cells that use every feature of
// gopherlab/lab as the lesson's notebook does: imported with no setup,
// closures written in cells running on compiled goroutines, futures
// ranged over in completion order, charts shown as a cell's result.
func TestLabCells(t *testing.T) {
	lab.SetWorkerCommand(os.Args[0], "-test.run=^TestLabWorkerProcess$")
	t.Cleanup(func() { lab.SetWorkerCommand() })
	sink := &labSink{}
	stdout, stderr := &buffer{}, &buffer{}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: stdout, Stderr: stderr, Display: sink})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { display.SetSink(nil) })
	count := 0
	run := func(code string) (*Result, error) {
		count++
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		return in.Execute(ctx, count, code)
	}
	cells := []struct {
		name, code string
		result     string // the text/plain result, "" for none
		stdout     []string
		mime       string // a MIME type the result must have
	}{
		{"import", `
import (
	"context"
	"gopherlab/display"
	"gopherlab/lab"
)
ctx := display.Context()
cpus := 2`, "", nil, ""},
		{"stopwatch, serial", `
sw := lab.NewStopwatch()
sw.Output = os.Stdout
for n := 0; n < cpus; n++ {
	lab.Pow(42, 100_000)
	sw.Lap()
}
serial := sw.Timeline()`, "", []string{" [0]: ", " [1]: "}, ""},
		{"pool, Submit, AsCompleted", `
pool := lab.NewPool(ctx, cpus)
var fs []*lab.Future
for n := 0; n < 4; n++ {
	fs = append(fs, pool.Submit(func() any { return lab.Pow(42, 100_000).BitLen() }))
}
done := 0
for f := range lab.AsCompleted(fs) {
	if f.Err() == nil && f.Value() == 539232 {
		done++
	}
}
pool.Close()
for range lab.AsCompleted(fs) {
	done++
}
done`, "8", nil, ""},
		{"a panic in a cell's closure is its future's error", `
p1 := lab.NewPool(ctx, 1)
bad := p1.Submit(func() any { panic("cell panic") })
failed := p1.Go("named", func(ctx context.Context) (any, error) { return nil, fmt.Errorf("nope") })
p1.Close()
fmt.Sprint(bad.Err(), " / ", failed.Err())`, `"panic: cell panic / nope"`, nil, ""},
		{"Map, WaitAny, WaitAll", `
p2 := lab.NewPool(ctx, cpus)
squares, err := p2.Map(func(x any) any { return x.(int) * x.(int) }, 1, 2, 3)
first := lab.WaitAny([]*lab.Future{p2.Submit(func() any { return "any" })})
all, err2 := lab.WaitAll([]*lab.Future{p2.Submit(func() any { return 1 }), p2.Submit(func() any { return 2 })})
p2.Close()
fmt.Sprintln(squares, err, first.Value(), all, err2)`, `"[1 4 9] <nil> any [1 2] <nil>\n"`, nil, ""},
		{"GIL pool", `
gil := lab.NewGILPool(ctx, cpus)
for n := 0; n < 3; n++ {
	gil.Submit(func() any { return lab.Pow(42, 50_000) })
}
gil.Wait()
gil.Close()
len(gil.Timeline().Spans())`, "3", nil, ""},
		{"Gantt chart of three timelines", `lab.Gantt(serial, pool.Timeline(), gil.Timeline())`,
			"serial: 2 spans on 1 workers", nil, display.MIMESVG},
		{"a timeline alone", `pool.Timeline()`, "pool: 2 goroutines: 4 spans", nil, display.MIMESVG},
		{"process pool", `
pp := lab.NewProcessPool(ctx, 2)
x, err := pp.Submit("pow", 42, 1000).Wait()
echo, _ := pp.Submit("echo", make([]byte, 1<<20)).Wait()
crash := pp.Submit("kill").Err()
after, _ := pp.Submit("pid").Wait()
pp.Close()
fmt.Sprintln(x.(*big.Int).Cmp(lab.Pow(42, 1000)) == 0, err, len(echo.([]byte)), errors.Is(crash, lab.ErrWorkerDied), after != os.Getpid())`,
			`"true <nil> 1048576 true true\n"`, nil, ""},
		{"a cell's closure cannot go to a process", `
pp2 := lab.NewProcessPool(ctx, 1)
e := pp2.Submit("myfunc").Err()
pp2.Close()
e`, "cannot run in another process", nil, ""},
		{"lesson server, FetchAll with a limit", `
srv, err := lab.StartServer(0, 0)
n := 0
for r := range lab.FetchAll(ctx, srv.URLs()[:4], 2) {
	fmt.Println(r)
	n++
}
n`, "4", []string{"   p785.pdf [    19,111]", "  f1040.pdf [   150,184]"}, ""},
		{"fetcher with progress, timeout, Fetch", `
f := lab.NewFetcher(2)
f.Progress = true
f.Timeout = 150 * time.Millisecond
slow := f.Fetch(ctx, srv.URL+"p785.pdf?latency=5s")
var got []string
for r := range f.FetchAll(ctx, []string{srv.URL + "p487.pdf", srv.URL + "missing.pdf"}) {
	if r.Err != nil {
		got = append(got, fmt.Sprint(r.Status))
	} else {
		got = append(got, fmt.Sprint(r.Size))
	}
}
sort.Strings(got)
fmt.Sprintln(got, errors.Is(slow.Wait().Err, context.DeadlineExceeded), lab.Get(ctx, srv.URL+"f1040sb.pdf").Size)`,
			`"[22893 404] true 71970\n"`, nil, ""},
		{"nursery", `
err = lab.Nursery(ctx, func(g *lab.Group) {
	g.Go("slow", func(ctx context.Context) error { return lab.Get(ctx, srv.URL+"p785.pdf?latency=10s").Err })
	g.Go("missing", func(ctx context.Context) error { return lab.Get(ctx, srv.URL+"missing.pdf").Err })
})
srv.Close()
err`, "missing: GET http://127.0.0.1:", nil, ""},
		{"speed-up chart", `
c := lab.NewSpeedupChart("pow")
c.Add("goroutines", 1, 2*time.Second)
c.Add("goroutines", 2, time.Second)
c`, "goroutines", nil, display.MIMESVG},
		{"elapsed formats", `lab.FormatDuration(1629 * time.Millisecond) + " " + lab.Commas(52350859)`, `"1.629s 52,350,859"`, nil, ""},
	}
	for _, c := range cells {
		res, err := run(c.code)
		if err != nil {
			t.Fatalf("%s: %v\nstderr: %s", c.name, err, stderr.take())
		}
		out := stdout.take()
		got := ""
		if res != nil {
			got, _ = res.Data[display.MIMEText].(string)
		}
		if c.result != "" && !strings.Contains(got, c.result) {
			t.Errorf("%s: result %q, want %q", c.name, got, c.result)
		}
		for _, want := range c.stdout {
			if !strings.Contains(out, want) {
				t.Errorf("%s: printed %q, want %q in it", c.name, out, want)
			}
		}
		if c.mime != "" {
			if s, _ := res.Data[c.mime].(string); !strings.Contains(s, "<svg") {
				t.Errorf("%s: result lacks %s: %v", c.name, c.mime, res.Data)
			}
		}
	}
	sink.mu.Lock()
	progress := 0
	for i, d := range sink.shown {
		if html, _ := d[display.MIMEHTML].(string); strings.Contains(html, "<table") && sink.ids[i] != "" {
			progress++
		}
	}
	sink.mu.Unlock()
	if progress < 2 {
		t.Errorf("%d progress displays with a display id, want one per Fetch and FetchAll at least", progress)
	}

	// An interrupt cancels display.Context(): the pool's running task sees
	// it and its queued one fails; the next cell finds both ended.
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(300 * time.Millisecond)
		cancel()
	}()
	count++
	_, err = in.Execute(ctx, count, `
ictx := display.Context()
ipool := lab.NewPool(ictx, 1)
running := ipool.Go("loop", func(ctx context.Context) (any, error) {
	<-ctx.Done()
	return nil, context.Cause(ctx)
})
queued := ipool.Submit(func() any { return "never" })
running.Wait()`)
	var ie *Error
	if !errors.As(err, &ie) || ie.Name != "KeyboardInterrupt" {
		t.Fatalf("interrupted cell: %v", err)
	}
	res, err := run(`fmt.Sprint(running.Err() != nil, queued.Err() != nil, queued.Value())`)
	if err != nil || res.Data[display.MIMEText] != `"true true <nil>"` {
		t.Errorf("after the interrupt: %v, %v", res, err)
	}
	if _, err := run(`ipool.Close()`); err != nil {
		t.Error(err)
	}
}

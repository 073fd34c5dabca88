package lab_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"sort"
	"time"

	"gopherlab/lab"
)

// Functions that process pools run are registered as the program starts,
// so that its worker processes, the same program started again, have them
// too.
func init() {
	lab.Register("fib", fib)
}

func fib(n int) *big.Int {
	a, b := big.NewInt(0), big.NewInt(1)
	for range n {
		a.Add(a, b)
		a, b = b, a
	}
	return a
}

// A pool runs functions on a fixed number of goroutines; each returns a
// future of its value.
func ExampleNewPool() {
	pool := lab.NewPool(context.Background(), 2)
	defer pool.Close()
	var fs []*lab.Future
	for _, n := range []int{10, 20, 30} {
		fs = append(fs, pool.Submit(func() any { return lab.Pow(2, n) }))
	}
	values, err := lab.WaitAll(fs)
	fmt.Println(values, err)
	// Output: [1024 1048576 1073741824] <nil>
}

// AsCompleted delivers futures in the order their tasks finish, like
// Python's as_completed. Here the tasks finish in the order the gates
// open: c, a, b.
func ExampleAsCompleted() {
	pool := lab.NewPool(context.Background(), 3)
	defer pool.Close()
	gates := map[string]chan struct{}{"a": make(chan struct{}), "b": make(chan struct{}), "c": make(chan struct{})}
	var fs []*lab.Future
	for _, name := range []string{"a", "b", "c"} {
		fs = append(fs, pool.Go(name, func(ctx context.Context) (any, error) {
			<-gates[name]
			return name + " done", nil
		}))
	}
	close(gates["c"])
	done := lab.AsCompleted(fs)
	fmt.Println((<-done).Value())
	close(gates["a"])
	fmt.Println((<-done).Value())
	close(gates["b"])
	fmt.Println((<-done).Value())
	// Output:
	// c done
	// a done
	// b done
}

// Map applies a function to every input and returns the results in the
// order of the inputs.
func ExamplePool_Map() {
	pool := lab.NewPool(context.Background(), 4)
	defer pool.Close()
	squares, err := pool.Map(func(x any) any { return x.(int) * x.(int) }, 1, 2, 3, 4)
	fmt.Println(squares, err)
	// Output: [1 4 9 16] <nil>
}

// A task that panics fails its own future; the pool and the program go on.
func ExamplePanicError() {
	pool := lab.NewPool(context.Background(), 1)
	defer pool.Close()
	_, err := pool.Submit(func() any { panic("division by zero") }).Wait()
	var p *lab.PanicError
	fmt.Println(err, errors.As(err, &p))
	fmt.Println(pool.Submit(func() any { return "still running" }).Value())
	// Output:
	// panic: division by zero true
	// still running
}

// A cancelled context fails the tasks still queued and tells the running
// ones to stop: in a notebook, pass display.Context(), which the kernel
// cancels when the cell is interrupted.
func ExampleNewPool_cancel() {
	ctx, interrupt := context.WithCancel(context.Background())
	pool := lab.NewPool(ctx, 1)
	defer pool.Close()
	running := pool.Go("loop", func(ctx context.Context) (any, error) {
		<-ctx.Done() // a long computation checks ctx now and then
		return nil, ctx.Err()
	})
	queued := pool.Submit(func() any { return "never runs" })
	interrupt()
	fmt.Println(running.Err())
	fmt.Println(queued.Err())
	// Output:
	// context canceled
	// context canceled
}

// A GIL pool lets one task compute at a time, as CPython's threads do:
// however many workers, no speed-up.
func ExampleNewGILPool() {
	gil := lab.NewGILPool(context.Background(), 4)
	defer gil.Close()
	var fs []*lab.Future
	for range 4 {
		fs = append(fs, gil.Submit(func() any { return lab.Spin(20 * time.Millisecond) }))
	}
	lab.WaitAll(fs)
	// The timeline shows the tasks one after another, each first waiting
	// for the lock.
	spans := gil.Timeline().Spans()
	sort.Slice(spans, func(i, j int) bool { return spans[i].WorkStart.Before(spans[j].WorkStart) })
	overlaps := 0
	for i := 1; i < len(spans); i++ {
		if spans[i].WorkStart.Before(spans[i-1].WorkEnd) {
			overlaps++
		}
	}
	fmt.Println(len(spans), "tasks,", overlaps, "ran at the same time")
	// Output: 4 tasks, 0 ran at the same time
}

// A process pool runs registered functions in worker processes; the
// arguments and the result cross the process boundary serialized.
func ExampleNewProcessPool() {
	pp := lab.NewProcessPool(context.Background(), 2)
	defer pp.Close()
	f := pp.Submit("pow", 42, 1_250_000)
	v, err := f.Wait()
	fmt.Println(v.(*big.Int).Cmp(lab.Pow(42, 1_250_000)) == 0, err)
	s := f.Span()
	fmt.Println(s.BytesIn < 100, s.BytesOut > 800_000) // two ints in, 842 kB out
	// Output:
	// true <nil>
	// true true
}

// A worker process that dies fails only its task; the pool starts another
// process for the next.
func ExampleProcessPool_Submit_crash() {
	pp := lab.NewProcessPool(context.Background(), 1)
	defer pp.Close()
	err := pp.Submit("kill").Err() // the worker kills itself with SIGKILL
	fmt.Println(errors.Is(err, lab.ErrWorkerDied))
	pid, err := pp.Submit("pid").Wait()
	fmt.Println(pid != os.Getpid(), err)
	// Output:
	// true
	// true <nil>
}

// A function registered in an init function (see the top of this file)
// runs in worker processes by its name; a closure written in a cell
// cannot, as it lives in the interpreter of one process.
func ExampleRegister() {
	pp := lab.NewProcessPool(context.Background(), 2)
	defer pp.Close()
	values, err := pp.Map("fib", 10, 50, 90)
	fmt.Println(values, err)
	// Output: [55 12586269025 2880067194370816120] <nil>
}

// A stopwatch prints a numbered line with the time elapsed at each lap,
// as the lesson's Python cells do:
//
//	[0]: 167.2ms
//	[1]: 334.9ms
//	[2]: 502.3ms
func ExampleStopwatch() {
	sw := lab.NewStopwatch()
	for range 3 {
		lab.Pow(42, 1_250_000)
		sw.Lap()
	}
	_ = sw.Timeline() // the laps, to draw beside a pool's timeline
}

func ExampleFormatDuration() {
	for _, d := range []time.Duration{45200 * time.Nanosecond, 812400 * time.Microsecond, 1629 * time.Millisecond, 125 * time.Second} {
		fmt.Println(lab.FormatDuration(d))
	}
	// Output:
	// 45.2µs
	// 812.4ms
	// 1.629s
	// 2m05.0s
}

// Timelines record spans; Gantt draws several on one time axis. A cell
// that ends with a timeline or a chart shows it as SVG.
func ExampleGantt() {
	serial := lab.NewTimeline("serial")
	pool := lab.NewTimeline("pool")
	t0 := time.Now()
	for i := range 4 {
		serial.Add(lab.Span{Name: "pow", Worker: "main",
			Start: t0.Add(time.Duration(i) * time.Second), End: t0.Add(time.Duration(i+1) * time.Second)})
		pool.Add(lab.Span{Name: "pow", Worker: fmt.Sprint("worker ", i%2),
			Start: t0.Add(time.Duration(i/2) * time.Second), End: t0.Add(time.Duration(i/2+1) * time.Second)})
	}
	chart := lab.Gantt(serial, pool)
	fmt.Println(chart)
	_ = chart.SVG() // what a notebook shows
	// Output:
	// serial: 4 spans on 1 workers over 4.000s
	// pool: 4 spans on 2 workers over 2.000s
}

// A speed-up chart plots, for each way of running the work, the time with
// one worker divided by the time with n.
func ExampleSpeedupChart() {
	c := lab.NewSpeedupChart("pow × 8")
	c.Cores = 4
	for w, seconds := range []float64{8, 4, 2.1, 2.1} {
		c.Add("goroutines", 1<<w, time.Duration(seconds*float64(time.Second)))
		c.Add("GIL", 1<<w, 8*time.Second)
	}
	fmt.Println(c)
	// Output:
	// pow × 8
	//   workers  goroutines  speed-up     GIL  speed-up
	//         1      8.000s     1.00×  8.000s     1.00×
	//         2      4.000s     2.00×  8.000s     1.00×
	//         4      2.100s     3.81×  8.000s     1.00×
	//         8      2.100s     3.81×  8.000s     1.00×
}

// The lesson server serves the original's five files, on the loopback
// interface, as slowly as asked; FetchAll downloads them concurrently and
// delivers them in the order they complete. A query parameter makes one
// download slower than the others.
func ExampleFetchAll() {
	srv, err := lab.StartServer(0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	urls := []string{
		srv.URL + "f1040.pdf?latency=900ms",
		srv.URL + "f1040sb.pdf?latency=600ms",
		srv.URL + "p785.pdf?latency=0s",
		srv.URL + "p487.pdf?latency=300ms",
	}
	for r := range lab.FetchAll(context.Background(), urls, 0) {
		fmt.Println(r, r.Err)
	}
	// Output:
	//    p785.pdf [    19,111] <nil>
	//    p487.pdf [    22,893] <nil>
	// f1040sb.pdf [    71,970] <nil>
	//   f1040.pdf [   150,184] <nil>
}

// A fetcher bounds how many downloads run at once and how long each may
// take; a download that takes longer fails with a deadline error.
func ExampleFetcher() {
	srv, err := lab.StartServer(0, 10*lab.MB)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	f := lab.NewFetcher(2)
	f.Timeout = 200 * time.Millisecond
	r := f.Get(context.Background(), srv.URL+"p785.pdf?latency=5s")
	fmt.Println(errors.Is(r.Err, context.DeadlineExceeded))
	r = f.Get(context.Background(), srv.URL+"p785.pdf")
	fmt.Println(r.Size, r.Status, r.Err)
	// Output:
	// true
	// 19111 200 <nil>
}

// Fetch starts one download and returns a future of it; Progress reports
// the bytes received so far.
func ExampleFetch() {
	srv, err := lab.StartServer(0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	d := lab.Fetch(context.Background(), srv.URL+"p487.pdf")
	r := d.Wait()
	got, total := d.Progress()
	fmt.Println(r.Name(), got, total, r.Err)
	// Output: p487.pdf 22893 22893 <nil>
}

// In a nursery, goroutines cannot outlive the call, and the first failure
// cancels the others.
func ExampleNursery() {
	srv, err := lab.StartServer(0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	err = lab.Nursery(context.Background(), func(g *lab.Group) {
		for _, name := range []string{"p785.pdf?latency=10s", "missing.pdf"} {
			g.Go(name, func(ctx context.Context) error {
				return lab.Get(ctx, srv.URL+name).Err
			})
		}
	})
	// The slow download was cancelled, not waited for ten seconds; its
	// cancellation is not an error of its own.
	fmt.Println(errors.Is(err, context.Canceled), err != nil)
	// Output: false true
}

func ExampleCommas() {
	fmt.Println(lab.Commas(52350859))
	// Output: 52,350,859
}

func ExampleLessonFiles() {
	for _, f := range lab.LessonFiles() {
		fmt.Printf("%-12s %10s\n", f.Name, lab.Commas(f.Size))
	}
	// Output:
	// f1040.pdf       150,184
	// f1040sb.pdf      71,970
	// p785.pdf         19,111
	// p487.pdf         22,893
	// p5384.pdf    52,350,859
}

package lab

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"os"
	"syscall"
	"testing"
	"time"
)

// alive reports whether a process exists (signal 0 checks without sending).
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

func TestProcessPoolResults(t *testing.T) {
	noLeak(t)
	pp := NewProcessPool(context.Background(), 2)
	var fs []*Future
	for e := range 20 {
		fs = append(fs, pp.Submit("pow", 3, 1000+e))
	}
	for e, f := range fs {
		v, err := f.Wait()
		if err != nil {
			t.Fatalf("pow(3, %d): %v", 1000+e, err)
		}
		if got, want := v.(*big.Int), Pow(3, 1000+e); got.Cmp(want) != 0 {
			t.Fatalf("pow(3, %d) from a worker differs from Pow", 1000+e)
		}
	}
	pids := pp.PIDs()
	if len(pids) < 1 || len(pids) > 2 {
		t.Errorf("PIDs = %v, want 1 or 2 workers", pids)
	}
	for _, pid := range pids {
		if pid == os.Getpid() {
			t.Error("a task ran in the pool's own process")
		}
	}
	spans := pp.Timeline().Spans()
	if len(spans) != 20 || spans[0].BytesIn == 0 || spans[0].BytesOut == 0 {
		t.Errorf("spans = %d, first moved %d in and %d out; want 20 spans that moved data", len(spans), spans[0].BytesIn, spans[0].BytesOut)
	}
	for _, s := range spans {
		if s.WorkStart.Before(s.Start) || s.WorkEnd.After(s.End) {
			t.Errorf("span %s: work %v–%v outside %v–%v", s.Name, s.WorkStart, s.WorkEnd, s.Start, s.End)
		}
	}
	within(t, 20*time.Second, "Close", pp.Close)
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("worker %d is alive after Close", pid)
		}
	}
}

// Data crosses both ways intact, large or empty, and results of the
// types the functions declare come back.
func TestProcessPoolData(t *testing.T) {
	noLeak(t)
	pp := NewProcessPool(context.Background(), 1)
	defer pp.Close()
	big := bytes.Repeat([]byte("gopher"), 2<<20) // 12 MB
	tests := []struct {
		name string
		fn   string
		args []any
		want any
	}{
		{"large bytes", "echo", []any{big}, big},
		{"empty bytes", "echo", []any{[]byte{}}, []byte{}},
		{"nil bytes", "echo", []any{nil}, []byte(nil)},
		{"number converts to Duration", "spin", []any{1_000_000}, nil},
		{"no result", "sleep", []any{time.Millisecond}, nil},
		{"pid", "pid", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := pp.Submit(tt.fn, tt.args...).Wait()
			if err != nil {
				t.Fatal(err)
			}
			switch want := tt.want.(type) {
			case []byte:
				got, ok := v.([]byte)
				if !ok || !bytes.Equal(got, want) || (want == nil) != (got == nil) {
					t.Errorf("got %T of %d bytes (nil %v), want %d bytes (nil %v)", v, len(got), got == nil, len(want), want == nil)
				}
			}
			if tt.fn == "spin" && v.(int) < 1 {
				t.Errorf("spin ran %v rounds", v)
			}
			if tt.fn == "pid" && (v.(int) == os.Getpid() || v.(int) == 0) {
				t.Errorf("pid = %v", v)
			}
		})
	}
}

// Mistakes fail the future at once, in the pool's process.
func TestProcessPoolBadCalls(t *testing.T) {
	noLeak(t)
	pp := NewProcessPool(context.Background(), 1)
	defer pp.Close()
	tests := []struct {
		fn   string
		args []any
		want string
	}{
		{"nosuch", nil, `no function "nosuch"`},
		{"pow", []any{2}, "takes 2 arguments, got 1"},
		{"pow", []any{2, "x"}, "argument 2 is string, want int"},
		{"sleep", []any{nil}, "argument 1 is nil"},
	}
	for _, tt := range tests {
		err := pp.Submit(tt.fn, tt.args...).Err()
		if err == nil || !contains(err.Error(), tt.want) {
			t.Errorf("Submit(%q, %v): %v, want %q", tt.fn, tt.args, err, tt.want)
		}
	}
	if len(pp.PIDs()) != 0 {
		t.Error("a bad call started a worker")
	}
}

// A task that panics or fails leaves its worker running.
func TestProcessPoolTaskFailure(t *testing.T) {
	noLeak(t)
	pp := NewProcessPool(context.Background(), 1)
	defer pp.Close()
	pid := pp.Submit("pid").Value()
	var pe *PanicError
	if err := pp.Submit("panic", "boom").Err(); !errors.As(err, &pe) || pe.Value != "boom" || pe.Stack == "" {
		t.Errorf("panic in a worker: %v, want a *PanicError of boom with a stack", err)
	}
	if again := pp.Submit("pid").Value(); again != pid {
		t.Errorf("after a panic the worker changed from %v to %v", pid, again)
	}
}

// A worker that dies fails its task, not the pool: the next task gets a
// new process. Dying is exiting, killing itself, or being killed from
// outside with SIGKILL while it works.
func TestProcessPoolWorkerDies(t *testing.T) {
	noLeak(t)
	pp := NewProcessPool(context.Background(), 1)
	defer pp.Close()
	first := pp.Submit("pid").Value().(int)

	err := pp.Submit("exit", 3).Err()
	if !errors.Is(err, ErrWorkerDied) || !contains(err.Error(), "exit status 3") {
		t.Errorf("worker that exits: %v", err)
	}
	second := pp.Submit("pid").Value().(int)
	if second == first || alive(first) {
		t.Errorf("after an exit the worker is %d (was %d, alive %v)", second, first, alive(first))
	}

	err = pp.Submit("kill").Err()
	if !errors.Is(err, ErrWorkerDied) || !contains(err.Error(), "killed") {
		t.Errorf("worker that kills itself: %v", err)
	}

	// Killed from outside in the middle of a task.
	slow := pp.Submit("sleep", 30*time.Second)
	var victim int
	deadline := time.Now().Add(10 * time.Second)
	for victim == 0 && time.Now().Before(deadline) {
		if pids := pp.PIDs(); len(pids) == 1 {
			victim = pids[0]
		}
		time.Sleep(5 * time.Millisecond)
	}
	if victim == 0 {
		t.Fatal("no worker started for the slow task")
	}
	time.Sleep(50 * time.Millisecond) // let it begin sleeping
	if err := syscall.Kill(victim, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	within(t, 10*time.Second, "the killed task's future", func() {
		err := slow.Err()
		if !errors.Is(err, ErrWorkerDied) || !contains(err.Error(), "signal: killed", "sleep") {
			t.Errorf("task whose worker was killed: %v", err)
		}
	})
	if v, err := pp.Submit("pow", 2, 10).Wait(); err != nil || v.(*big.Int).Int64() != 1024 {
		t.Errorf("after a kill the pool answered %v, %v", v, err)
	}
}

// A worker killed while idle is replaced without failing the next task.
func TestProcessPoolIdleWorkerKilled(t *testing.T) {
	noLeak(t)
	pp := NewProcessPool(context.Background(), 1)
	defer pp.Close()
	pid := pp.Submit("pid").Value().(int)
	syscall.Kill(pid, syscall.SIGKILL)
	for alive(pid) {
		time.Sleep(5 * time.Millisecond)
	}
	v, err := pp.Submit("pid").Wait()
	if err != nil || v == pid {
		t.Errorf("after an idle worker was killed: %v, %v", v, err)
	}
}

// Cancelling the context kills the workers of running tasks and fails
// the queued ones; no process outlives it.
func TestProcessPoolCancel(t *testing.T) {
	noLeak(t)
	ctx, cancel := context.WithCancel(context.Background())
	pp := NewProcessPool(ctx, 2)
	running := []*Future{pp.Submit("sleep", time.Minute), pp.Submit("sleep", time.Minute)}
	queued := pp.Submit("pid")
	var pids []int
	for len(pids) < 2 {
		pids = pp.PIDs()
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	within(t, 15*time.Second, "tasks after cancel", func() {
		for _, f := range append(running, queued) {
			if err := f.Err(); !errors.Is(err, context.Canceled) {
				t.Errorf("%s: %v, want context.Canceled", f.Name(), err)
			}
		}
		pp.Close()
	})
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("worker %d outlived the cancel", pid)
		}
	}
}

func TestProcessPoolMapAndStop(t *testing.T) {
	noLeak(t)
	pp := NewProcessPool(context.Background(), 2)
	got, err := pp.Map("pow", 10, 11)
	if err == nil || !contains(err.Error(), "takes 2 arguments") || len(got) != 2 {
		t.Errorf("Map of a two-argument function: %v, %v", got, err)
	}
	sq, err := pp.Map("echo", []byte("a"), []byte("bc"))
	if err != nil || string(sq[0].([]byte)) != "a" || string(sq[1].([]byte)) != "bc" {
		t.Errorf("Map(echo) = %v, %v", sq, err)
	}
	slow := pp.Submit("sleep", time.Minute)
	for len(pp.PIDs()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	within(t, 15*time.Second, "Stop", pp.Stop)
	if err := slow.Err(); !errors.Is(err, ErrStopped) {
		t.Errorf("running task after Stop: %v, want ErrStopped", err)
	}
	if err := pp.Submit("pid").Err(); !errors.Is(err, ErrClosed) {
		t.Errorf("Submit after Stop: %v, want ErrClosed", err)
	}
}

// A process started as a worker that does not serve must not start
// workers of its own, which would do the same, and so on.
func TestNoWorkerRecursion(t *testing.T) {
	t.Setenv(workerEnv, "1")
	pp := NewProcessPool(context.Background(), 1)
	defer pp.Close()
	if err := pp.Submit("pid").Err(); err == nil || !contains(err.Error(), "cannot start workers") {
		t.Errorf("a worker's process pool: %v", err)
	}
}

func TestServeWorkerOutsidePool(t *testing.T) {
	if err := ServeWorker(); err == nil {
		t.Error("ServeWorker served without a pool")
	}
}

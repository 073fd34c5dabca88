package lab

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// ProcessPool runs tasks in worker processes, as Python's
// ProcessPoolExecutor does: each worker is an operating-system process of
// its own, so a crash in one is an error in a future, not the end of the
// program, and arguments and results cross the process boundary
// serialized (encoding/gob over pipes), which costs time the Timeline
// shows in light colour beside the work.
//
// Only functions compiled into the program and registered by name can run
// in a worker (see Register; Registered lists them). A closure written in
// a notebook cell lives in the interpreter of the kernel's process and
// cannot be sent to another process, which is why Submit takes a name:
//
//	pp := lab.NewProcessPool(ctx, runtime.NumCPU())
//	defer pp.Close()
//	f := pp.Submit("pow", 42, 1_250_000)
//
// Built in are "pow" (Pow), "spin" (Spin), "echo" (returns its []byte),
// "sleep", "pid", and, to show failures, "panic", "exit" and "kill". A worker
// that dies while running a task (it crashed, exited or was killed) fails
// that task's future with an error wrapping ErrWorkerDied, and the pool
// starts a fresh process for its next task. When the pool's context ends,
// its processes are killed and their tasks fail with the context's cause.
//
// The workers are started on first use as this program run again with the
// argument "lab-worker" (see SetWorkerCommand); a worker's standard output
// and standard error are the pool's.
type ProcessPool struct {
	ctx      context.Context
	cancel   context.CancelCauseFunc
	sched    *scheduler
	timeline *Timeline
	stopKill func() bool
	killed   chan struct{} // closed when the AfterFunc that kills has run
	stopOnce sync.Once
	nextID   atomic.Uint64

	mu    sync.Mutex
	procs []*process // by worker number; nil until started
}

// NewProcessPool returns a pool of the given number of worker processes; 0
// or less means one per core. Processes start when tasks first need them.
func NewProcessPool(ctx context.Context, workers int) *ProcessPool {
	if ctx == nil {
		ctx = context.Background()
	}
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	p := &ProcessPool{
		ctx:      ctx,
		cancel:   cancel,
		sched:    newScheduler(ctx, workers),
		timeline: NewTimeline(fmt.Sprintf("process pool: %d processes", workers)),
		procs:    make([]*process, workers),
		killed:   make(chan struct{}),
	}
	// An interrupted cell leaves no idle worker processes behind.
	p.stopKill = context.AfterFunc(ctx, func() {
		defer close(p.killed)
		p.endProcesses(0)
	})
	return p
}

// Submit queues a call of the registered function fn with args and
// returns its future, named fn. The arguments are converted to the
// function's parameter types (numbers convert, so 1000 is a valid
// time.Duration) and serialized when a worker takes the task: do not change
// them until the future is done. A name that is not registered, or
// arguments that do not fit, fail the future at once.
func (p *ProcessPool) Submit(fn string, args ...any) *Future {
	f := newFuture(fn)
	r, err := lookup(fn)
	if err == nil {
		var vals []any
		vals = append(vals, args...)
		_, err = r.args(vals)
		if err == nil {
			p.sched.submit(job{f: f, run: func(w int) { p.run(f, r, vals, w) }})
			return f
		}
	}
	f.fail(err)
	return f
}

// Map calls fn once per input in the pool's processes and returns the
// results in the order of the inputs, with the errors joined.
func (p *ProcessPool) Map(fn string, inputs ...any) ([]any, error) {
	fs := make([]*Future, len(inputs))
	for i, in := range inputs {
		fs[i] = p.Submit(fn, in)
	}
	return WaitAll(fs)
}

func (p *ProcessPool) run(f *Future, r *registered, vals []any, w int) {
	s := Span{Name: f.name, Worker: fmt.Sprintf("process %d", w), Start: time.Now()}
	v, err := p.call(r, vals, w, &s)
	s.End = time.Now()
	if s.WorkStart.IsZero() {
		s.WorkStart, s.WorkEnd = s.End, s.End
	}
	s.Err = err != nil
	p.timeline.Add(s)
	f.complete(v, err, s)
}

func (p *ProcessPool) call(r *registered, vals []any, w int, s *Span) (any, error) {
	in, _ := r.args(vals) // checked by Submit
	req := &request{ID: p.nextID.Add(1), Func: r.name, Args: make([]wireValue, len(in))}
	for i, v := range in {
		wv, err := encodeValue(v)
		if err != nil {
			return nil, fmt.Errorf("%s: encode argument %d: %w", r.name, i+1, err)
		}
		req.Args[i] = wv
		s.BytesIn += wv.size()
	}
	// A request that never reached a worker can go to a fresh one: the
	// worker may have died idle, killed between tasks.
	var rep reply
	for attempt := 0; ; attempt++ {
		proc, err := p.process(w)
		if err != nil {
			return nil, err
		}
		var delivered bool
		rep, delivered, err = proc.call(p.ctx, req)
		if err == nil {
			break
		}
		p.discard(w, proc)
		if p.ctx.Err() != nil {
			// The pool's end killed the process: that, not the death,
			// is the news.
			return nil, context.Cause(p.ctx)
		}
		if delivered || attempt > 0 {
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
	}
	s.WorkStart, s.WorkEnd = time.Unix(0, rep.WorkStart), time.Unix(0, rep.WorkEnd)
	s.BytesOut = rep.Result.size()
	switch {
	case rep.Panic != "":
		return nil, &PanicError{Value: rep.Panic, Stack: rep.Stack}
	case rep.Err != "":
		return nil, errors.New(rep.Err)
	}
	return r.result(rep.Result)
}

// process returns worker w's process, starting one if it has none or its
// last one died.
func (p *ProcessPool) process(w int) (*process, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if proc := p.procs[w]; proc != nil {
		select {
		case <-proc.dead:
		default:
			return proc, nil
		}
	}
	if err := p.ctx.Err(); err != nil {
		return nil, context.Cause(p.ctx)
	}
	proc, err := startProcess()
	if err != nil {
		return nil, err
	}
	p.procs[w] = proc
	return proc, nil
}

// discard kills a worker's process after a failure, so the next task of
// that worker starts a fresh one.
func (p *ProcessPool) discard(w int, proc *process) {
	proc.kill()
	p.mu.Lock()
	if p.procs[w] == proc {
		p.procs[w] = nil
	}
	p.mu.Unlock()
}

// endProcesses closes every worker process, killing those that have not
// exited after grace.
func (p *ProcessPool) endProcesses(grace time.Duration) {
	p.mu.Lock()
	procs := p.procs
	p.procs = make([]*process, len(procs))
	p.mu.Unlock()
	for _, proc := range procs {
		if proc != nil {
			proc.close(grace)
		}
	}
}

// PIDs returns the process ids of the live worker processes, in worker
// order: a cell can kill one (syscall.Kill(pid, syscall.SIGKILL)) to see
// the pool survive it.
func (p *ProcessPool) PIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pids []int
	for _, proc := range p.procs {
		if proc == nil {
			continue
		}
		select {
		case <-proc.dead:
		default:
			pids = append(pids, proc.cmd.Process.Pid)
		}
	}
	return pids
}

// Wait waits until every task submitted so far has ended.
func (p *ProcessPool) Wait() { p.sched.wait() }

// Close stops the pool taking tasks, waits for those queued and running,
// then ends the worker processes (they exit when their pipe closes, or are
// killed after a second).
func (p *ProcessPool) Close() {
	p.sched.close()
	p.stopOnce.Do(func() {
		if !p.stopKill() {
			<-p.killed // it is ending the processes now
		}
	})
	p.endProcesses(time.Second)
	p.cancel(ErrClosed)
}

// Stop ends the pool's context: queued tasks fail with ErrStopped, running
// ones fail as their processes are killed. Then it closes the pool.
func (p *ProcessPool) Stop() {
	p.cancel(ErrStopped)
	p.sched.abort()
	p.Close()
}

// Size is the number of worker processes the pool runs at most.
func (p *ProcessPool) Size() int { return p.sched.size }

// Timeline is the record of the pool's tasks, drawn as a Gantt chart.
func (p *ProcessPool) Timeline() *Timeline { return p.timeline }

package interp

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	yaegi "github.com/traefik/yaegi/interp"
)

// An interrupt stops interpreted code, and only the code that runs: the
// function values that cells made before it, closures, method values,
// callbacks and widget handlers that compiled code keeps, run again after
// it, as they would in Go.
//
// yaegi runs code while its frame's run id equals the interpreter's (see
// runstate.go). To stop, halt gives the interpreter a run id never given
// before: every interpreted goroutine ends at its next step, and so do the
// goroutines blocked on channel operations, which a waker goroutine wakes
// by sending on the channel they all select with. Once the program that
// was interrupted has returned, and the goroutines cells started with it,
// halt puts the old id back: the frames that function values keep are
// live again. Ids are never reused, so that a frame made under a stopping
// id stays dead.
//
// The program runs in a goroutine of halt's own, whose return is the sign
// that the code stopped. Code blocked in a call outside the interpreter (a
// locked mutex, WaitGroup.Wait, I/O) cannot be stopped: it would go on
// when the call returns. A program that has not returned within stopWait
// keeps the interpreter under the new id, and the interrupted cell says
// so on its standard error; if it has returned when the next program
// starts, the old id comes back then (revivePending). Goroutines that have
// not returned are named on the standard error, and left to go on.
//
// Untracked interpreted goroutines, those that compiled code starts to
// call a function value (time.AfterFunc, an HTTP server), are stopped only
// if they take a step while halt waits: it cannot see them return.

// stopWait is how long halt waits for the stopped program and goroutines
// to return. Interpreted code ends at its next step, within microseconds;
// the wait is spent only by code blocked outside the interpreter, and is
// short for an interrupt to stay under a tenth of a second.
const stopWait = 40 * time.Millisecond

// stopWaitLoaded bounds the wait where stopWait has passed but a thread
// of the process is running or waiting for a CPU: on a loaded machine (a
// class's server, tests side by side on two cores) the stopped code may
// not have had a CPU since the interrupt, and has its next step to take,
// where code blocked outside the interpreter leaves every thread asleep.
// Without it, running code was reported blocked, and its function values
// dead until a restart.
const stopWaitLoaded = time.Second

// stopRound is how often, while halt waits, it raises the run id again:
// a program that read the id as it started, after the raise, runs under
// it, and stops at the next.
const stopRound = 5 * time.Millisecond

// stopper is the state of the interpreter's stops.
type stopper struct {
	mu sync.Mutex
	// highest is the highest run id given, for the next to be new.
	highest uint64
	// next is closed, and replaced, when halt has stopped the code (see
	// StopSignal).
	next chan struct{}
	// pending is a stop whose program had not returned when halt gave up
	// waiting, nil if none.
	pending *revival
}

// revival is what revivePending needs to put a run id back.
type revival struct {
	run      *yaegiRun
	live     uint64 // the id to put back
	finished <-chan struct{}
	what     string // what was interrupted, "cell[4]"
}

// yaegiRun is a yaegi interpreter's run state, and the channel its blocked
// channel operations select on, for a waker to send on.
type yaegiRun struct {
	state runState
	wake  chan struct{}
}

// newYaegiRun prepares yi for halt; newYaegi calls it before the first
// program compiles.
func newYaegiRun(yi *yaegi.Interpreter) (*yaegiRun, error) {
	state, err := yaegiRunState(yi)
	if err != nil {
		return nil, err
	}
	r := &yaegiRun{state: state, wake: make(chan struct{})}
	state.useDone(r.wake)
	return r, nil
}

// StopSignal returns a channel that is closed when an interrupt that comes
// after the call has stopped the interpreted code. A compiled function
// that an interrupt ends, a read of standard input, waits for it before it
// returns: the code it returns to has stopped by then, and does not go on
// as if the call had failed.
func (in *Interpreter) StopSignal() <-chan struct{} {
	s := &in.stops
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.next == nil {
		s.next = make(chan struct{})
	}
	return s.next
}

// executeProgram runs prog until it returns, or until ctx is done; then it
// stops it (halt) and returns ctx's error. what names what runs, for the
// reports on the standard error.
func (in *Interpreter) executeProgram(ctx context.Context, what string, prog *yaegi.Program) (reflect.Value, error) {
	in.revivePending()
	if err := ctx.Err(); err != nil {
		return reflect.Value{}, err
	}
	var (
		v        reflect.Value
		err      error
		finished = make(chan struct{})
		yi       = in.yi
	)
	go func() {
		defer close(finished)
		v, err = yi.Execute(prog) // it recovers the program's panics
	}()
	select {
	case <-finished:
		return v, err
	case <-ctx.Done():
	}
	select {
	case <-finished:
		return v, err // it was done: the interrupt came too late for it
	default:
	}
	in.halt(what, finished)
	return reflect.Value{}, ctx.Err()
}

// halt stops the interpreted code, all of it, as an interrupt of what
// whose program runs in the goroutine that closes finished when it returns
// (see the top of the file). It wakes the sleeps too, which yaegi cannot
// stop.
func (in *Interpreter) halt(what string, finished <-chan struct{}) {
	s := &in.stops
	run := in.yrun
	live := run.state.runID()
	s.raise(run)
	in.sleep.interrupt()
	stopWaker := wakeChannelOps(run.wake)
	s.mu.Lock()
	if s.next != nil {
		close(s.next)
		s.next = nil
	}
	s.mu.Unlock()

	returned, stuck := in.awaitStop(run, finished)
	// Every stale channel operation that a send could wake has been woken:
	// none may be left to take the send meant for live code.
	stopWaker()
	if returned {
		run.state.setRunID(live)
	} else {
		s.mu.Lock()
		s.pending = &revival{run: run, live: live, finished: finished, what: what}
		s.mu.Unlock()
		fmt.Fprintf(in.panics.w, "interrupt: %s could not be stopped: it is blocked in a call outside the interpreter "+
			"(a locked mutex, WaitGroup.Wait, I/O), and its code stops when that call returns; "+
			"until then, function values made before the interrupt (closures, callbacks, widget handlers) do nothing\n", what)
	}
	if line := stuckLine(stuck); line != "" {
		fmt.Fprintln(in.panics.w, line)
	}
}

// raise gives run's interpreter a run id never given before.
func (s *stopper) raise(run *yaegiRun) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.highest = max(s.highest, run.state.runID()) + 1
	run.state.setRunID(s.highest)
}

// awaitStop waits, stopWait at most (stopWaitLoaded while a thread of the
// process is busy), for finished to be closed and for the
// goroutines cells started to return, but for those an earlier stop found
// stuck. It raises the run id every stopRound. It tells whether finished
// was closed, and returns the goroutines that did not return, now marked
// stuck.
func (in *Interpreter) awaitStop(run *yaegiRun, finished <-chan struct{}) (bool, []Goroutine) {
	g := &in.goroutines
	isFinished := func() bool {
		select {
		case <-finished:
			return true
		default:
			return false
		}
	}
	start := time.Now()
	deadline := start.Add(stopWait)
	for {
		done := g.wait(min(stopRound, time.Until(deadline)), finished, func() bool {
			return isFinished() && g.stoppable() == 0
		})
		if done {
			break
		}
		if !time.Now().Before(deadline) {
			busy, ok := busyThreads() // threads_linux.go
			if !ok || !busy || time.Since(start) >= stopWaitLoaded {
				break
			}
			deadline = time.Now().Add(stopRound)
		}
		in.stops.raise(run)
	}
	return isFinished(), g.markStuck()
}

// wakeChannelOps wakes the channel operations blocked on wake, one per
// send, until stop is called; stop returns once the waker is gone.
func wakeChannelOps(wake chan struct{}) (stop func()) {
	quit, gone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(gone)
		for {
			select {
			case wake <- struct{}{}:
			case <-quit:
				return
			}
		}
	}()
	return func() {
		close(quit)
		<-gone
	}
}

// revivePending puts back the run id of a stop whose program had not
// returned when halt gave up waiting, if it has returned since; if not,
// the function values made before stay dead, as the next program's code
// runs under the new id, and the standard error says so. Executes and
// comm handlers call it before they run code.
func (in *Interpreter) revivePending() {
	s := &in.stops
	s.mu.Lock()
	p := s.pending
	s.pending = nil
	s.mu.Unlock()
	if p == nil || p.run != in.yrun { // none, or one of the yaegi %reset replaced
		return
	}
	select {
	case <-p.finished:
		p.run.state.setRunID(p.live)
	default:
		fmt.Fprintf(in.panics.w, "interrupt: function values made before %s was interrupted (closures, callbacks, widget handlers) "+
			"no longer run: it was still blocked outside the interpreter; restart the kernel to run them again\n", p.what)
	}
}

// stuckLine says which goroutines an interrupt could not stop, in one line.
func stuckLine(gs []Goroutine) string {
	if len(gs) == 0 {
		return ""
	}
	var places []string
	for i, g := range gs {
		if i == 3 {
			places = append(places, "…")
			break
		}
		places = append(places, g.Pos+" "+g.Source)
	}
	n := "1 goroutine"
	if len(gs) > 1 {
		n = fmt.Sprintf("%d goroutines", len(gs))
	}
	return fmt.Sprintf("interrupt: %s could not be stopped (%s): blocked in calls outside the interpreter, they go on when those calls return",
		n, strings.Join(places, ", "))
}

package lab

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// process is one worker process and the pool's ends of its pipes.
type process struct {
	cmd      *exec.Cmd
	requests *os.File
	enc      *gob.Encoder
	replies  chan reply    // the reply to the request in flight
	dead     chan struct{} // closed once the process has exited
	stderr   *headWriter   // the start of what it wrote on standard error
	readErr  error         // why reading replies ended; set before dead closes
}

var workerCommand struct {
	sync.Mutex
	argv []string
}

// SetWorkerCommand sets the command that starts a process pool's worker:
// a program that calls ServeWorker when IsWorker reports true. No
// arguments restores the default, this program run again with the argument
// "lab-worker", which is what gopherlab understands. Worker processes
// started later use it.
func SetWorkerCommand(argv ...string) {
	workerCommand.Lock()
	defer workerCommand.Unlock()
	workerCommand.argv = append([]string(nil), argv...)
}

func workerArgv() ([]string, error) {
	workerCommand.Lock()
	defer workerCommand.Unlock()
	if len(workerCommand.argv) > 0 {
		return workerCommand.argv, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("lab: find the program to start as a worker: %w", err)
	}
	return []string{exe, "lab-worker"}, nil
}

func startProcess() (*process, error) {
	if IsWorker() {
		// A program that was started as a worker but runs its usual code
		// instead of ServeWorker would start workers that do the same.
		return nil, errors.New("lab: this process was started as a process pool worker and cannot start workers of its own (it should call lab.ServeWorker)")
	}
	argv, err := workerArgv()
	if err != nil {
		return nil, err
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("lab: start worker: %w", err)
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, fmt.Errorf("lab: start worker: %w", err)
	}
	proc := &process{
		requests: reqW,
		enc:      gob.NewEncoder(reqW),
		replies:  make(chan reply, 1),
		dead:     make(chan struct{}),
		stderr:   &headWriter{limit: 8 << 10},
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), workerEnv+"=1",
		spinEnv+"="+strconv.FormatFloat(spinSpeed(), 'g', -1, 64))
	cmd.Stdout = os.Stdout
	cmd.Stderr = io.MultiWriter(os.Stderr, proc.stderr)
	cmd.ExtraFiles = []*os.File{reqR, repW} // fdRequests, fdReplies
	err = cmd.Start()
	reqR.Close() // the child has its own copies
	repW.Close()
	if err != nil {
		reqW.Close()
		repR.Close()
		return nil, fmt.Errorf("lab: start worker %q: %w", strings.Join(argv, " "), err)
	}
	proc.cmd = cmd
	go proc.read(repR)
	return proc, nil
}

// read passes replies on until the worker's end of the pipe closes, which
// happens when it exits; then it reaps the process.
func (proc *process) read(f *os.File) {
	dec := gob.NewDecoder(f)
	for {
		var rep reply
		if err := dec.Decode(&rep); err != nil {
			proc.readErr = err
			break
		}
		proc.replies <- rep
	}
	f.Close()
	proc.cmd.Wait()
	proc.requests.Close()
	close(proc.dead)
}

// call sends req and waits for the reply, the process's death, or the end
// of ctx, which kills the process. delivered reports whether the request
// was written whole, after which it may have run.
func (proc *process) call(ctx context.Context, req *request) (rep reply, delivered bool, err error) {
	if err := proc.enc.Encode(req); err != nil {
		return reply{}, false, proc.died(err)
	}
	select {
	case rep := <-proc.replies:
		if rep.ID != req.ID {
			return reply{}, true, fmt.Errorf("lab: worker replied to request %d, not %d", rep.ID, req.ID)
		}
		return rep, true, nil
	case <-proc.dead:
		return reply{}, true, proc.died(nil)
	case <-ctx.Done():
		proc.kill()
		return reply{}, true, context.Cause(ctx)
	}
}

// died describes the death of the process, waiting for it to be reaped
// (a write can fail a moment before the exit is known).
func (proc *process) died(writeErr error) error {
	select {
	case <-proc.dead:
	case <-time.After(2 * time.Second):
		if writeErr != nil {
			return fmt.Errorf("lab: send to worker process %d: %w", proc.cmd.Process.Pid, writeErr)
		}
		<-proc.dead
	}
	msg := fmt.Sprintf("%v (pid %d, %s)", ErrWorkerDied, proc.cmd.Process.Pid, proc.cmd.ProcessState)
	if last := proc.stderr.reason(); last != "" {
		msg += ": " + last
	}
	return &workerDiedError{msg: msg}
}

type workerDiedError struct{ msg string }

func (e *workerDiedError) Error() string { return e.msg }
func (e *workerDiedError) Unwrap() error { return ErrWorkerDied }

func (proc *process) kill() {
	proc.cmd.Process.Kill()
	<-proc.dead
}

// close asks the worker to exit by closing its request pipe, and kills it
// if it has not after grace.
func (proc *process) close(grace time.Duration) {
	proc.requests.Close()
	select {
	case <-proc.dead:
	case <-time.After(grace):
		proc.kill()
	}
}

// headWriter keeps the first limit bytes written to it: where a Go program
// says why it crashed ("panic: …", "fatal error: …").
type headWriter struct {
	mu    sync.Mutex
	limit int
	buf   []byte
}

func (h *headWriter) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if room := h.limit - len(h.buf); room > 0 {
		h.buf = append(h.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// reason is the line that says why the process ended, if it said.
func (h *headWriter) reason() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var last string
	for _, line := range strings.Split(string(h.buf), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			return shorten(line, 200)
		}
		if line != "" && last == "" {
			last = line
		}
	}
	return shorten(last, 200)
}

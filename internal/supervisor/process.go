package supervisor

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"sync"
	"time"

	"gopherlab/internal/cellio"
	"gopherlab/internal/workerproto"
)

// process is one worker: the child process, its pipes, and the calls
// waiting on it.
type process struct {
	s         *Supervisor
	cmd       *exec.Cmd
	requests  *workerproto.Encoder
	reqFile   *os.File
	stdout    *stream
	stderr    *stream
	crash     crashLog
	ready     chan struct{} // closed when the interpreter is up
	dead      chan struct{} // closed once the process has ended and its output is in
	report    *crashReport  // how it ended; set before dead is closed
	streamsIn sync.WaitGroup

	calls workerproto.Pending // requests waiting for their replies

	mu       sync.Mutex
	stopping bool // ended by the supervisor: no one is told
}

// start starts a worker process. The worker's descriptors: 0 is /dev/null,
// 1 the cells' standard output, 2 the runtime's (crash reports), 3 the
// requests, 4 the events, 5 the cells' standard error.
func (s *Supervisor) start() (*process, error) {
	p := &process{
		s:     s,
		ready: make(chan struct{}),
		dead:  make(chan struct{}),
	}
	var parentEnds, childEnds []*os.File
	closeAll := func(files []*os.File) {
		for _, f := range files {
			f.Close()
		}
	}
	pipe := func() (r, w *os.File, err error) {
		r, w, err = os.Pipe()
		if err != nil {
			closeAll(parentEnds)
			closeAll(childEnds)
			return nil, nil, fmt.Errorf("start the interpreter: %w", err)
		}
		return r, w, nil
	}
	reqR, reqW, err := pipe()
	if err != nil {
		return nil, err
	}
	parentEnds, childEnds = append(parentEnds, reqW), append(childEnds, reqR)
	evR, evW, err := pipe()
	if err != nil {
		return nil, err
	}
	parentEnds, childEnds = append(parentEnds, evR), append(childEnds, evW)
	outR, outW, err := pipe()
	if err != nil {
		return nil, err
	}
	parentEnds, childEnds = append(parentEnds, outR), append(childEnds, outW)
	errR, errW, err := pipe()
	if err != nil {
		return nil, err
	}
	parentEnds, childEnds = append(parentEnds, errR), append(childEnds, errW)
	crashR, crashW, err := pipe()
	if err != nil {
		return nil, err
	}
	parentEnds, childEnds = append(parentEnds, crashR), append(childEnds, crashW)

	cmd := exec.Command(s.cfg.Command[0], s.cfg.Command[1:]...)
	cmd.Stdout = outW
	cmd.Stderr = crashW
	cmd.ExtraFiles = []*os.File{reqR, evW, errW} // 3, 4, 5
	cmd.Env = append(append(os.Environ(), s.cfg.Env...), workerproto.MarkerEnv+"="+s.token)
	if _, ok := s.cfg.Frontend.(CommFrontend); ok {
		cmd.Env = append(cmd.Env, workerproto.CommsEnv+"=1")
	}
	if err := cmd.Start(); err != nil {
		closeAll(parentEnds)
		closeAll(childEnds)
		return nil, fmt.Errorf("start the interpreter: %w", err)
	}
	closeAll(childEnds) // the child has its own copies
	p.cmd = cmd
	p.reqFile = reqW
	p.requests = workerproto.NewEncoder(reqW)

	front := s.cfg.Frontend
	p.stdout = newStream("stdout", s.marker, front.Stream)
	p.stderr = newStream("stderr", s.marker, front.Stream)
	p.crash.forward = func(text string) { front.Stream("stderr", text) }
	p.streamsIn.Add(3)
	go p.drain(p.stdout.read, outR)
	go p.drain(p.stderr.read, errR)
	go p.drain(p.crash.read, crashR)
	go p.serveEvents(workerproto.NewDecoder(evR), evR)
	return p, nil
}

func (p *process) drain(read func(io.Reader) error, f *os.File) {
	defer p.streamsIn.Done()
	defer f.Close()
	if err := read(f); err != nil {
		p.s.cfg.Log.Printf("read the interpreter's output: %v", err)
	}
}

// serveEvents handles what the worker sends, in order, until it ends.
func (p *process) serveEvents(events *workerproto.Decoder, f *os.File) {
	front := p.s.cfg.Frontend
	synced := 0
	for {
		m, err := events.Next()
		if err != nil {
			if err != io.EOF {
				p.s.cfg.Log.Printf("interpreter: %v", err)
			}
			break
		}
		if m.Synced {
			synced++
			p.stdout.waitMarker(synced)
			p.stderr.waitMarker(synced)
		}
		switch m.Type {
		case workerproto.TypeReady:
			close(p.ready)
		case workerproto.TypeReply:
			p.calls.Deliver(m)
		case workerproto.TypeDisplay:
			front.Display(m.Data, m.Metadata, m.DisplayID, m.Update)
		case workerproto.TypeClear:
			front.Clear(m.Wait)
		case workerproto.TypeComm:
			if f, ok := front.(CommFrontend); ok {
				f.Comm(*m.Comm)
			}
		case workerproto.TypeDebugEvent:
			if f, ok := front.(DebugFrontend); ok {
				f.DebugEvent(m.Data)
			}
		case workerproto.TypeInputRequest:
			go func() {
				value, err := p.s.input(m.Prompt, m.Password)
				reply := workerproto.Message{Type: workerproto.TypeInputReply, ID: m.ID, Value: value}
				if err != nil {
					reply.Error = &cellio.Error{Name: "StdinError", Value: err.Error()}
					// An interrupt ended the wait: the worker must stop the
					// cell, not let it go on as if the user typed nothing.
					if p.s.interrupted() {
						reply.Error.Name = "KeyboardInterrupt"
						p.requests.Send(workerproto.Message{Type: workerproto.TypeInterrupt})
					}
				}
				p.requests.Send(reply)
			}()
		}
		if m.Synced {
			p.stdout.release(synced)
			p.stderr.release(synced)
		}
	}
	f.Close()
	p.end()
}

// end collects how the process ended, once its pipe of events has closed.
func (p *process) end() {
	// A marker whose message never came must not hold its stream.
	p.stdout.release(math.MaxInt)
	p.stderr.release(math.MaxInt)
	p.cmd.Process.Kill() // in case it only closed the pipe
	p.cmd.Wait()
	// Output still in the pipes comes before the report. A command the
	// cell started in the background may hold them open: don't wait long.
	drained := make(chan struct{})
	go func() { p.streamsIn.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(500 * time.Millisecond):
	}
	p.report = &crashReport{text: p.crash.report(), state: p.cmd.ProcessState}
	p.reqFile.Close()

	p.mu.Lock()
	stopping := p.stopping
	p.mu.Unlock()
	// The death is reported before the calls waiting on the worker see it:
	// a cell that died returns only once the front ends have been told its
	// comms are closed, so their comm_close is output of that cell, not of
	// whatever runs next.
	if !stopping {
		p.s.died(p, p.report, p.calls.Waiting())
	}
	close(p.dead)
}

func (p *process) isDead() bool {
	select {
	case <-p.dead:
		return true
	default:
		return false
	}
}

// deathError is a call's error when the worker died before answering.
type deathError struct{ report *crashReport }

func (e *deathError) Error() string { return "the interpreter process died: " + e.report.summary() }

// call sends a request and waits for its reply. For an execute request
// and a comm message, ctx's end interrupts the cell or the comm handler,
// which then replies; for the others it gives up the wait.
func (p *process) call(ctx context.Context, m workerproto.Message) (workerproto.Message, error) {
	select {
	case <-p.ready:
	case <-p.dead:
		return workerproto.Message{}, &deathError{p.report}
	}
	id, ch := p.calls.Add()
	m.ID = id
	forget := func() { p.calls.Forget(id) }
	if err := p.requests.Send(m); err != nil {
		forget()
		select {
		case <-p.dead:
			return workerproto.Message{}, &deathError{p.report}
		case <-time.After(time.Second):
			return workerproto.Message{}, err
		}
	}
	done := ctx.Done()
	for {
		select {
		case reply := <-ch:
			return reply, nil
		case <-p.dead:
			return workerproto.Message{}, &deathError{p.report}
		case <-done:
			// A cell and a comm handler are interrupted, and reply; a
			// question is given up.
			if m.Type != workerproto.TypeExecute && m.Type != workerproto.TypeComm {
				forget()
				return workerproto.Message{}, ctx.Err()
			}
			p.requests.Send(workerproto.Message{Type: workerproto.TypeInterrupt})
			done = nil // the cell's reply comes next
		}
	}
}

// stop ends the worker: closing its requests tells it to exit; one that
// does not within a second is killed.
func (p *process) stop() error {
	p.mu.Lock()
	p.stopping = true
	p.mu.Unlock()
	p.reqFile.Close()
	select {
	case <-p.dead:
	case <-time.After(time.Second):
		p.cmd.Process.Kill()
		<-p.dead
	}
	return nil
}

// crashLog reads the worker's standard error, which only the Go runtime
// writes to (the cells have a pipe of their own). What looks like the
// runtime's last words (a fatal error, an unrecovered panic) is kept for
// the report; anything else is passed on as the cells' stderr.
type crashLog struct {
	forward func(text string)

	mu       sync.Mutex
	crashing bool
	text     bytes.Buffer // the report, or the tail of what was forwarded
}

// maxCrashLog bounds what is kept of a crash: a stack overflow prints
// hundreds of frames.
const maxCrashLog = 256 << 10

func (c *crashLog) read(r io.Reader) error {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.add(buf[:n])
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func (c *crashLog) add(data []byte) {
	c.mu.Lock()
	var before []byte // what comes before the runtime's last words
	if !c.crashing {
		if i := crashStart(data); i >= 0 {
			c.crashing = true
			c.text.Reset()
			before, data = data[:i], data[i:]
		} else {
			before, data = data, nil
		}
	}
	if c.text.Len() < maxCrashLog {
		c.text.Write(data[:min(len(data), maxCrashLog-c.text.Len())])
	}
	c.mu.Unlock()
	if len(before) > 0 {
		c.forward(string(before))
	}
}

func (c *crashLog) report() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.crashing {
		return ""
	}
	return c.text.String()
}

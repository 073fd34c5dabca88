package supervisor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"gopherlab/internal/cellio"
	"gopherlab/internal/workerproto"
)

// Frontend receives what the cells of the worker produce, and answers their
// reads of standard input, for the cell run under the context it is given.
type Frontend interface {
	cellio.Output
	cellio.Stdin
}

// CommFrontend is a Frontend that carries comms, the channel of Jupyter
// widgets: a kernel's. With one, cells can open comms (display.OpenComm);
// without (gopherlab run), widgets fall back to text.
type CommFrontend interface {
	Frontend
	// Comm sends a comm message of the cells' side to the front ends.
	cellio.Comms
	// CommsLost says that the worker holding every open comm has died: the
	// front ends must be told they are closed.
	CommsLost()
}

// DebugFrontend is a Frontend that takes the debugger's events (a
// kernel's: JupyterLab's visual debugger).
type DebugFrontend interface {
	Frontend
	// DebugEvent sends a DAP event to the front ends.
	DebugEvent(event map[string]any)
}

// Config configures a Supervisor.
type Config struct {
	// Command starts a worker: a program whose main calls worker.Serve, and its
	// arguments (for gopherlab, its own executable and "worker").
	Command []string
	// Env is added to the worker's environment.
	Env      []string
	Frontend Frontend
	// Log receives the supervisor's own messages; nil discards them.
	Log *log.Logger
}

// Supervisor runs the interpreter in a worker process and starts a fresh one
// when it dies.
type Supervisor struct {
	cfg    Config
	token  string // names this kernel's marker (see workerproto.Marker)
	marker []byte

	mu      sync.Mutex
	worker  *process // nil only before the first start and after Close
	closed  bool
	cellCtx context.Context // of the cell running, for its reads of stdin
}

// Start starts the first worker. It does not wait for the interpreter to be
// ready: the first request does.
func Start(cfg Config) (*Supervisor, error) {
	if len(cfg.Command) == 0 {
		return nil, errors.New("supervisor: no worker command")
	}
	if cfg.Log == nil {
		cfg.Log = log.New(discard{}, "", 0)
	}
	token := make([]byte, 12)
	if _, err := rand.Read(token); err != nil {
		return nil, fmt.Errorf("supervisor: %w", err)
	}
	s := &Supervisor{cfg: cfg, token: hex.EncodeToString(token)}
	s.marker = workerproto.Marker(s.token)
	p, err := s.start()
	if err != nil {
		return nil, err
	}
	s.worker = p
	return s, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// current returns the live worker, starting a new one if the last has died.
func (s *Supervisor) current() (*process, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("supervisor: closed")
	}
	if s.worker != nil && !s.worker.isDead() {
		return s.worker, nil
	}
	p, err := s.start()
	if err != nil {
		return nil, err
	}
	s.worker = p
	return p, nil
}

// Execute runs a cell in the worker. Cancelling ctx interrupts the cell.
// When the worker dies under the cell, the reply is a FatalError with the
// runtime's report, and a fresh worker is started for the next cell.
func (s *Supervisor) Execute(ctx context.Context, req cellio.ExecuteRequest) cellio.ExecuteReply {
	p, err := s.current()
	if err != nil {
		return cellio.ExecuteReply{Err: failure(err)}
	}
	s.mu.Lock()
	s.cellCtx = ctx
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cellCtx = nil
		s.mu.Unlock()
	}()

	reply, err := p.call(ctx, workerproto.Message{Type: workerproto.TypeExecute, Request: &req})
	if err != nil {
		var death *deathError
		if errors.As(err, &death) {
			s.restartAfter(p)
			return cellio.ExecuteReply{Err: death.report.error()}
		}
		return cellio.ExecuteReply{Err: failure(err)}
	}
	if reply.Reply == nil {
		return cellio.ExecuteReply{Err: failure(errors.New("the interpreter replied without a result"))}
	}
	return *reply.Reply
}

// HandleComm gives the worker a comm message from a front end, and
// returns when its handler has run (its output comes first). A worker that
// died under the handler is restarted, as under a cell.
func (s *Supervisor) HandleComm(ctx context.Context, c cellio.Comm) *cellio.Error {
	p, err := s.current()
	if err != nil {
		return failure(err)
	}
	reply, err := p.call(ctx, workerproto.Message{Type: workerproto.TypeComm, Comm: &c})
	if err != nil {
		var death *deathError
		if errors.As(err, &death) {
			s.restartAfter(p)
			return death.report.error()
		}
		return failure(err)
	}
	return reply.Error
}

// Debug gives the worker's debugger a DAP request and returns its
// response. It works while a cell runs, stopped at a breakpoint or not.
func (s *Supervisor) Debug(ctx context.Context, request map[string]any) (map[string]any, error) {
	p, err := s.current()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	reply, err := p.call(ctx, workerproto.Message{Type: workerproto.TypeDebug, Data: request})
	if err != nil {
		return nil, fmt.Errorf("debugger: %w", err)
	}
	return reply.Data, nil
}

// restartAfter starts a worker in place of p, which died, at once, so the
// next cell does not wait for it.
func (s *Supervisor) restartAfter(p *process) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.worker != p {
		return
	}
	next, err := s.start()
	if err != nil {
		s.cfg.Log.Printf("restart the interpreter: %v", err)
		s.worker = nil // current tries again
		return
	}
	s.worker = next
}

// Complete, Inspect and IsComplete ask the worker; a worker that dies or
// is not there answers nothing.
func (s *Supervisor) Complete(code string, cursor int) cellio.Completion {
	reply, ok := s.ask(workerproto.Message{Type: workerproto.TypeComplete, Code: code, Cursor: cursor})
	if !ok || reply.Completion == nil {
		return cellio.Completion{Start: cursor, End: cursor}
	}
	return *reply.Completion
}

func (s *Supervisor) Inspect(code string, cursor, detail int) (map[string]any, bool) {
	reply, ok := s.ask(workerproto.Message{Type: workerproto.TypeInspect, Code: code, Cursor: cursor, Detail: detail})
	if !ok {
		return nil, false
	}
	return reply.Data, reply.Found
}

func (s *Supervisor) IsComplete(code string) (status, indent string) {
	reply, ok := s.ask(workerproto.Message{Type: workerproto.TypeIsComplete, Code: code})
	if !ok {
		return "unknown", ""
	}
	return reply.Status, reply.Indent
}

// askTimeout bounds the questions asked between cells: a front end waits for
// their answers, and a worker busy with a goroutine gone wild must not hang it.
const askTimeout = 10 * time.Second

func (s *Supervisor) ask(m workerproto.Message) (workerproto.Message, bool) {
	p, err := s.current()
	if err != nil {
		return workerproto.Message{}, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), askTimeout)
	defer cancel()
	reply, err := p.call(ctx, m)
	if err != nil {
		var death *deathError
		if errors.As(err, &death) {
			s.restartAfter(p)
			s.announce(death.report)
		}
		return workerproto.Message{}, false
	}
	return reply, true
}

// input serves a cell's read of standard input.
func (s *Supervisor) input(prompt string, password bool) (string, error) {
	s.mu.Lock()
	ctx := s.cellCtx
	s.mu.Unlock()
	if ctx == nil {
		return "", errors.New("stdin: no cell is running to read it")
	}
	return s.cfg.Frontend.Input(ctx, prompt, password)
}

// interrupted tells whether the cell running now has been interrupted.
func (s *Supervisor) interrupted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cellCtx != nil && s.cellCtx.Err() != nil
}

// died is called when a worker ends on its own, between cells or under one.
// Under a cell, Execute reports it; between cells, the front end is told on
// standard error, as output of the last cell.
func (s *Supervisor) died(p *process, r *crashReport, underCall bool) {
	s.cfg.Log.Printf("interpreter process died: %s", r.summary())
	if f, ok := s.cfg.Frontend.(CommFrontend); ok {
		f.CommsLost()
	}
	if underCall {
		return
	}
	s.restartAfter(p)
	s.announce(r)
}

func (s *Supervisor) announce(r *crashReport) {
	s.cfg.Frontend.Stream("stderr", r.error().Text())
}

// Close stops the worker and waits for it to end.
func (s *Supervisor) Close() error {
	s.mu.Lock()
	p := s.worker
	s.worker, s.closed = nil, true
	s.mu.Unlock()
	if p == nil {
		return nil
	}
	return p.stop()
}

func failure(err error) *cellio.Error {
	msg := err.Error()
	return &cellio.Error{Name: "Error", Value: msg, Traceback: []string{"Error: " + msg}}
}

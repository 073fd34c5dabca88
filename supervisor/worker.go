package supervisor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sync"
	"syscall"

	"gopherlab/debugger"
	"gopherlab/display"
	"gopherlab/internal/cellio"
	"gopherlab/interp"
)

// The worker's files, as the supervisor passes them (see process.start).
const (
	fdRequests   = 3 // supervisor → worker messages
	fdEvents     = 4 // worker → supervisor messages
	fdCellStderr = 5 // what cells write to standard error
	// Standard output (1) is the cells' too; standard error (2) is left to
	// the Go runtime, whose last words on a fatal error the supervisor
	// reads as the crash report.
)

// markerEnv passes the worker the token of the marker it writes into its
// output pipes.
const markerEnv = "GOPHERLAB_WORKER_MARKER"

// commsEnv tells the worker that its front end carries comms (see
// CommFrontend).
const commsEnv = "GOPHERLAB_WORKER_COMMS"

// markerFor is the marker of a token: random letters between NUL bytes,
// which printed text never holds by chance.
func markerFor(token string) []byte {
	return []byte("\x00gopherlab-sync-" + token + "\x00")
}

// maxStack bounds a goroutine's stack in the worker. Go's default of 1 GB
// takes a runaway recursion two seconds and a gigabyte to end; 256 MB still
// allows about 200,000 nested calls of an interpreted function.
const maxStack = 256 << 20

// runtimeStderr holds the original os.Stderr (see Serve).
var runtimeStderr *os.File

// Serve is the worker's main: it runs cells for the supervisor that started
// this process, on the files it was given, until the supervisor closes the
// request pipe. Only the supervisor's child may call it. Cells can import
// packages besides the standard library (interp.Options.Packages).
func Serve(packages map[string]map[string]reflect.Value) error {
	token := os.Getenv(markerEnv)
	if token == "" {
		return errors.New("worker: started without a supervisor (" + markerEnv + " is not set)")
	}
	comms := os.Getenv(commsEnv) == "1"
	os.Unsetenv(markerEnv) // not for the commands cells run
	os.Unsetenv(commsEnv)
	requests := os.NewFile(fdRequests, "requests")
	events := os.NewFile(fdEvents, "events")
	cellStderr := os.NewFile(fdCellStderr, "stderr")
	if requests == nil || events == nil || cellStderr == nil {
		return errors.New("worker: the supervisor's pipes are missing")
	}

	// Compiled code that writes to os.Stderr (log, say) writes where cells
	// do; file descriptor 2 stays the runtime's. The *os.File of descriptor
	// 2 must stay reachable: collected, its finalizer would close the
	// descriptor, and the runtime's report of a crash would go nowhere.
	runtimeStderr = os.Stderr
	os.Stderr = cellStderr
	log.SetOutput(cellStderr)
	// The front end interrupts through the supervisor. A Ctrl-C typed in a
	// terminal reaches the whole process group, and must not kill the worker.
	signal.Ignore(os.Interrupt)
	debug.SetMaxStack(maxStack)
	// If memory runs out, the kernel should lose the worker, not the
	// supervisor that reports it; raising one's own score needs no privilege.
	_ = os.WriteFile("/proc/self/oom_score_adj", []byte("500"), 0)

	w := &worker{
		out:    &encoder{w: events},
		marker: markerFor(token),
	}
	// The markers go through descriptors of the worker's own, which a cell
	// that closes os.Stdout cannot take away.
	for _, fd := range []int{1, fdCellStderr} {
		dup, err := syscall.Dup(fd)
		if err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		w.markerFiles = append(w.markerFiles, os.NewFile(uintptr(dup), "marker"))
	}
	var sink display.Sink = displaySink{w}
	if comms {
		sink = commSink{displaySink{w}}
	}
	in, err := interp.New(interp.Options{
		Stdout:   os.Stdout,
		Stderr:   cellStderr,
		Stdin:    &workerStdin{w: w},
		Display:  sink,
		Packages: packages,
	})
	if err != nil {
		return err
	}
	w.interp = in
	// Cells dumped for the debugger go where the kernel's process id names,
	// which a worker restarted after a crash keeps.
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("gopherlab_%d", os.Getppid()))
	w.debug = debugger.New(in.DebugTarget(), func(event map[string]any) {
		w.event(message{Type: typeDebugEvent, Data: event})
	}, dir)
	if err := w.out.send(message{Type: typeReady}); err != nil {
		return err
	}
	return w.serve(newDecoder(requests))
}

// worker is the interpreter's end of the pipes.
type worker struct {
	interp      *interp.Interpreter
	debug       *debugger.Adapter // JupyterLab's visual debugger
	out         *encoder
	marker      []byte
	markerFiles []*os.File

	// syncMu keeps markers and the messages they precede in one order.
	syncMu sync.Mutex

	inputs pending // reads of stdin waiting for the front end

	mu sync.Mutex
	// cell is the running cell's cancel. A cell that ends clears it only
	// if it is still its own: its reply may already have brought the next
	// cell, whose cancel is in place.
	cell *runningCell
	// cancelComms are those of the comm messages being handled, by id.
	cancelComms map[int64]context.CancelFunc
}

func (w *worker) serve(requests *decoder) error {
	for {
		m, err := requests.next()
		if err == io.EOF {
			return nil // the supervisor is done with this worker
		}
		if err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		switch m.Type {
		case typeExecute:
			// The cell's cancel is in place before the next request is
			// read: an interrupt that follows at once finds it.
			ctx, cancel := context.WithCancel(context.Background())
			cell := &runningCell{cancel}
			w.begin(cell)
			go w.execute(ctx, cell, m)
		case typeInterrupt:
			w.mu.Lock()
			w.interruptCell()
			// A comm handler stuck in a loop is interrupted as a cell is.
			for _, cancel := range w.cancelComms {
				cancel()
			}
			w.mu.Unlock()
		case typeComm:
			// Cancellable before the next request is read: that may be
			// the interrupt.
			ctx, cancel := context.WithCancel(context.Background())
			w.mu.Lock()
			if w.cancelComms == nil {
				w.cancelComms = map[int64]context.CancelFunc{}
			}
			w.cancelComms[m.ID] = cancel
			w.mu.Unlock()
			go func() {
				var reply message
				defer cancel()
				defer func() {
					w.mu.Lock()
					delete(w.cancelComms, m.ID)
					w.mu.Unlock()
				}()
				if err := w.interp.HandleComm(ctx, display.CommMessage(commMessage(m))); err != nil {
					// Nobody to deliver to: the front end's own doing (a
					// stale widget), said in the kernel's log, not the cell's.
					fmt.Fprintln(runtimeStderr, "gopherlab worker:", err)
				}
				w.reply(m.ID, reply)
			}()
		case typeDebug:
			go func() { w.reply(m.ID, message{Data: w.debug.Handle(m.Data)}) }()
		case typeInputReply:
			w.inputs.deliver(m)
		case typeComplete:
			go func() {
				c := w.interp.Complete(m.Code, m.Cursor)
				w.reply(m.ID, message{Matches: c.Matches, Start: c.Start, End: c.End, Kinds: c.Kinds})
			}()
		case typeInspect:
			go func() {
				data, found := w.interp.Inspect(m.Code, m.Cursor, m.Detail)
				w.reply(m.ID, message{Data: data, Found: found})
			}()
		case typeIsComplete:
			go func() {
				status, indent := w.interp.IsComplete(m.Code)
				w.reply(m.ID, message{Status: status, Indent: indent})
			}()
		}
	}
}

func (w *worker) reply(id int64, m message) {
	m.Type, m.ID = typeReply, id
	if err := w.send(m); err != nil {
		fmt.Fprintln(os.Stderr, "gopherlab worker:", err)
	}
}

// send sends a message after everything printed before it.
func (w *worker) send(m message) error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	m.Synced = true
	for _, f := range w.markerFiles {
		if _, err := f.Write(w.marker); err != nil {
			m.Synced = false // the supervisor must not wait for it
		}
	}
	return w.out.send(m)
}

// runningCell is what an interrupt needs of the cell that runs.
type runningCell struct{ cancel context.CancelFunc }

// begin makes cell the one an interrupt cancels.
func (w *worker) begin(cell *runningCell) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cell = cell
}

// end is called when cell has finished; it leaves alone the cancel of a
// cell that began since.
func (w *worker) end(cell *runningCell) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cell == cell {
		w.cell = nil
	}
}

// interruptCell cancels the running cell, if any. The caller holds w.mu.
func (w *worker) interruptCell() {
	if w.cell != nil {
		w.cell.cancel()
	}
}

func (w *worker) execute(ctx context.Context, cell *runningCell, req message) {
	defer cell.cancel()
	defer w.end(cell)

	var reply message
	res, err := w.interp.Execute(ctx, req.Count, req.Code)
	if err != nil {
		reply.Error = asError(err)
	} else {
		if res != nil {
			reply.Data, reply.Metadata = res.Data, res.Metadata
		}
		reply.Expressions = w.userExpressions(ctx, req)
	}
	w.reply(req.ID, reply)
}

// userExpressions evaluates the expressions a front end asked for after the
// cell, each reported on its own, in the shape of the messaging spec.
func (w *worker) userExpressions(ctx context.Context, req message) map[string]any {
	if len(req.UserExpressions) == 0 {
		return nil
	}
	results := make(map[string]any, len(req.UserExpressions))
	for name, expr := range req.UserExpressions {
		res, err := w.interp.Execute(ctx, req.Count, expr)
		switch {
		case err != nil:
			e := asError(err)
			results[name] = map[string]any{"status": "error", "ename": e.Name, "evalue": e.Value, "traceback": e.Traceback}
		case res == nil:
			results[name] = map[string]any{"status": "ok", "data": map[string]any{}, "metadata": map[string]any{}}
		default:
			results[name] = map[string]any{"status": "ok", "data": res.Data, "metadata": orEmpty(res.Metadata)}
		}
	}
	return results
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// asError is the failure of a cell as front ends show it. Their error
// display shows the traceback alone, so it must say everything.
func asError(err error) *cellio.Error {
	var e *cellio.Error
	if !errors.As(err, &e) {
		e = &cellio.Error{Name: "Error", Value: err.Error()}
	}
	if len(e.Traceback) == 0 {
		e = &cellio.Error{Name: e.Name, Value: e.Value, Traceback: []string{e.Name + ": " + e.Value}}
	}
	return e
}

// displaySink is the display package's sink in a worker: what cells show
// goes to the supervisor, in order with their output; commSink carries
// comms as well, for a front end that takes them.
type (
	displaySink struct{ w *worker }
	commSink    struct{ displaySink }
)

func (s displaySink) Publish(data, metadata map[string]any, displayID string, update bool) {
	s.w.event(message{Type: typeDisplay, Data: data, Metadata: metadata, DisplayID: displayID, Update: update})
}

func (s displaySink) Clear(wait bool) { s.w.event(message{Type: typeClear, Wait: wait}) }

func (s commSink) Comm(c display.CommMessage) { s.w.event(fromComm(cellio.Comm(c))) }

// event sends what a cell produced, after the output written before it.
func (w *worker) event(m message) {
	if err := w.send(m); err != nil {
		fmt.Fprintln(os.Stderr, "gopherlab worker:", err)
	}
}

// input asks the front end for a line, through the supervisor.
func (w *worker) input(prompt string, password bool) (string, error) {
	id, ch := w.inputs.add()
	if err := w.send(message{Type: typeInputRequest, ID: id, Prompt: prompt, Password: password}); err != nil {
		w.inputs.forget(id)
		return "", err
	}
	m := <-ch
	switch {
	case m.Error != nil && m.Error.Name == "KeyboardInterrupt":
		return "", errInterrupted
	case m.Error != nil:
		return "", errors.New(m.Error.Value)
	}
	return m.Value, nil
}

// errInterrupted is a read of stdin that an interrupt ended.
var errInterrupted = errors.New("stdin: interrupted")

// workerStdin is what cells read as standard input: each read that finds
// nothing buffered asks the front end for a line, as Python's input() does.
type workerStdin struct {
	w *worker

	mu      sync.Mutex // goroutines of a cell may read at once
	pending []byte
}

func (r *workerStdin) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) == 0 {
		stopped := r.w.interp.StopSignal()
		line, err := r.w.input("", false)
		if errors.Is(err, errInterrupted) {
			// The interpreter gives an interrupted cell a moment to return
			// before it stops it; a read that failed now would let the cell
			// go on as if the user had typed nothing. This read returns
			// once the interpreted code is stopped, which the code it
			// returns to is then, so that the interpreter sees the cell's
			// goroutine end (interp's stop.go).
			<-stopped
			return 0, err
		}
		if err != nil {
			return 0, err
		}
		r.pending = []byte(line + "\n")
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

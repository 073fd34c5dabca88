package worker

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

	"gopherlab/display"
	"gopherlab/internal/debugger"
	"gopherlab/internal/workerproto"
	"gopherlab/interp"
)

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
	token := os.Getenv(workerproto.MarkerEnv)
	if token == "" {
		return errors.New("worker: started without a supervisor (" + workerproto.MarkerEnv + " is not set)")
	}
	comms := os.Getenv(workerproto.CommsEnv) == "1"
	os.Unsetenv(workerproto.MarkerEnv) // not for the commands cells run
	os.Unsetenv(workerproto.CommsEnv)
	requests := os.NewFile(workerproto.FDRequests, "requests")
	events := os.NewFile(workerproto.FDEvents, "events")
	cellStderr := os.NewFile(workerproto.FDCellStderr, "stderr")
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
		out:    workerproto.NewEncoder(events),
		marker: workerproto.Marker(token),
	}
	// The markers go through descriptors of the worker's own, which a cell
	// that closes os.Stdout cannot take away.
	for _, fd := range []int{1, workerproto.FDCellStderr} {
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
		w.event(workerproto.Message{Type: workerproto.TypeDebugEvent, Data: event})
	}, dir)
	if err := w.out.Send(workerproto.Message{Type: workerproto.TypeReady}); err != nil {
		return err
	}
	return w.serve(workerproto.NewDecoder(requests))
}

// worker is the interpreter's end of the pipes.
type worker struct {
	interp      *interp.Interpreter
	debug       *debugger.Adapter // JupyterLab's visual debugger
	out         *workerproto.Encoder
	marker      []byte
	markerFiles []*os.File

	// syncMu keeps markers and the messages they precede in one order.
	syncMu sync.Mutex

	inputs workerproto.Pending // reads of stdin waiting for the front end

	mu sync.Mutex
	// cell is the running cell's cancel. A cell that ends clears it only
	// if it is still its own: its reply may already have brought the next
	// cell, whose cancel is in place.
	cell *runningCell
	// cancelComms are those of the comm messages being handled, by id.
	cancelComms map[int64]context.CancelFunc
}

func (w *worker) serve(requests *workerproto.Decoder) error {
	for {
		m, err := requests.Next()
		if err == io.EOF {
			return nil // the supervisor is done with this worker
		}
		if err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		switch m.Type {
		case workerproto.TypeExecute:
			// The cell's cancel is in place before the next request is
			// read: an interrupt that follows at once finds it.
			ctx, cancel := context.WithCancel(context.Background())
			cell := &runningCell{cancel}
			w.begin(cell)
			go w.execute(ctx, cell, m)
		case workerproto.TypeInterrupt:
			w.mu.Lock()
			w.interruptCell()
			// A comm handler stuck in a loop is interrupted as a cell is.
			for _, cancel := range w.cancelComms {
				cancel()
			}
			w.mu.Unlock()
		case workerproto.TypeComm:
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
				var reply workerproto.Message
				defer cancel()
				defer func() {
					w.mu.Lock()
					delete(w.cancelComms, m.ID)
					w.mu.Unlock()
				}()
				if err := w.interp.HandleComm(ctx, display.CommMessage(*m.Comm)); err != nil {
					// Nobody to deliver to: the front end's own doing (a
					// stale widget), said in the kernel's log, not the cell's.
					fmt.Fprintln(runtimeStderr, "gopherlab worker:", err)
				}
				w.reply(m.ID, reply)
			}()
		case workerproto.TypeDebug:
			go func() { w.reply(m.ID, workerproto.Message{Data: w.debug.Handle(m.Data)}) }()
		case workerproto.TypeInputReply:
			w.inputs.Deliver(m)
		case workerproto.TypeComplete:
			go func() {
				c := w.interp.Complete(m.Code, m.Cursor)
				w.reply(m.ID, workerproto.Message{Completion: &c})
			}()
		case workerproto.TypeInspect:
			go func() {
				data, found := w.interp.Inspect(m.Code, m.Cursor, m.Detail)
				w.reply(m.ID, workerproto.Message{Data: data, Found: found})
			}()
		case workerproto.TypeIsComplete:
			go func() {
				status, indent := w.interp.IsComplete(m.Code)
				w.reply(m.ID, workerproto.Message{Status: status, Indent: indent})
			}()
		}
	}
}

func (w *worker) reply(id int64, m workerproto.Message) {
	m.Type, m.ID = workerproto.TypeReply, id
	if err := w.send(m); err != nil {
		fmt.Fprintln(os.Stderr, "gopherlab worker:", err)
	}
}

// send sends a message after everything printed before it.
func (w *worker) send(m workerproto.Message) error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	m.Synced = true
	for _, f := range w.markerFiles {
		if _, err := f.Write(w.marker); err != nil {
			m.Synced = false // the supervisor must not wait for it
		}
	}
	return w.out.Send(m)
}

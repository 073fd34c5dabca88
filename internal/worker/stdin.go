package worker

import (
	"errors"
	"sync"

	"gopherlab/internal/workerproto"
)

// input asks the front end for a line, through the supervisor.
func (w *worker) input(prompt string, password bool) (string, error) {
	id, ch := w.inputs.Add()
	if err := w.send(workerproto.Message{Type: workerproto.TypeInputRequest, ID: id, Prompt: prompt, Password: password}); err != nil {
		w.inputs.Forget(id)
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

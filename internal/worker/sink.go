package worker

import (
	"fmt"
	"os"

	"gopherlab/display"
	"gopherlab/internal/cellio"
	"gopherlab/internal/workerproto"
)

// displaySink is the display package's sink in a worker: what cells show
// goes to the supervisor, in order with their output; commSink carries
// comms as well, for a front end that takes them.
type (
	displaySink struct{ w *worker }
	commSink    struct{ displaySink }
)

func (s displaySink) Publish(data, metadata map[string]any, displayID string, update bool) {
	s.w.event(workerproto.Message{Type: workerproto.TypeDisplay, Data: data, Metadata: metadata, DisplayID: displayID, Update: update})
}

func (s displaySink) Clear(wait bool) {
	s.w.event(workerproto.Message{Type: workerproto.TypeClear, Wait: wait})
}

func (s commSink) Comm(c display.CommMessage) {
	s.w.event(workerproto.Message{Type: workerproto.TypeComm, Comm: (*cellio.Comm)(&c)})
}

// event sends what a cell produced, after the output written before it.
func (w *worker) event(m workerproto.Message) {
	if err := w.send(m); err != nil {
		fmt.Fprintln(os.Stderr, "gopherlab worker:", err)
	}
}

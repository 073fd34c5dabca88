package display

import (
	"fmt"
	"os"
	"sync/atomic"
)

// Sink receives what the package shows. The kernel implements it; tests may
// too. Methods may be called from any goroutine.
type Sink interface {
	// Publish shows a MIME bundle. displayID is empty for output that is
	// never updated; update is true when data replaces what was shown
	// earlier under the same displayID.
	Publish(data, metadata map[string]any, displayID string, update bool)
	// Clear clears the output of the cell; with wait, the clearing happens
	// when the next output arrives, which avoids flicker in animations.
	Clear(wait bool)
}

// sinkBox lets an interface value live in an atomic.Pointer.
type sinkBox struct{ s Sink }

var current atomic.Pointer[sinkBox]

// SetSink makes s the receiver of everything the package shows; nil
// restores the default, which prints text/plain to os.Stdout. It is safe to
// call while other goroutines display.
func SetSink(s Sink) {
	if s == nil {
		current.Store(nil)
		return
	}
	current.Store(&sinkBox{s})
}

func sink() Sink {
	if b := current.Load(); b != nil {
		return b.s
	}
	return stdoutSink{}
}

// stdoutSink is the default: what a terminal can show of a bundle.
type stdoutSink struct{}

func (stdoutSink) Publish(data, _ map[string]any, _ string, _ bool) {
	if text, ok := data[MIMEText].(string); ok {
		fmt.Fprintln(os.Stdout, text)
	}
}

func (stdoutSink) Clear(bool) {}

package cellio

import "context"

// Output receives what a cell shows while it runs. Its methods may be
// called from any goroutine; the calls of one kind come in order.
type Output interface {
	// Stream sends text written to stdout or stderr (name).
	Stream(name, text string)
	// Display shows a MIME bundle. displayID is empty for output that is
	// never updated; update is true when data replaces what was shown
	// earlier under the same displayID.
	Display(data, metadata map[string]any, displayID string, update bool)
	// Clear clears the cell's output; with wait, when the next output
	// arrives, which avoids flicker in animations.
	Clear(wait bool)
}

// Stdin answers a cell's reads of standard input.
type Stdin interface {
	// Input asks the user for a line, for the request run under ctx. It
	// returns ErrNoStdin when the request does not accept input.
	Input(ctx context.Context, prompt string, password bool) (string, error)
}

// Comms sends the messages of the kernel's side of comms to the front ends.
type Comms interface {
	Comm(c Comm)
}

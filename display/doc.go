// Package display shows rich output in a notebook: HTML, SVG, Markdown, PNG
// images and JSON, and values that know how to render themselves, as
// IPython.display does for Python.
//
// Notebook cells import it as "gopherlab/display":
//
//	display.HTML("<b>bold</b>")
//	display.Markdown("# Title")
//	h := display.New()           // a handle: shown once, updated in place
//	h.Text("step 1")
//	h.Text("step 2")             // replaces "step 1" where it was shown
//
// The kernel gives the package a [Sink] that turns each call into a
// display_data (or update_display_data) message. Without a sink, as in a
// plain Go program or a test, each call prints the text/plain form of what it
// shows, followed by a newline, on os.Stdout, so code that uses the package
// still runs and its output can be read.
//
// A value shows itself richly when it has any of the methods HTML() string,
// SVG() string, Markdown() string or PNG() []byte (see [Bundle]), the Go
// counterpart of IPython's _repr_html_ and friends.
//
// The package imports only the standard library, so the interpreter can load
// it without pulling in the kernel.
package display

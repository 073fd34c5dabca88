//go:build !race

// The race detector is left out: a cell that an interrupt cannot stop did,
// before it blocked, write the global frame that the next cell's program
// resizes, and yaegi guards neither (see interrupt_test.go).

package interp

import (
	"io"
	"strings"
	"testing"
	"time"

	"gopherlab/symbols"
)

// A cell blocked in a call outside the interpreter cannot be stopped: the
// standard error says so, and the function values made before it come
// back only if it has returned when the next cell starts.
func TestInterruptBlockedOutside(t *testing.T) {
	stdin, feed := io.Pipe()
	h := &harness{t: t, stdout: &buffer{}, stderr: &buffer{}}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: h.stdout, Stderr: h.stderr, Stdin: stdin})
	if err != nil {
		t.Fatal(err)
	}
	h.in = in
	h.exec("f := func() int { return 42 }\nr := bufio.NewReader(os.Stdin)")

	h.stop("line, _ := r.ReadString('\\n')\nfmt.Println(\"read\", line)")
	if s := h.stderr.take(); !strings.Contains(s, "could not be stopped") {
		t.Errorf("stderr %q, want that the cell could not be stopped", s)
	}
	// The read returns, and the code after it does not run.
	feed.Write([]byte("x\n"))
	h.in.stops.mu.Lock()
	p := h.in.stops.pending
	h.in.stops.mu.Unlock()
	if p == nil {
		t.Fatal("no stop pending")
	}
	select {
	case <-p.finished:
	case <-time.After(10 * time.Second):
		t.Fatal("the cell's program did not return after its read")
	}
	if got := h.exec("f()"); got != "42" {
		t.Errorf("f() = %s after the blocked cell returned, want 42", got)
	}
	if out := h.stdout.take(); out != "" {
		t.Errorf("stdout %q: the stopped cell went on", out)
	}

	// Still blocked when the next cell starts: they stay dead, and the
	// standard error says so.
	h.stop("line, _ := r.ReadString('\\n')\nfmt.Println(\"read\", line)")
	h.stderr.take()
	if got := h.exec("g := func() int { return 7 }\ng()"); got != "7" {
		t.Errorf("a new closure returns %s, want 7", got)
	}
	if s := h.stderr.take(); !strings.Contains(s, "no longer run") {
		t.Errorf("stderr %q, want that function values made before no longer run", s)
	}
	// The cell stays blocked: released, its read would write line in the
	// global frame, racing with the cells that run (yaegi's frames are not
	// guarded).
}

//go:build unix

package magic

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// firstWrite signals its first write.
type firstWrite struct {
	syncBuffer
	wrote chan struct{}
}

func (w *firstWrite) Write(p []byte) (int, error) {
	select {
	case <-w.wrote:
	default:
		close(w.wrote)
	}
	return w.syncBuffer.Write(p)
}

// streamHost sends Stdout to a firstWrite.
type streamHost struct {
	fakeHost
	out *firstWrite
}

func (h *streamHost) Stdout() io.Writer { return h.out }

func TestShellStreams(t *testing.T) {
	h := &streamHost{out: &firstWrite{wrote: make(chan struct{})}}
	done := make(chan error, 1)
	go func() {
		_, err := runCell(t, h, "!echo first; sleep 1; echo second; echo oops >&2")
		done <- err
	}()
	select {
	case <-h.out.wrote:
	case err := <-done:
		t.Fatalf("the command ended (%v) before its first line came", err)
	}
	select {
	case err := <-done:
		t.Fatalf("the command ended (%v) as its first line came: not streamed", err)
	default:
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := h.out.String(); got != "first\nsecond\n" {
		t.Errorf("stdout %q", got)
	}
	if got := h.stderr.String(); got != "oops\n" {
		t.Errorf("stderr %q", got)
	}
}

func TestShellFails(t *testing.T) {
	for _, tc := range []struct{ cmd, msg string }{
		{"!false", "!false: exit status 1"},
		{"!exit 3", "!exit 3: exit status 3"},
		{"!gopherlab-no-such-command", "exit status 127"},
	} {
		h := &fakeHost{}
		_, err := runCell(t, h, tc.cmd+"\n!echo never")
		var e *Error
		if !errors.As(err, &e) || e.Name != "MagicError" || !strings.Contains(e.Value, tc.msg) {
			t.Errorf("%s: err = %v, want MagicError %q", tc.cmd, err, tc.msg)
		}
		if strings.Contains(h.stdout.String(), "never") {
			t.Errorf("%s: the cell went on after the failure", tc.cmd)
		}
	}
}

func TestShellInterrupted(t *testing.T) {
	for _, cmd := range []string{
		"!sleep 10",
		"!sleep 10; echo after",               // sh forks: the sleep is a grandchild
		"!trap '' TERM; sleep 10; echo after", // deaf to SIGTERM: killed after killDelay
	} {
		t.Run(cmd, func(t *testing.T) {
			h := &fakeHost{}
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			start := time.Now()
			_, err := Run(ctx, h, cmd, Parse(cmd))
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want the interrupt", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("returned after %v, want < 1s", d)
			}
			if strings.Contains(h.stdout.String(), "after") {
				t.Errorf("the command went on: %q", h.stdout.String())
			}
		})
	}
}

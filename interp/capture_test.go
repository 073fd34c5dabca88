package interp

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// captured collects what a Capture emits.
type captured struct {
	mu     sync.Mutex
	text   map[string]*strings.Builder
	pieces int
}

func (c *captured) emit(name, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.text[name] == nil {
		c.text[name] = &strings.Builder{}
	}
	c.text[name].WriteString(text)
	c.pieces++
}

func (c *captured) get(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.text[name] == nil {
		return ""
	}
	return c.text[name].String()
}

// withCapture runs write with the process's stdout and stderr captured and
// returns what was emitted once Flush returned. Nothing in write may use t:
// the test framework's own output would be captured too.
func withCapture(t *testing.T, write func()) *captured {
	t.Helper()
	got := &captured{text: map[string]*strings.Builder{}}
	c, err := CaptureStdio(got.emit)
	if err != nil {
		t.Fatalf("CaptureStdio: %v", err)
	}
	write()
	c.Flush()
	snapshot := &captured{text: map[string]*strings.Builder{}}
	for _, name := range []string{"stdout", "stderr"} {
		snapshot.emit(name, got.get(name))
	}
	snapshot.pieces = got.pieces
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return snapshot
}

func TestCaptureRoutesEveryKindOfWrite(t *testing.T) {
	tests := []struct {
		name       string
		write      func()
		wantStdout string
		wantStderr string
	}{
		{"fmt.Println", func() { fmt.Println("hello") }, "hello\n", ""},
		{"os.Stderr", func() { fmt.Fprintln(os.Stderr, "oops") }, "", "oops\n"},
		{"raw descriptor", func() { syscall.Write(1, []byte("native\n")) }, "native\n", ""},
		{"no newline", func() { fmt.Print("prompt: ") }, "prompt: ", ""},
		{"both in order", func() {
			fmt.Print("a")
			fmt.Fprint(os.Stderr, "b")
			fmt.Print("c")
		}, "ac", "b"},
		{"a goroutine", func() {
			done := make(chan bool)
			go func() { fmt.Println("from a goroutine"); done <- true }()
			<-done
		}, "from a goroutine\n", ""},
		{"text that looks like a marker", func() { fmt.Print("\x00gopherlab-flush-\x00") }, "\x00gopherlab-flush-\x00", ""},
		{"multi-byte characters", func() { fmt.Print(strings.Repeat("é→🐹", 20000)) }, strings.Repeat("é→🐹", 20000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := withCapture(t, tt.write)
			if s := got.get("stdout"); s != tt.wantStdout {
				t.Errorf("stdout = %.80q, want %.80q", s, tt.wantStdout)
			}
			if s := got.get("stderr"); s != tt.wantStderr {
				t.Errorf("stderr = %.80q, want %.80q", s, tt.wantStderr)
			}
		})
	}
}

func TestCaptureCoalescesManyLines(t *testing.T) {
	const lines = 100000
	var want strings.Builder
	for i := range lines {
		fmt.Fprintln(&want, i)
	}
	got := withCapture(t, func() {
		for i := range lines {
			fmt.Println(i)
		}
	})
	if s := got.get("stdout"); s != want.String() {
		t.Fatalf("lost or reordered output: got %d bytes, want %d", len(s), want.Len())
	}
	// One piece per MaxChunk at least, and far fewer pieces than lines.
	if max := lines / 100; got.pieces > max {
		t.Errorf("%d lines came in %d pieces, want at most %d", lines, got.pieces, max)
	}
}

func TestPartialSuffix(t *testing.T) {
	marker := []byte("<MARK>")
	tests := []struct {
		data string
		want int
	}{
		{"", 0}, {"abc", 0}, {"abc<", 1}, {"abc<MA", 3}, {"<MARK", 5}, {"<MARK>", 0}, {"M", 0},
	}
	for _, tt := range tests {
		if got := partialSuffix([]byte(tt.data), marker); got != tt.want {
			t.Errorf("partialSuffix(%q) = %d, want %d", tt.data, got, tt.want)
		}
	}
}

func TestCompleteRunes(t *testing.T) {
	arrow := "→" // three bytes
	tests := []struct {
		p    string
		want int
	}{
		{"", 0}, {"abc", 3}, {"ab" + arrow, 5}, {"ab" + arrow[:2], 2}, {"ab" + arrow[:1], 2}, {"ab\xff", 3},
	}
	for _, tt := range tests {
		if got := completeRunes([]byte(tt.p)); got != tt.want {
			t.Errorf("completeRunes(%q) = %d, want %d", tt.p, got, tt.want)
		}
	}
}

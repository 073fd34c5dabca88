package supervisor

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"gopherlab/internal/workerproto"
)

var testMarker = workerproto.Marker("0123456789abcdef")

// collected gathers what a stream emits.
type collected struct {
	mu     sync.Mutex
	text   strings.Builder
	pieces int
}

func (c *collected) emit(_, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text.WriteString(text)
	c.pieces++
}

// chunked reads its data a few bytes at a time, as a pipe may deliver it.
type chunked struct {
	data  []byte
	sizes []int
	i     int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := len(c.data)
	if len(c.sizes) > 0 {
		n = max(1, c.sizes[c.i%len(c.sizes)])
		c.i++
	}
	n = min(n, len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// readAll runs a stream over input, releasing each marker as the supervisor
// would, and returns the text and the markers counted.
func readAll(t testing.TB, input []byte, sizes []int) (string, int, int) {
	got := &collected{}
	s := newStream("stdout", testMarker, got.emit)
	s.release(1 << 30) // no messages to wait for
	if err := s.read(&chunked{data: input, sizes: sizes}); err != nil {
		t.Fatal(err)
	}
	return got.text.String(), s.markers, got.pieces
}

func TestStreamRemovesMarkers(t *testing.T) {
	m := string(testMarker)
	tests := []struct {
		name, input, want string
		markers           int
	}{
		{"plain", "hello\n", "hello\n", 0},
		{"one marker", "a" + m + "b", "ab", 1},
		{"markers only", m + m, "", 2},
		{"almost a marker", "x" + m[:10] + "y", "x" + m[:10] + "y", 0},
		{"a marker's start at the end", "x" + m[:10], "x" + m[:10], 0},
		{"a forged marker", "\x00gopherlab-sync-\x00", "\x00gopherlab-sync-\x00", 0},
		{"multi-byte text", strings.Repeat("é→🐹", 2000) + m, strings.Repeat("é→🐹", 2000), 1},
	}
	for _, tt := range tests {
		for _, sizes := range [][]int{nil, {1}, {3, 7}, {41}} {
			t.Run(fmt.Sprintf("%s/%v", tt.name, sizes), func(t *testing.T) {
				text, markers, _ := readAll(t, []byte(tt.input), sizes)
				if text != tt.want || markers != tt.markers {
					t.Errorf("got %.60q with %d markers, want %.60q with %d", text, markers, tt.want, tt.markers)
				}
			})
		}
	}
}

func TestStreamCoalescesManyLines(t *testing.T) {
	const lines = 100000
	var input bytes.Buffer
	for i := range lines {
		fmt.Fprintln(&input, i)
	}
	want := input.String()
	text, _, pieces := readAll(t, input.Bytes(), []int{4096})
	if text != want {
		t.Fatalf("lost or reordered output: got %d bytes, want %d", len(text), len(want))
	}
	if max := lines / 100; pieces > max {
		t.Errorf("%d lines came in %d pieces, want at most %d", lines, pieces, max)
	}
}

func TestStreamWaitsForTheMessage(t *testing.T) {
	// Text after a marker is emitted only once the marker's message has been
	// handled: a display must show above what the cell printed after it.
	got := &collected{}
	s := newStream("stdout", testMarker, got.emit)
	r, w := io.Pipe()
	done := make(chan error)
	go func() { done <- s.read(r) }()
	w.Write([]byte("before" + string(testMarker) + "after"))
	s.waitMarker(1)
	got.mu.Lock()
	before := got.text.String()
	got.mu.Unlock()
	if before != "before" {
		t.Errorf("at the marker: %q, want %q", before, "before")
	}
	s.release(1)
	w.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if text := got.text.String(); text != "beforeafter" {
		t.Errorf("in all: %q", text)
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

// FuzzStream: however the pipe cuts it, the text comes out whole, without
// the markers, and every marker is counted.
func FuzzStream(f *testing.F) {
	f.Add([]byte("hello"), uint8(0), uint8(3))
	f.Add([]byte("a\x00gopherlab-sync-b"), uint8(1), uint8(1))
	f.Add([]byte("é→🐹"), uint8(2), uint8(2))
	f.Fuzz(func(t *testing.T, text []byte, markerAt, chunk uint8) {
		if bytes.Contains(text, testMarker) {
			t.Skip()
		}
		at := int(markerAt) % (len(text) + 1)
		input := append(append(append([]byte{}, text[:at]...), testMarker...), text[at:]...)
		input = append(input, testMarker...)
		got, markers, _ := readAll(t, input, []int{int(chunk)%50 + 1})
		if got != string(text) || markers != 2 {
			t.Errorf("got %q with %d markers, want %q with 2", got, markers, text)
		}
	})
}

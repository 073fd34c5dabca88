package supervisor

import (
	"bytes"
	"io"
	"sync"
	"time"
	"unicode/utf8"
)

const (
	// CoalesceDelay bounds how long printed text waits before it is emitted.
	CoalesceDelay = 50 * time.Millisecond
	// MaxChunk is the most text emitted in one piece.
	MaxChunk = 64 << 10
)

// stream reads what the interpreter process writes to one of its output
// pipes and emits it as coalesced text: at most every CoalesceDelay, or as
// soon as MaxChunk bytes wait, so a cell that prints 100,000 lines sends a
// few dozen messages instead of 100,000.
//
// The worker writes a marker into the pipe before each message that must
// come after the text printed so far (a display, an input request, a reply).
// The stream emits what it holds when it meets one and counts it; the
// supervisor waits for the count before it handles the message, and the
// stream waits for the message to be handled before it goes on with the text
// printed after it. The marker holds random bytes the supervisor chose, so
// no output ever matches it.
type stream struct {
	name   string
	marker []byte
	emit   func(name, text string)

	mu       sync.Mutex
	cond     *sync.Cond // signalled when markers grows or the pipe ends
	markers  int        // markers met so far
	released int        // markers whose messages have been handled
	ended    bool
	pending  []byte
	timer    *time.Timer
}

func newStream(name string, marker []byte, emit func(name, text string)) *stream {
	s := &stream{name: name, marker: marker, emit: emit}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// read consumes r until it ends; it returns the read error, nil at EOF.
func (s *stream) read(r io.Reader) error {
	buf := make([]byte, 32<<10)
	var carry []byte // the start of what may be a marker, cut by a read
	for {
		n, err := r.Read(buf)
		data := append(carry, buf[:n]...)
		carry = nil
		for {
			i := bytes.Index(data, s.marker)
			if i < 0 {
				break
			}
			s.add(data[:i])
			s.emitPending(true)
			s.mu.Lock()
			s.markers++
			s.cond.Broadcast()
			for s.released < s.markers {
				s.cond.Wait()
			}
			s.mu.Unlock()
			data = data[i+len(s.marker):]
		}
		if k := partialSuffix(data, s.marker); k > 0 {
			carry = append([]byte(nil), data[len(data)-k:]...)
			data = data[:len(data)-k]
		}
		s.add(data)
		if err != nil {
			s.add(carry)
			s.emitPending(true)
			s.mu.Lock()
			s.ended = true
			s.cond.Broadcast()
			s.mu.Unlock()
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// waitMarker returns once n markers have been met, or the pipe has ended.
func (s *stream) waitMarker(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.markers < n && !s.ended {
		s.cond.Wait()
	}
}

// release lets the stream go on past marker n, whose message has been
// handled.
func (s *stream) release(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n > s.released {
		s.released = n
		s.cond.Broadcast()
	}
}

// partialSuffix is the length of the longest tail of data that begins marker.
func partialSuffix(data, marker []byte) int {
	for k := min(len(marker)-1, len(data)); k > 0; k-- {
		if bytes.HasPrefix(marker, data[len(data)-k:]) {
			return k
		}
	}
	return 0
}

// add queues text and arranges for it to be emitted soon.
func (s *stream) add(data []byte) {
	if len(data) == 0 {
		return
	}
	s.mu.Lock()
	s.pending = append(s.pending, data...)
	full := len(s.pending) >= MaxChunk
	if !full && s.timer == nil {
		s.timer = time.AfterFunc(CoalesceDelay, func() { s.emitPending(false) })
	}
	s.mu.Unlock()
	if full {
		s.emitPending(false)
	}
}

// emitPending sends what waits. Unless all is asked for, a multi-byte
// character cut by a read stays behind until the rest of it comes. Emitting
// under the lock keeps the pieces of one stream in order.
func (s *stream) emitPending(all bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	for len(s.pending) > 0 {
		n := min(len(s.pending), MaxChunk)
		if !all || n < len(s.pending) {
			n = completeRunes(s.pending[:n])
		}
		if n == 0 {
			if !all {
				// Only a cut character waits: give the rest of it a moment.
				s.timer = time.AfterFunc(CoalesceDelay, func() { s.emitPending(true) })
				return
			}
			n = len(s.pending)
		}
		s.emit(s.name, string(s.pending[:n]))
		s.pending = s.pending[n:]
	}
	s.pending = nil
}

// completeRunes is the length of the longest prefix of p that does not end
// inside a UTF-8 sequence. Invalid bytes count as complete: they will never
// be completed.
func completeRunes(p []byte) int {
	for back := 1; back <= utf8.UTFMax && back <= len(p); back++ {
		if start := len(p) - back; utf8.RuneStart(p[start]) {
			if utf8.FullRune(p[start:]) {
				return len(p)
			}
			return start
		}
	}
	return len(p)
}

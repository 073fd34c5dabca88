package interp

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
	"unicode/utf8"
)

// Capture turns the process's standard output and error into streams of
// text. It redirects file descriptors 1 and 2 into pipes, so that every
// write reaches it: fmt.Println in a cell, fmt.Fprintln(os.Stderr, …), a
// goroutine that outlives its cell, and native code that writes to the
// descriptors directly. What arrives is coalesced: emitted at most every
// [CoalesceDelay], or as soon as [MaxChunk] bytes wait, so a cell that prints
// 100,000 lines sends a few dozen messages instead of 100,000.
type Capture struct {
	streams []*capturedStream
	// Original is the standard error the process had before the redirect,
	// for the kernel's own log, which must never mix with a cell's output.
	Original *os.File
}

const (
	// CoalesceDelay bounds how long captured text waits before it is emitted.
	CoalesceDelay = 50 * time.Millisecond
	// MaxChunk is the most text emitted in one piece.
	MaxChunk = 64 << 10
)

// CaptureStdio redirects standard output and error and calls emit with each
// coalesced piece of text, named "stdout" or "stderr". Calls for one stream
// come in order, never at once.
func CaptureStdio(emit func(name, text string)) (*Capture, error) {
	token := make([]byte, 12)
	if _, err := rand.Read(token); err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	// The marker is written into the pipe by Flush: when the reader meets it,
	// everything written before it has been read. Random bytes keep a cell's
	// output from ever matching it.
	marker := []byte("\x00gopherlab-flush-" + hex.EncodeToString(token) + "\x00")

	c := &Capture{}
	for _, s := range []struct {
		name string
		fd   int
		file *os.File
	}{{"stdout", 1, os.Stdout}, {"stderr", 2, os.Stderr}} {
		cs, err := redirect(s.name, s.fd, s.file, marker, emit)
		if err != nil {
			c.Close()
			return nil, err
		}
		c.streams = append(c.streams, cs)
	}
	c.Original = c.streams[1].saved
	return c, nil
}

// Flush returns once everything written to standard output and error
// before the call has been emitted.
func (c *Capture) Flush() {
	for _, s := range c.streams {
		s.flush()
	}
}

// Close puts the original descriptors back and stops the readers, emitting
// what they still hold.
func (c *Capture) Close() error {
	var first error
	for _, s := range c.streams {
		if err := s.restore(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

type capturedStream struct {
	name   string
	fd     int
	file   *os.File // the process's *os.File for fd, now writing into the pipe
	saved  *os.File // a duplicate of the original descriptor
	reader *os.File
	marker []byte
	emit   func(name, text string)
	done   chan struct{} // closed when the reader has stopped

	flushMu sync.Mutex      // one marker in the pipe per waiter, in order
	waiters []chan struct{} // guarded by mu

	mu      sync.Mutex
	pending []byte
	timer   *time.Timer
}

func redirect(name string, fd int, file *os.File, marker []byte, emit func(string, string)) (*capturedStream, error) {
	savedFd, err := dup(fd)
	if err != nil {
		return nil, fmt.Errorf("capture %s: %w", name, err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("capture %s: %w", name, err)
	}
	if err := dup2(int(w.Fd()), fd); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("capture %s: %w", name, err)
	}
	w.Close() // fd itself is now the pipe's only write end
	s := &capturedStream{
		name:   name,
		fd:     fd,
		file:   file,
		saved:  os.NewFile(uintptr(savedFd), "original-"+name),
		reader: r,
		marker: marker,
		emit:   emit,
		done:   make(chan struct{}),
	}
	go s.read()
	return s, nil
}

func (s *capturedStream) read() {
	defer close(s.done)
	buf := make([]byte, 32<<10)
	var carry []byte // the start of what may be a marker, cut by a read
	for {
		n, err := s.reader.Read(buf)
		data := append(carry, buf[:n]...)
		carry = nil
		for {
			i := bytes.Index(data, s.marker)
			if i < 0 {
				break
			}
			s.add(data[:i])
			s.emitPending(true)
			s.wakeFlusher()
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
			if err != io.EOF {
				fmt.Fprintf(s.saved, "gopherlab: capture %s: %v\n", s.name, err)
			}
			return
		}
	}
}

// partialSuffix is the length of the longest tail of data that begins marker.
func partialSuffix(data, marker []byte) int {
	max := min(len(marker)-1, len(data))
	for k := max; k > 0; k-- {
		if bytes.HasPrefix(marker, data[len(data)-k:]) {
			return k
		}
	}
	return 0
}

// add queues text and arranges for it to be emitted soon.
func (s *capturedStream) add(data []byte) {
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
// character cut by a read stays behind until the rest of it comes.
func (s *capturedStream) emitPending(all bool) {
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

func (s *capturedStream) flush() {
	done := make(chan struct{})
	s.flushMu.Lock()
	s.mu.Lock()
	s.waiters = append(s.waiters, done)
	s.mu.Unlock()
	_, err := s.file.Write(s.marker)
	s.flushMu.Unlock()
	if err != nil {
		return
	}
	select {
	case <-done:
	case <-s.done:
	}
}

func (s *capturedStream) wakeFlusher() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.waiters) > 0 {
		close(s.waiters[0])
		s.waiters = s.waiters[1:]
	}
}

// restore points fd at the original descriptor again; the pipe then has no
// writer left, so the reader drains it and stops.
func (s *capturedStream) restore() error {
	if err := dup2(int(s.saved.Fd()), s.fd); err != nil {
		return fmt.Errorf("capture %s: restore: %w", s.name, err)
	}
	<-s.done
	s.reader.Close()
	return nil
}

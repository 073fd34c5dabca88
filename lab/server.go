package lab

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// IRS is where the original lesson downloads its five files from; with a
// network, lab.IRS + "p785.pdf" is a real URL.
const IRS = "https://www.irs.gov/pub/irs-pdf/"

// Sizes in bytes, decimal as network speeds are: 10*lab.MB a second.
const (
	KB = 1000
	MB = 1000 * KB
)

// File is one file of the lesson server.
type File struct {
	Name string
	Size int
}

// LessonFiles returns the five files of the original lesson, in the order
// its cells list them, with their sizes in bytes.
func LessonFiles() []File {
	return []File{
		{"f1040.pdf", 150_184},
		{"f1040sb.pdf", 71_970},
		{"p785.pdf", 19_111},
		{"p487.pdf", 22_893},
		{"p5384.pdf", 52_350_859},
	}
}

// Server is a web server on the loopback interface that serves the lesson's
// files, generated rather than stored, as slowly as a distant server
// would: each response waits the latency before it starts, then sends at
// most the bandwidth. I/O cells run against it in a classroom with no
// internet as they would against lab.IRS:
//
//	srv, err := lab.StartServer(200*time.Millisecond, 10*lab.MB)
//	…
//	defer srv.Close()
//	for _, url := range srv.URLs() { … }
//
// The bandwidth is each connection's, as if every download crossed its own
// slow link. A request may override both with query parameters,
// "?latency=3s&bandwidth=50000", to play one slow download. A name it does
// not serve is a 404.
type Server struct {
	// URL is the base of the files' URLs, "http://127.0.0.1:PORT/".
	URL string

	latency   time.Duration
	bandwidth float64
	files     map[string]int
	srv       *http.Server
	serving   chan struct{} // closed when Serve has returned

	mu       sync.Mutex
	idle     sync.Cond // broadcast when handlers drops to 0
	handlers int       // requests being served
	closed   bool
}

// StartServer starts a lesson server on a free port of 127.0.0.1. latency
// delays every response; bytesPerSecond limits each connection's speed (0
// or less: no limit).
func StartServer(latency time.Duration, bytesPerSecond float64) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lab: start the lesson server: %w", err)
	}
	s := &Server{
		URL:       "http://" + ln.Addr().String() + "/",
		latency:   latency,
		bandwidth: bytesPerSecond,
		files:     map[string]int{},
		serving:   make(chan struct{}),
	}
	s.idle.L = &s.mu
	for _, f := range LessonFiles() {
		s.files[f.Name] = f.Size
	}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.serving)
		s.srv.Serve(ln)
	}()
	return s, nil
}

// URLs returns the URLs of the five lesson files, in LessonFiles' order.
func (s *Server) URLs() []string {
	var urls []string
	for _, f := range LessonFiles() {
		urls = append(urls, s.URL+f.Name)
	}
	return urls
}

// String describes the server.
func (s *Server) String() string {
	speed := "no bandwidth limit"
	if s.bandwidth > 0 {
		speed = fmt.Sprintf("%s/s", FormatBytes(int(s.bandwidth)))
	}
	return fmt.Sprintf("lesson server at %s (latency %s, %s)", s.URL, FormatDuration(s.latency), speed)
}

// Close stops the server, cutting the downloads in progress, and returns
// when every one of its goroutines has.
func (s *Server) Close() error {
	err := s.srv.Close()
	<-s.serving
	s.mu.Lock()
	s.closed = true
	for s.handlers > 0 {
		s.idle.Wait()
	}
	s.mu.Unlock()
	return err
}

// ServeHTTP serves the files; it is exported for the http.Handler
// interface.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	s.handlers++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.handlers--; s.handlers == 0 {
			s.idle.Broadcast()
		}
		s.mu.Unlock()
	}()
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" {
		s.index(w)
		return
	}
	size, ok := s.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	latency, bandwidth := s.latency, s.bandwidth
	q := r.URL.Query()
	if v := q.Get("latency"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			http.Error(w, "bad latency: "+err.Error(), http.StatusBadRequest)
			return
		}
		latency = d
	}
	if v := q.Get("bandwidth"); v != "" {
		b, err := strconv.ParseFloat(v, 64)
		if err != nil {
			http.Error(w, "bad bandwidth: "+err.Error(), http.StatusBadRequest)
			return
		}
		bandwidth = b
	}
	if sleepContext(r.Context(), latency) != nil {
		return // the client gave up
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.Itoa(size))
	if r.Method == http.MethodHead {
		return
	}
	sendThrottled(r.Context(), w, lessonContent(name, size), int64(size), bandwidth)
}

func (s *Server) index(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<h1>%s</h1>\n<ul>\n", html.EscapeString(s.String()))
	for _, f := range LessonFiles() {
		fmt.Fprintf(w, "<li><a href=\"%s\">%s</a> %s bytes</li>\n", f.Name, f.Name, Commas(f.Size))
	}
	fmt.Fprint(w, "</ul>\n")
}

// sendThrottled writes size bytes of body at no more than bandwidth bytes
// a second, in small flushed chunks so that the client sees them come.
func sendThrottled(ctx context.Context, w http.ResponseWriter, body io.Reader, size int64, bandwidth float64) error {
	chunk := 32 << 10
	if bandwidth > 0 {
		// About twenty writes a second: smooth progress, little overhead.
		chunk = min(max(int(bandwidth/20), 1<<10), 256<<10)
	}
	buf := make([]byte, chunk)
	flusher, _ := w.(http.Flusher)
	start := time.Now()
	var sent int64
	for sent < size {
		n, err := io.ReadFull(body, buf[:min(int64(chunk), size-sent)])
		if err != nil {
			return err
		}
		if bandwidth > 0 {
			// A chunk leaves when the link would have carried it: the last
			// byte arrives at size/bandwidth.
			due := start.Add(time.Duration(float64(sent+int64(n)) / bandwidth * float64(time.Second)))
			if err := sleepContext(ctx, time.Until(due)); err != nil {
				return err
			}
		}
		if _, err := w.Write(buf[:n]); err != nil {
			return err
		}
		sent += int64(n)
		if flusher != nil {
			flusher.Flush()
		}
	}
	return nil
}

// sleepContext sleeps for d, or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// lessonContent is the content of a lesson file: the same bytes for the
// same name and size every time, a PDF header, noise that compresses as
// badly as a real PDF's streams, and a PDF trailer.
func lessonContent(name string, size int) io.Reader {
	header := "%PDF-1.4\n% gopherlab lesson file " + name + "\n"
	trailer := "\n%%EOF\n"
	noise := max(0, size-len(header)-len(trailer))
	return io.LimitReader(io.MultiReader(
		strings.NewReader(header),
		io.LimitReader(rand.NewChaCha8(sha256.Sum256([]byte(name))), int64(noise)),
		strings.NewReader(trailer),
	), int64(size))
}

// Commas writes n with thousands separators, as Python's f"{n:,}":
// 52,350,859.
func Commas(n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// FormatBytes writes a size in decimal units: "19.1 kB", "52.4 MB".
func FormatBytes(n int) string {
	switch {
	case n < KB:
		return fmt.Sprintf("%d B", n)
	case n < MB:
		return fmt.Sprintf("%.1f kB", float64(n)/KB)
	case n < 1000*MB:
		return fmt.Sprintf("%.1f MB", float64(n)/MB)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/(1000*MB))
}

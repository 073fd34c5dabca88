package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gopherlab/display"
)

func TestResponseString(t *testing.T) {
	tests := []struct {
		r    Response
		name string
		want string
	}{
		{Response{URL: "https://www.irs.gov/pub/irs-pdf/p785.pdf", Size: 19111}, "p785.pdf", "   p785.pdf [    19,111]"},
		{Response{URL: "http://h/p5384.pdf?latency=1s", Size: 52350859}, "p5384.pdf", "  p5384.pdf [52,350,859]"},
		{Response{URL: "http://h/x.pdf", Err: errors.New("GET http://h/x.pdf: 404 Not Found")}, "x.pdf", "      x.pdf error: GET http://h/x.pdf: 404 Not Found"},
	}
	for _, tt := range tests {
		if got := tt.r.Name(); got != tt.name {
			t.Errorf("Name() = %q, want %q", got, tt.name)
		}
		if got := tt.r.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// FetchAll delivers every response, in the order they complete, with the
// right sizes and bodies.
func TestFetchAllCompletionOrder(t *testing.T) {
	noLeak(t)
	srv := startServer(t, 0, 0)
	urls := []string{
		srv.URL + "f1040.pdf?latency=600ms",
		srv.URL + "p785.pdf?latency=0s",
		srv.URL + "p487.pdf?latency=300ms",
	}
	f := NewFetcher(0)
	f.KeepBody = true
	var got []string
	for r := range f.FetchAll(context.Background(), urls) {
		if r.Err != nil || r.Status != 200 {
			t.Fatalf("%s: %d %v", r.URL, r.Status, r.Err)
		}
		want, _ := io.ReadAll(lessonContent(r.Name(), r.Size))
		if string(r.Body) != string(want) || r.Size != len(r.Body) {
			t.Errorf("%s: body of %d bytes differs from the file", r.Name(), len(r.Body))
		}
		got = append(got, r.Name())
	}
	if want := "p785.pdf p487.pdf f1040.pdf"; strings.Join(got, " ") != want {
		t.Errorf("completion order %v, want %s", got, want)
	}
	if n := len(f.Timeline().Spans()); n != 3 {
		t.Errorf("%d spans, want 3", n)
	}
}

// gate is a test server whose responses wait until n requests are in
// flight at once (or a while has passed), and that records the most it
// saw at once.
type gate struct {
	mu      sync.Mutex
	now     int
	peak    int
	arrived chan struct{}
	n       int
}

func newGate(t *testing.T, n int) (*gate, *httptest.Server) {
	g := &gate{arrived: make(chan struct{}), n: n}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.now++
		g.peak = max(g.peak, g.now)
		if g.now == g.n {
			close(g.arrived)
		}
		g.mu.Unlock()
		select {
		case <-g.arrived:
		case <-time.After(300 * time.Millisecond):
		}
		g.mu.Lock()
		g.now--
		g.mu.Unlock()
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return g, srv
}

func TestFetchLimit(t *testing.T) {
	noLeak(t)
	for _, limit := range []int{0, 2} {
		g, srv := newGate(t, 6)
		urls := make([]string, 6)
		for i := range urls {
			urls[i] = fmt.Sprintf("%s/%d", srv.URL, i)
		}
		f := NewFetcher(limit)
		n := 0
		for r := range f.FetchAll(context.Background(), urls) {
			if r.Err != nil || r.Size != 2 {
				t.Errorf("%s: %v, %d bytes", r.URL, r.Err, r.Size)
			}
			n++
		}
		want := 6
		if limit > 0 {
			want = limit
		}
		if n != 6 || g.peak != want {
			t.Errorf("limit %d: %d responses, %d at once; want 6 and %d at once", limit, n, g.peak, want)
		}
		conns := f.Timeline().Workers()
		if limit > 0 && len(conns) != limit {
			t.Errorf("limit %d: spans on %v", limit, conns)
		}
	}
}

// A server that stops sending, before or after the headers, cannot hold
// a fetch past its timeout.
func TestFetchTimeout(t *testing.T) {
	noLeak(t)
	release := make(chan struct{})
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/after-headers" {
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte("partial"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer stall.Close()
	defer close(release)
	for _, path := range []string{"/before-headers", "/after-headers"} {
		t.Run(path, func(t *testing.T) {
			f := NewFetcher(0)
			f.Timeout = 200 * time.Millisecond
			var r Response
			within(t, 10*time.Second, "a fetch with a timeout", func() { r = f.Get(context.Background(), stall.URL+path) })
			if !errors.Is(r.Err, context.DeadlineExceeded) || !contains(r.Err.Error(), "no complete answer within 200.0ms") {
				t.Errorf("err = %v, want a deadline that says so", r.Err)
			}
			if r.Elapsed < 200*time.Millisecond {
				t.Errorf("gave up after %v, before the timeout", r.Elapsed)
			}
		})
	}
}

// A server that closes the connection mid-body fails the fetch, with
// what arrived counted.
func TestFetchCutShort(t *testing.T) {
	noLeak(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
		buf.WriteString(strings.Repeat("x", 100))
		buf.Flush()
		conn.Close()
	}))
	defer srv.Close()
	r := Get(context.Background(), srv.URL+"/file.pdf")
	if !errors.Is(r.Err, io.ErrUnexpectedEOF) || !contains(r.Err.Error(), "cut short after 100 bytes") || r.Size != 100 {
		t.Errorf("cut short: %d bytes, %v", r.Size, r.Err)
	}
}

func TestFetchErrors(t *testing.T) {
	noLeak(t)
	srv := startServer(t, 0, 0)
	tests := []struct {
		name   string
		url    string
		status int
		want   string
	}{
		{"404", srv.URL + "missing.pdf", 404, "404 Not Found"},
		{"no server", "http://127.0.0.1:1/x.pdf", 0, "connection refused"},
		{"bad URL", "::nonsense", 0, "missing protocol scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Get(context.Background(), tt.url)
			if r.Status != tt.status || r.Err == nil || !contains(r.Err.Error(), tt.want) {
				t.Errorf("status %d, err %v; want %d and %q", r.Status, r.Err, tt.status, tt.want)
			}
		})
	}
}

// Cancelling the context ends downloads in progress and those waiting for
// a connection.
func TestFetchCancel(t *testing.T) {
	noLeak(t)
	srv := startServer(t, 0, 500*KB)
	ctx, cancel := context.WithCancelCause(context.Background())
	f := NewFetcher(1)
	out := f.FetchAll(ctx, []string{srv.URL + "p5384.pdf", srv.URL + "p5384.pdf"})
	time.Sleep(100 * time.Millisecond)
	stop := errors.New("interrupted")
	cancel(stop)
	within(t, 10*time.Second, "downloads after cancel", func() {
		n := 0
		for r := range out {
			n++
			if !errors.Is(r.Err, stop) && !errors.Is(r.Err, context.Canceled) {
				t.Errorf("%s after cancel: %v", r.URL, r.Err)
			}
		}
		if n != 2 {
			t.Errorf("%d responses, want 2", n)
		}
	})
	d := Fetch(ctx, srv.URL+"p785.pdf")
	if r := d.Wait(); r.Err == nil {
		t.Error("a fetch with an ended context succeeded")
	}
}

// recorder is a display sink that keeps what it receives.
type recorder struct {
	mu    sync.Mutex
	calls []published
}

type published struct {
	text, html, id string
	update         bool
	at             time.Time
}

func (r *recorder) Publish(data, _ map[string]any, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	text, _ := data[display.MIMEText].(string)
	html, _ := data[display.MIMEHTML].(string)
	r.calls = append(r.calls, published{text, html, id, update, time.Now()})
}

func (r *recorder) Clear(bool) {}

func record(t *testing.T) *recorder {
	r := &recorder{}
	display.SetSink(r)
	t.Cleanup(func() { display.SetSink(nil) })
	return r
}

// The progress display is one output updated in place, a few times a
// second at most, and final when FetchAll's channel closes.
func TestFetchProgress(t *testing.T) {
	noLeak(t)
	rec := record(t)
	srv := startServer(t, 50*time.Millisecond, 2*MB)
	f := NewFetcher(0)
	f.Progress = true
	urls := append(srv.URLs()[:4], srv.URL+"missing.pdf")
	start := time.Now()
	for range f.FetchAll(context.Background(), urls) {
	}
	elapsed := time.Since(start)
	rec.mu.Lock()
	calls := append([]published(nil), rec.calls...)
	rec.mu.Unlock()
	if len(calls) < 2 {
		t.Fatalf("%d publishes, want the first and updates", len(calls))
	}
	if calls[0].update || calls[0].id == "" {
		t.Errorf("first publish: update %v, id %q; want a new output with an id", calls[0].update, calls[0].id)
	}
	for _, c := range calls[1:] {
		if !c.update || c.id != calls[0].id {
			t.Errorf("a later publish is not an update of the first output")
		}
	}
	if most := int(elapsed/progressInterval) + 2; len(calls) > most {
		t.Errorf("%d publishes in %v, want at most %d", len(calls), elapsed, most)
	}
	final := calls[len(calls)-1]
	for _, want := range []string{"f1040.pdf", "150,184 / 150,184", "100%", "done in", "missing.pdf", "error:", "404"} {
		if !strings.Contains(final.text, want) {
			t.Errorf("the final progress lacks %q:\n%s", want, final.text)
		}
	}
	if !contains(final.html, "<table", "f1040.pdf", colourFail) {
		t.Errorf("the final progress HTML:\n%s", final.html)
	}
	if strings.Count(final.text, "done in") != 4 {
		t.Errorf("the final progress does not show 4 downloads done:\n%s", final.text)
	}
}

func TestFetchOneWithProgress(t *testing.T) {
	noLeak(t)
	rec := record(t)
	srv := startServer(t, 0, 0)
	f := &Fetcher{Progress: true}
	r := f.Fetch(context.Background(), srv.URL+"p785.pdf").Wait()
	if r.Err != nil || r.Size != 19111 {
		t.Fatalf("%v, %d bytes", r.Err, r.Size)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if last := rec.calls[len(rec.calls)-1]; !contains(last.text, "19,111 / 19,111", "done in") {
		t.Errorf("the progress when Wait returns:\n%s", last.text)
	}
}

func TestFetchProgressCounts(t *testing.T) {
	noLeak(t)
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		w.Write([]byte("chunked, length unknown")) // no Content-Length once flushed
		w.(http.Flusher).Flush()
		w.Write([]byte("!"))
	}))
	defer srv.Close()
	d := Fetch(context.Background(), srv.URL)
	r := d.Wait()
	got, total := d.Progress()
	if r.Err != nil || got != 24 || total != -1 || r.Size != 24 {
		t.Errorf("progress %d of %d, size %d, err %v; want 24 of unknown (-1)", got, total, r.Size, r.Err)
	}
}

// commRecorder is a front end that renders widgets: it records the comm
// messages the progress bars send.
type commRecorder struct {
	recorder
	comms []display.CommMessage
}

func (r *commRecorder) Comm(m display.CommMessage) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.comms = append(r.comms, m)
}

// Where the front end renders widgets, the progress is a bar per file and a
// label, changed in place, ending green, or red for a failure.
func TestFetchProgressBars(t *testing.T) {
	noLeak(t)
	rec := &commRecorder{}
	display.SetSink(rec)
	t.Cleanup(func() { display.SetSink(nil) })
	srv := startServer(t, 50*time.Millisecond, 2*MB)
	f := &Fetcher{Progress: true}
	urls := append(srv.URLs()[:2], srv.URL+"missing.pdf")
	for range f.FetchAll(context.Background(), urls) {
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.calls) != 1 || !strings.HasPrefix(rec.calls[0].text, "VBox(HBox(FloatProgress(f1040.pdf=") {
		t.Fatalf("shown: %+v, want one VBox of bars", rec.calls)
	}
	// The last state each model was given.
	state := map[string]map[string]any{}
	for _, c := range rec.comms {
		s, _ := c.Data["state"].(map[string]any)
		if state[c.ID] == nil {
			state[c.ID] = map[string]any{}
		}
		for k, v := range s {
			state[c.ID][k] = v
		}
	}
	var bars, done, failed int
	var labels []string
	for _, s := range state {
		switch s["_model_name"] {
		case "FloatProgressModel":
			bars++
			if s["value"] == 1.0 && s["bar_style"] == "success" {
				done++
			}
			if s["bar_style"] == "danger" {
				failed++
			}
		case "LabelModel":
			labels = append(labels, s["value"].(string))
		}
	}
	if bars != 3 || done != 2 || failed != 1 {
		t.Errorf("%d bars, %d done, %d failed; want 3, 2, 1", bars, done, failed)
	}
	if all := strings.Join(labels, "\n"); !contains(all, "150,184 / 150,184  done in", "error:", "404") {
		t.Errorf("the labels at the end:\n%s", all)
	}
}

package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Response is the outcome of one download.
type Response struct {
	URL     string
	Status  int    // the HTTP status; 0 when no response came
	Size    int    // bytes of the body received
	Body    []byte // the body, when the Fetcher keeps bodies
	Start   time.Time
	Elapsed time.Duration
	// Err is why the download failed: no connection, a timeout, the end
	// of the context, a body cut short, or a status other than 2xx.
	Err error
}

// Name is the last element of the URL's path: "p785.pdf".
func (r Response) Name() string {
	u := r.URL
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return path.Base(u)
}

// String is the line the lesson prints for a download, as its Python
// does: "   p785.pdf [    19,111]", or the error.
func (r Response) String() string {
	if r.Err != nil {
		return fmt.Sprintf("%11s error: %v", r.Name(), r.Err)
	}
	return fmt.Sprintf("%11s [%10s]", r.Name(), Commas(r.Size))
}

// Download is a download under way, a future of its Response.
type Download struct {
	url   string
	done  chan struct{}
	resp  Response
	got   atomic.Int64
	total atomic.Int64 // -1 while unknown
}

func newDownload(url string) *Download {
	d := &Download{url: url, done: make(chan struct{})}
	d.total.Store(-1)
	return d
}

// URL is what is being downloaded.
func (d *Download) URL() string { return d.url }

// Done is closed when the download has ended.
func (d *Download) Done() <-chan struct{} { return d.done }

// Wait waits for the download to end and returns its response.
func (d *Download) Wait() Response {
	<-d.done
	return d.resp
}

// Progress returns the bytes received so far and the size announced by
// the server (-1 until it is known, or if it never says).
func (d *Download) Progress() (got, total int) {
	return int(d.got.Load()), int(d.total.Load())
}

// Fetcher downloads URLs concurrently, at most Limit at a time: one
// goroutine per download and no callback or await in sight; a goroutine
// blocked on the network costs only its memory. Set its fields before
// the first download. Each download records a span on the Timeline (the
// wait for the first byte in light colour, the transfer in dark).
type Fetcher struct {
	// Client makes the requests; nil means one that opens a connection
	// per request, as requests.get does, so that nothing lingers after
	// the cell.
	Client *http.Client
	// Limit is the number of downloads at once; 0 means no limit.
	Limit int
	// Timeout bounds each download, body included; 0 means none (the
	// context still ends it).
	Timeout time.Duration
	// Progress shows, while Fetch or FetchAll run, the bytes received per
	// URL, updated in place a few times a second: a progress bar per URL
	// where the front end renders Jupyter widgets, a table elsewhere.
	Progress bool
	// KeepBody keeps each body in its Response; otherwise it is counted
	// and dropped.
	KeepBody bool

	once     sync.Once
	slots    chan int // the free connection numbers, with a Limit
	mu       sync.Mutex
	busy     []bool // the connection numbers in use, without a Limit
	timeline *Timeline
}

// NewFetcher returns a fetcher of at most limit downloads at once (0: no
// limit).
func NewFetcher(limit int) *Fetcher { return &Fetcher{Limit: limit} }

var defaultClient = &http.Client{Transport: oneShotTransport()}

// oneShotTransport is the default transport that keeps no idle
// connections: each of them would hold two goroutines after the cell.
func oneShotTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DisableKeepAlives = true
	return t
}

func (f *Fetcher) init() {
	f.once.Do(func() {
		if f.Limit > 0 {
			f.slots = make(chan int, f.Limit)
			for i := range f.Limit {
				f.slots <- i
			}
		}
		f.timeline = NewTimeline("downloads")
		if f.Limit > 0 {
			f.timeline.Title = fmt.Sprintf("downloads: %d at a time", f.Limit)
		}
	})
}

// Timeline is the record of the fetcher's downloads.
func (f *Fetcher) Timeline() *Timeline {
	f.init()
	return f.timeline
}

// Get downloads url and returns when it is done.
func (f *Fetcher) Get(ctx context.Context, url string) Response {
	d := newDownload(url)
	f.run(ctx, d)
	return d.resp
}

// Fetch starts downloading url and returns at once.
func (f *Fetcher) Fetch(ctx context.Context, url string) *Download {
	d := newDownload(url)
	var board *progress
	if f.Progress {
		board = showProgress([]*Download{d})
	}
	go func() {
		f.run(ctx, d)
		board.finish() // the display is final before Wait returns
		close(d.done)
	}()
	return d
}

// FetchAll downloads the URLs concurrently and delivers their responses
// as they complete, first finished first; the channel closes after the
// last. It has room for every response, so a loop that stops early leaks
// nothing: the downloads end on their own, or with ctx.
//
//	for r := range fetcher.FetchAll(ctx, urls) {
//		sw.Lap(r)
//	}
func (f *Fetcher) FetchAll(ctx context.Context, urls []string) <-chan Response {
	out := make(chan Response, len(urls))
	ds := make([]*Download, len(urls))
	for i, u := range urls {
		ds[i] = newDownload(u)
	}
	var board *progress
	if f.Progress {
		board = showProgress(ds)
	}
	var wg sync.WaitGroup
	for _, d := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.run(ctx, d)
			close(d.done)
			out <- d.resp
		}()
	}
	go func() {
		wg.Wait()
		board.finish() // the display is final when the loop ends
		close(out)
	}()
	return out
}

// acquire waits for a connection number, within the Limit.
func (f *Fetcher) acquire(ctx context.Context) (int, error) {
	f.init()
	if f.slots != nil {
		select {
		case n := <-f.slots:
			return n, nil
		case <-ctx.Done():
			return 0, context.Cause(ctx)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, b := range f.busy {
		if !b {
			f.busy[i] = true
			return i, nil
		}
	}
	f.busy = append(f.busy, true)
	return len(f.busy) - 1, nil
}

func (f *Fetcher) release(n int) {
	if f.slots != nil {
		f.slots <- n
		return
	}
	f.mu.Lock()
	f.busy[n] = false
	f.mu.Unlock()
}

// run downloads d.url and sets d.resp; the caller closes d.done.
func (f *Fetcher) run(ctx context.Context, d *Download) {
	if ctx == nil {
		ctx = context.Background()
	}
	r := Response{URL: d.url, Start: time.Now()}
	conn, err := f.acquire(ctx)
	if err != nil {
		r.Err = fmt.Errorf("GET %s: %w", d.url, err)
		d.resp = r
		return
	}
	defer f.release(conn)
	span := Span{Name: r.Name(), Worker: fmt.Sprintf("conn %d", conn), Start: time.Now()}
	r.Start = span.Start
	r.Status, r.Body, span.WorkStart, r.Err = f.get(ctx, d)
	span.End = time.Now()
	span.WorkEnd, span.Err = span.End, r.Err != nil
	r.Size, r.Elapsed = int(d.got.Load()), span.End.Sub(r.Start)
	f.timeline.Add(span)
	d.resp = r
}

// get does the request; firstByte is when the response began.
func (f *Fetcher) get(ctx context.Context, d *Download) (status int, body []byte, firstByte time.Time, err error) {
	if f.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, f.Timeout,
			fmt.Errorf("no complete answer within %s: %w", FormatDuration(f.Timeout), context.DeadlineExceeded))
		defer cancel()
	}
	client := f.Client
	if client == nil {
		client = defaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.url, nil)
	if err != nil {
		return 0, nil, time.Time{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		if cause := ended(ctx, err); cause != nil {
			err = fmt.Errorf("GET %s: %w", d.url, cause)
		}
		return 0, nil, time.Time{}, err
	}
	defer resp.Body.Close()
	firstByte = time.Now()
	d.total.Store(resp.ContentLength)
	var buf *bytes.Buffer
	dst := io.Discard
	if f.KeepBody {
		buf = &bytes.Buffer{}
		dst = buf
	}
	_, err = io.Copy(dst, &countingReader{r: resp.Body, n: &d.got})
	if buf != nil {
		body = buf.Bytes()
	}
	switch {
	case err != nil:
		if cause := ended(ctx, err); cause != nil {
			err = cause
		}
		err = fmt.Errorf("GET %s: body cut short after %s bytes: %w", d.url, Commas(int(d.got.Load())), err)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		err = fmt.Errorf("GET %s: %s", d.url, resp.Status)
	}
	return resp.StatusCode, body, firstByte, err
}

// ended returns the cause of ctx's end when err is that end, else nil:
// "no complete answer within 2s" says more than "context deadline
// exceeded", and still matches context.DeadlineExceeded.
func ended(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return context.Cause(ctx)
	}
	return nil
}

// countingReader counts what it reads, for progress displays.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// Get downloads url with a fetcher of default settings.
func Get(ctx context.Context, url string) Response { return (&Fetcher{}).Get(ctx, url) }

// Fetch starts downloading url with a fetcher of default settings and
// returns the download, a future of its response.
func Fetch(ctx context.Context, url string) *Download { return (&Fetcher{}).Fetch(ctx, url) }

// FetchAll downloads the URLs at most limit at a time (0: all at once) and
// delivers the responses in the order they complete (see
// Fetcher.FetchAll).
func FetchAll(ctx context.Context, urls []string, limit int) <-chan Response {
	return NewFetcher(limit).FetchAll(ctx, urls)
}

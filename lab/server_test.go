package lab

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func startServer(t *testing.T, latency time.Duration, bandwidth float64) *Server {
	t.Helper()
	srv, err := StartServer(latency, bandwidth)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func TestCommas(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {19111, "19,111"},
		{52350859, "52,350,859"}, {-1234567, "-1,234,567"},
	}
	for _, tt := range tests {
		if got := Commas(tt.n); got != tt.want {
			t.Errorf("Commas(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func FuzzCommas(f *testing.F) {
	f.Add(52350859)
	f.Add(-1000)
	f.Fuzz(func(t *testing.T, n int) {
		s := Commas(n)
		if got := strings.ReplaceAll(s, ",", ""); got != strconv.Itoa(n) {
			t.Errorf("Commas(%d) = %q", n, s)
		}
		for i, part := range strings.Split(strings.TrimPrefix(s, "-"), ",") {
			if (i > 0 && len(part) != 3) || len(part) > 3 || part == "" {
				t.Errorf("Commas(%d) = %q: group %q", n, s, part)
			}
		}
	})
}

// The five files have the original's sizes, the same content every time,
// and look like PDFs.
func TestServerFiles(t *testing.T) {
	noLeak(t)
	srv := startServer(t, 0, 0)
	want := map[string]int{"f1040.pdf": 150184, "f1040sb.pdf": 71970, "p785.pdf": 19111, "p487.pdf": 22893, "p5384.pdf": 52350859}
	urls := srv.URLs()
	if len(urls) != 5 || urls[0] != srv.URL+"f1040.pdf" {
		t.Fatalf("URLs = %v", urls)
	}
	client := &http.Client{Transport: oneShotTransport()}
	sums := map[string][32]byte{}
	for round := range 2 {
		for _, u := range urls {
			resp, err := client.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			name := u[strings.LastIndex(u, "/")+1:]
			if len(body) != want[name] || resp.ContentLength != int64(want[name]) {
				t.Errorf("%s: %d bytes (Content-Length %d), want %d", name, len(body), resp.ContentLength, want[name])
			}
			if !bytes.HasPrefix(body, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(body, []byte("%%EOF\n")) {
				t.Errorf("%s does not look like a PDF", name)
			}
			sum := sha256.Sum256(body)
			if round == 1 && sums[name] != sum {
				t.Errorf("%s changed between two downloads", name)
			}
			sums[name] = sum
		}
	}
	if sums["p785.pdf"] == sums["p487.pdf"] {
		t.Error("two files have the same content")
	}
	resp, err := client.Get(srv.URL + "nosuch.pdf")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown file: %s, want 404", resp.Status)
	}
	resp, err = client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !contains(string(index), "p5384.pdf", "52,350,859") {
		t.Errorf("the index page lacks the files:\n%s", index)
	}
}

// Latency delays the response; bandwidth paces the body; a query
// parameter overrides either.
func TestServerPacing(t *testing.T) {
	noLeak(t)
	srv := startServer(t, 100*time.Millisecond, 200*KB)
	ctx := context.Background()
	tests := []struct {
		name          string
		url           string
		least, most   time.Duration
		size          int
		wantFirstByte time.Duration
	}{
		// 19,111 bytes at 200 kB/s: about 0.1 s after 0.1 s of latency.
		{"latency and bandwidth", srv.URL + "p785.pdf", 190 * time.Millisecond, 5 * time.Second, 19111, 100 * time.Millisecond},
		{"override latency", srv.URL + "p785.pdf?latency=400ms", 490 * time.Millisecond, 5 * time.Second, 19111, 400 * time.Millisecond},
		{"override bandwidth", srv.URL + "f1040.pdf?bandwidth=1000000&latency=0s", 140 * time.Millisecond, 5 * time.Second, 150184, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFetcher(0)
			r := f.Get(ctx, tt.url)
			if r.Err != nil || r.Size != tt.size {
				t.Fatalf("Get: %v, %d bytes", r.Err, r.Size)
			}
			if r.Elapsed < tt.least || r.Elapsed > tt.most {
				t.Errorf("took %v, want %v to %v", r.Elapsed, tt.least, tt.most)
			}
			s := f.Timeline().Spans()[0]
			if fb := s.WorkStart.Sub(s.Start); fb < tt.wantFirstByte {
				t.Errorf("first byte after %v, want at least %v", fb, tt.wantFirstByte)
			}
		})
	}
	r := Get(ctx, srv.URL+"p785.pdf?latency=soon")
	if r.Status != http.StatusBadRequest || r.Err == nil {
		t.Errorf("a bad latency: status %d, err %v", r.Status, r.Err)
	}
}

// Close cuts a download in progress and leaves no goroutine behind.
func TestServerCloseMidDownload(t *testing.T) {
	noLeak(t)
	srv, err := StartServer(0, 1*MB)
	if err != nil {
		t.Fatal(err)
	}
	d := Fetch(context.Background(), srv.URL+"p5384.pdf") // 52 s at 1 MB/s
	for {
		if got, _ := d.Progress(); got > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	within(t, 10*time.Second, "Close during a download", func() { srv.Close() })
	r := d.Wait()
	if r.Err == nil || !contains(r.Err.Error(), "body cut short") || r.Size >= 52350859 {
		t.Errorf("a download cut by Close: %d bytes, %v", r.Size, r.Err)
	}
	if !strings.Contains(srv.String(), "1.0 MB/s") {
		t.Errorf("String = %q", srv.String())
	}
}

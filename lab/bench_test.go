package lab

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"
)

// The cost of a pool per task, beside the hand-written ways: a goroutine
// per task with a WaitGroup, and NumCPU goroutines fed by a channel.
// Every way keeps each task's result.
func BenchmarkPoolOverhead(b *testing.B) {
	workers := runtime.NumCPU()
	b.Run("pool", func(b *testing.B) {
		b.ReportAllocs()
		pool := NewPool(context.Background(), workers)
		fs := make([]*Future, b.N)
		for i := range b.N {
			fs[i] = pool.Submit(func() any { return i })
		}
		WaitAll(fs)
		pool.Close()
	})
	b.Run("goroutine+WaitGroup", func(b *testing.B) {
		b.ReportAllocs()
		results := make([]any, b.N)
		var wg sync.WaitGroup
		for i := range b.N {
			wg.Go(func() { results[i] = i })
		}
		wg.Wait()
	})
	b.Run("channel+workers", func(b *testing.B) {
		b.ReportAllocs()
		results := make([]any, b.N)
		tasks := make(chan int, 1024)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := range tasks {
					results[i] = i
				}
			})
		}
		for i := range b.N {
			tasks <- i
		}
		close(tasks)
		wg.Wait()
	})
}

// One task's round trip through a worker process that is already running:
// encode, pipe, decode, call, and back.
func BenchmarkProcessPoolRoundTrip(b *testing.B) {
	pp := NewProcessPool(context.Background(), 1)
	defer pp.Close()
	if err := pp.Submit("pid").Err(); err != nil { // start the worker
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if err := pp.Submit("pid").Err(); err != nil {
			b.Fatal(err)
		}
	}
}

// Starting a worker process (this test binary, in gopherlab the kernel's
// binary) and its first round trip, then ending it.
func BenchmarkProcessPoolStart(b *testing.B) {
	for range b.N {
		pp := NewProcessPool(context.Background(), 1)
		if err := pp.Submit("pid").Err(); err != nil {
			b.Fatal(err)
		}
		pp.Close()
	}
}

// The price of moving data: echo sends size bytes to a worker and gets
// them back; MB/s counts both ways.
func BenchmarkProcessPoolTransfer(b *testing.B) {
	for _, size := range []int{1 * MB, 10 * MB} {
		b.Run(FormatBytes(size), func(b *testing.B) {
			pp := NewProcessPool(context.Background(), 1)
			defer pp.Close()
			data := make([]byte, size)
			if err := pp.Submit("echo", data).Err(); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(2 * size))
			b.ResetTimer()
			for range b.N {
				if err := pp.Submit("echo", data).Err(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Downloading the lesson's five files (52.6 MB) from the lesson server on
// loopback: a sequential net/http loop, then the fetcher.
func BenchmarkFetchLoopback(b *testing.B) {
	srv, err := StartServer(0, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	benchFetch(b, srv.URLs())
}

// The same with a 50 ms latency per response and the four small files,
// where concurrency pays: sequential is the sum, concurrent the max.
func BenchmarkFetchLatency(b *testing.B) {
	srv, err := StartServer(50*time.Millisecond, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	benchFetch(b, srv.URLs()[:4])
}

func benchFetch(b *testing.B, urls []string) {
	total := 0
	for _, f := range LessonFiles() {
		for _, u := range urls {
			if u[len(u)-len(f.Name):] == f.Name {
				total += f.Size
			}
		}
	}
	b.Run("sequential net/http", func(b *testing.B) {
		b.SetBytes(int64(total))
		client := &http.Client{} // keep-alive, as a loop would use
		for range b.N {
			for _, u := range urls {
				resp, err := client.Get(u)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
		client.CloseIdleConnections()
	})
	for _, limit := range []int{0, 2} {
		b.Run(fmt.Sprintf("FetchAll limit %d", limit), func(b *testing.B) {
			b.SetBytes(int64(total))
			for range b.N {
				for r := range FetchAll(context.Background(), urls, limit) {
					if r.Err != nil {
						b.Fatal(r.Err)
					}
				}
			}
		})
	}
}

// The lesson's CPU demo: 8 × pow(42, 1_250_000) with 1, 2, 4 … 2×NumCPU
// workers, in a goroutine pool, a GIL pool and a process pool. The
// speed-up is the 1-worker time over the n-worker time.
func BenchmarkSpeedup(b *testing.B) {
	const tasks = 8
	ctx := context.Background()
	for _, kind := range []string{"goroutines", "GIL", "processes"} {
		for w := 1; w <= 2*runtime.NumCPU(); w *= 2 {
			b.Run(fmt.Sprintf("%s/workers=%d", kind, w), func(b *testing.B) {
				for range b.N {
					var fs []*Future
					switch kind {
					case "goroutines", "GIL":
						pool := NewPool(ctx, w)
						if kind == "GIL" {
							pool = NewGILPool(ctx, w)
						}
						for range tasks {
							fs = append(fs, pool.Submit(func() any { return Pow(42, 1_250_000) }))
						}
						WaitAll(fs)
						pool.Close()
					case "processes":
						b.StopTimer()
						pp := NewProcessPool(ctx, w)
						for range w { // start the workers: Python's pool starts them too
							fs = append(fs, pp.Submit("pid"))
						}
						WaitAll(fs)
						fs = fs[:0]
						b.StartTimer()
						for range tasks {
							fs = append(fs, pp.Submit("pow", 42, 1_250_000))
						}
						if _, err := WaitAll(fs); err != nil {
							b.Fatal(err)
						}
						b.StopTimer()
						pp.Close()
						b.StartTimer()
					}
				}
			})
		}
	}
}

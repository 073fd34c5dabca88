package interp

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// Twice as many busy threads as CPUs wait on the run queues, whatever the
// machine: runQueueWait sees the wait grow.
func TestRunQueueWait(t *testing.T) {
	before, ok := runQueueWait()
	if !ok {
		t.Fatal("runQueueWait: schedstat not read")
	}
	threads := 2 * runtime.NumCPU()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
	var wg sync.WaitGroup
	for range threads {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for end := time.Now().Add(100 * time.Millisecond); time.Now().Before(end); {
			}
		})
	}
	wg.Wait()
	after, ok := runQueueWait()
	if !ok {
		t.Fatal("runQueueWait: schedstat not read after the busy threads")
	}
	if after-before < starved {
		t.Errorf("run queue wait grew by %v with %d busy threads on %d CPUs, want %v or more", after-before, threads, runtime.NumCPU(), starved)
	}
}

package interp

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// A goroutine busy on a thread of its own makes a busy thread; once it
// has returned, the threads of the test process settle asleep.
func TestBusyThreads(t *testing.T) {
	var stop atomic.Bool
	running := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		close(running)
		for !stop.Load() {
		}
	}()
	<-running
	busy, ok := busyThreads()
	if !ok {
		t.Fatal("busyThreads: /proc/self/task not read")
	}
	if !eventually(func() bool { busy, _ = busyThreads(); return busy }) {
		t.Error("a goroutine busy on its own thread: no busy thread seen")
	}
	stop.Store(true)
	<-done
	if !eventually(func() bool { busy, _ := busyThreads(); return !busy }) {
		t.Error("nothing running: busyThreads still sees a busy thread")
	}
}

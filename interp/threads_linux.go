package interp

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// busyThreads tells whether a thread of this process other than the
// caller's is running or waiting for a CPU (state R in Linux's
// /proc/self/task/*/stat): code that may yet take its next step, where a
// process whose other threads all sleep has nothing running. ok is false
// where it cannot be told.
func busyThreads() (busy, ok bool) {
	threads, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return false, false
	}
	self := strconv.Itoa(syscall.Gettid())
	for _, t := range threads {
		if t.Name() == self {
			continue
		}
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/stat")
		if err != nil {
			continue // the thread ended
		}
		// pid (comm) state …: comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 || i+2 >= len(b) {
			return false, false
		}
		if b[i+2] == 'R' {
			return true, true
		}
	}
	return false, true
}

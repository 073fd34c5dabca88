package interp

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// runQueueWait is how long, in all, the threads of this process have
// waited for a CPU while runnable, from Linux's schedstat of each thread;
// ok is false where it cannot be read. A thread that has ended takes its
// share with it, so the total can go down.
func runQueueWait() (time.Duration, bool) {
	threads, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0, false
	}
	var total int64
	for _, t := range threads {
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/schedstat")
		if err != nil {
			continue // the thread ended
		}
		// On CPU, waiting on a run queue (both in ns), time slices.
		f := strings.Fields(string(b))
		if len(f) < 2 {
			return 0, false
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return 0, false
		}
		total += n
	}
	return time.Duration(total), true
}

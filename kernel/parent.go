package kernel

import (
	"context"
	"os"
	"runtime"
	"time"
)

// watchParent shuts the kernel down when the process that started it goes
// away, so that a front end that crashed leaves no kernel behind. On Unix an
// orphan is adopted by another process, which changes its parent pid.
func (k *Kernel) watchParent(ctx context.Context) {
	if runtime.GOOS == "windows" {
		return
	}
	parent := os.Getppid()
	if parent <= 1 {
		return // started by init or a container runtime: nothing to watch
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if os.Getppid() != parent {
				k.log.Printf("parent process %d has gone; shutting down", parent)
				k.Shutdown(false)
				return
			}
		}
	}
}

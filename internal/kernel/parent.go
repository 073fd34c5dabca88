package kernel

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// ParentPollInterval is how often the kernel checks that the front end that
// started it is alive.
const ParentPollInterval = time.Second

// watchParent shuts the kernel down when the process that started it goes
// away, so that a front end that crashed (or was SIGKILLed) leaves no kernel
// and no worker behind. Two signs are watched, as ipykernel's parent poller
// does: on Unix an orphan is adopted by another process, which changes its
// parent pid; and jupyter_client names itself in JPY_PARENT_PID, which is not
// the parent when the kernel was started through a wrapper (a shell script,
// a container's entry point), so that pid is polled too.
func (k *Kernel) watchParent(ctx context.Context) {
	if runtime.GOOS == "windows" {
		return
	}
	parent := os.Getppid()
	if parent <= 1 {
		parent = 0 // started by init or a container runtime: nothing to watch
	}
	named := jpyParent(os.Getenv("JPY_PARENT_PID"), parent)
	if parent == 0 && named == 0 {
		return
	}
	tick := time.NewTicker(ParentPollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			switch {
			case parent != 0 && os.Getppid() != parent:
				k.log.Printf("parent process %d has gone; shutting down", parent)
			case named != 0 && !alive(named):
				k.log.Printf("front end process %d (JPY_PARENT_PID) has gone; shutting down", named)
			default:
				continue
			}
			k.Shutdown(false)
			return
		}
	}
}

// jpyParent is the pid JPY_PARENT_PID names, or 0 when it names nothing
// worth watching besides the parent itself.
func jpyParent(value string, parent int) int {
	pid, err := strconv.Atoi(value)
	if err != nil || pid <= 1 || pid == parent || pid == os.Getpid() {
		return 0
	}
	if !alive(pid) {
		// Already gone at start, or not ours to see (another pid namespace):
		// a wrong variable must not stop a kernel that has just started.
		return 0
	}
	return pid
}

// alive reports whether a process exists. A process of another user that
// refuses the signal still exists.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	defer p.Release() // it may hold a pidfd
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

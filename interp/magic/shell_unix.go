//go:build unix

package magic

import (
	"os/exec"
	"syscall"
	"time"
)

// stopGroup makes an interrupt stop the command and every process it
// started: sh -c 'a; b' forks, and a grandchild left running would keep
// the output open. The command runs in a process group of its own, which
// gets SIGTERM, then SIGKILL after killDelay.
func stopGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		pgid := cmd.Process.Pid
		time.AfterFunc(killDelay, func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
		return syscall.Kill(-pgid, syscall.SIGTERM)
	}
}

package magic

import (
	"errors"
	"fmt"
	"os/exec"
	"time"
)

// killDelay is how long a command interrupted has to end after it is
// asked to, before it is killed.
const killDelay = 300 * time.Millisecond

// shell runs !command with sh -c: its output goes to the host's streams as
// it comes, its standard input is empty, and an interrupt through ctx stops
// it and what it started. A failure is an error, its exit status said.
func shell(x *call) error {
	cmd := exec.CommandContext(x.ctx, "sh", "-c", x.piece.Args)
	cmd.Stdout, cmd.Stderr = x.host.Stdout(), x.host.Stderr()
	stopGroup(cmd)
	// A process that escaped the group and kept the output open must not
	// hold the cell.
	cmd.WaitDelay = 2 * killDelay
	err := cmd.Run()
	if x.ctx.Err() != nil {
		return fmt.Errorf("!%s: %w", x.piece.Args, x.ctx.Err())
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return magicError(x.piece.Start, "!%s: %v", x.piece.Args, exit)
	case err != nil:
		return magicError(x.piece.Start, "!%s: %v", x.piece.Args, err)
	}
	return nil
}

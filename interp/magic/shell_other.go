//go:build !unix

package magic

import "os/exec"

// stopGroup leaves exec's own cancellation, which kills the command alone.
func stopGroup(*exec.Cmd) {}

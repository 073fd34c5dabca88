//go:build !unix

package magic

import "time"

// cpuTime is unknown here: %time prints the wall time only.
func cpuTime() (user, sys time.Duration, ok bool) { return 0, 0, false }

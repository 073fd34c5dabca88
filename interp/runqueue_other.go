//go:build !linux

package interp

import "time"

// runQueueWait is unknown where Linux's schedstat is missing: halt then
// waits stopWait, loaded machine or not.
func runQueueWait() (time.Duration, bool) { return 0, false }

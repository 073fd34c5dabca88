// Package release holds gopherlab's version, which the gopherlab command
// prints and the kernel reports in its kernel_info reply.
package release

// Version is the gopherlab release; builds may set it with
// -ldflags "-X gopherlab/internal/release.Version=…".
var Version = "0.1.0"

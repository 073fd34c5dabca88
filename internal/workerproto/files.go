package workerproto

// The worker's files, as the supervisor passes them.
const (
	FDRequests   = 3 // supervisor → worker messages
	FDEvents     = 4 // worker → supervisor messages
	FDCellStderr = 5 // what cells write to standard error
	// Standard output (1) is the cells' too; standard error (2) is left to
	// the Go runtime, whose last words on a fatal error the supervisor
	// reads as the crash report.
)

// MarkerEnv passes the worker the token of the marker it writes into its
// output pipes.
const MarkerEnv = "GOPHERLAB_WORKER_MARKER"

// CommsEnv tells the worker, when "1", that its front end carries comms.
const CommsEnv = "GOPHERLAB_WORKER_COMMS"

// Marker is the marker of a token: random letters between NUL bytes,
// which printed text never holds by chance. The worker writes it into both
// output pipes before a synced Message.
func Marker(token string) []byte {
	return []byte("\x00gopherlab-sync-" + token + "\x00")
}

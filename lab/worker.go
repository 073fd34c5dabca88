package lab

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

// workerEnv marks a process that a process pool started as its worker.
const workerEnv = "GOPHERLAB_LAB_WORKER"

// The worker's pipes, as the pool passes them (see startProcess).
const (
	fdRequests = 3 // pool → worker
	fdReplies  = 4 // worker → pool
)

// request asks a worker to run a registered function.
type request struct {
	ID   uint64
	Func string
	Args []wireValue
}

// reply is a worker's answer: a result, an error, or a panic, and when the
// work began and ended (Unix nanoseconds; both processes read one clock).
type reply struct {
	ID                 uint64
	Result             wireValue
	Err                string
	Panic, Stack       string
	WorkStart, WorkEnd int64
}

// IsWorker reports whether this process was started by a process pool as
// its worker; if so, the program should call ServeWorker and nothing else.
func IsWorker() bool { return os.Getenv(workerEnv) == "1" }

// ServeWorker is the main function of a process pool's worker process: it
// runs the registered functions the pool sends, one at a time, until the
// pool closes the pipe. gopherlab calls it for its hidden command
// "lab-worker"; a program of your own that uses process pools calls it
// first thing when IsWorker reports true:
//
//	func main() {
//		if lab.IsWorker() {
//			if err := lab.ServeWorker(); err != nil {
//				log.Fatal(err)
//			}
//			return
//		}
//		…
//	}
func ServeWorker() error {
	if !IsWorker() {
		return errors.New("lab: ServeWorker: this process was not started by a process pool")
	}
	// A Ctrl-C in a terminal reaches the whole process group; the pool,
	// not the keyboard, decides when its workers end.
	signal.Ignore(os.Interrupt)
	requests := os.NewFile(fdRequests, "lab-requests")
	replies := os.NewFile(fdReplies, "lab-replies")
	if requests == nil || replies == nil {
		return errors.New("lab: ServeWorker: the pool's pipes are missing")
	}
	dec := gob.NewDecoder(bufio.NewReaderSize(requests, 64<<10))
	enc := gob.NewEncoder(replies)
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the pool is done with this worker
			}
			return fmt.Errorf("lab: worker: read request: %w", err)
		}
		rep := serve(req)
		if err := enc.Encode(&rep); err != nil {
			return fmt.Errorf("lab: worker: write reply: %w", err)
		}
	}
}

func serve(req request) reply {
	start := time.Now()
	var rep reply
	if r, err := lookup(req.Func); err != nil {
		rep = reply{Err: err.Error()}
	} else {
		rep = r.call(req.Args)
	}
	rep.ID = req.ID
	if rep.WorkStart == 0 { // it failed before the work began
		rep.WorkStart, rep.WorkEnd = start.UnixNano(), start.UnixNano()
	}
	return rep
}

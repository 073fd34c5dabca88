package lab

import (
	"context"
	"sync"
)

// scheduler runs jobs in submission order on at most size workers,
// numbered from 0. A worker is a goroutine that lives only while there is
// work, so an idle pool holds no goroutines: a pool that a cell forgets to
// close leaks nothing.
type scheduler struct {
	ctx      context.Context
	size     int
	stop     func() bool   // undoes the context.AfterFunc of newScheduler
	aborted  chan struct{} // closed when that AfterFunc has run
	stopOnce sync.Once

	mu      sync.Mutex
	idle    sync.Cond // broadcast when the last worker returns
	queue   []job
	running int
	free    []int // worker numbers not in use
	closed  bool
}

// job is a task waiting in the queue: run runs it on a worker and
// completes f; a job that never runs fails f instead.
type job struct {
	f   *Future
	run func(worker int)
}

func newScheduler(ctx context.Context, size int) *scheduler {
	s := &scheduler{ctx: ctx, size: size, aborted: make(chan struct{})}
	s.idle.L = &s.mu
	for w := range size {
		s.free = append(s.free, w)
	}
	// Queued tasks fail as soon as the context ends, not when a worker
	// gets to them: a worker may be stuck in a task that ignores it.
	s.stop = context.AfterFunc(ctx, func() {
		defer close(s.aborted)
		s.abort()
	})
	return s
}

// submit queues j, or fails it when the pool no longer takes work.
func (s *scheduler) submit(j job) {
	s.mu.Lock()
	switch {
	case s.closed:
		s.mu.Unlock()
		j.f.fail(ErrClosed)
		return
	case s.ctx.Err() != nil:
		s.mu.Unlock()
		j.f.fail(context.Cause(s.ctx))
		return
	}
	s.queue = append(s.queue, j)
	if s.running < s.size {
		s.running++
		go s.work(s.takeNumber())
	}
	s.mu.Unlock()
}

// takeNumber hands out the lowest free worker number, so that a timeline
// shows workers 0 to n-1 however they come and go. s.mu is held.
func (s *scheduler) takeNumber() int {
	low := 0
	for i, w := range s.free {
		if w < s.free[low] {
			low = i
		}
	}
	w := s.free[low]
	s.free = append(s.free[:low], s.free[low+1:]...)
	return w
}

func (s *scheduler) work(w int) {
	clean := false
	defer func() {
		if !clean {
			// The task ended the goroutine with runtime.Goexit; the job
			// completed its future, the scheduler must not lose a worker.
			s.mu.Lock()
			s.running--
			s.free = append(s.free, w)
			if len(s.queue) > 0 {
				s.running++
				go s.work(s.takeNumber())
			} else if s.running == 0 {
				s.idle.Broadcast()
			}
			s.mu.Unlock()
		}
	}()
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.queue = nil // let the grown array go
			s.running--
			s.free = append(s.free, w)
			if s.running == 0 {
				s.idle.Broadcast()
			}
			s.mu.Unlock()
			clean = true
			return
		}
		j := s.queue[0]
		s.queue[0] = job{}
		s.queue = s.queue[1:]
		s.mu.Unlock()
		if s.ctx.Err() != nil {
			j.f.fail(context.Cause(s.ctx))
			continue
		}
		j.run(w)
	}
}

// abort fails every queued job with the cause of the context's end.
func (s *scheduler) abort() {
	s.mu.Lock()
	queued := s.queue
	s.queue = nil
	s.mu.Unlock()
	cause := context.Cause(s.ctx)
	for _, j := range queued {
		j.f.fail(cause)
	}
}

// wait returns when no job is queued or running.
func (s *scheduler) wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.running > 0 {
		s.idle.Wait()
	}
}

// close stops taking jobs and waits for those queued and running.
func (s *scheduler) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.wait()
	s.stopOnce.Do(func() {
		if !s.stop() {
			<-s.aborted // no goroutine of the pool outlives close
		}
	})
}

package workerproto

import "sync"

// Pending pairs messages with the goroutines that wait for them, by ID: the
// replies to the supervisor's requests, the answers to the worker's reads of
// standard input.
type Pending struct {
	mu    sync.Mutex
	last  int64
	waits map[int64]chan Message
}

// Add returns a fresh ID and the channel its Message will come on.
func (p *Pending) Add() (int64, chan Message) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.waits == nil {
		p.waits = map[int64]chan Message{}
	}
	p.last++
	ch := make(chan Message, 1)
	p.waits[p.last] = ch
	return p.last, ch
}

// Deliver hands m to the goroutine waiting for its ID, if one is.
func (p *Pending) Deliver(m Message) {
	p.mu.Lock()
	ch := p.waits[m.ID]
	delete(p.waits, m.ID)
	p.mu.Unlock()
	if ch != nil {
		ch <- m
	}
}

// Forget stops waiting for id.
func (p *Pending) Forget(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.waits, id)
}

// Waiting tells whether any goroutine waits.
func (p *Pending) Waiting() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.waits) > 0
}

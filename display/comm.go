package display

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
)

// CommMessage is one message of a comm, the channel between code in the
// kernel and code in the front end that Jupyter widgets speak over:
// comm_open, comm_msg or comm_close, in either direction.
type CommMessage struct {
	Type     string // "comm_open", "comm_msg" or "comm_close"
	ID       string
	Target   string // for comm_open: the target it asks for
	Data     map[string]any
	Metadata map[string]any
	Buffers  [][]byte
	// MsgID is, for a message from a front end, the id of the Jupyter
	// message that carried it: what its handler prints has that message as
	// its parent.
	MsgID string
}

// CommSink is a Sink that can carry comms: the kernel's is one. Without
// it (a plain Go program, `gopherlab run`) there is nobody at the other
// end, and OpenComm says so.
type CommSink interface {
	Sink
	Comm(m CommMessage)
}

// ErrNoComms is what OpenComm returns where no front end can take a comm.
var ErrNoComms = errors.New("display: no front end to open a comm with (not running in a Jupyter kernel)")

// A Comm is an open comm. Its handlers run one at a time, in the order the
// front end sent the messages.
type Comm struct {
	id, target string

	mu      sync.Mutex
	onMsg   func(CommMessage)
	onClose func(CommMessage)
	closed  bool
}

// comms are the open comms by id, for Deliver.
var comms = struct {
	sync.Mutex
	byID    map[string]*Comm
	targets map[string]func(*Comm, CommMessage)
}{byID: map[string]*Comm{}, targets: map[string]func(*Comm, CommMessage){}}

// OpenComm opens a comm to target in the front ends, with data and
// metadata for its comm_open.
func OpenComm(target string, data, metadata map[string]any, buffers [][]byte) (*Comm, error) {
	s, ok := sink().(CommSink)
	if !ok {
		return nil, ErrNoComms
	}
	c := &Comm{id: newCommID(), target: target}
	comms.Lock()
	comms.byID[c.id] = c
	comms.Unlock()
	s.Comm(CommMessage{Type: "comm_open", ID: c.id, Target: target, Data: data, Metadata: metadata, Buffers: buffers})
	return c, nil
}

// CommsAvailable tells whether OpenComm can reach a front end.
func CommsAvailable() bool {
	_, ok := sink().(CommSink)
	return ok
}

func newCommID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("display: comm id: %v", err))
	}
	return hex.EncodeToString(b)
}

// ID is the comm's id, as the front end knows it.
func (c *Comm) ID() string { return c.id }

// Target is the name of the target the comm was opened for.
func (c *Comm) Target() string { return c.target }

// Send sends a comm_msg to the front ends; a closed comm sends nothing.
func (c *Comm) Send(data, metadata map[string]any, buffers [][]byte) {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return
	}
	if s, ok := sink().(CommSink); ok {
		s.Comm(CommMessage{Type: "comm_msg", ID: c.id, Data: data, Metadata: metadata, Buffers: buffers})
	}
}

// Close closes the comm at both ends.
func (c *Comm) Close(data map[string]any) {
	if !c.markClosed() {
		return
	}
	if s, ok := sink().(CommSink); ok {
		s.Comm(CommMessage{Type: "comm_close", ID: c.id, Data: data})
	}
}

func (c *Comm) markClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	c.closed = true
	comms.Lock()
	delete(comms.byID, c.id)
	comms.Unlock()
	return true
}

// OnMsg sets the function that receives the front end's messages.
func (c *Comm) OnMsg(f func(CommMessage)) {
	c.mu.Lock()
	c.onMsg = f
	c.mu.Unlock()
}

// OnClose sets the function called when the front end closes the comm.
func (c *Comm) OnClose(f func(CommMessage)) {
	c.mu.Lock()
	c.onClose = f
	c.mu.Unlock()
}

// RegisterCommTarget makes open run for each comm a front end opens to
// target, with the comm and its comm_open; RegisterCommTarget(name, nil)
// removes the target.
func RegisterCommTarget(target string, open func(*Comm, CommMessage)) {
	comms.Lock()
	defer comms.Unlock()
	if open == nil {
		delete(comms.targets, target)
		return
	}
	comms.targets[target] = open
}

// Deliver hands a comm message from a front end to its comm: the handler
// of its target for comm_open, its OnMsg or OnClose function otherwise.
// The kernel's side calls it; it returns an error for a message it has
// nobody to give to, after answering a comm_open to an unknown target with
// a comm_close, as the protocol asks.
func Deliver(m CommMessage) error {
	comms.Lock()
	c := comms.byID[m.ID]
	open := comms.targets[m.Target]
	comms.Unlock()
	switch m.Type {
	case "comm_open":
		if open == nil {
			if s, ok := sink().(CommSink); ok {
				s.Comm(CommMessage{Type: "comm_close", ID: m.ID})
			}
			return fmt.Errorf("display: no comm target %q", m.Target)
		}
		c := &Comm{id: m.ID, target: m.Target}
		comms.Lock()
		comms.byID[c.id] = c
		comms.Unlock()
		open(c, m)
		return nil
	case "comm_msg", "comm_close":
		if c == nil {
			return fmt.Errorf("display: %s for comm %s, which is not open", m.Type, m.ID)
		}
		c.mu.Lock()
		f := c.onMsg
		if m.Type == "comm_close" {
			f = c.onClose
		}
		c.mu.Unlock()
		if m.Type == "comm_close" {
			c.markClosed()
		}
		if f != nil {
			f(m)
		}
		return nil
	}
	return fmt.Errorf("display: %q is no comm message", m.Type)
}

// CloseComms closes every open comm, telling the front ends, for an
// interpreter that starts over (%reset): what its cells opened is gone.
func CloseComms() {
	comms.Lock()
	open := make([]*Comm, 0, len(comms.byID))
	for _, c := range comms.byID {
		open = append(open, c)
	}
	comms.Unlock()
	for _, c := range open {
		c.Close(nil)
	}
}

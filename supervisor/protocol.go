package supervisor

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"gopherlab/internal/cellio"
)

// message is one line of JSON on the pipes between the supervisor and the
// worker. One flat type for every kind keeps both ends short; Type says
// which fields mean something.
type message struct {
	Type string `json:"type"`
	// ID pairs a request with its reply, and an input request with its
	// answer.
	ID int64 `json:"id,omitempty"`
	// Synced marks a message that the worker sent after writing a marker to
	// both output pipes: the supervisor handles it only once the output
	// written before it has been emitted.
	Synced bool `json:"synced,omitempty"`

	// execute, complete, inspect, is_complete
	Code            string            `json:"code,omitempty"`
	Count           int               `json:"count,omitempty"`
	UserExpressions map[string]string `json:"user_expressions,omitempty"`
	Cursor          int               `json:"cursor,omitempty"`
	Detail          int               `json:"detail,omitempty"`

	// replies
	Data        map[string]any `json:"data,omitempty"`
	Metadata    map[string]any `json:"metadata,omitempty"`
	Error       *cellio.Error  `json:"error,omitempty"`
	Expressions map[string]any `json:"expressions,omitempty"`
	Matches     []string       `json:"matches,omitempty"`
	Kinds       []string       `json:"kinds,omitempty"`
	Start       int            `json:"start,omitempty"`
	End         int            `json:"end,omitempty"`
	Found       bool           `json:"found,omitempty"`
	Status      string         `json:"status,omitempty"`
	Indent      string         `json:"indent,omitempty"`

	// display and clear_output
	DisplayID string `json:"display_id,omitempty"`
	Update    bool   `json:"update,omitempty"`
	Wait      bool   `json:"wait,omitempty"`

	// comm, both ways: a comm message (Data and Metadata above are its own)
	Comm    string   `json:"comm,omitempty"` // comm_open, comm_msg or comm_close
	CommID  string   `json:"comm_id,omitempty"`
	Target  string   `json:"target,omitempty"`
	Buffers [][]byte `json:"buffers,omitempty"`
	MsgID   string   `json:"msg_id,omitempty"` // of the front end's message

	// input_request and input_reply
	Prompt   string `json:"prompt,omitempty"`
	Password bool   `json:"password,omitempty"`
	Value    string `json:"value,omitempty"`
}

// The kinds of message.
const (
	// supervisor → worker
	typeExecute    = "execute"
	typeComplete   = "complete"
	typeInspect    = "inspect"
	typeIsComplete = "is_complete"
	typeInterrupt  = "interrupt" // stop the running cell
	typeInputReply = "input_reply"
	typeComm       = "comm"  // from a front end; also worker → supervisor
	typeDebug      = "debug" // a DAP request (Data), answered by the DAP response

	// worker → supervisor
	typeReady        = "ready" // the interpreter is up
	typeReply        = "reply" // to a request of the same ID
	typeDisplay      = "display"
	typeClear        = "clear_output"
	typeInputRequest = "input_request"
	typeDebugEvent   = "debug_event" // a DAP event (Data)
)

// commMessage and fromComm convert between a comm message and the line
// that carries it.
func commMessage(m message) cellio.Comm {
	return cellio.Comm{Type: m.Comm, ID: m.CommID, Target: m.Target, Data: m.Data, Metadata: m.Metadata, Buffers: m.Buffers, MsgID: m.MsgID}
}

func fromComm(c cellio.Comm) message {
	return message{Type: typeComm, Comm: c.Type, CommID: c.ID, Target: c.Target, Data: c.Data, Metadata: c.Metadata, Buffers: c.Buffers, MsgID: c.MsgID}
}

// encoder writes messages, one line each, from any goroutine.
type encoder struct {
	mu sync.Mutex
	w  io.Writer
}

func (e *encoder) send(m message) error {
	line, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode %s message: %w", m.Type, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.w.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("send %s message: %w", m.Type, err)
	}
	return nil
}

// decoder reads the messages an encoder wrote.
type decoder struct {
	r *bufio.Reader
}

func newDecoder(r io.Reader) *decoder {
	return &decoder{r: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next message; io.EOF when the pipe has ended.
func (d *decoder) next() (message, error) {
	line, err := d.r.ReadBytes('\n')
	if err != nil {
		if err == io.EOF && len(line) > 0 {
			return message{}, io.ErrUnexpectedEOF
		}
		return message{}, err
	}
	return decodeMessage(line)
}

// decodeMessage decodes one line. Numbers stay json.Number, so that a
// display's application/json keeps integers beyond 2⁵³ exact on their way to
// the front end.
func decodeMessage(line []byte) (message, error) {
	var m message
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return message{}, fmt.Errorf("decode message: %w", err)
	}
	if m.Type == "" {
		return message{}, fmt.Errorf("decode message: no type")
	}
	return m, nil
}

// pending pairs messages with the goroutines that wait for them, by ID: the
// replies to the supervisor's requests, the answers to the worker's reads of
// standard input.
type pending struct {
	mu    sync.Mutex
	last  int64
	waits map[int64]chan message
}

// add returns a fresh ID and the channel its message will come on.
func (p *pending) add() (int64, chan message) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.waits == nil {
		p.waits = map[int64]chan message{}
	}
	p.last++
	ch := make(chan message, 1)
	p.waits[p.last] = ch
	return p.last, ch
}

// deliver hands m to the goroutine waiting for its ID, if one is.
func (p *pending) deliver(m message) {
	p.mu.Lock()
	ch := p.waits[m.ID]
	delete(p.waits, m.ID)
	p.mu.Unlock()
	if ch != nil {
		ch <- m
	}
}

// forget stops waiting for id.
func (p *pending) forget(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.waits, id)
}

// waiting tells whether any goroutine waits.
func (p *pending) waiting() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.waits) > 0
}

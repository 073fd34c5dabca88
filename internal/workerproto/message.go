package workerproto

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"gopherlab/internal/cellio"
)

// Message is one line of JSON on the pipes between the supervisor and the
// worker. One type for every kind keeps both ends short; Type says which
// fields mean something. The requests, replies and comms of cellio travel
// as they are.
type Message struct {
	Type string `json:"type"`
	// ID pairs a request with its reply, and an input request with its
	// answer.
	ID int64 `json:"id,omitempty"`
	// Synced marks a Message that the worker sent after writing a marker to
	// both output pipes: the supervisor handles it only once the output
	// written before it has been emitted.
	Synced bool `json:"synced,omitempty"`

	// execute
	Request *cellio.ExecuteRequest `json:"request,omitempty"`
	// complete, inspect, is_complete
	Code   string `json:"code,omitempty"`
	Cursor int    `json:"cursor,omitempty"`
	Detail int    `json:"detail,omitempty"`

	// replies: to execute (Reply), comm (Error), complete (Completion),
	// inspect (Data, Found), is_complete (Status, Indent), debug (Data)
	Reply      *cellio.ExecuteReply `json:"reply,omitempty"`
	Error      *cellio.Error        `json:"error,omitempty"`
	Completion *cellio.Completion   `json:"completion,omitempty"`
	Found      bool                 `json:"found,omitempty"`
	Status     string               `json:"status,omitempty"`
	Indent     string               `json:"indent,omitempty"`

	// display (Data, Metadata, DisplayID, Update) and clear_output (Wait);
	// debug requests and events carry theirs in Data
	Data      map[string]any `json:"data,omitempty"`
	Metadata  map[string]any `json:"metadata,omitempty"`
	DisplayID string         `json:"display_id,omitempty"`
	Update    bool           `json:"update,omitempty"`
	Wait      bool           `json:"wait,omitempty"`

	// comm, both ways
	Comm *cellio.Comm `json:"comm,omitempty"`

	// input_request and input_reply
	Prompt   string `json:"prompt,omitempty"`
	Password bool   `json:"password,omitempty"`
	Value    string `json:"value,omitempty"`
}

// The kinds of Message.
const (
	// supervisor → worker
	TypeExecute    = "execute"
	TypeComplete   = "complete"
	TypeInspect    = "inspect"
	TypeIsComplete = "is_complete"
	TypeInterrupt  = "interrupt" // stop the running cell
	TypeInputReply = "input_reply"
	TypeComm       = "comm"  // from a front end; also worker → supervisor
	TypeDebug      = "debug" // a DAP request (Data), answered by the DAP response

	// worker → supervisor
	TypeReady        = "ready" // the interpreter is up
	TypeReply        = "reply" // to a request of the same ID
	TypeDisplay      = "display"
	TypeClear        = "clear_output"
	TypeInputRequest = "input_request"
	TypeDebugEvent   = "debug_event" // a DAP event (Data)
)

// NewEncoder returns an Encoder that writes to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// Encoder writes messages, one line each, from any goroutine.
type Encoder struct {
	mu sync.Mutex
	w  io.Writer
}

func (e *Encoder) Send(m Message) error {
	line, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode %s Message: %w", m.Type, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.w.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("send %s Message: %w", m.Type, err)
	}
	return nil
}

// Decoder reads the messages an Encoder wrote.
type Decoder struct {
	r *bufio.Reader
}

func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next Message; io.EOF when the pipe has ended.
func (d *Decoder) Next() (Message, error) {
	line, err := d.r.ReadBytes('\n')
	if err != nil {
		if err == io.EOF && len(line) > 0 {
			return Message{}, io.ErrUnexpectedEOF
		}
		return Message{}, err
	}
	return decodeMessage(line)
}

// decodeMessage decodes one line. Numbers stay json.Number, so that a
// display's application/json keeps integers beyond 2⁵³ exact on their way to
// the front end.
func decodeMessage(line []byte) (Message, error) {
	var m Message
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return Message{}, fmt.Errorf("decode Message: %w", err)
	}
	if m.Type == "" {
		return Message{}, fmt.Errorf("decode Message: no type")
	}
	return m, nil
}
